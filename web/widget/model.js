// model.js: the library's answer for one state (Results) and one (n, c) plane of it (Plane). The
// caches derived from an answer live on it: window membership on the Results (one geometry per
// answer), partial gradients and one window's contribution on the Plane. A new answer starts
// with empty caches, so nothing can be stale.
import * as engine from './engine.js';
import { PARAMS, resolveInput, resolveSamples } from './state.js';
import { ringOf } from './padding.js';
import { usesParam, isUnpool, windowsPerPlaneDiffer, countsMeaning, matrixSide } from './ops.js';

// the fields the library's answer depends on (with the input's numbers): pooling, shape, gradient
const QUESTION = PARAMS.filter((p) => p.group === 'pooling' || p.group === 'shape' || p.group === 'grad').map((p) => p.name);

const same = (a, b) => (Array.isArray(a) && Array.isArray(b)
  ? a.length === b.length && a.every((x, i) => Object.is(x, b[i]))
  : Object.is(a, b));

export class Results {
  /**
   * Runs forward, backward and the routing counts for `state` on the whole (N, C, ...) tensor.
   * Throws the library's TypeError / RangeError for an invalid combination.
   */
  constructor(state) {
    this.state = Object.fromEntries(QUESTION.map((k) => [k, state[k]]));
    const r = engine.compute(state, new Float32Array(resolveInput(state)), state.gradValues);
    this.input = r.input;
    this.source = r.source; // max unpooling: the max pooling's input (its output is `input`)
    this.output = r.output;
    this.indices = r.indices;
    this.gradOutput = r.gradOutput;
    this.gradInput = r.gradInput;
    this.counts = r.counts;
    this.windowsPerPlane = r.windowsPerPlane;
    this.divisors = r.divisors;
    this._geometry = new Map(); // plane -> geometry (one for all planes unless ops.js says they differ)
    this._ring = undefined;
    this._planes = new Map();
  }

  /** Whether `state` asks the library the same question (so this answer stands for it too). */
  answers(state) {
    if (!QUESTION.every((k) => same(this.state[k], state[k]))) return false;
    const x = resolveInput(state);
    const data = this.input.data;
    if (x.length !== data.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(Math.fround(x[i]), data[i])) return false;
    return true;
  }

  /**
   * Window membership of plane p (the core's poolWindows and its reverse map), asked once: the
   * same for every plane, except fractional max pooling (each plane's samples) and max
   * unpooling (each plane's indices).
   */
  geometry(p = 0) {
    const key = windowsPerPlaneDiffer(this.state.op) ? p : 0;
    let g = this._geometry.get(key);
    if (!g) {
      const indices = isUnpool(this.state.op) ? this.plane(p).indices : null;
      g = engine.windowGeometry(this.state, key, indices, this.input.shape.slice(2));
      this._geometry.set(key, g);
    }
    return g;
  }

  /** The padding ring of the input (padding.js), or null: the core's padded input, asked once. */
  ring() {
    if (this._ring === undefined) {
      const st = this.state;
      const uses = (name) => usesParam(st.op, name);
      const needed = st.dims <= 2 && !isUnpool(st.op) && ((uses('padding') && st.padding.some((p) => p > 0)) ||
        (uses('ceilMode') && st.ceilMode) || (uses('dilation') && st.dilation.some((d) => d > 1)));
      this._ring = needed ? ringOf(st, engine.paddedExtent(st, this.output.shape.slice(2)), this.windowsPerPlane) : null;
    }
    return this._ring;
  }

  /** The (n, c) plane p (n * channels + c). */
  plane(p) {
    let plane = this._planes.get(p);
    if (!plane) {
      plane = new Plane(this, p);
      this._planes.set(p, plane);
    }
    return plane;
  }
}

