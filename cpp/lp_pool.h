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
// Every function takes a geometry that validate() accepted (kind lp: padding 0; dilation 1 unless
// dilation_for_average).
#pragma once

#include <cstdint>

#include "pool_options.h"

namespace poolgrad {

// out: (planes, out_plane)  <-  inp: (planes, in_plane)
void lp_pool_forward(float* out, const float* inp, const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane), inp: the forward's input
void lp_pool_backward(float* dinp, const float* dout, const float* inp, const PoolGeometry& g);

// lp_norm_of_window (ONNX's LpPool, "the Lp norm on all values of a subset"): each window's
// p-norm over its input elements, y = (sum |x|^p)^(1/p), with padding, padding_end, dilation and
// ceil_mode read as for avg: padding adds 0 to the sum, and nothing rescales by the kernel size
// (a ceil_mode window hanging past the input is the norm of the elements it holds). p > 0
// (validate()); p = +inf is the limit, the largest |x|. Its gradient, for x in the window:
//   dy/dx = sign(x) * |x|^(p-1) / y^(p-1) = sign(x) * (|x| / y)^(p-1)
// 0 where y = 0 (every element 0) and where x = 0 (also for p < 1, where |x|^(p-1) is infinite);
// for p = +inf, sign(x) at the first element of largest |x| in window order, as max pooling.
// Overlapping windows add their gradients; a NaN in a window makes its y and gradients NaN.
// out: (planes, out_plane)  <-  inp: (planes, in_plane)
void lp_norm_pool_forward(float* out, const float* inp, const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout: (planes, out_plane), inp: the forward's input
void lp_norm_pool_backward(float* dinp, const float* dout, const float* inp, const PoolGeometry& g);

}  // namespace poolgrad
