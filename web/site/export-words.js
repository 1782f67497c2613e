// export-words.js: the comments of the exported PyTorch program (export.js), in the page's
// languages. Code stays code; only the comments change language.
export const PY_WORDS = {
  en: {
    title: '# poolgrad: reproduce the shown numbers with PyTorch',
    titleEmpty: '# poolgrad: the shown view in PyTorch (it differs in windows of padding only: see the note below)',
    shape: (shape) => `# the shown plane of the input, as a batch of 1 with 1 channel: shape (1, 1, ${shape})`,
    avg1d: ['# F.avg_pool1d has no divisor_override: the same pooling is F.avg_pool2d on the (1, L) plane',
      '# x.unsqueeze(-2) with a kernel of height 1 (one output row; every window divides by the override)'],
    empty: (n, where) => [
      `# Note: ${n === 1 ? 'one window' : `${n} windows`} of this view (${where}) ${n === 1 ? 'holds' : 'hold'} only padding. poolgrad: y = -inf, index -1, no gradient.`,
      '# PyTorch differs there: y is -inf too, but idx holds an index outside the window, and its backward',
      "# adds that window's gradient to another input element (or past the end of the buffer). So idx and",
      '# x.grad below do not reproduce the view at those windows; everything else does.',
    ],
    lossMean: '# loss = mean',
    lossMeanN: '# loss = mean: dL/dy = 1 / (number of windows)',
    lossSum: '# loss = sum: dL/dy = 1',
    lossBatch: (k, n) => `# loss = mean over the whole batch: ${k} outputs in all, the shown plane holds ${n}`,
    lossCustom: '# the upstream gradient dL/dy, as shown',
    lossCustomEnd: '# so that dL/dy = g',
  },
  zh: {
    title: '# poolgrad：用 PyTorch 复现当前显示的数字',
    titleEmpty: '# poolgrad：当前视图对应的 PyTorch 程序（在只含填充的窗口处结果不同，见下方说明）',
    shape: (shape) => `# 显示的输入平面，作为 1 个样本、1 个通道的批：形状 (1, 1, ${shape})`,
    avg1d: ['# F.avg_pool1d 没有 divisor_override：同样的池化就是在 x.unsqueeze(-2) 的 (1, L) 平面上',
      '# 用高度为 1 的核做 F.avg_pool2d（输出只有一行；每个窗口都除以 divisor_override）'],
    empty: (n, where) => [
      `# 注意：此视图中有 ${n} 个窗口（${where}）只包含填充。poolgrad：y = -inf，索引 -1，不回传梯度。`,
      '# PyTorch 在这里不同：y 同样是 -inf，但 idx 记录的是窗口外的索引，它的反向传播会把这个窗口的梯度',
      '# 加到另一个输入元素上（甚至越过缓冲区末尾）。因此下面的 idx 与 x.grad 在这些窗口处与视图不一致；',
      '# 其余的数字都一致。',
    ],
    lossMean: '# 损失 = 平均值',
    lossMeanN: '# 损失 = 平均值：dL/dy = 1 / 窗口数',
    lossSum: '# 损失 = 求和：dL/dy = 1',
    lossBatch: (k, n) => `# 损失 = 整个批上的平均值：共 ${k} 个输出，显示的平面有 ${n} 个`,
    lossCustom: '# 上游梯度 dL/dy，与显示的一致',
    lossCustomEnd: '# 使 dL/dy = g',
  },
};
