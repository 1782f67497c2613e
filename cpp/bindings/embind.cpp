// embind.cpp: the wasm module's surface, numbers in and numbers out. web/lib stages a request in
// wasm memory (a small record of doubles and the tensors' elements), calls one operation, and
// copies the result out of wasm memory itself. No function here reads or creates a JS value, so
// no user code (a getter, a polluted prototype) can run while the core works, no JS exception
// can unwind through these frames, and nothing needs .delete().
//
// A call, as web/lib/core-call.js makes it:
//   1. stage_request(n) -> address of n doubles; JS writes the request record (below);
//   2. output_shape()   -> 0 when the core accepts the request (then the result's shape part
//                          holds the output shape), else 1 (error_param/code/message say why);
//   3. stage_tensor(part, n) -> address of n elements; JS copies each tensor the op needs
//      (TensorPart below says which);
//   4. forward() / backward() / routing_counts() / windows() -> 0 or 1 as above;
//   5. result_address(part), result_length(part): JS copies each part out, then release().
// Every buffer here (the record, the staged tensors, the results) keeps its capacity between
// calls, so a sequence of calls of the same sizes allocates nothing after the first.
// set_plain_kernels(1) is for tests only: it forces the core's plain kernels (KernelPath::plain).
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include "pool_api.h"

namespace {

using poolgrad::PoolKind;
using poolgrad::PoolOptions;
using poolgrad::Status;

// The request record, all doubles, in this order (web/lib/core-call.js writes it):
//   kind (0 max, 1 avg, 2 adaptive_max, 3 adaptive_avg, 4 lp, 5 max_unpool, 6 fractional_max),
//   dims, ceil_mode, count_include_pad, has_divisor_override, divisor_override, return_indices,
//   norm_type (any double, +Infinity included: the core judges it), seed (a safe integer >= 0),
//   then seven lists, each as its length followed by its values: kernel_size, stride, padding,
//   dilation, input_shape, output_size (-1 for a null entry), output_ratio (doubles);
//   then the other frameworks' conventions (pool_options.h, all off/empty = PyTorch's path):
//   padding_end (a list as above), padding_up_to_window, dilation_for_average,
//   lp_norm_of_window, max_skips_nan (0 or 1 each).
// Every integer field must be a safe integer (|v| <= 2^53); anything else is a malformed record.
struct Request {
  std::vector<double> record;
  PoolOptions options;
  std::vector<int64_t> input_shape;
};

// The staged tensors (kept between calls so their capacity is reused; release() empties them,
// so a tensor staged for one call is never read by the next):
//   input           float: the op's input (forward, routing_counts; lp's backward)
//   grad_output     float: backward
//   indices         int32: the argmax for a max-type backward; max_unpool's indices for its
//                   forward, backward, routing_counts and windows
//   random_samples  float: fractional_max's samples, flat (N, C, dims); none staged = seeded
enum TensorPart { kInput = 0, kGradOutput = 1, kIndices = 2, kRandomSamples = 3 };
struct Tensors {
  std::vector<float> input;
  std::vector<float> grad_output;
  std::vector<int32_t> indices;
  std::vector<float> random_samples;
  void clear() {
    input.clear();
    grad_output.clear();
    indices.clear();
    random_samples.clear();
  }
};

// What the last operation produced; JS copies the parts it needs, then release() frees them.
enum ResultPart {
  kShape = 0,            // doubles: the output shape
  kOutput = 1,           // floats
  kArgmax = 2,           // int32: a max-type kind's indices (max, adaptive_max, fractional_max)
  kGradInput = 3,        // floats
  kCounts = 4,           // int32: routing counts (max_unpool: in the output's shape)
  kDivisors = 5,         // floats: avg / adaptive_avg divisor per window of a plane
  kOffsets = 6,          // int32: windows' offsets into cells
  kCells = 7,            // int32: windows' input elements
  kWindowsPerPlane = 8,  // doubles: one number, N_B
};
struct Result {
  Status status;
  std::vector<double> shape;
  std::vector<float> output, grad_input, divisors;
  std::vector<int32_t> argmax, counts, offsets, cells;
  std::vector<double> windows_per_plane;
  std::vector<int64_t> output_shape;  // the forward's, before it becomes doubles in shape

