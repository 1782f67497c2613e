// A consumer of every export of 'poolgrad', type-checked with tsc --noEmit --strict (no DOM,
// no Node types: the declarations need neither). The @ts-expect-error lines are misuses the
// declarations must reject.
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
