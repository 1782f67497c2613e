// The pooling family beyond max/avg (issue 11): adaptive max/avg, LP, max unpooling, fractional
// max pooling. Properties that need no oracle, on random small problems (fixed seed):
//   - adaptive avg and max_unpool are linear: <forward(x), g> = <x, backward(g)> (adjoint);
//   - adaptive max and fractional max route each dout to one input: sum(dinp) = sum(dout);
//   - LP on positive inputs: backward is the derivative of forward (central differences);
// hand-derived cases for the rules that matter (windows, LP's special values, unpool's scatter,
// the seeded samples); and every validation rule of the new kinds, by param and code.
// The PyTorch fixtures (test_fixture_cases.cpp) check the numbers themselves.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "float_bits.h"
#include "fractional_max_pool.h"
#include "pool_api.h"
#include "pool_for_tests.h"
#include "pool_options.h"

using poolgrad::PoolGeometry;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;
using poolgrad::Status;

namespace {

std::mt19937 rng(20261129);

int64_t uniform(int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

std::vector<float> random_values(int64_t n, float lo, float hi) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = d(rng);
  return v;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * static_cast<double>(b[i]);
  return s;
}

double sum(const std::vector<float>& a) {
  double s = 0;
  for (float v : a) s += static_cast<double>(v);
  return s;
}

// A random batched input shape (N, C, spatial...) of the given dimensionality.
std::vector<int64_t> random_shape(int dims, int64_t lo, int64_t hi) {
  std::vector<int64_t> shape = {uniform(1, 2), uniform(1, 3)};
  for (int d = 0; d < dims; ++d) shape.push_back(uniform(lo, hi));
  return shape;
}

int64_t numel(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

PoolOptions adaptive(PoolKind kind, int dims, std::vector<int64_t> output_size) {
  PoolOptions o;
  o.kind = kind;
  o.dims = dims;
  o.output_size = std::move(output_size);
  return o;
}

// The gate's rejection, which every entry point must repeat.
Status rejection(const PoolOptions& o, const std::vector<int64_t>& shape) {
  PoolGeometry g;
  const Status s = poolgrad::validate(o, shape, &g);
  CHECK_FALSE(s.ok);
  CHECK(poolgrad::pool_output_shape(o, shape).status.code == s.code);
  return s;
}

#define CHECK_REJECTED(options, shape, param_name, code_name) \
  do {                                                        \
    const Status s_ = rejection(options, shape);              \
    INFO(s_.message);                                         \
    CHECK(s_.param == (param_name));                          \
    CHECK(s_.code == (code_name));                            \
    CHECK_FALSE(s_.message.empty());                          \
  } while (0)

}  // namespace

TEST_CASE("adaptive windows: from floor(o*In/Out) to ceil((o+1)*In/Out), listed and counted",
          "[family][adaptive]") {
  // In 5, Out 3: [0, 2), [1, 4), [3, 5) (5/3 = 1.67: floor 1, ceil 2; 10/3 = 3.33: floor 3,
  // ceil 4): elements 1 and 3 are in two windows each.
  const PoolOptions o = adaptive(PoolKind::adaptive_avg, 1, {3});
  const std::vector<int64_t> shape = {1, 5};
  const auto w = poolgrad::pool_windows(o, shape);
  REQUIRE(w.status.ok);
  CHECK(w.offsets == std::vector<int32_t>{0, 2, 5, 7});
  CHECK(w.cells == std::vector<int32_t>{0, 1, 1, 2, 3, 3, 4});
  const std::vector<float> x = {1, 2, 3, 4, 5};
  const auto r = poolgrad::pool_routing_counts(o, shape, x.data(), x.size());
  REQUIRE(r.status.ok);
  CHECK(r.counts == std::vector<int32_t>{1, 2, 1, 2, 1});
  CHECK(r.divisors == std::vector<float>{2, 3, 2});
  const auto y = poolgrad::pool_forward(o, shape, x.data(), x.size());
  CHECK(y.output == std::vector<float>{1.5f, 3.0f, 4.5f});  // (1+2)/2, (2+3+4)/3, (4+5)/2

  // Adaptive max over the same windows; -1 keeps an axis (PyTorch's None); output 1 is global.
  PoolOptions m = adaptive(PoolKind::adaptive_max, 2, {-1, 1});
  const std::vector<float> x2 = {3, 1, 4, 1, 5, 9};  // (1, 2, 3)
  const auto g = poolgrad::pool_forward(m, {1, 2, 3}, x2.data(), x2.size());
  REQUIRE(g.status.ok);
  CHECK(g.output_shape == std::vector<int64_t>{1, 2, 1});
  CHECK(g.output == std::vector<float>{4, 9});
  CHECK(g.indices == std::vector<int32_t>{2, 5});
}

TEST_CASE("adaptive avg is linear: <forward(x), g> = <x, backward(g)>", "[family][adaptive]") {
  for (int trial = 0; trial < 20; ++trial) {
    const int dims = static_cast<int>(uniform(1, 3));
    const std::vector<int64_t> shape = random_shape(dims, 1, 9);
    std::vector<int64_t> out;
    for (int d = 0; d < dims; ++d) out.push_back(uniform(0, 3) == 0 ? -1 : uniform(1, 11));
    const PoolOptions o = adaptive(PoolKind::adaptive_avg, dims, out);
    const auto x = random_values(numel(shape), -1, 1);
    const auto y = poolgrad::pool_forward(o, shape, x.data(), x.size());
    REQUIRE(y.status.ok);
    const auto g = random_values(static_cast<int64_t>(y.output.size()), -1, 1);
    const auto dx = poolgrad::pool_backward(o, shape, g.data(), g.size(), nullptr, 0);
    REQUIRE(dx.status.ok);
    const double lhs = dot(y.output, g), rhs = dot(x, dx.grad_input);
    INFO("trial " << trial);
    CHECK(std::fabs(lhs - rhs) <= 1e-4 * (1 + std::fabs(lhs)));
  }
}

TEST_CASE("adaptive and fractional max route each dout to one input: sum(dinp) = sum(dout)",
          "[family][max]") {
  for (int trial = 0; trial < 40; ++trial) {
    const bool fractional = trial % 2 == 1;
    const int dims = fractional ? static_cast<int>(uniform(2, 3)) : static_cast<int>(uniform(1, 3));
    const std::vector<int64_t> shape = random_shape(dims, 3, 9);
    PoolOptions o;
    if (fractional) {
      o = pool(PoolKind::fractional_max, dims, {uniform(1, 2)});
      for (int d = 0; d < dims; ++d) o.output_size.push_back(uniform(1, shape[2 + d] - 1));
      o.seed = static_cast<uint64_t>(trial);
    } else {
      o = adaptive(PoolKind::adaptive_max, dims, {uniform(1, 5)});
    }
    auto x = random_values(numel(shape), -2, 2);
    for (float& v : x) v = std::round(v * 2) / 2;  // many ties
    const auto y = poolgrad::pool_forward(o, shape, x.data(), x.size());
    INFO("trial " << trial << ": " << y.status.message);
    REQUIRE(y.status.ok);
    REQUIRE(y.indices.size() == y.output.size());
    const auto g = random_values(static_cast<int64_t>(y.output.size()), -1, 1);
    const auto dx =
        poolgrad::pool_backward(o, shape, g.data(), g.size(), y.indices.data(), y.indices.size());
    REQUIRE(dx.status.ok);
    CHECK(std::fabs(sum(dx.grad_input) - sum(g)) <= 1e-4);
    // Each output is its window's largest element, at its index.
    const auto w = poolgrad::pool_windows(o, shape);
    REQUIRE(w.status.ok);
    for (size_t k = 0; k + 1 < w.offsets.size(); ++k) {
      const int32_t at = y.indices[k];
      CHECK(y.output[k] == x[static_cast<size_t>(at)]);
      for (int32_t c = w.offsets[k]; c < w.offsets[k + 1]; ++c) {
        CHECK_FALSE(x[static_cast<size_t>(w.cells[static_cast<size_t>(c)])] > y.output[k]);
      }
    }
  }
}

TEST_CASE("fractional max pooling: PyTorch's interval sequence and the seeded samples",
          "[family][fractional]") {
  // generate_intervals(u = 0.5, In 10, Out 4, k 2): alpha = 8/3 = 2.6666667f;
  // int((i + 0.5) * alpha) - int(0.5 * alpha) = int(1.33) - 1, int(4) - 1, int(6.67) - 1 = 0, 3,
  // 5; the last is In - k = 8.
  for (int64_t o = 0; o < 4; ++o) {
    const int64_t expected[] = {0, 3, 5, 8};
    CHECK(poolgrad::fractional_start(0.5f, 10, 4, 2, o) == expected[o]);
  }
  // splitmix64's first output from state 0 is 0xE220A8397B1DCDAF (its reference value); the
  // sample is its top 24 bits over 2^24.
  CHECK(poolgrad::fractional_seeded_sample(0, 0) == static_cast<float>(0xE220A8) * 0x1p-24f);
  for (int64_t j = 0; j < 1000; ++j) {
    const float u = poolgrad::fractional_seeded_sample(12345, j);
    REQUIRE(u >= 0.0f);
    REQUIRE(u < 1.0f);
  }
  // 2-D reads a plane's samples as [width, height]: sample 0 decides the columns. Input
  // (1, 1, 2, 10), kernel (1, 2), output (2, 4): the width's starts are 0, 3, 5, 8 for u = 0.5
  // (above) and 0, 2, 5, 8 for u = 0 (alpha 8/3: int(2.67) = 2, int(5.33) = 5); the height's
  // are 0, 1 for any u.
  PoolOptions o = pool(PoolKind::fractional_max, 2, {1, 2});
  o.output_size = {2, 4};
  const std::vector<int64_t> shape = {1, 1, 2, 10};
  o.random_samples = {0.5f, 0.0f};  // width 0.5, height 0
  const auto w = poolgrad::pool_windows(o, shape);
  REQUIRE(w.status.ok);
  CHECK(w.cells == std::vector<int32_t>{0, 1, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19});
  o.random_samples = {0.0f, 0.5f};  // width 0, height 0.5
  CHECK(poolgrad::pool_windows(o, shape).cells ==
        std::vector<int32_t>{0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 18, 19});
  // Without samples: drawn from the seed, the same for the same seed.
  o.random_samples.clear();
  o.seed = 7;
  const auto a = poolgrad::pool_windows(o, shape);
  CHECK(poolgrad::pool_windows(o, shape).cells == a.cells);
}

TEST_CASE("LP pooling: PyTorch's composite, hand-derived", "[family][lp]") {
  SECTION("p = 1 in ceil_mode: a clipped window still multiplies by the whole kernel") {
    // x = [1, 2, 3], kernel 2, stride 2, ceil_mode: windows [1, 2] and [3] (clipped, count 1).
    // y = mean(x^1) * 2: (1+2)/2*2 = 3, 3/1*2 = 6. dy/dx: dout * K / count: 1, 1 and 2.
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    o.norm_type = 1;
    o.ceil_mode = true;
    const std::vector<float> x = {1, 2, 3};
    const auto y = poolgrad::pool_forward(o, {1, 3}, x.data(), x.size());
    REQUIRE(y.status.ok);
    CHECK(y.output == std::vector<float>{3, 6});
    const std::vector<float> g = {1, 1};
    const auto dx = poolgrad::pool_backward(o, {1, 3}, g.data(), 2, nullptr, 0, x.data(), 3);
    REQUIRE(dx.status.ok);
    CHECK(dx.grad_input == std::vector<float>{1, 1, 2});
  }
  SECTION("p = 2 with a negative input: the 2-norm and its gradient x / norm") {
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    const std::vector<float> x = {-3, 4};  // (9 + 16)/2 * 2 = 25, sqrt 5
    const auto y = poolgrad::pool_forward(o, {1, 2}, x.data(), x.size());
    CHECK(y.output == std::vector<float>{5});
    const float g = 1;
    const auto dx = poolgrad::pool_backward(o, {1, 2}, &g, 1, nullptr, 0, x.data(), 2);
    REQUIRE(dx.grad_input.size() == 2);
    CHECK(dx.grad_input[0] == Approx(-0.6));
    CHECK(dx.grad_input[1] == Approx(0.8));
  }
  SECTION("a zero window: output 0, gradient 0 (relu's), not NaN") {
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    const std::vector<float> x = {0, 0, 1, 1};
    const auto y = poolgrad::pool_forward(o, {1, 4}, x.data(), x.size());
    CHECK(y.output == std::vector<float>{0, std::sqrt(2.0f)});
    const std::vector<float> g = {1, 1};
    const auto dx = poolgrad::pool_backward(o, {1, 4}, g.data(), 2, nullptr, 0, x.data(), 4);
    CHECK(dx.grad_input[0] == 0.0f);
    CHECK(dx.grad_input[1] == 0.0f);
    CHECK(dx.grad_input[2] == Approx(1 / std::sqrt(2.0)));
  }
  SECTION("p = inf: 1/p = 0, so every output is 1 and every gradient NaN") {
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    o.norm_type = kInf;
    const std::vector<float> x = {0.5f, 2, 1, 3};
    const auto y = poolgrad::pool_forward(o, {1, 4}, x.data(), x.size());
    REQUIRE(y.status.ok);
    CHECK(y.output == std::vector<float>{1, 1});
    const std::vector<float> g = {1, 1};
    const auto dx = poolgrad::pool_backward(o, {1, 4}, g.data(), 2, nullptr, 0, x.data(), 4);
    for (float v : dx.grad_input) CHECK(std::isnan(v));
  }
  SECTION("a fractional p of a negative input is NaN") {
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    o.norm_type = 1.5;
    const std::vector<float> x = {-1, 2};
    CHECK(std::isnan(poolgrad::pool_forward(o, {1, 2}, x.data(), 2).output[0]));
  }
  SECTION("K = prod(kernel_size) past int64: a ceil_mode window longer than the input") {
    // lp_pool3d of one element 1, kernel_size 2^24 on each axis (stride 2^24, ceil_mode: one
    // window): y = (1^2 / 1 * 2^72)^(1/2) = 2^36. The int64 product overflowed (fuzz, UBSan).
    PoolOptions o = pool(PoolKind::lp, 3, {int64_t{1} << 24});
    o.ceil_mode = true;
    const float x = 1;
    const auto y = poolgrad::pool_forward(o, {1, 1, 1, 1}, &x, 1);
    REQUIRE(y.status.ok);
    REQUIRE(y.output.size() == 1);
    CHECK(y.output[0] == 0x1p36f);
  }
  SECTION("backward needs the forward's input") {
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    const float g = 1;
    const auto dx = poolgrad::pool_backward(o, {1, 2}, &g, 1, nullptr, 0, nullptr, 0);
    CHECK(dx.status.param == "input");
    CHECK(dx.status.code == "bad_length");
  }
}

TEST_CASE("LP pooling on positive inputs: backward is forward's derivative", "[family][lp]") {
  const double ps[] = {1, 1.5, 2, 3, 0.5};
  for (int trial = 0; trial < 15; ++trial) {
    const int dims = static_cast<int>(uniform(1, 3));
    const std::vector<int64_t> shape = random_shape(dims, 2, 6);
    PoolOptions o = pool(PoolKind::lp, dims, {uniform(1, 2)});
    o.stride = {uniform(1, 2)};
    o.ceil_mode = uniform(0, 1) == 1;
    o.norm_type = ps[trial % 5];
    const auto x = random_values(numel(shape), 0.5f, 2.0f);
    const auto y = poolgrad::pool_forward(o, shape, x.data(), x.size());
    INFO("trial " << trial << " p " << o.norm_type << ": " << y.status.message);
    REQUIRE(y.status.ok);
    const auto g = random_values(static_cast<int64_t>(y.output.size()), -1, 1);
    const auto dx =
        poolgrad::pool_backward(o, shape, g.data(), g.size(), nullptr, 0, x.data(), x.size());
    REQUIRE(dx.status.ok);
    const float h = 1e-2f;
    for (size_t i = 0; i < x.size(); i += 1 + x.size() / 8) {
      auto xp = x, xm = x;
      xp[i] += h;
      xm[i] -= h;
      const double lp = dot(poolgrad::pool_forward(o, shape, xp.data(), xp.size()).output, g);
      const double lm = dot(poolgrad::pool_forward(o, shape, xm.data(), xm.size()).output, g);
      const double numeric = (lp - lm) / (2 * static_cast<double>(h));
      INFO("element " << i);
      CHECK(std::fabs(numeric - dx.grad_input[i]) <= 5e-3 + 5e-3 * std::fabs(numeric));
    }
  }
}

TEST_CASE("max unpooling: scatter to the indices; backward its adjoint (a gather)",
          "[family][unpool]") {
  // max_pool1d of [1, 5, 2, 0, 7, 3] (kernel 2) gives [5, 2, 7] at [1, 2, 4]; unpooling puts
  // them back there: [0, 5, 2, 0, 7, 0] (default size (3 - 1) * 2 + 2 = 6).
  const PoolOptions o = pool(PoolKind::max_unpool, 1, {2});
  const std::vector<float> x = {5, 2, 7};
  const std::vector<int32_t> at = {1, 2, 4};
  const auto y = poolgrad::pool_forward(o, {1, 3}, x.data(), 3, at.data(), 3);
  REQUIRE(y.status.ok);
  CHECK(y.output == std::vector<float>{0, 5, 2, 0, 7, 0});
  const std::vector<float> g = {10, 11, 12, 13, 14, 15};
  const auto dx = poolgrad::pool_backward(o, {1, 3}, g.data(), 6, at.data(), 3);
  CHECK(dx.grad_input == std::vector<float>{11, 12, 14});
  // Routing counts live in the output's shape; the windows are each input's one cell.
  const std::vector<int32_t> shared = {0, 3, 3};
  const auto r = poolgrad::pool_routing_counts(o, {1, 3}, x.data(), 3, shared.data(), 3);
  CHECK(r.counts == std::vector<int32_t>{1, 0, 0, 2, 0, 0});
  const auto w = poolgrad::pool_windows(o, {1, 3}, shared.data(), 3);
  CHECK(w.offsets == std::vector<int32_t>{0, 1, 2, 3});
  CHECK(w.cells == std::vector<int32_t>{0, 3, 3});
  // The later of two inputs sharing a cell stays (PyTorch's CPU order).
  CHECK(poolgrad::pool_forward(o, {1, 3}, x.data(), 3, shared.data(), 3).output ==
        std::vector<float>{5, 0, 0, 7, 0, 0});

  for (int trial = 0; trial < 20; ++trial) {
    const int dims = static_cast<int>(uniform(1, 3));
    const std::vector<int64_t> shape = random_shape(dims, 1, 4);
    PoolOptions u = pool(PoolKind::max_unpool, dims, {uniform(1, 3)});
    u.stride = {uniform(1, 3)};
    const auto sizes = poolgrad::pool_output_shape(u, shape);
    REQUIRE(sizes.status.ok);
    // Distinct random cells in each plane (the adjoint holds where no two inputs share one).
    const int64_t planes = shape[0] * shape[1];
    const int64_t in_plane = numel(shape) / planes;
    const int64_t out_plane = numel(sizes.output_shape) / planes;
    if (out_plane < in_plane) continue;
    std::vector<int32_t> idx;
    for (int64_t p = 0; p < planes; ++p) {
      std::vector<int32_t> cells(static_cast<size_t>(out_plane));
      for (int64_t c = 0; c < out_plane; ++c)
        cells[static_cast<size_t>(c)] = static_cast<int32_t>(c);
      std::shuffle(cells.begin(), cells.end(), rng);
      idx.insert(idx.end(), cells.begin(), cells.begin() + in_plane);
    }
    const auto xs = random_values(numel(shape), -1, 1);
    const auto ys = poolgrad::pool_forward(u, shape, xs.data(), xs.size(), idx.data(), idx.size());
    REQUIRE(ys.status.ok);
    const auto gs = random_values(static_cast<int64_t>(ys.output.size()), -1, 1);
    const auto ds = poolgrad::pool_backward(u, shape, gs.data(), gs.size(), idx.data(), idx.size());
    REQUIRE(ds.status.ok);
    // Each term of one side is one term of the other: equal up to summation order.
    CHECK(std::fabs(dot(ys.output, gs) - dot(xs, ds.grad_input)) <= 1e-9);
    CHECK(std::fabs(sum(ys.output) - sum(xs)) <= 1e-9);
  }
}

TEST_CASE("the family's validation rules: each names its parameter and code",
          "[family][validation]") {
  const std::vector<int64_t> s1 = {1, 8}, s2 = {1, 1, 8, 8}, s3 = {1, 1, 4, 4, 4};
  SECTION("adaptive: output_size required, >= 1 or -1, one or one per dimension") {
    CHECK_REJECTED(adaptive(PoolKind::adaptive_avg, 2, {}), s2, "output_size", "required");
    CHECK_REJECTED(adaptive(PoolKind::adaptive_max, 1, {0}), s1, "output_size", "out_of_range");
    CHECK_REJECTED(adaptive(PoolKind::adaptive_max, 2, {3, -2}), s2, "output_size", "out_of_range");
    CHECK_REJECTED(adaptive(PoolKind::adaptive_avg, 3, {2, 2}), s3, "output_size",
                   "bad_list_length");
    CHECK_REJECTED(adaptive(PoolKind::adaptive_avg, 1, {poolgrad::kMaxElements + 1}), s1,
                   "output_size", "too_large");
    CHECK_REJECTED(adaptive(PoolKind::adaptive_avg, 2, {2}), s1, "input", "bad_rank");
  }
  SECTION("adaptive: windows as long as the input count as work") {
    // Depth 2^16 pooled to 1, height and width 1 expanded to 2^7 x 2^7: 2^14 windows of 2^16
    // elements each, 2^30 taps... and one more window row exceeds the cap.
    PoolOptions o = adaptive(PoolKind::adaptive_avg, 3, {1, 128, 129});
    CHECK_REJECTED(o, (std::vector<int64_t>{1, 65536, 1, 1}), "output_size", "too_much_work");
    o.output_size = {1, 128, 128};
    PoolGeometry g;
    CHECK(poolgrad::validate(o, {1, 65536, 1, 1}, &g).ok);  // exactly 2^30
  }
  SECTION("lp: norm_type not 0 or NaN; inf and negative p are PyTorch's formula") {
    PoolOptions o = pool(PoolKind::lp, 1, {2});
    o.norm_type = 0;
    CHECK_REJECTED(o, s1, "norm_type", "out_of_range");
    o.norm_type = std::nan("");
    CHECK_REJECTED(o, s1, "norm_type", "out_of_range");
    PoolGeometry g;
    o.norm_type = kInf;
    CHECK(poolgrad::validate(o, s1, &g).ok);
    o.norm_type = -1;
    CHECK(poolgrad::validate(o, s1, &g).ok);
    o.norm_type = 2;
    o.kernel_size = {9};
    CHECK_REJECTED(o, s1, "kernel_size", "output_too_small");
  }
  SECTION("max_unpool: output_size strictly within the stride of the default, not empty") {
    PoolOptions o = pool(PoolKind::max_unpool, 1, {2});  // default (8 - 1) * 2 + 2 = 16
    o.output_size = {17};
    PoolGeometry g;
    CHECK(poolgrad::validate(o, s1, &g).ok);
    CHECK(g.out[2] == 17);
    o.output_size = {1, 1, 15};  // PyTorch's (N, C, L) form
    CHECK(poolgrad::validate(o, s1, &g).ok);
    CHECK(g.out[2] == 15);
    o.output_size = {18};
    CHECK_REJECTED(o, s1, "output_size", "out_of_range");
    o.output_size = {14};
    CHECK_REJECTED(o, s1, "output_size", "out_of_range");
    o.output_size = {0};
    o.kernel_size = {1};
    o.stride = {2};  // default (1 - 1) * 2 + 1 = 1, range (-1, 3): 0 is inside, but empty
    CHECK_REJECTED(o, (std::vector<int64_t>{1, 1}), "output_size", "out_of_range");
    PoolOptions p = pool(PoolKind::max_unpool, 1, {1});
    p.padding = {1};  // (1 - 1) * 1 - 2 + 1 = -1
    CHECK_REJECTED(p, (std::vector<int64_t>{1, 1}), "padding", "output_too_small");
  }
  SECTION("max_unpool: every index inside its own output plane") {
    const PoolOptions o = pool(PoolKind::max_unpool, 1, {2});  // (1, 2) -> (1, 4)
    const std::vector<float> x = {1, 2};
    for (const std::vector<int32_t>& bad :
         {std::vector<int32_t>{0, 4}, std::vector<int32_t>{-1, 2}}) {
      const auto f = poolgrad::pool_forward(o, {1, 2}, x.data(), 2, bad.data(), 2);
      CHECK(f.status.param == "indices");
      CHECK(f.status.code == "bad_index");
      CHECK(f.output.empty());
      const std::vector<float> g(4, 1.0f);
      CHECK(poolgrad::pool_backward(o, {1, 2}, g.data(), 4, bad.data(), 2).status.code ==
            "bad_index");
    }
    // Two planes: index 3 is inside plane 1's own four cells, 4 would be outside it.
    const std::vector<float> x2 = {1, 2, 3, 4};
    const std::vector<int32_t> ok = {0, 3, 3, 0};
    CHECK(poolgrad::pool_forward(o, {2, 2}, x2.data(), 4, ok.data(), 4).output ==
          std::vector<float>{1, 0, 0, 2, 4, 0, 0, 3});
    const std::vector<int32_t> short_list = {0};
    CHECK(poolgrad::pool_forward(o, {1, 2}, x.data(), 2, short_list.data(), 1).status.code ==
          "bad_length");
  }
  SECTION("fractional: 2-D/3-D, one of output_size/output_ratio, the fit, the samples") {
    PoolOptions o = pool(PoolKind::fractional_max, 2, {2});
    CHECK_REJECTED(o, s2, "output_size", "required");
    o.output_size = {4};
    o.output_ratio = {0.5};
    CHECK_REJECTED(o, s2, "output_size", "conflict");
    o.output_size.clear();
    for (double r : {0.0, 1.0, -0.5, std::nan("")}) {
      o.output_ratio = {r};
      CHECK_REJECTED(o, s2, "output_ratio", "out_of_range");
    }
    o.output_ratio = {0.5, 0.7};  // int(8 * 0.5) = 4, int(8 * 0.7) = 5
    PoolGeometry g;
    REQUIRE(poolgrad::validate(o, s2, &g).ok);
    CHECK(g.out[1] == 4);
    CHECK(g.out[2] == 5);
    o.output_ratio.clear();
    o.output_size = {7, 6};  // 7 + 2 - 1 = 8 fits 8; 3-D's equality too (rule B)
    CHECK(poolgrad::validate(o, s2, &g).ok);
    o.output_size = {8, 6};
    CHECK_REJECTED(o, s2, "output_size", "out_of_range");
    o.output_size = {0, 6};
    CHECK_REJECTED(o, s2, "output_size", "out_of_range");
    o.output_size = {4};
    o.random_samples = {0.5f};
    CHECK_REJECTED(o, s2, "random_samples", "bad_length");  // needs N * C * 2 = 2
    o.random_samples = {0.5f, 1.0f};
    CHECK_REJECTED(o, s2, "random_samples", "out_of_range");
    o.random_samples = {0.5f, -0.25f};
    CHECK_REJECTED(o, s2, "random_samples", "out_of_range");
    o.random_samples = {0.0f, 0.999f};
    CHECK(poolgrad::validate(o, s2, &g).ok);
    PoolOptions one_d = pool(PoolKind::fractional_max, 1, {2});
    one_d.output_size = {2};
    CHECK_REJECTED(one_d, s1, "dims", "out_of_range");
  }
}
