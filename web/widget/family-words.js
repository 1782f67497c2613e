// family-words.js: the numbers the family's explanations put into words, read from a plane
// (model.js) of the library's answer: each window's start and end along each axis (adaptive,
// fractional), the whole sequence of starts along an axis, a fractional plane's sample per axis.
// The windows are the library's (poolWindows). The two closed forms written out beside them
// (adaptive: floor(i·In/Out), ceil((i+1)·In/Out); fractional: PyTorch's generate_intervals) are
// only the words' arithmetic, and the unit tests check them against the library.
import { unflatten } from './shape.js';

/** The axis names of a plane of `dims` dimensions, for words: L (1-D), H W (2-D), D H W (3-D). */
export const axesOf = (dims) => (dims === 1 ? ['L'] : ['D', 'H', 'W'].slice(3 - dims));

/** Window w's extent along each axis, from the library's cells: [[start, end), ...] (end exclusive); null when empty. */
export function spansOf(P, w) {
  const cells = P.windowCells(w);
  if (!cells.length) return null;
  const n = P.inShape.length;
  const lo = new Array(n).fill(Infinity);
  const hi = new Array(n).fill(-Infinity);
  for (const j of cells) {
    const idx = unflatten(j, P.inShape);
    for (let a = 0; a < n; a++) {
      lo[a] = Math.min(lo[a], idx[a]);
      hi[a] = Math.max(hi[a], idx[a] + 1);
    }
  }
  return lo.map((s, a) => [s, hi[a]]);
}

/** The spans along axis a of every output index along it (the other axes at 0): [[start, end), ...] from the library's windows. */
export function axisSpans(P, a) {
  const out = [];
  const stride = P.outShape.slice(a + 1).reduce((x, y) => x * y, 1);
  for (let i = 0; i < P.outShape[a]; i++) {
    const s = spansOf(P, i * stride);
    out.push(s ? s[a] : null);
  }
  return out;
}

/** Adaptive pooling's window of output i along an axis, as PyTorch writes it: [floor(i·In/Out), ceil((i+1)·In/Out)). */
export function adaptiveSpan(i, inSize, outSize) {
  return [Math.floor((i * inSize) / outSize), Math.ceil(((i + 1) * inSize) / outSize)];
}

/**
 * Fractional max pooling's interval starts along one axis (PyTorch's generate_intervals, in float
 * like its scalar_t: https://github.com/pytorch/pytorch/blob/main/aten/src/ATen/native/FractionalMaxPool2d.cpp):
 * alpha = (In − K)/(Out − 1); start_i = floor((i + u)·alpha) − floor(u·alpha) for i < Out − 1;
 * the last start is In − K. Returns {alpha, base: floor(u·alpha), starts, raw: floor((i + u)·alpha)}.
 */
export function fractionalStarts(u, inSize, outSize, k) {
  const fr = Math.fround;
  const alpha = outSize > 1 ? fr(fr(inSize - k) / fr(outSize - 1)) : 0;
  const base = Math.trunc(fr(fr(u) * alpha));
  const raw = [];
  const starts = [];
  for (let i = 0; i < outSize - 1; i++) {
    raw.push(Math.trunc(fr(fr(i + fr(u)) * alpha)));
    starts.push(raw[i] - base);
  }
  starts.push(inSize - k);
  return { alpha, base, starts, raw };
}

/**
 * The sample u of axis a of a fractional plane: PyTorch's _random_samples order is 2-D [w, h]
 * and 3-D [t, h, w] (FractionalMaxPool3d.cpp: sequenceT from sample 0).
 */
export function sampleOfAxis(samples, dims, a) {
  return dims === 2 ? samples[1 - a] : samples[a];
}
