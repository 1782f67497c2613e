// pool_api.h: whole operations on caller-owned data: validate, check lengths, allocate, run.
// This is what the Embind bindings and the native case checker call; the kernels below it
// assume validated input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pool_options.h"
#include "status.h"

namespace poolgrad {

struct ForwardResult {
  Status status;
  std::vector<int64_t> output_shape;
  std::vector<float> output;
  std::vector<int32_t> indices;  // max pooling with return_indices only
};

struct BackwardResult {
  Status status;
  std::vector<float> grad_input;  // the input's shape
};

// The tutorial's "position matrix" and its normalisation for loss = mean.
struct RoutingResult {
  Status status;
  std::vector<int32_t> counts;    // the input's shape: windows routing gradient to each element
  int64_t windows_per_plane = 0;  // N_B: output elements in one (N, C) plane
  std::vector<float> divisors;    // avg only, one per window of a plane: B_c
};

// The input elements each window of one (N, C) plane covers, in row-major window order (the
// order that decides max-pooling ties): window o covers cells[offsets[o] .. offsets[o + 1]),
// flat indices within the plane. Padding taps are not listed.
struct WindowsResult {
  Status status;
  std::vector<int32_t> offsets;  // out_plane + 1 entries
  std::vector<int32_t> cells;
};

struct ShapeResult {
  Status status;
  std::vector<int64_t> output_shape;
};

// Which kernels run: the fast paths of cpp/fast/ where their conditions hold, or always the plain
// kernels that specify them (for tests that compare the two, and for the page's step-through).
// Process-wide; the default is fast.
enum class KernelPath { fast, plain };
void set_kernel_path(KernelPath path);
KernelPath kernel_path();

ShapeResult pool_output_shape(const PoolOptions& options, const std::vector<int64_t>& input_shape);

// output (and indices) <- input
ForwardResult pool_forward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                           const float* input, size_t input_length);

// grad_input <- grad_output (and, for max pooling, the forward's indices)
BackwardResult pool_backward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                             const float* grad_output, size_t grad_output_length,
                             const int32_t* indices, size_t indices_length);

// The same two operations into a caller's vectors, resized to fit: a caller that keeps them
// between calls (the wasm bindings do) allocates nothing once the sizes repeat. indices is
// cleared when there are none (average pooling, or return_indices = false).
Status pool_forward_into(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                         const float* input, size_t input_length,
                         std::vector<int64_t>* output_shape, std::vector<float>* output,
                         std::vector<int32_t>* indices);
Status pool_backward_into(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                          const float* grad_output, size_t grad_output_length,
                          const int32_t* indices, size_t indices_length,
                          std::vector<float>* grad_input);

// counts <- input (max pooling needs the values to know the winners; avg only the geometry)
RoutingResult pool_routing_counts(const PoolOptions& options,
                                  const std::vector<int64_t>& input_shape, const float* input,
                                  size_t input_length);

// which input elements every window of a plane covers (for explanations and step-through)
WindowsResult pool_windows(const PoolOptions& options, const std::vector<int64_t>& input_shape);

}  // namespace poolgrad
