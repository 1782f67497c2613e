// compare-words.js: the words of the comparison view's reasons (compare-reasons.js), in English and
// Chinese. Each entry is a function of plain parameters (framework ids, numbers, cell names already
// formatted) returning plain text; compare-reasons.js decides which rule applies and with which
// numbers, this file only says it. Both languages have the same keys (tests/js/compare-reasons.test.mjs).

/** The frameworks' names, the same in both languages. */
export const FRAMEWORK_NAMES = { pytorch: 'PyTorch', onnx: 'ONNX', tensorflow: 'TensorFlow' };
const N = (fw) => FRAMEWORK_NAMES[fw] ?? String(fw);

/**
 * A list of names, at most `max` of them, then how many in all: "y[0, 0], y[0, 5] … (16 cells)".
 * `names` may hold only the first few of `total` (the callers name at most max + 1).
 */
function listOf(names, max, more, sep = ', ', gap = ' ', total = names.length) {
  if (total <= max) return names.slice(0, total).join(sep);
  return `${names.slice(0, max).join(sep)} …${gap}${more(total)}`.trimEnd();
}
/** Chinese text around a phrase that may begin or end in Latin letters: a space on that side ("上面 NaN 规则"). */
const spaced = (s) => `${/^[A-Za-z0-9]/.test(s) ? ' ' : ''}${s}${/[A-Za-z0-9]$/.test(s) ? ' ' : ''}`;
/** "a", "a and b", "a, b and c" */
const andList = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** A framework's setting with its Python-style literal: "PyTorch's padding=1", "ONNX 的 pads=[0, 0, 1, 1]" (`of`: the possessive). */
function settingText(fw, s, of) {
  if (!s) return N(fw);
  switch (s.kind) {
    case 'padding': return `${N(fw)}${of}padding=${s.value}`;
    case 'pads': return `${N(fw)}${of}pads=[${s.value.join(', ')}]`;
    case 'auto_pad': return `${N(fw)}${of}auto_pad=${s.value}`;
    case 'tf': return `${N(fw)}${of}padding='${s.value}'`;
    case 'tf-explicit': return `${N(fw)}${of}padding=[${s.value.map((p) => `[${p.join(', ')}]`).join(', ')}]`;
    default: return N(fw);
  }
}

/** The output-size formula of one framework along one axis, in symbols and numbers (the same in both languages). */
function sizeFormula(f) {
  const ek = f.effectiveKernel;
  switch (f.form) {
    case 'same': return `ceil(${f.in}/${f.stride}) = ${f.out}`;
    case 'valid': return `floor((${f.in} − ${ek})/${f.stride}) + 1 = ${f.out}`;
    case 'ceil': return `ceil((${f.in} + ${f.before} + ${f.after} − ${ek})/${f.stride}) + 1${f.dropped ? ' − 1' : ''} = ${f.out}`;
    default: return `floor((${f.in} + ${f.before} + ${f.after} − ${ek})/${f.stride}) + 1 = ${f.out}`;
  }
}

const LAYOUT_FORMULA = {
  // i, j: the spatial indices (L: i only); H, W: the input's sizes; n, c: batch and channel
  plane: (d) => (d === 1 ? 'i' : 'i·W + j'),
  tensor: (d) => (d === 1 ? '(n·C + c)·L + i' : '((n·C + c)·H + i)·W + j'),
  nhwc: (d) => (d === 1 ? '(n·L + i)·C + c' : '((n·H + i)·W + j)·C + c'),
  'nhwc-plane': (d) => (d === 1 ? 'i·C + c' : '(i·W + j)·C + c'),
};

