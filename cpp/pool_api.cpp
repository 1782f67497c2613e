#include "pool_api.h"

#include <string>

#include "avg_pool.h"
#include "max_pool.h"
#include "pool_window.h"

namespace poolgrad {

namespace {

Status check_length(const char* what, size_t length, int64_t expected) {
  if (length != static_cast<size_t>(expected)) {
    return Status::error(what, "bad_length",
                         std::string(what) + " has " + std::to_string(length) +
                             " elements, but its shape needs " + std::to_string(expected));
  }
  return Status::success();
}

}  // namespace

ShapeResult pool_output_shape(const PoolOptions& options, const std::vector<int64_t>& input_shape) {
  ShapeResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok) r.output_shape = g.output_shape();
  return r;
}

ForwardResult pool_forward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                           const float* input, size_t input_length) {
  ForwardResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok) r.status = check_length("input", input_length, g.input_numel());
  if (!r.status.ok) return r;
  r.output_shape = g.output_shape();
  r.output.resize(static_cast<size_t>(g.output_numel()));
  if (g.kind == PoolKind::max) {
    r.indices.resize(r.output.size());
    max_pool_forward(r.output.data(), r.indices.data(), input, g);
  } else {
    avg_pool_forward(r.output.data(), input, g);
  }
  return r;
}

BackwardResult pool_backward(const PoolOptions& options, const std::vector<int64_t>& input_shape,
                             const float* grad_output, size_t grad_output_length,
                             const int32_t* indices, size_t indices_length) {
  BackwardResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok) r.status = check_length("grad_output", grad_output_length, g.output_numel());
  if (r.status.ok && g.kind == PoolKind::max) {
    r.status = validate_indices(indices, static_cast<int64_t>(indices_length), g);
  }
  if (!r.status.ok) return r;
  r.grad_input.resize(static_cast<size_t>(g.input_numel()));
  if (g.kind == PoolKind::max) {
    max_pool_backward(r.grad_input.data(), grad_output, indices, g);
  } else {
    avg_pool_backward(r.grad_input.data(), grad_output, g);
  }
  return r;
}

RoutingResult pool_routing_counts(const PoolOptions& options,
                                  const std::vector<int64_t>& input_shape, const float* input,
                                  size_t input_length) {
  RoutingResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (r.status.ok) r.status = check_length("input", input_length, g.input_numel());
  if (!r.status.ok) return r;
  r.counts.resize(static_cast<size_t>(g.input_numel()));
  r.windows_per_plane = g.out_plane();
  if (g.kind == PoolKind::max) {
    std::vector<float> output(static_cast<size_t>(g.output_numel()));
    std::vector<int32_t> indices(output.size());
    max_pool_forward(output.data(), indices.data(), input, g);
    max_pool_routing_counts(r.counts.data(), indices.data(), g);
  } else {
    avg_pool_routing_counts(r.counts.data(), g);
    r.divisors.resize(static_cast<size_t>(g.out_plane()));
    avg_pool_divisors(r.divisors.data(), g);
  }
  return r;
}

WindowsResult pool_windows(const PoolOptions& options, const std::vector<int64_t>& input_shape) {
  WindowsResult r;
  PoolGeometry g;
  r.status = validate(options, input_shape, &g);
  if (!r.status.ok) return r;
  const int64_t total = plane_taps(g);  // at most kMaxWork: validate() checked it
  if (total > kMaxElements) {
    r.status = Status::error("kernel_size", "too_large",
                             "the windows cover " + std::to_string(total) +
                                 " input elements in all, more than the size limit " +
                                 std::to_string(kMaxElements) + " for listing them");
    return r;
  }
  r.offsets.reserve(static_cast<size_t>(g.out_plane() + 1));
  r.cells.reserve(static_cast<size_t>(total));
  r.offsets.push_back(0);
  for_each_window(g, [&](int64_t, const Window& w) {
    for_each_tap(g, w, [&](int64_t i) { r.cells.push_back(static_cast<int32_t>(i)); });
    r.offsets.push_back(static_cast<int32_t>(r.cells.size()));
  });
  return r;
}

}  // namespace poolgrad
