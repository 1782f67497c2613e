// A consumer of every export of 'poolgrad', type-checked with tsc --noEmit --strict without the
// DOM library and without Node's types (tsconfig.json: the declarations need neither), and again
// in a page beside widget.ts (tsconfig.dom.json, tsconfig.bundler.json). The @ts-expect-error
// lines are misuses the declarations must reject.
import {
  init,
  maxPool1d, maxPool2d, maxPool3d,
  maxPool1dBackward, maxPool2dBackward, maxPool3dBackward,
  avgPool1d, avgPool2d, avgPool3d,
  avgPool1dBackward, avgPool2dBackward, avgPool3dBackward,
  routingCounts, outputShape, poolWindows, limits,
} from 'poolgrad';
import type {
  Tensor, Int32Tensor, TensorInput, Int32TensorInput,
  IntOrTuple1, IntOrTuple2, IntOrTuple3,
  MaxPoolOptions, AvgPoolOptions,
  MaxPool1dOptions, MaxPool2dOptions, MaxPool3dOptions,
  AvgPool1dOptions, AvgPool2dOptions, AvgPool3dOptions,
  MaxPoolResult, PoolOp, MaxPoolOpOptions, AvgPoolOpOptions, PoolOpOptions,
  MaxRoutingCounts, AvgRoutingCounts, PoolWindows, Limits,
  MaxPoolValues, ValuesOnly, WithIndices, ReturnIndices,
} from 'poolgrad';

const ready: Promise<void> = init();
await ready;

const x: TensorInput = { data: new Float32Array(36), shape: [1, 6, 6] };
const k1: IntOrTuple1 = [2];
const k2: IntOrTuple2 = [2, 2];
const k3: IntOrTuple3 = 2;

// Max pooling, forward and backward, 1-D to 3-D.
const o1: MaxPool1dOptions = { kernelSize: k1, stride: null, padding: 0, dilation: [1], ceilMode: false };
const o2: MaxPool2dOptions = { kernelSize: k2, stride: 1 };
const o3: MaxPool3dOptions = { kernelSize: k3, dilation: [1, 1, 2] };
const generic: MaxPoolOptions<IntOrTuple2> = o2;
const r1: MaxPoolResult = maxPool1d({ data: x.data, shape: [6, 6] }, o1);
const r2 = maxPool2d(x, generic);
const r3 = maxPool3d({ data: x.data, shape: [1, 1, 6, 6] }, o3);
const out: Tensor = r2.output;
const idx: Int32Tensor = r2.indices;
const idxIn: Int32TensorInput = idx;
const firstIndex: number = idx.data[0];
const g1: Tensor = maxPool1dBackward(r1.output, r1.indices, [6, 6], o1);
const g2: Tensor = maxPool2dBackward({ data: new Float32Array(25).fill(0.04), shape: out.shape }, idxIn, x.shape, o2);
const g3: Tensor = maxPool3dBackward(r3.output, r3.indices, [1, 1, 6, 6], o3);

// returnIndices: false gives the values alone (PyTorch's return_indices=False); true or absent
// gives the indices too; a boolean known only at run time gives either.
const v1: MaxPoolValues = maxPool1d({ data: x.data, shape: [6, 6] }, { ...o1, returnIndices: false });
const v2 = maxPool2d(x, { kernelSize: 2, returnIndices: false });
const v2out: Tensor = v2.output;
const v3: MaxPoolValues = maxPool3d({ data: x.data, shape: [1, 1, 6, 6] }, { ...o3, returnIndices: false });
const withIdx: MaxPoolResult = maxPool2d(x, { kernelSize: 2, returnIndices: true });
const valuesOnly: ValuesOnly = { returnIndices: false };
const defaults: WithIndices = {};
const flag: boolean = Math.random() < 0.5;
const either = maxPool2d(x, { kernelSize: 2, returnIndices: flag });
const shared: MaxPool2dOptions & ReturnIndices = { kernelSize: 2, returnIndices: false };
const sharedOut = maxPool2d(x, shared);
const sharedGrad: Tensor = maxPool2dBackward(sharedOut.output, withIdx.indices, x.shape, shared);
void sharedGrad;
const eitherIndices = 'indices' in either ? either.indices.data : null;
void [v1, v2out, v3, withIdx.indices, valuesOnly, defaults, eitherIndices];
// @ts-expect-error no indices without returnIndices
v2.indices;
// @ts-expect-error returnIndices is a boolean
maxPool2d(x, { kernelSize: 2, returnIndices: 1 });
// @ts-expect-error returnIndices is not an option of average pooling
avgPool2d(x, { kernelSize: 2, returnIndices: false });

