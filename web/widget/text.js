// text.js: reading text from outside (URL values, attributes, the paste box, an edited cell) into
// numbers. Every reader is one left-to-right pass that looks at each character a bounded number of
// times: no regular expression runs on text longer than a token (TOKEN_CAP), nothing recurses per
// nesting level, and the text is capped before it is read (limits.js). So the time is linear in
// the length, and the worst text of the capped length is read in milliseconds.
//
// Nothing here throws on any string; a failure is {error} with the 1-based character position.
import { TEXT_CAP, TOKEN_CAP, DEPTH_CAP, BUDGET } from './limits.js';
import { canonical, formatCount as fmt } from './format.js';

// ---------------------------------------------------------------------------------------------
// characters

/** The characters of the RegExp class \s (so "1\u00a02" splits as it always did). */
export function isSpace(c) {
  return (c >= 9 && c <= 13) || c === 32 || c === 160 || c === 5760 || (c >= 8192 && c <= 8202) ||
    c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

const isDigit = (c) => c >= 48 && c <= 57;
const COMMA = 44;
const SEMI = 59;
const NL = 10;
const OPEN = 91; // [
const CLOSE = 93; // ]

/** A short quote of user text for a message (set as text, never as markup). */
const quote = (s, n = 20) => `"${s.length > n ? `${s.slice(0, n)}…` : s}"`;

// ---------------------------------------------------------------------------------------------
// one number

const MODULES = ['np.', 'numpy.', 'torch.', 'math.'];

/**
 * The number in text[a, b) (a token, at most TOKEN_CAP long), or undefined. Accepts a decimal
 * with optional sign, fraction and exponent ("1.", ".5", "-2e-3", "+7"), nan / inf / infinity /
 * ∞ in any case with a sign, a Unicode minus (−), and NumPy's / PyTorch's np.nan, torch.inf ...
 */
function readNumber(text, a, b) {
  if (b - a > TOKEN_CAP || b <= a) return undefined;
  const t = text.slice(a, b).toLowerCase();
  let i = 0;
  if (t[i] === '+') i++; // one leading plus: "+5", "+inf", "+-2" as before
  let neg = false;
  if (t[i] === '-' || t[i] === '−') {
    neg = true;
    i++;
  }
  let body = t.slice(i);
  for (const m of MODULES) {
    if (body.startsWith(m) && (body.length === m.length + 3) && (body.endsWith('nan') || body.endsWith('inf'))) {
      body = body.slice(m.length);
      break;
    }
  }
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity' || body === '∞') return neg ? -Infinity : Infinity;
  // digits [. digits] [e [+-] digits], with at least one digit before the exponent
  const n = body.length;
  let j = 0;
  let digits = 0;
  while (j < n && isDigit(body.charCodeAt(j))) { j++; digits++; }
  if (j < n && body[j] === '.') {
    j++;
    while (j < n && isDigit(body.charCodeAt(j))) { j++; digits++; }
  }
  if (digits === 0) return undefined;
  if (j < n && body[j] === 'e') {
    j++;
    if (j < n && (body[j] === '+' || body[j] === '-')) j++;
    let e = 0;
    while (j < n && isDigit(body.charCodeAt(j))) { j++; e++; }
    if (e === 0) return undefined;
  }
  if (j !== n) return undefined;
  const v = Number(neg ? `-${body}` : body);
  return Number.isNaN(v) ? undefined : v;
}

/** A number read from text (surrounding spaces allowed), or undefined; see readNumber. */
export function parseNumber(text) {
  const s = String(text);
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return readNumber(s, a, b);
}

/** An integer token of at most `maxDigits` digits with an optional sign, or undefined. */
export function readInt(token, maxDigits) {
  let i = 0;
  if (token[0] === '+' || token[0] === '-') i = 1;
  const n = token.length - i;
  if (n < 1 || n > maxDigits) return undefined;
  for (let j = i; j < token.length; j++) if (!isDigit(token.charCodeAt(j))) return undefined;
  const v = Number(token);
  return Object.is(v, -0) ? 0 : v;
}

/**
 * 1 to 3 integers separated by x, ×, *, commas or spaces ("6", "2x3", "3, 4, 4"), each of at most
 * 9 digits, in [min, max]; or undefined. text: at most TEXT_CAP.short characters.
 */
export function parseIntList(text, min, max) {
  const out = [];
  const n = text.length;
  let i = 0;
  const sep = (ch) => ch === 'x' || ch === '×' || ch === '*' || ch === ',' || isSpace(ch.charCodeAt(0));
  while (i < n) {
    if (sep(text[i])) { i++; continue; }
    let j = i;
    while (j < n && !sep(text[j])) j++;
    if (out.length === 3) return undefined;
    const v = readInt(text.slice(i, j), 9);
    if (v === undefined || v < min || v > max) return undefined;
    out.push(v);
    i = j;
  }
  return out.length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// a matrix

const KEYWORDS = ['dtype', 'device', 'requires_grad'];

/**
 * Parses matrix text: numbers separated by spaces, commas, semicolons or newlines (a `;` or a
 * newline ends a row), or a Python / NumPy nested list ("[[1, 2], [3, 4]]",
 * "array([[...]], dtype=float32)", "tensor(...)"). Returns {values, shape} (shape from the nesting,
 * or [rows, columns] for two or more equal rows, else [count]) or {error, at} (at: 1-based
 * character position, when there is one).
 * opts: {maxLength = TEXT_CAP.paste, maxElements = BUDGET.elements, maxDepth = DEPTH_CAP}.
 */
export function parseMatrixText(text, opts = {}) {
  const maxLength = opts.maxLength ?? TEXT_CAP.paste;
  const maxElements = opts.maxElements ?? BUDGET.elements;
  const maxDepth = opts.maxDepth ?? DEPTH_CAP;
  if (typeof text !== 'string') return { error: 'not text' };
  if (text.length > maxLength) {
    return { error: `too long: ${fmt(text.length)} characters, at most ${fmt(maxLength)}` };
  }
  let [a, b] = unwrap(text);
  if (a >= b) return { error: 'empty' };
  const r = text.charCodeAt(a) === OPEN
    ? nested(text, a, b, maxElements, maxDepth)
    : rows(text, a, b, maxElements);
  if (r.error) return r;
  if (!r.values.length) return { error: 'empty' };
  return r;
}

/**
 * The bounds [a, b) of the numbers in text: spaces trimmed, a call's name and parentheses
 * ("np.array(", "tensor(" ... ")") and trailing keyword arguments after the last "]"
 * (", dtype=float32", ", requires_grad=True") dropped.
 */
function unwrap(text) {
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  // name( ... ): letters, _ and . then "(", and one ")" at the end (also alone: a list copied
  // out of "tensor([[1., 2.]])" from its first "[" to the end)
  let k = a;
  while (k < b && /[A-Za-z_.]/.test(text[k])) k++;
  if (k < b && text[k] === '(') a = k + 1;
  if (b > a && text[b - 1] === ')') b--;
  // ", keyword=..." after the last "]" (or anywhere, with no list)
  let last = b - 1;
  while (last >= a && text.charCodeAt(last) !== CLOSE) last--;
  for (let i = Math.max(a, last + 1); i < b; i++) {
    if (text.charCodeAt(i) !== COMMA) continue;
    let j = i + 1;
    while (j < b && isSpace(text.charCodeAt(j))) j++;
    const c0 = text.charCodeAt(j); // d(type, evice) or r(equires_grad)
    const kw = c0 === 100 || c0 === 114 ? KEYWORDS.find((w) => text.startsWith(w, j)) : undefined;
    if (!kw) continue;
    j += kw.length;
    while (j < b && isSpace(text.charCodeAt(j))) j++;
    if (j < b && text[j] === '=') {
      b = i;
      break;
    }
  }
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  return [a, b];
}

/** End of the token that starts at i: the first separator, or i + TOKEN_CAP + 1 if none comes sooner. */
function tokenEnd(text, i, b, isSep) {
  const stop = Math.min(b, i + TOKEN_CAP + 1);
  let j = i;
  while (j < stop && !isSep(text.charCodeAt(j))) j++;
  return j;
}

function badToken(text, i, j) {
  if (j - i > TOKEN_CAP) {
    return { error: `a token longer than ${TOKEN_CAP} characters at character ${fmt(i + 1)}: ${quote(text.slice(i, i + 21))}`, at: i + 1 };
  }
  return { error: `not a number at character ${fmt(i + 1)}: ${quote(text.slice(i, j))}`, at: i + 1 };
}

const tooMany = (max, i) => ({ error: `more than ${fmt(max)} numbers (at character ${fmt(i + 1)})`, at: i + 1 });

/** Flat text: rows end at ";" or a newline; cells are separated by spaces or commas. */
function rows(text, a, b, maxElements) {
  const isSep = (c) => c === COMMA || c === SEMI || isSpace(c);
  const values = [];
  let nrows = 0;
  let width = -1;
  let rectangular = true;
  let cells = 0;
  const endRow = () => {
    if (cells === 0) return; // blank lines and stray separators make no row
    nrows++;
    if (width < 0) width = cells;
    else if (width !== cells) rectangular = false;
    cells = 0;
  };
  for (let i = a; i < b;) {
    const c = text.charCodeAt(i);
    if (c === SEMI || c === NL) { endRow(); i++; continue; }
    if (c === COMMA || isSpace(c)) { i++; continue; }
    const j = tokenEnd(text, i, b, isSep);
    const v = j - i > TOKEN_CAP ? undefined : readNumber(text, i, j);
    if (v === undefined) return badToken(text, i, j);
    if (values.length >= maxElements) return tooMany(maxElements, i);
    values.push(canonical(v));
    cells++;
    i = j;
  }
  endRow();
  return { values, shape: nrows > 1 && rectangular ? [nrows, width] : [values.length] };
}

/**
 * A nested list, read with one open-list counter per level (no recursion, no tree): the lists of a
 * level must all have one length, and the items of a level must all be lists or all be numbers;
 * that is exactly a rectangular (non-ragged) array, whose shape is the lengths per level.
 */
function nested(text, a, b, maxElements, maxDepth) {
  const isSep = (c) => c === COMMA || c === OPEN || c === CLOSE || isSpace(c);
  const values = [];
  const length = []; // length[d]: the length of every list at level d (the root is level 0)
  const count = []; // count[d]: items so far in the open list at level d
  const kind = []; // kind[d]: 'list' or 'number', the items at level d (inside lists of level d - 1)
  let depth = 0; // lists open
  let closed = false; // the root list is complete
  let leaf = -1; // the level of the numbers
  const ragged = (i, what) => ({ error: `ragged nested list at character ${fmt(i + 1)}: ${what}`, at: i + 1 });
  const item = (i, k) => {
    if (kind[depth] === undefined) kind[depth] = k;
    else if (kind[depth] !== k) return ragged(i, `a ${k} where the others at this level are ${kind[depth]}s`);
    count[depth - 1]++;
    return null;
  };
  for (let i = a; i < b;) {
    const c = text.charCodeAt(i);
    if (c === COMMA || isSpace(c)) { i++; continue; }
    if (c === OPEN) {
      if (closed) return { error: `more than one top-level list (character ${fmt(i + 1)})`, at: i + 1 };
      if (depth >= maxDepth) {
        return { error: `nested deeper than ${maxDepth} levels at character ${fmt(i + 1)}`, at: i + 1 };
      }
      if (depth > 0) {
        const bad = item(i, 'list');
        if (bad) return bad;
      }
      count[depth] = 0;
      depth++;
      i++;
      continue;
    }
    if (c === CLOSE) {
      if (depth === 0) return { error: `unbalanced ] at character ${fmt(i + 1)}`, at: i + 1 };
      depth--;
      const n = count[depth];
      if (length[depth] === undefined) length[depth] = n;
      else if (length[depth] !== n) return ragged(i, `a list of ${n} where the others at this level have ${length[depth]}`);
      if (depth === 0) closed = true;
      i++;
      continue;
    }
    const j = tokenEnd(text, i, b, isSep);
    const v = j - i > TOKEN_CAP ? undefined : readNumber(text, i, j);
    if (v === undefined) return badToken(text, i, j);
    if (depth === 0) return { error: `number outside the list at character ${fmt(i + 1)}`, at: i + 1 };
    const bad = item(i, 'number');
    if (bad) return bad;
    leaf = depth;
    if (values.length >= maxElements) return tooMany(maxElements, i);
    values.push(canonical(v));
    i = j;
  }
  if (depth > 0) return { error: `unbalanced [: ${depth} list${depth === 1 ? '' : 's'} not closed at the end`, at: b };
  return { values, shape: leaf < 0 ? [] : length.slice(0, leaf) };
}
