// validate.cpp: the one gate between user input and the kernels. It applies PyTorch's documented
// 2-D rules to every dimensionality (see shared/fixtures/pytorch/README.md, "B. One rule set"),
// plus size caps that keep every index and allocation in range.
#include <algorithm>
#include <string>

#include "output_size.h"
#include "pool_options.h"
#include "pool_window.h"

namespace poolgrad {

namespace {

const char* op_name(PoolKind kind, int dims) {
  static const char* names[2][3] = {{"max_pool1d", "max_pool2d", "max_pool3d"},
                                    {"avg_pool1d", "avg_pool2d", "avg_pool3d"}};
  return names[kind == PoolKind::avg ? 1 : 0][dims - 1];
}

std::string list_text(const std::vector<int64_t>& values) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + std::to_string(values[i]);
  return text + "]";
}

// Expands a per-dimension list (one value, or one per spatial dimension; empty = default) into
// the geometry's trailing axes.
Status expand(const char* name, const std::vector<int64_t>& values, int dims, int64_t fallback,
              int64_t* axes) {
  if (values.size() > 1 && values.size() != static_cast<size_t>(dims)) {
    return Status::error(name, "bad_list_length",
                         std::string(name) + " must be one integer or a list of " +
                             std::to_string(dims) + ", got " + list_text(values));
  }
  for (int i = 0; i < dims; ++i) {
    axes[kMaxDims - dims + i] =
        values.empty() ? fallback : values[values.size() == 1 ? 0 : static_cast<size_t>(i)];
  }
  return Status::success();
}

std::string axis_value(const char* name, const int64_t* axes, int dims, int axis) {
  std::string text = std::string(name);
  if (dims > 1) text += "[" + std::to_string(axis - (kMaxDims - dims)) + "]";
  return text + "=" + std::to_string(axes[axis]);
}

Status check_range(const char* name, const int64_t* axes, int dims, int64_t low, const char* rule) {
  for (int a = kMaxDims - dims; a < kMaxDims; ++a) {
    if (axes[a] < low || axes[a] > kMaxParameter) {
      return Status::error(name, axes[a] < low ? "out_of_range" : "too_large",
                           std::string(name) + " must be " + rule + " (and at most " +
                               std::to_string(kMaxParameter) + "), got " +
                               axis_value(name, axes, dims, a));
    }
  }
  return Status::success();
}

Status check_input_shape(const std::vector<int64_t>& shape, int dims, const char* op,
                         PoolGeometry* g) {
  const size_t rank = shape.size();
  if (rank != static_cast<size_t>(dims + 1) && rank != static_cast<size_t>(dims + 2)) {
    return Status::error("input", "bad_rank",
                         std::string(op) + " expects an input of rank " + std::to_string(dims + 1) +
                             " (C, spatial) or " + std::to_string(dims + 2) +
                             " (N, C, spatial), got shape " + list_text(shape));
  }
  g->batched = rank == static_cast<size_t>(dims + 2);
  for (size_t i = 0; i < rank; ++i) {
    const bool batch_dim = g->batched && i == 0;
    if (shape[i] < 0 || (shape[i] == 0 && !batch_dim) || shape[i] > kMaxElements) {
      return Status::error("input", shape[i] > kMaxElements ? "too_large" : "out_of_range",
                           "input shape " + list_text(shape) + " has dimension " +
                               std::to_string(i) + " = " + std::to_string(shape[i]) +
                               (shape[i] == 0 ? "; only the batch dimension may be empty"
                                              : "; each dimension must be between 1 and " +
                                                    std::to_string(kMaxElements)));
    }
  }
  g->batch = g->batched ? shape[0] : 1;
  g->channels = shape[g->batched ? 1 : 0];
  for (int i = 0; i < dims; ++i) {
    g->in[kMaxDims - dims + i] = shape[rank - static_cast<size_t>(dims - i)];
  }
  return Status::success();
}

// Element counts multiplied one factor at a time so the product never overflows. An empty batch
// counts as 1: a plane of an empty batch must still fit, or the per-plane loops (divisors,
// routing) would run for astronomically long.
Status check_numel(const char* what, int64_t planes, const int64_t* spatial) {
  int64_t numel = 1;
  const int64_t factors[] = {std::max<int64_t>(planes, 1), spatial[0], spatial[1], spatial[2]};
  for (int64_t f : factors) {
    if (numel > kMaxElements / f) {
      return Status::error("input", "too_large",
                           std::string(what) + " would have more than " +
                               std::to_string(kMaxElements) + " elements (the size limit)");
    }
    numel *= f;
  }
  return Status::success();
}

// A per-dimension list as the caller wrote it: one value bare, several as a list.
std::string option_text(const char* name, const std::vector<int64_t>& values) {
  return std::string(name) + "=" +
         (values.size() == 1 ? std::to_string(values[0]) : list_text(values));
}

// Bounded time: every kernel is O(window taps) per plane, and a window of padding only still
// costs one step, so a call's work is planes * max(out_plane, taps of a plane). An empty batch
// counts as one plane (the divisors, the window listing walk one plane regardless). With the
// element caps already checked this is at most 2^24 * 2^24 (see plane_taps), so it is exact.
Status check_work(const PoolOptions& o, const std::vector<int64_t>& input_shape, const char* op,
                  const PoolGeometry& g) {
  const int64_t planes = std::max<int64_t>(g.planes(), 1);
  const int64_t per_plane = std::max(g.out_plane(), plane_taps(g));
  if (planes * per_plane <= kMaxWork) return Status::success();
  std::string parameters = option_text("kernel_size", o.kernel_size);
  if (!o.stride.empty()) parameters += ", " + option_text("stride", o.stride);
  if (!o.padding.empty()) parameters += ", " + option_text("padding", o.padding);
  if (!o.dilation.empty()) parameters += ", " + option_text("dilation", o.dilation);
  return Status::error("kernel_size", "too_much_work",
                       std::string(op) + " would take " + std::to_string(planes * per_plane) +
                           " steps (" + std::to_string(planes) + " planes x " +
                           std::to_string(per_plane) + " window taps), more than the work limit " +
                           std::to_string(kMaxWork) + ": input shape " + list_text(input_shape) +
                           " with " + parameters + (g.ceil_mode ? ", ceil_mode" : ""));
}

}  // namespace

