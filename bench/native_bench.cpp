// native_bench.cpp: the benchmark workloads through pool_api on the native build, so the wasm
// figures of bench/core-peers.mjs have a native reference. Not a test. Prints one JSON object:
// per workload and pass, the median of --reps runs in ms (after warm-up), for the fast paths and
// for the plain kernels (KernelPath::plain).
//   build/native/native_bench [--reps 15]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "pool_api.h"

using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

struct Workload {
  const char* name;
  PoolKind kind;
  std::vector<int64_t> shape;
  int64_t k, s, p;
};

// The same workloads and input as bench/core-peers.mjs: uniform [-1, 1) from a fixed seed.
std::vector<float> uniform_input(size_t n) {
  std::vector<float> x(n);
  uint32_t seed = 12345;
  for (float& v : x) {
    seed = seed * 1103515245u + 12345u;
    v = static_cast<float>(seed / 4294967296.0 * 2.0 - 1.0);
  }
  return x;
}

template <typename F>
double median_ms(int reps, F f) {
  f();
  f();
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto a = std::chrono::steady_clock::now();
    f();
    t.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 15;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
  }
  const Workload workloads[] = {
      {"W1", PoolKind::max, {1, 64, 112, 112}, 3, 2, 1},
      {"W2", PoolKind::max, {1, 256, 56, 56}, 2, 2, 0},
      {"W3", PoolKind::avg, {8, 128, 32, 32}, 3, 1, 1},
      {"W4", PoolKind::max, {1, 3, 512, 512}, 2, 2, 0},
  };
  std::printf("{\"reps\": %d, \"workloads\": {", reps);
  bool first_w = true;
  for (const Workload& w : workloads) {
    PoolOptions o;
    o.kind = w.kind;
    o.dims = 2;
    o.kernel_size = {w.k};
    o.stride = {w.s};
    o.padding = {w.p};
    size_t n = 1;
    for (int64_t d : w.shape) n *= static_cast<size_t>(d);
    const std::vector<float> x = uniform_input(n);
    std::vector<int64_t> out_shape;
    std::vector<float> y, dx;
    std::vector<int32_t> idx, saved;
    std::printf("%s\"%s\": {", first_w ? "" : ", ", w.name);
    first_w = false;
    bool first_p = true;
    for (auto path : {poolgrad::KernelPath::fast, poolgrad::KernelPath::plain}) {
      poolgrad::set_kernel_path(path);
      const char* tag = path == poolgrad::KernelPath::fast ? "fast" : "plain";
      o.return_indices = true;
      poolgrad::pool_forward_into(o, w.shape, x.data(), n, nullptr, 0, &out_shape, &y, &saved);
      const std::vector<float> dout(y.size(), 1.0f);
      double values = 0;
      if (w.kind == PoolKind::max) {
        PoolOptions v = o;
        v.return_indices = false;
        values = median_ms(reps, [&] {
          poolgrad::pool_forward_into(v, w.shape, x.data(), n, nullptr, 0, &out_shape, &y, &idx);
        });
      }
      const double forward = median_ms(reps, [&] {
        poolgrad::pool_forward_into(o, w.shape, x.data(), n, nullptr, 0, &out_shape, &y, &idx);
      });
      const double backward = median_ms(reps, [&] {
        poolgrad::pool_backward_into(o, w.shape, dout.data(), dout.size(), saved.data(),
                                     saved.size(), nullptr, 0, &dx);
      });
      std::printf("%s\"%s\": {\"forward_values\": %.4f, \"forward\": %.4f, \"backward\": %.4f}",
                  first_p ? "" : ", ", tag, w.kind == PoolKind::max ? values : forward, forward,
                  backward);
      first_p = false;
    }
    std::printf("}");
  }
  std::printf("}}\n");
  return 0;
}
