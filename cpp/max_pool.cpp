#include "max_pool.h"

#include <cassert>

#include "max_rule.h"
#include "pool_window.h"

namespace poolgrad {

void max_pool_forward(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::max);
  max_over_windows(out, indices, inp, g, [&](int64_t, auto visit) { for_each_window(g, visit); });
}

void max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                       const PoolGeometry& g) {
  scatter_to_winners(dinp, indices, g, [&](int64_t o) { return dout[o]; });
}

void max_pool_routing_counts(int32_t* counts, const int32_t* indices, const PoolGeometry& g) {
  scatter_to_winners(counts, indices, g, [](int64_t) { return int32_t{1}; });
}

}  // namespace poolgrad
