// size_limits.h: the size caps that keep every index in range and every allocation bounded.
#pragma once

#include <cstdint>

namespace poolgrad {

// Largest element count of any tensor the core accepts (input, output, gradient): 2^24 floats,
// 64 MiB. It keeps flat indices inside int32 (the JS API's Int32Array) and the wasm heap small.
constexpr int64_t kMaxElements = int64_t{1} << 24;

// Largest kernel_size, stride, padding or dilation: with it (k - 1) * d + 1 and o * s + k * d
// cannot overflow int64_t, so the output-size formula is computed exactly. (A product over three
// axes can still pass 2^63: the average divisor at the cap is 2^72; see avg_pool.cpp.)
constexpr int64_t kMaxParameter = int64_t{1} << 24;

// Largest amount of work one call may do, in steps: window taps (input elements visited) summed
// over every window of every (N, C) plane, a window of padding only counting as one step. The
// kernels are O(steps), so this bounds the time of one call: 2^30 taps take 0.6 to 1 s natively
// (one core; max or avg, 1-D 1024-wide windows or 2-D 7x7), about 2.5 s at the speed reported for
// the 2^34-tap request below; in the browser a call blocks the page. Realistic layers stay far
// below it: a 3x3 window at every element of an input at kMaxElements is 9 * 2^24 taps, 7x7 is
// 49 * 2^24 (under 2^30), 3x3x3 is 27 * 2^24. Without it the element caps allowed 2^48 taps:
// max_pool1d over 2^18 elements with kernel_size 2^17, stride 1 is 2^34 taps and blocked for
// 34-40 s. validate() rejects more work than this, by name (kernel_size, too_much_work).
constexpr int64_t kMaxWork = int64_t{1} << 30;

// Spatial dimensionalities the core implements: 1-D, 2-D and 3-D.
constexpr int kMaxDims = 3;

}  // namespace poolgrad
