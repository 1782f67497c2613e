// Hardening (issue 7): arithmetic at the int64 edges and at every cap, the work cap, and the
// parameter name and code every rejection carries. These run under ASan + UBSan too
// (build/asan, -fno-sanitize-recover), so any signed overflow on the way fails them.
// Expected values are derived by hand beside each case.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "pool_api.h"
#include "pool_for_tests.h"
#include "pool_options.h"
#include "pool_window.h"

using Catch::Matchers::Contains;
using poolgrad::kMaxElements;
using poolgrad::kMaxParameter;
using poolgrad::kMaxWork;
using poolgrad::PoolGeometry;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;
using poolgrad::Status;

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t k2p(int e) { return int64_t{1} << e; }

const char* kind_name(PoolKind kind) { return kind == PoolKind::max ? "max" : "avg"; }

// The gate's verdict; every pool_api entry must give the same one when the gate rejects (they
// all validate first, before reading any data, so null data is fine here).
Status gate(const PoolOptions& o, const std::vector<int64_t>& shape) {
  PoolGeometry g;
  const Status s = poolgrad::validate(o, shape, &g);
  const Status shape_status = poolgrad::pool_output_shape(o, shape).status;
  CHECK(shape_status.ok == s.ok);
  if (!s.ok) {
    for (const Status& other : {shape_status, poolgrad::pool_forward(o, shape, nullptr, 0).status,
                                poolgrad::pool_backward(o, shape, nullptr, 0, nullptr, 0).status,
                                poolgrad::pool_routing_counts(o, shape, nullptr, 0).status,
                                poolgrad::pool_windows(o, shape).status}) {
      CHECK_FALSE(other.ok);
      CHECK(other.param == s.param);
      CHECK(other.code == s.code);
      CHECK(other.message == s.message);
    }
  }
  return s;
}

// A parameter as its messages name it: "kernel_size=5" in 1-D, "kernel_size[1]=5" otherwise.
std::string named(const std::string& name, int dims, int axis, int64_t value) {
  return name + (dims > 1 ? "[" + std::to_string(axis) + "]" : "") + "=" + std::to_string(value);
}

// The 1-element input (C = 1, every spatial size 1) holding 8.
std::vector<int64_t> unit_shape(int dims) { return std::vector<int64_t>(dims + 1, 1); }

float forward_one(const PoolOptions& o, const std::vector<int64_t>& shape, float x) {
  const auto r = poolgrad::pool_forward(o, shape, &x, 1);
  REQUIRE(r.status.ok);
  REQUIRE(r.output.size() == 1);
  return r.output[0];
}

}  // namespace

