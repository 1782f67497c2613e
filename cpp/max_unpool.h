// max_unpool.h: max unpooling, 1-D/2-D/3-D (PyTorch's max_unpool{1,2,3}d), the partial inverse
// of max pooling: every input element is written to the output cell its index names (flat
// within its own (N, C) output plane, as max pooling's return_indices reports them); every
// other output cell is 0. There are no windows: input element i's "window" is its one target
// cell. The output size is max pooling's input size, (in - 1) * stride - 2 * padding +
// kernel_size, or the caller's output_size within stride of it (validate.cpp).
// Every function takes a geometry that validate() accepted (kind max_unpool: in = the pooled
// input, out = the unpooled output) and indices that validate_indices() accepted.
#pragma once

#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// out: (planes, out_plane)  <-  inp, indices: (planes, in_plane)
// out[indices[i]] = inp[i] in input order: where two indices name one cell, the later input
// element's value stays (PyTorch's CPU kernel writes them in this order too).
void max_unpool_forward(float* out, const float* inp, const int32_t* indices,
                        const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane), indices: (planes, in_plane)
// dinp[i] = dout[indices[i]]: a gather (PyTorch's max_unpool backward). With distinct indices it
// is the forward's adjoint; two inputs sharing a cell both read its gradient.
void max_unpool_backward(float* dinp, const float* dout, const int32_t* indices,
                         const PoolGeometry& g);

// counts: (planes, out_plane)  <-  indices: (planes, in_plane)
// How many input elements are written to each output cell (the output's shape: that is where
// the backward reads the gradient from).
void max_unpool_routing_counts(int32_t* counts, const int32_t* indices, const PoolGeometry& g);

}  // namespace poolgrad
