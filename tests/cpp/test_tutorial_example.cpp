// The tutorial's worked example: a 6x6 input, kernel 2, stride 2 and stride 1, max and avg,
// loss = mean of the pooled output. Every expected number below was derived by hand from the
// input (the derivation is in the comments), not copied from poolgrad's output.
//
// With loss = mean, each output element receives dout = 1 / N_B (N_B = output elements), and
//   max: dinp = count / N_B          (count = windows the element wins)
//   avg: dinp = count / (N_B * B_c)  (count = windows covering it, B_c = 4 elements per window)
#include <catch2/catch.hpp>
#include <vector>

#include "fixture_cases.h"
#include "fixture_paths.h"
#include "pool_api.h"

using poolgrad::PoolKind;
using poolgrad::PoolOptions;

namespace {

// clang-format off
const std::vector<float> kInput = {
    1,  3, 4, 2, 5, 2,
    4,  2, 5, 6, 8, 3,
    5,  3, 7, 8, 9, 3,
    8,  4, 3, 6, 0, 2,
    7, 10, 3, 6, 3, 5,
    4,  7, 2, 4, 7, 8};
// clang-format on
const std::vector<int64_t> kShape = {1, 6, 6};  // (C, H, W)

PoolOptions options(PoolKind kind, int64_t stride) {
  PoolOptions o;
  o.kind = kind;
  o.dims = 2;
  o.kernel_size = {2};
  o.stride = {stride};
  return o;
}

// The gradient of the mean: dout = 1 / N_B everywhere.
std::vector<float> mean_grad(size_t windows) {
  return std::vector<float>(windows, 1.0f / static_cast<float>(windows));
}

void check_grad(const std::vector<float>& grad, const std::vector<int32_t>& counts, double scale) {
  REQUIRE(grad.size() == counts.size());
  for (size_t i = 0; i < grad.size(); ++i) {
    INFO("grad_input[" << i << "] (row " << i / 6 << ", col " << i % 6 << ")");
    CHECK(grad[i] == Approx(counts[i] / scale).margin(1e-7));
  }
}

}  // namespace

TEST_CASE("the tutorial's input is the one recorded in cases_seed.json", "[tutorial]") {
  const auto loaded = poolgrad::cases::load_cases(poolgrad::cases::fixture_file("cases_seed.json"));
  REQUIRE(loaded.ok);
  for (const auto& c : loaded.cases) {
    CHECK(c["input"].get<std::vector<float>>() == kInput);
    CHECK(c["input_shape"].get<std::vector<int64_t>>() == kShape);
  }
}

TEST_CASE("tutorial: max pooling, kernel 2, stride 2", "[tutorial]") {
  const PoolOptions o = options(PoolKind::max, 2);
  const auto fwd = poolgrad::pool_forward(o, kShape, kInput.data(), kInput.size());
  REQUIRE(fwd.status.ok);
  // Windows (top-left row, col) -> max, at (row, col) = flat index:
  //   (0,0) 1 3/4 2 -> 4 at (1,0)=6    (0,2) 4 2/5 6 -> 6 at (1,3)=9    (0,4) 5 2/8 3 -> 8 at
  //   (1,4)=10 (2,0) 5 3/8 4 -> 8 at (3,0)=18   (2,2) 7 8/3 6 -> 8 at (2,3)=15   (2,4) 9 3/0 2 -> 9
  //   at (2,4)=16 (4,0) 7 10/4 7 -> 10 at (4,1)=25 (4,2) 3 6/2 4 -> 6 at (4,3)=27   (4,4) 3 5/7 8
  //   -> 8 at (5,5)=35
  CHECK(fwd.output_shape == std::vector<int64_t>{1, 3, 3});
  CHECK(fwd.output == std::vector<float>{4, 6, 8, 8, 8, 9, 10, 6, 8});
  CHECK(fwd.indices == std::vector<int32_t>{6, 9, 10, 18, 15, 16, 25, 27, 35});

  // clang-format off
  const std::vector<int32_t> counts = {  // each winner wins exactly one window
      0, 0, 0, 0, 0, 0,
      1, 0, 0, 1, 1, 0,
      0, 0, 0, 1, 1, 0,
      1, 0, 0, 0, 0, 0,
      0, 1, 0, 1, 0, 0,
      0, 0, 0, 0, 0, 1};
  // clang-format on
  const auto routing = poolgrad::pool_routing_counts(o, kShape, kInput.data(), kInput.size());
  REQUIRE(routing.status.ok);
  CHECK(routing.counts == counts);
  CHECK(routing.windows_per_plane == 9);  // N_B

  const auto dout = mean_grad(9);
  const auto bwd = poolgrad::pool_backward(o, kShape, dout.data(), dout.size(), fwd.indices.data(),
                                           fwd.indices.size());
  REQUIRE(bwd.status.ok);
  check_grad(bwd.grad_input, counts, 9.0);  // count / N_B = 1/9 at the winners
}

