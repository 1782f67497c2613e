// The validation gate: every rule rejects with a message naming the parameter and its value,
// and every pool_api entry rejects before it allocates or reads caller memory.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "pool_api.h"
#include "pool_for_tests.h"
#include "pool_options.h"

using Catch::Matchers::Contains;
using poolgrad::kMaxElements;
using poolgrad::kMaxParameter;
using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

// The gate's message, or "" when it accepts. Also checks that pool_output_shape (which every
// other entry shares) agrees.
std::string rejection(const PoolOptions& o, const std::vector<int64_t>& shape) {
  poolgrad::PoolGeometry g;
  const poolgrad::Status s = poolgrad::validate(o, shape, &g);
  CHECK(poolgrad::pool_output_shape(o, shape).status.ok == s.ok);
  return s.ok ? "" : s.message;
}

}  // namespace

TEST_CASE("kernel_size, stride and dilation must be greater than 0", "[validation]") {
  PoolOptions o = pool(PoolKind::max, 2, {2, 0});
  CHECK_THAT(rejection(o, {1, 6, 6}), Contains("kernel_size[1]=0"));
  o.kernel_size = {-3};
  CHECK_THAT(rejection(o, {1, 6, 6}), Contains("kernel_size[0]=-3"));

  o = pool(PoolKind::max, 1, {2});
  o.stride = {0};
  CHECK_THAT(rejection(o, {1, 6}), Contains("stride=0"));
  o.stride = {-1};
  CHECK_THAT(rejection(o, {1, 6}), Contains("stride=-1"));

  o = pool(PoolKind::max, 3, {2});
  o.dilation = {1, 1, 0};
  CHECK_THAT(rejection(o, {1, 4, 4, 4}), Contains("dilation[2]=0"));
  o.dilation = {-2};
  CHECK_THAT(rejection(o, {1, 4, 4, 4}), Contains("dilation[0]=-2"));
}

TEST_CASE("kernel_size is required and dims must be 1, 2 or 3", "[validation]") {
  CHECK_THAT(rejection(pool(PoolKind::max, 2, {}), {1, 4, 4}), Contains("kernel_size"));
  CHECK_THAT(rejection(pool(PoolKind::max, 0, {2}), {1, 4}), Contains("dims") && Contains("0"));
  CHECK_THAT(rejection(pool(PoolKind::avg, 4, {2}), {1, 4, 4, 4, 4}),
             Contains("dims") && Contains("4"));
}

TEST_CASE("average pooling has no dilation", "[validation]") {
  PoolOptions o = pool(PoolKind::avg, 2, {2});
  o.dilation = {1, 2};
  CHECK_THAT(rejection(o, {1, 6, 6}), Contains("dilation[1]=2"));
  o.dilation = {1};
  CHECK(rejection(o, {1, 6, 6}).empty());
}

TEST_CASE("padding must be between 0 and half the dilated kernel", "[validation]") {
  PoolOptions o = pool(PoolKind::max, 2, {3});
  o.padding = {-1, 0};
  CHECK_THAT(rejection(o, {1, 6, 6}), Contains("padding[0]=-1"));

  o.padding = {1, 2};  // half of kernel 3 is 1
  CHECK_THAT(rejection(o, {1, 6, 6}), Contains("padding[1]=2") && Contains("kernel_size[1]=3"));

  // With dilation 2 the window spans 5 elements: padding 2 = (2*2+1)/2 is allowed, 3 is not.
  o.dilation = {2};
  o.padding = {2};
  CHECK(rejection(o, {1, 6, 6}).empty());
  o.padding = {3};
  CHECK_THAT(rejection(o, {1, 6, 6}), Contains("padding[0]=3") && Contains("dilation[0]=2"));

  PoolOptions a = pool(PoolKind::avg, 1, {2});
  a.padding = {1};
  CHECK(rejection(a, {1, 6}).empty());
  a.padding = {2};
  CHECK_THAT(rejection(a, {1, 6}), Contains("padding=2"));
}

