// output_size.h: how many windows fit along one axis.
#pragma once

#include <cstdint>

namespace poolgrad {

// PyTorch's pooling_output_shape (aten/src/ATen/native/Pool.h):
//   out = floor((in + 2*pad - dilation*(kernel-1) - 1 + (ceil ? stride-1 : 0)) / stride) + 1,
// and in ceil_mode a last window that would start in the right padding is dropped, because it
// would hold no input element. The result may be < 1; the validation gate rejects that.
int64_t pooling_output_size(int64_t in, int64_t kernel_size, int64_t stride, int64_t padding,
                            int64_t dilation, bool ceil_mode);

}  // namespace poolgrad
