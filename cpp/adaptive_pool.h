// adaptive_pool.h: adaptive max and average pooling, 1-D/2-D/3-D (PyTorch's
// adaptive_{max,avg}_pool{1,2,3}d). The caller names the output size; window o of an axis spans
// [floor(o*In/Out), ceil((o+1)*In/Out)) (pool_window.h's adaptive rule), so windows vary in size
// by one and neighbours may share an element. Global max / average pooling are these with
// output size 1: one window over the whole plane.
// Every function takes a geometry that validate() accepted (kind adaptive_max / adaptive_avg).
#pragma once

#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// out, indices: (planes, out_plane)  <-  inp: (planes, in_plane)
// The largest element of each window and where it is (flat within its plane): max_rule.h.
void adaptive_max_pool_forward(float* out, int32_t* indices, const float* inp,
                               const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout, indices: (planes, out_plane)
// Each dout element goes to its window's winner (validate_indices() checked them).
void adaptive_max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                                const PoolGeometry& g);

// out: (planes, out_plane)  <-  inp: (planes, in_plane)
// The mean of each window: its sum divided by its element count (PyTorch's sum / kh / kw).
void adaptive_avg_pool_forward(float* out, const float* inp, const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane)
// Each element of window o receives dout[o] / (window o's element count); shared elements add.
void adaptive_avg_pool_backward(float* dinp, const float* dout, const PoolGeometry& g);

}  // namespace poolgrad
