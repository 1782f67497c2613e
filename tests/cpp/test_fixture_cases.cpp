// The PyTorch reference cases (../shared/fixtures/pytorch) as tests: the one place the native
// builds (plain and ASan + UBSan) run them. Every op of the fixture files is implemented, so every
// case must run and pass: a case reported unsupported fails. An op name the core does not know
// must be reported unsupported (below). The expected counts are read from the files.
// run_case (fixture_cases.cpp) calls the kernels on NaN-poisoned buffers and pool_api.
#include <catch2/catch.hpp>
#include <string>

#include "fixture_cases.h"
#include "fixture_paths.h"

using nlohmann::json;
using poolgrad::cases::CaseStatus;
using poolgrad::cases::fixture_file;
using poolgrad::cases::load_cases;
using poolgrad::cases::run_case;

namespace {

// Runs every case of a fixture file; each failure is its own check, so all of them are listed.
// Cases that crashed PyTorch are the next test's (run, but not scored).
void check_every_case(const std::string& name) {
  const poolgrad::cases::LoadResult loaded = load_cases(fixture_file(name));
  INFO(loaded.error);
  REQUIRE(loaded.ok);
  size_t scored = 0;
  size_t passed = 0;
  for (const json& c : loaded.cases) {
    if (c.value("pytorch_crash", false)) continue;
    ++scored;
    const poolgrad::cases::CaseOutcome outcome = run_case(c);
    if (outcome.status == CaseStatus::passed) {
      ++passed;
    } else if (outcome.status == CaseStatus::unsupported) {
      FAIL_CHECK(outcome.id << ": op " << outcome.op << " reported unsupported");
    } else {
      FAIL_CHECK(outcome.message);
    }
  }
  INFO(name << ": " << passed << " of " << scored << " cases passed");
  CHECK(scored > 0);
  CHECK(passed == scored);
}

json seed_case(size_t i) {
  const poolgrad::cases::LoadResult loaded = load_cases(fixture_file("cases_seed.json"));
  REQUIRE(loaded.ok);
  REQUIRE(loaded.cases.size() > i);
  return loaded.cases[i];
}

}  // namespace

TEST_CASE("every case of cases_seed.json matches PyTorch", "[fixtures]") {
  check_every_case("cases_seed.json");
}

TEST_CASE("every case of cases_public.json matches PyTorch", "[fixtures]") {
  check_every_case("cases_public.json");
}

// is_implemented_op decides `unsupported` in run_case: it must know every op of the files, and
// no name that is not an op.
TEST_CASE("every op of the fixture files is implemented, and no other name", "[fixtures]") {
  for (const char* name : {"cases_seed.json", "cases_public.json"}) {
    const poolgrad::cases::LoadResult loaded = load_cases(fixture_file(name));
    REQUIRE(loaded.ok);
    for (const json& c : loaded.cases) {
      const std::string op = c.at("op").get<std::string>();
      INFO(name << ": " << c.value("id", std::string("?")) << " (" << op << ")");
      CHECK(poolgrad::cases::is_implemented_op(op));
    }
  }
  for (const char* unknown :
       {"", "max_pool", "max_pool4d", "fractional_max_pool1d", "median_pool2d", "MAX_POOL2D"}) {
    INFO(unknown);
    CHECK_FALSE(poolgrad::cases::is_implemented_op(unknown));
  }
}

TEST_CASE("the configuration that crashed PyTorch runs, is flagged and passes", "[fixtures]") {
  const poolgrad::cases::LoadResult loaded = load_cases(fixture_file("cases_public.json"));
  REQUIRE(loaded.ok);
  int crash_cases = 0;
  for (const json& c : loaded.cases) {
    if (!c.value("pytorch_crash", false)) continue;
    ++crash_cases;
    const poolgrad::cases::CaseOutcome outcome = run_case(c);
    INFO(outcome.id << ": " << outcome.message);
    CHECK(outcome.crash_case);
    CHECK(outcome.status == CaseStatus::passed);
  }
  CHECK(crash_cases >= 1);
}

