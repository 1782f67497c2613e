#include "fixture_cases.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "adaptive_pool.h"
#include "avg_pool.h"
#include "fractional_max_pool.h"
#include "lp_pool.h"
#include "max_pool.h"
#include "max_unpool.h"
#include "pool_api.h"

namespace poolgrad::cases {

using nlohmann::json;

namespace {

// An index no kernel may write: neither -1 (empty window) nor a plane position.
constexpr int32_t kPoisonIndex = std::numeric_limits<int32_t>::min();

struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OpInfo {
  const char* name;
  PoolKind kind;
  int dims;
};

constexpr OpInfo kOps[] = {
    {"max_pool1d", PoolKind::max, 1},
    {"max_pool2d", PoolKind::max, 2},
    {"max_pool3d", PoolKind::max, 3},
    {"avg_pool1d", PoolKind::avg, 1},
    {"avg_pool2d", PoolKind::avg, 2},
    {"avg_pool3d", PoolKind::avg, 3},
    {"adaptive_max_pool1d", PoolKind::adaptive_max, 1},
    {"adaptive_max_pool2d", PoolKind::adaptive_max, 2},
    {"adaptive_max_pool3d", PoolKind::adaptive_max, 3},
    {"adaptive_avg_pool1d", PoolKind::adaptive_avg, 1},
    {"adaptive_avg_pool2d", PoolKind::adaptive_avg, 2},
    {"adaptive_avg_pool3d", PoolKind::adaptive_avg, 3},
    {"lp_pool1d", PoolKind::lp, 1},
    {"lp_pool2d", PoolKind::lp, 2},
    {"lp_pool3d", PoolKind::lp, 3},
    {"max_unpool1d", PoolKind::max_unpool, 1},
    {"max_unpool2d", PoolKind::max_unpool, 2},
    {"max_unpool3d", PoolKind::max_unpool, 3},
    {"fractional_max_pool2d", PoolKind::fractional_max, 2},
    {"fractional_max_pool3d", PoolKind::fractional_max, 3},
};

// The keyword arguments of each op's PyTorch functional.
bool takes(PoolKind kind, const std::string& key) {
  static const std::vector<std::string> args[] = {
      {"kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"},
      {"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"},
      {"output_size", "return_indices"},
      {"output_size"},
      {"norm_type", "kernel_size", "stride", "ceil_mode"},
      {"kernel_size", "stride", "padding", "output_size"},
      {"kernel_size", "output_size", "output_ratio", "return_indices"},
  };
  const auto& list = args[static_cast<int>(kind)];
  return std::find(list.begin(), list.end(), key) != list.end();
}

bool is_max_type(PoolKind kind) {
  return kind == PoolKind::max || kind == PoolKind::adaptive_max ||
         kind == PoolKind::fractional_max;
}

const OpInfo* find_op(const std::string& op) {
  for (const OpInfo& info : kOps) {
    if (op == info.name) return &info;
  }
  return nullptr;
}

// ---- reading the JSON fields ----

const json& field(const json& c, const char* name) {
  if (!c.contains(name)) throw Malformed(std::string("missing field '") + name + "'");
  return c[name];
}

int64_t read_int(const json& j, const std::string& what) {
  if (!j.is_number_integer()) throw Malformed(what + " must be an integer, got " + j.dump());
  if (j.is_number_unsigned() &&
      j.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    throw Malformed(what + " is out of range: " + j.dump());
  }
  return j.get<int64_t>();
}

// PyTorch's int-or-list arguments; null means the default, which PoolOptions spells as empty.
std::vector<int64_t> read_int_list(const json& j, const std::string& what) {
  std::vector<int64_t> values;
  if (j.is_null()) return values;
  if (!j.is_array()) return {read_int(j, what)};
  for (size_t i = 0; i < j.size(); ++i) {
    values.push_back(read_int(j[i], what + "[" + std::to_string(i) + "]"));
  }
  return values;
}

bool read_bool(const json& j, const std::string& what) {
  if (!j.is_boolean()) throw Malformed(what + " must be true or false, got " + j.dump());
  return j.get<bool>();
}

std::vector<int64_t> read_shape(const json& c, const char* name) {
  const json& j = field(c, name);
  if (!j.is_array()) throw Malformed(std::string(name) + " must be a list, got " + j.dump());
  return read_int_list(j, name);
}

// Float32 values written as shortest decimals, with NaN and the infinities as strings.
float read_float(const json& j, const std::string& what) {
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "nan") return std::numeric_limits<float>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<float>::infinity();
    if (s == "-inf") return -std::numeric_limits<float>::infinity();
  } else if (j.is_number()) {
    const double v = j.get<double>();
    // Out of float range the conversion would be undefined behaviour, and no float32 prints so.
    if (std::fabs(v) <= static_cast<double>(FLT_MAX)) return static_cast<float>(v);
  }
  throw Malformed(what + " is not a float32 value: " + j.dump());
}

