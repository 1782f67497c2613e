// fractional_max_pool.h: fractional max pooling, 2-D and 3-D (PyTorch's
// fractional_max_pool{2,3}d, after Graham's "Fractional Max-Pooling"). Windows of kernel_size
// elements start at pseudo-random, increasing positions: along an axis with input size In,
// output size Out and kernel k, one sample u in [0, 1) per (N, C) plane and axis gives
// (PyTorch's generate_intervals, aten/src/ATen/native/FractionalMaxPool2d.cpp, in the input's
// scalar type, float):
//   alpha = float(In - k) / float(Out - 1)
//   start[o] = int((o + u) * alpha) - int(u * alpha)   for o < Out - 1
//   start[Out - 1] = In - k
// The samples are PyTorch's _random_samples, shape (N, C, dims) (N = 1 unbatched). PyTorch reads
// them per plane in this order: 2-D: [0] for the WIDTH, [1] for the height; 3-D: [0] depth
// (time), [1] height, [2] width. Without samples they are drawn from the options' seed with
// splitmix64: sample j of the flat (N, C, dims) list is the top 24 bits of
// splitmix64(seed + (j + 1) * 0x9E3779B97F4A7C15) times 2^-24 (uniform in [0, 1), exact in
// float, the same natively and in wasm).
// The max rule (ties, NaN) is max_rule.h's; the backward scatters to the winners as max pooling's.
#pragma once

#include <cstdint>

#include "pool_options.h"
#include "pool_window.h"

namespace poolgrad {

// Sample j of the seeded stream (see above).
float fractional_seeded_sample(uint64_t seed, int64_t j);

// The sample of plane p for geometry axis a (0 depth, 1 height, 2 width): the given one or the
// seeded one, in PyTorch's order.
float fractional_sample(const PoolGeometry& g, int64_t plane, int axis);

// Where window o starts along an axis (PyTorch's generate_intervals, element o).
int64_t fractional_start(float sample, int64_t in, int64_t out, int64_t kernel_size, int64_t o);

// Calls visit(o, window) for every output element o of plane p, row-major: the windows that
// plane's samples give.
template <typename Visit>
void for_each_fractional_window(const PoolGeometry& g, int64_t plane, Visit visit) {
  float sample[kMaxDims];
  for (int a = 0; a < kMaxDims; ++a) sample[a] = fractional_sample(g, plane, a);
  auto axis = [&](int a, int64_t o) {
    AxisWindow w;
    w.first = fractional_start(sample[a], g.in[a], g.out[a], g.kernel_size[a], o);
    w.count = g.kernel_size[a];
    w.padded_extent = w.count;
    return w;
  };
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od)
    for (int64_t oh = 0; oh < g.out[1]; ++oh)
      for (int64_t ow = 0; ow < g.out[2]; ++ow)
        visit(o++, Window{{axis(0, od), axis(1, oh), axis(2, ow)}});
}

// out, indices: (planes, out_plane)  <-  inp: (planes, in_plane)
void fractional_max_pool_forward(float* out, int32_t* indices, const float* inp,
                                 const PoolGeometry& g);

// dinp: (planes, in_plane)  <-  dout, indices: (planes, out_plane)
void fractional_max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                                  const PoolGeometry& g);

}  // namespace poolgrad
