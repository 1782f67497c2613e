// ONNX's own backend test data for the pooling operators, run through onnx.* as ONNX's backend
// runner would: tests/onnx/data/node/test_*pool*/ (53 cases, opset 22) hold each case's
// model.onnx (one node: op_type, attributes, inputs) and test_data_set_0/{input,output}_*.pb,
// copied byte for byte from onnx/onnx (see tests/onnx/README.md, "Backend data"). Outputs are
// compared as ONNX's runner compares them: np.testing.assert_allclose with rtol 1e-3, atol 1e-7
// (onnx/backend/test/case/node/__init__.py), int64 Indices and integer outputs exactly.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import * as pg from 'poolgrad';
import { readModelNode, readTensorProto } from './onnx-protobuf.mjs';

const { onnx } = pg;
const root = new URL('../onnx/data/node/', import.meta.url);
const cases = readdirSync(root).filter((name) => name.startsWith('test_')).sort();

// The formal output names of each operator, in the order of output_<k>.pb.
const OUTPUTS = { MaxPool: ['Y', 'Indices'], MaxUnpool: ['output'] };

function run(node, inputs) {
  const [X, second, third] = inputs;
  switch (node.opType) {
    case 'MaxPool': return onnx.MaxPool(X, node.attributes);
    case 'AveragePool': return onnx.AveragePool(X, node.attributes);
    case 'LpPool': return onnx.LpPool(X, node.attributes);
    case 'GlobalMaxPool': return onnx.GlobalMaxPool(X);
    case 'GlobalAveragePool': return onnx.GlobalAveragePool(X);
    case 'MaxUnpool': return onnx.MaxUnpool(X, second, third === undefined ? undefined : third.data, node.attributes);
    default: throw new Error(`no onnx.${node.opType}`);
  }
}

before(() => pg.init());

test('the backend data holds the 53 pooling cases of examples.json', () => {
  const examples = JSON.parse(readFileSync(new URL('../onnx/examples.json', import.meta.url), 'utf8'));
  const names = [...examples.examples, ...examples.reference_computed].map((c) => c.test_name).sort();
  assert.deepEqual(cases, names);
});

for (const name of cases) {
  test(`ONNX backend data ${name}`, () => {
    const dir = new URL(`${name}/`, root);
    const node = readModelNode(readFileSync(new URL('model.onnx', dir)));
    const files = readdirSync(new URL('test_data_set_0/', dir)).sort();
    const read = (prefix) => files.filter((f) => f.startsWith(prefix))
      .map((f) => readTensorProto(readFileSync(new URL(`test_data_set_0/${f}`, dir))));
    const inputs = read('input_');
    const outputs = read('output_');
    assert.equal(inputs.length, node.inputs.length, `${name}: one .pb per node input`);
    const result = run(node, inputs);
    const names = OUTPUTS[node.opType] ?? ['Y'];
    for (const [k, expected] of outputs.entries()) {
      const actual = result[names[k]];
      assert.deepEqual(actual.shape, expected.shape, `${name}: ${names[k]}.shape`);
      assert.equal(actual.data.constructor, expected.data.constructor, `${name}: ${names[k]} is ${expected.dtype}`);
      if (expected.dtype !== 'float32') {
        assert.deepEqual(Array.from(actual.data), Array.from(expected.data), `${name}: ${names[k]}`);
        continue;
      }
      for (let i = 0; i < expected.data.length; ++i) {
        const e = expected.data[i];
        const a = actual.data[i];
        assert.ok(Math.abs(a - e) <= 1e-7 + 1e-3 * Math.abs(e), `${name}: ${names[k]}[${i}] = ${a}, ONNX's data has ${e}`);
      }
    }
  });
}
