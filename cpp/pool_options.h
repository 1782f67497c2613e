// pool_options.h: what a caller asks for (PoolOptions, PyTorch's parameters) and what the
// validation gate turns it into (PoolGeometry, a checked 3-D description every kernel reads).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "size_limits.h"
#include "status.h"

namespace poolgrad {

enum class PoolKind { max, avg };

// PyTorch's keyword arguments. Each list holds one value (used for every dimension) or one per
// spatial dimension; an empty list means PyTorch's default (stride: kernel_size, padding: 0,
// dilation: 1).
struct PoolOptions {
  PoolKind kind = PoolKind::max;
  int dims = 2;  // spatial dimensions: 1, 2 or 3
  std::vector<int64_t> kernel_size;
  std::vector<int64_t> stride;
  std::vector<int64_t> padding;
  std::vector<int64_t> dilation;  // max pooling only
  bool ceil_mode = false;
  bool count_include_pad = true;            // avg pooling only
  std::optional<int64_t> divisor_override;  // avg pooling only
  bool return_indices = true;               // max pooling only: false computes the values alone
};

// A validated pooling problem seen as 3-D: axis 0 = depth, 1 = height, 2 = width. A 1-D or 2-D
// problem is the 3-D one with unit leading axes (size 1, kernel 1, stride 1, no padding), so one
// loop nest serves every dimensionality.
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
  int64_t padding[kMaxDims] = {0, 0, 0};
  int64_t dilation[kMaxDims] = {1, 1, 1};
  bool ceil_mode = false;
  bool count_include_pad = true;
  std::optional<int64_t> divisor_override;

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
// our forward): each must be -1 (empty window) or inside its own (N, C) input plane.
Status validate_indices(const int32_t* indices, int64_t count, const PoolGeometry& geometry);

}  // namespace poolgrad
