#!/usr/bin/env bash
# fuzz.sh [SECONDS]: builds tests/fuzz/fuzz_pool.cpp with clang's libFuzzer under ASan + UBSan
# and runs it for SECONDS (default 30) from a fresh corpus in build/fuzz. Exits non-zero on any
# crash, sanitizer report, leak or hang (>5 s per input).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
mkdir -p build/fuzz/corpus
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Icpp tests/fuzz/fuzz_pool.cpp cpp/output_size.cpp cpp/validate.cpp cpp/max_pool.cpp \
  cpp/avg_pool.cpp cpp/pool_api.cpp -o build/fuzz/fuzz_pool
build/fuzz/fuzz_pool -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -print_final_stats=1 build/fuzz/corpus 2>&1 | tail -n 12