TEST_CASE("avg_pool3d divisors past int64 are PyTorch's formula without the overflow",
          "[hardening]") {
  // One input element 8 under kernel_size k, padding k/2 in 3-D: one window whose padded extent
  // is k along each axis, so with count_include_pad the divisor is k^3 (2^63 for k = 2^21: the
  // old int64 product wrapped to -2^63 and gave -8.67e-19; 2^66 wrapped to 0 and gave inf).
  // Powers of two keep the expected values exact: 8 / 2^63 = 2^-60.
  struct Case {
    int64_t k;
    int exponent;  // of 8 / k^3
  };
  for (const Case c : {Case{k2p(21), -60}, Case{k2p(22), -63}, Case{kMaxParameter, -69}}) {
    INFO("kernel_size " << c.k);
    PoolOptions o = pool(PoolKind::avg, 3, {c.k});
    o.padding = {c.k / 2};
    const std::vector<int64_t> shape = {1, 1, 1, 1};
    // Scaled back by 2^-exponent, so that a failure prints a readable number (-1 was the bug).
    CHECK(std::ldexp(forward_one(o, shape, 8.0f), -c.exponent) == 1.0f);
    o.count_include_pad = false;  // only the one input element counts
    CHECK(forward_one(o, shape, 8.0f) == 8.0f);
  }

  // Backward and the divisors listed by the routing counts: 1 / 2^63 and 2^63.
  PoolOptions o = pool(PoolKind::avg, 3, {k2p(21)});
  o.padding = {k2p(20)};
  const float dout = 1.0f;
  const auto bwd = poolgrad::pool_backward(o, {1, 1, 1, 1}, &dout, 1, nullptr, 0);
  REQUIRE(bwd.status.ok);
  REQUIRE(bwd.grad_input.size() == 1);
  CHECK(std::ldexp(bwd.grad_input[0], 63) == 1.0f);
  const float x = 8.0f;
  const auto routing = poolgrad::pool_routing_counts(o, {1, 1, 1, 1}, &x, 1);
  REQUIRE(routing.status.ok);
  CHECK(routing.divisors == std::vector<float>{std::ldexp(1.0f, 63)});
  CHECK(routing.counts == std::vector<int32_t>{1});

  // Odd kernels k = 2m + 1 with padding m: the padded extent is k. Just below 2^63 the divisor is
  // the exact int64 product (2^21 - 1)(2^21 + 1)(2^21 - 3) = 2^63 - 3 * 2^42 - 2^21 + 3; just
  // above, (2^21 + 1)^3 = 2^63 + 3 * 2^42 + 3 * 2^21 + 1. Compared in long double.
  struct Odd {
    std::vector<int64_t> k;
    long double divisor;
  };
  const long double below = 9223372036854775808.0L - 3.0L * 4398046511104.0L - 2097152.0L + 3.0L;
  const long double above = 9223372036854775808.0L + 3.0L * 4398046511104.0L + 6291456.0L + 1.0L;
  for (const Odd& c :
       {Odd{{k2p(21) - 1, k2p(21) + 1, k2p(21) - 3}, below}, Odd{{k2p(21) + 1}, above}}) {
    PoolOptions odd = pool(PoolKind::avg, 3, c.k);
    odd.padding.clear();
    for (int64_t k : c.k) odd.padding.push_back(k / 2);
    const float expected = static_cast<float>(8.0L / c.divisor);
    CHECK(std::ldexp(forward_one(odd, {1, 1, 1, 1}, 8.0f), 60) ==
          Approx(std::ldexp(expected, 60)).epsilon(1e-6));
  }
}

TEST_CASE("every parameter at the int64 edges is rejected by name, in 1-D, 2-D and 3-D",
          "[hardening]") {
  const std::vector<int64_t> edges = {
      kInt64Min,         kInt64Min + 1, -k2p(62), -kMaxParameter - 1, -1,       0,
      kMaxParameter + 1, k2p(30),       k2p(62),  kInt64Max - 1,      kInt64Max};
  const char* names[] = {"kernel_size", "stride", "padding", "dilation"};
  const int64_t baseline[] = {2, 2, 0, 1};
  const int64_t low[] = {1, 1, 0, 1};
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      std::vector<int64_t> shape(static_cast<size_t>(dims) + 2, 8);
      for (int p = 0; p < 4; ++p) {
        for (int axis = 0; axis < dims; ++axis) {
          for (int64_t value : edges) {
            if (value >= low[p] && value <= kMaxParameter) continue;  // in range
            std::vector<int64_t> list(static_cast<size_t>(dims), baseline[p]);
            list[static_cast<size_t>(axis)] = value;
            PoolOptions o = pool(kind, dims, {2});
            std::vector<int64_t>* fields[] = {&o.kernel_size, &o.stride, &o.padding, &o.dilation};
            *fields[p] = list;
            INFO(kind_name(kind) << dims << "d " << named(names[p], dims, axis, value));
            const Status s = gate(o, shape);
            REQUIRE_FALSE(s.ok);
            CHECK(s.param == names[p]);
            const bool avg_dilation = kind == PoolKind::avg && p == 3;  // any value but 1
            CHECK(s.code == (value < low[p] || avg_dilation ? "out_of_range" : "too_large"));
            // The value exactly as passed, never a stand-in.
            CHECK_THAT(s.message, Contains(named(names[p], dims, axis, value)));
          }
        }
      }
    }
  }
}

