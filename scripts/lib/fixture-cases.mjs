// fixture-cases.mjs: reads PyTorch fixture files (../shared/fixtures/pytorch, format in its
// README), runs their cases through poolgrad's public JS API and compares. Shared by
// scripts/check-cases.mjs and the tests (tests/js/fixture_cases.mjs re-exports it), so the case
// checker and the test suite judge a case the same way.
//
//   valid case:   forward (output, indices) then backward (grad_input) must match the fixture:
//                 max-type outputs, indices and unpooled values exactly (NaN equals NaN);
//                 averages, LP and gradients within rel 1e-5 + abs 1e-6 (summation order may
//                 differ);
//   error case:   the call must throw a RangeError (the core rejected it), not a TypeError;
//   pytorch_crash: run like a valid case and reported apart (not scored);
//   other ops:    'unsupported'.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The fixture directory: $POOLGRAD_FIXTURES or <repo>/../shared/fixtures/pytorch. */
export function fixturesDir() {
  return process.env.POOLGRAD_FIXTURES || resolve(REPO, '../shared/fixtures/pytorch');
}

/** A fixture file by path, or by name inside fixturesDir(). */
export function fixturePath(file) {
  if (existsSync(file)) return resolve(file);
  const inDir = join(fixturesDir(), file);
  if (existsSync(inDir)) return inDir;
  throw new Error(`fixture file not found: ${file} (nor in ${fixturesDir()})`);
}

const SPECIAL = { nan: NaN, inf: Infinity, '-inf': -Infinity };

/** Reads a fixture file: a list of cases, with "nan"/"inf"/"-inf" strings turned into numbers. */
export function loadCases(file) {
  return JSON.parse(readFileSync(fixturePath(file), 'utf8'), (key, value) =>
    typeof value === 'string' && Object.hasOwn(SPECIAL, value) ? SPECIAL[value] : value);
}

// How each family of fixture ops is called, in the public API's argument order:
//   argmax  max, adaptive max, fractional max: forward -> { output, indices }, exact;
//           backward(gradOutput, indices, inputShape, options)
//   value   average and adaptive average: forward -> output, within tolerance;
//           backward(gradOutput, inputShape, options)
//   lp      LP pooling: as value, but backward(gradOutput, input, options)
//   unpool  max unpooling: forward(input, indices, options) -> output, exact (a scatter of the
//           input's own values); backward(gradOutput, indices, options)
const FAMILIES = {
  max_pool: 'argmax', adaptive_max_pool: 'argmax', fractional_max_pool: 'argmax',
  avg_pool: 'value', adaptive_avg_pool: 'value', lp_pool: 'lp', max_unpool: 'unpool',
};
const familyOf = (op) => FAMILIES[op.slice(0, -2)];

/** The fixture ops poolgrad implements, and their JS function names. */
export const SUPPORTED_OPS = Object.fromEntries(['1d', '2d', '3d'].flatMap((d) => Object.keys(FAMILIES)
  .filter((f) => !(f === 'fractional_max_pool' && d === '1d'))
  .map((f) => [`${f}${d}`, camel(`${f}${d}`)])));

function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

const ARG_NAMES = {
  kernel_size: 'kernelSize',
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  ceil_mode: 'ceilMode',
  count_include_pad: 'countIncludePad',
  divisor_override: 'divisorOverride',
  output_size: 'outputSize',
  output_ratio: 'outputRatio',
  norm_type: 'normType',
  return_indices: 'returnIndices',
};

/**
 * PyTorch keyword arguments -> the JS options object (None/null = leave the default). A case's
 * random_samples (fractional max pooling) become options.randomSamples when the case is given.
 */
export function optionsFromArgs(args, c = null) {
  const options = {};
  for (const [key, value] of Object.entries(args)) {
    if (!Object.hasOwn(ARG_NAMES, key)) throw new Error(`fixture argument ${key} has no JS option`);
    if (value !== null) options[ARG_NAMES[key]] = value;
  }
  if (c?.random_samples) options.randomSamples = Float32Array.from(c.random_samples);
  return options;
}

// "[n, c, h, w] (flat i)" for an element of a tensor of the given shape.
function elementName(shape, flat) {
  const index = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; --d) {
    index.unshift(shape[d] > 0 ? rest % shape[d] : 0);
    rest = shape[d] > 0 ? Math.floor(rest / shape[d]) : 0;
  }
  return `[${index.join(', ')}] (flat ${flat})`;
}

const exact = (actual, expected) => actual === expected || (Number.isNaN(actual) && Number.isNaN(expected));
function close(actual, expected) {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return exact(actual, expected);
  return Math.abs(actual - expected) <= 1e-6 + 1e-5 * Math.abs(expected);
}

// A message naming the first disagreeing element of `name`, or null when all agree.
function compare(id, name, actual, expectedValues, shape, equal) {
  if (actual.length !== expectedValues.length) {
    return `${id}: ${name} has ${actual.length} elements, expected ${expectedValues.length}`;
  }
  let first = -1;
  let count = 0;
  for (let i = 0; i < actual.length; ++i) {
    // Fixture floats are shortest float32 decimals: round them to float32 before comparing.
    if (!equal(actual[i], Math.fround(expectedValues[i]))) {
      if (first < 0) first = i;
      ++count;
    }
  }
  if (first < 0) return null;
  return `${id}: ${name}${elementName(shape, first)} = ${actual[first]}, expected ${expectedValues[first]}` +
    (count > 1 ? ` (and ${count - 1} more elements differ)` : '');
}