// The checker itself must catch a wrong number and say where it is.
TEST_CASE("run_case fails a wrong expectation, naming the case and the element", "[fixtures]") {
  json c = seed_case(1);  // max, kernel 2, stride 1
  REQUIRE(c["id"] == "seed-0-0001");
  REQUIRE(run_case(c).status == CaseStatus::passed);

  SECTION("grad_input") {
    c["grad_input"][17] = 0.5;
    const auto outcome = run_case(c);
    CHECK(outcome.status == CaseStatus::failed);
    CHECK(outcome.message == "seed-0-0001: grad_input[17] = 0, expected 0.5");
  }
  SECTION("indices: a tie resolved the other way") {
    c["indices"][17] = 27;  // window (3, 2) holds 6 at 21 and at 27; PyTorch keeps the first
    const auto outcome = run_case(c);
    CHECK(outcome.status == CaseStatus::failed);
    CHECK(outcome.message == "seed-0-0001: indices[17] = 21, expected 27");
  }
  SECTION("output NaN is compared as a value") {
    c["output"][0] = "nan";
    CHECK(run_case(c).message == "seed-0-0001: output[0] = 4, expected nan");
  }
  SECTION("output_shape") {
    c["output_shape"] = {1, 5, 4};
    CHECK(run_case(c).message == "seed-0-0001: output_shape [1, 5, 5], expected [1, 5, 4]");
  }
}

TEST_CASE("run_case tolerates float32 rounding in averages, not more", "[fixtures]") {
  json c = seed_case(3);  // avg, kernel 2, stride 1: grad_input 0.01 at the corners
  c["grad_input"][0] = 0.01f * (1 + 5e-6f);
  CHECK(run_case(c).status == CaseStatus::passed);
  c["grad_input"][0] = 0.0101;
  CHECK(run_case(c).status == CaseStatus::failed);
}

TEST_CASE("run_case: unsupported ops, error cases and malformed cases", "[fixtures]") {
  json c = seed_case(0);

  SECTION("an op the core does not implement is unsupported") {
    c["op"] = "fractional_max_pool1d";  // not an op of PyTorch's either
    CHECK(run_case(c).status == CaseStatus::unsupported);
    c["op"] = "max_pool4d";
    CHECK(run_case(c).status == CaseStatus::unsupported);
  }
  SECTION("an error case passes only when validation rejects it") {
    c["error"] = "some PyTorch message";
    CHECK(run_case(c).status == CaseStatus::failed);  // kernel 2 stride 2 on 6x6 is valid
    c["args"]["stride"] = 0;
    CHECK(run_case(c).status == CaseStatus::passed);
  }
  SECTION("malformed cases fail with a message and never throw") {
    json missing = c;
    missing.erase("grad_input");
    CHECK(run_case(missing).message == "seed-0-0000: malformed case: missing field 'grad_input'");
    json short_input = c;
    short_input["input"].erase(0);
    CHECK(run_case(short_input).status == CaseStatus::failed);
    json bad_number = c;
    bad_number["input"][3] = "two";
    CHECK(run_case(bad_number).status == CaseStatus::failed);
    json float_kernel = c;
    float_kernel["args"]["kernel_size"] = 2.5;
    CHECK(run_case(float_kernel).status == CaseStatus::failed);
    json unknown_arg = c;
    unknown_arg["args"]["norm_type"] = 2;  // lp_pool's, not max_pool's
    CHECK(run_case(unknown_arg).status == CaseStatus::failed);
    json other_op_arg = c;
    other_op_arg["args"]["output_size"] = 3;  // adaptive's, not max_pool's
    CHECK(run_case(other_op_arg).status == CaseStatus::failed);
    json huge = c;
    huge["args"]["kernel_size"] = json(uint64_t{1} << 63);
    CHECK(run_case(huge).status == CaseStatus::failed);
    json no_op = c;
    no_op.erase("op");
    CHECK(run_case(no_op).status == CaseStatus::failed);  // not "unsupported"
    CHECK(run_case(json::array(), "#7").message == "#7: malformed case: not a JSON object");
  }
}

TEST_CASE("load_cases reports unusable files instead of throwing", "[fixtures]") {
  CHECK_FALSE(load_cases(fixture_file("no_such_file.json")).ok);
  CHECK_FALSE(load_cases(fixture_file("README.md")).ok);  // not JSON
}
