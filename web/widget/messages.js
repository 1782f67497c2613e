// messages.js: the messages the element shows by its controls, and which control each belongs to.
//
// A message is {message, kind} with kind 'core' (the library's words, English, with its code and
// parameter: core-messages.js), 'parse' (a value that could not be read, English) or 'local' (the
// widget's own words: {key, args}, a function of the strings of i18n.js). Every kind is shown in
// the language shown, and rewritten whenever that changes; `message` stays the original.
import { paramByName } from './state.js';
import { coreText, parseText } from './core-messages.js';

/** The control (attribute key) of a library error's .param (its JS option name); null if none. */
export function controlOf(param) {
  if (param === 'input' || param === 'inputShape') return 'size'; // the input's shape, rank or size
  if (param === 'gradOutput') return 'grad-values';
  if (param === 'randomSamples') return 'samples'; // fractional max pooling's samples (the widget always passes them)
  return paramByName(param)?.key ?? null;
}

/** The text shown for a message (e: an entry of Messages, with its control in e.param) in the strings `t`. */
export function messageText(t, e) {
  if (e.kind === 'local') return t[e.key](...e.args);
  return e.kind === 'core' ? coreText(t, e) : parseText(t, e);
}

/** The hover text of a shown message: the English original when the text shown is a translation, else ''. */
export function messageTitle(t, e) {
  return e.kind !== 'local' && messageText(t, e) !== e.message ? e.message : '';
}

/** A message in the widget's words: t[key](...args), also as text in `t`'s language. */
export function local(t, key, ...args) {
  return { kind: 'local', key, args, message: t[key](...args) };
}

/**
 * The messages shown, by control (attribute key). A sticky message (a bad attribute, URL value or
 * property) stays after a good render, until that parameter changes; the others go then.
 */
export class Messages {
  constructor() {
    this.map = new Map(); // param -> {message, kind, key?, args?}
    this.sticky = new Set();
  }

  set(param, entry, sticky = false) {
    this.map.set(param, { ...entry, param });
    if (sticky) this.sticky.add(param);
    else this.sticky.delete(param);
  }

  /** The message of `param` (if any) becomes sticky. */
  keep(param) {
    if (this.map.has(param)) this.sticky.add(param);
  }

  clear(param) {
    this.sticky.delete(param);
    this.map.delete(param);
  }

  clearSticky() {
    for (const p of this.sticky) this.map.delete(p);
    this.sticky.clear();
  }

  /** After a good render: every message that is not sticky goes. */
  clearTransient() {
    for (const p of [...this.map.keys()]) if (!this.sticky.has(p)) this.map.delete(p);
  }

  /** [[param, entry], ...] in the order they were set. */
  entries() {
    return [...this.map];
  }
}