function sameShape(a, b) {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

// The case's forward call and the backward call for an upstream gradient (fn: the JS name).
function calls(api, c, fn, options) {
  const family = familyOf(c.op);
  const input = { data: Float32Array.from(c.input ?? []), shape: c.input_shape };
  const unpoolIndices = { data: Int32Array.from(c.unpool_indices ?? []), shape: c.input_shape };
  return {
    family,
    forward: () => (family === 'unpool' ? api[fn](input, unpoolIndices, options) : api[fn](input, options)),
    backward: (gradOutput, forward) => {
      const backward = api[`${fn}Backward`];
      if (family === 'argmax') return backward(gradOutput, forward.indices, c.input_shape, options);
      if (family === 'lp') return backward(gradOutput, input, options);
      if (family === 'unpool') return backward(gradOutput, unpoolIndices, options);
      return backward(gradOutput, c.input_shape, options);
    },
  };
}

// Runs a case with expected results; returns the list of disagreements (empty = pass).
function runValid(api, c) {
  const fn = SUPPORTED_OPS[c.op];
  const options = optionsFromArgs(c.args, c);
  const { family, forward: runForward, backward: runBackward } = calls(api, c, fn, options);
  const problems = [];
  const forward = runForward();
  const output = family === 'argmax' ? forward.output : forward;
  if (!sameShape(output.shape, c.output_shape)) {
    return [`${c.id}: output shape [${output.shape}], expected [${c.output_shape}]`];
  }
  const exactOutput = family === 'argmax' || family === 'unpool';
  problems.push(compare(c.id, 'output', output.data, c.output, output.shape, exactOutput ? exact : close));
  if (family === 'argmax' && c.indices) problems.push(compare(c.id, 'indices', forward.indices.data, c.indices, output.shape, exact));
  if (c.grad_output) {
    const gradOutput = { data: Float32Array.from(c.grad_output), shape: output.shape };
    const gradInput = runBackward(gradOutput, forward);
    if (!sameShape(gradInput.shape, c.input_shape)) {
      problems.push(`${c.id}: grad_input shape [${gradInput.shape}], expected [${c.input_shape}]`);
    } else {
      problems.push(compare(c.id, 'grad_input', gradInput.data, c.grad_input, c.input_shape, close));
    }
  }
  return problems.filter(Boolean);
}

// Runs a configuration that must be rejected; returns the list of problems (empty = pass). The
// forward must reject it; so must outputShape, except for max unpooling, whose rejections can
// depend on the indices' values (an index outside its plane), which outputShape does not see.
function runRejected(api, c) {
  const fn = SUPPORTED_OPS[c.op];
  const options = optionsFromArgs(c.args, c);
  const checks = [[fn, calls(api, c, fn, options).forward]];
  if (familyOf(c.op) !== 'unpool') {
    checks.push(['outputShape', () => api.outputShape(c.input_shape, { op: fn, ...optionsFromArgs(c.args) })]);
  }
  const problems = [];
  for (const [name, call] of checks) {
    try {
      call();
      problems.push(`${c.id}: ${name} accepted a configuration that must be rejected (PyTorch: ${c.error})`);
    } catch (error) {
      if (!(error instanceof RangeError)) {
        problems.push(`${c.id}: ${name} threw ${error?.name} instead of RangeError: ${error?.message}`);
      } else if (!error.message.startsWith(name) || error.message.length < name.length + 12) {
        problems.push(`${c.id}: ${name}'s RangeError does not name the function and the problem: ${error.message}`);
      }
    }
  }
  return problems;
}

/**
 * Runs one fixture case through the public API `api` (the module 'poolgrad', initialised).
 * @returns {{id: string, op: string, status: 'passed'|'failed'|'unsupported', crash: boolean, problems: string[]}}
 */
export function runCase(api, c) {
  const result = { id: c.id, op: c.op, status: 'unsupported', crash: Boolean(c.pytorch_crash), problems: [] };
  if (!Object.hasOwn(SUPPORTED_OPS, c.op)) return result;
  try {
    result.problems = 'error' in c ? runRejected(api, c) : runValid(api, c);
  } catch (error) {
    result.problems = [`${c.id}: threw ${error?.name}: ${error?.message}`];
  }
  result.status = result.problems.length === 0 ? 'passed' : 'failed';
  return result;
}

/**
 * Runs every case; the summary has the native checker's JSON shape:
 * { passed, failed, unsupported, ops: { op: { passed, failed, unsupported } },
 *   crash_cases: [{ id, ok }], failures: [{ id, op, message }] }.
 * pytorch_crash cases are run and listed in crash_cases, not counted.
 */
export function runCases(api, cases) {
  const summary = { passed: 0, failed: 0, unsupported: 0, ops: {}, crash_cases: [], failures: [] };
  for (const c of cases) {
    const r = runCase(api, c);
    if (r.crash) {
      summary.crash_cases.push({ id: r.id, ok: r.status === 'passed', ...(r.problems.length ? { message: r.problems.join('; ') } : {}) });
      continue;
    }
    summary.ops[r.op] ??= { passed: 0, failed: 0, unsupported: 0 };
    summary.ops[r.op][r.status] += 1;
    summary[r.status] += 1;
    if (r.status === 'failed') summary.failures.push({ id: r.id, op: r.op, message: r.problems.join('; ') });
  }
  return summary;
}
