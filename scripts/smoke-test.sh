#!/usr/bin/env bash
# Starts each built executable on 127.0.0.1 (free port), checks Health with its own
# `healthcheck` subcommand and with `fazhi health`, sends SIGTERM and requires exit status 0;
# then runs `fazhi up --check` (a cluster of processes), the CLI flow (up, ingest, search,
# report, re-ingest, down), and a kill -9 of an indexer shard during ingest: after its restart
# every document the gateway acknowledged is there. Bounded in time; stops only the processes
# it started. Prints "smoke: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${FAZHI_BIN_DIR:-$(swift build --show-bin-path)}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
unset FAZHI_TOKEN FAZHI_PORT FAZHI_HOST FAZHI_ADDRESS
passed=0
failed=0
check() {
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAILED: $name" >&2; failed=$((failed + 1)); fi
}

wait_for_file() {
    for _ in $(seq 300); do [ -s "$1" ] && return 0; sleep 0.1; done
    return 1
}

for role in parser indexer aggregator gateway; do
    exe="$bin/fazhi-$role"
    log="$work/$role.log"
    "$exe" --port 0 --address-file "$work/$role.addr" --log-level notice >"$log" 2>&1 &
    pid=$!
    pids+=("$pid")
    if ! wait_for_file "$work/$role.addr"; then
        echo "fazhi-$role did not start:" >&2; cat "$log" >&2
        failed=$((failed + 1)); continue
    fi
    address=$(cat "$work/$role.addr")
    check "fazhi-$role healthcheck" "$exe" healthcheck "$address" --quiet
    check "fazhi health $role" sh -c "'$bin/fazhi' health '$address' | grep -q 'SERVING role=$role'"
    kill -TERM "$pid"
    status=0
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "fazhi-$role did not exit within 15 s of SIGTERM" >&2; failed=$((failed + 1)); continue
    fi
    wait "$pid" || status=$?
    check "fazhi-$role exits 0 on SIGTERM" test "$status" = 0
done

# A service that is not there: healthcheck says so with exit status 2.
status=0
"$bin/fazhi-parser" healthcheck 127.0.0.1:1 --quiet --timeout-ms 500 || status=$?
check "healthcheck of nothing exits 2" test "$status" = 2

if timeout 60 "$bin/fazhi" up --check --port 0 --parsers 2 --shards 2 --partitions 1 --data "$work/up-check" --log-level warning >"$work/up.log" 2>&1 \
    && grep -q 'fazhi cluster up' "$work/up.log"; then
    passed=$((passed + 1))
else
    echo "FAILED: fazhi up --check" >&2; cat "$work/up.log" >&2
    failed=$((failed + 1))
fi

# The parse cache survives kill -9 in the middle of writing: no entry is ever half there.
"$bin/fazhi" generate --out "$work/corpus" --count 400 --seed 11 >/dev/null
"$bin/fazhi" parse "$work/corpus" --cache-dir "$work/cache" >/dev/null 2>&1 &
parse_pid=$!
pids+=("$parse_pid")
sleep 2
kill -KILL "$parse_pid" 2>/dev/null || true
wait "$parse_pid" 2>/dev/null || true
check "cache verify after kill -9 finds no corrupt entry" sh -c "'$bin/fazhi' cache verify --dir '$work/cache' | grep -q 'corrupt 0 '"
check "a second parse reuses what was stored" sh -c "'$bin/fazhi' parse '$work/corpus' --cache-dir '$work/cache' | grep -q '(cached)'"

