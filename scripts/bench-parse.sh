#!/usr/bin/env bash
# Parser benchmark (Benchmarks/ParseBenchmark): parse throughput in MB/s per core on generated
# reports, cache hit vs parse latency (and each step of a hit timed alone), and cache entry size
# vs serialized size. See BENCHMARKS.md.
#
#   scripts/bench-parse.sh                       # 2,000 generated reports, seed 42
#   scripts/bench-parse.sh --count 10000         # extra arguments are passed on
#
# Writes Benchmarks/results/parse-<UTC date and time>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
product=fazhi-parse-benchmark
bin_dir=$(scripts/bench-build.sh "$product")
mkdir -p Benchmarks/results
output="Benchmarks/results/parse-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "\$ $bin_dir/$product --output-json $output --hit-breakdown $*" >&2
"$bin_dir/$product" --output-json "$output" --hit-breakdown "$@"