TEST_CASE("every parameter at kMaxParameter on every axis is exact", "[hardening]") {
  const float x = 8.0f;
  for (int dims = 1; dims <= 3; ++dims) {
    const std::vector<int64_t> shape = unit_shape(dims);
    for (bool ceil_mode : {false, true}) {
      INFO(dims << "-D, ceil_mode " << ceil_mode);
      // kernel_size at the cap, padding half of it: one window, its padded extent the cap.
      for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
        PoolOptions o = pool(kind, dims, {kMaxParameter});
        o.padding = {kMaxParameter / 2};
        o.ceil_mode = ceil_mode;
        const auto r = poolgrad::pool_forward(o, shape, &x, 1);
        REQUIRE(r.status.ok);
        CHECK(r.output_shape == shape);
        // avg: 8 / (2^24)^dims; max: the one element.
        CHECK(r.output[0] == (kind == PoolKind::max ? 8.0f : std::ldexp(1.0f, 3 - 24 * dims)));
        o.stride = {kMaxParameter};
        CHECK(gate(o, shape).ok);
      }
      // stride at the cap: one window per axis of 3 (C = 3 too).
      PoolOptions s = pool(PoolKind::max, dims, {1});
      s.stride = {kMaxParameter};
      s.ceil_mode = ceil_mode;
      const auto strided = poolgrad::pool_output_shape(s, std::vector<int64_t>(dims + 1, 3));
      REQUIRE(strided.status.ok);
      std::vector<int64_t> one_window(static_cast<size_t>(dims) + 1, 1);
      one_window[0] = 3;
      CHECK(strided.output_shape == one_window);

      // padding at the cap needs a dilated kernel of half-width 2^24: kernel 3, dilation 2^24.
      // Taps at -2^24, 0, 2^24: only the middle one lands on the input.
      PoolOptions p = pool(PoolKind::max, dims, {3});
      p.dilation = {kMaxParameter};
      p.padding = {kMaxParameter};
      p.ceil_mode = ceil_mode;
      auto r = poolgrad::pool_forward(p, shape, &x, 1);
      REQUIRE(r.status.ok);
      CHECK(r.output == std::vector<float>{8.0f});
      CHECK(r.indices == std::vector<int32_t>{0});

      // dilation at the cap: kernel 2, padding 2^23, taps at -2^23 and 2^23, both padding.
      PoolOptions d = pool(PoolKind::max, dims, {2});
      d.dilation = {kMaxParameter};
      d.padding = {kMaxParameter / 2};
      d.ceil_mode = ceil_mode;
      r = poolgrad::pool_forward(d, shape, &x, 1);
      REQUIRE(r.status.ok);
      CHECK(r.output == std::vector<float>{-std::numeric_limits<float>::infinity()});
      CHECK(r.indices == std::vector<int32_t>{-1});

      // Everything at the cap at once: the dilated span (2^24 - 1) * 2^24 + 1 is near 2^48, far
      // wider than the padded input, so no window fits.
      PoolOptions all = pool(PoolKind::max, dims, {kMaxParameter});
      all.stride = all.padding = all.dilation = {kMaxParameter};
      all.ceil_mode = ceil_mode;
      const Status status = gate(all, shape);
      REQUIRE_FALSE(status.ok);
      CHECK(status.param == "kernel_size");
      CHECK(status.code == "output_too_small");
    }
  }
  // kernel_size at the cap without padding over an input of 2^24 along one axis.
  PoolOptions o = pool(PoolKind::avg, 2, {1, kMaxParameter});
  CHECK(gate(o, {1, 1, kMaxElements}).ok);
  o.kernel_size = {1, kMaxParameter + 1};
  CHECK(gate(o, {1, 1, kMaxElements}).code == "too_large");
}

TEST_CASE("divisor_override at the int64 edges and at kMaxElements", "[hardening]") {
  struct Case {
    int64_t value;
    const char* code;  // "" = accepted
  };
  const Case cases[] = {{kInt64Min, "too_large"},
                        {kInt64Min + 1, "too_large"},
                        {-kMaxElements - 1, "too_large"},
                        {-kMaxElements, ""},
                        {-1, ""},
                        {0, "out_of_range"},
                        {1, ""},
                        {kMaxElements, ""},
                        {kMaxElements + 1, "too_large"},
                        {k2p(62), "too_large"},
                        {kInt64Max, "too_large"}};
  for (int dims = 1; dims <= 3; ++dims) {
    for (const Case& c : cases) {
      INFO(dims << "-D divisor_override " << c.value);
      PoolOptions o = pool(PoolKind::avg, dims, {1});
      o.divisor_override = c.value;
      const Status s = gate(o, unit_shape(dims));
      CHECK(s.code == c.code);
      if (s.ok) {
        CHECK(forward_one(o, unit_shape(dims), 8.0f) == 8.0f / static_cast<float>(c.value));
      } else {
        CHECK(s.param == "divisor_override");
        if (c.value != 0) CHECK_THAT(s.message, Contains(std::to_string(c.value)));
      }
    }
  }
}