TEST_CASE("every output size must be at least 1", "[validation]") {
  // W: in 3, kernel 5, stride 1: (3 - 5) / 1 + 1 = -1 in floor and ceil mode alike.
  PoolOptions o = pool(PoolKind::avg, 2, {2, 5});
  o.stride = {1};
  CHECK_THAT(rejection(o, {1, 6, 3}), Contains("output size -1") && Contains("kernel_size[1]=5"));
  o.ceil_mode = true;
  CHECK_THAT(rejection(o, {1, 6, 3}), Contains("output size -1") && Contains("ceil_mode"));
  // Kernel 4 with the default stride 4 leaves 0 windows in floor mode, but ceil mode keeps the
  // partial window starting at 0 (PyTorch accepts it too).
  o.stride = {};
  o.kernel_size = {2, 4};
  o.ceil_mode = false;
  CHECK_THAT(rejection(o, {1, 6, 3}), Contains("output size 0"));
  o.ceil_mode = true;
  CHECK(rejection(o, {1, 6, 3}).empty());

  // Ceil mode: in 5, kernel 3, stride 3, padding 1 keeps 2 windows after dropping the one that
  // would start in the right padding; the gate accepts and reports that size. (The drop never
  // empties an axis: the first window starts at -padding, before the right padding.)
  PoolOptions m = pool(PoolKind::max, 1, {3});
  m.padding = {1};
  m.ceil_mode = true;
  const auto shape = poolgrad::pool_output_shape(m, {1, 5});
  REQUIRE(shape.status.ok);
  CHECK(shape.output_shape == std::vector<int64_t>{1, 2});

  // A dilated kernel wider than the padded input.
  m = pool(PoolKind::max, 1, {3});
  m.dilation = {3};  // span 7
  m.padding = {1};
  CHECK_THAT(rejection(m, {1, 4}), Contains("output size") && Contains("dilation=3"));
}

TEST_CASE("the input has rank dims+1 or dims+2", "[validation]") {
  const PoolOptions o = pool(PoolKind::max, 2, {2});
  CHECK(rejection(o, {3, 4, 4}).empty());     // (C, H, W)
  CHECK(rejection(o, {2, 3, 4, 4}).empty());  // (N, C, H, W)
  CHECK_THAT(rejection(o, {4, 4}), Contains("rank") && Contains("[4, 4]"));
  CHECK_THAT(rejection(o, {1, 1, 1, 4, 4}), Contains("rank") && Contains("[1, 1, 1, 4, 4]"));
  CHECK_THAT(rejection(o, {}), Contains("rank"));
  CHECK_THAT(rejection(pool(PoolKind::avg, 1, {2}), {1, 1, 1, 4}), Contains("rank"));
}

TEST_CASE("only the batch dimension may be empty", "[validation]") {
  const PoolOptions o = pool(PoolKind::max, 2, {2});
  CHECK_THAT(rejection(o, {1, 0, 4, 4}), Contains("dimension 1 = 0"));
  CHECK_THAT(rejection(o, {1, 3, 4, 0}), Contains("dimension 3 = 0"));
  CHECK_THAT(rejection(o, {0, 4, 4}), Contains("dimension 0 = 0"));  // unbatched: C = 0
  CHECK_THAT(rejection(o, {1, 2, -4, 4}), Contains("dimension 2 = -4"));
  CHECK(rejection(o, {0, 3, 4, 4}).empty());
}

TEST_CASE("a batch of 0 gives an empty output and an empty gradient", "[validation]") {
  for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
    const PoolOptions o = pool(kind, 2, {2});
    const std::vector<int64_t> shape = {0, 3, 4, 4};
    const auto fwd = poolgrad::pool_forward(o, shape, nullptr, 0);
    REQUIRE(fwd.status.ok);
    CHECK(fwd.output_shape == std::vector<int64_t>{0, 3, 2, 2});
    CHECK(fwd.output.empty());
    CHECK(fwd.indices.empty());
    const auto bwd = poolgrad::pool_backward(o, shape, nullptr, 0, nullptr, 0);
    REQUIRE(bwd.status.ok);
    CHECK(bwd.grad_input.empty());
    const auto routing = poolgrad::pool_routing_counts(o, shape, nullptr, 0);
    REQUIRE(routing.status.ok);
    CHECK(routing.counts.empty());
    // An empty batch still has planes the per-plane loops walk: each must fit the size cap.
    CHECK_THAT(rejection(o, {0, 1, int64_t{1} << 13, int64_t{1} << 13}),
               Contains(std::to_string(kMaxElements)));
  }
}

