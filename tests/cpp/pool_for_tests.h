// pool_for_tests.h: building requests in the Catch2 suites.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "pool_options.h"

// A request of the given kind and dimensionality with only kernel_size set (PyTorch's defaults
// for the rest); tests then set the parameter under test.
inline poolgrad::PoolOptions pool(poolgrad::PoolKind kind, int dims,
                                  std::vector<int64_t> kernel_size) {
  poolgrad::PoolOptions o;
  o.kind = kind;
  o.dims = dims;
  o.kernel_size = std::move(kernel_size);
  return o;
}