TEST_CASE("input dimensions at the int64 edges and at kMaxElements", "[hardening]") {
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    for (int dims = 1; dims <= 3; ++dims) {
      for (size_t rank : {static_cast<size_t>(dims) + 1, static_cast<size_t>(dims) + 2}) {
        for (size_t i = 0; i < rank; ++i) {
          std::vector<int64_t> shape(rank, 1);
          INFO(kind_name(kind) << dims << "d rank " << rank << " dimension " << i);
          const PoolOptions o = pool(kind, dims, {1});
          shape[i] = kMaxElements;  // one dimension at the cap: 2^24 elements in all
          CHECK(gate(o, shape).ok);
          const bool batch = rank == static_cast<size_t>(dims) + 2 && i == 0;
          for (int64_t value :
               {kInt64Min, int64_t{-1}, int64_t{0}, kMaxElements + 1, k2p(62), kInt64Max}) {
            if (value == 0 && batch) continue;  // an empty batch is valid
            shape[i] = value;
            const Status s = gate(o, shape);
            REQUIRE_FALSE(s.ok);
            CHECK(s.param == "input");
            CHECK(s.code == (value > kMaxElements ? "too_large" : "out_of_range"));
            CHECK_THAT(s.message,
                       Contains("dimension " + std::to_string(i) + " = " + std::to_string(value)));
          }
        }
      }
    }
  }
}

TEST_CASE("element counts at kMaxElements, for the input and the output", "[hardening]") {
  const PoolOptions o = pool(PoolKind::max, 2, {1});
  CHECK(gate(o, {1, k2p(12), k2p(12)}).ok);  // 2^24 exactly
  Status s = gate(o, {1, k2p(12), k2p(12) + 1});
  CHECK(s.param == "input");
  CHECK(s.code == "too_large");
  CHECK_THAT(s.message, Contains("the input would have more than 16777216 elements"));
  // Products that would overflow int64 if formed first.
  s = gate(pool(PoolKind::avg, 3, {1}),
           {kMaxElements, kMaxElements, kMaxElements, kMaxElements, kMaxElements});
  CHECK(s.code == "too_large");
  s = gate(o, {0, kMaxElements, kMaxElements, 2});  // an empty batch still has planes to walk
  CHECK(s.code == "too_large");

  // The output: kernel 2, stride 1, padding 1 over 2^24 elements gives 2^24 + 1 windows.
  PoolOptions wide = pool(PoolKind::max, 1, {2});
  wide.stride = {1};
  wide.padding = {1};
  s = gate(wide, {1, kMaxElements});
  CHECK(s.param == "input");
  CHECK(s.code == "too_large");
  CHECK_THAT(s.message, Contains("the output would have more than 16777216 elements"));
  wide.padding = {0};
  CHECK(gate(wide, {1, kMaxElements}).ok);  // 2^24 - 1 windows
}

