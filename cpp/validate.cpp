// validate.cpp: the one gate between user input and the kernels. It applies PyTorch's documented
// 2-D rules to every dimensionality (see shared/fixtures/pytorch/README.md, "B. One rule set"),
// plus size caps that keep every index and allocation in range.
#include <algorithm>
#include <cmath>
#include <string>

#include "number_text.h"
#include "output_size.h"
#include "pool_options.h"
#include "pool_window.h"

namespace poolgrad {

namespace {

// PyTorch's functional name of the op, for messages (fractional_max_pool1d does not exist in
// PyTorch; validate() rejects dims 1 for it with its own message).
const char* op_name(PoolKind kind, int dims) {
  static const char* names[7][3] = {
      {"max_pool1d", "max_pool2d", "max_pool3d"},
      {"avg_pool1d", "avg_pool2d", "avg_pool3d"},
      {"adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d"},
      {"adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d"},
      {"lp_pool1d", "lp_pool2d", "lp_pool3d"},
      {"max_unpool1d", "max_unpool2d", "max_unpool3d"},
      {"fractional_max_pool1d", "fractional_max_pool2d", "fractional_max_pool3d"}};
  return names[static_cast<int>(kind)][dims - 1];
}

bool is_sliding(PoolKind kind) {
  return kind == PoolKind::max || kind == PoolKind::avg || kind == PoolKind::lp;
}

// A value for a message: 9 significant digits for a float32 value (random_samples; a float's
// shortest decimal has at most 9), else 15 (a decimal typed with up to 15 digits prints as typed:
// 0.2, not 0.20000000000000001). printf's "%g" text without printf (number_text.cpp): printf
// would cost the wasm 7 KB, <sstream> the locale machinery (+75 KB gzipped), a round-trip search
// through strtod another 10 KB.
std::string double_text(double v) {
  const bool is_float = static_cast<double>(static_cast<float>(v)) == v;
  return g_text(v, is_float ? 9 : 15);
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
  // Adaptive windows are sized by output_size alone; every other kind's by kernel_size.
  const char* param = is_adaptive(o.kind) ? "output_size" : "kernel_size";
  std::string parameters = option_text(param, is_adaptive(o.kind) ? o.output_size : o.kernel_size);
  if (!is_adaptive(o.kind)) {
    if (!o.stride.empty()) parameters += ", " + option_text("stride", o.stride);
    if (!o.padding.empty()) parameters += ", " + option_text("padding", o.padding);
    if (!o.padding_end.empty()) parameters += ", " + option_text("padding_end", o.padding_end);
    if (!o.dilation.empty()) parameters += ", " + option_text("dilation", o.dilation);
  }
  return Status::error(param, "too_much_work",
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

namespace {

// How wide one side's padding may be. PyTorch: at most half the dilated kernel, so no window
// lies wholly in one side's padding. padding_up_to_window: up to the dilated window's extent less
// one, (kernel_size - 1) * dilation, so the first window still reaches the input's first element
// and the last (without ceil_mode) its last; ONNX's spec sets no bound, but a pad of the whole
// extent or more only adds windows of padding alone.
Status check_padding_width(const char* name, const int64_t* pads, const PoolOptions& o,
                           const PoolGeometry* g) {
  const int dims = o.dims;
  for (int a = kMaxDims - dims; a < kMaxDims; ++a) {
    const int64_t extent = (g->kernel_size[a] - 1) * g->dilation[a] + 1;
    const int64_t widest = o.padding_up_to_window ? extent - 1 : extent / 2;
    if (pads[a] <= widest) continue;
    const bool dilated = o.kind == PoolKind::max || o.dilation_for_average;
    return Status::error(
        name, "out_of_range",
        std::string(name) + " must be at most " +
            (o.padding_up_to_window ? "the (dilated) kernel's extent less one, "
                                    : "half the (dilated) kernel, ") +
            std::to_string(widest) + ", got " + axis_value(name, pads, dims, a) + " with " +
            axis_value("kernel_size", g->kernel_size, dims, a) +
            (dilated ? " and " + axis_value("dilation", g->dilation, dims, a) : std::string()));
  }
  return Status::success();
}

// kernel_size, stride, padding and dilation of the sliding kinds (max, avg, lp) and the ones
// max_unpool and fractional_max read. lp_pool has no padding or dilation in PyTorch (it is an
// avg_pool with padding 0); fractional_max only a kernel_size; what a kind does not read is not
// checked (see pool_options.h). The other conventions' options (pool_options.h, end): padding_end
// for max and avg, dilation for avg and lp under dilation_for_average, padding and padding_end
// for lp under lp_norm_of_window.
Status check_kernel_params(const PoolOptions& o, const char* op, PoolGeometry* g) {
  const int dims = o.dims;
  const bool reads_stride = o.kind != PoolKind::fractional_max;
  const bool lp_norm = o.kind == PoolKind::lp && o.lp_norm_of_window;
  const bool reads_padding = o.kind == PoolKind::max || o.kind == PoolKind::avg ||
                             o.kind == PoolKind::max_unpool || lp_norm;
  const bool reads_padding_end = o.kind == PoolKind::max || o.kind == PoolKind::avg || lp_norm;
  const bool dilated_average =
      o.dilation_for_average && (o.kind == PoolKind::avg || o.kind == PoolKind::lp);
  const bool reads_dilation = o.kind == PoolKind::max || o.kind == PoolKind::avg || dilated_average;
  if (o.kernel_size.empty()) {
    return Status::error("kernel_size", "required", "kernel_size is required");
  }
  Status s = expand("kernel_size", o.kernel_size, dims, 1, g->kernel_size);
  if (s.ok && reads_stride) s = expand("stride", o.stride, dims, 0, g->stride);
  if (s.ok && reads_padding) s = expand("padding", o.padding, dims, 0, g->padding);
  std::copy(g->padding, g->padding + kMaxDims, g->padding_end);  // symmetric unless given
  if (s.ok && reads_padding_end && !o.padding_end.empty()) {
    s = expand("padding_end", o.padding_end, dims, 0, g->padding_end);
  }
  if (s.ok && reads_dilation) s = expand("dilation", o.dilation, dims, 1, g->dilation);
  if (!s.ok) return s;
  if (o.stride.empty() || !reads_stride) {  // PyTorch's default stride is the kernel size
    for (int a = 0; a < kMaxDims; ++a) g->stride[a] = g->kernel_size[a];
  }
  if (o.kind == PoolKind::avg && !dilated_average) {
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
  if (s.ok) s = check_range("padding_end", g->padding_end, dims, 0, "at least 0");
  if (!s.ok || o.kind == PoolKind::max_unpool) return s;  // unpool: its output_size rule instead
  s = check_padding_width("padding", g->padding, o, g);
  if (s.ok) s = check_padding_width("padding_end", g->padding_end, o, g);
  return s;
}

// output_size as one value or one per dimension (max_unpool also takes PyTorch's full
// (N, C, *spatial) form and keeps its spatial tail), into the geometry's out.
Status expand_output_size(const PoolOptions& o, PoolGeometry* g) {
  std::vector<int64_t> sizes = o.output_size;
  if (o.kind == PoolKind::max_unpool && sizes.size() == static_cast<size_t>(o.dims + 2)) {
    sizes.erase(sizes.begin(), sizes.begin() + 2);
  }
  return expand("output_size", sizes, o.dims, 1, g->out);
}

// adaptive_*: every output_size entry is -1 (PyTorch's None: keep the input's size) or >= 1.
Status check_adaptive_output(const PoolOptions& o, PoolGeometry* g) {
  if (o.output_size.empty()) {
    return Status::error("output_size", "required", "output_size is required");
  }
  Status s = expand_output_size(o, g);
  if (!s.ok) return s;
  for (int a = kMaxDims - o.dims; a < kMaxDims; ++a) {
    if (g->out[a] == -1) {
      g->out[a] = g->in[a];
    } else if (g->out[a] < 1 || g->out[a] > kMaxElements) {
      return Status::error("output_size", g->out[a] < 1 ? "out_of_range" : "too_large",
                           "output_size must be at least 1 (or -1/None: keep the input's size) "
                           "and at most " +
                               std::to_string(kMaxElements) + ", got " +
                               axis_value("output_size", g->out, o.dims, a));
    }
  }
  return Status::success();
}

// max_unpool: PyTorch's _unpool_output_size. The default is (in - 1) * stride - 2 * padding +
// kernel_size; a given size must lie strictly between default - stride and default + stride;
// either way every size is at least 1 (PyTorch returns an empty tensor for 0 and skips its
// index check; poolgrad rejects it, fixture README rule B).
Status check_unpool_output(const PoolOptions& o, const char* op, PoolGeometry* g) {
  int64_t given[kMaxDims] = {1, 1, 1};
  if (!o.output_size.empty()) {
    Status s = expand_output_size(o, g);
    if (!s.ok) return s;
    std::copy(g->out, g->out + kMaxDims, given);
  }
  for (int a = kMaxDims - o.dims; a < kMaxDims; ++a) {
    // At most 2^24 * 2^24 + 2^24: no overflow.
    const int64_t fallback = (g->in[a] - 1) * g->stride[a] - 2 * g->padding[a] + g->kernel_size[a];
    if (o.output_size.empty()) {
      g->out[a] = fallback;
      if (fallback < 1) {
        return Status::error("padding", "output_too_small",
                             std::string(op) + " output size " + std::to_string(fallback) +
                                 " along spatial dimension " +
                                 std::to_string(a - (kMaxDims - o.dims)) + " is below 1: (input " +
                                 std::to_string(g->in[a]) + " - 1) * " +
                                 axis_value("stride", g->stride, o.dims, a) + " - 2 * " +
                                 axis_value("padding", g->padding, o.dims, a) + " + " +
                                 axis_value("kernel_size", g->kernel_size, o.dims, a));
      }
      continue;
    }
    const int64_t v = given[a];
    const int64_t low = fallback - g->stride[a], high = fallback + g->stride[a];
    if (v <= low || v >= high || v < 1) {
      return Status::error("output_size", "out_of_range",
                           axis_value("output_size", given, o.dims, a) +
                               " must be at least 1 and strictly between " + std::to_string(low) +
                               " and " + std::to_string(high) + " (the default size " +
                               std::to_string(fallback) + " -/+ the stride " +
                               std::to_string(g->stride[a]) + ")");
    }
    g->out[a] = v;
  }
  return Status::success();
}

// fractional_max: exactly one of output_size and output_ratio; PyTorch turns a ratio r into
// int(in * r). Every output size at least 1, and output + kernel_size - 1 <= input, so the last
// window (it starts at in - kernel_size) and all others fit (README rule B: 2-D's rule for 3-D
// too, where PyTorch's check is strict).
Status check_fractional_output(const PoolOptions& o, PoolGeometry* g) {
  const int dims = o.dims;
  const bool by_size = !o.output_size.empty(), by_ratio = !o.output_ratio.empty();
  if (by_size == by_ratio) {
    return Status::error("output_size", by_size ? "conflict" : "required",
                         by_size ? "give output_size or output_ratio, not both"
                                 : "output_size or output_ratio is required");
  }
  if (by_size) {
    Status s = expand_output_size(o, g);
    if (!s.ok) return s;
  } else {
    const std::vector<double>& r = o.output_ratio;
    if (r.size() > 1 && r.size() != static_cast<size_t>(dims)) {
      return Status::error("output_ratio", "bad_list_length",
                           "output_ratio must be one number or a list of " + std::to_string(dims) +
                               ", got " + std::to_string(r.size()) + " numbers");
    }
    for (int i = 0; i < dims; ++i) {
      const double ratio = r[r.size() == 1 ? 0 : static_cast<size_t>(i)];
      if (!(ratio > 0 && ratio < 1)) {
        return Status::error(
            "output_ratio", "out_of_range",
            "output_ratio must be between 0 and 1 (exclusive), got " + double_text(ratio));
      }
      const int a = kMaxDims - dims + i;
      g->out[a] = static_cast<int64_t>(static_cast<double>(g->in[a]) * ratio);
    }
  }
  const char* param = by_size ? "output_size" : "output_ratio";
  for (int a = kMaxDims - dims; a < kMaxDims; ++a) {
    if (g->out[a] < 1 || g->out[a] > kMaxElements) {
      return Status::error(param, g->out[a] < 1 ? "out_of_range" : "too_large",
                           "the output size must be at least 1 (and at most " +
                               std::to_string(kMaxElements) + "), got " +
                               axis_value("output size", g->out, dims, a));
    }
    if (g->out[a] + g->kernel_size[a] - 1 > g->in[a]) {
      return Status::error(param, "out_of_range",
                           axis_value("output size", g->out, dims, a) + " with " +
                               axis_value("kernel_size", g->kernel_size, dims, a) +
                               " needs an input of at least output + kernel_size - 1 = " +
                               std::to_string(g->out[a] + g->kernel_size[a] - 1) +
                               ", got input size " + std::to_string(g->in[a]));
    }
  }
  return Status::success();
}

// fractional_max's random_samples: none (drawn from the seed) or one per plane and dimension,
// each in [0, 1) as torch.rand draws them.
Status check_random_samples(const PoolOptions& o, PoolGeometry* g) {
  const std::vector<float>& r = o.random_samples;
  if (r.empty()) return Status::success();
  const int64_t expected = g->planes() * o.dims;
  if (static_cast<int64_t>(r.size()) != expected) {
    return Status::error("random_samples", "bad_length",
                         "random_samples must have " + std::to_string(expected) +
                             " values (N * C * " + std::to_string(o.dims) + ", shape (" +
                             std::to_string(g->batch) + ", " + std::to_string(g->channels) + ", " +
                             std::to_string(o.dims) + ")), got " + std::to_string(r.size()));
  }
  for (size_t i = 0; i < r.size(); ++i) {
    if (!(r[i] >= 0.0f && r[i] < 1.0f)) {
      return Status::error("random_samples", "out_of_range",
                           "random_samples[" + std::to_string(i) + "] = " +
                               double_text(static_cast<double>(r[i])) + " must be in [0, 1)");
    }
  }
  g->random_samples = r.data();
  return Status::success();
}

// The sliding kinds' output size, from PyTorch's formula (output_size.h).
Status sliding_output(const PoolOptions& o, PoolGeometry* g) {
  const int dims = o.dims;
  for (int a = kMaxDims - dims; a < kMaxDims; ++a) {
    g->out[a] = pooling_output_size(g->in[a], g->kernel_size[a], g->stride[a], g->padding[a],
                                    g->padding_end[a], g->dilation[a], g->ceil_mode);
    if (g->out[a] < 1) {
      // The window (kernel_size with its dilation, less the padding) does not fit the input.
      return Status::error(
          "kernel_size", "output_too_small",
          "output size " + std::to_string(g->out[a]) + " is too small along spatial dimension " +
              std::to_string(a - (kMaxDims - dims)) + ": input size " + std::to_string(g->in[a]) +
              " with " + axis_value("kernel_size", g->kernel_size, dims, a) + ", " +
              axis_value("stride", g->stride, dims, a) + ", " +
              axis_value("padding", g->padding, dims, a) +
              (g->padding_end[a] == g->padding[a]
                   ? std::string()
                   : ", " + axis_value("padding_end", g->padding_end, dims, a)) +
              (o.kind == PoolKind::max || o.dilation_for_average
                   ? ", " + axis_value("dilation", g->dilation, dims, a)
                   : std::string()) +
              (g->ceil_mode ? ", ceil_mode" : "") + " leaves no window");
    }
  }
  return Status::success();
}

}  // namespace

Status validate(const PoolOptions& o, const std::vector<int64_t>& input_shape, PoolGeometry* g) {
  if (o.dims < 1 || o.dims > kMaxDims) {
    return Status::error("dims", "out_of_range",
                         "dims must be 1, 2 or 3, got " + std::to_string(o.dims));
  }
  if (static_cast<int>(o.kind) < 0 || o.kind > PoolKind::fractional_max) {
    return Status::error("kind", "out_of_range", "unknown pooling kind");
  }
  if (o.kind == PoolKind::fractional_max && o.dims == 1) {
    return Status::error("dims", "out_of_range",
                         "fractional max pooling is 2-D or 3-D (PyTorch has no 1-D one), got 1");
  }
  *g = PoolGeometry();
  g->kind = o.kind;
  g->dims = o.dims;
  const int dims = o.dims;
  const char* op = op_name(o.kind, dims);

  Status s;
  if (!is_adaptive(o.kind)) s = check_kernel_params(o, op, g);
  if (!s.ok) return s;
  if (o.kind == PoolKind::lp && (std::isnan(o.norm_type) || o.norm_type == 0)) {
    // PyTorch computes x^p and then ^(1/p): p = 0 divides by zero (Python's ZeroDivisionError).
    // Any other p, inf and negative ones included, is PyTorch's formula (lp_pool.h).
    return Status::error(
        "norm_type", "out_of_range",
        "norm_type must be a number other than 0, got " + double_text(o.norm_type));
  }
  if (o.kind == PoolKind::lp && o.lp_norm_of_window && !(o.norm_type > 0)) {
    // A norm needs p > 0: |x|^p with p < 0 makes a zero element infinite, and the window's norm
    // 0. PyTorch's own formula (lp_norm_of_window off) keeps accepting any p != 0.
    return Status::error("norm_type", "out_of_range",
                         "norm_type must be positive (inf: the largest |x|) for the p-norm of a "
                         "window (lp_norm_of_window), got " +
                             double_text(o.norm_type));
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
  // lp_pool is avg_pool(x^p) with padding 0: count_include_pad has nothing to count there.
  g->ceil_mode = is_sliding(o.kind) && o.ceil_mode;
  g->count_include_pad = o.kind != PoolKind::avg || o.count_include_pad;
  g->norm_type = o.norm_type;
  g->seed = o.seed;
  g->lp_norm_of_window = o.kind == PoolKind::lp && o.lp_norm_of_window;
  g->max_skips_nan = (o.kind == PoolKind::max || o.kind == PoolKind::adaptive_max ||
                      o.kind == PoolKind::fractional_max) &&
                     o.max_skips_nan;

  s = check_input_shape(input_shape, dims, op, g);
  if (!s.ok) return s;
  s = check_numel("the input", g->planes(), g->in);
  if (!s.ok) return s;

  if (is_sliding(o.kind)) {
    s = sliding_output(o, g);
  } else if (is_adaptive(o.kind)) {
    s = check_adaptive_output(o, g);
  } else if (o.kind == PoolKind::max_unpool) {
    s = check_unpool_output(o, op, g);
  } else {
    s = check_fractional_output(o, g);
    if (s.ok) s = check_random_samples(o, g);
  }
  if (!s.ok) return s;
  s = check_numel("the output", g->planes(), g->out);
  if (!s.ok) return s;
  return check_work(o, input_shape, op, *g);
}

Status validate_indices(const int32_t* indices, int64_t count, const PoolGeometry& g) {
  // max_unpool reads one index per input element, each a cell of its own output plane (PyTorch:
  // "Found an invalid max index"); the max-type backwards one per output element, each -1 (an
  // empty window) or an element of its own input plane.
  const bool unpool = g.kind == PoolKind::max_unpool;
  const int64_t expected = unpool ? g.input_numel() : g.output_numel();
  if (count != expected) {
    return Status::error("indices", "bad_length",
                         "indices must have " + std::to_string(expected) + " elements (one per " +
                             (unpool ? "input" : "output") + " element), got " +
                             std::to_string(count));
  }
  const int64_t plane = unpool ? g.out_plane() : g.in_plane();
  const int32_t lowest = unpool ? 0 : -1;
  for (int64_t i = 0; i < count; ++i) {
    if (indices[i] < lowest || indices[i] >= plane) {
      return Status::error(
          "indices", "bad_index",
          "indices[" + std::to_string(i) + "] = " + std::to_string(indices[i]) +
              " is outside its " + (unpool ? "output" : "input") + " plane of " +
              std::to_string(plane) + " elements (valid: " +
              (unpool ? std::string("0") : std::string("-1 for an empty window, or 0")) + " to " +
              std::to_string(plane - 1) + ")");
    }
  }
  return Status::success();
}

}  // namespace poolgrad
