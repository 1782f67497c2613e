// output_size.h: how many windows fit along one axis.
#pragma once

#include <cstdint>

namespace poolgrad {

// PyTorch's pooling_output_shape (aten/src/ATen/native/Pool.h), with its 2*pad split into the
// begin and end paddings (ONNX's explicit pads; PyTorch's are equal):
//   out = floor((in + pad_begin + pad_end - dilation*(kernel-1) - 1 + (ceil ? stride-1 : 0))
//               / stride) + 1,
// and in ceil_mode a last window that would start in the right padding is dropped, because it
// would hold no input element: PyTorch's check (out-1)*stride >= in + pad, with pad the begin
// padding (window o starts at o*stride - pad_begin). ONNX's ceil variant is not this one.
// The result may be < 1; the validation gate rejects that.
int64_t pooling_output_size(int64_t in, int64_t kernel_size, int64_t stride, int64_t pad_begin,
                            int64_t pad_end, int64_t dilation, bool ceil_mode);

// PyTorch's symmetric padding.
inline int64_t pooling_output_size(int64_t in, int64_t kernel_size, int64_t stride, int64_t padding,
                                   int64_t dilation, bool ceil_mode) {
  return pooling_output_size(in, kernel_size, stride, padding, padding, dilation, ceil_mode);
}

}  // namespace poolgrad
