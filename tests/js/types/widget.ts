// A consumer of 'poolgrad/widget' in a page, type-checked with tsc --noEmit --strict and the DOM
// library (tsconfig.dom.json, beside consumer.ts: one program using both entries). It touches
// every public member of <pool-grad> (web/widget/element.js) and both of its events; each
// line marked @ts-expect-error is a misuse the declarations must reject.
import 'poolgrad/widget';
import { PoolGrad, PoolGradElement } from 'poolgrad/widget';
import type {
  PoolGradState, PoolGradStateInput, PoolGradResults, PoolGradComparison, PoolGradCompareColumn,
  PoolGradCompareReason, PoolGradChangeDetail, PoolGradErrorDetail, PoolGradEventMap, PoolGradTensor,
  PoolGradOp, PoolGradPart, PoolGradNumber, PoolGradFramework, PoolGradComparePreset,
} from 'poolgrad/widget';

// The tag name is typed everywhere the DOM maps names to elements.
const el: PoolGradElement = document.createElement('pool-grad');
const found: PoolGradElement | null = document.querySelector('pool-grad');
const all: NodeListOf<PoolGradElement> = document.querySelectorAll('pool-grad');
const byMap: HTMLElementTagNameMap['pool-grad'] = el;
const sameClass: typeof PoolGradElement = PoolGrad;
const attributes: readonly string[] = PoolGradElement.observedAttributes;
const constructed: HTMLElement = new PoolGrad();

// Properties: state (read a full state, write any part of one), results, comparison, ready.
const input: PoolGradStateInput = { op: 'avg', kernelSize: [3], stride: [1], input: [1, 'nan', '-inf'], compare: ['pytorch', 'onnx'] };
el.state = input;
el.state = { preset: 'compare-nan', tfPadding: 'SAME', onnxAutoPad: 'SAME_LOWER', show: ['controls', 'grad-input'] };
const state: PoolGradState = el.state;
const op: PoolGradOp = state.op;
const dims: 1 | 2 | 3 = state.dims;
const shown: PoolGradPart[] = state.show;
const firstInput: PoolGradNumber | undefined = state.input?.[0];
const frameworks: PoolGradFramework[] = state.compare;
const preset: PoolGradComparePreset = 'compare-argmax';
const results: PoolGradResults | null = el.results;
const gradInput: number[] | undefined = results?.gradInput.data;
const divisors: PoolGradTensor | undefined = results?.divisors;
const comparison: PoolGradComparison | null = el.comparison;
const columns: PoolGradCompareColumn[] = comparison?.columns ?? [];
const reasons: PoolGradCompareReason[] = comparison?.reasons ?? [];
const columnError: string | undefined = columns[0]?.error;
const pair: [PoolGradFramework, PoolGradFramework] | undefined = reasons[0]?.frameworks;
const query: URLSearchParams = el.toQuery();
await el.ready;
document.body.append(el);

// Events: the listener's event and `this` are typed by the event's name.
el.addEventListener('poolgrad-change', function (e) {
  const detail: PoolGradChangeDetail = e.detail;
  const changed: PoolGradState = e.detail.state;
  const self: PoolGradElement = this;
  void [detail, changed, self, e.detail.results?.counts.shape];
});
el.addEventListener('poolgrad-error', (e) => {
  const detail: PoolGradErrorDetail = e.detail;
  const words: string = `${e.detail.param}: ${e.detail.message} / ${e.detail.text} (${e.detail.code ?? 'no code'})`;
  void [detail, words];
}, { once: true });
const onChange = (e: PoolGradEventMap['poolgrad-change']): void => void e.detail.state;
el.addEventListener('poolgrad-change', onChange);
el.removeEventListener('poolgrad-change', onChange);
el.addEventListener('click', (e) => void e.clientX); // the element's inherited events keep their types
el.addEventListener('some-other-event', (e: Event) => void e.type);
// Both events bubble and are composed: a listener on a container, the document or the window is typed too.
document.addEventListener('poolgrad-change', (e) => void e.detail.state.op);
document.body.addEventListener('poolgrad-error', (e) => void e.detail.param);
window.addEventListener('poolgrad-change', (e) => void e.detail.results?.windowsPerPlane);

// Misuses the declarations reject.
// @ts-expect-error results is read-only
el.results = null;
// @ts-expect-error comparison is read-only
el.comparison = null;
// @ts-expect-error ready is read-only
el.ready = Promise.resolve();
// @ts-expect-error not an operation
el.state = { op: 'median' };
// @ts-expect-error 1-D, 2-D or 3-D pooling
el.state = { dims: 4 };
// @ts-expect-error not a framework of the comparison
el.state = { compare: ['caffe'] };
// @ts-expect-error not a part of the element
el.state = { show: ['legend'] };
// @ts-expect-error toQuery gives URLSearchParams, not text
const text: string = el.toQuery();
el.addEventListener('poolgrad-change', (e) => {
  // @ts-expect-error a change has no param (that is poolgrad-error's detail)
  void e.detail.param;
  // @ts-expect-error the detail's results are read-only
  e.detail.results = null;
});
el.addEventListener('poolgrad-error', (e) => {
  // @ts-expect-error code is absent for a value the parser rejected
  const code: string = e.detail.code;
  void code;
});
// @ts-expect-error the element's name has a dash; a plain <poolgrad> is an HTMLElement
const wrongTag: PoolGradElement = document.createElement('poolgrad');

export const widgetUsed = [found, all, byMap, sameClass, attributes, constructed, op, dims, shown, firstInput,
  frameworks, preset, gradInput, divisors, columnError, pair, query, text, wrongTag];
