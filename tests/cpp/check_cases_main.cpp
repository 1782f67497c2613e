// check_cases FILE.json: runs every case of a PyTorch fixture file through the core and prints
// one JSON summary on stdout for the JS orchestrator, which decides what a failure means:
//   {"passed":N,"failed":M,"unsupported":K,"crash_cases":[{"id":..,"ok":bool}],
//    "ops":{"max_pool2d":{"passed":..,"failed":..,"unsupported":..},...},
//    "failures":[{"id":..,"op":..,"message":..}, ...at most 50]}
// Cases PyTorch crashed on (pytorch_crash) are run but listed apart, not counted.
// Exit status: 0 whenever the file could be read (even with failing cases), 2 when it cannot.
#include <iostream>
#include <string>

#include "fixture_cases.h"

namespace {

constexpr size_t kMaxFailuresListed = 50;

}  // namespace

int main(int argc, char** argv) {
  using json = nlohmann::ordered_json;  // keys in the documented order, for a human reader too
  using poolgrad::cases::CaseStatus;
  if (argc != 2) {
    std::cerr << "usage: check_cases FILE.json\n";
    return 2;
  }
  const poolgrad::cases::LoadResult loaded = poolgrad::cases::load_cases(argv[1]);
  if (!loaded.ok) {
    std::cerr << "check_cases: " << loaded.error << "\n";
    return 2;
  }

  json summary = {{"passed", 0},           {"failed", 0},
                  {"unsupported", 0},      {"crash_cases", json::array()},
                  {"ops", json::object()}, {"failures", json::array()}};
  for (size_t i = 0; i < loaded.cases.size(); ++i) {
    const auto outcome = poolgrad::cases::run_case(loaded.cases[i], "#" + std::to_string(i));
    const bool failed = outcome.status == CaseStatus::failed;
    if (failed && summary["failures"].size() < kMaxFailuresListed) {
      summary["failures"].push_back(
          {{"id", outcome.id}, {"op", outcome.op}, {"message", outcome.message}});
    }
    if (outcome.crash_case) {
      json entry = {{"id", outcome.id}, {"ok", outcome.status == CaseStatus::passed}};
      if (!outcome.message.empty()) entry["message"] = outcome.message;
      summary["crash_cases"].push_back(entry);
      continue;
    }
    const char* status = poolgrad::cases::status_name(outcome.status);
    summary[status] = summary[status].get<int>() + 1;
    json& op = summary["ops"][outcome.op.empty() ? "(no op)" : outcome.op];
    if (op.is_null()) op = {{"passed", 0}, {"failed", 0}, {"unsupported", 0}};
    op[status] = op[status].get<int>() + 1;
  }
  std::cout << summary.dump() << "\n";
  return 0;
}
