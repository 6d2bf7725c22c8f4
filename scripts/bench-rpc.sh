#!/usr/bin/env bash
# Builds and runs the RPC benchmark (Benchmarks/RPCBenchmark): echo round trips on loopback,
# fazhi vs grpc-swift-2 unary calls vs a bare NIO framed echo, in one run. See BENCHMARKS.md.
#
#   scripts/bench-rpc.sh                     # default settings (about 3.5 minutes of measuring)
#   scripts/bench-rpc.sh --duration-seconds 5 --systems fazhi,bare   # extra arguments are passed on
#
# The benchmark and its peers (grpc-swift-2, grpc-swift-nio-transport) exist only with
# FAZHI_BENCHMARKS=1 and are built in release mode in their own scratch path, .build-bench, so
# the main .build is never touched. The first build compiles grpc-swift-2 and its dependencies
# (BoringSSL among them): about 16 minutes on an idle 2-core machine, more on a busy one.
#
# SwiftPM writes Package.resolved next to Package.swift whatever the scratch path, and the gated
# dependencies add grpc-swift-2 and ten more pins to it, which a concurrent main build then reads
# (and checks out). So the benchmark is built from a copy of the package in .build-bench-package
# (sources only, mtimes kept, so rebuilds stay incremental), which gets its own Package.resolved.
#
# Writes Benchmarks/results/rpc-<UTC date and time>.json and prints the tables.
#
# Environment:
#   FAZHI_BENCH_NICE   niceness of the build (default 10); the run itself is not niced
set -euo pipefail
cd "$(dirname "$0")/.."

nice_level=${FAZHI_BENCH_NICE:-10}
product=fazhi-rpc-benchmark
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
bin_dir=$(FAZHI_BENCHMARKS=1 swift build -c release --product "$product" \
    --package-path "$package_copy" --scratch-path "$scratch" --show-bin-path)

mkdir -p Benchmarks/results
output="Benchmarks/results/rpc-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "\$ $bin_dir/$product --output-json $output $*" >&2
"$bin_dir/$product" --output-json "$output" "$@"
