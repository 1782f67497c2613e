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

int64_t pooling_output_size(int64_t in, int64_t kernel_size, int64_t stride, int64_t pad_begin,
                            int64_t pad_end, int64_t dilation, bool ceil_mode) {
  const int64_t span = dilation * (kernel_size - 1) + 1;  // the dilated window's extent
  int64_t out =
      floor_div(in + pad_begin + pad_end - span + (ceil_mode ? stride - 1 : 0), stride) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad_begin) --out;  // starts in the right padding
  return out;
}

}  // namespace poolgrad