  // Readies the result for the next operation. The large parts keep their size as well as their
  // capacity: each operation sizes the parts it produces (and JS reads only those), so a
  // repeated call of the same size neither allocates nor zero-fills a buffer it will overwrite.
  void clear() {
    status = Status::success();
    shape.clear();
    windows_per_plane.clear();
  }
};

Request request;
Tensors tensors;
Result result;

// web/lib writes only safe integers (|v| <= 2^53), which int64_t holds exactly.
bool exact_int64(double v, int64_t* out) {
  if (!(std::fabs(v) <= 9007199254740992.0) || std::trunc(v) != v) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// Decodes the record into request.options and request.input_shape; false if it is malformed
// (web/lib never writes one, so this only guards the decoder itself). The staged random samples
// become the options' (an empty list when none were staged: seeded sampling).
bool decode_request() {
  const std::vector<double>& r = request.record;
  size_t at = 0;
  auto next = [&](int64_t* v) { return at < r.size() && exact_int64(r[at++], v); };
  auto next_double = [&](double* v) {
    if (at >= r.size()) return false;
    *v = r[at++];
    return true;
  };
  auto length = [&](size_t* n) {
    int64_t v = 0;
    if (!next(&v) || v < 0 || v > static_cast<int64_t>(r.size() - at)) return false;
    *n = static_cast<size_t>(v);
    return true;
  };
  auto list = [&](std::vector<int64_t>* values) {
    size_t n = 0;
    if (!length(&n)) return false;
    values->assign(n, 0);
    for (int64_t& v : *values) {
      if (!next(&v)) return false;
    }
    return true;
  };
  auto double_list = [&](std::vector<double>* values) {
    size_t n = 0;
    if (!length(&n)) return false;
    values->assign(n, 0.0);
    for (double& v : *values) next_double(&v);
    return true;
  };
  int64_t kind = 0, dims = 0, ceil_mode = 0, count_include_pad = 0, has_divisor = 0, divisor = 0;
  int64_t return_indices = 1, seed = 0;
  double norm_type = 2;
  PoolOptions& o = request.options;
  if (!next(&kind) || !next(&dims) || !next(&ceil_mode) || !next(&count_include_pad) ||
      !next(&has_divisor) || !next(&divisor) || !next(&return_indices) ||
      !next_double(&norm_type) || !next(&seed) || kind < 0 ||
      kind > static_cast<int64_t>(PoolKind::fractional_max) || dims < 0 ||
      dims > poolgrad::kMaxDims || seed < 0) {
    return false;
  }
  o.kind = static_cast<PoolKind>(kind);
  o.dims = static_cast<int>(dims);
  o.ceil_mode = ceil_mode != 0;
  o.count_include_pad = count_include_pad != 0;
  o.divisor_override.reset();
  if (has_divisor != 0) o.divisor_override = divisor;
  o.return_indices = return_indices != 0;
  o.norm_type = norm_type;
  o.seed = static_cast<uint64_t>(seed);
  o.random_samples.assign(tensors.random_samples.begin(), tensors.random_samples.end());
  if (!list(&o.kernel_size) || !list(&o.stride) || !list(&o.padding) || !list(&o.dilation) ||
      !list(&request.input_shape) || !list(&o.output_size) || !double_list(&o.output_ratio) ||
      !list(&o.padding_end)) {
    return false;
  }
  bool* flags[] = {&o.padding_up_to_window, &o.dilation_for_average, &o.lp_norm_of_window,
                   &o.max_skips_nan};
  for (bool* flag : flags) {
    int64_t v = 0;
    if (!next(&v)) return false;
    *flag = v != 0;
  }
  return at == r.size();
}

int finish(const Status& status) {
  result.status = status;
  return status.ok ? 0 : 1;
}

// Every operation starts here: a fresh result, the record decoded.
bool begin() {
  result.clear();
  if (decode_request()) return true;
  finish(Status::error("request", "malformed",
                       "the request record is malformed (a poolgrad bug, please report it)"));
  return false;
}

void set_shape(const std::vector<int64_t>& shape) {
  result.shape.assign(shape.begin(), shape.end());
}

size_t stage_request(size_t count) {
  request.record.assign(count, 0.0);
  return reinterpret_cast<size_t>(request.record.data());
}

// Room for count elements of a tensor; web/lib has checked count against the core's caps.
size_t stage_tensor(TensorPart part, size_t count) {
  switch (part) {
    case kInput:
      tensors.input.resize(count);
      return reinterpret_cast<size_t>(tensors.input.data());
    case kGradOutput:
      tensors.grad_output.resize(count);
      return reinterpret_cast<size_t>(tensors.grad_output.data());
    case kIndices:
      tensors.indices.resize(count);
      return reinterpret_cast<size_t>(tensors.indices.data());
    case kRandomSamples:
      tensors.random_samples.resize(count);
      return reinterpret_cast<size_t>(tensors.random_samples.data());
    default:
      return 0;
  }
}

int output_shape() {
  if (!begin()) return 1;
  const auto r = poolgrad::pool_output_shape(request.options, request.input_shape);
  set_shape(r.output_shape);
  return finish(r.status);
}

// Forward and backward write straight into the result's buffers (no copy, no new allocation
// once their sizes repeat).
int forward() {
  if (!begin()) return 1;
  const Status status = poolgrad::pool_forward_into(
      request.options, request.input_shape, tensors.input.data(), tensors.input.size(),
      tensors.indices.data(), tensors.indices.size(), &result.output_shape, &result.output,
      &result.argmax);
  set_shape(result.output_shape);
  return finish(status);
}

int backward() {
  if (!begin()) return 1;
  return finish(poolgrad::pool_backward_into(
      request.options, request.input_shape, tensors.grad_output.data(), tensors.grad_output.size(),
      tensors.indices.data(), tensors.indices.size(), tensors.input.data(), tensors.input.size(),
      &result.grad_input));
}

int routing_counts() {
  if (!begin()) return 1;
  auto r = poolgrad::pool_routing_counts(request.options, request.input_shape, tensors.input.data(),
                                         tensors.input.size(), tensors.indices.data(),
                                         tensors.indices.size());
  result.counts = std::move(r.counts);
  result.divisors = std::move(r.divisors);
  result.windows_per_plane.assign(1, static_cast<double>(r.windows_per_plane));
  return finish(r.status);
}

int windows() {
  if (!begin()) return 1;
  auto r = poolgrad::pool_windows(request.options, request.input_shape, tensors.indices.data(),
                                  tensors.indices.size());
  result.offsets = std::move(r.offsets);
  result.cells = std::move(r.cells);
  return finish(r.status);
}

template <typename T>
size_t address_of(const std::vector<T>& v) {
  return reinterpret_cast<size_t>(v.data());
}

size_t result_address(ResultPart part) {
  switch (part) {
    case kShape:
      return address_of(result.shape);
    case kOutput:
      return address_of(result.output);
    case kArgmax:
      return address_of(result.argmax);
    case kGradInput:
      return address_of(result.grad_input);
    case kCounts:
      return address_of(result.counts);
    case kDivisors:
      return address_of(result.divisors);
    case kOffsets:
      return address_of(result.offsets);
    case kCells:
      return address_of(result.cells);
    case kWindowsPerPlane:
      return address_of(result.windows_per_plane);
    default:
      return 0;
  }
}

size_t result_length(ResultPart part) {
  switch (part) {
    case kShape:
      return result.shape.size();
    case kOutput:
      return result.output.size();
    case kArgmax:
      return result.argmax.size();
    case kGradInput:
      return result.grad_input.size();
    case kCounts:
      return result.counts.size();
    case kDivisors:
      return result.divisors.size();
    case kOffsets:
      return result.offsets.size();
    case kCells:
      return result.cells.size();
    case kWindowsPerPlane:
      return result.windows_per_plane.size();
    default:
      return 0;
  }
}

// The rejected request's reason: the parameter (PyTorch's name), a short code, the message.
std::string error_param() { return result.status.param; }
std::string error_code() { return result.status.code; }
std::string error_message() { return result.status.message; }

// A buffer above this many elements (16 MiB) is freed after its call instead of kept. The core
// is built without exceptions, so a failed allocation would abort the module: keeping every
// part's largest capacity (13 buffers of up to kMaxElements, 64 MiB each) plus the allocator's
// fragmentation exhausted memory; one call's buffers (at most 6 of 64 MiB) plus the kept small
// ones stay well inside the 2 GB limit (-sMAXIMUM_MEMORY; tests/js/memory-peak.test.mjs).
constexpr size_t kKeptCapacity = size_t{1} << 22;

template <typename T>
void free_if_large(std::vector<T>& buffer) {
  if (buffer.capacity() > kKeptCapacity) std::vector<T>().swap(buffer);
}

// Readies the result once JS has copied it, and forgets the staged tensors. Buffers keep their
// capacity for the next call (a repeated call of the same size allocates nothing), except
// buffers too large to keep (kKeptCapacity).
void release() {
  result.clear();
  tensors.clear();
  free_if_large(tensors.input);
  free_if_large(tensors.grad_output);
  free_if_large(tensors.indices);
  free_if_large(tensors.random_samples);
  free_if_large(result.output);
  free_if_large(result.grad_input);
  free_if_large(result.divisors);
  free_if_large(result.argmax);
  free_if_large(result.counts);
  free_if_large(result.offsets);
  free_if_large(result.cells);
}

void set_plain_kernels(int plain) {
  poolgrad::set_kernel_path(plain != 0 ? poolgrad::KernelPath::plain : poolgrad::KernelPath::fast);
}

}  // namespace

EMSCRIPTEN_BINDINGS(poolgrad) {
  emscripten::enum_<TensorPart>("TensorPart")
      .value("input", kInput)
      .value("gradOutput", kGradOutput)
      .value("indices", kIndices)
      .value("randomSamples", kRandomSamples);
  emscripten::enum_<ResultPart>("ResultPart")
      .value("shape", kShape)
      .value("output", kOutput)
      .value("argmax", kArgmax)
      .value("gradInput", kGradInput)
      .value("counts", kCounts)
      .value("divisors", kDivisors)
      .value("offsets", kOffsets)
      .value("cells", kCells)
      .value("windowsPerPlane", kWindowsPerPlane);
  emscripten::function("stage_request", &stage_request);
  emscripten::function("stage_tensor", &stage_tensor);
  emscripten::function("output_shape", &output_shape);
  emscripten::function("forward", &forward);
  emscripten::function("backward", &backward);
  emscripten::function("routing_counts", &routing_counts);
  emscripten::function("windows", &windows);
  emscripten::function("result_address", &result_address);
  emscripten::function("result_length", &result_length);
  emscripten::function("error_param", &error_param);
  emscripten::function("error_code", &error_code);
  emscripten::function("error_message", &error_message);
  emscripten::function("release", &release);
  emscripten::function("set_plain_kernels", &set_plain_kernels);
  emscripten::constant("maxElements", static_cast<double>(poolgrad::kMaxElements));
  emscripten::constant("maxWork", static_cast<double>(poolgrad::kMaxWork));
  // The largest rank of any tensor: (N, C) plus kMaxDims spatial dimensions.
  emscripten::constant("maxRank", static_cast<double>(poolgrad::kMaxDims + 2));
}