// Average pooling, forward and backward, 1-D to 3-D.
const a1: AvgPool1dOptions = { kernelSize: 3, stride: [1], padding: [1], ceilMode: true, countIncludePad: false };
const a2: AvgPool2dOptions = { kernelSize: [2, 3], divisorOverride: 4 };
const a3: AvgPool3dOptions = { kernelSize: [1, 2, 2], divisorOverride: null };
const genericAvg: AvgPoolOptions<IntOrTuple3> = a3;
const y1: Tensor = avgPool1d({ data: x.data, shape: [6, 6] }, a1);
const y2: Tensor = avgPool2d(x, a2);
const y3: Tensor = avgPool3d({ data: x.data, shape: [1, 1, 6, 6] }, genericAvg);
const d1: Tensor = avgPool1dBackward(y1, [6, 6], a1);
const d2: Tensor = avgPool2dBackward(y2, x.shape, a2);
const d3: Tensor = avgPool3dBackward(y3, [1, 1, 6, 6], a3);

// routingCounts: divisors only (and always) for average pooling.
const maxOp: MaxPoolOpOptions = { op: 'maxPool2d', kernelSize: 2, stride: 1 };
const avgOp: AvgPoolOpOptions = { op: 'avgPool3d', kernelSize: 2, countIncludePad: false };
const rcMax: MaxRoutingCounts = routingCounts(x, maxOp);
const rcAvg: AvgRoutingCounts = routingCounts({ data: x.data, shape: [1, 1, 6, 6] }, avgOp);
const counts: Int32Array = rcMax.counts.data;
const nB: number = rcMax.windowsPerPlane;
const divisors: Float32Array = rcAvg.divisors.data;
const name: PoolOp = Math.random() < 0.5 ? 'maxPool1d' : 'avgPool1d';
const anyOp: PoolOpOptions = name === 'maxPool1d' ? { op: name, kernelSize: 2, dilation: 2 } : { op: name, kernelSize: 2 };
const rcAny = routingCounts({ data: x.data, shape: [6, 6] }, anyOp);
const maybeDivisors = 'divisors' in rcAny ? rcAny.divisors.shape : null;

// outputShape for every dimensionality.
const s: number[] = outputShape([1, 6, 6], maxOp);
const s3: number[] = outputShape([2, 1, 4, 6, 6], { op: 'avgPool3d', kernelSize: [2, 2, 2], ceilMode: true });

// Misuses the declarations reject.
// @ts-expect-error dilation is not an option of average pooling
avgPool2d(x, { kernelSize: 2, dilation: 2 });
// @ts-expect-error countIncludePad is not an option of max pooling
maxPool2d(x, { kernelSize: 2, countIncludePad: true });
// @ts-expect-error kernelSize is required
maxPool2d(x, { stride: 2 });
// @ts-expect-error three sizes for a 2-D pooling
maxPool2d(x, { kernelSize: [2, 2, 2] });
// @ts-expect-error input data must be a Float32Array
avgPool1d({ data: [1, 2, 3], shape: [1, 3] }, { kernelSize: 1 });
// @ts-expect-error indices must be an Int32Array tensor
maxPool2dBackward(out, out, x.shape, o2);
// @ts-expect-error routingCounts needs op
routingCounts(x, { kernelSize: 2 });
// @ts-expect-error a max pooling has no divisors
rcMax.divisors;
// @ts-expect-error options are camelCase
outputShape([1, 6, 6], { op: 'maxPool2d', kernel_size: 2 });
// @ts-expect-error ceilMode is a boolean
avgPool3d(x, { kernelSize: 2, ceilMode: 1 });

