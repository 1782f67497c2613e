// Properties that need no oracle, on random small problems (fixed seed) across 1-D/2-D/3-D with
// padding, dilation, ceil_mode, count_include_pad and divisor_override:
//   - backward is the derivative of forward (central finite differences);
//   - average pooling is linear, so <forward(x), g> = <x, backward(g)> (the adjoint identity);
//   - max pooling routes each dout to one input: sum(dinp) = sum(dout) over non-empty windows;
//   - the routing counts are what backward sends for dout = 1 (max) or dout = B_c (avg).
// Plus empty max windows (padding only, via dilation), derived by hand.
// Every kernel writes into NaN-poisoned buffers, so an element it skips shows up.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "avg_pool.h"
#include "float_bits.h"
#include "max_pool.h"
#include "pool_api.h"
#include "pool_options.h"

using poolgrad::PoolGeometry;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

constexpr int kProblemsPerOp = 20;

struct Problem {
  PoolOptions options;
  std::vector<int64_t> shape;
  PoolGeometry g;
};

// What INFO prints when a property fails, enough to rebuild the problem.
std::string describe(const Problem& p) {
  const PoolOptions& o = p.options;
  std::string text = std::string(o.kind == PoolKind::max ? "max" : "avg") + "_pool" +
                     std::to_string(o.dims) + "d input " + list_text(p.shape) + " kernel_size " +
                     list_text(o.kernel_size) + " stride " + list_text(o.stride) + " padding " +
                     list_text(o.padding) + " dilation " + list_text(o.dilation) +
                     (o.ceil_mode ? " ceil_mode" : "");
  if (o.kind == PoolKind::avg) {
    text += o.count_include_pad ? " count_include_pad" : " exclude_pad";
    if (o.divisor_override) text += " divisor_override " + std::to_string(*o.divisor_override);
  }
  return text;
}

int64_t pick(std::mt19937& rng, int64_t low, int64_t high) {
  return std::uniform_int_distribution<int64_t>(low, high)(rng);
}

// A random valid problem, small enough for finite differences over every input element.
Problem random_problem(std::mt19937& rng, PoolKind kind, int dims) {
  const int64_t max_in = dims == 1 ? 9 : dims == 2 ? 6 : 4;
  for (;;) {
    Problem p;
    PoolOptions& o = p.options;
    o.kind = kind;
    o.dims = dims;
    if (pick(rng, 0, 1)) p.shape.push_back(pick(rng, 1, 2));  // batched
    p.shape.push_back(pick(rng, 1, 2));                       // channels
    for (int d = 0; d < dims; ++d) {
      const int64_t k = pick(rng, 1, 3);
      const int64_t dilation = kind == PoolKind::max ? pick(rng, 1, 3) : 1;
      o.kernel_size.push_back(k);
      o.stride.push_back(pick(rng, 1, 3));
      o.dilation.push_back(dilation);
      o.padding.push_back(pick(rng, 0, ((k - 1) * dilation + 1) / 2));
      p.shape.push_back(pick(rng, 1, max_in));
    }
    o.ceil_mode = pick(rng, 0, 1) == 1;
    if (kind == PoolKind::avg) {
      o.count_include_pad = pick(rng, 0, 1) == 1;
      const int64_t divisors[] = {-3, 1, 2, 5};
      if (pick(rng, 0, 3) == 0) o.divisor_override = divisors[pick(rng, 0, 3)];
    }
    if (poolgrad::validate(o, p.shape, &p.g).ok) return p;
  }
}

size_t numel(int64_t n) { return static_cast<size_t>(n); }

struct Forward {
  std::vector<float> out;
  std::vector<int32_t> indices;  // max only
};

// The kernels on poisoned buffers; the callers check that no poison survives.
Forward forward(const PoolGeometry& g, const std::vector<float>& x) {
  Forward f;
  f.out.assign(numel(g.output_numel()), kNaN);
  if (g.kind == PoolKind::max) {
    f.indices.assign(f.out.size(), kPoisonIndex);
    poolgrad::max_pool_forward(f.out.data(), f.indices.data(), x.data(), g);
  } else {
    poolgrad::avg_pool_forward(f.out.data(), x.data(), g);
  }
  return f;
}

