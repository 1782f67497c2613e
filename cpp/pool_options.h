// pool_options.h: what a caller asks for (PoolOptions, PyTorch's parameters) and what the
// validation gate turns it into (PoolGeometry, a checked 3-D description every kernel reads).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "size_limits.h"
#include "status.h"

namespace poolgrad {

// The pooling family. Each kind's window rule (which input elements an output element reads):
//   max, avg, lp       sliding windows: kernel_size, stride, padding, dilation, ceil_mode
//   adaptive_max/avg   window i of an axis spans [floor(i*In/Out), ceil((i+1)*In/Out))
//   max_unpool         no window: input element i is written to output cell indices[i]
//   fractional_max     window i of an axis starts at PyTorch's pseudo-random interval sequence
//                      (random_samples or seed) and spans kernel_size elements
// Global max/avg pooling are adaptive_max/avg with output_size 1 (no kind of their own).
enum class PoolKind { max, avg, adaptive_max, adaptive_avg, lp, max_unpool, fractional_max };

// PyTorch's keyword arguments. Each list holds one value (used for every dimension) or one per
// spatial dimension; an empty list means PyTorch's default (stride: kernel_size, padding: 0,
// dilation: 1) or "not given". A kind reads only its own parameters (see validate.cpp).
struct PoolOptions {
  PoolKind kind = PoolKind::max;
  int dims = 2;  // spatial dimensions: 1, 2 or 3
  std::vector<int64_t> kernel_size;
  std::vector<int64_t> stride;
  std::vector<int64_t> padding;
  std::vector<int64_t> dilation;  // max pooling only (avg and lp too with dilation_for_average)
  bool ceil_mode = false;
  bool count_include_pad = true;            // avg pooling only
  std::optional<int64_t> divisor_override;  // avg pooling only
  bool return_indices = true;  // max, adaptive_max, fractional_max: false computes values alone
  // adaptive_*, max_unpool, fractional_max: one value or one per dimension; -1 keeps the input's
  // size (PyTorch's None entry; adaptive only); empty = not given (max_unpool: the default size).
  std::vector<int64_t> output_size;
  std::vector<double> output_ratio;  // fractional_max, instead of output_size: each in (0, 1)
  double norm_type = 2;              // lp: the p of the p-norm (PyTorch accepts any p != 0)
  // fractional_max: PyTorch's _random_samples, flat (N, C, dims) with N = 1 for unbatched input,
  // each in [0, 1); empty = drawn from seed (splitmix64, see fractional_max_pool.h).
  std::vector<float> random_samples;
  uint64_t seed = 0;

  // Conventions of other frameworks (ONNX, TensorFlow), all off by default: PyTorch's path is
  // the default options. Sliding kinds only; validate.cpp holds each rule.
  // padding_end: the padding after the input's end along each axis (max and avg), a list like
  // padding; then padding is the padding before the start. Empty = padding (symmetric, PyTorch).
  std::vector<int64_t> padding_end;
  // padding_up_to_window: each side's padding may reach the dilated window's extent less one,
  // (kernel_size - 1) * dilation, instead of PyTorch's half of the extent: ONNX's pads (and
  // TensorFlow's SAME, whose total padding is at most extent - 1) may be that wide. A window
  // can then hold no input element: max gives -inf with index -1, avg 0 (as PyTorch's ceil_mode
  // overhang would).
  bool padding_up_to_window = false;
  // dilation_for_average: avg and lp read dilation (ONNX's AveragePool and LpPool dilations);
  // PyTorch's avg_pool has none and lp_pool reads none.
  bool dilation_for_average = false;
  // Three rules where other frameworks compute another number than PyTorch. Each is read by its
  // kinds only (like dilation), and its rule is written where the kernels apply it:
  // divisor_full_window (avg; pool_window.h, axis_window): with count_include_pad the divisor is
  // the whole window, the product of kernel_size, even where a ceil_mode window hangs past the
  // end padding (ONNX's AveragePool); PyTorch stops counting at the end padding.
  bool divisor_full_window = false;
  // lp_norm_of_window (lp; lp_pool.h, lp_norm_pool_forward): y is the p-norm of the window's
  // elements, (sum |x|^p)^(1/p), and lp reads padding and padding_end (ONNX's LpPool); norm_type
  // must then be positive (+inf: max |x|). PyTorch's lp_pool takes x^p without |.|, no padding.
  bool lp_norm_of_window = false;
  // max_skips_nan (max, adaptive_max, fractional_max; max_rule.h): NaN never wins a window
  // (ONNX's MaxPool, TensorFlow's max_pool); PyTorch's NaN wins.
  bool max_skips_nan = false;
};

// A validated pooling problem seen as 3-D: axis 0 = depth, 1 = height, 2 = width. A 1-D or 2-D
// problem is the 3-D one with unit leading axes (size 1, kernel 1, stride 1, no padding), so one
// loop nest serves every dimensionality. in is always the op's input (for max_unpool: the pooled
// tensor it spreads out), out its output. random_samples points into the PoolOptions that were
// validated: a geometry must not outlive them.
struct PoolGeometry {
  PoolKind kind = PoolKind::max;
  int dims = 2;
  bool batched = false;
  int64_t batch = 1;     // N (1 for unbatched input)
  int64_t channels = 1;  // C
  int64_t in[kMaxDims] = {1, 1, 1};
  int64_t out[kMaxDims] = {1, 1, 1};
  int64_t kernel_size[kMaxDims] = {1, 1, 1};
  int64_t stride[kMaxDims] = {1, 1, 1};
  int64_t padding[kMaxDims] = {0, 0, 0};      // before the input's start along each axis
  int64_t padding_end[kMaxDims] = {0, 0, 0};  // after its end (PyTorch: the same as padding)
  int64_t dilation[kMaxDims] = {1, 1, 1};
  bool ceil_mode = false;
  bool count_include_pad = true;
  std::optional<int64_t> divisor_override;
  double norm_type = 2;                   // lp
  bool divisor_full_window = false;       // avg (pool_options.h's three rules, end)
  bool lp_norm_of_window = false;         // lp
  bool max_skips_nan = false;             // max, adaptive_max, fractional_max
  const float* random_samples = nullptr;  // fractional_max: the options' samples, or null
  uint64_t seed = 0;                      // fractional_max without samples

  int64_t planes() const { return batch * channels; }  // independent (N, C) planes
  int64_t in_plane() const { return in[0] * in[1] * in[2]; }
  int64_t out_plane() const { return out[0] * out[1] * out[2]; }
  int64_t input_numel() const { return planes() * in_plane(); }
  int64_t output_numel() const { return planes() * out_plane(); }
  // The input's leading (N,) C followed by the given spatial sizes (in or out).
  std::vector<int64_t> shape_with(const int64_t* spatial) const;
  std::vector<int64_t> input_shape() const { return shape_with(in); }
  std::vector<int64_t> output_shape() const { return shape_with(out); }
};

// The one validation gate. On success fills *geometry; on failure returns a message naming the
// parameter and value, and *geometry is unspecified. Never throws, never allocates more than the
// message.
Status validate(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                PoolGeometry* geometry);

// Checks argmax indices handed back for a backward pass (they may come from a caller, not from
// our forward): each must be -1 (empty window) or inside its own (N, C) input plane. For
// max_unpool (forward and backward) the indices are its input's: one per input element, each
// inside its own (N, C) output plane (no -1: PyTorch's rule, "Found an invalid max index").
Status validate_indices(const int32_t* indices, int64_t count, const PoolGeometry& geometry);

}  // namespace poolgrad
