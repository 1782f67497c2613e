// The fast paths (cpp/fast/) against the plain kernels that specify them, element for element,
// on random problems (fixed seed) over 1-D/2-D/3-D, batched and unbatched, every common and odd
// kernel/stride pair, stride < kernel, padding, ceil_mode overhangs, count_include_pad and
// divisor_override, with data full of ties, NaN, +-inf, -0 and empty windows (dilation, which
// the plain path serves). Max outputs and indices must be identical bit for bit, gradients too
// (they add the same numbers in the same order); average outputs within 1 ulp (see
// avg_pool_fast.h). Every output is poisoned before a call, so an element no path writes fails.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "fast/avg_pool_fast.h"
#include "fast/max_pool_fast.h"
#include "float_bits.h"
#include "pool_api.h"

using poolgrad::KernelPath;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

struct Problem {
  PoolOptions options;
  std::vector<int64_t> shape;
  std::string data_kind;

  std::string describe() const {
    const PoolOptions& o = options;
    std::string text = std::string(o.kind == PoolKind::max ? "max" : "avg") + "_pool" +
                       std::to_string(o.dims) + "d input " + list_text(shape) + " kernel_size " +
                       list_text(o.kernel_size) + " stride " + list_text(o.stride) + " padding " +
                       list_text(o.padding) + " dilation " + list_text(o.dilation) +
                       (o.ceil_mode ? " ceil_mode" : "") + " data " + data_kind;
    if (o.kind == PoolKind::avg) {
      text += o.count_include_pad ? " count_include_pad" : " exclude_pad";
      if (o.divisor_override) text += " divisor_override " + std::to_string(*o.divisor_override);
    }
    return text;
  }
};

// Runs f with the plain kernels forced, restoring the fast path after.
template <typename F>
auto plain(F f) {
  poolgrad::set_kernel_path(KernelPath::plain);
  auto r = f();
  poolgrad::set_kernel_path(KernelPath::fast);
  return r;
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  int64_t uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  // A valid problem, most of the time (the caller skips the ones the core rejects).
  Problem problem(PoolKind kind) {
    Problem p;
    PoolOptions& o = p.options;
    o.kind = kind;
    o.dims = static_cast<int>(uniform(1, 3));
    const int64_t pairs[][2] = {{2, 2}, {3, 2}, {3, 1}, {2, 1}, {1, 1}, {4, 4},
                                {3, 3}, {5, 3}, {4, 2}, {2, 3}, {1, 2}, {4, 1}};
    for (int a = 0; a < o.dims; ++a) {
      const auto& pair = pairs[uniform(0, 11)];
      const int64_t k = chance(0.85) ? pair[0] : uniform(1, 6);
      const int64_t s = chance(0.85) ? pair[1] : uniform(1, 6);
      o.kernel_size.push_back(k);
      o.stride.push_back(s);
      o.padding.push_back(chance(0.5) ? uniform(0, k / 2) : 0);
      o.dilation.push_back(kind == PoolKind::max && chance(0.1) ? 2 : 1);
    }
    o.ceil_mode = chance(0.4);
    o.count_include_pad = chance(0.5);
    if (kind == PoolKind::avg && chance(0.15))
      o.divisor_override = chance(0.5) ? uniform(1, 9) : -3;
    if (chance(0.7)) p.shape.push_back(uniform(0, 3) == 0 ? 1 : uniform(1, 3));  // N
    p.shape.push_back(uniform(1, 3));                                            // C
    // Widths long enough for the vector loops, and odd ones for their remainders.
    const int64_t widest = o.dims == 1 ? 90 : o.dims == 2 ? 40 : 14;
    for (int a = 0; a < o.dims; ++a) {
      p.shape.push_back(a == o.dims - 1 ? uniform(1, widest) : uniform(1, o.dims == 3 ? 8 : 20));
    }
    return p;
  }

  std::vector<float> data(size_t n, std::string* kind) {
    std::vector<float> x(n);
    const int64_t pick = uniform(0, 5);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& v : x) v = u(rng_);
    if (pick == 0) {
      *kind = "uniform";
    } else if (pick == 1) {
      *kind = "ties";  // small integers: equal maxima in most windows, and -0 beside +0
      for (float& v : x) v = static_cast<float>(uniform(-2, 2)) * (chance(0.2) ? -0.0f : 1.0f);
    } else if (pick == 2) {
      *kind = "special";  // NaN in some planes, +-inf, -0
      for (float& v : x) {
        const int64_t r = uniform(0, 40);
        if (r == 0) v = kNaN;
        if (r == 1) v = kInf;
        if (r == 2) v = -kInf;
        if (r == 3) v = -0.0f;
      }
    } else if (pick == 3) {
      *kind = "minus-inf";  // whole windows of -inf: the first -inf must win
      for (float& v : x) v = chance(0.7) ? -kInf : v;
    } else if (pick == 4) {
      *kind = "infinities";  // +inf and -inf, no NaN: the fast path must take these planes
      for (float& v : x) v = chance(0.3) ? (chance(0.5) ? kInf : -kInf) : v;
    } else {
      *kind = "equal";
      for (float& v : x) v = 0.5f;
    }
    return x;
  }

  std::mt19937 rng_;
};

