#!/usr/bin/env bash
# End-to-end benchmark (issue 6): ingest N generated reports through the gateway of a local
# cluster of processes (release build), compared with parsing alone in one process; then
# search latency through the gateway and directly on the shard, on ../shared/bench/queries.txt.
#
#   scripts/bench-e2e.sh 10000            # N reports (default 10000)
#   FAZHI_BENCH_PARSERS=2 scripts/bench-e2e.sh 100000
#   FAZHI_BENCH_KEEP=1 scripts/bench-e2e.sh 10000   # keep the data directory (see cleanup)
#   FAZHI_BENCH_BIN=/other/checkout/.build/release scripts/bench-e2e.sh   # measure another build
#   FAZHI_BENCH_BATCH=32 FAZHI_BENCH_CONCURRENCY=4 scripts/bench-e2e.sh  # fazhi ingest's flags (default 256, 4)
#   FAZHI_BENCH_ROUNDS=30 scripts/bench-e2e.sh 100000  # times through the query list (default 10)
#
# Writes Benchmarks/results/e2e-N-<UTC time>.txt. Bounded: the cluster is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
parsers=${FAZHI_BENCH_PARSERS:-2}
queries=${FAZHI_BENCH_QUERIES:-../shared/bench/queries.txt}
if [ -n "${FAZHI_BENCH_BIN:-}" ]; then
    bin=$FAZHI_BENCH_BIN  # another build's executables, for an A/B comparison in one session
else
    swift build -c release >&2
    bin=$(swift build -c release --show-bin-path)
fi
work=${FAZHI_BENCH_WORK:-/tmp/fazhi-bench-e2e}
corpus="$work/corpus-$count"
data="$work/data-$count-$$"
mkdir -p "$work" Benchmarks/results
output="Benchmarks/results/e2e-$count-$(date -u +%Y%m%dT%H%M%SZ).txt"
up_pid=
cleanup() {
    if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then "$bin/fazhi" down --data "$data" >/dev/null 2>&1 || kill -TERM "$up_pid"; fi
    # FAZHI_BENCH_KEEP=1 keeps the data: on ext4 without a journal, inodes freed in the last
    # minutes are skipped (slowly) when new files are created, so deleting a run's 30,000 cache
    # files inflates the next run's parser CPU by a quarter. Delete kept runs when done.
    if [ -z "${FAZHI_BENCH_KEEP:-}" ]; then rm -rf "$data"; else echo "kept $data" >&2; fi
}
trap cleanup EXIT
[ -f "$corpus/manifest.jsonl" ] || "$bin/fazhi" generate --out "$corpus" --count "$count" --seed 42 >&2
bytes=$(du -sb "$corpus" | cut -f1)
{
    echo "# fazhi end-to-end benchmark, $count reports ($((bytes / 1000000)) MB), $(date -u +%FT%TZ)"
    echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "# build: $bin, commit $(cd "$bin" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$bin" && git diff --quiet HEAD -- 2>/dev/null || echo ' + uncommitted changes')"
    echo "# ingest: --batch ${FAZHI_BENCH_BATCH:-256} --concurrency ${FAZHI_BENCH_CONCURRENCY:-4}"
    echo "# cluster: $parsers parsers, 1 index shard, 1 facts partition, separate processes, release build"
} | tee "$output"

# Parsing alone, one process, no cache.
start=$(date +%s.%N)
"$bin/fazhi" parse "$corpus" >/dev/null 2>&1 || true
end=$(date +%s.%N)
parse_seconds=$(echo "$end - $start" | bc)
echo "parse only (1 process, no cache): $(echo "scale=1; $count / $parse_seconds" | bc) reports/s in ${parse_seconds}s" | tee -a "$output"

