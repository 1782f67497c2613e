// avg_pool.h: average pooling, 1-D/2-D/3-D (one implementation; see PoolGeometry). The windows
// come from pool_window.h, so adaptive average pooling (adaptive_pool.h) runs these too.
// Every function takes a geometry that validate() accepted; buffers hold geometry.planes()
// planes, row-major, each of in_plane() (inputs) or out_plane() (outputs) elements.
#pragma once

#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// divisors: (out_plane)
// The number each window's sum is divided by (the tutorial's B_c); the same for every plane.
void avg_pool_divisors(float* divisors, const PoolGeometry& g);

// out: (planes, out_plane)  <-  inp: (planes, in_plane)
// Each output is the sum of its window's input elements divided by the window's divisor.
void avg_pool_forward(float* out, const float* inp, const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane)
// Each input element of a window receives dout / divisor from it; overlapping windows add up.
void avg_pool_backward(float* dinp, const float* dout, const PoolGeometry& g);

// counts: (planes, in_plane)
// How many windows cover each input element (every covered element gets a non-zero weight).
void avg_pool_routing_counts(int32_t* counts, const PoolGeometry& g);

}  // namespace poolgrad
