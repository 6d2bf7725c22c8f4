#!/usr/bin/env bash
# Aggregator benchmark (issue 5): ingest rate of facts and a grouped aggregate (by year and
# province: count, distinct reports, sum, mean, min, max, median, p90) over 1M and 10M facts,
# against DuckDB and SQLite (in memory) on the same data, in one run.
#
#   scripts/bench-aggregate.sh                 # 1M and 10M facts
#   scripts/bench-aggregate.sh 1000000         # sizes to run
#
# Needs `pip install duckdb` (installed if missing). Writes Benchmarks/results/aggregate-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000000 10000000}")
python3 -c 'import duckdb' 2>/dev/null || pip install -q duckdb >&2
product=fazhi-aggregate-benchmark
bin_dir=$(scripts/bench-build.sh "$product")
mkdir -p Benchmarks/results
output="Benchmarks/results/aggregate-$(date -u +%Y%m%dT%H%M%SZ).txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
    echo "# fazhi aggregate benchmark, $(date -u +%FT%TZ)"
    echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "# duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)'), sqlite $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')"
} | tee "$output"
for size in ${sizes[*]}; do
    echo "## $size facts" | tee -a "$output"
    echo "\$ $product --facts $size --repeat 5 --csv facts.csv" | tee -a "$output"
    "$bin_dir/$product" --facts "$size" --repeat 5 --csv "$work/facts.csv" | tee -a "$output"
    echo "\$ python3 Benchmarks/AggregateBenchmark/compare.py facts.csv 5" | tee -a "$output"
    python3 Benchmarks/AggregateBenchmark/compare.py "$work/facts.csv" 5 | tee -a "$output"
    rm -f "$work/facts.csv"
done
echo "results in $output" >&2
