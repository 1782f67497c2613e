#!/usr/bin/env bash
# test.sh: everything `npm test` runs, in order. Installs what is missing first (ensure.sh).
#   1. Catch2 on the core (native), then again under ASan + UBSan; each run includes every PyTorch
#      fixture case (tests/cpp/test_fixture_cases.cpp) and the native case checker on the seed file
#   2. libFuzzer on the core: its corpus replayed
#   3. node:test on the built wasm through the public library API (includes the tsc --strict check):
#      every PyTorch fixture case once (tests/js/fixtures.test.mjs), `npm run check-cases` on small
#      files (tests/js/check_cases.test.mjs)
#   4. the packaging tests (npm pack -> scratch project: Node, Vite, CSP, CDN-style page)
#   5. the browser tests in real Chromium
set -uo pipefail
cd "$(dirname "$0")/.."
timings=()
bash scripts/ensure.sh test || exit 1
bash scripts/build.sh wasm native asan || exit 1
timings+=("$SECONDS s  install and build")

passed=0
failed=0
stage() {
  local name="$1"
  shift
  echo
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "=== FAILED: $name"
  fi
  timings+=("$((SECONDS - started)) s  $name")
}

stage "Lint (ESLint, clang-format)" npm run lint --silent
stage "Catch2 (native)" ctest --test-dir build/native --output-on-failure
stage "Catch2 (ASan + UBSan)" ctest --test-dir build/asan --output-on-failure
stage "Fuzz corpus replay (libFuzzer, ASan + UBSan, deterministic; timed runs: npm run fuzz)" \
  bash scripts/fuzz.sh replay
stage "JS library tests" node --test tests/js/
stage "Package tests (npm pack)" node --test --test-concurrency=1 tests/package/
stage "Browser tests (Chromium)" node --test --test-concurrency=1 tests/browser/

echo
printf '%s\n' "${timings[@]}"
echo "total: $SECONDS s"
# The plain closing line CI reads: stages of this script that passed and failed.
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
