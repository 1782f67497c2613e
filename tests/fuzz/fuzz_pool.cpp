// fuzz_pool.cpp: libFuzzer target for the core's public operations. Any byte string becomes a
// pooling request (options, shape, data, gradient, indices); the core must answer every one
// with a result or a Status, never crash, read or write out of bounds, or hang. Built and run by
// scripts/fuzz.sh under ASan + UBSan.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "pool_api.h"

namespace {

using poolgrad::PoolKind;
using poolgrad::PoolOptions;

// Mostly small values around the interesting edges, now and then an extreme one.
int64_t small_or_extreme(FuzzedDataProvider& in, int64_t low, int64_t high) {
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    const int64_t extremes[] = {INT64_MIN, -(int64_t{1} << 40), int64_t{1} << 24,
                                (int64_t{1} << 24) + 1, int64_t{1} << 40, INT64_MAX};
    return extremes[in.ConsumeIntegralInRange<size_t>(0, 5)];
  }
  return in.ConsumeIntegralInRange<int64_t>(low, high);
}

std::vector<int64_t> list(FuzzedDataProvider& in, int64_t low, int64_t high) {
  std::vector<int64_t> values(in.ConsumeIntegralInRange<size_t>(0, 4));
  for (auto& v : values) v = small_or_extreme(in, low, high);
  return values;
}

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  FuzzedDataProvider in(bytes, size);
  PoolOptions o;
  o.kind = in.ConsumeBool() ? PoolKind::max : PoolKind::avg;
  o.dims = in.ConsumeIntegralInRange<int>(0, 4);
  o.kernel_size = list(in, -2, 6);
  o.stride = list(in, -1, 5);
  o.padding = list(in, -1, 4);
  o.dilation = list(in, -1, 4);
  o.ceil_mode = in.ConsumeBool();
  o.count_include_pad = in.ConsumeBool();
  if (in.ConsumeBool()) o.divisor_override = small_or_extreme(in, -3, 10);
  std::vector<int64_t> shape(in.ConsumeIntegralInRange<size_t>(0, 6));
  for (auto& d : shape) d = small_or_extreme(in, -1, 7);
  // A request at the size cap is valid and merely slow under the sanitizers (seconds per run);
  // the caps themselves are tested in tests/cpp. Keep the fuzzer on the logic.
  double declared = 1;
  for (int64_t d : shape) declared *= d > 1 ? static_cast<double>(d) : 1.0;
  if (declared > (1 << 20)) return 0;

  // The data buffers are as long as the caller says, which may disagree with the shape.
  std::vector<float> input(in.ConsumeIntegralInRange<size_t>(0, 2048));
  for (auto& v : input) v = in.ConsumeFloatingPoint<float>();
  const auto forward = poolgrad::pool_forward(o, shape, input.data(), input.size());
  const auto routing = poolgrad::pool_routing_counts(o, shape, input.data(), input.size());
  check(forward.status.ok == routing.status.ok);
  if (!forward.status.ok) check(!forward.status.message.empty());

  std::vector<float> grad(forward.status.ok ? forward.output.size()
                                            : in.ConsumeIntegralInRange<size_t>(0, 64));
  for (auto& v : grad) v = in.ConsumeFloatingPoint<float>();
  std::vector<int32_t> indices = forward.indices;
  if (in.ConsumeBool()) {  // a caller's indices, possibly wrong
    for (auto& i : indices) i = in.ConsumeIntegral<int32_t>();
  }
  const auto backward = poolgrad::pool_backward(o, shape, grad.data(), grad.size(),
                                                indices.data(), indices.size());
  if (backward.status.ok && forward.status.ok) check(backward.grad_input.size() == input.size());
  return 0;
}
