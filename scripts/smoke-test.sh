#!/usr/bin/env bash
# Starts each built executable on 127.0.0.1 (free port), checks Health with its own
# `healthcheck` subcommand and with `fazhi health`, sends SIGTERM and requires exit status 0;
# then runs `fazhi up --check` (a whole cluster in one process). Bounded in time; stops only the
# processes it started. Prints "smoke: N passed, M failed".
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

if timeout 60 "$bin/fazhi" up --check --port 0 --parsers 2 --shards 2 --partitions 1 --log-level warning >"$work/up.log" 2>&1 \
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

echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
