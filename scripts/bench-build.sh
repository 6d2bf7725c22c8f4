#!/usr/bin/env bash
# Builds one benchmark product in release mode and prints the directory holding it.
#
#   scripts/bench-build.sh fazhi-rpc-benchmark
#
# Benchmarks exist only with FAZHI_BENCHMARKS=1. They are built from a copy of the package in
# .build-bench-package/, because SwiftPM keeps Package.resolved next to Package.swift whatever
# the scratch path, and the benchmarks' extra dependencies (grpc-swift-2 …) must not leak into
# the main checkout's resolution; and into their own scratch path, .build-bench/, so the main
# .build is never touched. Both are git-ignored (.build-*).
#
# Environment: FAZHI_BENCH_NICE, niceness of the build (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
product=${1:?usage: scripts/bench-build.sh PRODUCT}
nice_level=${FAZHI_BENCH_NICE:-10}
scratch=$PWD/.build-bench
package_copy=$PWD/.build-bench-package

rm -rf "$package_copy"
mkdir -p "$package_copy"
tar -c -f - \
    --exclude='./.build*' --exclude=./.git --exclude=./.swiftpm --exclude=./Package.resolved \
    --exclude=./Benchmarks/results --exclude=./clients/c/build \
    . | tar -x -f - -C "$package_copy"

FAZHI_BENCHMARKS=1 nice -n "$nice_level" swift build -c release --product "$product" \
    --package-path "$package_copy" --scratch-path "$scratch" >&2
FAZHI_BENCHMARKS=1 swift build -c release --product "$product" \
    --package-path "$package_copy" --scratch-path "$scratch" --show-bin-path
