#include "lp_pool.h"

#include <cassert>
#include <cmath>

#include "pool_window.h"

namespace poolgrad {

namespace {

// Each step rounds to float as PyTorch's float32 tensors do; pow runs in double and rounds once
// (PyTorch's float pow is within an ulp or two of that, inside the fixtures' tolerance).
float power(float x, double p) { return static_cast<float>(std::pow(static_cast<double>(x), p)); }

// The window's s = avg_pool(x^p): the sum of x^p over its elements (accumulated wide) divided by
// their count (padding 0: count_include_pad counts nothing more).
float window_mean_of_powers(const float* x, const PoolGeometry& g, const Window& w) {
  double sum = 0.0;
  for_each_tap(g, w, [&](int64_t i) { sum += static_cast<double>(power(x[i], g.norm_type)); });
  return static_cast<float>(sum / static_cast<double>(w.taps()));
}

// K = prod(kernel_size) as PyTorch multiplies by it (a Python int times a float tensor). Formed
// in double: a ceil_mode window may be longer than the input, so three kernel sizes at the cap
// (2^24 each) reach 2^72, past int64 (UBSan found it: lp_pool3d, kernel_size 2^24, ceil_mode).
// Products up to 2^53 are exact, and the float rounding of the double is PyTorch's rounding of
// the integer wherever PyTorch can form it.
float kernel_product(const PoolGeometry& g) {
  return static_cast<float>(static_cast<double>(g.kernel_size[0]) *
                            static_cast<double>(g.kernel_size[1]) *
                            static_cast<double>(g.kernel_size[2]));
}

// sign(s) * relu(|s|) is s itself (a -0 becomes +0, a NaN stays NaN); the step matters only for
// the gradient (lp_pool_backward).
float signed_relu_abs(float s) { return s == 0 ? 0.0f : s; }

}  // namespace

void lp_pool_forward(float* out, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::lp);
  const double q = 1.0 / g.norm_type;  // Python's 1.0 / norm_type (0 for an infinite p)
  const float k = kernel_product(g);
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      const float t = signed_relu_abs(window_mean_of_powers(x, g, w)) * k;
      out[p * out_plane + o] = power(t, q);
    });
  }
}

void lp_pool_backward(float* dinp, const float* dout, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::lp);
  const double p_norm = g.norm_type;
  const double q = 1.0 / p_norm;
  const float k = kernel_product(g);
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t i = 0; i < g.input_numel(); ++i) dinp[i] = 0.0f;
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    float* dx = dinp + p * in_plane;
    // First the gradient with respect to x^p, window by window, back through each step:
    for_each_window(g, [&](int64_t o, const Window& w) {
      const float s = window_mean_of_powers(x, g, w);
      const float t = signed_relu_abs(s) * k;
      // y = t^q: dy/dt = q * t^(q-1); PyTorch's pow_backward is 0 outright for q = 0.
      const float dt =
          q == 0 ? 0.0f : dout[p * out_plane + o] * static_cast<float>(q * power(t, q - 1));
      const float dr = dt * k;  // through * K
      // Through sign(s) * relu(|s|): sign's gradient is 0; relu passes where |s| > 0 (a select,
      // so an infinite dr at s = 0 becomes 0, not NaN), abs multiplies by sign(s) (NaN: NaN).
      const float sign = std::isnan(s) ? s : static_cast<float>((s > 0) - (s < 0));
      const float ds = (std::fabs(s) > 0 || std::isnan(s)) ? dr * sign * sign : 0.0f;
      const float share = ds / static_cast<float>(w.taps());  // avg_pool's backward
      for_each_tap(g, w, [&](int64_t i) { dx[i] += share; });
    });
    // Then through x^p, for every element of the plane: d(x^p)/dx = p * x^(p-1).
    for (int64_t i = 0; i < in_plane; ++i) {
      dx[i] = dx[i] * static_cast<float>(p_norm * power(x[i], p_norm - 1));
    }
  }
}

}  // namespace poolgrad