std::vector<float> read_floats(const json& c, const char* name, int64_t expected_length) {
  const json& j = field(c, name);
  if (!j.is_array()) throw Malformed(std::string(name) + " must be a list");
  if (static_cast<int64_t>(j.size()) != expected_length) {
    throw Malformed(std::string(name) + " has " + std::to_string(j.size()) +
                    " values, but its shape needs " + std::to_string(expected_length));
  }
  std::vector<float> values;
  values.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    values.push_back(read_float(j[i], std::string(name) + "[" + std::to_string(i) + "]"));
  }
  return values;
}

std::vector<int32_t> read_indices(const json& c, int64_t expected_length,
                                  const char* name = "indices") {
  const json& j = field(c, name);
  if (!j.is_array() || static_cast<int64_t>(j.size()) != expected_length) {
    throw Malformed(std::string(name) + " must be a list of " + std::to_string(expected_length) +
                    " integers");
  }
  std::vector<int32_t> values;
  for (size_t i = 0; i < j.size(); ++i) {
    const int64_t v = read_int(j[i], "indices[" + std::to_string(i) + "]");
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      throw Malformed("indices[" + std::to_string(i) + "] is out of int32 range");
    }
    values.push_back(static_cast<int32_t>(v));
  }
  return values;
}

// ---- comparing ----

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

// The shortest decimal that reads back as the same float, like the fixtures write it.
std::string float_text(float v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[32];
  for (int precision = 6; precision <= 9; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, static_cast<double>(v));
    if (std::strtof(buffer, nullptr) == v) break;
  }
  return buffer;
}

std::string value_text(float v) { return float_text(v); }
std::string value_text(int32_t v) { return std::to_string(v); }

// Max pooling copies an input element, so it must match exactly (a NaN matches a NaN).
bool same_value(float actual, float expected) {
  return actual == expected || (std::isnan(actual) && std::isnan(expected));
}
bool same_value(int32_t actual, int32_t expected) { return actual == expected; }

// Sums may be added in another order than PyTorch's: the README's float32 tolerance.
bool close_value(float actual, float expected) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  if (!std::isfinite(actual)) return false;
  return std::fabs(actual - expected) <= 1e-6f + 1e-5f * std::fabs(expected);
}

// "" when every element agrees, else the first disagreeing element and how many disagree.
template <typename T, typename Agree>
std::string first_difference(const char* name, const std::vector<T>& actual,
                             const std::vector<T>& expected, Agree agree) {
  if (actual.size() != expected.size()) {
    return std::string(name) + " has " + std::to_string(actual.size()) + " elements, expected " +
           std::to_string(expected.size());
  }
  size_t first = actual.size();
  size_t wrong = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (agree(actual[i], expected[i])) continue;
    if (wrong++ == 0) first = i;
  }
  if (wrong == 0) return "";
  std::string message = std::string(name) + "[" + std::to_string(first) +
                        "] = " + value_text(actual[first]) + ", expected " +
                        value_text(expected[first]);
  if (wrong > 1) {
    message +=
        " (" + std::to_string(wrong) + " of " + std::to_string(actual.size()) + " elements differ)";
  }
  return message;
}

template <typename T>
std::string first_exact_difference(const char* name, const std::vector<T>& actual,
                                   const std::vector<T>& expected) {
  return first_difference(name, actual, expected, [](T a, T e) { return same_value(a, e); });
}

