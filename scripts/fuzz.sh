#!/usr/bin/env bash
# fuzz.sh replay | SECONDS | fast SECONDS: libFuzzer on the core (tests/fuzz/fuzz_pool.cpp) under ASan + UBSan,
# built through CMake with clang into build/fuzz (-DPOOLGRAD_FUZZ=ON).
#   replay   runs every input of the checked-in corpus tests/fuzz/corpus/ once, without mutating
#            them: deterministic and quick (npm test)
#   SECONDS  fuzzes for that long (default 30), seeded from tests/fuzz/corpus/; the inputs it
#            finds go to build/fuzz/corpus/ (copy a reproducer worth keeping into
#            tests/fuzz/corpus/)
#   fast S   tests/fuzz/fuzz_fast_paths.cpp for S seconds: the fast kernels (cpp/fast/) against
#            the plain ones, element for element
# Exits non-zero on any crash, failed check, sanitizer report, leak or hang (> 5 s per input);
# libFuzzer then writes the input to build/fuzz/artifacts/. The whole log: build/fuzz/fuzz.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-30}"
[ -f build/fuzz/CMakeCache.txt ] ||
  cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DPOOLGRAD_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++ >/dev/null
# (only the target this mode runs: replay, in npm test, needs fuzz_pool alone)
target=fuzz_pool
[ "$mode" = fast ] && target=fuzz_fast_paths
cmake --build build/fuzz --target "$target" -j2 >/dev/null
mkdir -p build/fuzz/corpus build/fuzz/corpus-fast build/fuzz/artifacts
run=(-timeout=5 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1)
if [ "$mode" = replay ]; then
  run=(build/fuzz/fuzz_pool "${run[@]}" -runs=0 tests/fuzz/corpus)
elif [ "$mode" = fast ]; then
  # fast SECONDS: the fast kernels against the plain ones (tests/fuzz/fuzz_fast_paths.cpp)
  run=(build/fuzz/fuzz_fast_paths "${run[@]}" -max_total_time="${2:-30}" build/fuzz/corpus-fast)
else
  run=(build/fuzz/fuzz_pool "${run[@]}" -max_total_time="$mode" build/fuzz/corpus tests/fuzz/corpus)
fi
if "${run[@]}" >build/fuzz/fuzz.log 2>&1; then
  grep -E '^INFO: seed corpus|^#[0-9]+[[:space:]]+(INITED|DONE)|^Done|^stat::' build/fuzz/fuzz.log
else
  status=$?
  grep -v '^    #' build/fuzz/fuzz.log | tail -n 40
  echo "fuzz.sh: FAILED (exit $status); the input is in build/fuzz/artifacts/" >&2
  exit "$status"
fi
