#!/usr/bin/env bash
# build.sh [wasm|native|asan|site|all...]: builds the named parts (default: wasm).
#   wasm:   the core + Embind bindings -> web/lib/wasm/poolgrad-core.mjs (one ES module),
#           KaTeX vendored for the widget -> web/widget/vendor/, and the npm package's files
#           built from them -> dist/ (npm run build:dist: scripts/build-dist.mjs; the tests that
#           import 'poolgrad' by name load dist/poolgrad.js, as users do)
#   native: the core, Catch2 tests and the case checker -> build/native
#   asan:   the same under AddressSanitizer + UndefinedBehaviorSanitizer -> build/asan
#   site:   the static site (the page, the embed page) -> dist/site
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emcc needs Debian's node modules (acorn) on NODE_PATH.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
jobs=$(nproc 2>/dev/null || echo 2)

# KaTeX ships inside the widget (web/widget/vendor/, not committed) so that the widget entry has
# no bare import: a plain <script type="module"> from any static host or CDN can load it. Its
# stylesheet and woff2 fonts come along (the formulas are KaTeX's HTML output); katex-style.mjs
# holds the rules for the shadow root and the fonts for the document (scripts/vendor-katex.mjs).
vendor_katex() {
  mkdir -p web/widget/vendor/fonts
  cp node_modules/katex/dist/katex.mjs web/widget/vendor/katex.mjs
  cp node_modules/katex/dist/katex.min.css web/widget/vendor/katex.min.css
  cp node_modules/katex/dist/fonts/*.woff2 web/widget/vendor/fonts/
  cp node_modules/katex/LICENSE web/widget/vendor/KATEX-LICENSE
  node scripts/vendor-katex.mjs
}
build_wasm() {
  vendor_katex
  [ -f build/wasm/CMakeCache.txt ] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
  npm run --silent build:dist
}
build_native() {
  [ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$jobs"
}
build_asan() {
  [ -f build/asan/CMakeCache.txt ] || cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DPOOLGRAD_SANITIZE=ON >/dev/null
  cmake --build build/asan -j"$jobs"
}
build_site() {
  build_wasm
  npx vite build --config web/site/vite.config.js --logLevel warn
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(wasm)
for part in "${parts[@]}"; do
  case "$part" in
    wasm) build_wasm ;;
    native) build_native ;;
    asan) build_asan ;;
    site) build_site ;;
    all) build_wasm; build_native; build_asan; build_site ;;
    *) echo "build.sh: unknown part '$part' (wasm, native, asan, site, all)" >&2; exit 2 ;;
  esac
done
