// pool_window.h: which input elements one window covers. The single place that knows where a
// window starts, how dilation spaces its taps, and how padding clips it; every kernel, the
// divisor rule and the routing counts ask here. Two window rules live here, chosen by the kind:
//   sliding (max, avg, lp): output o starts at o * stride - padding (the begin padding),
//     kernel_size taps spaced by dilation, clipped to the input; a tap counts toward avg's
//     count_include_pad divisor when it lies in [-padding, in + padding_end) (every tap with
//     divisor_full_window);
//   adaptive (adaptive_max, adaptive_avg): output o spans [floor(o*In/Out), ceil((o+1)*In/Out)).
// The third rule, fractional_max's pseudo-random starts, depends on the plane's samples and lives
// in fractional_max_pool.h; it builds the same Window, so for_each_tap serves it too.
#pragma once

#include <algorithm>
#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// One window along one axis. Its taps are start + j * dilation for j in [0, kernel_size); the
// taps that land on input elements are first, first + step, ... (count of them).
struct AxisWindow {
  int64_t first = 0;          // input index of the first tap inside the input (if count > 0)
  int64_t step = 1;           // the dilation
  int64_t count = 0;          // taps on input elements; 0 means padding only
  int64_t padded_extent = 0;  // taps before the right padding ends (avg's count_include_pad)
};

inline int64_t ceil_div_positive(int64_t a, int64_t b) { return (a + b - 1) / b; }  // a >= 0

inline bool is_adaptive(PoolKind kind) {
  return kind == PoolKind::adaptive_max || kind == PoolKind::adaptive_avg;
}

// PyTorch's adaptive window (aten/src/ATen/native/AdaptivePooling.h, start_index/end_index):
// [floor(o * in / out), ceil((o + 1) * in / out)). Neighbouring windows overlap by one element
// where in/out is not a whole number; every window holds at least one element. o * in stays below
// 2^48 (both at most kMaxElements).
inline AxisWindow adaptive_axis_window(int64_t in, int64_t out, int64_t o) {
  AxisWindow w;
  w.first = (o * in) / out;
  w.count = ((o + 1) * in + out - 1) / out - w.first;
  w.padded_extent = w.count;
  return w;
}

inline AxisWindow axis_window(const PoolGeometry& g, int axis, int64_t o) {
  if (is_adaptive(g.kind)) return adaptive_axis_window(g.in[axis], g.out[axis], o);
  const int64_t k = g.kernel_size[axis];
  const int64_t d = g.dilation[axis];
  const int64_t in = g.in[axis];
  const int64_t start = o * g.stride[axis] - g.padding[axis];
  AxisWindow w;
  w.step = d;
  // A ceil_mode window may hang past the right padding; those taps never count (PyTorch's
  // avg_pool: hend = min(hstart + kH, input_height + padH), padH being the end padding here).
  // divisor_full_window counts them: ONNX's AveragePool divides by the whole kernel, so its
  // averagepool_3d_dilations_large (count_include_pad, ceil_mode) divides its last windows,
  // whose fifth tap lies past the input, by 5 * 5 * 5 = 125 where PyTorch takes 4 * 4 * 4.
  w.padded_extent =
      g.divisor_full_window
          ? k
          : std::min(k,
                     ceil_div_positive(std::max<int64_t>(0, in + g.padding_end[axis] - start), d));
  const int64_t j_lo = start >= 0 ? 0 : ceil_div_positive(-start, d);
  const int64_t j_hi = start >= in ? 0 : std::min(k, ceil_div_positive(in - start, d));
  w.count = std::max<int64_t>(0, j_hi - j_lo);
  w.first = start + j_lo * d;
  return w;
}

// The three axis windows of the output element (od, oh, ow).
struct Window {
  AxisWindow axis[kMaxDims];
  int64_t taps() const { return axis[0].count * axis[1].count * axis[2].count; }
};

inline Window window_at(const PoolGeometry& g, int64_t od, int64_t oh, int64_t ow) {
  return {{axis_window(g, 0, od), axis_window(g, 1, oh), axis_window(g, 2, ow)}};
}