# The CLI flow on a cluster of processes: up, ingest, search, report, re-ingest, down.
export XDG_CACHE_HOME="$work/xdg"
"$bin/fazhi" generate --out "$work/small" --count 40 --seed 5 >/dev/null
"$bin/fazhi" up --port 0 --parsers 2 --shards 2 --data "$work/cluster" --log-level warning >"$work/cluster.log" 2>&1 &
up_pid=$!
pids+=("$up_pid")
if wait_for_file "$work/cluster/gateway.address"; then
    check "fazhi ingest a folder" sh -c "'$bin/fazhi' ingest '$work/small' --data '$work/cluster' --json > '$work/ingest.json'"
    check "every file ingested" python3 -c "import json,sys; s=json.load(open('$work/ingest.json')); sys.exit(0 if s['ingested']==40 and not s['failed'] else 1)"
    check "search prints the count and the time taken" sh -c "'$bin/fazhi' search 法 --data '$work/cluster' | head -1 | grep -Eq '^40 reports match \\([0-9]+\\.[0-9] ms\\)$'"
    check "search finds every report" sh -c "'$bin/fazhi' search 法 --data '$work/cluster' --json | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if int(r.get(\"total_hits\",0))==40 and r[\"shards_answered\"]==2 else 1)'"
    id=$(tail -1 "$XDG_CACHE_HOME"/fazhi/ingest-*.tsv | cut -f4)
    check "fazhi report shows a stored report" sh -c "'$bin/fazhi' report '$id' --data '$work/cluster' | grep -q 'report year'"
    check "fazhi up announces its gateway while it runs" grep -q 'fazhi cluster up: gateway' "$work/cluster.log"
    check "fazhi health --data finds the local cluster" sh -c "'$bin/fazhi' health --data '$work/cluster' | grep -q '^aggregator .*SERVING'"
    check "fazhi health --json lists every service" sh -c "'$bin/fazhi' health --data '$work/cluster' --json | python3 -c 'import json,sys; o=json.load(sys.stdin); sys.exit(0 if len(o[\"cluster\"][\"nodes\"])==5 and all(n[\"health\"][\"status\"]==\"SERVING\" for n in o[\"cluster\"][\"nodes\"]) else 1)'"
    check "fazhi stats answers with its defaults" sh -c "'$bin/fazhi' stats --data '$work/cluster' | grep -q 'disputes_mediated'"
    check "fazhi stats counts one window at a time, and refuses an earlier year's" sh -c "'$bin/fazhi' stats --period cumulative --data '$work/cluster' --json | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if r[\"groups\"] else 1)' && ! '$bin/fazhi' stats --period previous_year --data '$work/cluster' 2>&1 | grep -q disputes && '$bin/fazhi' stats --period previous_year --data '$work/cluster' 2>&1 | grep -q 'must be one of'"
    check "fazhi export writes one CSV row per report" sh -c "'$bin/fazhi' export --data '$work/cluster' --out '$work/reports.csv' && test \$(wc -l < '$work/reports.csv') = 41"
    check "fazhi export --rows facts --format jsonl writes facts" sh -c "'$bin/fazhi' export --rows facts --format jsonl --data '$work/cluster' | head -1 | grep -q '\"indicator\"'"
    check "a rerun sends nothing unchanged" sh -c "'$bin/fazhi' ingest '$work/small' --data '$work/cluster' | grep -q '40 not sent'"
    check "a bad query is refused with its position" sh -c "! '$bin/fazhi' search '\"unclosed' --data '$work/cluster' 2>&1 | grep -q 'character'; '$bin/fazhi' search '\"unclosed' --data '$work/cluster' 2>&1 | grep -q 'INVALID_ARGUMENT'"
    check "fazhi down stops the cluster" "$bin/fazhi" down --data "$work/cluster"
    check "the cluster exited 0" wait "$up_pid"
else
    echo "FAILED: fazhi up did not start:" >&2; cat "$work/cluster.log" >&2; failed=$((failed + 1))
fi

# kill -9 an indexer shard during ingest; after a restart on the same data every document the
# gateway reported ingested is there (the shard acknowledges only after fsync).
start_service() { # role name extra-args...
    local role=$1 name=$2; shift 2
    "$bin/fazhi-$role" --port "${PORT:-0}" --address-file "$work/$name.addr" --log-level warning "$@" >"$work/$name.log" 2>&1 &
    pids+=("$!")
    wait_for_file "$work/$name.addr"
}
rm -f "$work"/*.addr
start_service parser crash-parser
start_service aggregator crash-aggregator --data-dir "$work/crash-facts"
start_service indexer crash-indexer --data-dir "$work/crash-index"
indexer_pid=${pids[-1]}
indexer_address=$(cat "$work/crash-indexer.addr")
start_service gateway crash-gateway --parser "$(cat "$work/crash-parser.addr")" --indexer "$indexer_address" \
    --aggregator "$(cat "$work/crash-aggregator.addr")"
gateway=$(cat "$work/crash-gateway.addr")
rm -rf "$XDG_CACHE_HOME"
"$bin/fazhi" ingest "$work/corpus" --gateway "$gateway" --batch 8 --concurrency 2 --json >"$work/crash-ingest.json" 2>/dev/null &
ingest_pid=$!
pids+=("$ingest_pid")
sleep 2
kill -KILL "$indexer_pid" 2>/dev/null || true
wait "$ingest_pid" 2>/dev/null || true
PORT=${indexer_address##*:} start_service indexer crash-indexer-2 --data-dir "$work/crash-index"
# The gateway reconnects with backoff: wait until it sees the restarted shard serving.
for _ in $(seq 100); do "$bin/fazhi" health "$gateway" >/dev/null 2>&1 && break; sleep 0.2; done
acknowledged=$(cat "$XDG_CACHE_HOME"/fazhi/ingest-*.tsv 2>/dev/null | cut -f4 | sort -u)
count=$(printf '%s\n' "$acknowledged" | grep -c . || true)
missing=0
for id in $acknowledged; do
    "$bin/fazhi" report "$id" --gateway "$gateway" --json >/dev/null 2>&1 || missing=$((missing + 1))
done
echo "crash test: $count documents acknowledged before and after the kill, $missing missing after restart" >&2
check "documents were acknowledged before the kill" test "$count" -gt 0
check "every acknowledged document survives kill -9 of its shard" test "$missing" = 0

echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