std::vector<float> backward(const PoolGeometry& g, const std::vector<float>& dout,
                            const std::vector<int32_t>& indices) {
  std::vector<float> dinp(numel(g.input_numel()), kNaN);
  if (g.kind == PoolKind::max) {
    REQUIRE(poolgrad::validate_indices(indices.data(), g.output_numel(), g).ok);
    poolgrad::max_pool_backward(dinp.data(), dout.data(), indices.data(), g);
  } else {
    poolgrad::avg_pool_backward(dinp.data(), dout.data(), g);
  }
  return dinp;
}

std::vector<float> uniform(std::mt19937& rng, size_t n, float low, float high) {
  std::uniform_real_distribution<float> dist(low, high);
  std::vector<float> values(n);
  for (float& v : values) v = dist(rng);
  return values;
}

// Distinct values 1 apart (a shuffled ramp): a nudge of less than 1/2 never changes a winner,
// so max pooling is linear around them and finite differences are exact.
std::vector<float> distinct(std::mt19937& rng, size_t n) {
  std::vector<float> values(n);
  std::iota(values.begin(), values.end(), -static_cast<float>(n / 2));
  std::shuffle(values.begin(), values.end(), rng);
  return values;
}

// A finite input gives finite outputs, except -inf exactly where a max window is empty.
void check_forward_written(const PoolGeometry& g, const Forward& f) {
  for (size_t o = 0; o < f.out.size(); ++o) {
    INFO("output[" << o << "]");
    if (g.kind == PoolKind::max) {
      CHECK(f.indices[o] != kPoisonIndex);
      CHECK((f.indices[o] == -1) == (f.out[o] == -kInf));
      if (f.indices[o] != -1) CHECK(std::isfinite(f.out[o]));
    } else {
      CHECK(std::isfinite(f.out[o]));
    }
  }
}

// loss(x) = sum of dout * forward(x); an empty max window's constant -inf is left out (it does
// not depend on x and gets no gradient).
double loss(const PoolGeometry& g, const std::vector<float>& x, const std::vector<float>& dout) {
  const Forward f = forward(g, x);
  double sum = 0.0;
  for (size_t o = 0; o < f.out.size(); ++o) {
    if (g.kind == PoolKind::max && f.indices[o] == -1) continue;
    sum += static_cast<double>(dout[o]) * static_cast<double>(f.out[o]);
  }
  return sum;
}

void check_finite_differences(std::mt19937& rng, PoolKind kind, int dims) {
  const Problem p = random_problem(rng, kind, dims);
  INFO(describe(p));
  const PoolGeometry& g = p.g;
  const bool is_max = kind == PoolKind::max;
  const std::vector<float> x =
      is_max ? distinct(rng, numel(g.input_numel())) : uniform(rng, numel(g.input_numel()), -1, 1);
  const std::vector<float> dout = uniform(rng, numel(g.output_numel()), -1, 1);
  const Forward f = forward(g, x);
  check_forward_written(g, f);
  const std::vector<float> dinp = backward(g, dout, f.indices);

  // h = 1/4 is exact in float and below half the gap of the max inputs. Averages round each
  // output once (~6e-8 relative), which the margin absorbs.
  const float h = 0.25f;
  const double margin = is_max ? 1e-5 : 1e-4;
  for (size_t i = 0; i < x.size(); ++i) {
    std::vector<float> plus = x, minus = x;
    plus[i] += h;
    minus[i] -= h;
    const double numeric = (loss(g, plus, dout) - loss(g, minus, dout)) / (2.0 * h);
    INFO("dinp[" << i << "] = " << dinp[i] << ", finite difference " << numeric);
    CHECK(static_cast<double>(dinp[i]) == Approx(numeric).margin(margin));
  }
}

}  // namespace

