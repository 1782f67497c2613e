// The Catch2 runner for the core's tests (one main for every test_*.cpp).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
