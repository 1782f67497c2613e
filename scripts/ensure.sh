#!/usr/bin/env bash
# ensure.sh [start|test]: installs what poolgrad needs and is missing, and nothing else.
#   start: the toolchains to build the page (cmake, g++, emscripten) and the npm packages.
#   test:  also Catch2, nlohmann-json (native tests) and Chromium (browser tests).
# As root it runs apt-get itself; otherwise it prints the exact command and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"

missing=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_file() { [ -e "$1" ]; }
have_cmd cmake || missing+=(cmake)
have_cmd g++ || missing+=(g++)
have_cmd make || missing+=(make)
have_cmd emcc || missing+=(emscripten)
have_cmd git || missing+=(git)
have_file /usr/include/nlohmann/json.hpp || missing+=(nlohmann-json3-dev)
if [ "$mode" = test ]; then
  have_file /usr/include/catch2/catch.hpp || missing+=(catch2)
  have_cmd chromium || missing+=(chromium)
  have_cmd gzip || missing+=(gzip)
  have_cmd clang++ || missing+=(clang)
  have_cmd clang-format || missing+=(clang-format)
  # Chinese text in the page and its screenshots (without it CJK glyphs render as boxes)
  have_file /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || missing+=(fonts-noto-cjk)
  have_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a || missing+=(libclang-rt-14-dev)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "poolgrad: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "poolgrad: missing Debian packages. Run, as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# npm packages: install from the lock file when node_modules is absent or older than the lock.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "poolgrad: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