void check_problem(Generator& gen, const Problem& base, int id) {
  Problem p = base;
  const PoolOptions& o = p.options;
  int64_t numel = 1;
  for (int64_t d : p.shape) numel *= d;
  const std::vector<float> x = gen.data(static_cast<size_t>(numel), &p.data_kind);
  const auto shape_check = poolgrad::pool_output_shape(o, p.shape);
  if (!shape_check.status.ok) return;  // an invalid draw: the gate's business, not ours
  INFO("problem " << id << ": " << p.describe());

  // Forward, plain vs fast, into poisoned buffers.
  auto forward = [&](const PoolOptions& opts) {
    std::vector<int64_t> out_shape;
    int64_t out_numel = 1;
    for (int64_t d : shape_check.output_shape) out_numel *= d;
    std::vector<float> y(static_cast<size_t>(out_numel), kNaN);
    std::vector<int32_t> idx(static_cast<size_t>(out_numel), kPoisonIndex);
    const poolgrad::Status s = poolgrad::pool_forward_into(opts, p.shape, x.data(), x.size(),
                                                           nullptr, 0, &out_shape, &y, &idx);
    REQUIRE(s.ok);
    return std::make_pair(y, idx);
  };
  const auto want = plain([&] { return forward(o); });
  const auto got = forward(o);
  REQUIRE(got.first.size() == want.first.size());
  for (size_t i = 0; i < want.first.size(); ++i) {
    INFO("forward output element " << i << ": plain " << want.first[i] << ", fast "
                                   << got.first[i]);
    if (o.kind == PoolKind::max) {
      REQUIRE(same_bits(got.first[i], want.first[i]));
      REQUIRE(got.second[i] == want.second[i]);
    } else {
      REQUIRE(within_ulp(got.first[i], want.first[i]));
    }
  }
  if (o.kind == PoolKind::max) {
    PoolOptions values_only = o;
    values_only.return_indices = false;
    const auto plain_values = plain([&] { return forward(values_only); });
    const auto fast_values = forward(values_only);
    REQUIRE(fast_values.second.empty());
    REQUIRE(plain_values.second.empty());
    for (size_t i = 0; i < want.first.size(); ++i) {
      INFO("values-only output element " << i << ": with indices " << want.first[i] << ", plain "
                                         << plain_values.first[i] << ", fast "
                                         << fast_values.first[i]);
      REQUIRE(same_bits(fast_values.first[i], want.first[i]));
      REQUIRE(same_bits(plain_values.first[i], want.first[i]));
    }
  }

  // Backward, plain vs fast: the forward's indices, and for max also a caller's arbitrary ones.
  std::vector<float> dout(want.first.size());
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (float& v : dout) v = gen.chance(0.05) ? -0.0f : u(gen.rng_);
  std::vector<std::vector<int32_t>> index_sets;
  if (o.kind == PoolKind::max) {
    index_sets.push_back(want.second);
    std::vector<int32_t> arbitrary = want.second;
    int64_t in_plane = 1;
    for (size_t a = p.shape.size() - static_cast<size_t>(o.dims); a < p.shape.size(); ++a) {
      in_plane *= p.shape[a];
    }
    for (int32_t& v : arbitrary) {
      if (gen.chance(0.1)) v = static_cast<int32_t>(gen.uniform(-1, in_plane - 1));
    }
    index_sets.push_back(arbitrary);
  } else {
    index_sets.push_back({});
  }
  for (size_t set = 0; set < index_sets.size(); ++set) {
    const std::vector<int32_t>& idx = index_sets[set];
    auto backward = [&] {
      std::vector<float> dx(static_cast<size_t>(numel), kNaN);
      const poolgrad::Status s = poolgrad::pool_backward_into(
          o, p.shape, dout.data(), dout.size(), idx.data(), idx.size(), nullptr, 0, &dx);
      return std::make_pair(s, dx);
    };
    const auto bwant = plain(backward);
    const auto bgot = backward();
    REQUIRE(bgot.first.ok == bwant.first.ok);
    if (!bwant.first.ok) continue;  // arbitrary indices outside their plane: rejected by both
    for (size_t i = 0; i < bwant.second.size(); ++i) {
      INFO("backward (" << (set == 0 ? "forward's" : "arbitrary") << " indices) grad_input element "
                        << i << ": plain " << bwant.second[i] << ", fast " << bgot.second[i]);
      REQUIRE(same_bits(bgot.second[i], bwant.second[i]));
    }
  }
}

}  // namespace

