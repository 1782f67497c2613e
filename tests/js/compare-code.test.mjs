// The comparison view's programs (web/widget/compare-code.js): for each classic setup of the view,
// the PyTorch, ONNX and TensorFlow code names the right call, attributes and values, carries the
// state's input, its forward, loss and backward, comments in the chosen language, and is valid
// Python (python3's ast.parse, when python3 is there). The programs themselves are not run here:
// torch, onnx, onnxruntime and tensorflow are not installed on this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { defaultState, PRESETS } from '../../web/widget/state.js';
import { compareCode, onnxAttributesOf, tensorflowPaddingOf, pyTensor } from '../../web/widget/compare-code.js';

const TUTORIAL = PRESETS.tutorial.input; // the tutorial's 6x6

const state = (s) => ({
  ...defaultState(), preset: '', compare: ['pytorch', 'onnx', 'tensorflow'],
  onnxAutoPad: 'NOTSET', onnxPads: null, onnxCountIncludePad: false, tfPadding: 'VALID', ...s,
});

// the view's classic setups (the shared design's presets)
const SETUPS = {
  divisor: state({ op: 'avg', kernelSize: [3], stride: [1], padding: [1], size: [5, 5], input: new Array(25).fill(1), tfPadding: 'SAME' }),
  same: state({ op: 'max', kernelSize: [3], stride: [2], padding: [1], size: [6, 6], input: TUTORIAL, onnxAutoPad: 'SAME_LOWER', tfPadding: 'SAME' }),
  ceil: state({ op: 'avg', kernelSize: [3], stride: [2], padding: [1], ceilMode: true, countIncludePad: true, size: [6, 6], input: TUTORIAL, onnxCountIncludePad: true, tfPadding: 'SAME' }),
  nan: state({ op: 'max', kernelSize: [2], stride: [2], padding: [0], size: [4, 4], input: [1, NaN, 2, 3, 4, 0, 6, 5, 7, 1, 2, 8, 3, 9, 4, 1] }),
  asymmetric: state({ op: 'avg', kernelSize: [3], stride: [2], padding: [1], size: [6, 6], input: TUTORIAL, onnxPads: [0, 0, 1, 1], tfPadding: 'SAME' }),
  argmax: state({
    op: 'max', kernelSize: [2], stride: [2], padding: [0], size: [4, 4], channels: 2,
    input: [1, 3, 4, 2, 4, 2, 5, 6, 5, 3, 7, 8, 8, 4, 3, 6, 6, 3, 4, 8, 2, 6, 5, 9, 7, 8, 1, 3, 2, 4, 2, 5],
  }),
  explicit1d: state({ op: 'max', dims: 1, size: [7], kernelSize: [3], stride: [2], padding: [1], ceilMode: true, batch: 2, tfPadding: 'EXPLICIT', input: null, seed: 3 }),
};

