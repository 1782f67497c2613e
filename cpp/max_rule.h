// max_rule.h: the max rule and its gradient, for every max-type kind (max, adaptive_max,
// fractional_max). The kinds differ only in their windows (pool_window.h, fractional_max_pool.h);
// which element wins a window and where its gradient goes is decided here, once.
#pragma once

#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>

#include "pool_options.h"
#include "pool_window.h"

namespace poolgrad {

// out, indices: (planes, out_plane)  <-  inp: (planes, in_plane)
// windows(p, visit) calls visit(o, window) for every output element o of plane p.
// PyTorch's rule (aten/src/ATen/native/cpu/MaxPoolKernel.cpp, the same in AdaptiveMaxPoolKernel
// and FractionalMaxPool2d/3d): start from the first element, replace on a strictly greater value
// (ties keep the first maximum in row-major window order) or on any NaN (a NaN wins, and the
// last NaN is reported). Padding is never a candidate. A window with no element keeps -inf and
// index -1, where PyTorch records an index outside the window (fixture README, A).
// max_skips_nan (ONNX's MaxPool, TensorFlow's max_pool): a NaN is never taken, so the first
// element that is not NaN starts and only a strictly greater one replaces it (x > best is false
// for a NaN); a window of NaN only is as empty: -inf, index -1, and its gradient goes nowhere.
template <typename Windows>
void max_over_windows(float* out, int32_t* indices, const float* inp, const PoolGeometry& g,
                      Windows windows) {
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  const bool nan_wins = !g.max_skips_nan;
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    windows(p, [&](int64_t o, const Window& w) {
      float best = -std::numeric_limits<float>::infinity();
      int64_t best_index = -1;
      for_each_tap(g, w, [&](int64_t i) {
        const float v = x[i];
        const bool is_nan = std::isnan(v);
        if ((best_index < 0 || v > best || is_nan) && (nan_wins || !is_nan)) {
          best = v;
          best_index = i;
        }
      });
      out[p * out_plane + o] = best;
      indices[p * out_plane + o] = static_cast<int32_t>(best_index);
    });
  }
}

// dinp: (planes, in_plane)  <-  value(o) for every output element o: (planes, out_plane)
// Adds value(o) to the input element that won window o (indices, validated: -1 or inside the
// plane): the one scatter that is both the backward pass (value = dout; the gradient of a max is
// 1 at the argmax and 0 elsewhere, and overlapping windows that share a winner accumulate) and
// the routing counts (value = 1).
template <typename T, typename Value>
void scatter_to_winners(T* dinp, const int32_t* indices, const PoolGeometry& g, Value value) {
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t i = 0; i < g.input_numel(); ++i) dinp[i] = T(0);
  for (int64_t p = 0; p < g.planes(); ++p) {
    for (int64_t o = 0; o < out_plane; ++o) {
      const int32_t winner = indices[p * out_plane + o];
      assert(winner >= -1 && winner < in_plane);
      if (winner >= 0) dinp[p * in_plane + winner] += value(p * out_plane + o);
    }
  }
}

}  // namespace poolgrad
