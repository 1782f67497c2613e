#include "output_size.h"

namespace poolgrad {

namespace {
// Floor division (C++ '/' truncates toward zero; the numerator may be negative).
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

int64_t pooling_output_size(int64_t in, int64_t kernel_size, int64_t stride, int64_t padding,
                            int64_t dilation, bool ceil_mode) {
  const int64_t span = dilation * (kernel_size - 1) + 1;  // the dilated window's extent
  int64_t out = floor_div(in + 2 * padding - span + (ceil_mode ? stride - 1 : 0), stride) + 1;
  if (ceil_mode && (out - 1) * stride >= in + padding) --out;  // starts in the right padding
  return out;
}

}  // namespace poolgrad