let python = null;
try { execFileSync('python3', ['-c', 'pass']); python = 'python3'; } catch { /* no python3: syntax unchecked */ }
function assertPython(code, label) {
  if (!python) return;
  try {
    execFileSync(python, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    assert.fail(`${label}: not valid Python:\n${e.stderr}\n${code}`);
  }
}

test('every setup, framework and language gives valid Python with forward, loss and backward', () => {
  for (const [name, s] of Object.entries(SETUPS)) {
    for (const fw of ['pytorch', 'onnx', 'tensorflow']) {
      for (const lang of ['en', 'zh']) {
        const code = compareCode(fw, s, lang);
        assertPython(code, `${name} ${fw} ${lang}`);
        assert.match(code, /^# poolgrad/, `${name} ${fw} ${lang}: title comment`);
        if (lang === 'zh') {
          for (const c of code.match(/#.*$/gm)) assert.match(c, /[\u4e00-\u9fff]/, `${name} ${fw}: a zh program's comment in Chinese: ${c}`);
        }
        else assert.doesNotMatch(code, /[\u4e00-\u9fff]/, `${name} ${fw}: en comments only`);
        assert.doesNotMatch(code, /undefined|\[object/, `${name} ${fw} ${lang}`);
        assert.doesNotMatch(code.replace(/\s*#.*$/gm, ''), /\bNaN\b/, `${name} ${fw} ${lang}: NaN written as Python`);
      }
    }
  }
  assert.ok(python, 'python3 is on this machine (the syntax check ran)');
});

test('PyTorch: torch.nn.functional with the state\'s numbers, requires_grad, .backward()', () => {
  const c = compareCode('pytorch', SETUPS.divisor, 'en');
  assert.match(c, /F\.avg_pool2d\(x, kernel_size=\(3, 3\), stride=\(1, 1\), padding=\(1, 1\),\s+ceil_mode=False, count_include_pad=True/);
  assert.match(c, /requires_grad=True/);
  assert.match(c, /loss = y\.mean\(\)/);
  assert.match(c, /loss\.backward\(\)/);
  assert.match(c, /print\(x\.grad\)/);
  // 5x5 ones, shape (1, 1, 5, 5)
  assert.match(c, /x = torch\.tensor\(\[\[\[\[1\., 1\., 1\., 1\., 1\.\],/);
  const m = compareCode('pytorch', SETUPS.same, 'en');
  assert.match(m, /y, idx = F\.max_pool2d\(x, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\),\s+dilation=\(1, 1\), ceil_mode=False, return_indices=True\)/);
  assert.match(m, /\[\[\[\[1\., 3\., 4\., 2\., 5\., 2\.\],\n\s+\[4\., 2\., 5\., 6\., 8\., 3\.\],/);
  assert.match(compareCode('pytorch', SETUPS.ceil, 'en'), /ceil_mode=True, count_include_pad=True/);
  assert.match(compareCode('pytorch', SETUPS.nan, 'en'), /\[1\., float\('nan'\), 2\., 3\.\]/);
  assert.match(compareCode('pytorch', { ...SETUPS.divisor, grad: 'sum' }, 'en'), /loss = y\.sum\(\)/);
  assert.match(compareCode('pytorch', { ...SETUPS.divisor, divisorOverride: 4 }, 'en'), /count_include_pad=True, divisor_override=4\)/);
  // 1-D has no divisor_override in PyTorch: avg_pool2d on a height-1 plane, with the reason in a comment
  const d1 = compareCode('pytorch', { ...SETUPS.divisor, dims: 1, size: [5], input: null, divisorOverride: 2 }, 'zh');
  assert.match(d1, /F\.avg_pool2d\(x\.unsqueeze\(-2\), kernel_size=\(1, 3\), stride=\(1, 1\), padding=\(0, 1\),/);
  assert.match(d1, /# F\.avg_pool1d 没有 divisor_override/);
  assertPython(d1, '1-D divisor_override');
  // the argmax setup: the whole (1, 2, 4, 4) input, both channels
  const a = compareCode('pytorch', SETUPS.argmax, 'en');
  assert.match(a, /shape \(1, 2, 4, 4\)/);
  assert.match(a, /\[8\., 4\., 3\., 6\.\]\],\n\s+\[\[6\., 3\., 4\., 8\.\]/);
  const one = compareCode('pytorch', SETUPS.explicit1d, 'en');
  assert.match(one, /F\.max_pool1d\(x, kernel_size=3, stride=2, padding=1,\s+dilation=1, ceil_mode=True, return_indices=True\)/);
  assert.match(one, /shape \(2, 1, 7\)/);
});

test('ONNX: a one-node opset-22 model with the view\'s attributes, run with onnxruntime, backward in numpy', () => {
  const d = compareCode('onnx', SETUPS.divisor, 'en');
  assert.match(d, /helper\.make_node\('AveragePool', inputs=\['X'\], outputs=\['Y'\],\s+kernel_shape=\[3, 3\], strides=\[1, 1\], pads=\[1, 1, 1, 1\], ceil_mode=0, count_include_pad=0\)/);
  assert.match(d, /count_include_pad=0 is ONNX's default/);
  assert.match(d, /helper\.make_opsetid\('', 22\)/);
  assert.match(d, /ort\.InferenceSession\(model\.SerializeToString\(\)/);
  assert.match(d, /dy = np\.full\(y\.shape, 1\.0 \/ y\.size/);
  // the average's backward: the transpose of J, the runtime's own pooling of one-hot planes
  assert.match(d, /one_hot = np\.eye\(plane/);
  assert.match(d, /dx = \(dy\.reshape\(\*y\.shape\[:2\], -1\) @ J\)\.reshape\(x\.shape\)/);
  const s = compareCode('onnx', SETUPS.same, 'en');
  assert.match(s, /helper\.make_node\('MaxPool', inputs=\['X'\], outputs=\['Y', 'Indices'\],\s+kernel_shape=\[3, 3\], strides=\[2, 2\], auto_pad='SAME_LOWER', dilations=\[1, 1\], ceil_mode=0\)/);
  assert.doesNotMatch(s, /pads=/);
  assert.match(s, /np\.add\.at\(dx, indices\.ravel\(\), dy\.ravel\(\)\)/);
  assert.match(s, /whole N·C·H·W tensor/);
  assert.match(compareCode('onnx', SETUPS.nan, 'en'), /# NaN: .*onnxruntime skips a NaN too,\n# except as the first element of a window/);
  assert.doesNotMatch(s, /# NaN:/);
  assert.match(compareCode('onnx', SETUPS.ceil, 'en'), /pads=\[1, 1, 1, 1\], ceil_mode=1, count_include_pad=1\)/);
  assert.match(compareCode('onnx', SETUPS.asymmetric, 'en'), /pads=\[0, 0, 1, 1\], ceil_mode=0, count_include_pad=0\)/);
  assert.match(compareCode('onnx', { ...SETUPS.asymmetric, grad: 'sum' }, 'en'), /dy = np\.full\(y\.shape, 1\.0, dtype=np\.float32\)/);
  assert.match(compareCode('onnx', SETUPS.explicit1d, 'zh'), /kernel_shape=\[3\], strides=\[2\], pads=\[1, 1\], dilations=\[1\], ceil_mode=1\)/);
  // the attributes the program writes are the view's (onnxAttributesOf)
  assert.deepEqual(onnxAttributesOf(SETUPS.asymmetric), { auto_pad: 'NOTSET', kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 1, 1], ceil_mode: 0, count_include_pad: 0 });
  assert.deepEqual(onnxAttributesOf(SETUPS.same), { auto_pad: 'SAME_LOWER', kernel_shape: [3, 3], strides: [2, 2], dilations: [1, 1], ceil_mode: 0 });
});

test('TensorFlow: tf.nn pooling under GradientTape, NCHW <-> NHWC, SAME / VALID / explicit padding', () => {
  const d = compareCode('tensorflow', SETUPS.divisor, 'en');
  assert.match(d, /x = tf\.Variable\(np\.transpose\(x_nchw, \(0, 2, 3, 1\)\)\)/);
  assert.match(d, /with tf\.GradientTape\(\) as tape:/);
  assert.match(d, /y = tf\.nn\.avg_pool2d\(x4, ksize=\[3, 3\], strides=\[1, 1\], padding='SAME'\)/);
  assert.match(d, /loss = tf\.reduce_mean\(y\)/);
  assert.match(d, /dx = tape\.gradient\(loss, x\)/);
  assert.match(d, /print\(np\.transpose\(dx\.numpy\(\), \(0, 3, 1, 2\)\)\)/);
  const m = compareCode('tensorflow', SETUPS.argmax, 'en');
  assert.match(m, /y = tf\.nn\.max_pool2d\(x4, ksize=\[2, 2\], strides=\[2, 2\], padding='VALID'\)/);
  assert.match(m, /tf\.nn\.max_pool_with_argmax\(x, ksize=\[2, 2\], strides=\[2, 2\], padding='VALID', include_batch_in_index=True\)/);
  assert.match(m, /\(\(n·H \+ i\)·W \+ j\)·C \+ c/);
  const c = compareCode('tensorflow', SETUPS.ceil, 'en');
  assert.match(c, /TensorFlow has no ceil_mode/);
  const e = compareCode('tensorflow', SETUPS.explicit1d, 'en');
  assert.match(e, /x4 = x\[:, None\]/);
  assert.match(e, /tf\.nn\.max_pool2d\(x4, ksize=\[1, 3\], strides=\[1, 2\], padding=\[\[0, 0\], \[0, 0\], \[1, 1\], \[0, 0\]\]\)/);
  assert.match(e, /np\.transpose\(x_nchw, \(0, 2, 1\)\)/);
  assert.doesNotMatch(e, /max_pool_with_argmax/); // explicit padding: TensorFlow's argmax op takes SAME or VALID only
  assert.match(compareCode('tensorflow', { ...SETUPS.asymmetric, tfPadding: 'EXPLICIT' }, 'en'), /average pooling takes no explicit padding/);
  assert.match(compareCode('tensorflow', { ...SETUPS.divisor, grad: 'sum' }, 'zh'), /loss = tf\.reduce_sum\(y\) {2}# 损失 = sum\(y\)/);
  assert.equal(tensorflowPaddingOf(SETUPS.divisor), 'SAME');
  assert.deepEqual(tensorflowPaddingOf({ ...SETUPS.divisor, tfPadding: 'EXPLICIT' }), [[1, 1], [1, 1]]);
});

test('comments follow the language; code does not', () => {
  for (const fw of ['pytorch', 'onnx', 'tensorflow']) {
    const en = compareCode(fw, SETUPS.same, 'en');
    const zh = compareCode(fw, SETUPS.same, 'zh');
    const code = (src) => src.split('\n').map((l) => l.replace(/\s*#.*$/, '')).filter(Boolean);
    assert.deepEqual(code(zh), code(en), `${fw}: the same code under both languages`);
    assert.notEqual(zh, en);
  }
  assert.match(compareCode('onnx', SETUPS.divisor, 'zh'), /# count_include_pad=0 是 ONNX 的默认值/);
});

test('a nested Python list of the whole tensor, and the argument checks', () => {
  assert.equal(pyTensor(Float32Array.from([1, 2, 3, 4]), [1, 2, 2], 0), '[[[1., 2.],\n  [3., 4.]]]');
  assert.throws(() => compareCode('caffe', SETUPS.same, 'en'), RangeError);
  assert.throws(() => compareCode('onnx', null, 'en'), TypeError);
  assert.throws(() => compareCode('onnx', { ...SETUPS.same, op: 'lp' }, 'en'), RangeError);
  assert.throws(() => compareCode('onnx', { ...SETUPS.same, dims: 3, size: [4, 4, 4] }, 'en'), RangeError);
  // an unknown language falls back to English
  assert.equal(compareCode('pytorch', SETUPS.same, 'fr'), compareCode('pytorch', SETUPS.same, 'en'));
});
