// number_text.cpp: "%.Ng" by hand. printf (musl's, in the wasm) costs about 7 KB of code for the
// four messages that print a double; this is the same text in a fraction of it.
//
// A finite double is exactly m * 2^e (m < 2^53). Its exact decimal digits are those of m * 2^e
// when e >= 0, and of m * 5^-e shifted -e places right when e < 0 (2^-e = 10^-e / 5^-e): at most
// about 770 digits, worked out one digit at a time (the values are messages' numbers, not data).
#include "number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace poolgrad {

namespace {

// Enough for the longest exact value: a subnormal's m * 5^1074 has 767 digits.
constexpr int kMaxDigits = 800;

// The exact decimal digits of v > 0 into d (most significant first); returns how many, and in
// *first_exponent the power of ten of the first. (A plain array: std::vector's growth and
// insertions would cost the wasm more than the rest of this file.)
int exact_digits(double v, uint8_t* d, int* first_exponent) {
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  const auto biased = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t m = bits & ((uint64_t{1} << 52) - 1);
  int e = -1074;  // subnormal
  if (biased != 0) {
    m |= uint64_t{1} << 52;
    e = biased - 1075;
  }
  int n = 0;  // least significant first while multiplying
  for (; m != 0; m /= 10) d[n++] = static_cast<uint8_t>(m % 10);
  const int factor = e > 0 ? 2 : 5;
  for (int i = 0; i < std::abs(e); ++i) {
    int carry = 0;
    for (int j = 0; j < n; ++j) {
      const int x = d[j] * factor + carry;
      d[j] = static_cast<uint8_t>(x % 10);
      carry = x / 10;
    }
    if (carry != 0) d[n++] = static_cast<uint8_t>(carry);
  }
  std::reverse(d, d + n);
  *first_exponent = n - 1 + std::min(e, 0);
  return n;
}

}  // namespace

std::string g_text(double v, int precision) {
  if (v != v) return "nan";
  std::string text = std::signbit(v) ? "-" : "";
  v = std::fabs(v);
  if (v == 0) return text + "0";
  if (v > 1.7976931348623157e308) return text + "inf";
  uint8_t d[kMaxDigits];
  int x = 0;
  int n = exact_digits(v, d, &x);
  if (n > precision) {
    // half to even on the exact value: up above half, or at exactly half when the last kept is odd
    bool up = d[precision] > 5 || (d[precision] == 5 && d[precision - 1] % 2 == 1);
    for (int i = precision + 1; i < n; ++i) up = up || (d[precision] == 5 && d[i] != 0);
    n = precision;
    int i = n;
    while (up && i > 0 && d[i - 1] == 9) d[--i] = 0;
    if (up && i == 0) {  // 99.9 -> 100: the digits are now 1 and zeros, one place up
      d[0] = 1;
      ++x;
    } else if (up) {
      ++d[i - 1];
    }
  }
  while (n > 1 && d[n - 1] == 0) --n;
  auto digit = [&](int i) { return static_cast<char>('0' + (i < n ? d[i] : 0)); };
  if (x < -4 || x >= precision) {  // scientific: d.ddde+XX
    text += digit(0);
    if (n > 1) text += '.';
    for (int i = 1; i < n; ++i) text += digit(i);
    text += x < 0 ? "e-" : "e+";
    if (std::abs(x) < 10) text += '0';
    return text + std::to_string(std::abs(x));
  }
  if (x < 0) {  // 0.000ddd
    text += "0." + std::string(static_cast<size_t>(-x - 1), '0');
    for (int i = 0; i < n; ++i) text += digit(i);
    return text;
  }
  for (int i = 0; i <= x || i < n; ++i) {  // ddd.ddd, or ddd000 up to the units
    if (i == x + 1) text += '.';
    text += digit(i);
  }
  return text;
}

}  // namespace poolgrad