export const COMPARE_WORDS = {
  en: {
    axis: { L: 'the length', H: 'the height', W: 'the width' },
    join: ' ',
    axes: (names) => `Along ${andList(names)}`,
    cells: (names, total) => listOf(names, 4, (n) => `(${n} cells)`, ', ', ' ', total),
    cellsShort: (names, total) => listOf(names, 4, () => '', ', ', ' ', total),
    setting: (fw, set) => settingText(fw, set, "'s "),
    pads: (before, after) => (before === after ? (before === 0 ? 'pads nothing' : `pads ${before} on both sides`) : `pads ${before} before and ${after} after`),
    ruleName: {
      'padding-placement': 'padding placement', 'output-size': 'output size', dilation: 'dilation', divisor: 'divisor',
      nan: 'NaN', 'index-layout': 'index layout', 'gradient-routing': 'gradient routing', other: 'other',
    },

    placement: ({ axes, a, b, settingA, settingB, padsA, padsB, shift }) =>
      `${axes}, ${settingB} ${padsB}; ${settingA} ${padsA}, so every window of ${N(b)} starts ${Math.abs(shift)} cell${Math.abs(shift) === 1 ? '' : 's'} ${shift > 0 ? 'later' : 'earlier'} than ${N(a)}'s.`,

    dilation: ({ axes, a, b, kA, dA, spanA, kB, dB, spanB }) =>
      `${axes}, ${N(a)}'s windows take ${kA} cells ${dA === 1 ? 'side by side' : `${dA} apart (dilation=${dA})`}, spanning ${spanA}; ` +
      `${N(b)}'s take ${kB} cells ${dB === 1 ? `side by side${b === 'tensorflow' ? ' (TensorFlow\'s max_pool has no dilation)' : ''}` : `${dB} apart (dilation=${dB})`}, spanning ${spanB}: the windows hold other cells.`,
    outputSize: ({ axes, a, b, fa, fb, why }) =>
      `${axes}: ${N(a)} has ${fa.out} window${fa.out === 1 ? '' : 's'}, ${N(b)} ${fb.out}. ` +
      `${N(a)}${fa.label ? ` (${fa.label})` : ''}: ${sizeFormula(fa)}; ${N(b)}${fb.label ? ` (${fb.label})` : ''}: ${sizeFormula(fb)}.` +
      (why.length ? ` ${why.join(' ')}` : ''),
    sizeWhy: {
      ceil: (fw) => `${N(fw)}'s ceil_mode rounds up: one more window where the input does not fill the last stride.`,
      dropped: (fw) => `${N(fw)} drops a last window that would start in the end padding.`,
      same: (fw) => `${N(fw)}'s SAME always gives ceil(in/stride) windows and pads as much as that needs.`,
      valid: (fw) => `${N(fw)}'s VALID pads nothing: only windows that fit in the input.`,
    },
    extraCells: (names, total) => `Windows that only one side has: ${listOf(names, 4, (n) => `(${n} cells)`, ', ', ' ', total)}.`,

    divisorCounts: ({ cells, dA, dB, counter, other, padded, inside, otherWhy }) =>
      `${cells}: divisor ${dA} vs ${dB} — ${N(counter)}'s count_include_pad=True counts the ${padded} padded cell${padded === 1 ? '' : 's'} of the window; ` +
      `${N(other)} ${otherWhy} counts only the ${inside} input cell${inside === 1 ? '' : 's'}.`,
    divisorOtherWhy: { onnx: '(count_include_pad=0, ONNX\'s default)', tensorflow: '(its average never counts padding)', pytorch: '(count_include_pad=False)' },
    divisorOverride: ({ cells, dA, dB, who, value, other, otherDivisor }) =>
      `${cells}: divisor ${dA} vs ${dB} — ${N(who)}'s divisor_override=${value} divides every window by ${value}; ${N(other)} divides this one by ${otherDivisor}, its own count.`,
    divisorEnds: ({ cells, a, b, dA, dB }) =>
      `${cells}: divisor ${dA} vs ${dB} — both count padding, but not the same padding at the end: ${N(a)} divides by ${dA}, ${N(b)} by ${dB}.`,

    nan: ({ xs, count, taker, skipper, ys, changed }) =>
      `${xs} ${count === 1 ? 'is' : 'are'} NaN: ${N(taker)}'s max takes ${count === 1 ? 'it' : 'them'} (NaN wins), ${N(skipper)} skips ${count === 1 ? 'it' : 'them'} and keeps the largest number; so ${ys} ${changed === 1 ? 'differs' : 'differ'}.`,

    indexLayout: ({ y, x, dims, numbers, count }) =>
      `The same maximum, written differently: ${y}'s maximum is ${x}. ` +
      numbers.map(({ fw, value, layout, shown }) => `${N(fw)} ${shown ? 'writes' : 'would write'} ${value} (${LAYOUT_WORDS_EN[layout]}: ${LAYOUT_FORMULA[layout](dims)})`).join('; ') +
      `. ${count} ${count === 1 ? 'index differs' : 'indices differ'} in the number only, not in the cell.`,

    gradient: ({ cells, count, rules, why }) =>
      `dL/dx differs at ${count} cell${count === 1 ? '' : 's'} (${cells}) only as a consequence of the ${andList(rules)} rule${rules.length === 1 ? '' : 's'} above: ${why.join(' ')}`,
    gradientTie: ({ cells, count, a, b }) =>
      `dL/dx differs at ${count} cell${count === 1 ? '' : 's'} (${cells}) although y agrees: a window holds equal maxima, and ${N(a)} and ${N(b)} send its gradient to different ones.`,
    gradWhy: {
      windows: 'the windows cover different cells, so each cell collects gradient from different windows.',
      divisor: 'every window hands each of its cells dL/dy ÷ divisor, so a different divisor gives a different share.',
      nan: (taker, skipper) => `a window's gradient goes to its maximum: to the NaN in ${N(taker)}, to the largest number in ${N(skipper)}.`,
      mean: (a, b, nA, nB) => `With loss = mean, every dL/dy is 1/${nA} in ${N(a)} and 1/${nB} in ${N(b)}.`,
    },
    other: ({ cells }) => `${cells} differ by a rule this view does not name.`,
  },

  zh: {
    axis: { L: '长度', H: '高度', W: '宽度' },
    join: '',
    axes: (names) => `在${names.join('和')}方向上`,
    cells: (names, total) => listOf(names, 4, (n) => `（共 ${n} 个）`, '、', '', total),
    cellsShort: (names, total) => listOf(names, 4, () => '', '、', '', total),
    setting: (fw, set) => settingText(fw, set, ' 的 '),
    pads: (before, after) => (before === after ? (before === 0 ? '不填充' : `两端各填充 ${before} 个`) : `开头填充 ${before} 个、末尾填充 ${after} 个`),
    ruleName: {
      'padding-placement': '填充位置', 'output-size': '输出尺寸', dilation: '空洞（dilation）', divisor: '除数',
      nan: 'NaN', 'index-layout': '索引布局', 'gradient-routing': '梯度路由', other: '其他',
    },

    placement: ({ axes, a, b, settingA, settingB, padsA, padsB, shift }) =>
      `${axes}，${settingB} ${padsB}；${settingA} ${padsA}，所以 ${N(b)} 的每个窗口都比 ${N(a)} 的${shift > 0 ? '向后' : '向前'}错开 ${Math.abs(shift)} 格。`,

    dilation: ({ axes, a, b, kA, dA, spanA, kB, dB, spanB }) =>
      `${axes}，${N(a)} 的窗口取 ${kA} 个元素，${dA === 1 ? '彼此相邻' : `每隔 ${dA} 格取一个（dilation=${dA}）`}，跨度为 ${spanA}；` +
      `${N(b)} 的窗口取 ${kB} 个元素，${dB === 1 ? `彼此相邻${b === 'tensorflow' ? '（TensorFlow 的 max_pool 没有空洞参数）' : ''}` : `每隔 ${dB} 格取一个（dilation=${dB}）`}，跨度为 ${spanB}：窗口里的元素不同。`,
    outputSize: ({ axes, a, b, fa, fb, why }) =>
      `${axes}，${N(a)} 有 ${fa.out} 个窗口，${N(b)} 有 ${fb.out} 个。` +
      `${N(a)}${fa.label ? `（${fa.label}）` : ''}：${sizeFormula(fa)}；${N(b)}${fb.label ? `（${fb.label}）` : ''}：${sizeFormula(fb)}。` +
      why.join(''),
    sizeWhy: {
      ceil: (fw) => `${N(fw)} 的 ceil_mode 向上取整：输入填不满最后一个步幅时也多出一个窗口。`,
      dropped: (fw) => `${N(fw)} 丢弃起点落在末端填充里的最后一个窗口。`,
      same: (fw) => `${N(fw)} 的 SAME 总是给出 ceil(输入/步幅) 个窗口，需要多少填充就补多少。`,
      valid: (fw) => `${N(fw)} 的 VALID 不填充：只保留完全落在输入内的窗口。`,
    },
    extraCells: (names, total) => `只有一方才有的窗口：${listOf(names, 4, (n) => `（共 ${n} 个）`, '、', '', total)}。`,

    divisorCounts: ({ cells, dA, dB, counter, other, padded, inside, otherWhy }) =>
      `${cells}：除数 ${dA} 对 ${dB}——${N(counter)} 的 count_include_pad=True 把窗口中的 ${padded} 个填充位置也计入除数；` +
      `${N(other)}${otherWhy}只计入 ${inside} 个输入元素。`,
    divisorOtherWhy: { onnx: '（count_include_pad=0，ONNX 的默认值）', tensorflow: '（其平均池化从不计入填充）', pytorch: '（count_include_pad=False）' },
    divisorOverride: ({ cells, dA, dB, who, value, other, otherDivisor }) =>
      `${cells}：除数 ${dA} 对 ${dB}——${N(who)} 的 divisor_override=${value} 让每个窗口都除以 ${value}；${N(other)} 在这个窗口按自己的规则数出除数 ${otherDivisor}。`,
    divisorEnds: ({ cells, a, b, dA, dB }) =>
      `${cells}：除数 ${dA} 对 ${dB}——两边都计入填充，但末端的填充不一样：${N(a)} 除以 ${dA}，${N(b)} 除以 ${dB}。`,

    nan: ({ xs, taker, skipper, ys }) =>
      `${xs} 是 NaN：${N(taker)} 的最大池化取 NaN（NaN 胜出），${N(skipper)} 跳过 NaN、取其余数中最大的；因此 ${ys} 不同。`,

    indexLayout: ({ y, x, dims, numbers, count }) =>
      `同一个最大值，写法不同：${y} 的最大值是 ${x}。` +
      numbers.map(({ fw, value, layout, shown }) => `${N(fw)} ${shown ? '写作' : '会写作'} ${value}（${LAYOUT_WORDS_ZH[layout]}：${LAYOUT_FORMULA[layout](dims)}）`).join('；') +
      `。有 ${count} 个索引只是数字不同，指向的是同一个元素。`,

    gradient: ({ cells, count, rules, why }) =>
      `dL/dx 有 ${count} 个元素不同（${cells}），这只是上面${spaced(rules.join('、'))}规则的结果：${why.join('')}`,
    gradientTie: ({ cells, count, a, b }) =>
      `y 相同，但 dL/dx 有 ${count} 个元素不同（${cells}）：某个窗口里有相等的最大值，${N(a)} 和 ${N(b)} 把梯度传给了其中不同的一个。`,
    gradWhy: {
      windows: '窗口覆盖的元素不同，所以每个元素从不同的窗口收到梯度。',
      divisor: '每个窗口给其中每个元素分配 dL/dy ÷ 除数，除数不同，分到的梯度就不同。',
      nan: (taker, skipper) => `窗口的梯度流向它的最大值：在 ${N(taker)} 中流向 NaN，在 ${N(skipper)} 中流向最大的数。`,
      mean: (a, b, nA, nB) => `损失取平均值时，每个 dL/dy 在 ${N(a)} 中是 1/${nA}，在 ${N(b)} 中是 1/${nB}。`,
    },
    other: ({ cells }) => `${cells} 不同，其原因不在本视图列出的规则之中。`,
  },
};

