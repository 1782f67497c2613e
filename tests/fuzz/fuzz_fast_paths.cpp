// fuzz_fast_paths.cpp: libFuzzer target comparing the fast paths (cpp/fast/) with the plain
// kernels. Any byte string becomes a valid-looking pooling problem (kind, 1-3 dims, kernel,
// stride, padding, dilation, ceil_mode, count_include_pad, divisor_override, a shape up to a few
// thousand elements) and raw float bits as data (any NaN payload, infinities, -0, subnormals);
// the forward (with and without indices) and the backward (with the forward's indices and with
// arbitrary in-plane ones) run on both paths. Max outputs, indices and every gradient must be
// identical bit for bit, average outputs within 1 ulp; anything else aborts.
//
// Built by CMake (-DPOOLGRAD_FUZZ=ON) and run by `bash scripts/fuzz.sh fast SECONDS`.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "float_bits.h"
#include "pool_api.h"

namespace {

using poolgrad::KernelPath;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;

void check(bool condition) {
  if (!condition) std::abort();
}

struct Forward {
  poolgrad::Status status;
  std::vector<int64_t> shape;
  std::vector<float> output;
  std::vector<int32_t> indices;
};

Forward forward(KernelPath path, const PoolOptions& o, const std::vector<int64_t>& shape,
                const std::vector<float>& x) {
  poolgrad::set_kernel_path(path);
  Forward f;
  f.status = poolgrad::pool_forward_into(o, shape, x.data(), x.size(), nullptr, 0, &f.shape,
                                         &f.output, &f.indices);
  poolgrad::set_kernel_path(KernelPath::fast);
  return f;
}

std::vector<float> backward(KernelPath path, const PoolOptions& o,
                            const std::vector<int64_t>& shape, const std::vector<float>& dout,
                            const std::vector<int32_t>& idx) {
  poolgrad::set_kernel_path(path);
  std::vector<float> dx;
  const auto s = poolgrad::pool_backward_into(o, shape, dout.data(), dout.size(), idx.data(),
                                              idx.size(), nullptr, 0, &dx);
  poolgrad::set_kernel_path(KernelPath::fast);
  check(s.ok);
  return dx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  FuzzedDataProvider in(bytes, size);
  PoolOptions o;
  o.kind = in.ConsumeBool() ? PoolKind::max : PoolKind::avg;
  o.dims = in.ConsumeIntegralInRange<int>(1, 3);
  std::vector<int64_t> shape;
  if (in.ConsumeBool()) shape.push_back(in.ConsumeIntegralInRange<int64_t>(0, 2));
  shape.push_back(in.ConsumeIntegralInRange<int64_t>(1, 3));
  for (int a = 0; a < o.dims; ++a) {
    const int64_t k = in.ConsumeIntegralInRange<int64_t>(1, 5);
    o.kernel_size.push_back(k);
    o.stride.push_back(in.ConsumeIntegralInRange<int64_t>(1, 5));
    o.padding.push_back(in.ConsumeIntegralInRange<int64_t>(0, k / 2));
    o.dilation.push_back(in.ConsumeIntegralInRange<int64_t>(1, 8) == 1 ? 2 : 1);
    shape.push_back(in.ConsumeIntegralInRange<int64_t>(1, a == o.dims - 1 ? 70 : 12));
  }
  o.ceil_mode = in.ConsumeBool();
  o.count_include_pad = in.ConsumeBool();
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    o.divisor_override = in.ConsumeIntegralInRange<int64_t>(-4, 12);
    if (*o.divisor_override == 0) o.divisor_override = 1;
  }
  if (o.kind == PoolKind::avg) o.dilation.clear();
  size_t numel = 1;
  for (int64_t d : shape) numel *= static_cast<size_t>(d);
  // Raw bits mostly; a few bytes pick values from a small set so ties and -inf windows happen.
  std::vector<float> x(numel);
  const bool small_set = in.ConsumeBool();
  for (float& v : x) {
    if (small_set) {
      const float set[] = {0.0f, -0.0f, 1.0f, -1.0f, INFINITY, -INFINITY, NAN, 2.0f};
      v = set[in.ConsumeIntegralInRange<int>(0, 7)];
    } else {
      const uint32_t b = in.ConsumeIntegral<uint32_t>();
      std::memcpy(&v, &b, sizeof v);
    }
  }

  const Forward want = forward(KernelPath::plain, o, shape, x);
  const Forward got = forward(KernelPath::fast, o, shape, x);
  check(want.status.ok == got.status.ok);
  if (!want.status.ok) return 0;
  check(got.output.size() == want.output.size() && got.indices == want.indices);
  for (size_t i = 0; i < want.output.size(); ++i) {
    check(o.kind == PoolKind::max ? same_bits(got.output[i], want.output[i])
                                  : within_ulp(got.output[i], want.output[i]));
  }
  if (o.kind == PoolKind::max) {
    PoolOptions values = o;
    values.return_indices = false;
    const Forward v = forward(KernelPath::fast, values, shape, x);
    check(v.indices.empty());
    for (size_t i = 0; i < want.output.size(); ++i) check(same_bits(v.output[i], want.output[i]));
  }

  std::vector<float> dout(want.output.size());
  for (float& v : dout) v = in.ConsumeFloatingPointInRange<float>(-2.0f, 2.0f);
  std::vector<int32_t> idx = want.indices;
  if (o.kind == PoolKind::max && in.ConsumeBool()) {
    int64_t plane = 1;
    for (int a = 0; a < o.dims; ++a) plane *= shape[shape.size() - 1 - static_cast<size_t>(a)];
    for (int32_t& v : idx) {
      if (in.ConsumeIntegralInRange<int>(0, 3) == 0) {
        v = static_cast<int32_t>(in.ConsumeIntegralInRange<int64_t>(-1, plane - 1));
      }
    }
  }
  const std::vector<float> bwant = backward(KernelPath::plain, o, shape, dout, idx);
  const std::vector<float> bgot = backward(KernelPath::fast, o, shape, dout, idx);
  check(bgot.size() == bwant.size());
  for (size_t i = 0; i < bwant.size(); ++i) check(same_bits(bgot[i], bwant[i]));
  return 0;
}