TEST_CASE("the work cap: kMaxWork window taps per call", "[hardening]") {
  SECTION("the reproduction: max_pool1d, 2^18 and 2^20 elements, kernel_size 2^17, stride 1") {
    // 2^18 - 2^17 + 1 windows of 2^17 taps each: 2^34 + 2^17 = 17180000256 (over 30 s before).
    PoolOptions o = pool(PoolKind::max, 1, {k2p(17)});
    o.stride = {1};
    Status s = gate(o, {1, k2p(18)});
    REQUIRE_FALSE(s.ok);
    CHECK(s.param == "kernel_size");
    CHECK(s.code == "too_much_work");
    CHECK_THAT(s.message, Contains("max_pool1d would take 17180000256 steps") &&
                              Contains("more than the work limit 1073741824") &&
                              Contains("input shape [1, 262144]") &&
                              Contains("kernel_size=131072, stride=1"));
    // (2^20 - 2^17 + 1) * 2^17 = 120259215360.
    s = gate(o, {1, k2p(20)});
    CHECK(s.code == "too_much_work");
    CHECK_THAT(s.message, Contains("120259215360"));
  }

  SECTION("just under and just over the cap") {
    struct Case {
      PoolKind kind;
      int dims;
      std::vector<int64_t> kernel_size;
      std::vector<int64_t> shape;
      int64_t work;  // derived by hand, stride 1, no padding
    };
    const Case cases[] = {
        // 1-D: windows = in - k + 1, each of k taps.
        {PoolKind::max, 1, {1024}, {1, k2p(20) + 1023}, k2p(30)},         // 2^20 * 2^10
        {PoolKind::avg, 1, {1024}, {1, k2p(20) + 1024}, k2p(30) + 1024},  // (2^20 + 1) * 2^10
        {PoolKind::max, 1, {65}, {1, 16519168}, k2p(30) - 64},            // 16519104 * 65
        {PoolKind::avg, 1, {65}, {1, 16519169}, k2p(30) + 1},             // 16519105 * 65
        // planes multiply: 16 or 17 planes of 2^16 windows of 2^10 taps.
        {PoolKind::avg, 1, {1024}, {16, 1, k2p(16) + 1023}, k2p(30)},
        {PoolKind::max, 1, {1024}, {17, 1, k2p(16) + 1023}, 17 * k2p(26)},
        // an empty batch still walks one plane (the divisors, the window listing).
        {PoolKind::avg, 1, {1024}, {0, 1, k2p(20) + 1023}, k2p(30)},
        {PoolKind::avg, 1, {1024}, {0, 1, k2p(20) + 1024}, k2p(30) + 1024},
        // 2-D: per axis 2^10 windows of 32 taps: 2^15 * 2^15; one more row: (2^10 + 1) 32 2^15.
        {PoolKind::max, 2, {32}, {1, 1024 + 31, 1024 + 31}, k2p(30)},
        {PoolKind::avg, 2, {32}, {1, 1024 + 32, 1024 + 31}, k2p(30) + k2p(20)},
        // 3-D: per axis 64 windows of 16 taps: (2^10)^3; one more: 2^20 * 65 * 16.
        {PoolKind::avg, 3, {16}, {1, 79, 79, 79}, k2p(30)},
        {PoolKind::max, 3, {16}, {1, 79, 79, 80}, k2p(20) * 1040},
    };
    for (const Case& c : cases) {
      PoolOptions o = pool(c.kind, c.dims, c.kernel_size);
      o.stride = {1};
      INFO(kind_name(c.kind) << c.dims << "d, work " << c.work);
      const Status s = gate(o, c.shape);
      if (c.work <= kMaxWork) {
        CHECK(s.ok);
      } else {
        REQUIRE_FALSE(s.ok);
        CHECK(s.param == "kernel_size");
        CHECK(s.code == "too_much_work");
        CHECK_THAT(s.message, Contains("take " + std::to_string(c.work) + " steps") &&
                                  Contains(std::to_string(kMaxWork)));
      }
    }
  }

  SECTION("realistic layers are far below it") {
    struct Case {
      PoolKind kind;
      int dims;
      std::vector<int64_t> kernel_size, stride, padding, shape;
    };
    const Case cases[] = {
        {PoolKind::max, 2, {3}, {2}, {1}, {1, 64, 112, 112}},  // ResNet's stem pooling
        {PoolKind::avg, 2, {3}, {1}, {1}, {8, 128, 32, 32}},
        {PoolKind::max, 2, {3}, {1}, {1}, {1, 1, 4096, 4096}},  // 2^24 elements, 3x3
        {PoolKind::avg, 2, {7}, {1}, {3}, {1, 1, 4096, 4096}},  // 7x7: 49 * 2^24 < 2^30
        {PoolKind::max, 3, {3}, {1}, {1}, {1, 1, 256, 256, 256}},
        {PoolKind::avg, 2, {128}, {}, {}, {4, 64, 128, 128}},  // global average pooling
        {PoolKind::max, 1, {3}, {1}, {1}, {1, kMaxElements}},
    };
    for (const Case& c : cases) {
      PoolOptions o = pool(c.kind, c.dims, c.kernel_size);
      o.stride = c.stride;
      o.padding = c.padding;
      INFO(kind_name(c.kind) << c.dims << "d kernel " << c.kernel_size[0]);
      CHECK(gate(o, c.shape).ok);
    }
    // And the first two run.
    for (int i = 0; i < 2; ++i) {
      PoolOptions o = pool(cases[i].kind, 2, cases[i].kernel_size);
      o.stride = cases[i].stride;
      o.padding = cases[i].padding;
      const std::vector<float> input(static_cast<size_t>(i == 0 ? 64 * 112 * 112 : 8 * 128 * 1024),
                                     1.0f);
      const auto r = poolgrad::pool_forward(o, cases[i].shape, input.data(), input.size());
      REQUIRE(r.status.ok);
      CHECK(r.output_shape ==
            (i == 0 ? std::vector<int64_t>{1, 64, 56, 56} : std::vector<int64_t>{8, 128, 32, 32}));
    }
  }
}