TEST_CASE("tutorial: max pooling, kernel 2, stride 1", "[tutorial]") {
  const PoolOptions o = options(PoolKind::max, 1);
  const auto fwd = poolgrad::pool_forward(o, kShape, kInput.data(), kInput.size());
  REQUIRE(fwd.status.ok);
  // 25 overlapping windows; the max of each, and where it is (ties: the first in row-major
  // window order, e.g. window (3,2) = 3 6/3 6 keeps the 6 at (3,3), not the one at (4,3)):
  //   row 0: 4@(1,0) 5@(1,2) 6@(1,3) 8@(1,4) 8@(1,4)
  //   row 1: 5@(2,0) 7@(2,2) 8@(2,3) 9@(2,4) 9@(2,4)
  //   row 2: 8@(3,0) 7@(2,2) 8@(2,3) 9@(2,4) 9@(2,4)
  //   row 3: 10@(4,1) 10@(4,1) 6@(3,3) 6@(3,3) 5@(4,5)
  //   row 4: 10@(4,1) 10@(4,1) 6@(4,3) 7@(5,4) 8@(5,5)
  CHECK(fwd.output_shape == std::vector<int64_t>{1, 5, 5});
  // clang-format off
  CHECK(fwd.output == std::vector<float>{
       4,  5, 6, 8, 8,
       5,  7, 8, 9, 9,
       8,  7, 8, 9, 9,
      10, 10, 6, 6, 5,
      10, 10, 6, 7, 8});
  CHECK(fwd.indices == std::vector<int32_t>{
       6,  8,  9, 10, 10,
      12, 14, 15, 16, 16,
      18, 14, 15, 16, 16,
      25, 25, 21, 21, 29,
      25, 25, 27, 34, 35});
  // clang-format on

  // The position matrix: how many of the 25 windows each element wins (sums to 25).
  // clang-format off
  const std::vector<int32_t> counts = {
      0, 0, 0, 0, 0, 0,
      1, 0, 1, 1, 2, 0,
      1, 0, 2, 2, 4, 0,
      1, 0, 0, 2, 0, 0,
      0, 4, 0, 1, 0, 1,
      0, 0, 0, 0, 1, 1};
  // clang-format on
  const auto routing = poolgrad::pool_routing_counts(o, kShape, kInput.data(), kInput.size());
  REQUIRE(routing.status.ok);
  CHECK(routing.counts == counts);
  CHECK(routing.windows_per_plane == 25);  // N_B

  const auto dout = mean_grad(25);
  const auto bwd = poolgrad::pool_backward(o, kShape, dout.data(), dout.size(), fwd.indices.data(),
                                           fwd.indices.size());
  REQUIRE(bwd.status.ok);
  check_grad(bwd.grad_input, counts, 25.0);  // e.g. the 9 at (2,4) wins 4 windows: 4/25 = 0.16
}

