#include "pool_api.h"

#include <string>

#include "adaptive_pool.h"
#include "avg_pool.h"
#include "fast/avg_pool_fast.h"
#include "fast/max_pool_fast.h"
#include "fractional_max_pool.h"
#include "lp_pool.h"
#include "max_pool.h"
#include "max_unpool.h"
#include "pool_window.h"

// The entry points that run no kernel of their own on the hot path (shapes, routing counts,
// windows, the length check): compiled for size, as the files CMakeLists.txt builds at -Os.
#if defined(__clang__)
#define POOLGRAD_FOR_SIZE __attribute__((minsize))
#else
#define POOLGRAD_FOR_SIZE
#endif

namespace poolgrad {

namespace {

KernelPath path = KernelPath::fast;

bool is_max_type(PoolKind kind) {
  return kind == PoolKind::max || kind == PoolKind::adaptive_max ||
         kind == PoolKind::fractional_max;
}

// Geometry and rules only other frameworks' conventions produce (pool_options.h, end):
// asymmetric padding, padding wider than half the dilated kernel, a dilated average, the
// NaN-skipping max. The fast paths are written and tested for PyTorch's requests alone, so such
// requests take the plain kernels.
bool beyond_pytorch_geometry(const PoolGeometry& g) {
  if (g.max_skips_nan) return true;
  for (int a = 0; a < kMaxDims; ++a) {
    const int64_t extent = (g.kernel_size[a] - 1) * g.dilation[a] + 1;
    if (g.padding_end[a] != g.padding[a] || g.padding[a] > extent / 2) return true;
    if (g.kind != PoolKind::max && g.dilation[a] != 1) return true;
  }
  return false;
}

// The plain forward of a max-type kind (indices always written).
void max_type_forward(float* out, int32_t* indices, const float* inp, const PoolGeometry& g) {
  if (g.kind == PoolKind::adaptive_max) return adaptive_max_pool_forward(out, indices, inp, g);
  if (g.kind == PoolKind::fractional_max) return fractional_max_pool_forward(out, indices, inp, g);
  max_pool_forward(out, indices, inp, g);
}

// The one place that chooses a kind's kernel, and between a plain kernel and its fast path
// (cpp/fast/, max and avg only). Each fast path states its condition in applies();
// KernelPath::plain skips them all. unpool_indices: max_unpool's (validated).
void run_forward(float* out, int32_t* indices, const float* inp, const int32_t* unpool_indices,
                 const PoolGeometry& g) {
  const bool fast = path == KernelPath::fast && !beyond_pytorch_geometry(g);
  switch (g.kind) {
    case PoolKind::max:
    case PoolKind::adaptive_max:
    case PoolKind::fractional_max:
      if (fast && fast::max_forward::applies(g)) {
        return fast::max_forward::run(out, indices, inp, g);
      }
      // The plain kernels always report where each maximum is; values only keep them in scratch.
      if (!indices) indices = fast::sized(fast::workspace().indices, g.output_numel());
      return max_type_forward(out, indices, inp, g);
    case PoolKind::avg:
      if (fast && fast::avg_forward::applies(g)) return fast::avg_forward::run(out, inp, g);
      return avg_pool_forward(out, inp, g);
    case PoolKind::adaptive_avg:
      return adaptive_avg_pool_forward(out, inp, g);
    case PoolKind::lp:
      if (g.lp_norm_of_window) return lp_norm_pool_forward(out, inp, g);
      return lp_pool_forward(out, inp, g);
    case PoolKind::max_unpool:
      return max_unpool_forward(out, inp, unpool_indices, g);
  }
}

void run_backward(float* dinp, const float* dout, const int32_t* indices, const float* inp,
                  const PoolGeometry& g) {
  const bool fast = path == KernelPath::fast && !beyond_pytorch_geometry(g);
  switch (g.kind) {
    case PoolKind::max:
      if (fast && fast::max_backward::applies(g)) {
        return fast::max_backward::run(dinp, dout, indices, g);
      }
      return max_pool_backward(dinp, dout, indices, g);
    case PoolKind::adaptive_max:
      return adaptive_max_pool_backward(dinp, dout, indices, g);
    case PoolKind::fractional_max:
      return fractional_max_pool_backward(dinp, dout, indices, g);
    case PoolKind::avg:
      if (fast && fast::avg_backward::applies(g)) return fast::avg_backward::run(dinp, dout, g);
      return avg_pool_backward(dinp, dout, g);
    case PoolKind::adaptive_avg:
      return adaptive_avg_pool_backward(dinp, dout, g);
    case PoolKind::lp:
      if (g.lp_norm_of_window) return lp_norm_pool_backward(dinp, dout, inp, g);
      return lp_pool_backward(dinp, dout, inp, g);
    case PoolKind::max_unpool:
      return max_unpool_backward(dinp, dout, indices, g);
  }
}

POOLGRAD_FOR_SIZE Status check_length(const char* what, size_t length, int64_t expected) {
  if (length != static_cast<size_t>(expected)) {
    return Status::error(what, "bad_length",
                         std::string(what) + " has " + std::to_string(length) +
                             " elements, but its shape needs " + std::to_string(expected));
  }
  return Status::success();
}

}  // namespace

void set_kernel_path(KernelPath p) { path = p; }
KernelPath kernel_path() { return path; }

POOLGRAD_FOR_SIZE ShapeResult pool_output_shape(const PoolOptions& options,
                                                const std::vector<int64_t>& input_shape) {
  ShapeResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok) r.output_shape = g.output_shape();
  return r;
}