TEST_CASE("plane_taps is the sum of every window's taps", "[hardening]") {
  // The one place the tap sum is computed (the work cap, the window listing), which counts the
  // windows inside the input in closed form: checked against the plain sum over windows, with
  // dilation, padding, ceil_mode and windows of padding only, on every axis.
  for (int dims = 1; dims <= 3; ++dims) {
    for (int64_t k = 1; k <= 5; ++k) {
      for (int64_t s = 1; s <= 4; ++s) {
        for (int64_t d = 1; d <= 3; ++d) {
          for (int64_t p = 0; p <= ((k - 1) * d + 1) / 2; ++p) {
            for (int64_t in = 1; in <= 12; in += dims) {
              for (bool ceil_mode : {false, true}) {
                PoolOptions o = pool(PoolKind::max, dims, {k});
                o.stride = {s};
                o.dilation = {d};
                o.padding = {p};
                o.ceil_mode = ceil_mode;
                std::vector<int64_t> shape = {2};
                for (int a = 0; a < dims; ++a) shape.push_back(in + a);
                PoolGeometry g;
                if (!poolgrad::validate(o, shape, &g).ok) continue;
                int64_t sum = 0;
                poolgrad::for_each_window(
                    g, [&](int64_t, const poolgrad::Window& w) { sum += w.taps(); });
                INFO(dims << "-D in " << in << " k " << k << " s " << s << " d " << d << " p " << p
                          << " ceil_mode " << ceil_mode);
                CHECK(poolgrad::plane_taps(g) == sum);
              }
            }
          }
        }
      }
    }
  }
}

TEST_CASE("pool_windows lists at most kMaxElements cells", "[hardening]") {
  PoolOptions o = pool(PoolKind::max, 1, {2});
  o.stride = {1};
  // 2^23 windows of 2 taps: 2^24 cells, exactly the cap.
  const auto r = poolgrad::pool_windows(o, {1, k2p(23) + 1});
  REQUIRE(r.status.ok);
  CHECK(r.cells.size() == static_cast<size_t>(kMaxElements));
  CHECK(r.offsets.size() == static_cast<size_t>(k2p(23) + 1));
  CHECK(r.offsets.back() == kMaxElements);
  const auto over = poolgrad::pool_windows(o, {1, k2p(23) + 2});
  REQUIRE_FALSE(over.status.ok);
  CHECK(over.status.param == "kernel_size");
  CHECK(over.status.code == "too_large");
  CHECK_THAT(over.status.message, Contains("16777218 input elements"));
  CHECK(over.cells.empty());
}