TEST_CASE("tutorial: average pooling, kernel 2, stride 2", "[tutorial]") {
  const PoolOptions o = options(PoolKind::avg, 2);
  const auto fwd = poolgrad::pool_forward(o, kShape, kInput.data(), kInput.size());
  REQUIRE(fwd.status.ok);
  // Window sums / 4: 10/4 17/4 18/4 | 20/4 24/4 14/4 | 28/4 15/4 23/4
  CHECK(fwd.output_shape == std::vector<int64_t>{1, 3, 3});
  CHECK(fwd.output == std::vector<float>{2.5f, 4.25f, 4.5f, 5, 6, 3.5f, 7, 3.75f, 5.75f});
  CHECK(fwd.indices.empty());

  const std::vector<int32_t> counts(36, 1);  // the windows tile the input
  const auto routing = poolgrad::pool_routing_counts(o, kShape, kInput.data(), kInput.size());
  REQUIRE(routing.status.ok);
  CHECK(routing.counts == counts);
  CHECK(routing.windows_per_plane == 9);                   // N_B
  CHECK(routing.divisors == std::vector<float>(9, 4.0f));  // B_c

  const auto dout = mean_grad(9);
  const auto bwd = poolgrad::pool_backward(o, kShape, dout.data(), dout.size(), nullptr, 0);
  REQUIRE(bwd.status.ok);
  check_grad(bwd.grad_input, counts, 9.0 * 4.0);  // 1/36 everywhere

  // The windows as lists of flat input indices: window (i, j) covers rows 2i, 2i+1 and columns
  // 2j, 2j+1, i.e. 12i + 2j + {0, 1, 6, 7}.
  const auto windows = poolgrad::pool_windows(o, kShape);
  REQUIRE(windows.status.ok);
  CHECK(windows.offsets == std::vector<int32_t>{0, 4, 8, 12, 16, 20, 24, 28, 32, 36});
  CHECK(windows.cells == std::vector<int32_t>{0,  1,  6,  7,  2,  3,  8,  9,  4,  5,  10, 11,
                                              12, 13, 18, 19, 14, 15, 20, 21, 16, 17, 22, 23,
                                              24, 25, 30, 31, 26, 27, 32, 33, 28, 29, 34, 35});
}

TEST_CASE("tutorial: average pooling, kernel 2, stride 1", "[tutorial]") {
  const PoolOptions o = options(PoolKind::avg, 1);
  const auto fwd = poolgrad::pool_forward(o, kShape, kInput.data(), kInput.size());
  REQUIRE(fwd.status.ok);
  // Window sums: 10 14 17 21 18 | 14 17 26 31 23 | 20 17 24 23 14 | 29 20 18 15 10 |
  //              28 22 15 20 23, each / 4.
  CHECK(fwd.output_shape == std::vector<int64_t>{1, 5, 5});
  // clang-format off
  CHECK(fwd.output == std::vector<float>{
      2.5f,  3.5f,  4.25f, 5.25f, 4.5f,
      3.5f,  4.25f, 6.5f,  7.75f, 5.75f,
      5.0f,  4.25f, 6.0f,  5.75f, 3.5f,
      7.25f, 5.0f,  4.5f,  3.75f, 2.5f,
      7.0f,  5.5f,  3.75f, 5.0f,  5.75f});
  // clang-format on

  // Windows covering each element: corners 1, edges 2, interior 4.
  // clang-format off
  const std::vector<int32_t> counts = {
      1, 2, 2, 2, 2, 1,
      2, 4, 4, 4, 4, 2,
      2, 4, 4, 4, 4, 2,
      2, 4, 4, 4, 4, 2,
      2, 4, 4, 4, 4, 2,
      1, 2, 2, 2, 2, 1};
  // clang-format on
  const auto routing = poolgrad::pool_routing_counts(o, kShape, kInput.data(), kInput.size());
  REQUIRE(routing.status.ok);
  CHECK(routing.counts == counts);
  CHECK(routing.windows_per_plane == 25);                   // N_B
  CHECK(routing.divisors == std::vector<float>(25, 4.0f));  // B_c

  const auto dout = mean_grad(25);
  const auto bwd = poolgrad::pool_backward(o, kShape, dout.data(), dout.size(), nullptr, 0);
  REQUIRE(bwd.status.ok);
  check_grad(bwd.grad_input, counts, 25.0 * 4.0);  // 0.01, 0.02, 0.04
}