export class Plane {
  constructor(results, p) {
    const dims = results.state.dims;
    const of = (t) => engine.planeOf(t, p, dims).data;
    this.results = results;
    this.index = p;
    this.op = results.state.op;
    this.inShape = results.input.shape.slice(2); // max unpooling: the pooled plane
    this.outShape = results.output.shape.slice(2);
    this.windows = results.windowsPerPlane;
    this.outNumel = results.output.data.length; // of the whole output (loss = mean divides by it)
    this.input = of(results.input);
    this.output = of(results.output);
    this.gradOutput = of(results.gradOutput);
    this.gradInput = of(results.gradInput);
    this.counts = of(results.counts); // max unpooling: per output cell (ops.js matrixSide)
    this.indices = results.indices ? of(results.indices) : null; // max unpooling: beside its input
    this.divisors = results.divisors ? results.divisors.data : null;
    this.source = results.source ? of(results.source) : null; // max unpooling: the max pooling's input plane
    this._partial = new Map();
    this._partialCounts = new Map();
    this._contrib = new Map();
  }

  /** Flat input indices (within the plane) covered by window w, in the core's order. */
  windowCells(w) {
    return engine.windowCells(this.results.geometry(this.index), w);
  }

  /** Flat output indices (within the plane) of the windows that contain input cell j, ascending. */
  windowsOf(j) {
    return engine.windowsOf(this.results.geometry(this.index), j);
  }

  /** dL/dx after the first n windows sent their gradient back (the library's backward). */
  partialGradInput(n) {
    if (n >= this.windows) return this.gradInput;
    if (!this._partial.has(n)) this._partial.set(n, engine.maskedGradInput(this.results.state, this, (w) => w < n));
    return this._partial.get(n);
  }

  /**
   * The routing counts after the first n windows sent their gradient back: for each input cell,
   * how many of those windows chose it (max: the library's argmax) or cover it (average: the
   * library's windows). n = all windows gives the library's counts.
   */
  partialCounts(n) {
    if (n >= this.windows) return this.counts;
    let c = this._partialCounts.get(n);
    if (!c) {
      c = new Float32Array(this.counts.length);
      const writes = countsMeaning(this.op) === 'writes'; // max unpooling: the output cells written so far
      for (let w = 0; w < n; w++) {
        if (writes) {
          c[w] = this.counts[w];
        } else if (countsMeaning(this.op) === 'wins') {
          if (this.indices[w] >= 0) c[this.indices[w]]++;
        } else {
          for (const j of this.windowCells(w)) c[j]++;
        }
      }
      this._partialCounts.set(n, c);
    }
    return c;
  }

  /** One window's gradient contribution to every input cell of the plane (the library's backward). */
  contribution(w) {
    if (!this._contrib.has(w)) this._contrib.set(w, engine.maskedGradInput(this.results.state, this, (x) => x === w));
    return this._contrib.get(w);
  }

  /** The plane as the element's `results` property: plain arrays, spatial shapes. */
  toJSON() {
    const t = (data, shape) => ({ data: toArray(data), shape: shape.slice() });
    const shapeOf = (name) => (matrixSide(this.op, name) === 'in' ? this.inShape : this.outShape);
    const out = {
      input: t(this.input, this.inShape),
      output: t(this.output, this.outShape),
      gradOutput: t(this.gradOutput, this.outShape),
      gradInput: t(this.gradInput, this.inShape),
      counts: t(this.counts, shapeOf('counts')),
      windowsPerPlane: this.windows,
    };
    if (this.indices) out.indices = t(this.indices, shapeOf('indices'));
    if (this.source) out.source = t(this.source, this.results.source.shape.slice(2));
    if (usesParam(this.op, 'samples')) out.samples = this.samples();
    if (this.divisors) out.divisors = t(this.divisors, this.results.divisors.shape);
    return out;
  }

  /** Fractional max pooling: this plane's random samples (PyTorch's order: 2-D [w, h], 3-D [d, h, w]). */
  samples() {
    const st = this.results.state;
    return resolveSamples(st).slice(this.index * st.dims, (this.index + 1) * st.dims);
  }
}

/** A plain array copy of a typed array (faster than Array.from for a few thousand numbers). */
function toArray(t) {
  const out = new Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i];
  return out;
}