TEST_CASE("every rejection carries its parameter and a code", "[hardening]") {
  struct Case {
    const char* what;
    PoolOptions options;
    std::vector<int64_t> shape;
    const char* param;
    const char* code;
    const char* fragment;  // of the message, unchanged from before the codes
  };
  auto with = [](PoolOptions o, auto edit) {
    edit(o);
    return o;
  };
  const PoolOptions max2 = pool(PoolKind::max, 2, {2});
  const PoolOptions avg2 = pool(PoolKind::avg, 2, {2});
  const Case cases[] = {
      {"dims 0", pool(PoolKind::max, 0, {2}), {1, 4}, "dims", "out_of_range", "dims must be 1"},
      {"dims 4", pool(PoolKind::avg, 4, {2}), {1, 4, 4, 4, 4}, "dims", "out_of_range", "got 4"},
      {"no kernel_size",
       pool(PoolKind::max, 2, {}),
       {1, 4, 4},
       "kernel_size",
       "required",
       "kernel_size is required"},
      {"kernel_size list",
       pool(PoolKind::max, 3, {2, 2}),
       {1, 4, 4, 4},
       "kernel_size",
       "bad_list_length",
       "got [2, 2]"},
      {"stride list",
       with(max2,
            [](PoolOptions& o) {
              o.stride = {1, 2, 3};
            }),
       {1, 4, 4},
       "stride",
       "bad_list_length",
       "got [1, 2, 3]"},
      {"padding list",
       with(pool(PoolKind::avg, 1, {2}),
            [](PoolOptions& o) {
              o.padding = {0, 0};
            }),
       {1, 4},
       "padding",
       "bad_list_length",
       "got [0, 0]"},
      {"dilation list",
       with(max2,
            [](PoolOptions& o) {
              o.dilation = {1, 1, 1};
            }),
       {1, 4, 4},
       "dilation",
       "bad_list_length",
       "got [1, 1, 1]"},
      {"avg dilation",
       with(avg2,
            [](PoolOptions& o) {
              o.dilation = {1, 2};
            }),
       {1, 6, 6},
       "dilation",
       "out_of_range",
       "has no dilation"},
      {"kernel_size 0",
       pool(PoolKind::max, 2, {2, 0}),
       {1, 6, 6},
       "kernel_size",
       "out_of_range",
       "kernel_size[1]=0"},
      {"kernel_size too large",
       pool(PoolKind::max, 1, {kMaxParameter + 1}),
       {1, 4},
       "kernel_size",
       "too_large",
       "kernel_size=16777217"},
      {"stride 0",
       with(max2, [](PoolOptions& o) { o.stride = {0}; }),
       {1, 6, 6},
       "stride",
       "out_of_range",
       "stride[0]=0"},
      {"dilation 0",
       with(max2, [](PoolOptions& o) { o.dilation = {0}; }),
       {1, 6, 6},
       "dilation",
       "out_of_range",
       "dilation[0]=0"},
      {"padding -1",
       with(max2, [](PoolOptions& o) { o.padding = {-1}; }),
       {1, 6, 6},
       "padding",
       "out_of_range",
       "padding[0]=-1"},
      {"padding too large",
       with(max2, [](PoolOptions& o) { o.padding = {kInt64Max}; }),
       {1, 6, 6},
       "padding",
       "too_large",
       "padding[0]=9223372036854775807"},
      {"padding above half",
       with(max2,
            [](PoolOptions& o) {
              o.padding = {0, 2};
            }),
       {1, 6, 6},
       "padding",
       "out_of_range",
       "padding[1]=2 with kernel_size[1]=2"},
      {"divisor_override 0",
       with(avg2, [](PoolOptions& o) { o.divisor_override = 0; }),
       {1, 4, 4},
       "divisor_override",
       "out_of_range",
       "must not be 0"},
      {"divisor_override too large",
       with(avg2, [](PoolOptions& o) { o.divisor_override = kInt64Min; }),
       {1, 4, 4},
       "divisor_override",
       "too_large",
       "got -9223372036854775808"},
      {"rank", max2, {4, 4}, "input", "bad_rank", "expects an input of rank 3"},
      {"zero dimension", max2, {1, 0, 4, 4}, "input", "out_of_range", "dimension 1 = 0"},
      {"negative dimension", max2, {1, 2, -4, 4}, "input", "out_of_range", "dimension 2 = -4"},
      {"dimension too large",
       max2,
       {1, 2, kMaxElements + 1, 4},
       "input",
       "too_large",
       "dimension 2 = 16777217"},
      {"input too large",
       max2,
       {2, k2p(12), k2p(12)},
       "input",
       "too_large",
       "the input would have more than"},
      {"output too small",
       pool(PoolKind::avg, 2, {2, 5}),
       {1, 6, 3},
       "kernel_size",
       "output_too_small",
       "output size 0"},
      {"too much work",
       with(pool(PoolKind::max, 1, {k2p(17)}), [](PoolOptions& o) { o.stride = {1}; }),
       {1, k2p(18)},
       "kernel_size",
       "too_much_work",
       "work limit"},
  };
  const std::set<std::string> params = {"dims",    "kernel_size", "stride",
                                        "padding", "dilation",    "divisor_override",
                                        "input",   "grad_output", "indices"};
  const std::set<std::string> codes = {"required",      "bad_list_length", "out_of_range",
                                       "too_large",     "bad_rank",        "output_too_small",
                                       "too_much_work", "bad_length",      "bad_index"};
  for (const Case& c : cases) {
    INFO(c.what);
    const Status s = gate(c.options, c.shape);
    REQUIRE_FALSE(s.ok);
    CHECK(s.param == c.param);
    CHECK(s.code == c.code);
    CHECK_THAT(s.message, Contains(c.fragment));
    CHECK(params.count(s.param) == 1);
    CHECK(codes.count(s.code) == 1);
  }

  // The data checks after the gate.
  const std::vector<int64_t> shape = {1, 4, 4};  // output (1, 2, 2)
  const std::vector<float> input(15, 1.0f);
  Status s = poolgrad::pool_forward(max2, shape, input.data(), input.size()).status;
  CHECK((s.param == "input" && s.code == "bad_length"));
  s = poolgrad::pool_routing_counts(avg2, shape, input.data(), input.size()).status;
  CHECK((s.param == "input" && s.code == "bad_length"));
  const std::vector<float> grad(3, 1.0f);
  std::vector<int32_t> indices(4, 0);
  s = poolgrad::pool_backward(avg2, shape, grad.data(), 3, nullptr, 0).status;
  CHECK((s.param == "grad_output" && s.code == "bad_length"));
  const std::vector<float> grad4(4, 1.0f);
  s = poolgrad::pool_backward(max2, shape, grad4.data(), 4, indices.data(), 3).status;
  CHECK((s.param == "indices" && s.code == "bad_length"));
  indices[2] = 16;
  s = poolgrad::pool_backward(max2, shape, grad4.data(), 4, indices.data(), 4).status;
  CHECK((s.param == "indices" && s.code == "bad_index"));
  CHECK_THAT(s.message, Contains("indices[2] = 16"));
  indices[2] = -2;
  s = poolgrad::pool_backward(max2, shape, grad4.data(), 4, indices.data(), 4).status;
  CHECK((s.param == "indices" && s.code == "bad_index"));
  PoolOptions dense = pool(PoolKind::max, 2, {3});  // 9 * 2^24 cells, more than can be listed
  dense.stride = {1};
  dense.padding = {1};
  s = poolgrad::pool_windows(dense, {1, 4096, 4096}).status;
  CHECK((s.param == "kernel_size" && s.code == "too_large"));

  // Success carries no param or code.
  s = poolgrad::pool_output_shape(max2, shape).status;
  CHECK((s.ok && s.param.empty() && s.code.empty() && s.message.empty()));
}