export const used = [g1, g2, g3, d1, d2, d3, counts, nB, divisors, maybeDivisors, s, s3, firstIndex];

// poolWindows: typed arrays of offsets and cells.
const windows: PoolWindows = poolWindows([1, 6, 6], maxOp);
const firstWindow: Int32Array = windows.cells.subarray(windows.offsets[0], windows.offsets[1]);
void firstWindow;

// limits: the core's caps as numbers.
const caps: Limits = limits();
const maxElements: number = caps.maxElements;
// @ts-expect-error the caps are read-only facts, not a function
limits().maxWork();
void maxElements;

// The pooling family (issue 11): adaptive, LP, max unpooling, fractional and global pooling.
import {
  adaptiveMaxPool1d, adaptiveMaxPool2d, adaptiveMaxPool3d,
  adaptiveMaxPool1dBackward, adaptiveMaxPool2dBackward, adaptiveMaxPool3dBackward,
  adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d,
  adaptiveAvgPool1dBackward, adaptiveAvgPool2dBackward, adaptiveAvgPool3dBackward,
  lpPool1d, lpPool2d, lpPool3d, lpPool1dBackward, lpPool2dBackward, lpPool3dBackward,
  maxUnpool1d, maxUnpool2d, maxUnpool3d, maxUnpool1dBackward, maxUnpool2dBackward, maxUnpool3dBackward,
  fractionalMaxPool2d, fractionalMaxPool3d, fractionalMaxPool2dBackward, fractionalMaxPool3dBackward,
  globalMaxPool, globalMaxPoolBackward, globalAvgPool, globalAvgPoolBackward,
} from 'poolgrad';
import type {
  SizeOrKeep, OutputSize1, OutputSize2, OutputSize3,
  AdaptiveMaxPoolOptions, AdaptiveAvgPoolOptions, AdaptiveMaxPool2dOptions, AdaptiveAvgPool3dOptions,
  AdaptiveMaxPool1dOptions, AdaptiveMaxPool3dOptions, AdaptiveAvgPool1dOptions, AdaptiveAvgPool2dOptions,
  LpPoolOptions, LpPool1dOptions, LpPool2dOptions, LpPool3dOptions,
  MaxUnpoolOptions, MaxUnpool1dOptions, MaxUnpool2dOptions, MaxUnpool3dOptions,
  FractionalMaxPoolOptions, FractionalMaxPool2dOptions, FractionalMaxPool3dOptions,
  FractionalMaxPoolBySize, FractionalMaxPoolByRatio, FractionalMaxPoolBase,
  GlobalPoolOptions, DivisorPoolOpOptions, NoDivisorPoolOpOptions, MaxUnpoolOpOptions,
} from 'poolgrad';

const keep: SizeOrKeep = null;
const os1: OutputSize1 = [keep];
const os2: OutputSize2 = [3, null];
const os3: OutputSize3 = 2;
const am1: AdaptiveMaxPool1dOptions = { outputSize: os1 };
const am2: AdaptiveMaxPool2dOptions = { outputSize: os2 };
const am3: AdaptiveMaxPool3dOptions & ReturnIndices = { outputSize: os3, returnIndices: true };
const genericAdaptive: AdaptiveMaxPoolOptions<OutputSize2> = am2;
const ar1: MaxPoolResult = adaptiveMaxPool1d({ data: x.data, shape: [6, 6] }, am1);
const ar2 = adaptiveMaxPool2d(x, genericAdaptive);
const ar3 = adaptiveMaxPool3d({ data: x.data, shape: [1, 1, 6, 6] }, am3);
const arValues: MaxPoolValues = adaptiveMaxPool2d(x, { outputSize: 2, returnIndices: false });
const ag1: Tensor = adaptiveMaxPool1dBackward(ar1.output, ar1.indices, [6, 6], am1);
const ag2: Tensor = adaptiveMaxPool2dBackward(ar2.output, ar2.indices, x.shape, am2);
const ag3: Tensor = 'indices' in ar3 ? adaptiveMaxPool3dBackward(ar3.output, ar3.indices, [1, 1, 6, 6], am3) : ar3.output;
const aa1: AdaptiveAvgPool1dOptions = { outputSize: 4 };
const aa2: AdaptiveAvgPool2dOptions = { outputSize: [null, 2] };
const aa3: AdaptiveAvgPool3dOptions = { outputSize: [1, null, 3] };
const genericAvgAdaptive: AdaptiveAvgPoolOptions<OutputSize1> = aa1;
const av1: Tensor = adaptiveAvgPool1d({ data: x.data, shape: [6, 6] }, genericAvgAdaptive);
const av2: Tensor = adaptiveAvgPool2d(x, aa2);
const av3: Tensor = adaptiveAvgPool3d({ data: x.data, shape: [1, 1, 6, 6] }, aa3);
const avg1: Tensor = adaptiveAvgPool1dBackward(av1, [6, 6], aa1);
const avg2: Tensor = adaptiveAvgPool2dBackward(av2, x.shape, aa2);
const avg3: Tensor = adaptiveAvgPool3dBackward(av3, [1, 1, 6, 6], aa3);
// @ts-expect-error outputSize is required
adaptiveAvgPool2d(x, {});
// @ts-expect-error kernelSize is not an option of adaptive pooling
adaptiveMaxPool2d(x, { outputSize: 2, kernelSize: 2 });
// @ts-expect-error an adaptive average has no indices option
adaptiveAvgPool2d(x, { outputSize: 2, returnIndices: false });

