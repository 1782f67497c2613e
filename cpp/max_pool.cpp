#include "max_pool.h"

#include <cassert>
#include <cmath>
#include <limits>

#include "pool_window.h"

namespace poolgrad {

void max_pool_forward(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::max);
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t p = 0; p < g.planes(); ++p) {
    const float* x = inp + p * in_plane;
    for_each_window(g, [&](int64_t o, const Window& w) {
      // PyTorch's rule (aten/src/ATen/native/cpu/MaxPoolKernel.cpp): start from the first
      // element, replace on a strictly greater value (ties keep the first maximum) or on any NaN
      // (a NaN wins, and the last NaN is reported). Padding is never a candidate. A window with
      // no element keeps -inf and index -1, where PyTorch records an index outside the window.
      float best = -std::numeric_limits<float>::infinity();
      int64_t best_index = -1;
      for_each_tap(g, w, [&](int64_t i) {
        const float v = x[i];
        if (best_index < 0 || v > best || std::isnan(v)) {
          best = v;
          best_index = i;
        }
      });
      out[p * out_plane + o] = best;
      indices[p * out_plane + o] = static_cast<int32_t>(best_index);
    });
  }
}

namespace {

// Adds value(o) of every output element o to the input element that won its window: the one
// scatter that is both the backward pass (value = dout) and the routing counts (value = 1).
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

}  // namespace

void max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                       const PoolGeometry& g) {
  scatter_to_winners(dinp, indices, g, [&](int64_t o) { return dout[o]; });
}

void max_pool_routing_counts(int32_t* counts, const int32_t* indices, const PoolGeometry& g) {
  scatter_to_winners(counts, indices, g, [](int64_t) { return int32_t{1}; });
}

}  // namespace poolgrad
