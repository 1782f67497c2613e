#!/usr/bin/env node
// Structural check of tests/onnx/examples.json (no dependencies; run by tests/js/onnx.test.mjs).
//   node tests/onnx/check-examples.mjs [path/to/examples.json]
// Checks: every tensor's data length equals the product of its shape; every
// attribute name is one the ONNX opset-22 schema defines for that op; the
// input/output names are the op's formal names; reference_computed entries
// carry shapes and a note. Prints a count per op (literal / hand / reference_computed).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const file = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'examples.json');
const doc = JSON.parse(readFileSync(file, 'utf8'));

// Attribute / input / output names from docs/Operators.md (opset 22 versions).
const SCHEMA = {
  MaxPool: { attrs: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'storage_order', 'strides'],
             inputs: ['X'], outputs: ['Y', 'Indices'] },
  AveragePool: { attrs: ['auto_pad', 'ceil_mode', 'count_include_pad', 'dilations', 'kernel_shape', 'pads', 'strides'],
                 inputs: ['X'], outputs: ['Y'] },
  LpPool: { attrs: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'p', 'pads', 'strides'],
            inputs: ['X'], outputs: ['Y'] },
  GlobalMaxPool: { attrs: [], inputs: ['X'], outputs: ['Y'] },
  GlobalAveragePool: { attrs: [], inputs: ['X'], outputs: ['Y'] },
  GlobalLpPool: { attrs: ['p'], inputs: ['X'], outputs: ['Y'] },
  MaxUnpool: { attrs: ['kernel_shape', 'pads', 'strides'], inputs: ['X', 'I', 'output_shape'], outputs: ['output'] },
};
const REQUIRED = { MaxPool: ['kernel_shape'], AveragePool: ['kernel_shape'], LpPool: ['kernel_shape'], MaxUnpool: ['kernel_shape'] };
const DTYPES = new Set(['float32', 'float64', 'float16', 'uint8', 'int8', 'int64']);

const errors = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);
const prod = (s) => s.reduce((a, b) => a * b, 1);
const isShape = (s) => Array.isArray(s) && s.every((d) => Number.isInteger(d) && d >= 0);