const lp1: LpPool1dOptions = { normType: 2, kernelSize: 2, stride: null, ceilMode: true };
const lp2: LpPool2dOptions = { normType: Infinity, kernelSize: [2, 3] };
const lp3: LpPool3dOptions = { normType: 1.5, kernelSize: 2, stride: [1, 2, 1] };
const genericLp: LpPoolOptions<IntOrTuple2> = lp2;
const lpOut1: Tensor = lpPool1d({ data: x.data, shape: [6, 6] }, lp1);
const lpOut2: Tensor = lpPool2d(x, genericLp);
const lpOut3: Tensor = lpPool3d({ data: x.data, shape: [1, 1, 6, 6] }, lp3);
const lpG1: Tensor = lpPool1dBackward(lpOut1, { data: x.data, shape: [6, 6] }, lp1);
const lpG2: Tensor = lpPool2dBackward(lpOut2, x, lp2);
const lpG3: Tensor = lpPool3dBackward(lpOut3, { data: x.data, shape: [1, 1, 6, 6] }, lp3);
// @ts-expect-error normType is required
lpPool2d(x, { kernelSize: 2 });
// @ts-expect-error LP pooling has no padding
lpPool2d(x, { normType: 2, kernelSize: 2, padding: 1 });
// @ts-expect-error the LP backward takes the forward's input, not its shape
lpPool2dBackward(lpOut2, x.shape, lp2);

const up1: MaxUnpool1dOptions = { kernelSize: 2, outputSize: [12] };
const up2: MaxUnpool2dOptions = { kernelSize: 2, stride: 2, padding: 0, outputSize: null };
const up3: MaxUnpool3dOptions = { kernelSize: [1, 2, 2] };
const genericUnpool: MaxUnpoolOptions<IntOrTuple2> = up2;
const unpooled1: Tensor = maxUnpool1d(r1.output, r1.indices, up1);
const unpooled2: Tensor = maxUnpool2d(r2.output, r2.indices, genericUnpool);
const unpooled3: Tensor = maxUnpool3d(r3.output, r3.indices, up3);
const ug1: Tensor = maxUnpool1dBackward(unpooled1, r1.indices, up1);
const ug2: Tensor = maxUnpool2dBackward(unpooled2, r2.indices, up2);
const ug3: Tensor = maxUnpool3dBackward(unpooled3, r3.indices, up3);
// @ts-expect-error the unpool indices are an Int32Array tensor
maxUnpool2d(r2.output, r2.output, up2);
// @ts-expect-error unpooling has no null output size entries
maxUnpool2d(r2.output, r2.indices, { kernelSize: 2, outputSize: [null, 4] });

