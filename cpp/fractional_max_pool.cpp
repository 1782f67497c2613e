#include "fractional_max_pool.h"

#include <cassert>

#include "max_pool.h"
#include "max_rule.h"

namespace poolgrad {

float fractional_seeded_sample(uint64_t seed, int64_t j) {
  uint64_t z = seed + (static_cast<uint64_t>(j) + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<float>(z >> 40) * 0x1p-24f;
}

float fractional_sample(const PoolGeometry& g, int64_t plane, int axis) {
  // The slot of each geometry axis (depth, height, width) in a plane's samples.
  static const int slot[2][kMaxDims] = {{-1, 1, 0}, {0, 1, 2}};
  const int s = slot[g.dims - 2][axis];
  if (s < 0) return 0.0f;  // 2-D's unit depth axis: one window, at 0, whatever the sample
  const int64_t j = plane * g.dims + s;
  return g.random_samples ? g.random_samples[j] : fractional_seeded_sample(g.seed, j);
}

int64_t fractional_start(float sample, int64_t in, int64_t out, int64_t kernel_size, int64_t o) {
  if (o == out - 1) return in - kernel_size;
  // float, as PyTorch computes it for float input: the rounding decides the starts.
  const float alpha = static_cast<float>(in - kernel_size) / static_cast<float>(out - 1);
  return static_cast<int64_t>(static_cast<int>((static_cast<float>(o) + sample) * alpha) -
                              static_cast<int>(sample * alpha));
}

void fractional_max_pool_forward(float* out, int32_t* indices, const float* inp,
                                 const PoolGeometry& g) {
  assert(g.kind == PoolKind::fractional_max);
  max_over_windows(out, indices, inp, g,
                   [&](int64_t p, auto visit) { for_each_fractional_window(g, p, visit); });
}

void fractional_max_pool_backward(float* dinp, const float* dout, const int32_t* indices,
                                  const PoolGeometry& g) {
  max_pool_backward(dinp, dout, indices, g);
}

}  // namespace poolgrad