TEST_CASE("backward matches central finite differences", "[properties]") {
  std::mt19937 rng(20261126);
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (int i = 0; i < kProblemsPerOp; ++i) check_finite_differences(rng, kind, dims);
    }
  }
}

TEST_CASE("the random problems exercise every parameter", "[properties]") {
  // Guards the generator: a property that only ever saw stride 1 and no padding proves little.
  std::mt19937 rng(7);
  int padded = 0, dilated = 0, strided = 0, ceil = 0, exclude_pad = 0, overridden = 0;
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (int i = 0; i < kProblemsPerOp; ++i) {
        const Problem p = random_problem(rng, kind, dims);
        for (int a = 0; a < poolgrad::kMaxDims; ++a) {
          padded += p.g.padding[a] > 0;
          dilated += p.g.dilation[a] > 1;
          strided += p.g.stride[a] > 1;
        }
        ceil += p.g.ceil_mode;
        exclude_pad += kind == PoolKind::avg && !p.g.count_include_pad;
        overridden += p.g.divisor_override.has_value();
      }
    }
  }
  CHECK(padded > 10);
  CHECK(dilated > 10);
  CHECK(strided > 10);
  CHECK(ceil > 10);
  CHECK(exclude_pad > 5);
  CHECK(overridden > 5);
}

TEST_CASE("average pooling: <forward(x), g> = <x, backward(g)>", "[properties]") {
  std::mt19937 rng(11);
  for (int dims = 1; dims <= 3; ++dims) {
    for (int i = 0; i < 3 * kProblemsPerOp; ++i) {
      const Problem p = random_problem(rng, PoolKind::avg, dims);
      INFO(describe(p));
      const std::vector<float> x = uniform(rng, numel(p.g.input_numel()), -2, 2);
      const std::vector<float> dout = uniform(rng, numel(p.g.output_numel()), -2, 2);
      const Forward f = forward(p.g, x);
      check_forward_written(p.g, f);
      const std::vector<float> dinp = backward(p.g, dout, {});
      double lhs = 0, rhs = 0, scale = 0;
      for (size_t o = 0; o < dout.size(); ++o) {
        lhs += static_cast<double>(f.out[o]) * dout[o];
        scale += std::fabs(static_cast<double>(f.out[o]) * dout[o]);
      }
      for (size_t j = 0; j < x.size(); ++j) {
        rhs += static_cast<double>(x[j]) * dinp[j];
        scale += std::fabs(static_cast<double>(x[j]) * dinp[j]);
      }
      CHECK(lhs == Approx(rhs).margin(1e-6 + 1e-5 * scale));
    }
  }
}

TEST_CASE("max pooling: sum(dinp) = sum(dout) over non-empty windows", "[properties]") {
  std::mt19937 rng(13);
  int without_empty = 0;
  for (int dims = 1; dims <= 3; ++dims) {
    for (int i = 0; i < 3 * kProblemsPerOp; ++i) {
      const Problem p = random_problem(rng, PoolKind::max, dims);
      INFO(describe(p));
      // Ties, NaN and infinities change who wins, never that exactly one input wins.
      std::vector<float> x = uniform(rng, numel(p.g.input_numel()), -3, 3);
      for (float& v : x) {
        const int64_t kind = pick(rng, 0, 9);
        if (kind == 0) v = kNaN;
        if (kind == 1) v = std::round(v);
        if (kind == 2) v = pick(rng, 0, 1) ? kInf : -kInf;
      }
      const std::vector<float> dout = uniform(rng, numel(p.g.output_numel()), -1, 1);
      const Forward f = forward(p.g, x);
      const std::vector<float> dinp = backward(p.g, dout, f.indices);
      double routed = 0, scale = 0, received = 0;
      bool any_empty = false;
      for (size_t o = 0; o < dout.size(); ++o) {
        REQUIRE(f.indices[o] != kPoisonIndex);
        if (f.indices[o] == -1) {
          any_empty = true;
          CHECK(f.out[o] == -kInf);
          continue;
        }
        routed += dout[o];
        scale += std::fabs(dout[o]);
      }
      for (float v : dinp) received += v;
      without_empty += !any_empty;
      CHECK(received == Approx(routed).margin(1e-6 + 1e-5 * scale));
    }
  }
  CHECK(without_empty > kProblemsPerOp);
}

