// A plain, naive transcription of the helpers ONNX's backend tests compute their expected outputs
// with, so that the `reference_computed` cases of tests/onnx/examples.json can be checked without
// Python: onnx/onnx at f7546912001bc31e92a238b17068a21b373d882e,
// onnx/reference/ops/op_pool_common.py (get_pad_shape 18-38, get_pad_with_auto_pad 41-53,
// get_output_shape_explicit_padding 56-123, get_output_shape_auto_pad 126-160, pool 163-267), and
// the way each case of onnx/backend/test/case/node/{maxpool,averagepool,lppool}.py calls them
// (referencePool below). Tensors are { data: Float64Array | Float32Array, shape } row-major; sums
// are in float64. Nothing here is shared with web/lib: it is the oracle, not the implementation.

const range = (n) => Array.from({ length: n }, (_, i) => i);
const product = (shape) => shape.reduce((a, b) => a * b, 1);

// op_pool_common.py:18-38. NB: the undilated kernel (tests/onnx/README.md, item 2).
export function getPadShape(autoPad, inputSpatial, kernel, strides, outputSpatial) {
  const dims = inputSpatial.length;
  const padShape = Array(dims).fill(0);
  strides = strides ?? Array(dims).fill(1);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    for (let i = 0; i < dims; ++i) padShape[i] = (outputSpatial[i] - 1) * strides[i] + kernel[i] - inputSpatial[i];
  }
  return padShape;
}

// op_pool_common.py:41-53: [begins..., ends...].
export function getPadWithAutoPad(autoPad, padShape) {
  const half = padShape.map((p) => Math.floor(p / 2));
  if (autoPad === 'SAME_UPPER') return [...half, ...padShape.map((p, i) => p - half[i])];
  if (autoPad === 'SAME_LOWER') return [...padShape.map((p, i) => p - half[i]), ...half];
  return Array(2 * padShape.length).fill(0);
}

// op_pool_common.py:56-123: [outputSpatial, padsRequired (the pads grown by ceil_mode's extra)].
export function getOutputShapeExplicitPadding(pads, inputSpatial, kernel, strides, dilations, ceilMode = false) {
  const dims = inputSpatial.length;
  pads = pads ?? Array(2 * dims).fill(0);
  strides = strides ?? Array(dims).fill(1);
  dilations = dilations ?? Array(dims).fill(1);
  const out = Array(dims).fill(0);
  for (let d = 0; d < dims; ++d) {
    const size = (inputSpatial[d] + pads[d] + pads[dims + d] - dilations[d] * (kernel[d] - 1) - 1) / strides[d] + 1;
    if (ceilMode) {
      out[d] = Math.ceil(size);
      // "ensure that the last pooling starts inside the image"
      if ((out[d] - 1) * strides[d] >= inputSpatial[d] + pads[d]) out[d] -= 1;
    } else {
      out[d] = Math.floor(size);
    }
  }
  const padsNew = pads.slice();
  for (let d = 0; d < dims; ++d) {
    const window = (kernel[d] - 1) * dilations[d] + 1;
    const extra = (out[d] - 1) * strides[d] + window - inputSpatial[d] - pads[d] - pads[dims + d];
    if (extra > 0) {
      padsNew[d] += Math.floor(extra / 2);
      padsNew[dims + d] += extra - Math.floor(extra / 2);
    }
  }
  return [out, padsNew];
}

// op_pool_common.py:126-160 (assumes ceil_mode off; undilated kernel for VALID).
export function getOutputShapeAutoPad(autoPad, inputSpatial, kernel, strides) {
  strides = strides ?? inputSpatial.map(() => 1);
  return inputSpatial.map((n, i) => {
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.floor((n - 1) / strides[i]) + 1;
    if (autoPad === 'VALID') return Math.floor((n - kernel[i]) / strides[i]) + 1;
    throw new Error('auto_pad can only be NOTSET, SAME_UPPER, SAME_LOWER, or VALID');
  });
}

// np.pad(x, ((0,0),(0,0),(b0,e0),...), constant_values=value) for an (N, C, ...spatial) tensor.
export function padTensor(x, begins, ends, value) {
  const spatial = x.shape.slice(2);
  const padded = spatial.map((n, i) => begins[i] + n + ends[i]);
  const shape = [...x.shape.slice(0, 2), ...padded];
  const data = new Float64Array(product(shape)).fill(value);
  const planes = x.shape[0] * x.shape[1];
  const inPlane = product(spatial);
  const outPlane = product(padded);
  for (let p = 0; p < planes; ++p) {
    for (let o = 0; o < inPlane; ++o) {
      let rest = o;
      let target = 0;
      let step = 1;
      for (let a = spatial.length - 1; a >= 0; --a) {
        target += ((rest % spatial[a]) + begins[a]) * step;
        rest = Math.floor(rest / spatial[a]);
        step *= padded[a];
      }
      data[p * outPlane + target] = x.data[p * inPlane + o];
    }
  }
  return { data, shape };
}

// Every combination of the lists (itertools.product), in row-major order.
function cartesian(lists) {
  let result = [[]];
  for (const list of lists) result = result.flatMap((prefix) => list.map((v) => [...prefix, v]));
  return result;
}

/**
 * op_pool_common.py:163-267, pool(): every window of the padded tensor, its values those pixels
 * `strides·o .. strides·o + (k - 1)·d` (step d) that are `< x + pads_begin + pads_end`; AVG is
 * the mean, MAX the max, LPPOOL (Σ|v|^p)^(1/p); NaNs are dropped unless count_include_pad == 1 for
 * AVG/LPPOOL. The window count per axis comes from pads_required (line 215-225).
 */