// The fast average kernels did work that the work cap does not count: libFuzzer timed out (> 5 s)
// on avg_pool1d of 2^16 elements, kernel_size 2^16, stride 1 (one window of 2^16 taps; the
// backward's stride-1 lanes summed kernel_size shares for each of the 2^16 columns, 2^32 steps),
// and the forward summed every input row even where a stride far above the kernel leaves most
// rows outside every window. Both now take the exact paths; each call here is about 2^20 steps
// (milliseconds) and was 2^31 to 2^32 before.
TEST_CASE("fast average paths stay within the counted work (fuzz timeout AQEBiwEDAAACA4s=)",
          "[hardening][work]") {
  SECTION("one window as wide as a long row, stride 1: backward") {
    PoolOptions o = pool(PoolKind::avg, 1, {k2p(16)});
    o.stride = {1};
    const std::vector<int64_t> shape = {1, k2p(16)};
    const std::vector<float> x(static_cast<size_t>(k2p(16)), 1.0f);
    const auto forward = poolgrad::pool_forward(o, shape, x.data(), x.size());
    REQUIRE(forward.status.ok);
    REQUIRE(forward.output.size() == 1);
    CHECK(forward.output[0] == 1.0f);  // the mean of 2^16 ones
    const float dout = 1.0f;
    const auto backward = poolgrad::pool_backward(o, shape, &dout, 1, nullptr, 0);
    REQUIRE(backward.status.ok);
    // Every element is in the one window, divisor 2^16: each gets 2^-16 exactly.
    for (float v : backward.grad_input) REQUIRE(v == 0x1p-16f);
  }
  SECTION("a height stride far above the kernel: forward reads only the covered rows") {
    // (1, 2048, 2048), kernel [1, 1024], stride [2048, 1]: one window row (input row 0) of 1025
    // windows, 1025 * 1024 taps; the other 2047 rows are in no window.
    PoolOptions o = pool(PoolKind::avg, 2, {1, 1024});
    o.stride = {2048, 1};
    const std::vector<int64_t> shape = {1, 2048, 2048};
    std::vector<float> x(static_cast<size_t>(2048 * 2048), 5.0f);
    for (int64_t w = 0; w < 2048; ++w) x[static_cast<size_t>(w)] = 2.0f;  // row 0
    const auto forward = poolgrad::pool_forward(o, shape, x.data(), x.size());
    REQUIRE(forward.status.ok);
    REQUIRE(forward.output_shape == std::vector<int64_t>{1, 1, 1025});
    for (float v : forward.output) REQUIRE(v == 2.0f);  // row 0's mean; the 5s are never read
  }
}
