// rules.js: which of PyTorch's rules decided a window, for the explanation in words. The window,
// its values and its argmax are the library's; this only reads them to name the rule.
import { hasArgmax } from './ops.js';

/**
 * For max pooling window w of a plane: {kind: 'nan', n} when NaNs decided it (a NaN wins, the
 * last NaN is reported), {kind: 'tie', n} when n > 1 elements share the maximum (the first in
 * row-major window order wins), else null.
 */
export function ruleOf(P, w) {
  if (!hasArgmax(P.op) || P.indices[w] < 0) return null;
  const cells = P.windowCells(w);
  let nans = 0;
  let ties = 0;
  const best = P.output[w];
  for (const j of cells) {
    const v = P.input[j];
    if (v !== v) nans++; // eslint-disable-line no-self-compare
    else if (v === best) ties++;
  }
  if (nans) return { kind: 'nan', n: nans };
  return ties > 1 ? { kind: 'tie', n: ties } : null;
}

/**
 * Why an average window divides by `div` (the library's divisor), in words: divisor_override,
 * count_include_pad with the padding (and overhang) taps it counts or leaves out, or the window's
 * elements (null: nothing to add, the window has no padding). real: the window's input elements; on: windowOnRing's answer (or null, no ring).
 */
export function divisorWhy(t, state, div, real, on) {
  if (state.divisorOverride !== null) return t.divOverride(div);
  const pad = on ? on.padTaps : 0;
  const over = on ? on.overTaps : 0;
  if (!pad && !over) return null; // no padding in the window: the divisor is its size, said in the first line
  return state.countIncludePad ? t.divIncludePad(div, real, pad, over) : t.divExcludePad(div, real, pad, over);
}
