// fixture_paths.h: where the PyTorch fixtures live for the Catch2 suite: $POOLGRAD_FIXTURES if
// set (CI, a copied checkout), else the build's POOLGRAD_FIXTURES_DIR (../shared beside the repo).
#pragma once

#include <cstdlib>
#include <string>

#ifndef POOLGRAD_FIXTURES_DIR
#error "POOLGRAD_FIXTURES_DIR must be defined by the build (see CMakeLists.txt)"
#endif

namespace poolgrad::cases {

inline std::string fixture_file(const std::string& name) {
  const char* env = std::getenv("POOLGRAD_FIXTURES");
  const std::string dir = env != nullptr && *env != '\0' ? env : POOLGRAD_FIXTURES_DIR;
  return dir + "/" + name;
}

}  // namespace poolgrad::cases