std::vector<int64_t> PoolGeometry::shape_with(const int64_t* spatial) const {
  std::vector<int64_t> shape;
  if (batched) shape.push_back(batch);
  shape.push_back(channels);
  for (int a = kMaxDims - dims; a < kMaxDims; ++a) shape.push_back(spatial[a]);
  return shape;
}

Status validate(const PoolOptions& o, const std::vector<int64_t>& input_shape, PoolGeometry* g) {
  if (o.dims < 1 || o.dims > kMaxDims) {
    return Status::error("dims", "out_of_range",
                         "dims must be 1, 2 or 3, got " + std::to_string(o.dims));
  }
  if (o.kind != PoolKind::max && o.kind != PoolKind::avg) {
    return Status::error("kind", "not_implemented", "this pooling kind is not implemented yet");
  }
  *g = PoolGeometry();
  g->kind = o.kind;
  g->dims = o.dims;
  const int dims = o.dims;
  const char* op = op_name(o.kind, dims);

  if (o.kernel_size.empty()) {
    return Status::error("kernel_size", "required", "kernel_size is required");
  }
  Status s = expand("kernel_size", o.kernel_size, dims, 1, g->kernel_size);
  if (s.ok) s = expand("stride", o.stride, dims, 0, g->stride);
  if (s.ok) s = expand("padding", o.padding, dims, 0, g->padding);
  if (s.ok) s = expand("dilation", o.dilation, dims, 1, g->dilation);
  if (!s.ok) return s;
  if (o.stride.empty()) {  // PyTorch's default stride is the kernel size
    for (int a = 0; a < kMaxDims; ++a) g->stride[a] = g->kernel_size[a];
  }
  if (o.kind == PoolKind::avg) {
    for (int a = 0; a < kMaxDims; ++a) {
      if (g->dilation[a] != 1) {
        return Status::error("dilation", "out_of_range",
                             std::string(op) + " has no dilation (it must be 1), got " +
                                 axis_value("dilation", g->dilation, dims, a));
      }
    }
  }

  s = check_range("kernel_size", g->kernel_size, dims, 1, "greater than 0");
  if (s.ok) s = check_range("stride", g->stride, dims, 1, "greater than 0");
  if (s.ok) s = check_range("dilation", g->dilation, dims, 1, "greater than 0");
  if (s.ok) s = check_range("padding", g->padding, dims, 0, "at least 0");
  if (!s.ok) return s;
  for (int a = kMaxDims - dims; a < kMaxDims; ++a) {
    // At most half the dilated kernel, so no window lies wholly in one side's padding.
    const int64_t half = ((g->kernel_size[a] - 1) * g->dilation[a] + 1) / 2;
    if (g->padding[a] > half) {
      return Status::error(
          "padding", "out_of_range",
          "padding must be at most half the (dilated) kernel, " + std::to_string(half) + ", got " +
              axis_value("padding", g->padding, dims, a) + " with " +
              axis_value("kernel_size", g->kernel_size, dims, a) +
              (o.kind == PoolKind::max ? " and " + axis_value("dilation", g->dilation, dims, a)
                                       : std::string()));
    }
  }

  if (o.kind == PoolKind::avg && o.divisor_override) {
    if (*o.divisor_override == 0) {
      return Status::error("divisor_override", "out_of_range", "divisor_override must not be 0");
    }
    // A range test, not llabs(): llabs(INT64_MIN) is undefined (in practice it stays negative
    // and the check passed it).
    if (*o.divisor_override < -kMaxElements || *o.divisor_override > kMaxElements) {
      return Status::error("divisor_override", "too_large",
                           "divisor_override must be between -" + std::to_string(kMaxElements) +
                               " and " + std::to_string(kMaxElements) + ", got " +
                               std::to_string(*o.divisor_override));
    }
    g->divisor_override = o.divisor_override;
  }
  g->ceil_mode = o.ceil_mode;
  g->count_include_pad = o.count_include_pad;

  s = check_input_shape(input_shape, dims, op, g);
  if (!s.ok) return s;
  s = check_numel("the input", g->planes(), g->in);
  if (!s.ok) return s;

  for (int a = kMaxDims - dims; a < kMaxDims; ++a) {
    g->out[a] = pooling_output_size(g->in[a], g->kernel_size[a], g->stride[a], g->padding[a],
                                    g->dilation[a], g->ceil_mode);
    if (g->out[a] < 1) {
      // The window (kernel_size with its dilation, less the padding) does not fit the input.
      return Status::error(
          "kernel_size", "output_too_small",
          "output size " + std::to_string(g->out[a]) + " is too small along spatial dimension " +
              std::to_string(a - (kMaxDims - dims)) + ": input size " + std::to_string(g->in[a]) +
              " with " + axis_value("kernel_size", g->kernel_size, dims, a) + ", " +
              axis_value("stride", g->stride, dims, a) + ", " +
              axis_value("padding", g->padding, dims, a) +
              (o.kind == PoolKind::max ? ", " + axis_value("dilation", g->dilation, dims, a)
                                       : std::string()) +
              (g->ceil_mode ? ", ceil_mode" : "") + " leaves no window");
    }
  }
  s = check_numel("the output", g->planes(), g->out);
  if (!s.ok) return s;
  return check_work(o, input_shape, op, *g);
}

Status validate_indices(const int32_t* indices, int64_t count, const PoolGeometry& g) {
  if (count != g.output_numel()) {
    return Status::error("indices", "bad_length",
                         "indices must have " + std::to_string(g.output_numel()) +
                             " elements (one per output element), got " + std::to_string(count));
  }
  const int64_t plane = g.in_plane();
  for (int64_t i = 0; i < count; ++i) {
    if (indices[i] < -1 || indices[i] >= plane) {
      return Status::error("indices", "bad_index",
                           "indices[" + std::to_string(i) + "] = " + std::to_string(indices[i]) +
                               " is outside its input plane of " + std::to_string(plane) +
                               " elements (valid: -1 for an empty window, or 0 to " +
                               std::to_string(plane - 1) + ")");
    }
  }
  return Status::success();
}

}  // namespace poolgrad
