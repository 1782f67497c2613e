// Bad calls: a wrong JS type or length is a TypeError naming the function and argument; a value
// the core rejects is a RangeError carrying the core's message (parameter and value named).
// Never a bare number, never an abort: the module keeps working after every error.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pg from 'poolgrad';

const x = { data: Float32Array.from({ length: 36 }, (_, i) => (i * 7) % 11), shape: [1, 6, 6] };
const idx = (shape, fill = 0) => ({ data: new Int32Array(shape.reduce((a, b) => a * b, 1)).fill(fill), shape });
const grad = (shape) => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape });

before(() => pg.init());

// [description, call, expected message pattern]
const typeErrors = [
  ['input not a tensor', () => pg.maxPool2d(x.data, { kernelSize: 2 }), /^maxPool2d: input must be a tensor \{ data: Float32Array, shape: number\[\] \}, got a Float32Array/],
  ['input null', () => pg.avgPool1d(null, { kernelSize: 2 }), /^avgPool1d: input must be a tensor .*got null/],
  ['data a plain array', () => pg.maxPool2d({ data: Array.from(x.data), shape: x.shape }, { kernelSize: 2 }), /^maxPool2d: input\.data must be a Float32Array, got \[0, 7, 3/],
  ['data a Float64Array', () => pg.avgPool2d({ data: new Float64Array(36), shape: x.shape }, { kernelSize: 2 }), /input\.data must be a Float32Array, got a Float64Array of length 36/],
  ['data too short', () => pg.maxPool2d({ data: new Float32Array(35), shape: x.shape }, { kernelSize: 2 }), /^maxPool2d: input\.data has 35 elements, but input\.shape \[1, 6, 6\] holds 36$/],
  ['shape not an array', () => pg.maxPool3d({ data: x.data, shape: '1,6,6' }, { kernelSize: 2 }), /^maxPool3d: input\.shape must be an array of non-negative integers, got "1,6,6"/],
  ['shape with a fraction', () => pg.maxPool2d({ data: x.data, shape: [1, 6, 6.5] }, { kernelSize: 2 }), /input\.shape must be an array of non-negative integers, got \[1, 6, 6\.5\]/],
  ['shape with a negative', () => pg.maxPool2d({ data: x.data, shape: [-1, 6, 6] }, { kernelSize: 2 }), /input\.shape must be an array of non-negative integers/],
  ['options missing', () => pg.maxPool2d(x), /^maxPool2d: options must be an object with at least kernelSize, got undefined$/],
  ['kernelSize missing', () => pg.maxPool2d(x, {}), /^maxPool2d: options\.kernelSize must be an integer or an array of 2 integers, got undefined$/],
  ['kernelSize 2.5', () => pg.maxPool2d(x, { kernelSize: 2.5 }), /^maxPool2d: options\.kernelSize must be an integer or an array of 2 integers, got 2\.5$/],
  ['kernelSize a string', () => pg.avgPool2d(x, { kernelSize: '2' }), /options\.kernelSize must be an integer or an array of 2 integers, got "2"/],
  ['kernelSize too many dims', () => pg.maxPool2d(x, { kernelSize: [2, 2, 2] }), /options\.kernelSize must be an integer or an array of 2 integers, got \[2, 2, 2\]/],
  ['kernelSize empty', () => pg.maxPool1d({ data: x.data, shape: [6, 6] }, { kernelSize: [] }), /^maxPool1d: options\.kernelSize must be an integer or an array of 1 integer, got \[\]$/],
  ['kernelSize not safe', () => pg.maxPool2d(x, { kernelSize: 2 ** 53 }), /options\.kernelSize .* \(integers must be safe integers/],
  ['kernelSize NaN', () => pg.maxPool3d(x, { kernelSize: [2, NaN, 2] }), /options\.kernelSize must be an integer or an array of 3 integers, got \[2, NaN, 2\]/],
  ['stride Infinity', () => pg.avgPool2d(x, { kernelSize: 2, stride: Infinity }), /^avgPool2d: options\.stride must be an integer or an array of 2 integers \(or null for the default\), got Infinity$/],
  ['padding a bigint', () => pg.maxPool2d(x, { kernelSize: 2, padding: 1n }), /options\.padding must be .*got 1n/],
  ['ceilMode a number', () => pg.maxPool2d(x, { kernelSize: 2, ceilMode: 1 }), /^maxPool2d: options\.ceilMode must be a boolean, got 1$/],
  ['countIncludePad a string', () => pg.avgPool2d(x, { kernelSize: 2, countIncludePad: 'no' }), /options\.countIncludePad must be a boolean, got "no"/],
  ['divisorOverride 1.5', () => pg.avgPool2d(x, { kernelSize: 2, divisorOverride: 1.5 }), /^avgPool2d: options\.divisorOverride must be an integer or null, got 1\.5$/],
  ['dilation on avg pooling', () => pg.avgPool2d(x, { kernelSize: 2, dilation: 1 }), /^avgPool2d: unknown option "dilation" for avgPool2d \(it accepts kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride\)$/],
  ['countIncludePad on max pooling', () => pg.maxPool2d(x, { kernelSize: 2, countIncludePad: false }), /^maxPool2d: unknown option "countIncludePad"/],
  ['PyTorch spelling kernel_size', () => pg.maxPool2d(x, { kernel_size: 2 }), /unknown option "kernel_size"/],
  ['indices a Float32Array', () => pg.maxPool2dBackward(grad([1, 3, 3]), grad([1, 3, 3]), [1, 6, 6], { kernelSize: 2 }), /^maxPool2dBackward: indices\.data must be an Int32Array, got a Float32Array of length 9$/],
  ['gradOutput an Int32Array', () => pg.avgPool2dBackward(idx([1, 3, 3]), [1, 6, 6], { kernelSize: 2 }), /^avgPool2dBackward: gradOutput\.data must be a Float32Array, got an Int32Array of length 9$/],
  ['inputShape not an array', () => pg.avgPool2dBackward(grad([1, 3, 3]), 36, { kernelSize: 2 }), /^avgPool2dBackward: inputShape must be an array of non-negative integers, got 36$/],
  ['routingCounts without op', () => pg.routingCounts(x, { kernelSize: 2 }), /^routingCounts: options\.op must be one of maxPool1d\/2d\/3d, avgPool1d\/2d\/3d, adaptiveMaxPool1d\/2d\/3d, adaptiveAvgPool1d\/2d\/3d, lpPool1d\/2d\/3d, maxUnpool1d\/2d\/3d, fractionalMaxPool2d\/3d, globalMaxPool, globalAvgPool, got undefined$/],
  ['routingCounts with a bad op', () => pg.routingCounts(x, { op: 'max_pool2d', kernelSize: 2 }), /options\.op must be one of .*got "max_pool2d"/],
  ['outputShape with dilation on avg', () => pg.outputShape([1, 6, 6], { op: 'avgPool2d', kernelSize: 2, dilation: 2 }), /^outputShape: unknown option "dilation" for avgPool2d/],
  ['outputShape inputShape a typed array', () => pg.outputShape(Int32Array.of(1, 6, 6), { op: 'maxPool2d', kernelSize: 2 }), /^outputShape: inputShape must be an array/],
];

// [description, call, expected message pattern, .param, .code]. The messages name parameters as
// PyTorch does (the core's words); .param is the JS name, .code the core's reason.
const rangeErrors = [
  ['kernelSize 0', () => pg.maxPool2d(x, { kernelSize: 0 }), /^maxPool2d: kernel_size must be greater than 0 .*got kernel_size\[0\]=0$/, 'kernelSize', 'out_of_range'],
  ['negative kernelSize', () => pg.avgPool1d({ data: x.data, shape: [6, 6] }, { kernelSize: -3 }), /^avgPool1d: kernel_size must be greater than 0 .*got kernel_size=-3$/, 'kernelSize', 'out_of_range'],
  ['stride 0', () => pg.maxPool2d(x, { kernelSize: 2, stride: [1, 0] }), /^maxPool2d: stride must be greater than 0 .*got stride\[1\]=0$/, 'stride', 'out_of_range'],
  ['dilation 0', () => pg.maxPool3d({ data: x.data, shape: [1, 1, 6, 6] }, { kernelSize: 2, dilation: [1, 0, 1] }), /^maxPool3d: dilation must be greater than 0 .*got dilation\[1\]=0$/, 'dilation', 'out_of_range'],
  ['negative padding', () => pg.avgPool2d(x, { kernelSize: 2, padding: -1 }), /^avgPool2d: padding must be at least 0 .*got padding\[0\]=-1$/, 'padding', 'out_of_range'],
  ['padding above half the kernel', () => pg.maxPool2d(x, { kernelSize: 3, padding: [1, 2] }), /^maxPool2d: padding must be at most half the \(dilated\) kernel, 1, got padding\[1\]=2 with kernel_size\[1\]=3 and dilation\[1\]=1$/, 'padding', 'out_of_range'],
  ['kernel larger than the input', () => pg.avgPool2d(x, { kernelSize: 7 }), /^avgPool2d: output size 0 is too small along spatial dimension 0: input size 6 with kernel_size\[0\]=7/, 'kernelSize', 'output_too_small'],
  ['divisorOverride 0', () => pg.avgPool2d(x, { kernelSize: 2, divisorOverride: 0 }), /^avgPool2d: divisor_override must not be 0$/, 'divisorOverride', 'out_of_range'],
  ['divisorOverride too large', () => pg.avgPool2d(x, { kernelSize: 2, divisorOverride: 2 ** 25 }), /^avgPool2d: divisor_override must be between -16777216 and 16777216, got 33554432$/, 'divisorOverride', 'too_large'],
  ['rank too small', () => pg.maxPool2d({ data: x.data, shape: [36] }, { kernelSize: 2 }), /^maxPool2d: max_pool2d expects an input of rank 3 \(C, spatial\) or 4 \(N, C, spatial\), got shape \[36\]$/, 'input', 'bad_rank'],
  ['rank too large', () => pg.maxPool1d({ data: x.data, shape: [1, 1, 6, 6] }, { kernelSize: 2 }), /^maxPool1d: max_pool1d expects an input of rank 2 .* got shape \[1, 1, 6, 6\]$/, 'input', 'bad_rank'],
  ['rank above the cap', () => pg.outputShape([1, 1, 1, 1, 1, 6], { op: 'maxPool1d', kernelSize: 2 }), /^outputShape: inputShape has 6 dimensions; poolgrad's tensors have at most 5/, 'inputShape', 'bad_rank'],
  ['zero-size non-batch dimension', () => pg.avgPool2d({ data: new Float32Array(0), shape: [2, 0, 6] }, { kernelSize: 2 }), /^avgPool2d: input shape \[2, 0, 6\] has dimension 1 = 0; only the batch dimension may be empty$/, 'input', 'out_of_range'],
  ['huge kernelSize', () => pg.maxPool2d(x, { kernelSize: 2 ** 40 }), /^maxPool2d: kernel_size must be greater than 0 \(and at most 16777216\), got kernel_size\[0\]=1099511627776$/, 'kernelSize', 'too_large'],
  ['huge stride', () => pg.maxPool2d(x, { kernelSize: 2, stride: 2 ** 30 }), /got stride\[0\]=1073741824$/, 'stride', 'too_large'],
  ['huge shape (outputShape)', () => pg.outputShape([1, 2 ** 30, 2 ** 30], { op: 'maxPool2d', kernelSize: 2 }), /^outputShape: input shape .* has dimension 1 = 1073741824; each dimension must be between 1 and 16777216$/, 'input', 'too_large'],
  ['too many elements (outputShape)', () => pg.outputShape([4096, 4096, 4096], { op: 'avgPool2d', kernelSize: 2 }), /^outputShape: the input would have more than 16777216 elements/, 'input', 'too_large'],
  ['too much work', () => pg.outputShape([1, 2 ** 18], { op: 'maxPool1d', kernelSize: 2 ** 17, stride: 1 }), /^outputShape: .*1073741824/, 'kernelSize', 'too_much_work'],
  ['gradOutput of the wrong shape', () => pg.avgPool2dBackward(grad([1, 2, 2]), [1, 6, 6], { kernelSize: 2 }), /^avgPool2dBackward: gradOutput\.shape \[1, 2, 2\] must be the pooled output shape \[1, 3, 3\] of inputShape \[1, 6, 6\] with these options$/, 'gradOutput', 'shape_mismatch'],
  ['gradOutput with the right size but another shape', () => pg.avgPool2dBackward(grad([1, 9]), [1, 6, 6], { kernelSize: 2 }), /gradOutput\.shape \[1, 9\] must be the pooled output shape \[1, 3, 3\]/, 'gradOutput', 'shape_mismatch'],
  ['indices of the wrong shape', () => pg.maxPool2dBackward(grad([1, 3, 3]), idx([3, 3]), [1, 6, 6], { kernelSize: 2 }), /^maxPool2dBackward: indices\.shape \[3, 3\] must be the pooled output shape \[1, 3, 3\]/, 'indices', 'shape_mismatch'],
  ['an index outside its plane', () => pg.maxPool2dBackward(grad([1, 3, 3]), idx([1, 3, 3], 36), [1, 6, 6], { kernelSize: 2 }), /^maxPool2dBackward: indices\[0\] = 36 is outside its input plane of 36 elements \(valid: -1 for an empty window, or 0 to 35\)$/, 'indices', 'bad_index'],
  ['an index below -1', () => pg.maxPool2dBackward(grad([1, 3, 3]), idx([1, 3, 3], -2), [1, 6, 6], { kernelSize: 2 }), /indices\[0\] = -2 is outside its input plane/, 'indices', 'bad_index'],
  ['backward with an invalid configuration', () => pg.maxPool1dBackward(grad([1, 3]), idx([1, 3]), [1, 6], { kernelSize: 2, padding: 5 }), /^maxPool1dBackward: padding must be at most half/, 'padding', 'out_of_range'],
  ['routingCounts with an invalid configuration', () => pg.routingCounts(x, { op: 'avgPool2d', kernelSize: 2, divisorOverride: 0 }), /^routingCounts: divisor_override must not be 0$/, 'divisorOverride', 'out_of_range'],
  ['poolWindows over its listing cap', () => pg.poolWindows([1, 4096, 4096], { op: 'avgPool2d', kernelSize: 2, stride: 1 }), /^poolWindows: the windows cover \d+ input elements in all/, 'kernelSize', 'too_large'],
];

for (const [what, call, pattern] of typeErrors) {
  test(`TypeError: ${what}`, () => {
    assert.throws(call, (error) => error instanceof TypeError && pattern.test(error.message) ? true : assert.fail(`${error?.name}: ${error?.message}`));
  });
}

for (const [what, call, pattern, param, code] of rangeErrors) {
  test(`RangeError: ${what}`, () => {
    assert.throws(call, (error) => {
      assert.ok(error instanceof RangeError && pattern.test(error.message), `${error?.name}: ${error?.message}`);
      assert.equal(error.param, param, 'error.param');
      assert.equal(error.code, code, 'error.code');
      return true;
    });
  });
}

test('after every error the module still computes the right numbers', () => {
  const expected = pg.maxPool2d(x, { kernelSize: 2, stride: 1 });
  for (const [, call] of [...typeErrors, ...rangeErrors]) {
    assert.throws(call);
    assert.deepEqual(pg.maxPool2d(x, { kernelSize: 2, stride: 1 }), expected);
  }
});