TEST_CASE("routing counts are the gradient of dout = 1 (max) or dout = B_c (avg)", "[properties]") {
  std::mt19937 rng(17);
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (int i = 0; i < kProblemsPerOp; ++i) {
        const Problem p = random_problem(rng, kind, dims);
        INFO(describe(p));
        const std::vector<float> x = uniform(rng, numel(p.g.input_numel()), -1, 1);
        const auto routing = poolgrad::pool_routing_counts(p.options, p.shape, x.data(), x.size());
        REQUIRE(routing.status.ok);
        CHECK(routing.windows_per_plane == p.g.out_plane());
        const Forward f = forward(p.g, x);
        // dout = B_c makes each share exactly 1, so dinp counts the windows covering an element.
        std::vector<float> dout(numel(p.g.output_numel()), 1.0f);
        if (kind == PoolKind::avg) {
          REQUIRE(routing.divisors.size() == numel(p.g.out_plane()));
          for (size_t o = 0; o < dout.size(); ++o) {
            dout[o] = routing.divisors[o % routing.divisors.size()];
          }
        }
        const std::vector<float> dinp = backward(p.g, dout, f.indices);
        REQUIRE(routing.counts.size() == dinp.size());
        for (size_t j = 0; j < dinp.size(); ++j) {
          INFO("element " << j);
          CHECK(dinp[j] == static_cast<float>(routing.counts[j]));
        }
      }
    }
  }
}

TEST_CASE("pool_windows agrees with the kernels: max picks from it, avg averages it",
          "[properties]") {
  std::mt19937 rng(19);
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (int i = 0; i < kProblemsPerOp; ++i) {
        const Problem p = random_problem(rng, kind, dims);
        INFO(describe(p));
        const auto windows = poolgrad::pool_windows(p.options, p.shape);
        REQUIRE(windows.status.ok);
        REQUIRE(windows.offsets.size() == numel(p.g.out_plane() + 1));
        // Distinct values: the winner is the plain argmax of the listed cells (-1 if none).
        const std::vector<float> x = distinct(rng, numel(p.g.input_numel()));
        const Forward f = forward(p.g, x);
        const auto routing = poolgrad::pool_routing_counts(p.options, p.shape, x.data(), x.size());
        REQUIRE(routing.status.ok);
        const int64_t in_plane = p.g.in_plane();
        const int64_t out_plane = p.g.out_plane();
        std::vector<int32_t> covering(numel(in_plane), 0);
        for (int64_t o = 0; o < out_plane; ++o) {
          const size_t begin = static_cast<size_t>(windows.offsets[numel(o)]);
          const size_t end = static_cast<size_t>(windows.offsets[numel(o) + 1]);
          for (size_t t = begin; t < end; ++t) ++covering[static_cast<size_t>(windows.cells[t])];
          for (int64_t plane = 0; plane < p.g.planes(); ++plane) {
            const float* xp = x.data() + plane * in_plane;
            const size_t out_index = numel(plane * out_plane + o);
            INFO("plane " << plane << ", window " << o);
            if (kind == PoolKind::max) {
              int32_t winner = -1;
              for (size_t t = begin; t < end; ++t) {
                if (winner < 0 || xp[windows.cells[t]] > xp[winner]) winner = windows.cells[t];
              }
              CHECK(f.indices[out_index] == winner);
            } else {
              double sum = 0;
              for (size_t t = begin; t < end; ++t) sum += xp[windows.cells[t]];
              const double divisor = routing.divisors[numel(o)];
              CHECK(f.out[out_index] == Approx(sum / divisor).margin(1e-5));
            }
          }
        }
        if (kind == PoolKind::avg) {  // avg's counts are exactly the coverage of one plane
          for (size_t j = 0; j < routing.counts.size(); ++j) {
            CHECK(routing.counts[j] == covering[j % covering.size()]);
          }
        }
      }
    }
  }
}

