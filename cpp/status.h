// status.h: how the core reports a rejected request. The core never throws and never aborts on
// user input; every public entry point that can fail returns a Status whose message names the
// offending parameter and its value.
#pragma once

#include <string>
#include <utility>

namespace poolgrad {

struct Status {
  bool ok = true;
  std::string message;  // empty when ok

  static Status success() { return {}; }
  static Status error(std::string message) { return {false, std::move(message)}; }
};

}  // namespace poolgrad
