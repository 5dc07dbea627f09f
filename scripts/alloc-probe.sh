#!/usr/bin/env bash
# Heap allocations of a cached (warm) verification, in the debug test build: preloads a counting allocator
# (scripts/alloc-probe/malloc_count.c) into `swift test` and runs WarmPathAllocationTests, which are skipped
# without it. Expects `swift build --build-tests` to have run. The release figures are Benchmarks/'s alloc-count.
set -euo pipefail
cd "$(dirname "$0")/.."
library=$(mktemp -d /tmp/cognito-jwt-alloc-probe.XXXXXX)/malloc_count.so
trap 'rm -rf "$(dirname "$library")"' EXIT
clang -shared -fPIC -O2 -o "$library" scripts/alloc-probe/malloc_count.c -ldl
LD_PRELOAD="$library" swift test --skip-build --no-parallel --filter WarmPathAllocationTests
