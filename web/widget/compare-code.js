// compare-code.js: the runnable program of the comparison view's layer for each framework, on the
// state's input, forward and backward (loss = mean or sum of the output):
//   PyTorch: torch.nn.functional with requires_grad and .backward() (the call lines are those of
//            the page's PyTorch export, python-code.js);
//   ONNX: a one-node model built with onnx.helper (opset 22), run with onnxruntime; the backward is
//         written with numpy (onnxruntime's inference session has no gradient; onnxruntime.training
//         is not used: its packages ended with onnxruntime 1.19.2): MaxPool's dL/dy scattered
//         through its Indices; AveragePool's as the transpose of its matrix J, whose rows
//         onnxruntime itself computes on one-hot planes, so the divisors are the runtime's own,
//         whatever its version (the program prints them);
//   TensorFlow: tf.nn.max_pool2d / avg_pool2d under tf.GradientTape, NCHW <-> NHWC transposes
//         (1-D as 2-D with a height-1 axis).
// Comments in `lang` (CODE_WORDS in compare-words.js). No pooling math here: the programs compute.
import { poolParams, pyNumber, CALLS } from './python-code.js';
import { resolveInput } from './state.js';
import { CODE_WORDS } from './compare-words.js';

const FRAMEWORKS = ['pytorch', 'onnx', 'tensorflow'];

/** The input's spatial size of a state, one entry per axis. */
function sizeOf(state) {
  const dims = Number(state.dims ?? 2);
  const s = Array.isArray(state.size) ? state.size.map(Number) : [6];
  return s.length === 1 ? new Array(dims).fill(s[0]) : s.slice(0, dims);
}

/** A nested Python list of a tensor, one innermost row a line; `col`: the column of its first "[". */
export function pyTensor(data, shape, col = 0) {
  const rec = (off, a, at) => {
    if (a === shape.length - 1) return `[${Array.from({ length: shape[a] }, (_, i) => pyNumber(data[off + i])).join(', ')}]`;
    const step = shape.slice(a + 1).reduce((x, y) => x * y, 1);
    const parts = Array.from({ length: shape[a] }, (_, i) => rec(off + i * step, a + 1, at + 1));
    return `[${parts.join(`,\n${' '.repeat(at + 1)}`)}]`;
  };
  return rec(0, 0, col);
}

const list = (a) => `[${a.join(', ')}]`;

/**
 * The ONNX attributes of a state's layer (what the view passes to lib.onnx.MaxPool / AveragePool):
 * kernel_shape, strides, auto_pad, pads (NOTSET only: onnxPads, or the state's padding on both
 * sides), dilations (max), ceil_mode, count_include_pad (avg).
 */
