#include "adaptive_pool.h"

#include <cassert>

#include "avg_pool.h"
#include "max_pool.h"
#include "max_rule.h"
#include "pool_window.h"

namespace poolgrad {

// The adaptive kinds are max and average pooling over other windows: for_each_window asks
// pool_window.h, which applies the adaptive rule for these kinds. The average's divisor is the
// window's element count: an adaptive window has no padding, so avg_pool's divisor rule (the
// padded extent, count_include_pad) gives exactly that.

void adaptive_max_pool_forward(float* out, int32_t* indices, const float* inp,
                               const PoolGeometry& g) {
  assert(g.kind == PoolKind::adaptive_max);
  max_over_windows(out, indices, inp, g, [&](int64_t, auto visit) { for_each_window(g, visit); });
}

void adaptive_max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                                const PoolGeometry& g) {
  max_pool_backward(dinp, dout, indices, g);
}

void adaptive_avg_pool_forward(float* out, const float* inp, const PoolGeometry& g) {
  assert(g.kind == PoolKind::adaptive_avg && g.count_include_pad && !g.divisor_override);
  avg_pool_forward(out, inp, g);
}

void adaptive_avg_pool_backward(float* dinp, const float* dout, const PoolGeometry& g) {
  assert(g.kind == PoolKind::adaptive_avg);
  avg_pool_backward(dinp, dout, g);
}

}  // namespace poolgrad