function checkAttrs(where, op, attrs) {
  const schema = SCHEMA[op];
  if (!schema) return err(where, `unknown op ${op}`);
  if (attrs === null || typeof attrs !== 'object') return err(where, 'attributes missing');
  for (const [k, v] of Object.entries(attrs)) {
    if (!schema.attrs.includes(k)) err(where, `attribute ${k} is not defined for ${op}`);
    if (v === null || v === undefined) err(where, `attribute ${k} has no value`);
    if (k === 'auto_pad' && !['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(v)) err(where, `auto_pad ${v}`);
    if (['kernel_shape', 'strides', 'dilations', 'pads'].includes(k) && !(Array.isArray(v) && v.every(Number.isInteger)))
      err(where, `${k} must be a list of ints`);
  }
  for (const r of REQUIRED[op] ?? []) if (!(r in attrs)) err(where, `required attribute ${r} missing`);
  const ks = attrs.kernel_shape;
  if (ks) {
    for (const k of ['strides', 'dilations']) if (attrs[k] && attrs[k].length !== ks.length) err(where, `${k} rank != kernel_shape rank`);
    if (attrs.pads && attrs.pads.length !== 2 * ks.length) err(where, 'pads length != 2 * kernel rank');
  }
}

function checkTensor(where, t) {
  if (!t || !isShape(t.shape)) return err(where, 'bad or missing shape');
  if (!Array.isArray(t.data)) return err(where, 'data missing');
  if (t.data.length !== prod(t.shape)) err(where, `data length ${t.data.length} != product of shape [${t.shape}] = ${prod(t.shape)}`);
  if (!t.data.every((x) => typeof x === 'number' && Number.isFinite(x))) err(where, 'non-numeric data');
  if (t.dtype && !DTYPES.has(t.dtype)) err(where, `unknown dtype ${t.dtype}`);
}

const counts = {};
const bump = (op, kind) => { (counts[op] ??= { literal: 0, hand: 0, reference_computed: 0 })[kind]++; };
const seen = new Set();

if (!Array.isArray(doc.examples) || !Array.isArray(doc.reference_computed)) err(file, 'examples / reference_computed arrays missing');
for (const [i, e] of (doc.examples ?? []).entries()) {
  const where = `examples[${i}] ${e.source ?? '?'}`;
  if (typeof e.source !== 'string' || !/^onnx\/backend\/test\/case\/node\/\w+\.py:export\w*$/.test(e.source)) err(where, 'source must name file.py:export_function');
  if (seen.has(e.test_name)) err(where, `duplicate test_name ${e.test_name}`); seen.add(e.test_name);
  if (!['literal', 'hand'].includes(e.expected_from)) err(where, `expected_from must be literal|hand, got ${e.expected_from}`);
  if (e.expected_from === 'hand' && !e.note) err(where, 'hand-evaluated entry needs a note');
  checkAttrs(where, e.op, e.attributes);
  const schema = SCHEMA[e.op] ?? { inputs: [], outputs: [] };
  for (const [n, t] of Object.entries(e.inputs ?? {})) {
    if (!schema.inputs.includes(n)) err(where, `input ${n} is not an input of ${e.op}`);
    checkTensor(`${where} input ${n}`, t);
  }
  for (const [n, t] of Object.entries(e.outputs ?? {})) {
    if (!schema.outputs.includes(n)) err(where, `output ${n} is not an output of ${e.op}`);
    checkTensor(`${where} output ${n}`, t);
  }
  if (!e.inputs?.X) err(where, 'input X missing');
  if (!Object.keys(e.outputs ?? {}).length) err(where, 'no outputs');
  // Indices (MaxPool) have the shape of Y; MaxUnpool's output_shape input equals the output's shape.
  if (e.outputs?.Indices && String(e.outputs.Indices.shape) !== String(e.outputs.Y?.shape)) err(where, 'Indices shape != Y shape');
  if (e.inputs?.output_shape && String(e.inputs.output_shape.data) !== String(e.outputs?.output?.shape)) err(where, 'output_shape input != output shape');
  // N and C are preserved by every pooling op.
  for (const t of Object.values(e.outputs ?? {})) if (String(t.shape?.slice(0, 2)) !== String(e.inputs?.X?.shape?.slice(0, 2))) err(where, 'N,C not preserved');
  bump(e.op, e.expected_from);
}
for (const [i, e] of (doc.reference_computed ?? []).entries()) {
  const where = `reference_computed[${i}] ${e.source ?? '?'}`;
  if (typeof e.source !== 'string' || !/^onnx\/backend\/test\/case\/node\/\w+\.py:export\w*$/.test(e.source)) err(where, 'source must name file.py:export_function');
  if (seen.has(e.test_name)) err(where, `duplicate test_name ${e.test_name}`); seen.add(e.test_name);
  checkAttrs(where, e.op, e.attributes);
  if (!isShape(e.input_shape)) err(where, 'input_shape missing');
  if (!isShape(e.output_shape)) err(where, 'output_shape missing');
  if (isShape(e.input_shape) && isShape(e.output_shape)) {
    if (e.input_shape.length !== e.output_shape.length) err(where, 'rank changes');
    if (String(e.input_shape.slice(0, 2)) !== String(e.output_shape.slice(0, 2))) err(where, 'N,C not preserved');
  }
  if (typeof e.note !== 'string' || !e.note) err(where, 'note naming the computing helper missing');
  if ('data' in e || 'outputs' in e) err(where, 'reference_computed entries must not carry expected data');
  for (const [n, t] of Object.entries(e.inputs_literal ?? {})) checkTensor(`${where} input ${n}`, t);
  bump(e.op, 'reference_computed');
}

console.log(`onnx commit ${doc.onnx_commit}, opset ${doc.opset}`);
console.log('op'.padEnd(20) + 'literal  hand  reference_computed');
for (const [op, c] of Object.entries(counts)) console.log(op.padEnd(20) + String(c.literal).padStart(7) + String(c.hand).padStart(6) + String(c.reference_computed).padStart(20));
const tot = Object.values(counts).reduce((a, c) => [a[0] + c.literal, a[1] + c.hand, a[2] + c.reference_computed], [0, 0, 0]);
console.log('total'.padEnd(20) + String(tot[0]).padStart(7) + String(tot[1]).padStart(6) + String(tot[2]).padStart(20));
if (errors.length) { console.error(`${errors.length} problem(s):\n  ` + errors.join('\n  ')); process.exit(1); }
console.log('OK');
