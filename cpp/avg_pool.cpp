#include "avg_pool.h"

#include <cassert>

#include "pool_window.h"

namespace poolgrad {

namespace {

// PyTorch's divisor (aten/src/ATen/native/cpu/AvgPoolKernel.cpp): divisor_override if given;
// else with count_include_pad the window's size clipped at the end of the right padding (a
// ceil_mode overhang past it never counts); else only the input elements it covers.
// PyTorch forms it as one int64 product, but three extents of up to kMaxParameter each reach
// 2^72: an average of 8 under kernel_size 2^21, padding 2^20 in 3-D (extent 2^63) came out as
// -8.67e-19, and at 2^22 as inf. So below 2^63 it is PyTorch's exact int64 product, converted
// once to Real; above, the double product (rounded once: n[0] * n[1] <= 2^48 is exact).
template <typename Real>
Real divisor(const PoolGeometry& g, const Window& w) {
  if (g.divisor_override) return static_cast<Real>(*g.divisor_override);
  int64_t n[kMaxDims];
  for (int a = 0; a < kMaxDims; ++a) {
    n[a] = g.count_include_pad ? w.axis[a].padded_extent : w.axis[a].count;
  }
  const int64_t n01 = n[0] * n[1];
  const double product = static_cast<double>(n01) * static_cast<double>(n[2]);
  if (product < 0x1p63) return static_cast<Real>(n01 * n[2]);
  return static_cast<Real>(product);
}

}  // namespace

void avg_pool_divisors(float* divisors, const PoolGeometry& g) {
  for_each_window(g, [&](int64_t o, const Window& w) { divisors[o] = divisor<float>(g, w); });
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
          w.taps() == 0 ? 0.0f : static_cast<float>(sum / divisor<double>(g, w));
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
    return dout[p * out_plane + o] / divisor<float>(g, w);
  });
}

void avg_pool_routing_counts(int32_t* counts, const PoolGeometry& g) {
  spread_over_windows(counts, g, [](int64_t, int64_t, const Window&) { return int32_t{1}; });
}

}  // namespace poolgrad