TEST_CASE("divisor_override must not be 0 and stays in range", "[validation]") {
  PoolOptions o = pool(PoolKind::avg, 2, {2});
  o.divisor_override = 0;
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("divisor_override") && Contains("0"));
  o.divisor_override = -3;  // PyTorch allows a negative divisor
  CHECK(rejection(o, {1, 4, 4}).empty());
  o.divisor_override = kMaxElements + 1;
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("divisor_override"));
  o.divisor_override = -(kMaxElements + 1);
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("divisor_override"));
  o.divisor_override = kInt64Min;  // no absolute value exists: must not wrap around to accepted
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("divisor_override"));
}

TEST_CASE("a list needs one value or one per spatial dimension", "[validation]") {
  PoolOptions o = pool(PoolKind::max, 3, {2, 2});
  CHECK_THAT(rejection(o, {1, 4, 4, 4}), Contains("kernel_size") && Contains("[2, 2]"));
  o = pool(PoolKind::max, 2, {2});
  o.stride = {1, 2, 3};
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("stride") && Contains("[1, 2, 3]"));
  o = pool(PoolKind::avg, 1, {2});
  o.padding = {0, 0};
  CHECK_THAT(rejection(o, {1, 4}), Contains("padding") && Contains("[0, 0]"));
  o = pool(PoolKind::max, 3, {2});
  o.dilation = {1, 1, 1, 1};
  CHECK_THAT(rejection(o, {1, 4, 4, 4}), Contains("dilation") && Contains("[1, 1, 1, 1]"));
}

TEST_CASE("parameters are capped at kMaxParameter, without overflow", "[validation]") {
  PoolOptions o = pool(PoolKind::max, 1, {kMaxParameter});
  CHECK(rejection(o, {1, kMaxParameter}).empty());  // one window over the whole input
  o.kernel_size = {kMaxParameter + 1};
  CHECK_THAT(rejection(o, {1, 4}), Contains("kernel_size=" + std::to_string(kMaxParameter + 1)));
  o.kernel_size = {kInt64Max};
  CHECK_THAT(rejection(o, {1, 4}), Contains("kernel_size"));
  o.kernel_size = {kInt64Min};
  CHECK_THAT(rejection(o, {1, 4}), Contains("kernel_size"));

  o = pool(PoolKind::max, 2, {3});
  o.stride = {1, kInt64Max};
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("stride[1]"));
  o.stride = {};
  o.dilation = {kMaxParameter + 1};
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("dilation[0]"));
  o.dilation = {kMaxParameter};  // (k-1)*d+1 stays exact; the window is then far too wide
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("output size"));
  o.dilation = {};
  o.padding = {kInt64Min};
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("padding[0]"));
  o.padding = {kInt64Max};
  CHECK_THAT(rejection(o, {1, 4, 4}), Contains("padding[0]"));
}

TEST_CASE("huge shapes are rejected before anything is allocated or read", "[validation]") {
  // If any entry allocated first, these would exhaust memory (or trip ASan's allocator); the
  // null data pointers would crash if read.
  const std::vector<std::vector<int64_t>> huge_shapes = {
      {int64_t{1} << 30, int64_t{1} << 30},                // 1-D (C, L): each dimension capped
      {1, int64_t{1} << 13, int64_t{1} << 13},             // 2-D: 2^26 elements
      {int64_t{1} << 12, 1, int64_t{1} << 12, 2},          // 2-D batched: 2^25 elements
      {kInt64Max, kInt64Max, kInt64Max, kInt64Max},        // 2-D: would overflow a product
      {int64_t{1} << 20, int64_t{1} << 20, 4096, 4096, 1}  // 3-D batched: overflows too
  };
  for (const auto& shape : huge_shapes) {
    for (PoolKind kind : {PoolKind::max, PoolKind::avg}) {
      const int dims = static_cast<int>(shape.size()) == 2 ? 1 : shape.size() == 5 ? 3 : 2;
      const PoolOptions o = pool(kind, dims, {1});
      INFO("shape rank " << shape.size() << ", kind " << (kind == PoolKind::max ? "max" : "avg"));
      const auto fwd = poolgrad::pool_forward(o, shape, nullptr, 0);
      CHECK_FALSE(fwd.status.ok);
      CHECK(fwd.output.empty());
      CHECK_FALSE(poolgrad::pool_backward(o, shape, nullptr, 0, nullptr, 0).status.ok);
      CHECK_FALSE(poolgrad::pool_routing_counts(o, shape, nullptr, 0).status.ok);
      CHECK_FALSE(poolgrad::pool_output_shape(o, shape).status.ok);
    }
  }
  const PoolOptions o = pool(PoolKind::max, 2, {1});
  CHECK_THAT(rejection(o, {1, int64_t{1} << 13, int64_t{1} << 13}),
             Contains(std::to_string(kMaxElements)));
  CHECK(rejection(o, {1, int64_t{1} << 12, int64_t{1} << 12}).empty());  // exactly the cap
}