// ---- the two kinds of case ----

// max_unpool's indices (the case's unpool_indices), as int32, any length.
std::vector<int32_t> read_unpool_indices(const json& c) {
  const json& j = field(c, "unpool_indices");
  if (!j.is_array()) throw Malformed("unpool_indices must be a list");
  return read_indices(c, static_cast<int64_t>(j.size()), "unpool_indices");
}

// A case with `error`: the validation gate (and so every pool_api entry) must reject it; for
// max_unpool the index check may be what rejects it (PyTorch's "invalid max index"), so its
// forward must fail.
std::string check_rejected(const json& c, const PoolOptions& options) {
  const std::vector<int64_t> shape = read_shape(c, "input_shape");
  PoolGeometry g;
  if (!validate(options, shape, &g).ok) {
    if (pool_output_shape(options, shape).status.ok) {
      return "validate() rejects it but pool_output_shape() accepts it";
    }
    return "";
  }
  if (options.kind == PoolKind::max_unpool) {
    const std::vector<float> input = read_floats(c, "input", g.input_numel());
    const std::vector<int32_t> indices = read_unpool_indices(c);
    const ForwardResult r =
        pool_forward(options, shape, input.data(), input.size(), indices.data(), indices.size());
    if (!r.status.ok) return "";
  }
  return "accepted, but it must be rejected (" + field(c, "error").dump() + ")";
}

// The plain kernel of each kind (what the fast paths and pool_api must agree with).
void forward_kernel(float* out, int32_t* indices, const float* inp, const int32_t* unpool_indices,
                    const PoolGeometry& g) {
  switch (g.kind) {
    case PoolKind::max:
      return max_pool_forward(out, indices, inp, g);
    case PoolKind::avg:
      return avg_pool_forward(out, inp, g);
    case PoolKind::adaptive_max:
      return adaptive_max_pool_forward(out, indices, inp, g);
    case PoolKind::adaptive_avg:
      return adaptive_avg_pool_forward(out, inp, g);
    case PoolKind::lp:
      return lp_pool_forward(out, inp, g);
    case PoolKind::max_unpool:
      return max_unpool_forward(out, inp, unpool_indices, g);
    case PoolKind::fractional_max:
      return fractional_max_pool_forward(out, indices, inp, g);
  }
}

void backward_kernel(float* dinp, const float* dout, const int32_t* indices, const float* inp,
                     const PoolGeometry& g) {
  switch (g.kind) {
    case PoolKind::max:
      return max_pool_backward(dinp, dout, indices, g);
    case PoolKind::avg:
      return avg_pool_backward(dinp, dout, g);
    case PoolKind::adaptive_max:
      return adaptive_max_pool_backward(dinp, dout, indices, g);
    case PoolKind::adaptive_avg:
      return adaptive_avg_pool_backward(dinp, dout, g);
    case PoolKind::lp:
      return lp_pool_backward(dinp, dout, inp, g);
    case PoolKind::max_unpool:
      return max_unpool_backward(dinp, dout, indices, g);
    case PoolKind::fractional_max:
      return fractional_max_pool_backward(dinp, dout, indices, g);
  }
}