const fr2: FractionalMaxPool2dOptions = { kernelSize: 2, outputSize: [3, 3], randomSamples: new Float32Array(2) };
const fr3: FractionalMaxPool3dOptions = { kernelSize: [1, 2, 2], outputRatio: [0.5, 0.5, 0.5], seed: 7 };
const bySize: FractionalMaxPoolBySize<IntOrTuple2> = { kernelSize: 2, outputSize: 3 };
const byRatio: FractionalMaxPoolByRatio<IntOrTuple2, number> = { kernelSize: 2, outputRatio: 0.5, seed: null };
const base: FractionalMaxPoolBase<IntOrTuple3> = { kernelSize: 2 };
const genericFrac: FractionalMaxPoolOptions<IntOrTuple2, number> = Math.random() < 0.5 ? bySize : byRatio;
const fo2: MaxPoolResult = fractionalMaxPool2d(x, fr2);
const fo3 = fractionalMaxPool3d({ data: x.data, shape: [1, 1, 6, 6] }, fr3);
const foValues: MaxPoolValues = fractionalMaxPool2d(x, { ...genericFrac, returnIndices: false });
const fg2: Tensor = fractionalMaxPool2dBackward(fo2.output, fo2.indices, x.shape, fr2);
const fg3: Tensor = fractionalMaxPool3dBackward(fo3.output, fo3.indices, [1, 1, 6, 6], fr3);
// @ts-expect-error outputSize and outputRatio exclude each other
fractionalMaxPool2d(x, { kernelSize: 2, outputSize: 3, outputRatio: 0.5 });
// @ts-expect-error randomSamples is a Float32Array
fractionalMaxPool2d(x, { kernelSize: 2, outputSize: 3, randomSamples: [0.5, 0.5] });

const gOpts: GlobalPoolOptions = { dims: 2 };
const gm: MaxPoolResult = globalMaxPool(x, gOpts);
const gmValues: MaxPoolValues = globalMaxPool(x, { dims: 2, returnIndices: false });
const gmBatched: MaxPoolResult = globalMaxPool({ data: x.data, shape: [1, 1, 6, 6] });
const gmg: Tensor = globalMaxPoolBackward(gm.output, gm.indices, x.shape, gOpts);
const ga: Tensor = globalAvgPool({ data: x.data, shape: [1, 1, 6, 6] });
const gag: Tensor = globalAvgPoolBackward(globalAvgPool(x, { dims: 2 }), x.shape, { dims: 2 });
// @ts-expect-error dims is 1, 2 or 3
globalAvgPool(x, { dims: 4 });

// The explorers accept every op; divisors exactly for average, adaptive average and global average.
const divisorOp: DivisorPoolOpOptions = { op: 'adaptiveAvgPool2d', outputSize: 3 };
const noDivisorOp: NoDivisorPoolOpOptions = { op: 'lpPool2d', normType: 2, kernelSize: 2 };
const unpoolOp: MaxUnpoolOpOptions = { op: 'maxUnpool2d', kernelSize: 2, indices: r2.indices };
const rcAdaptive: AvgRoutingCounts = routingCounts(x, divisorOp);
const rcGlobal: AvgRoutingCounts = routingCounts(x, { op: 'globalAvgPool', dims: 2 });
const rcLp: MaxRoutingCounts = routingCounts(x, noDivisorOp);
const rcUnpool: MaxRoutingCounts = routingCounts(r2.output, unpoolOp);
const familyShape: number[] = outputShape([1, 6, 6], { op: 'fractionalMaxPool2d', kernelSize: 2, outputRatio: 0.5 });
const familyWindows: PoolWindows = poolWindows([1, 6, 6], { op: 'globalMaxPool', dims: 2 });
const opName: PoolOp = 'maxUnpool3d';
// @ts-expect-error an LP pooling has no divisors
rcLp.divisors;
// @ts-expect-error not a pooling function
outputShape([1, 6, 6], { op: 'medianPool2d', kernelSize: 2 });

export const familyUsed = [ar2, arValues, ag1, ag2, ag3, avg1, avg2, avg3, lpG1, lpG2, lpG3, ug1, ug2, ug3,
  foValues, fg2, fg3, base, gmValues, gmBatched, gmg, ga, gag, rcAdaptive, rcGlobal, rcUnpool, familyShape,
  familyWindows, opName];

