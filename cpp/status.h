// status.h: how the core reports a rejected request. The core never throws and never aborts on
// user input; every public entry point that can fail returns a Status whose message names the
// offending parameter and its value, and whose param and code say the same to a program.
#pragma once

#include <string>
#include <utility>

namespace poolgrad {

struct Status {
  bool ok = true;
  std::string message;  // empty when ok
  std::string param;    // PyTorch's name of the rejected parameter, e.g. "padding"
  std::string code;     // a short, stable reason, e.g. "out_of_range"

  static Status success() { return {}; }
  static Status error(std::string message, std::string param = "", std::string code = "") {
    return {false, std::move(message), std::move(param), std::move(code)};
  }
};

}  // namespace poolgrad
