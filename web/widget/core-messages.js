// core-messages.js: the library's rejections and the value parser's, in the language shown.
//
// A library rejection is a RangeError with .param (the option's JS name), .code (the core's short
// reason, cpp/status.h) and the core's English .message. In Chinese the sentence is chosen by the
// code and the parameter (coreKey), never by reading the English words; its numbers are the values
// the widget asked the library about (the state it tried: kernel_size, stride, the input's
// shape ...), formatted here. A number only the core computes (half the dilated kernel, the output
// size, a size limit) stays in the English original, which is always kept: as the message's
// title (hover) and as `message` in poolgrad-error's detail. A code this file does not know (a
// newer core) still reads as Chinese: the parameter's label, "invalid" and the code.
// English shows the core's own words (t.coreMessages is null).
//
// A parser message ({param: key, message}, English, state.js) is, in Chinese, the parameter's
// label and what its value must look like, from the parameter's spec (PARAMS: kind, range, words).
import { paramByKey, paramByName, PARTS } from './state.js';

const FACTS = ['op', 'dims', 'kernelSize', 'stride', 'padding', 'dilation', 'divisorOverride', 'ceilMode', 'size'];

/** The message entry of a library error for the state the widget tried (messages.js). */
export function coreEntry(err, state) {
  const facts = {};
  for (const k of FACTS) facts[k] = Array.isArray(state?.[k]) ? state[k].slice() : state?.[k];
  facts.shape = state ? [state.batch, state.channels, ...state.size] : [];
  return {
    kind: 'core',
    message: err && err.message ? err.message : String(err),
    code: typeof err?.code === 'string' ? err.code : '',
    about: typeof err?.param === 'string' ? err.param : '',
    facts,
  };
}

/** Which sentence of t.coreMessages says what is wrong: by code and parameter (and operation). */
export function coreKey(code, about, op) {
  switch (code) {
    case 'required': return 'required';
    case 'bad_list_length': return 'listLength';
    case 'out_of_range':
      if (about === 'dims') return 'dims';
      if (about === 'padding') return 'padding';
      if (about === 'dilation' && op === 'avg') return 'avgDilation';
      if (about === 'divisorOverride') return 'divisorZero';
      if (about === 'input' || about === 'inputShape') return 'inputDim';
      if (about === 'kernelSize' || about === 'stride' || about === 'dilation') return 'positive';
      return 'outOfRange';
    case 'conflict': return 'conflict';
    case 'too_large': return about === 'input' || about === 'inputShape' ? 'inputTooLarge' : 'tooLarge';
    case 'bad_rank': return 'rank';
    case 'output_too_small': return 'outputTooSmall';
    case 'too_much_work': return 'work';
    case 'bad_length': return 'length';
    case 'bad_index': return 'index';
    default: return 'fallback';
  }
}

/** A parameter's name as shown in `t` (state field name or library option name). */
export function labelOf(t, name) {
  if (t.messageLabels?.[name]) return t.messageLabels[name];
  const text = typeof t[name] === 'string' && paramByName(name) ? t[name] : null;
  return text ?? String(name || '?');
}

const axes = (v) => (Array.isArray(v) ? v.join('×') : v === null || v === undefined ? 'none' : String(v));

/** The text of a library error entry in `t`'s language. */
export function coreText(t, e) {
  const sentences = t.coreMessages;
  if (!sentences) return e.message;
  const f = e.facts ?? {};
  const a = {
    label: labelOf(t, e.about), about: e.about, code: e.code || '?', op: f.op, dims: f.dims, ceilMode: !!f.ceilMode,
    value: axes(f[e.about === 'inputShape' ? 'shape' : e.about]),
    kernelSize: axes(f.kernelSize), stride: axes(f.stride), padding: axes(f.padding),
    dilation: axes(f.dilation), size: axes(f.size), shape: axes(f.shape),
  };
  return sentences[coreKey(e.code, e.about, f.op)](a);
}

/** The text of a parser message (its control's key in e.param) in `t`'s language. */
export function parseText(t, e) {
  const words = t.parseMessages;
  if (!words) return e.message;
  const p = paramByKey(e.param);
  if (!p) return words.other(e.param);
  return words.lead(labelOf(t, p.name), expectation(words, p) || (t.famParseWords?.[p.kind]?.() ?? ''));
}

/** What a value of parameter `p` must look like, from its spec. */
function expectation(words, p) {
  switch (p.kind) {
    case 'enum': return words.oneOf(p.values.filter((v) => v !== '').join(', '));
    case 'enum-int': return words.oneOf(p.values.join(', '));
    case 'ints': return p.min > 0 ? words.sizes(p.min, p.max) : words.ints();
    case 'int': return p.name === 'plane' ? words.plane() : words.int(p.min, p.max);
    case 'bool': return words.bool();
    case 'int-or-none': return words.intOrNone();
    case 'floats': return words.floats();
    case 'parts': return words.parts(PARTS.join(', '));
    default: return '';
  }
}
