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
  std::vector<int32_t> indices;  // max-type kinds with return_indices only (the argmax)
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
  std::vector<float> divisors;    // avg, adaptive_avg: one per window of a plane: B_c
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

// The tensors an operation may read besides its options. Each kind reads its own and ignores
// the rest (absent: null and 0):
//   input        forward (every kind); backward of lp (its gradient depends on x);
//                routing_counts of max-type kinds (the winners)
//   indices      backward of max, adaptive_max, fractional_max (the forward's argmax);
//                forward, backward, routing_counts and windows of max_unpool (where each input
//                element goes)
// forward:  output (and indices) <- input (and, for max_unpool, indices)
ForwardResult pool_forward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                           const float* input, size_t input_length,
                           const int32_t* indices = nullptr, size_t indices_length = 0);

// backward: grad_input <- grad_output (and the forward's indices for max-type kinds and
// max_unpool, the forward's input for lp)
BackwardResult pool_backward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                             const float* grad_output, size_t grad_output_length,
                             const int32_t* indices, size_t indices_length,
                             const float* input = nullptr, size_t input_length = 0);

// The same two operations into a caller's vectors, resized to fit: a caller that keeps them
// between calls (the wasm bindings do) allocates nothing once the sizes repeat. argmax is
// cleared when there are none (not a max-type kind, or return_indices = false).
Status pool_forward_into(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                         const float* input, size_t input_length, const int32_t* indices,
                         size_t indices_length, std::vector<int64_t>* output_shape,
                         std::vector<float>* output, std::vector<int32_t>* argmax);
Status pool_backward_into(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                          const float* grad_output, size_t grad_output_length,
                          const int32_t* indices, size_t indices_length, const float* input,
                          size_t input_length, std::vector<float>* grad_input);

// counts <- input (max-type kinds need the values to know the winners; avg, adaptive_avg and lp
// only the geometry; max_unpool its indices). What the counts are, per kind:
//   max, adaptive_max, fractional_max  the input's shape: how many windows each element wins
//   avg, adaptive_avg, lp              the input's shape: how many windows cover each element
//   max_unpool                         the OUTPUT's shape: how many input elements are written
//                                      to each output cell (its backward gathers from there)
// divisors: avg and adaptive_avg only (the number each window's sum is divided by).
RoutingResult pool_routing_counts(const PoolOptions& options,
                                  const std::vector<int64_t>& input_shape, const float* input,
                                  size_t input_length, const int32_t* indices = nullptr,
                                  size_t indices_length = 0);

// which input elements every window of a plane covers (for explanations and step-through).
// The windows of the first (N, C) plane; they are the same in every plane except for
// fractional_max (each plane draws its own samples) and max_unpool. For max_unpool "window" o is
// input element o of the first plane and its one cell is the output cell it is written to
// (flat within the output plane): offsets has in_plane + 1 entries.
WindowsResult pool_windows(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                           const int32_t* indices = nullptr, size_t indices_length = 0);

}  // namespace poolgrad
