#include "max_unpool.h"

#include <cassert>

namespace poolgrad {

namespace {

// Calls visit(input element, output cell) for every input element, flat over all planes.
template <typename Visit>
void for_each_target(const int32_t* indices, const PoolGeometry& g, Visit visit) {
  const int64_t in_plane = g.in_plane();
  const int64_t out_plane = g.out_plane();
  for (int64_t p = 0; p < g.planes(); ++p) {
    for (int64_t i = 0; i < in_plane; ++i) {
      const int32_t target = indices[p * in_plane + i];
      assert(target >= 0 && target < out_plane);
      visit(p * in_plane + i, p * out_plane + target);
    }
  }
}

}  // namespace

void max_unpool_forward(float* out, const float* inp, const int32_t* indices,
                        const PoolGeometry& g) {
  assert(g.kind == PoolKind::max_unpool);
  for (int64_t o = 0; o < g.output_numel(); ++o) out[o] = 0.0f;
  for_each_target(indices, g, [&](int64_t i, int64_t o) { out[o] = inp[i]; });
}

void max_unpool_backward(float* dinp, const float* dout, const int32_t* indices,
                         const PoolGeometry& g) {
  assert(g.kind == PoolKind::max_unpool);
  for_each_target(indices, g, [&](int64_t i, int64_t o) { dinp[i] = dout[o]; });
}

void max_unpool_routing_counts(int32_t* counts, const int32_t* indices, const PoolGeometry& g) {
  for (int64_t o = 0; o < g.output_numel(); ++o) counts[o] = 0;
  for_each_target(indices, g, [&](int64_t, int64_t o) { ++counts[o]; });
}

}  // namespace poolgrad
