// The first live slice: the tutorial's 6x6 example rendered directly from the core until the
// <pool-grad> element exists. Temporary; replaced by the element.
import createCore from '../lib/wasm/poolgrad-core.mjs';

const input = new Float32Array([1,3,4,2,5,2, 4,2,5,6,8,3, 5,3,7,8,9,3, 8,4,3,6,0,2, 7,10,3,6,3,5, 4,7,2,4,7,8]);
const core = await createCore();
const app = document.getElementById('app');
const state = { op: 'max', stride: 2 };

function grid(name, data, rows, cols) {
  const t = document.createElement('table');
  t.className = 'grid';
  t.dataset.matrix = name;
  t.setAttribute('role', 'grid');
  for (let r = 0; r < rows; r++) {
    const tr = t.insertRow();
    for (let c = 0; c < cols; c++) {
      const td = tr.insertCell();
      td.dataset.row = r; td.dataset.col = c;
      td.textContent = String(Number(data[r * cols + c].toPrecision(6)));
    }
  }
  return t;
}

function render() {
  const req = { kind: state.op, dims: 2, kernelSize: [2, 2], stride: [state.stride, state.stride],
    padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true, input, inputShape: [1, 6, 6] };
  const fwd = core.forward(req);
  const n = fwd.output.length;
  const gradOutput = new Float32Array(n).fill(1 / n);
  const bwd = core.backward({ ...req, gradOutput, indices: fwd.indices });
  const [, oh, ow] = fwd.outputShape;
  const controls = document.createElement('p');
  for (const [key, values] of [['op', ['max', 'avg']], ['stride', [2, 1]]]) {
    const label = document.createElement('label');
    label.textContent = key + ' ';
    const sel = document.createElement('select');
    sel.name = key;
    for (const v of values) sel.add(new Option(String(v), String(v), false, state[key] === v));
    sel.onchange = () => { state[key] = key === 'stride' ? Number(sel.value) : sel.value; render(); };
    label.append(sel);
    controls.append(label, ' ');
  }
  app.replaceChildren(controls, grid('output', fwd.output, oh, ow), document.createElement('hr'),
    grid('grad-input', bwd.gradInput, 6, 6));
  app.dataset.ready = 'true';
}
render();
