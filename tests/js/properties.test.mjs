// Properties that need no oracle, on random 1-D/2-D/3-D configurations through the public API:
//   avg pooling is linear and backward is its adjoint: <forward(x), g> = <x, backward(g)>;
//   max pooling's backward moves gradient without creating or losing any:
//   sum(gradInput) = sum of gradOutput over the windows that hold an input element (index != -1).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from 'poolgrad';
import { prng } from './prng.mjs';

const dot = (a, b) => a.reduce((sum, v, i) => sum + v * b[i], 0);
const sum = (a) => a.reduce((s, v) => s + v, 0);

// Yields `count` configurations of `kind` ('max' | 'avg') the core accepts.
function* configs(kind, count, random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  for (let made = 0; made < count;) {
    const dims = int(1, 3);
    const op = `${kind}Pool${dims}d`;
    const kernelSize = Array.from({ length: dims }, () => int(1, 4));
    const options = { kernelSize, stride: kernelSize.map(() => int(1, 3)), padding: kernelSize.map((k) => int(0, k)), ceilMode: random() < 0.5 };
    if (kind === 'max') options.dilation = kernelSize.map(() => int(1, 3));
    else {
      options.countIncludePad = random() < 0.5;
      if (random() < 0.2) options.divisorOverride = int(-3, 5) || 1;
    }
    const shape = [int(1, 2), int(1, 2), ...kernelSize.map(() => int(1, 8))];
    let outShape;
    try {
      outShape = pg.outputShape(shape, { op, ...options });
    } catch (error) {
      if (error instanceof RangeError) continue; // rejected by the core: draw again
      throw error;
    }
    const randn = (n) => Float32Array.from({ length: n }, () => random() * 2 - 1);
    yield { op, options, shape, outShape, x: randn(shape.reduce((a, b) => a * b)), g: randn(outShape.reduce((a, b) => a * b)) };
    ++made;
  }
}

before(() => pg.init());

test('average pooling: backward is the adjoint of forward (300 random configurations)', () => {
  for (const { op, options, shape, outShape, x, g } of configs('avg', 300, prng(1))) {
    const y = pg[op]({ data: x, shape }, options).data;
    const dx = pg[`${op}Backward`]({ data: g, shape: outShape }, shape, options).data;
    const lhs = dot(y, g);
    const rhs = dot(x, dx);
    assert.ok(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(lhs)), `${op} ${JSON.stringify(options)} ${shape}: ${lhs} vs ${rhs}`);
  }
});

test('max pooling: backward conserves the gradient of non-empty windows (300 random configurations)', () => {
  let emptyWindows = 0;
  for (const { op, options, shape, outShape, x, g } of configs('max', 300, prng(2))) {
    const { indices } = pg[op]({ data: x, shape }, options);
    const dx = pg[`${op}Backward`]({ data: g, shape: outShape }, indices, shape, options).data;
    const routed = sum(g.filter((_, i) => indices.data[i] !== -1));
    emptyWindows += indices.data.filter((i) => i === -1).length;
    assert.ok(Math.abs(sum(dx) - routed) <= 1e-4 * (1 + Math.abs(routed)), `${op} ${JSON.stringify(options)} ${shape}`);
  }
  assert.ok(emptyWindows > 0, 'the draw includes windows that hold only padding');
});