Status pool_forward_into(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                         const float* input, size_t input_length, const int32_t* unpool_indices,
                         size_t unpool_indices_length, std::vector<int64_t>* output_shape,
                         std::vector<float>* output, std::vector<int32_t>* indices) {
  PoolGeometry g;
  Status status = validate(options, input_shape, &g);
  if (status.ok) status = check_length("input", input_length, g.input_numel());
  if (status.ok && g.kind == PoolKind::max_unpool) {
    status = validate_indices(unpool_indices, static_cast<int64_t>(unpool_indices_length), g);
  }
  if (!status.ok) return status;
  *output_shape = g.output_shape();
  output->resize(static_cast<size_t>(g.output_numel()));
  const bool with_indices = is_max_type(g.kind) && options.return_indices;
  indices->resize(with_indices ? output->size() : 0);
  run_forward(output->data(), with_indices ? indices->data() : nullptr, input, unpool_indices, g);
  return status;
}

ForwardResult pool_forward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                           const float* input, size_t input_length, const int32_t* indices,
                           size_t indices_length) {
  ForwardResult r;
  r.status = pool_forward_into(options, input_shape, input, input_length, indices, indices_length,
                               &r.output_shape, &r.output, &r.indices);
  return r;
}

Status pool_backward_into(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                          const float* grad_output, size_t grad_output_length,
                          const int32_t* indices, size_t indices_length, const float* input,
                          size_t input_length, std::vector<float>* grad_input) {
  PoolGeometry g;
  Status status = validate(options, input_shape, &g);
  if (status.ok) status = check_length("grad_output", grad_output_length, g.output_numel());
  if (status.ok && g.kind == PoolKind::lp) {
    status = check_length("input", input_length, g.input_numel());
  }
  if (status.ok && (is_max_type(g.kind) || g.kind == PoolKind::max_unpool)) {
    // The gate's index rule, checked first in SIMD on max pooling's fast path; the gate itself
    // runs (and words the rejection) whenever that check does not pass.
    const bool plainly_valid =
        path == KernelPath::fast && g.kind == PoolKind::max &&
        static_cast<int64_t>(indices_length) == g.output_numel() &&
        fast::max_backward::indices_in_range(indices, g.output_numel(), g.in_plane());
    if (!plainly_valid) status = validate_indices(indices, static_cast<int64_t>(indices_length), g);
  }
  if (!status.ok) return status;
  grad_input->resize(static_cast<size_t>(g.input_numel()));
  run_backward(grad_input->data(), grad_output, indices, input, g);
  return status;
}