const LAYOUT_WORDS_EN = {
  plane: 'flat within its (n, c) plane',
  tensor: 'flat over the whole N·C tensor',
  nhwc: 'flat in NHWC, batch included',
  'nhwc-plane': 'flat in NHWC within its batch item',
};
const LAYOUT_WORDS_ZH = {
  plane: '在所属 (n, c) 平面内展平',
  tensor: '在整个 N·C 张量上展平',
  nhwc: '按 NHWC 展平，含批维',
  'nhwc-plane': '按 NHWC 在单个样本内展平',
};

/**
 * The comments of the exported programs (compare-code.js), en and zh. Code stays code; only the
 * comments change language. Each is a whole Python comment line (or lines).
 */
export const CODE_WORDS = {
  en: {
    title: (fw) => `# poolgrad: the comparison view's layer in ${N(fw)}, forward and backward`,
    input: (shape) => `# the input x, shape (${shape.join(', ')}) = (N, C, ${shape.length === 3 ? 'L' : 'H, W'})`,
    lossMean: '# loss = mean(y): dL/dy = 1/numel(y)',
    lossSum: '# loss = sum(y): dL/dy = 1',
    lossCustom: '# (the view\'s custom dL/dy is not exported: this program uses loss = mean(y))',
    ptIndices: '# idx: flat within each (n, c) plane',
    onnxNeeds: '# needs: pip install onnx onnxruntime numpy (opset 22: onnx 1.17 or later, an onnxruntime that runs opset 22)',
    onnxNan: ['# NaN: the view\'s ONNX column never lets a NaN win (ONNX\'s pool()); onnxruntime skips a NaN too,',
      '# except as the first element of a window, which then gives NaN'],
    onnxModel: '# a one-node ONNX model (opset 22), built with the onnx helper',
    onnxAuto: (v) => `# auto_pad=${v}: ONNX works out the pads itself (SAME: ceil(in/stride) windows); no pads attribute`,
    onnxCip: '# count_include_pad=0 is ONNX\'s default (PyTorch\'s default is True)',
    onnxRun: '# the forward, run with onnxruntime',
    onnxIndices: '# Indices: flat over the whole N·C·H·W tensor (storage_order=0), not per plane as in PyTorch',
    onnxBackMax: '# the backward, written with numpy (onnxruntime has no gradient here): each window sends dL/dy to its argmax',
    onnxBackAvg: '# the backward, written with numpy (onnxruntime has no gradient here): each window hands dL/dy / divisor to each of its input cells',
    onnxAdjoint: '# AveragePool is linear, y = J·x in each (n, c) plane, so dL/dx = Jᵀ·dL/dy; onnxruntime gives J itself: pooling one-hot planes',
    onnxJ: '# J: (outputs, inputs) of one plane',
    onnxDivisors: '# J[o, j] = 1/divisor of window o for each input j in it: the divisors onnxruntime used',
    onnxDynamic: '# N and C free: the same model pools the one-hot planes below',
    tfNeeds: '# needs: pip install tensorflow numpy',
    tfLayout: '# TensorFlow pools NHWC on the CPU: transpose NCHW -> NHWC, and back to show the results',
    tf1d: '# 1-D as 2-D: a height-1 axis (N, 1, L, C), kernel and stride 1 along it',
    tfNoCeil: '# TensorFlow has no ceil_mode: the view\'s ceil_mode applies to PyTorch and ONNX only',
    tfExplicitAvg: '# TensorFlow\'s average pooling takes no explicit padding: this call raises (use \'SAME\' or \'VALID\')',
    tfDilation: '# TensorFlow\'s max_pool2d has no dilation: tf.nn.pool takes it, with strides 1 only',
    tfArgmax: '# argmax: flat in NHWC, ((n·H + i)·W + j)·C + c with include_batch_in_index=True',
    tfBack: '# the backward: GradientTape records the forward, tape.gradient gives dL/dx',
    avg1d: ['# F.avg_pool1d has no divisor_override: the same pooling is F.avg_pool2d on the (1, L) plane of',
      '# x.unsqueeze(-2) with a kernel of height 1 (one output row; every window divides by the override)'],
  },
  zh: {
    title: (fw) => `# poolgrad：对比视图中的这一层，用 ${N(fw)} 写出前向与反向传播`,
    input: (shape) => `# 输入 x，形状 (${shape.join(', ')}) = (N, C, ${shape.length === 3 ? 'L' : 'H, W'})`,
    lossMean: '# 损失 = mean(y)：dL/dy = 1/numel(y)',
    lossSum: '# 损失 = sum(y)：dL/dy = 1',
    lossCustom: '# （视图中自定义的 dL/dy 不导出：本程序使用 损失 = mean(y)）',
    ptIndices: '# idx：在每个 (n, c) 平面内展平的索引',
    onnxNeeds: '# 依赖：pip install onnx onnxruntime numpy（opset 22：onnx 1.17 或更新版本，以及能运行 opset 22 的 onnxruntime）',
    onnxNan: ['# NaN：视图中的 ONNX 列从不让 NaN 胜出（按 ONNX 的 pool()）；onnxruntime 同样跳过 NaN，',
      '# 但 NaN 是窗口的第一个元素时例外，此时结果为 NaN'],
    onnxModel: '# 只有一个节点的 ONNX 模型（opset 22），用 onnx.helper 构建',
    onnxAuto: (v) => `# auto_pad=${v}：由 ONNX 自行计算填充（SAME：ceil(输入/步幅) 个窗口）；不设 pads 属性`,
    onnxCip: '# count_include_pad=0 是 ONNX 的默认值（PyTorch 的默认值是 True）',
    onnxRun: '# 前向传播：用 onnxruntime 运行',
    onnxIndices: '# Indices：在整个 N·C·H·W 张量上展平（storage_order=0），而不像 PyTorch 那样按平面展平',
    onnxBackMax: '# 反向传播：用 numpy 写出（onnxruntime 在这里不提供梯度）：每个窗口把 dL/dy 传给它的最大值位置',
    onnxBackAvg: '# 反向传播：用 numpy 写出（onnxruntime 在这里不提供梯度）：每个窗口把 dL/dy ÷ 除数分给窗口内的每个输入元素',
    onnxAdjoint: '# AveragePool 是线性的：每个 (n, c) 平面上 y = J·x，所以 dL/dx = Jᵀ·dL/dy；J 由 onnxruntime 自己给出：对独热（one-hot）平面做池化',
    onnxJ: '# J：一个平面的 (输出数, 输入数) 矩阵',
    onnxDivisors: '# 窗口 o 内的每个输入 j 都有 J[o, j] = 1/除数：这就是 onnxruntime 实际使用的除数',
    onnxDynamic: '# N 和 C 不固定：同一个模型也用来池化下面的独热平面',
    tfNeeds: '# 依赖：pip install tensorflow numpy',
    tfLayout: '# TensorFlow 在 CPU 上按 NHWC 池化：先把 NCHW 转置为 NHWC，显示结果时再转回来',
    tf1d: '# 一维当作二维：加一个高度为 1 的轴 (N, 1, L, C)，该轴上的核与步幅都是 1',
    tfNoCeil: '# TensorFlow 没有 ceil_mode：视图中的 ceil_mode 只作用于 PyTorch 和 ONNX',
    tfExplicitAvg: '# TensorFlow 的平均池化不接受显式填充：这一调用会报错（请用 \'SAME\' 或 \'VALID\'）',
    tfDilation: '# TensorFlow 的 max_pool2d 没有空洞（dilation）参数：tf.nn.pool 支持，但步幅必须为 1',
    tfArgmax: '# argmax：按 NHWC 展平，include_batch_in_index=True 时为 ((n·H + i)·W + j)·C + c',
    tfBack: '# 反向传播：GradientTape 记录前向计算，tape.gradient 给出 dL/dx',
    avg1d: ['# F.avg_pool1d 没有 divisor_override：同样的池化就是在 x.unsqueeze(-2) 的 (1, L) 平面上',
      '# 用高度为 1 的核做 F.avg_pool2d（输出只有一行；每个窗口都除以 divisor_override）'],
  },
};
