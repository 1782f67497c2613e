// embind.cpp: the wasm module's surface. Each function takes one plain JS request object
// (typed arrays and numbers, already type-checked by web/lib), copies it in, runs the core,
// and returns a plain object of fresh typed arrays (copies, never views into wasm memory):
//   { ok: true, ... } or { ok: false, message }.
// No C++ object crosses the boundary, so nothing needs .delete().
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <string>
#include <vector>

#include "pool_api.h"

using emscripten::val;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

// JS numbers arrive as doubles; web/lib admits only safe integers. Saturate anyway so that no
// double -> int64 conversion is ever undefined; the core then rejects the value by name.
int64_t to_int64(double v) {
  if (!std::isfinite(v)) return v < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
  if (v > 9.0e15) return INT64_MAX / 2;
  if (v < -9.0e15) return INT64_MIN / 2;
  return static_cast<int64_t>(v);
}

std::vector<int64_t> int_list(const val& request, const char* key) {
  std::vector<int64_t> out;
  const val v = request[key];
  if (v.isUndefined() || v.isNull()) return out;
  for (double d : emscripten::convertJSArrayToNumberVector<double>(v)) out.push_back(to_int64(d));
  return out;
}

PoolOptions options_from(const val& request) {
  PoolOptions o;
  o.kind = request["kind"].as<std::string>() == "avg" ? PoolKind::avg : PoolKind::max;
  o.dims = request["dims"].as<int>();
  o.kernel_size = int_list(request, "kernelSize");
  o.stride = int_list(request, "stride");
  o.padding = int_list(request, "padding");
  o.dilation = int_list(request, "dilation");
  o.ceil_mode = request["ceilMode"].as<bool>();
  o.count_include_pad = request["countIncludePad"].as<bool>();
  const val divisor = request["divisorOverride"];
  if (!divisor.isUndefined() && !divisor.isNull())
    o.divisor_override = to_int64(divisor.as<double>());
  return o;
}

template <typename T>
val copy_out(const char* array_type, const std::vector<T>& data) {
  return val::global(array_type).new_(emscripten::typed_memory_view(data.size(), data.data()));
}

val shape_out(const std::vector<int64_t>& shape) {
  val out = val::array();
  for (int64_t d : shape) out.call<void>("push", static_cast<double>(d));
  return out;
}

val result(const poolgrad::Status& status) {
  val out = val::object();
  out.set("ok", status.ok);
  if (!status.ok) out.set("message", status.message);
  return out;
}

val output_shape(val request) {
  const auto r =
      poolgrad::pool_output_shape(options_from(request), int_list(request, "inputShape"));
  val out = result(r.status);
  if (r.status.ok) out.set("outputShape", shape_out(r.output_shape));
  return out;
}

val forward(val request) {
  const auto input = emscripten::convertJSArrayToNumberVector<float>(request["input"]);
  const auto r = poolgrad::pool_forward(options_from(request), int_list(request, "inputShape"),
                                        input.data(), input.size());
  val out = result(r.status);
  if (!r.status.ok) return out;
  out.set("outputShape", shape_out(r.output_shape));
  out.set("output", copy_out("Float32Array", r.output));
  if (!r.indices.empty() || request["kind"].as<std::string>() == "max") {
    out.set("indices", copy_out("Int32Array", r.indices));
  }
  return out;
}

val backward(val request) {
  const auto grad_output = emscripten::convertJSArrayToNumberVector<float>(request["gradOutput"]);
  std::vector<int32_t> indices;
  if (!request["indices"].isUndefined()) {
    indices = emscripten::convertJSArrayToNumberVector<int32_t>(request["indices"]);
  }
  const auto r = poolgrad::pool_backward(options_from(request), int_list(request, "inputShape"),
                                         grad_output.data(), grad_output.size(), indices.data(),
                                         indices.size());
  val out = result(r.status);
  if (r.status.ok) out.set("gradInput", copy_out("Float32Array", r.grad_input));
  return out;
}

val routing_counts(val request) {
  const auto input = emscripten::convertJSArrayToNumberVector<float>(request["input"]);
  const auto r = poolgrad::pool_routing_counts(
      options_from(request), int_list(request, "inputShape"), input.data(), input.size());
  val out = result(r.status);
  if (!r.status.ok) return out;
  out.set("counts", copy_out("Int32Array", r.counts));
  out.set("windowsPerPlane", static_cast<double>(r.windows_per_plane));
  if (!r.divisors.empty()) out.set("divisors", copy_out("Float32Array", r.divisors));
  return out;
}

val windows(val request) {
  const auto r = poolgrad::pool_windows(options_from(request), int_list(request, "inputShape"));
  val out = result(r.status);
  if (!r.status.ok) return out;
  out.set("offsets", copy_out("Int32Array", r.offsets));
  out.set("cells", copy_out("Int32Array", r.cells));
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(poolgrad) {
  emscripten::function("outputShape", &output_shape);
  emscripten::function("forward", &forward);
  emscripten::function("backward", &backward);
  emscripten::function("routingCounts", &routing_counts);
  emscripten::function("windows", &windows);
  emscripten::constant("maxElements", static_cast<double>(poolgrad::kMaxElements));
}