TEST_CASE("data lengths must match the shapes", "[validation]") {
  const PoolOptions o = pool(PoolKind::max, 2, {2});
  const std::vector<int64_t> shape = {1, 4, 4};  // output (1, 2, 2)
  const std::vector<float> input(15, 1.0f);
  CHECK_THAT(poolgrad::pool_forward(o, shape, input.data(), input.size()).status.message,
             Contains("input has 15 elements") && Contains("16"));
  CHECK_THAT(poolgrad::pool_routing_counts(o, shape, input.data(), input.size()).status.message,
             Contains("input has 15 elements"));

  const std::vector<float> grad(3, 1.0f);
  const std::vector<int32_t> indices(4, 0);
  CHECK_THAT(
      poolgrad::pool_backward(o, shape, grad.data(), grad.size(), indices.data(), 4).status.message,
      Contains("grad_output has 3 elements") && Contains("4"));
  const std::vector<float> grad4(4, 1.0f);
  CHECK_THAT(poolgrad::pool_backward(o, shape, grad4.data(), 4, indices.data(), 3).status.message,
             Contains("indices must have 4 elements") && Contains("got 3"));
  const PoolOptions a = pool(PoolKind::avg, 2, {2});
  CHECK_THAT(poolgrad::pool_backward(a, shape, grad.data(), grad.size(), nullptr, 0).status.message,
             Contains("grad_output has 3 elements"));
}

TEST_CASE("backward rejects indices outside their (N, C) plane", "[validation]") {
  const PoolOptions o = pool(PoolKind::max, 2, {2});
  const std::vector<int64_t> shape = {2, 1, 4, 4};  // 2 planes of 16, outputs 2 x 4
  const std::vector<float> grad(8, 1.0f);
  std::vector<int32_t> indices = {0, 2, 8, 10, 5, 7, 13, 15};
  REQUIRE(poolgrad::pool_backward(o, shape, grad.data(), 8, indices.data(), 8).status.ok);

  indices[3] = -2;
  CHECK_THAT(poolgrad::pool_backward(o, shape, grad.data(), 8, indices.data(), 8).status.message,
             Contains("indices[3] = -2"));
  indices[3] = 16;  // the plane size: would land in the next plane
  CHECK_THAT(poolgrad::pool_backward(o, shape, grad.data(), 8, indices.data(), 8).status.message,
             Contains("indices[3] = 16"));
  indices[3] = std::numeric_limits<int32_t>::max();
  CHECK_FALSE(poolgrad::pool_backward(o, shape, grad.data(), 8, indices.data(), 8).status.ok);
  indices[3] = std::numeric_limits<int32_t>::min();
  CHECK_FALSE(poolgrad::pool_backward(o, shape, grad.data(), 8, indices.data(), 8).status.ok);

  // -1 marks an empty window: accepted, and it routes nothing.
  indices = {-1, 2, 8, 10, 5, 7, 13, 15};
  const auto bwd = poolgrad::pool_backward(o, shape, grad.data(), 8, indices.data(), 8);
  REQUIRE(bwd.status.ok);
  CHECK(bwd.grad_input[0] == 0.0f);
  CHECK(bwd.grad_input[2] == 1.0f);
  CHECK(bwd.grad_input[16 + 15] == 1.0f);
}
