// status.h: how the core reports a rejected request. The core never throws and never aborts on
// user input; every public entry point that can fail returns a Status whose message names the
// offending parameter and its value, exactly as the caller passed it.
//
// Beside the message (for people) a rejection carries two stable words for programs, so that no
// caller ever parses a message:
//   param: PyTorch's name of what is at fault:
//     kind             the pooling kind (a number outside PoolKind)
//     dims             the number of spatial dimensions (1, 2 or 3; fractional 2 or 3)
//     kernel_size, stride, padding, dilation, divisor_override, norm_type, output_size,
//     output_ratio, random_samples
//     padding_end      the end padding of other frameworks' conventions (pool_options.h)
//     input            the input's shape (rank, a dimension, the element count) or data length
//     grad_output      the upstream gradient's data length
//     indices          the argmax indices handed to a max-type backward, or max_unpool's indices
//   code: what is wrong with it:
//     required         missing (kernel_size; output_size of adaptive; output_size or output_ratio
//                      of fractional_max)
//     conflict         both of two exclusive parameters (fractional's output_size and ratio)
//     bad_list_length  a per-dimension list that is neither one value nor one per dimension
//     out_of_range     below its minimum, or outside its rule (padding or padding_end above half
//                      the kernel, or above its extent less one with padding_up_to_window;
//                      dilation of average pooling without dilation_for_average;
//                      divisor_override 0; norm_type not positive under lp_norm_of_window;
//                      a zero-size dimension)
//     too_large        above a size cap (size_limits.h): a parameter, a dimension, an element
//                      count, the window listing of pool_windows
//     bad_rank         the input's rank is neither dims + 1 nor dims + 2
//     output_too_small the windows leave an output size below 1 (param: kernel_size; max_unpool's
//                      default size: padding)
//     too_much_work    the call would visit more window elements than kMaxWork (param:
//                      kernel_size; adaptive: output_size)
//     bad_length       a data buffer's length disagrees with its shape
//     bad_index        an index outside its (N, C) plane (max_unpool: its output plane)
#pragma once

#include <string>
#include <utility>

namespace poolgrad {

struct Status {
  bool ok = true;
  std::string param;    // empty when ok
  std::string code;     // empty when ok
  std::string message;  // empty when ok

  static Status success() { return {}; }
  static Status error(std::string param, std::string code, std::string message) {
    return {false, std::move(param), std::move(code), std::move(message)};
  }
};

}  // namespace poolgrad