// A case with expected results: forward, then backward with the case's grad_output and (max-type)
// our own forward's indices, (max_unpool) the case's unpool_indices, (lp) the input. The kernels
// write into NaN-poisoned buffers, so an element they skip fails the comparison.
std::string check_results(const json& c, const PoolOptions& options) {
  const std::vector<int64_t> shape = read_shape(c, "input_shape");
  PoolGeometry g;
  const std::vector<int32_t> unpool_indices =
      options.kind == PoolKind::max_unpool ? read_unpool_indices(c) : std::vector<int32_t>();
  const Status status = validate(options, shape, &g);
  if (!status.ok) return "rejected, but PyTorch accepts it: " + status.message;
  if (g.kind == PoolKind::max_unpool) {
    const Status indices_ok =
        validate_indices(unpool_indices.data(), static_cast<int64_t>(unpool_indices.size()), g);
    if (!indices_ok.ok) return "rejected, but PyTorch accepts it: " + indices_ok.message;
  }

  const bool is_max = is_max_type(g.kind);
  // Max-type ops and unpooling copy input elements: exact. Averages and powers: the tolerance.
  const bool exact = is_max || g.kind == PoolKind::max_unpool;
  const std::vector<int64_t> expected_shape = read_shape(c, "output_shape");
  if (expected_shape != g.output_shape()) {
    return "output_shape " + shape_text(g.output_shape()) + ", expected " +
           shape_text(expected_shape);
  }
  const std::vector<float> input = read_floats(c, "input", g.input_numel());
  const std::vector<float> expected_output = read_floats(c, "output", g.output_numel());
  const std::vector<float> grad_output = read_floats(c, "grad_output", g.output_numel());
  const std::vector<float> expected_grad = read_floats(c, "grad_input", g.input_numel());
  const std::vector<int32_t> expected_indices =
      is_max ? read_indices(c, g.output_numel()) : std::vector<int32_t>();

  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> output(static_cast<size_t>(g.output_numel()), nan);
  std::vector<int32_t> indices(is_max ? output.size() : 0, kPoisonIndex);
  forward_kernel(output.data(), indices.data(), input.data(), unpool_indices.data(), g);
  std::string failure = exact ? first_exact_difference("output", output, expected_output)
                              : first_difference("output", output, expected_output, close_value);
  if (failure.empty() && is_max) {
    failure = first_exact_difference("indices", indices, expected_indices);
  }
  if (!failure.empty()) return failure;
  if (is_max) {
    const Status indices_ok = validate_indices(indices.data(), g.output_numel(), g);
    if (!indices_ok.ok) return "our forward's " + indices_ok.message;
  }
  // The indices a backward reads: the argmax, or max_unpool's own.
  const std::vector<int32_t>& saved = is_max ? indices : unpool_indices;

  std::vector<float> grad_input(static_cast<size_t>(g.input_numel()), nan);
  backward_kernel(grad_input.data(), grad_output.data(), saved.data(), input.data(), g);
  failure = first_difference("grad_input", grad_input, expected_grad, close_value);
  if (!failure.empty()) return failure;

  // pool_api (what the bindings call) must give the kernels' results exactly.
  const ForwardResult api = pool_forward(options, shape, input.data(), input.size(),
                                         unpool_indices.data(), unpool_indices.size());
  if (!api.status.ok) return "pool_forward rejects it: " + api.status.message;
  failure = first_exact_difference("pool_forward output", api.output, output);
  if (failure.empty())
    failure = first_exact_difference("pool_forward indices", api.indices, indices);
  if (!failure.empty()) return failure;
  const BackwardResult api_grad =
      pool_backward(options, shape, grad_output.data(), grad_output.size(), saved.data(),
                    saved.size(), input.data(), input.size());
  if (!api_grad.status.ok) return "pool_backward rejects it: " + api_grad.status.message;
  return first_exact_difference("pool_backward grad_input", api_grad.grad_input, grad_input);
}

}  // namespace

LoadResult load_cases(const std::string& path) {
  LoadResult result;
  std::ifstream file(path);
  if (!file) {
    result.error = "cannot read " + path;
    return result;
  }
  result.cases = json::parse(file, nullptr, /*allow_exceptions=*/false);
  if (result.cases.is_discarded()) {
    result.error = path + " is not valid JSON";
  } else if (!result.cases.is_array()) {
    result.error = path + " must hold a JSON list of cases";
  } else {
    result.ok = true;
  }
  return result;
}

bool is_implemented_op(const std::string& op) { return find_op(op) != nullptr; }

