#!/usr/bin/env bash
# Scaling benchmark (issue 7): ingest throughput through the gateway with 1, 2 and 4 parser
# processes on this machine's cores (scripts/bench-e2e.sh per parser count, same corpus).
#
#   scripts/bench-scaling.sh [N]        # N reports (default 10000)
#
# Writes Benchmarks/results/scaling-<time>.txt; the per-run files are e2e-*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
output="Benchmarks/results/scaling-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "# fazhi scaling: ingest of $count reports through the gateway by parser count; $(nproc) cores; $(date -u +%FT%TZ)" | tee "$output"
for parsers in 1 2 4; do
    FAZHI_BENCH_PARSERS=$parsers scripts/bench-e2e.sh "$count" 2>/dev/null | grep -E "^parse only|^ingest through" | sed "s/^/parsers=$parsers: /" | tee -a "$output"
done
echo "results in $output" >&2
