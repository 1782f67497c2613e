// max_pool.h: max pooling, 1-D/2-D/3-D (one implementation; see PoolGeometry). The max rule
// itself is max_rule.h's, shared with adaptive and fractional max pooling. The backward and the
// routing counts read only the indices, so they serve every max-type kind.
// Every function takes a geometry that validate() accepted; buffers hold geometry.planes()
// planes, row-major, each of in_plane() (inputs) or out_plane() (outputs) elements.
#pragma once

#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// out, indices: (planes, out_plane)  <-  inp: (planes, in_plane)
// Each output is the largest input of its window; indices holds where it is, flat within its
// (N, C) plane, or -1 for a window of padding only (then the output is -inf).
void max_pool_forward(float* out, int32_t* indices, const float* inp, const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout, indices: (planes, out_plane)
// The gradient of a max is 1 at the argmax and 0 elsewhere, so each dout element is added to the
// input element that won its window. Overlapping windows that share a winner accumulate.
// indices must have passed validate_indices().
void max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                       const PoolGeometry& g);

// counts: (planes, in_plane)  <-  indices: (planes, out_plane)
// How many windows each input element wins, i.e. how many dout terms reach it: the tutorial's
// "position matrix". With loss = mean, dinp = counts / numel(output).
void max_pool_routing_counts(int32_t* counts, const int32_t* indices, const PoolGeometry& g);

}  // namespace poolgrad
