// limits.js: every cap the widget puts on text from outside and on the work of one view, in one
// place. The text caps bound the parsers (text.js), which are single left-to-right passes, so a
// parse costs at most a few milliseconds per 100 KiB; the work budget (engine.viewCost,
// overBudget below) bounds what a view computes and draws, so every reachable view renders and
// changes in a fraction of a second. The core's own cap (the library's maxElements) still
// applies: the element budget is the smaller of the two (lib.limits().maxElements, engine.maxElements()).

// the numbers of a whole input or output tensor of a view (see BUDGET below)
const ELEMENTS = 1 << 14;

/** Text length caps, in UTF-16 code units (String.length). */
export const TEXT_CAP = {
  /** the paste box: room for a NumPy / PyTorch printout of a full view with its padding */
  paste: 1 << 20,
  /**
   * one URL value or attribute holding numbers (input, grad-values): the longest serialization of
   * any view within the element budget fits (22 characters for the longest float32 decimal, e.g.
   * "-123456789000000000000", and a separator), so a shown view always survives its own link.
   */
  value: 24 * ELEMENTS,
  /** every other URL value or attribute (kernel-size, show, ...): a few words or numbers */
  short: 256,
  /** the whole query string of the page's URL (two value fields and the rest); browsers stop near 2 MB */
  query: 2 << 20,
};

/** Characters in one number token: "-1.2345678901234567e-308" is 24; anything longer is not a number we print. */
export const TOKEN_CAP = 64;

/** Levels of a nested list: (N, C, D, H, W) is the deepest input the widget can show. */
export const DEPTH_CAP = 5;

/**
 * The work budget of one view (checked before anything is computed, from the library's output
 * shape; overBudget):
 * - elements: the whole input tensor N·C·∏size and the whole output tensor N·C·∏out are each
 *   computed, copied and (when explicit) written into the URL on every change (2^14 numbers:
 *   a URL of TEXT_CAP.value characters already takes the browser itself a second to load);
 * - cells: every cell of a drawn matrix (one (n, c) plane) is a DOM node with its number;
 * - taps: N·C·(windows per plane)·∏kernel_size, the inner steps of each of the core's three passes
 *   (forward, backward, routing counts) and the size of one plane's window list (poolWindows).
 * Measured on the development machine (2 shared cores, Chromium 156): a view at the tap budget
 * computes in about 0.1 s; 64x64x16x16 with kernel 32 (1.1e9 taps) took 5 s before the budget.
 */
export const BUDGET = {
  elements: ELEMENTS,
  cells: 4096,
  taps: 1 << 23,
};

/**
 * The first limit a view's cost goes over, or null. cost: {planes, inCells, outCells, taps}
 * (engine.viewCost); maxElements: the element cap in force (engine.maxElements()).
 * Returns {limit: 'elements-in' | 'elements-out' | 'cells-in' | 'cells-out' | 'taps', value, max}.
 */
export function overBudget(cost, maxElements = BUDGET.elements) {
  const el = Math.min(BUDGET.elements, maxElements);
  if (cost.inCells > BUDGET.cells) return { limit: 'cells-in', value: cost.inCells, max: BUDGET.cells };
  if (cost.planes * cost.inCells > el) return { limit: 'elements-in', value: cost.planes * cost.inCells, max: el };
  if (cost.outCells > BUDGET.cells) return { limit: 'cells-out', value: cost.outCells, max: BUDGET.cells };
  if (cost.planes * cost.outCells > el) return { limit: 'elements-out', value: cost.planes * cost.outCells, max: el };
  if (cost.taps > BUDGET.taps) return { limit: 'taps', value: cost.taps, max: BUDGET.taps };
  return null;
}
