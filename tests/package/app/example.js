// example.js: the tutorial's 6x6 example through the public API, shared by the scratch
// project's Node script, its Vite page and the CDN-style page. `api` is the 'poolgrad' module
// (however it was imported). checkExample compares with PyTorch's numbers (cases_seed.json).

// The tutorial's input, one channel of 6x6 (cases_seed.json).
export const TUTORIAL_INPUT = [
  1, 3, 4, 2, 5, 2,
  4, 2, 5, 6, 8, 3,
  5, 3, 7, 8, 9, 3,
  8, 4, 3, 6, 0, 2,
  7, 10, 3, 6, 3, 5,
  4, 7, 2, 4, 7, 8,
];

// [fixture id, pooling, stride] of the four seed cases, all with kernel 2 and loss = mean.
const SEED_CASES = [
  ['seed-0-0000', 'max', 2],
  ['seed-0-0001', 'max', 1],
  ['seed-0-0002', 'avg', 2],
  ['seed-0-0003', 'avg', 1],
];

/** Runs the example; returns plain arrays (JSON-safe, so a browser page can hand them over). */
export async function computeExample(api) {
  await api.init();
  const x = { data: Float32Array.from(TUTORIAL_INPUT), shape: [1, 6, 6] };
  const results = {};
  for (const [id, kind, stride] of SEED_CASES) {
    const options = { kernelSize: 2, stride };
    const forward = kind === 'max' ? api.maxPool2d(x, options) : { output: api.avgPool2d(x, options) };
    const { output } = forward;
    const gradOutput = { data: new Float32Array(output.data.length).fill(1 / output.data.length), shape: output.shape };
    const gradInput = kind === 'max'
      ? api.maxPool2dBackward(gradOutput, forward.indices, x.shape, options)
      : api.avgPool2dBackward(gradOutput, x.shape, options);
    results[id] = {
      outputShape: output.shape,
      output: Array.from(output.data),
      indices: forward.indices ? Array.from(forward.indices.data) : null,
      gradInput: Array.from(gradInput.data),
    };
  }
  const routing = api.routingCounts(x, { op: 'maxPool2d', kernelSize: 2, stride: 1 });
  results.routing = { counts: Array.from(routing.counts.data), windowsPerPlane: routing.windowsPerPlane };
  return results;
}

/** Problems found comparing computeExample's results with the seed fixture cases (empty = ok). */
export function checkExample(results, seedCases) {
  const problems = [];
  const close = (a, e) => Math.abs(a - e) <= 1e-6 + 1e-5 * Math.abs(e);
  const compare = (id, name, actual, expected, equal) => {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      problems.push(`${id}: ${name} has ${actual?.length} elements, expected ${expected.length}`);
      return;
    }
    const i = expected.findIndex((e, k) => !equal(actual[k], Math.fround(e)));
    if (i >= 0) problems.push(`${id}: ${name}[${i}] = ${actual[i]}, expected ${expected[i]}`);
  };
  for (const [id, kind] of SEED_CASES) {
    const c = seedCases.find((s) => s.id === id);
    const r = results?.[id];
    if (!r) { problems.push(`${id}: no result`); continue; }
    if (JSON.stringify(r.outputShape) !== JSON.stringify(c.output_shape)) problems.push(`${id}: output shape ${r.outputShape}`);
    compare(id, 'output', r.output, c.output, kind === 'max' ? Object.is : close);
    if (kind === 'max') compare(id, 'indices', r.indices, c.indices, Object.is);
    compare(id, 'grad_input', r.gradInput, c.grad_input, close);
  }
  // The position matrix: for loss = mean, grad_input = counts / N_B (one plane).
  const tutorial = seedCases.find((s) => s.id === 'seed-0-0001');
  compare('routing', 'counts', results?.routing?.counts, tutorial.grad_input.map((g) => Math.round(g * 25)), Object.is);
  if (results?.routing?.windowsPerPlane !== 25) problems.push(`routing: windowsPerPlane = ${results?.routing?.windowsPerPlane}, expected 25`);
  return problems;
}

/**
 * Runs the example in a page and reports it for the test: the results (or the error) on window,
 * the routing counts in #out, and body[data-status] = 'done' | 'error'.
 */
export function reportExample(api) {
  return computeExample(api).then(
    (results) => {
      window.__poolgradResults = results;
      document.getElementById('out').textContent = JSON.stringify(results.routing);
      document.body.dataset.status = 'done';
    },
    (error) => {
      window.__poolgradError = String(error?.stack ?? error);
      document.body.dataset.status = 'error';
    },
  );
}
