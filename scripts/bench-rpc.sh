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
#   FAZHI_BENCH_NICE         niceness of the build (default 10); the run itself is not niced
#   FAZHI_BENCH_KEEP_AWAKE=N during the run, keep N CPUs busy with nice-19 spinners. On this
#                            kind of VM an idle vCPU halts, and waking it costs tens of µs, so a
#                            quiet machine measures the hypervisor's wake-up rather than the code
#                            (BUILD-NOTES.md: sequential p50 170 µs idle vs 55 µs with a busy core).
#                            A nice-19 spinner only gets CPU time nothing else wants; it applies to
#                            all three systems alike. Results say which condition they were taken in.
set -euo pipefail
cd "$(dirname "$0")/.."

product=fazhi-rpc-benchmark
bin_dir=$(scripts/bench-build.sh "$product")

mkdir -p Benchmarks/results
output="Benchmarks/results/rpc-$(date -u +%Y%m%dT%H%M%SZ).json"
spinners=()
stop_spinners() { for pid in "${spinners[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_spinners EXIT
if [ "${FAZHI_BENCH_KEEP_AWAKE:-0}" -gt 0 ]; then
    for _ in $(seq "$FAZHI_BENCH_KEEP_AWAKE"); do
        nice -n 19 sh -c 'while :; do :; done' &
        spinners+=($!)
    done
    echo "keep-awake: ${#spinners[@]} nice-19 spinners running" >&2
fi
echo "\$ $bin_dir/$product --output-json $output $*" >&2
"$bin_dir/$product" --output-json "$output" "$@"