TEST_CASE("fast max pooling equals the plain kernels on random problems", "[fast]") {
  Generator gen(20260611);
  for (int id = 0; id < 1500; ++id) check_problem(gen, gen.problem(PoolKind::max), id);
}

TEST_CASE("fast average pooling equals the plain kernels on random problems", "[fast]") {
  Generator gen(20260612);
  for (int id = 0; id < 1500; ++id) check_problem(gen, gen.problem(PoolKind::avg), id);
}

TEST_CASE("fast paths on the benchmark's shapes (scaled down) and their conditions", "[fast]") {
  Generator gen(7);
  struct Case {
    PoolKind kind;
    std::vector<int64_t> shape;
    int64_t k, s, p;
  };
  const Case cases[] = {
      {PoolKind::max, {1, 4, 28, 28}, 3, 2, 1},  // W1
      {PoolKind::max, {1, 8, 14, 14}, 2, 2, 0},  // W2
      {PoolKind::avg, {2, 4, 16, 16}, 3, 1, 1},  // W3
      {PoolKind::max, {1, 3, 64, 64}, 2, 2, 0},  // W4
      {PoolKind::avg, {1, 3, 64, 64}, 2, 2, 0}, {PoolKind::max, {1, 2, 17, 33}, 3, 1, 1},
  };
  int id = 0;
  for (const Case& c : cases) {
    Problem p;
    p.options.kind = c.kind;
    p.options.dims = 2;
    p.options.kernel_size = {c.k};
    p.options.stride = {c.s};
    p.options.padding = {c.p};
    p.shape = c.shape;
    for (int ceil = 0; ceil < 2; ++ceil) {
      p.options.ceil_mode = ceil == 1;
      for (int rep = 0; rep < 6; ++rep) check_problem(gen, p, id++);
    }
  }

  poolgrad::PoolGeometry g;
  PoolOptions o;
  o.dims = 2;
  o.kernel_size = {3};
  o.stride = {2};
  REQUIRE(poolgrad::validate(o, {1, 1, 9, 9}, &g).ok);
  CHECK(poolgrad::fast::max_forward::applies(g));
  CHECK_FALSE(poolgrad::fast::max_backward::gathers(g));  // overlapping windows
  o.dilation = {2};
  REQUIRE(poolgrad::validate(o, {1, 1, 9, 9}, &g).ok);
  CHECK_FALSE(poolgrad::fast::max_forward::applies(g));  // dilation: the plain kernel
  o.dilation = {1};
  o.kernel_size = {2};
  REQUIRE(poolgrad::validate(o, {1, 1, 9, 9}, &g).ok);
  CHECK(poolgrad::fast::max_backward::gathers(g));
}

TEST_CASE("the SIMD pre-check of backward indices agrees with the gate's rule", "[fast]") {
  using poolgrad::fast::max_backward::indices_in_range;
  const int64_t plane = 10;
  for (size_t n : {size_t{1}, size_t{4}, size_t{7}, size_t{9}}) {
    for (size_t at = 0; at < n; ++at) {
      std::vector<int32_t> idx(n, 3);
      CHECK(indices_in_range(idx.data(), static_cast<int64_t>(n), plane));
      for (int32_t v : {-1, 0, 9}) {
        idx[at] = v;
        CHECK(indices_in_range(idx.data(), static_cast<int64_t>(n), plane));
      }
      for (int32_t v :
           {-2, 10, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()}) {
        idx[at] = v;
        INFO("n " << n << ", index " << at << " = " << v);
        CHECK_FALSE(indices_in_range(idx.data(), static_cast<int64_t>(n), plane));
      }
    }
  }
}