// --- the frameworks side by side: onnx (ONNX's operators, attributes verbatim) and tensorflow ---
import { onnx, tensorflow } from 'poolgrad';
import type { OnnxMaxPoolAttributes, OnnxTensor, TensorflowPoolOptions, BigInt64Tensor } from 'poolgrad';

const X = { data: new Float32Array(36), shape: [1, 1, 6, 6] };
const mpAttrs: OnnxMaxPoolAttributes = { kernel_shape: [2, 2], strides: [2, 2], auto_pad: 'SAME_UPPER', storage_order: 1 };
const mp = onnx.MaxPool(X, mpAttrs);
const mpIndices: BigInt64Array = mp.Indices.data;
const mpU8: OnnxTensor<Uint8Array> = onnx.MaxPool({ data: new Uint8Array(36), shape: [1, 1, 6, 6] }, mpAttrs).Y;
const mpGrad: OnnxTensor = onnx.MaxPool.backward(mp.Y, mp.Indices, X.shape, mpAttrs).dX;
const ap: OnnxTensor = onnx.AveragePool(X, { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 }).Y;
const apGrad: OnnxTensor = onnx.AveragePool.backward(ap, X.shape, { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }).dX;
const lp: OnnxTensor = onnx.LpPool(X, { kernel_shape: [2, 2], p: 3 }).Y;
const gmp: OnnxTensor = onnx.GlobalMaxPool(X).Y;
const gap: OnnxTensor = onnx.GlobalAveragePool.backward(onnx.GlobalAveragePool(X).Y, X.shape).dX;
const unpooled: OnnxTensor = onnx.MaxUnpool(mp.Y, mp.Indices, undefined, { kernel_shape: [2, 2], strides: [2, 2] }).output;
// @ts-expect-error auto_pad is one of ONNX's four words
onnx.MaxPool(X, { kernel_shape: [2, 2], auto_pad: 'SAME' });
// @ts-expect-error ceil_mode is ONNX's int 0 or 1, not a boolean
onnx.AveragePool(X, { kernel_shape: [2, 2], ceil_mode: true });
// @ts-expect-error MaxUnpool's indices are int64 (BigInt64Array)
onnx.MaxUnpool(mp.Y, { data: new Int32Array(9), shape: [1, 1, 3, 3] }, undefined, { kernel_shape: [2, 2] });

const nhwc = { data: new Float32Array(36), shape: [1, 6, 6, 1] };
const tfOpts: TensorflowPoolOptions = { ksize: 3, strides: 2, padding: 'SAME' };
const tfMax: Tensor = tensorflow.maxPool(nhwc, tfOpts);
const tfAvg: Tensor = tensorflow.avgPool(nhwc, { ksize: [3, 3], strides: [2, 2], padding: 'VALID', dataFormat: 'NHWC' });
const tfArg: BigInt64Tensor = tensorflow.maxPoolWithArgmax(nhwc, { ...tfOpts, padding: 'SAME', includeBatchInIndex: true }).argmax;
const tfMaxGrad: Tensor = tensorflow.maxPoolGrad(nhwc, tfMax, tfMax, tfOpts);
const tfAvgGrad: Tensor = tensorflow.avgPoolGrad(nhwc.shape, tfMax, tfOpts);
const tfExplicit: Tensor = tensorflow.maxPool(nhwc, { ksize: 2, strides: 2, padding: [[0, 1], [1, 0]] });
// @ts-expect-error padding is 'SAME', 'VALID' or [before, after] pairs
tensorflow.avgPool(nhwc, { ksize: 2, strides: 2, padding: 'FULL' });
// @ts-expect-error data formats are TensorFlow's words
tensorflow.maxPool(nhwc, { ksize: 2, strides: 2, padding: 'VALID', dataFormat: 'HWC' });

export const frameworksUsed = [mpIndices, mpU8, mpGrad, ap, apGrad, lp, gmp, gap, unpooled, tfAvg, tfArg, tfMaxGrad,
  tfAvgGrad, tfExplicit];