BackwardResult pool_backward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                             const float* grad_output, size_t grad_output_length,
                             const int32_t* indices, size_t indices_length, const float* input,
                             size_t input_length) {
  BackwardResult r;
  r.status = pool_backward_into(options, input_shape, grad_output, grad_output_length, indices,
                                indices_length, input, input_length, &r.grad_input);
  return r;
}

POOLGRAD_FOR_SIZE RoutingResult pool_routing_counts(const PoolOptions& options,
                                                    const std::vector<int64_t>& input_shape,
                                                    const float* input, size_t input_length,
                                                    const int32_t* indices, size_t indices_length) {
  RoutingResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok) r.status = check_length("input", input_length, g.input_numel());
  if (r.status.ok && g.kind == PoolKind::max_unpool) {
    r.status = validate_indices(indices, static_cast<int64_t>(indices_length), g);
  }
  if (!r.status.ok) return r;
  r.windows_per_plane = g.out_plane();
  if (g.kind == PoolKind::max_unpool) {
    r.counts.resize(static_cast<size_t>(g.output_numel()));
    max_unpool_routing_counts(r.counts.data(), indices, g);
    return r;
  }
  r.counts.resize(static_cast<size_t>(g.input_numel()));
  if (is_max_type(g.kind)) {
    std::vector<float> output(static_cast<size_t>(g.output_numel()));
    std::vector<int32_t> argmax(output.size());
    max_type_forward(output.data(), argmax.data(), input, g);
    max_pool_routing_counts(r.counts.data(), argmax.data(), g);
    return r;
  }
  // avg, adaptive_avg, lp: every element a window covers gets gradient from it.
  avg_pool_routing_counts(r.counts.data(), g);
  if (g.kind != PoolKind::lp) {
    r.divisors.resize(static_cast<size_t>(g.out_plane()));
    avg_pool_divisors(r.divisors.data(), g);
  }
  return r;
}

POOLGRAD_FOR_SIZE WindowsResult pool_windows(const PoolOptions& options,
                                             const std::vector<int64_t>& input_shape,
                                             const int32_t* indices, size_t indices_length) {
  WindowsResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok && g.kind == PoolKind::max_unpool) {
    r.status = validate_indices(indices, static_cast<int64_t>(indices_length), g);
  }
  if (!r.status.ok) return r;
  const int64_t total = plane_taps(g);  // at most kMaxWork: validate() checked it
  if (total > kMaxElements) {
    r.status = Status::error("kernel_size", "too_large",
                             "the windows cover " + std::to_string(total) +
                                 " input elements in all, more than the size limit " +
                                 std::to_string(kMaxElements) + " for listing them");
    return r;
  }
  r.cells.reserve(static_cast<size_t>(total));
  r.offsets.push_back(0);
  auto list = [&](int64_t, const Window& w) {
    for_each_tap(g, w, [&](int64_t i) { r.cells.push_back(static_cast<int32_t>(i)); });
    r.offsets.push_back(static_cast<int32_t>(r.cells.size()));
  };
  if (g.kind == PoolKind::max_unpool) {
    // Input element i of the first plane and the one output cell it is written to (an empty
    // batch has no first plane: no windows).
    const int64_t listed = g.planes() > 0 ? g.in_plane() : 0;
    for (int64_t i = 0; i < listed; ++i) {
      r.cells.push_back(indices[i]);
      r.offsets.push_back(static_cast<int32_t>(r.cells.size()));
    }
  } else if (g.kind == PoolKind::fractional_max) {
    for_each_fractional_window(g, 0, list);  // the first plane's samples
  } else {
    for_each_window(g, list);
  }
  return r;
}

}  // namespace poolgrad
