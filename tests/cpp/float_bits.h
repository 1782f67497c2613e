// float_bits.h: the special float values and the two ways the tests compare floats: bit for bit
// (the fast paths against the plain ones where both do the same arithmetic) and within one ulp
// (where the order of a sum differs).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
// What an index buffer is filled with before a call: a value no kernel ever writes.
constexpr int32_t kPoisonIndex = std::numeric_limits<int32_t>::min();

inline bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Within 1 ulp of the larger magnitude (both NaN, or equal infinities, also agree).
inline bool within_ulp(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;
  if (std::isinf(a) || std::isinf(b)) return false;
  const float big = std::max(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) <= std::nextafter(big, kInf) - big;
}

// [1,2,3]: a list in a failure message.
inline std::string list_text(const std::vector<int64_t>& values) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + std::to_string(values[i]);
  return text + "]";
}
