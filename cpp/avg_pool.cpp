#include "avg_pool.h"

#include <cassert>

#include "pool_window.h"

namespace poolgrad {

namespace {

// PyTorch's divisor (aten/src/ATen/native/cpu/AvgPoolKernel.cpp): divisor_override if given;
// else with count_include_pad the window's size clipped at the end of the right padding (a
// ceil_mode overhang past it never counts); else only the input elements it covers.
// PyTorch forms it as one int64 product, but three padded extents of up to kMaxParameter each
// reach 2^72: avg_pool3d of 8 under kernel_size 2^21, padding 2^20 (extent 2^63) gave -8.67e-19,
// under 2^22 inf. So it is formed in double: the first two factors (at most 2^48) multiply
// exactly and the third rounds once, which is PyTorch's product converted to double wherever
// that did not overflow. (Branch-free: a branch here slowed the forward by a third.)
double divisor(const PoolGeometry& g, const Window& w) {
  if (g.divisor_override) return static_cast<double>(*g.divisor_override);
  if (!g.count_include_pad) return static_cast<double>(w.taps());  // at most in_plane
  const AxisWindow* a = w.axis;
  return static_cast<double>(a[0].padded_extent * a[1].padded_extent) *
         static_cast<double>(a[2].padded_extent);
}

// The same divisor as the float PyTorch divides by: its int64 product rounded once (rounding the
// double again could be one ulp off above 2^53); past int64, the double product rounded.
// (Written apart from divisor() because testing the double's range slowed the backward.)
float divisor_float(const PoolGeometry& g, const Window& w) {
  if (g.divisor_override) return static_cast<float>(*g.divisor_override);
  if (!g.count_include_pad) return static_cast<float>(w.taps());
  const AxisWindow* a = w.axis;
  const int64_t n01 = a[0].padded_extent * a[1].padded_extent;
  const double product = static_cast<double>(n01) * static_cast<double>(a[2].padded_extent);
  if (product < 0x1p63) return static_cast<float>(n01 * a[2].padded_extent);
  return static_cast<float>(product);
}

}  // namespace

void avg_pool_divisors(float* divisors, const PoolGeometry& g) {
  for_each_window(g, [&](int64_t o, const Window& w) { divisors[o] = divisor_float(g, w); });
}

void avg_pool_forward(float* out, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::avg || g.kind == PoolKind::adaptive_avg);
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      // PyTorch's padding <= kernel/2 leaves no window of padding only; wider padding (other
      // conventions, pool_options.h) can: PyTorch's rule writes 0 for one, and so do we.
      double sum = 0.0;  // accumulate wide, round once
      for_each_tap(g, w, [&](int64_t i) { sum += x[i]; });
      out[p * out_plane + o] = w.taps() == 0 ? 0.0f : static_cast<float>(sum / divisor(g, w));
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
    return dout[p * out_plane + o] / divisor_float(g, w);
  });
}

void avg_pool_routing_counts(int32_t* counts, const PoolGeometry& g) {
  spread_over_windows(counts, g, [](int64_t, int64_t, const Window&) { return int32_t{1}; });
}

}  // namespace poolgrad