"$bin/fazhi" up --port 0 --parsers "$parsers" --shards 1 --partitions 1 --data "$data" --log-level warning >"$work/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 300); do [ -s "$data/gateway.address" ] && break; sleep 0.1; done
gateway=$(cat "$data/gateway.address")
export XDG_CACHE_HOME="$data/xdg"
cpu_ticks() {  # the machine's busy and idle clock ticks since boot, all cores
    local _ u n s i w q sq
    read -r _ u n s i w q sq _ < /proc/stat
    echo "$((u + n + s + q + sq)) $((i + w))"
}
cpu_snapshot() {  # per-process CPU seconds of the cluster's processes, and the machine's busy share
    local tck; tck=$(getconf CLK_TCK)
    for pid in $(pgrep -P "$up_pid") "$up_pid"; do
        [ -r "/proc/$pid/stat" ] || continue
        awk -v t="$tck" -v name="$(tr '\0' ' ' < "/proc/$pid/cmdline" | awk '{print $1}' | xargs basename)" '{printf "%s %.2f\n", name, ($14 + $15) / t}' "/proc/$pid/stat"
    done
}
read -r busy0 idle0 <<<"$(cpu_ticks)"
cpu_before=$(cpu_snapshot)
start=$(date +%s.%N)
"$bin/fazhi" ingest "$corpus" --gateway "$gateway" --json --batch "${FAZHI_BENCH_BATCH:-256}" --concurrency "${FAZHI_BENCH_CONCURRENCY:-4}" >"$data/ingest.json"
end=$(date +%s.%N)
ingest_seconds=$(echo "$end - $start" | bc)
python3 - "$data/ingest.json" "$count" "$ingest_seconds" "$parse_seconds" <<'PY' | tee -a "$output"
import json, sys
summary = json.load(open(sys.argv[1])); n = int(sys.argv[2]); t = float(sys.argv[3]); p = float(sys.argv[4])
print(f"ingest through the gateway: {summary['ingested']} ingested, {summary['unchanged']} unchanged, {len(summary['failed'])} failed "
      f"in {t:.1f}s = {n / t:.0f} reports/s; parse-only {n / p:.0f} reports/s per process; ratio e2e/parse-only {(n / t) / (n / p):.2f}")
PY
read -r busy1 idle1 <<<"$(cpu_ticks)"
busy=$((busy1 - busy0)); idle=$((idle1 - idle0))
python3 - "$busy" "$idle" "$ingest_seconds" "$count" <<PY | tee -a "$output"
import sys
busy, idle, t, n = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
before = {}
for line in """$cpu_before""".splitlines():
    name, s = line.rsplit(" ", 1); before[name] = before.get(name, 0) + float(s)
after = {}
for line in """$(cpu_snapshot)""".splitlines():
    name, s = line.rsplit(" ", 1); after[name] = after.get(name, 0) + float(s)
print(f"machine busy during ingest: {100 * busy / (busy + idle):.0f}% of all cores")
for name in sorted(after, key=lambda k: -(after[k] - before.get(k, 0))):
    d = after[name] - before.get(name, 0)
    print(f"cpu during ingest: {name:<12} {d:7.1f} s  ({1e6 * d / n:.0f} µs per report)")
PY
shard=$(cat "$data/run/indexer-0.address")
# The shard merges segments and the partition writes a snapshot for a while after an ingest;
# searching during that work measures the machine's contention more than the gateway's hop.
# Wait (at most two minutes) until the machine is idle for two seconds running.
settle_start=$(date +%s)
idle_seconds=0
read -r busy0 idle0 <<<"$(cpu_ticks)"
while [ "$idle_seconds" -lt 2 ] && [ $(( $(date +%s) - settle_start )) -lt 120 ]; do
    sleep 1
    read -r busy1 idle1 <<<"$(cpu_ticks)"
    if [ $(( 100 * (busy1 - busy0) / (busy1 - busy0 + idle1 - idle0 + 1) )) -lt 10 ]; then idle_seconds=$((idle_seconds + 1)); else idle_seconds=0; fi
    busy0=$busy1 idle0=$idle1
done
echo "search after the cluster went idle: waited $(( $(date +%s) - settle_start )) s after the ingest" | tee -a "$output"
"$bin/fazhi" bench-search --queries "$queries" --gateway "$gateway" --shard "$shard" --rounds "${FAZHI_BENCH_ROUNDS:-10}" | tee -a "$output"
du -sh "$data"/index-* "$data"/facts-* "$data"/cache | sed 's/^/on disk: /' | tee -a "$output"
echo "results in $output" >&2