// The taps of all windows along one axis (input elements, padding excluded). A window wholly
// inside the input has all kernel_size taps, so only the windows that reach into the padding
// (about padding / stride at each end) are counted one by one: O(1) for ordinary layers, at
// worst O(out[axis]).
inline int64_t gcd(int64_t a, int64_t b) {
  while (b != 0) {
    const int64_t r = a % b;
    a = b;
    b = r;
  }
  return a;
}

// Adaptive windows: sum over o of ceil((o+1)I/O) - floor(oI/O) = I + O - gcd(I, O) (each of the
// O - 1 inner boundaries adds one shared element unless it falls on a whole element, which
// happens at the gcd(I, O) - 1 multiples of O / gcd). Fractional windows are all kernel_size
// long and inside the input. max_unpool's "window" is the one cell an input element goes to.
inline int64_t axis_taps(const PoolGeometry& g, int axis) {
  if (is_adaptive(g.kind)) return g.in[axis] + g.out[axis] - gcd(g.in[axis], g.out[axis]);
  if (g.kind == PoolKind::fractional_max) return g.out[axis] * g.kernel_size[axis];
  if (g.kind == PoolKind::max_unpool) return g.in[axis];
  const int64_t out = g.out[axis];
  const int64_t s = g.stride[axis];
  const int64_t last_tap = (g.kernel_size[axis] - 1) * g.dilation[axis];
  // Window o is inside when its first tap o*s - padding >= 0 and its last tap <= in - 1.
  const int64_t inside_begin = std::min(out, ceil_div_positive(g.padding[axis], s));
  const int64_t last_start = g.in[axis] - 1 + g.padding[axis] - last_tap;  // largest o*s inside
  const int64_t inside_end = last_start < 0 ? 0 : std::min(out, last_start / s + 1);
  int64_t taps = 0;
  for (int64_t o = 0; o < inside_begin; ++o) taps += axis_window(g, axis, o).count;
  if (inside_end > inside_begin) taps += (inside_end - inside_begin) * g.kernel_size[axis];
  for (int64_t o = std::max(inside_begin, inside_end); o < out; ++o) {
    taps += axis_window(g, axis, o).count;
  }
  return taps;
}

// The taps of all windows of one plane. A window's taps are the product of its three axis
// counts, so their sum over all windows is the product of the per-axis sums. Each axis count is
// at most in[axis], so the result is at most out_plane * in_plane <= 2^48 once validate() has
// checked the element counts.
inline int64_t plane_taps(const PoolGeometry& g) {
  return axis_taps(g, 0) * axis_taps(g, 1) * axis_taps(g, 2);
}

// Calls visit(flat_index_in_plane) for every input element of the window, in row-major window
// order (the order that decides max-pooling ties).
template <typename Visit>
inline void for_each_tap(const PoolGeometry& g, const Window& w, Visit visit) {
  const AxisWindow& wd = w.axis[0];
  const AxisWindow& wh = w.axis[1];
  const AxisWindow& ww = w.axis[2];
  for (int64_t kd = 0; kd < wd.count; ++kd) {
    const int64_t id = wd.first + kd * wd.step;
    for (int64_t kh = 0; kh < wh.count; ++kh) {
      const int64_t ih = wh.first + kh * wh.step;
      const int64_t row = (id * g.in[1] + ih) * g.in[2];
      for (int64_t kw = 0; kw < ww.count; ++kw) visit(row + ww.first + kw * ww.step);
    }
  }
}

// Calls visit(flat_output_index_in_plane, window) for every output element of a plane.
template <typename Visit>
inline void for_each_window(const PoolGeometry& g, Visit visit) {
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od)
    for (int64_t oh = 0; oh < g.out[1]; ++oh)
      for (int64_t ow = 0; ow < g.out[2]; ++ow) visit(o++, window_at(g, od, oh, ow));
}

}  // namespace poolgrad