export function pool(padded, xShape, kernel, strides, outShape, poolingType,
  padsRequired = null, pads = null, dilations = null, countIncludePad = 0, p = 1) {
  const dims = xShape.length - 2;
  dilations = dilations ?? Array(dims).fill(1);
  padsRequired = padsRequired ?? Array(2 * dims).fill(0);
  pads = pads ?? Array(2 * dims).fill(0);
  strides = strides ?? Array(dims).fill(1);
  const paddedSpatial = padded.shape.slice(2);
  const windows = range(dims).map((i) => Math.trunc(
    (xShape[i + 2] + padsRequired[i] + padsRequired[i + dims] - (1 + (kernel[i] - 1) * dilations[i])) / strides[i] + 1));
  const y = new Float64Array(xShape[0] * xShape[1] * product(outShape));
  const outPlane = product(outShape);
  const paddedPlane = product(paddedSpatial);
  const flat = (coords) => coords.reduce((acc, c, a) => acc * paddedSpatial[a] + c, 0);
  for (let plane = 0; plane < xShape[0] * xShape[1]; ++plane) {
    for (const o of cartesian(windows.map(range))) {
      const pixels = range(dims).map((i) => {
        const list = [];
        const first = strides[i] * o[i];
        for (let px = first; px < first + 1 + (kernel[i] - 1) * dilations[i]; px += dilations[i]) {
          if (px < xShape[i + 2] + pads[i] + pads[dims + i]) list.push(px);
        }
        return list;
      });
      let values = cartesian(pixels).map((c) => padded.data[plane * paddedPlane + flat(c)]);
      if (!(countIncludePad === 1 && (poolingType === 'AVG' || poolingType === 'LPPOOL'))) {
        values = values.filter((v) => !Number.isNaN(v));
      }
      let result;
      if (poolingType === 'AVG') result = values.reduce((a, b) => a + b, 0) / values.length;
      else if (poolingType === 'MAX') result = values.length === 0 ? NaN : Math.max(...values);
      else result = values.reduce((a, b) => a + Math.abs(b) ** p, 0) ** (1 / p);
      y[plane * outPlane + o.reduce((acc, c, a) => acc * outShape[a] + c, 0)] = result;
    }
  }
  return { data: y, shape: [xShape[0], xShape[1], ...outShape] };
}

const POOLING_TYPE = { MaxPool: 'MAX', AveragePool: 'AVG', LpPool: 'LPPOOL' };

/**
 * The expected Y of one backend case, computed the way its python does:
 *   - auto_pad SAME_*: get_output_shape_auto_pad, get_pad_shape, the pad split as in
 *     maxpool.py/averagepool.py/lppool.py export_*_same_upper/lower (UPPER: begin = pad // 2;
 *     LOWER: begin = pad - pad // 2), then pool(padded, ..., pads, pads);
 *   - explicit: get_output_shape_explicit_padding(pads, ..., dilations, ceil_mode), np.pad with
 *     the grown pads, then pool(padded, ..., pads_required=grown, pads=pads, dilations, ...).
 * The padding value is what those files use: NaN for MAX and for AVG without count_include_pad,
 * 0 for AVG with it and for LPPOOL. (maxpool.py's _use_ref_impl_large pads its ceil cells with 0;
 * pool() filters those pixels out, so NaN gives the same numbers.)
 * Global ops: numpy's max/mean over the spatial axes (globalmaxpool.py, globalaveragepool.py).
 */
export function referencePool(op, x, attributes) {
  const dims = x.shape.length - 2;
  const spatial = x.shape.slice(2);
  if (op === 'GlobalMaxPool' || op === 'GlobalAveragePool') {
    const plane = product(spatial);
    const data = new Float64Array(x.shape[0] * x.shape[1]);
    for (let p = 0; p < data.length; ++p) {
      const values = Array.from(x.data.subarray(p * plane, (p + 1) * plane));
      data[p] = op === 'GlobalMaxPool'
        ? (values.some(Number.isNaN) ? NaN : Math.max(...values))
        : values.reduce((a, b) => a + b, 0) / plane;
    }
    return { data, shape: [...x.shape.slice(0, 2), ...spatial.map(() => 1)] };
  }
  const type = POOLING_TYPE[op];
  const kernel = attributes.kernel_shape;
  const strides = attributes.strides ?? Array(dims).fill(1);
  const dilations = attributes.dilations ?? Array(dims).fill(1);
  const countIncludePad = attributes.count_include_pad ?? 0;
  const p = attributes.p ?? 2;
  const padValue = type === 'LPPOOL' || (type === 'AVG' && countIncludePad === 1) ? 0 : NaN;
  const autoPad = attributes.auto_pad ?? 'NOTSET';
  if (autoPad !== 'NOTSET') {
    const out = getOutputShapeAutoPad(autoPad, spatial, kernel, strides);
    const pads = getPadWithAutoPad(autoPad, getPadShape(autoPad, spatial, kernel, strides, out));
    const padded = padTensor(x, pads.slice(0, dims), pads.slice(dims), padValue);
    return pool(padded, x.shape, kernel, strides, out, type, pads, pads, dilations, countIncludePad, p);
  }
  const pads = attributes.pads ?? null;
  const [out, grown] = getOutputShapeExplicitPadding(pads, spatial, kernel, strides, dilations, attributes.ceil_mode === 1);
  const padded = padTensor(x, grown.slice(0, dims), grown.slice(dims), padValue);
  return pool(padded, x.shape, kernel, strides, out, type, grown, pads, dilations, countIncludePad, p);
}
