// size_limits.h: the size caps that keep every index in range and every allocation bounded.
#pragma once

#include <cstdint>

namespace poolgrad {

// Largest element count of any tensor the core accepts (input, output, gradient): 2^24 floats,
// 64 MiB. It keeps flat indices inside int32 (the JS API's Int32Array) and the wasm heap small.
constexpr int64_t kMaxElements = int64_t{1} << 24;

// Largest kernel_size, stride, padding or dilation: with it (k - 1) * d + 1 and o * s + k * d
// cannot overflow int64_t, so the output-size formula is computed exactly.
constexpr int64_t kMaxParameter = int64_t{1} << 24;

// Spatial dimensionalities the core implements: 1-D, 2-D and 3-D.
constexpr int kMaxDims = 3;

}  // namespace poolgrad
