// The core's rejections in Chinese (web/widget/core-messages.js): real RangeErrors of the library
// for widget states, translated by their .code and .param (never by reading the English words),
// with the numbers of the state the widget asked about; the English original is kept.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init } from '../../web/lib/index.js';
import { defaultState } from '../../web/widget/state.js';
import { checkState } from '../../web/widget/engine.js';
import { coreEntry, coreKey, coreText, parseText } from '../../web/widget/core-messages.js';
import { messageText, messageTitle } from '../../web/widget/messages.js';
import { STRINGS } from '../../web/widget/i18n.js';

before(() => init());

/** The library's error for a widget state (defaults patched), as the element records it. */
function rejected(patch) {
  const state = { ...defaultState(), ...patch };
  try {
    checkState(state);
  } catch (err) {
    assert.ok(err instanceof RangeError, `${JSON.stringify(patch)}: a RangeError (${err})`);
    return { err, entry: coreEntry(err, state) };
  }
  return assert.fail(`${JSON.stringify(patch)} was accepted`);
}

// words that may stay in Latin letters in Chinese text: PyTorch's parameter names and symbols
const NAMES = /kernel_size|divisor_override|output_size|output_ratio|norm_type|random_samples|count_include_pad|ceil_mode|stride|padding|dilation|dims|indices|none|dL\/dy|\bx\b/g;
const untranslated = (text) => text.replace(NAMES, '').match(/[A-Za-z]{2,}/g);

for (const [label, patch, code, about, expected] of [
  // 6x6 with a 9x9 window: no output (the core names kernel_size)
  ['a window larger than the input', { kernelSize: [9] }, 'output_too_small', 'kernelSize',
    /^kernel_size 核大小：窗口放不进输入，输出大小小于 1（输入大小 6×6，kernel_size = 9，stride = 2，padding = 0，dilation = 1）$/],
  ['padding above half the kernel', { padding: [2] }, 'out_of_range', 'padding',
    /^padding 填充 必须至少为 0，且不超过（膨胀后）核大小的一半；当前 padding = 2，kernel_size = 2，dilation = 1$/],
  ['stride 0', { stride: [0] }, 'out_of_range', 'stride', /^stride 步长 必须大于 0（且不超过大小上限），当前为 0$/],
  ['divisor_override 0', { op: 'avg', divisorOverride: 0 }, 'out_of_range', 'divisorOverride', /^divisor_override 除数覆盖 不能为 0$/],
  ['a huge kernel', { kernelSize: [1e9] }, 'too_large', 'kernelSize', /^kernel_size 核大小 超过了大小上限，当前为 1000000000$/],
]) {
  test(`core message in Chinese: ${label}`, () => {
    const { err, entry } = rejected(patch);
    assert.equal(err.code, code);
    assert.equal(err.param, about);
    const zh = messageText(STRINGS.zh, entry);
    assert.match(zh, expected);
    assert.equal(untranslated(zh), null, `no English word left: ${zh}`);
    assert.equal(messageTitle(STRINGS.zh, entry), err.message, 'the English original on hover');
    assert.equal(messageText(STRINGS.en, entry), err.message, 'English: the core\'s own words');
    assert.equal(messageTitle(STRINGS.en, entry), '');
  });
}

test('every code of cpp/status.h has a Chinese sentence for the parameters it comes with', () => {
  const pairs = [
    ['required', 'kernelSize'], ['bad_list_length', 'stride'], ['out_of_range', 'dims'], ['out_of_range', 'kernelSize'],
    ['out_of_range', 'dilation'], ['out_of_range', 'padding'], ['out_of_range', 'divisorOverride'], ['out_of_range', 'input'],
    ['too_large', 'padding'], ['too_large', 'input'], ['bad_rank', 'input'], ['output_too_small', 'kernelSize'],
    ['too_much_work', 'kernelSize'], ['bad_length', 'gradOutput'], ['bad_length', 'indices'], ['bad_index', 'indices'],
  ];
  for (const [code, about] of pairs) {
    assert.notEqual(coreKey(code, about, 'max'), 'fallback', `${code} / ${about}`);
    const text = coreText(STRINGS.zh, { kind: 'core', message: 'English', code, about, facts: { ...defaultState(), shape: [1, 1, 6, 6] } });
    assert.match(text, /[\u4e00-\u9fff]/, `${code} / ${about}: ${text}`);
    assert.equal(untranslated(text), null, `${code} / ${about}: ${text}`);
  }
  assert.equal(coreKey('out_of_range', 'dilation', 'avg'), 'avgDilation');
  // the pooling family's parameters and codes (being added to the core): named in Chinese too
  for (const [code, about, text] of [
    ['required', 'outputSize', '缺少 output_size 输出大小'],
    ['conflict', 'outputRatio', 'output_ratio 输出比例 不能与和它互斥的参数同时给出'],
    ['out_of_range', 'normType', 'norm_type 范数阶数 超出了允许的范围'],
  ]) assert.equal(coreText(STRINGS.zh, { kind: 'core', message: 'English', code, about, facts: {} }), text);
});

test('a code this widget does not know still reads as Chinese, with the English original kept', () => {
  const entry = { kind: 'core', message: 'maxPool2d: kernel_size is odd today', code: 'new_rule', about: 'kernelSize', facts: {} };
  assert.equal(messageText(STRINGS.zh, entry), 'kernel_size 核大小：参数无效（new_rule）');
  assert.equal(messageTitle(STRINGS.zh, entry), entry.message);
  // an error without a code (a TypeError of the library) too
  const typeError = coreEntry(new TypeError('outputShape: options.kernelSize must be ...'), defaultState());
  assert.equal(messageText(STRINGS.zh, typeError), '参数组合无效');
  assert.equal(messageTitle(STRINGS.zh, typeError), 'outputShape: options.kernelSize must be ...');
  // bad_list_length with the state's values (the JS layer checks list lengths first, so by hand)
  const list = { kind: 'core', message: 'English', code: 'bad_list_length', about: 'kernelSize', facts: { ...defaultState(), kernelSize: [2, 2, 2] } };
  assert.equal(messageText(STRINGS.zh, list), 'kernel_size 核大小 必须是一个整数，或每个维度一个（2 维：2 个），当前为 2×2×2');
});

test('the value parser\'s messages in Chinese: the parameter and what its value must look like', () => {
  const e = (param) => ({ kind: 'parse', param, message: `${param} must be ...` });
  assert.equal(parseText(STRINGS.zh, e('stride')), 'stride 步长：这个值无法使用，应为 1 到 3 个整数（如 2 或 2x3）');
  assert.equal(parseText(STRINGS.zh, e('op')), '运算：这个值无法使用，应为 max, avg, adaptive-max, adaptive-avg, lp, fractional-max, max-unpool, global-max, global-avg 之一');
  assert.equal(parseText(STRINGS.zh, e('size')), '输入大小：这个值无法使用，应为 1 到 3 个 1 到 64 的整数（如 6 或 6x6）');
  assert.equal(parseText(STRINGS.zh, e('lang')), '语言 lang：这个值无法使用，应为 auto, en, zh 之一');
  assert.equal(parseText(STRINGS.en, e('stride')), 'stride must be ...');
  assert.equal(messageTitle(STRINGS.zh, e('stride')), 'stride must be ...');
});
