// lp_pool.h: power-average (LP) pooling, 1-D/2-D/3-D, PyTorch's lp_pool{1,2,3}d. PyTorch defines
// it as a composite (torch/nn/functional.py), and this is that composite, step for step:
//   s = avg_pool(x^p)                  kernel_size, stride, padding 0, ceil_mode; the divisor is
//                                      the window's element count (a ceil_mode window clipped
//                                      at the input's end divides by fewer)
//   t = sign(s) * relu(|s|) * K        K = prod(kernel_size), the FULL kernel even where clipped
//   y = t^(1/p)
// so its value and its gradient (autograd of those steps) follow, special cases included:
//   - a zero window sum s = 0: y = 0, and the gradient through it is 0 (relu's gradient at 0),
//     even where t^(1/p - 1) is infinite;
//   - x^p of a negative x is NaN for a non-integer p; an odd p gives s < 0 and t^(1/p) = NaN;
//   - p = +-inf: 1/p = 0, so y = t^0 = 1 everywhere and the gradient of every input element is
//     0 * (p * x^(p-1)) = NaN (PyTorch's result: LP pooling does not become max pooling);
//   - the last factor p * x^(p-1) applies to every input element, also one no window covers
//     (its gradient is 0 * that: NaN where that is infinite, e.g. x = 0 with p < 1).
// Every function takes a geometry that validate() accepted (kind lp: padding 0, dilation 1).
#pragma once

#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// out: (planes, out_plane)  <-  inp: (planes, in_plane)
void lp_pool_forward(float* out, const float* inp, const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane), inp: the forward's input
void lp_pool_backward(float* dinp, const float* dout, const float* inp, const PoolGeometry& g);

}  // namespace poolgrad