export function onnxAttributesOf(state) {
  const p = poolParams(state);
  const auto = ['SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(state.onnxAutoPad) ? state.onnxAutoPad : 'NOTSET';
  const a = { auto_pad: auto, kernel_shape: p.kernelSize, strides: p.stride };
  if (auto === 'NOTSET') {
    a.pads = Array.isArray(state.onnxPads) && state.onnxPads.length === 2 * p.dims ? state.onnxPads.map(Number) : [...p.padding, ...p.padding];
  }
  if (p.op === 'max') a.dilations = p.dilation;
  a.ceil_mode = p.ceilMode ? 1 : 0;
  if (p.op === 'avg') a.count_include_pad = state.onnxCountIncludePad ? 1 : 0;
  return a;
}

/** TensorFlow's padding of a state: 'SAME', 'VALID', or explicit [[before, after], ...] per spatial axis. */
export function tensorflowPaddingOf(state) {
  const v = String(state.tfPadding ?? 'VALID').toUpperCase();
  if (v === 'SAME' || v === 'VALID') return v;
  return poolParams(state).padding.map((q) => [q, q]);
}

/**
 * The program for `framework` ('pytorch', 'onnx', 'tensorflow') on the state's layer and input,
 * with its comments in `lang` ('en', 'zh'). Ops other than max and avg, or dims other than 1 and
 * 2, are not compared: RangeError.
 */
export function compareCode(framework, state, lang = 'en') {
  if (!FRAMEWORKS.includes(framework)) throw new RangeError(`compareCode: framework must be one of ${FRAMEWORKS.join(', ')}`);
  if (!state || typeof state !== 'object') throw new TypeError('compareCode: state must be a widget state object');
  const p = poolParams(state);
  if (p.op !== 'max' && p.op !== 'avg') throw new RangeError('compareCode: the comparison covers op max and avg only');
  if (p.dims !== 1 && p.dims !== 2) throw new RangeError('compareCode: the comparison covers dims 1 and 2 only');
  const w = CODE_WORDS[lang] ?? CODE_WORDS.en;
  const shape = [Number(state.batch ?? 1), Number(state.channels ?? 1), ...sizeOf(state)];
  const x = Float32Array.from(resolveInput({ ...state, size: shape.slice(2), batch: shape[0], channels: shape[1] }));
  const loss = state.grad === 'sum' ? 'sum' : 'mean';
  const lossNote = state.grad === 'custom' ? [w.lossCustom] : [];
  const build = { pytorch: pytorchCode, onnx: onnxCode, tensorflow: tensorflowCode }[framework];
  return build({ p, state, w, shape, x, loss, lossNote }).join('\n') + '\n';
}

function pytorchCode({ p, w, shape, x, loss, lossNote }) {
  const d = p.dims;
  return [
    w.title('pytorch'),
    'import torch',
    'import torch.nn.functional as F',
    '',
    w.input(shape),
    `x = torch.tensor(${pyTensor(x, shape, 17)}, dtype=torch.float32, requires_grad=True)`,
    '',
    ...CALLS[p.op](p, d, w),
    '',
    ...lossNote,
    `loss = y.${loss}()  ${loss === 'sum' ? w.lossSum : w.lossMean}`,
    'loss.backward()',
    '',
    'print(y)',
    ...(p.op === 'max' ? [`print(idx)  ${w.ptIndices}`] : []),
    'print(x.grad)',
  ];
}

function onnxCode({ p, state, w, shape, x, loss, lossNote }) {
  const a = onnxAttributesOf(state);
  const max = p.op === 'max';
  const kw = [`kernel_shape=${list(a.kernel_shape)}`, `strides=${list(a.strides)}`];
  if (a.auto_pad !== 'NOTSET') kw.push(`auto_pad='${a.auto_pad}'`);
  else kw.push(`pads=${list(a.pads)}`);
  if (max) kw.push(`dilations=${list(a.dilations)}`);
  kw.push(`ceil_mode=${a.ceil_mode}`);
  if (!max) kw.push(`count_include_pad=${a.count_include_pad}`);
  const outs = max ? "['Y', 'Indices']" : "['Y']";
  const lines = [
    w.title('onnx'),
    w.onnxNeeds,
    'import numpy as np',
    'import onnx',
    'from onnx import TensorProto, helper',
    'import onnxruntime as ort',
    '',
    w.input(shape),
    `x = np.array(${pyTensor(x, shape, 13)}, dtype=np.float32)`,
    '',
    w.onnxModel,
    ...(a.auto_pad !== 'NOTSET' ? [w.onnxAuto(a.auto_pad)] : []),
    ...(!max && !a.count_include_pad ? [w.onnxCip] : []),
    `node = helper.make_node('${max ? 'MaxPool' : 'AveragePool'}', inputs=['X'], outputs=${outs},`,
    `                        ${kw.join(', ')})`,
    "graph = helper.make_graph([node], 'pool',",
    `                          [helper.make_tensor_value_info('X', TensorProto.FLOAT, ['N', 'C', *x.shape[2:]])],${max ? '' : `  ${w.onnxDynamic}`}`,
    `                          [helper.make_tensor_value_info('Y', TensorProto.FLOAT, None)${max ? ",\n                           helper.make_tensor_value_info('Indices', TensorProto.INT64, None)" : ''}])`,
    "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 22)], ir_version=10)",
    'onnx.checker.check_model(model)',
    '',
    ...(max && x.some(Number.isNaN) ? w.onnxNan : []),
    w.onnxRun,
    "session = ort.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider'])",
    max ? "y, indices = session.run(None, {'X': x})" : "(y,) = session.run(None, {'X': x})",
    '',
    ...lossNote,
    `${loss === 'sum' ? w.lossSum : w.lossMean}`,
    `dy = np.full(y.shape, ${loss === 'sum' ? '1.0' : '1.0 / y.size'}, dtype=np.float32)`,
  ];
  if (max) {
    lines.push(w.onnxBackMax, w.onnxIndices,
      'dx = np.zeros(x.size, dtype=np.float32)',
      'np.add.at(dx, indices.ravel(), dy.ravel())',
      'dx = dx.reshape(x.shape)',
      '',
      'print(y)',
      'print(indices)',
      'print(dx)');
    return lines;
  }
  lines.push(w.onnxBackAvg, w.onnxAdjoint,
    'plane = int(np.prod(x.shape[2:]))',
    'one_hot = np.eye(plane, dtype=np.float32).reshape(plane, 1, *x.shape[2:])',
    "(rows,) = session.run(None, {'X': one_hot})",
    `J = rows.reshape(plane, -1).T  ${w.onnxJ}`,
    'dx = (dy.reshape(*y.shape[:2], -1) @ J).reshape(x.shape)',
    w.onnxDivisors,
    'divisors = 1 / J.max(axis=1)',
    '',
    'print(y)',
    'print(divisors.reshape(y.shape[2:]))',
    'print(dx)');
  return lines;
}

function tensorflowCode({ p, state, w, shape, x, loss, lossNote }) {
  const max = p.op === 'max';
  const oneD = p.dims === 1;
  const pad = tensorflowPaddingOf(state);
  const ksize = oneD ? [1, p.kernelSize[0]] : p.kernelSize;
  const strides = oneD ? [1, p.stride[0]] : p.stride;
  const padText = typeof pad === 'string' ? `'${pad}'`
    : list([[0, 0], ...(oneD ? [[0, 0]] : []), ...pad, [0, 0]].map(list));
  const dilated = max && p.dilation.some((v) => v !== 1);
  const call = dilated
    ? `y = tf.nn.pool(x4, window_shape=${list(ksize)}, pooling_type='MAX', strides=${list(strides)}, padding=${padText}, dilations=${list(oneD ? [1, p.dilation[0]] : p.dilation)})`
    : `y = tf.nn.${max ? 'max' : 'avg'}_pool2d(x4, ksize=${list(ksize)}, strides=${list(strides)}, padding=${padText})`;
  const lines = [
    w.title('tensorflow'),
    w.tfNeeds,
    'import numpy as np',
    'import tensorflow as tf',
    '',
    w.input(shape),
    `x_nchw = np.array(${pyTensor(x, shape, 18)}, dtype=np.float32)`,
    w.tfLayout,
    `x = tf.Variable(np.transpose(x_nchw, ${oneD ? '(0, 2, 1)' : '(0, 2, 3, 1)'}))`,
    '',
    ...(p.ceilMode ? [w.tfNoCeil] : []),
    ...(!max && typeof pad !== 'string' ? [w.tfExplicitAvg] : []),
    ...(dilated ? [w.tfDilation] : []),
    w.tfBack,
    'with tf.GradientTape() as tape:',
    ...(oneD ? [`    x4 = x[:, None]  ${w.tf1d}`] : ['    x4 = x']),
    `    ${call}`,
    ...lossNote.map((l) => `    ${l}`),
    `    loss = tf.reduce_${loss}(y)  ${loss === 'sum' ? w.lossSum : w.lossMean}`,
    'dx = tape.gradient(loss, x)',
    '',
    `print(np.transpose(y.numpy()${oneD ? '[:, 0]' : ''}, ${oneD ? '(0, 2, 1)' : '(0, 3, 1, 2)'}))`,
    `print(np.transpose(dx.numpy(), ${oneD ? '(0, 2, 1)' : '(0, 3, 1, 2)'}))`,
  ];
  if (max && !dilated && typeof pad === 'string') {
    lines.push('', w.tfArgmax,
      `_, argmax = tf.nn.max_pool_with_argmax(x${oneD ? '[:, None]' : ''}, ksize=${list(ksize)}, strides=${list(strides)}, padding=${padText}, include_batch_in_index=True)`,
      `print(np.transpose(argmax.numpy()${oneD ? '[:, 0]' : ''}, ${oneD ? '(0, 2, 1)' : '(0, 3, 1, 2)'}))`);
  }
  return lines;
}
