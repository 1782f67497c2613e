// The output-size formula (PyTorch's pooling_output_shape, aten/src/ATen/native/Pool.h):
//   out = floor((in + 2*pad - dilation*(kernel-1) - 1 + (ceil ? stride-1 : 0)) / stride) + 1,
// then in ceil_mode a last window starting in the right padding is dropped. Each expectation
// below lists the window starts that justify it.
#include <catch2/catch.hpp>
#include <vector>

#include "output_size.h"
#include "pool_api.h"

using poolgrad::pooling_output_size;

TEST_CASE("output size: floor mode", "[output_size]") {
  // in, kernel, stride, padding, dilation
  CHECK(pooling_output_size(6, 2, 2, 0, 1, false) == 3);  // starts 0 2 4
  CHECK(pooling_output_size(6, 2, 1, 0, 1, false) == 5);  // starts 0..4
  CHECK(pooling_output_size(5, 2, 2, 0, 1, false) == 2);  // starts 0 2; 4 would overhang
  CHECK(pooling_output_size(4, 3, 2, 1, 1, false) == 2);  // starts -1 1
  CHECK(pooling_output_size(7, 3, 1, 0, 2, false) == 3);  // dilated span 5: starts 0 1 2
  CHECK(pooling_output_size(1, 1, 1, 0, 1, false) == 1);
}

TEST_CASE("output size: ceil mode keeps a partial last window", "[output_size]") {
  CHECK(pooling_output_size(5, 2, 2, 0, 1, true) == 3);  // starts 0 2 4 (4 holds one element)
  CHECK(pooling_output_size(4, 3, 2, 1, 1, true) == 3);  // starts -1 1 3
  CHECK(pooling_output_size(6, 2, 2, 0, 1, true) == 3);  // exact fit: nothing to add
}

TEST_CASE("output size: ceil mode drops a window starting in the right padding", "[output_size]") {
  // in 5, kernel 2, stride 2, padding 1: the formula gives 4 (starts -1 1 3 5), but start 5 lies
  // in the right padding (input indices are 0..4), so PyTorch drops it.
  CHECK(pooling_output_size(5, 2, 2, 1, 1, true) == 3);
  // in 5, kernel 3, stride 3, padding 1: starts -1 2 5 -> 5 dropped.
  CHECK(pooling_output_size(5, 3, 3, 1, 1, true) == 2);
  // in 6, same: starts -1 2 5 -> 5 is an input element, kept.
  CHECK(pooling_output_size(6, 3, 3, 1, 1, true) == 3);
}

TEST_CASE("output size: a window larger than the input leaves < 1 (floor division)",
          "[output_size]") {
  CHECK(pooling_output_size(3, 4, 1, 0, 1, false) == 0);
  CHECK(pooling_output_size(2, 5, 1, 0, 1, false) == -2);
  // (2 - 5) / 2 must round toward -inf (-2), not toward 0, or this would read 1.
  CHECK(pooling_output_size(2, 5, 2, 0, 1, false) == -1);
  CHECK(pooling_output_size(2, 5, 2, 0, 1, true) == 0);
}

TEST_CASE("pool_output_shape keeps the batch and channel dimensions", "[output_size]") {
  poolgrad::PoolOptions o;
  o.dims = 2;
  o.kernel_size = {2, 3};
  o.stride = {2, 1};
  o.padding = {1, 1};
  // H: in 5, kernel 2, stride 2, padding 1: starts -1 1 3 (5 would overhang) -> 3.
  // W: in 4, kernel 3, stride 1, padding 1: starts -1 0 1 2 -> 4.
  auto r = poolgrad::pool_output_shape(o, {3, 5, 4});
  REQUIRE(r.status.ok);
  CHECK(r.output_shape == std::vector<int64_t>{3, 3, 4});
  r = poolgrad::pool_output_shape(o, {2, 3, 5, 4});
  REQUIRE(r.status.ok);
  CHECK(r.output_shape == std::vector<int64_t>{2, 3, 3, 4});

  o.dims = 1;
  o.kernel_size = {3};
  o.stride = {};  // default: the kernel size
  o.padding = {};
  r = poolgrad::pool_output_shape(o, {2, 10});
  REQUIRE(r.status.ok);
  CHECK(r.output_shape == std::vector<int64_t>{2, 3});

  o.dims = 3;
  o.kernel_size = {1, 2, 3};
  o.ceil_mode = true;
  r = poolgrad::pool_output_shape(o, {1, 1, 3, 3, 4});  // stride = kernel: 3, ceil(3/2), ceil(4/3)
  REQUIRE(r.status.ok);
  CHECK(r.output_shape == std::vector<int64_t>{1, 1, 3, 2, 2});
}
