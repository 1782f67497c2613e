// fixture_cases.h: the PyTorch reference cases (../shared/fixtures/pytorch, format in its
// README.md) read from JSON and run through the core. Shared by the Catch2 suite and the
// check_cases tool, so both judge a case the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pool_options.h"

namespace poolgrad::cases {

struct LoadResult {
  bool ok = false;
  std::string error;     // why the file could not be used (when !ok)
  nlohmann::json cases;  // a JSON array of case objects (when ok)
};

// Reads a fixture file. Fails (never throws) on a missing file, invalid JSON or a top level that
// is not a list.
LoadResult load_cases(const std::string& path);

// The ops the core implements: every op of the fixtures (max, avg, adaptive max/avg, lp,
// max_unpool 1-D to 3-D; fractional max 2-D and 3-D).
bool is_implemented_op(const std::string& op);

// A case's op and args as the core's options. Throws std::runtime_error naming the field when
// the case cannot be expressed (unknown op, an argument of the wrong type, an unknown argument).
PoolOptions to_options(const nlohmann::json& test_case);

enum class CaseStatus { passed, failed, unsupported };

struct CaseOutcome {
  CaseStatus status = CaseStatus::failed;
  bool crash_case = false;  // PyTorch crashed on it: reported apart, not scored
  std::string id;
  std::string op;
  std::string message;  // why it failed: "<id>: grad_input[17] = 0.5, expected 0.25"
};

// Runs one case: forward and backward through the kernels on NaN-poisoned buffers and through
// pool_api, compared with the expected fields; or, for a case with `error`, checks that
// validation rejects it. A malformed case fails with a message; nothing throws out of here.
// fallback_id names the case when it has no usable "id".
CaseOutcome run_case(const nlohmann::json& test_case, const std::string& fallback_id = "");

const char* status_name(CaseStatus status);

}  // namespace poolgrad::cases