// 1-D, input 3, kernel 2, dilation 5, padding 3, stride 1 (padding 3 = (1*5+1)/2 is allowed).
// Windows start at -3, -2, -1, 0 and tap start and start+5:
//   -3: taps -3, 2 -> element 2     -2: taps -2, 3 -> none (padding only)
//   -1: taps -1, 4 -> none          0: taps 0, 5 -> element 0
TEST_CASE("max pooling: a window of padding only gives -inf, index -1, no gradient",
          "[properties]") {
  PoolOptions o;
  o.kind = PoolKind::max;
  o.dims = 1;
  o.kernel_size = {2};
  o.stride = {1};
  o.padding = {3};
  o.dilation = {5};
  const std::vector<int64_t> shape = {2, 1, 3};  // two (N, C) planes: a stray index would show
  const std::vector<float> x = {1, 5, 3, 7, 8, 9};
  PoolGeometry g;
  REQUIRE(poolgrad::validate(o, shape, &g).ok);
  REQUIRE(g.out_plane() == 4);

  const Forward f = forward(g, x);
  CHECK(f.out == std::vector<float>{3, -kInf, -kInf, 1, 9, -kInf, -kInf, 7});
  CHECK(f.indices == std::vector<int32_t>{2, -1, -1, 0, 2, -1, -1, 0});

  const std::vector<float> dout = {1, 2, 3, 4, 10, 20, 30, 40};
  CHECK(backward(g, dout, f.indices) == std::vector<float>{4, 0, 1, 40, 0, 10});

  const auto api = poolgrad::pool_forward(o, shape, x.data(), x.size());
  REQUIRE(api.status.ok);
  CHECK(api.indices == f.indices);
  const auto routing = poolgrad::pool_routing_counts(o, shape, x.data(), x.size());
  REQUIRE(routing.status.ok);
  CHECK(routing.counts == std::vector<int32_t>{1, 0, 1, 1, 0, 1});
  const auto windows = poolgrad::pool_windows(o, shape);
  REQUIRE(windows.status.ok);
  CHECK(windows.offsets == std::vector<int32_t>{0, 1, 1, 1, 2});  // two windows list nothing
  CHECK(windows.cells == std::vector<int32_t>{2, 0});

  // Input 2, kernel 2, dilation 3, padding 1: the only window taps -1 and 2, both padding.
  o.dilation = {3};
  o.padding = {1};
  const std::vector<float> pair = {-kInf, 6};
  const auto lone = poolgrad::pool_forward(o, {1, 2}, pair.data(), pair.size());
  REQUIRE(lone.status.ok);
  CHECK(lone.output == std::vector<float>{-kInf});
  CHECK(lone.indices == std::vector<int32_t>{-1});
  const float g5 = 5;
  const auto grad = poolgrad::pool_backward(o, {1, 2}, &g5, 1, lone.indices.data(), 1);
  REQUIRE(grad.status.ok);
  CHECK(grad.grad_input == std::vector<float>{0, 0});
}

// PyTorch's max rule (aten/src/ATen/native/cpu/MaxPoolKernel.cpp), on hand inputs.
TEST_CASE("max pooling: first maximum wins a tie, the last NaN wins, -inf is a real value",
          "[properties]") {
  PoolOptions o;
  o.kind = PoolKind::max;
  o.dims = 1;
  o.kernel_size = {4};
  const std::vector<float> x = {2, 5, 5, 1, kNaN, 1, kNaN, 3, -kInf, -kInf, -kInf, -kInf};
  const auto r = poolgrad::pool_forward(o, {1, 12}, x.data(), x.size());
  REQUIRE(r.status.ok);
  REQUIRE(r.output.size() == 3);
  CHECK(r.output[0] == 5);
  CHECK(r.indices[0] == 1);
  CHECK(std::isnan(r.output[1]));
  CHECK(r.indices[1] == 6);
  CHECK(r.output[2] == -kInf);
  CHECK(r.indices[2] == 8);  // an element equal to -inf still wins: only padding is never a value
}
