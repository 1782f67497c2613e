#include "lp_pool.h"

#include <cassert>
#include <cmath>
#include <limits>

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

namespace {

// The window's p-norm in double, scaled by its largest |x| (m) so that no |x|^p overflows or
// underflows: y = m * (sum (|x| / m)^p)^(1/p), each term in [0, 1]. m = 0 (all zero) gives 0,
// m = inf gives inf, p = inf gives m itself; a NaN element makes y NaN.
double window_norm(const float* x, const PoolGeometry& g, const Window& w) {
  double m = 0.0;
  bool nan = false;
  for_each_tap(g, w, [&](int64_t i) {
    const double a = std::fabs(static_cast<double>(x[i]));
    nan = nan || std::isnan(a);
    m = a > m ? a : m;
  });
  if (nan) return std::numeric_limits<double>::quiet_NaN();
  if (m == 0.0 || std::isinf(m) || std::isinf(g.norm_type)) return m;
  double sum = 0.0;
  for_each_tap(g, w, [&](int64_t i) {
    sum += std::pow(std::fabs(static_cast<double>(x[i])) / m, g.norm_type);
  });
  return m * std::pow(sum, 1.0 / g.norm_type);
}

float sign_of(float v) { return static_cast<float>((v > 0) - (v < 0)); }

}  // namespace

void lp_norm_pool_forward(float* out, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::lp && g.lp_norm_of_window && g.norm_type > 0);
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      out[p * out_plane + o] = static_cast<float>(window_norm(x, g, w));
    });
  }
}

void lp_norm_pool_backward(float* dinp, const float* dout, const float* inp,
                           const PoolGeometry& g) {
  assert(g.kind == PoolKind::lp && g.lp_norm_of_window && g.norm_type > 0);
  const double p_norm = g.norm_type;
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t i = 0; i < g.input_numel(); ++i) dinp[i] = 0.0f;
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    float* dx = dinp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      const double y = window_norm(x, g, w);
      if (y == 0.0) return;  // every element 0: the norm's gradient there is 0 (a subgradient)
      const double dy = static_cast<double>(dout[p * out_plane + o]);
      bool taken = false;  // p = inf: y = max |x|, and the first element reaching it takes dy
      for_each_tap(g, w, [&](int64_t i) {
        const double a = std::fabs(static_cast<double>(x[i]));
        double share = 0.0;  // d y / d|x|: (|x| / y)^(p-1); 0 at x = 0 (sign(0) = 0 anyway)
        if (std::isnan(y)) {
          share = y;  // a NaN in the window: every gradient of it NaN
        } else if (!std::isinf(p_norm)) {
          share = a == 0.0 ? 0.0 : std::pow(a / y, p_norm - 1);
        } else if (!taken && a == y) {
          share = 1.0;
          taken = true;
        }
        dx[i] += static_cast<float>(dy * sign_of(x[i]) * share);  // NaN share: NaN, even at 0
      });
    });
  }
}

}  // namespace poolgrad
