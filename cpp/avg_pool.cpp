#include "avg_pool.h"

#include <cassert>

#include "pool_window.h"

namespace poolgrad {

namespace {

// PyTorch's divisor (aten/src/ATen/native/cpu/AvgPoolKernel.cpp): divisor_override if given;
// else with count_include_pad the window's size clipped at the end of the right padding (a
// ceil_mode overhang past it never counts); else only the input elements it covers.
int64_t divisor(const PoolGeometry& g, const Window& w) {
  if (g.divisor_override) return *g.divisor_override;
  if (g.count_include_pad) {
    return w.axis[0].padded_extent * w.axis[1].padded_extent * w.axis[2].padded_extent;
  }
  return w.taps();
}

}  // namespace

void avg_pool_divisors(float* divisors, const PoolGeometry& g) {
  for_each_window(
      g, [&](int64_t o, const Window& w) { divisors[o] = static_cast<float>(divisor(g, w)); });
}

void avg_pool_forward(float* out, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::avg);
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      // Validation keeps padding <= kernel/2, so no window is padding only; PyTorch writes 0
      // for one, and so do we.
      double sum = 0.0;  // accumulate wide, round once
      for_each_tap(g, w, [&](int64_t i) { sum += x[i]; });
      out[p * out_plane + o] =
          w.taps() == 0 ? 0.0f : static_cast<float>(sum / static_cast<double>(divisor(g, w)));
    });
  }
}

namespace {

// Adds share(p, o, w) to every input element of window o of plane p: the one spread that is
// both the backward pass (share = dout / divisor) and the routing counts (share = 1).
template <typename T, typename Share>
void spread_over_windows(T* dinp, const PoolGeometry& g, Share share) {
  const int64_t in_plane = g.in_plane();
  for (int64_t i = 0; i < g.input_numel(); ++i) dinp[i] = T(0);
  for (int64_t p = 0; p < g.planes(); ++p) {
    T* dx = dinp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      const T s = share(p, o, w);
      for_each_tap(g, w, [&](int64_t i) { dx[i] += s; });
    });
  }
}

}  // namespace

void avg_pool_backward(float* dinp, const float* dout, const PoolGeometry& g) {
  const int64_t out_plane = g.out_plane();
  spread_over_windows(dinp, g, [&](int64_t p, int64_t o, const Window& w) {
    return dout[p * out_plane + o] / static_cast<float>(divisor(g, w));
  });
}

void avg_pool_routing_counts(int32_t* counts, const PoolGeometry& g) {
  spread_over_windows(counts, g, [](int64_t, int64_t, const Window&) { return int32_t{1}; });
}

}  // namespace poolgrad