PoolOptions to_options(const json& c) {
  const json& op = field(c, "op");
  const OpInfo* info = op.is_string() ? find_op(op.get<std::string>()) : nullptr;
  if (info == nullptr) throw Malformed("op " + op.dump() + " is not implemented");
  const json& args = field(c, "args");
  if (!args.is_object()) throw Malformed("args must be an object, got " + args.dump());

  PoolOptions o;
  o.kind = info->kind;
  o.dims = info->dims;
  for (const auto& [key, value] : args.items()) {
    if (!takes(info->kind, key)) {
      // An argument we ignored would silently test something other than what PyTorch ran.
      throw Malformed("unknown argument '" + key + "' for " + info->name);
    } else if (key == "kernel_size") {
      o.kernel_size = read_int_list(value, key);
    } else if (key == "stride") {
      o.stride = read_int_list(value, key);
    } else if (key == "padding") {
      o.padding = read_int_list(value, key);
    } else if (key == "dilation") {
      o.dilation = read_int_list(value, key);
    } else if (key == "ceil_mode") {
      o.ceil_mode = read_bool(value, key);
    } else if (key == "count_include_pad") {
      o.count_include_pad = read_bool(value, key);
    } else if (key == "divisor_override") {
      if (!value.is_null()) o.divisor_override = read_int(value, key);
    } else if (key == "return_indices") {
      read_bool(value, key);  // the checker always asks for the indices
    } else if (key == "output_size") {
      // An int or a list; null (unpool: not given) or a null entry (adaptive: keep that size).
      if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
          o.output_size.push_back(
              value[i].is_null() ? -1 : read_int(value[i], key + "[" + std::to_string(i) + "]"));
        }
      } else if (!value.is_null()) {
        o.output_size = {read_int(value, key)};
      }
    } else if (key == "output_ratio") {
      if (value.is_array()) {
        for (const json& r : value) {
          if (!r.is_number()) throw Malformed("output_ratio entries must be numbers");
          o.output_ratio.push_back(r.get<double>());
        }
      } else if (!value.is_null()) {
        if (!value.is_number()) throw Malformed("output_ratio must be a number or a list");
        o.output_ratio = {value.get<double>()};
      }
    } else if (key == "norm_type") {
      if (value.is_string()) {
        o.norm_type = static_cast<double>(read_float(value, key));  // "inf"
      } else {
        if (!value.is_number()) throw Malformed("norm_type must be a number");
        o.norm_type = value.get<double>();
      }
    } else {
      // An argument we ignored would silently test something other than what PyTorch ran.
      throw Malformed("unknown argument '" + key + "'");
    }
  }
  if (o.kind == PoolKind::fractional_max && c.contains("random_samples")) {
    const json& r = c["random_samples"];
    o.random_samples = read_floats(c, "random_samples", static_cast<int64_t>(r.size()));
  }
  return o;
}

CaseOutcome run_case(const json& c, const std::string& fallback_id) {
  CaseOutcome outcome;
  const bool is_object = c.is_object();
  if (is_object && c.contains("id") && c["id"].is_string()) {
    outcome.id = c["id"].get<std::string>();
  } else {
    outcome.id = fallback_id.empty() ? "(case without id)" : fallback_id;
  }
  if (!is_object) {
    outcome.message = outcome.id + ": malformed case: not a JSON object";
    return outcome;
  }
  if (c.contains("pytorch_crash") && c["pytorch_crash"].is_boolean()) {
    outcome.crash_case = c["pytorch_crash"].get<bool>();
  }
  if (!c.contains("op") || !c["op"].is_string()) {
    outcome.message = outcome.id + ": malformed case: 'op' must be a string";
    return outcome;
  }
  outcome.op = c["op"].get<std::string>();
  if (!is_implemented_op(outcome.op)) {
    outcome.status = CaseStatus::unsupported;
    outcome.message = outcome.id + ": op '" + outcome.op + "' is not implemented";
    return outcome;
  }
  try {
    const PoolOptions options = to_options(c);
    const std::string failure =
        c.contains("error") ? check_rejected(c, options) : check_results(c, options);
    outcome.status = failure.empty() ? CaseStatus::passed : CaseStatus::failed;
    if (!failure.empty()) outcome.message = outcome.id + ": " + failure;
  } catch (const std::exception& e) {  // Malformed, or nlohmann's type errors
    outcome.status = CaseStatus::failed;
    outcome.message = outcome.id + ": malformed case: " + e.what();
  }
  return outcome;
}

const char* status_name(CaseStatus status) {
  switch (status) {
    case CaseStatus::passed:
      return "passed";
    case CaseStatus::failed:
      return "failed";
    case CaseStatus::unsupported:
      return "unsupported";
  }
  return "failed";
}

}  // namespace poolgrad::cases
