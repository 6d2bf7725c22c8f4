#!/usr/bin/env bash
# Multi-host fault test, without Docker: every service runs in its own network namespace on
# this machine (a bridge in a "switch" namespace, one veth pair and one address per host in
# 10.77.0.0/24). The gateway finds its parsers through a DNS-like list: one name,
# parsers.fazhi.test, that the gateway's namespace resolves (through /etc/netns/<ns>/hosts,
# which `ip netns exec` mounts over /etc/hosts) to every parser address; it re-resolves it
# every second.
#
# While `fazhi ingest` runs from a client namespace, parser 1's link is cut, parser 2 is killed
# with SIGKILL, and parser 4 is started and added to the list. The test then requires:
#   - ingest exits 0, reports no failed file, and ingested + unchanged = the number of files;
#   - a search for a term every document contains finds exactly that many documents (nothing
#     lost, nothing duplicated in the index), from every shard;
#   - compliance counts exactly the annual reports among them (the generator's truth says which;
#     templates and disclosure reports are stored by id and counted nowhere: the aggregator's side);
#   - parser 4 parsed documents (its own cache directory holds entries) and the gateway's
#     cluster health lists it.
#
# Usage: scripts/netns-test.sh [BIN_DIR]
#   BIN_DIR holds fazhi, fazhi-parser, fazhi-indexer, fazhi-aggregator, fazhi-gateway
#   (default: FAZHI_BIN_DIR, else `swift build --show-bin-path`; built once when missing).
#   Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); prints "SKIP: ..." and exits 0 where network
#   namespaces cannot be created. Exit status 0 on PASS (or SKIP), 1 on FAIL.
# Environment: FAZHI_NETNS_COUNT (documents, 600), FAZHI_NETNS_BUDGET (seconds for the whole
#   run, 360), FAZHI_NETNS_INGEST_TIMEOUT (seconds for ingest, 300), FAZHI_NETNS_KEEP=1 keeps
#   the work directory (logs) even on success; on failure it is always kept.
# Stops by itself within the budget; on exit (also on INT/TERM) kills only the processes it
# started and deletes the namespaces, links and /etc/netns directories it created.
set -u -o pipefail
cd "$(dirname "$0")/.."

COUNT=${FAZHI_NETNS_COUNT:-600}
BUDGET=${FAZHI_NETNS_BUDGET:-360}
INGEST_TIMEOUT=${FAZHI_NETNS_INGEST_TIMEOUT:-300}
SEED=7
NAME=parsers.fazhi.test
NET=10.77.0
SCRIPT_START=$(date +%s)

log() { printf '[netns-test %3ds] %s\n' "$(( $(date +%s) - SCRIPT_START ))" "$*" >&2; }

# ---------------------------------------------------------------- state and cleanup
PREFIX="fz$$$(printf '%04x' $((RANDOM)))"   # unique per run: parallel runs do not collide
NAMESPACES=()     # created namespaces, deleted on exit
ETC_DIRS=()       # created /etc/netns/<ns> directories, removed on exit
declare -A PID=() # role -> pid of what we started
WATCHDOG=""
WORK=""
RESULT=""         # PASS / FAIL / SKIP
CLEANED=0
CREATED_ETC_NETNS=0

cleanup() {
    [ "$CLEANED" = 1 ] && return
    CLEANED=1
    local role pid
    # Our processes only, by pid: SIGTERM, a moment to drain, then SIGKILL.
    for role in "${!PID[@]}"; do kill -TERM "${PID[$role]}" 2>/dev/null; done
    for _ in $(seq 30); do
        local alive=0
        for role in "${!PID[@]}"; do kill -0 "${PID[$role]}" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for role in "${!PID[@]}"; do
        pid=${PID[$role]}
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ -n "$WATCHDOG" ]; then kill -TERM "$WATCHDOG" 2>/dev/null; wait "$WATCHDOG" 2>/dev/null; fi
    # Deleting a namespace destroys its veth end, and with it the peer in the switch.
    local ns
    for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"; done
    local dir
    for dir in "${ETC_DIRS[@]}"; do rm -rf -- "$dir"; done
    [ "$CREATED_ETC_NETNS" = 1 ] && rmdir /etc/netns 2>/dev/null
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "$RESULT" = PASS ] && [ "${FAZHI_NETNS_KEEP:-0}" != 1 ]; then
            rm -rf -- "$WORK"
        elif [ "$RESULT" != SKIP ]; then
            log "logs and data kept in $WORK"
        fi
    fi
}
on_signal() {
    [ -z "$RESULT" ] && RESULT=FAIL
    log "FAIL: interrupted by SIG$1 (time budget ${BUDGET}s, or a user)"
    echo "netns-test: FAIL (interrupted by SIG$1 after $(( $(date +%s) - SCRIPT_START )) s)"
    exit 1
}
trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

skip() {
    RESULT=SKIP
    echo "SKIP: network namespaces unavailable: $*"
    exit 0
}

# ---------------------------------------------------------------- can we create namespaces?
command -v ip >/dev/null 2>&1 || skip "the ip command (iproute2) is not installed"
NS_SW=$PREFIX-sw   # the switch: bridge br0, one port per host
NS_CL=$PREFIX-cl   # the client: runs fazhi ingest/search/health
NS_GW=$PREFIX-gw
NS_IX=$PREFIX-ix
NS_AG=$PREFIX-ag
NS_P1=$PREFIX-p1
NS_P2=$PREFIX-p2
NS_P3=$PREFIX-p3
NS_P4=$PREFIX-p4
declare -A ADDR=([cl]=$NET.2 [gw]=$NET.10 [p1]=$NET.11 [p2]=$NET.12 [p3]=$NET.13 [p4]=$NET.14 [ix]=$NET.20 [ag]=$NET.30)
declare -A NSOF=([cl]=$NS_CL [gw]=$NS_GW [p1]=$NS_P1 [p2]=$NS_P2 [p3]=$NS_P3 [p4]=$NS_P4 [ix]=$NS_IX [ag]=$NS_AG)

if ! reason=$(ip netns add "$NS_SW" 2>&1); then skip "ip netns add: ${reason:-failed} (needs root / CAP_NET_ADMIN and CAP_SYS_ADMIN)"; fi
NAMESPACES+=("$NS_SW")
if ! reason=$(ip netns exec "$NS_SW" true 2>&1); then skip "ip netns exec: ${reason:-failed}"; fi
if ! reason=$(ip -n "$NS_SW" link add br0 type bridge 2>&1); then skip "cannot create a bridge in a namespace: $reason"; fi
[ -d /etc/netns ] || CREATED_ETC_NETNS=1
if ! reason=$(mkdir -p "/etc/netns/$NS_GW" 2>&1); then skip "cannot create /etc/netns/$NS_GW: $reason"; fi
ETC_DIRS+=("/etc/netns/$NS_GW")

fail_setup() { RESULT=FAIL; log "FAIL: $*"; echo "netns-test: FAIL ($*)"; exit 1; }
command -v python3 >/dev/null 2>&1 || fail_setup "python3 is needed to read the JSON answers"

# ---------------------------------------------------------------- binaries
if [ $# -ge 1 ]; then BIN=$1; BIN_GIVEN=1; else BIN=${FAZHI_BIN_DIR:-}; BIN_GIVEN=0; fi
if [ -z "$BIN" ]; then BIN=$(swift build --show-bin-path 2>/dev/null) || fail_setup "swift build --show-bin-path failed; give BIN_DIR"; fi
missing=0
for exe in fazhi fazhi-parser fazhi-indexer fazhi-aggregator fazhi-gateway; do [ -x "$BIN/$exe" ] || missing=1; done
if [ "$missing" = 1 ]; then
    if [ "$BIN_GIVEN" = 1 ] || [ -n "${FAZHI_BIN_DIR:-}" ]; then fail_setup "$BIN lacks the fazhi executables"; fi
    log "executables missing in $BIN: swift build"
    swift build >&2 || fail_setup "swift build failed"
fi
BIN=$(cd "$BIN" && pwd)
log "binaries: $BIN; namespaces: $PREFIX-*; documents: $COUNT; budget: ${BUDGET}s"

# The time budget: a watchdog that sends us SIGTERM (cleanup runs from the trap).
( trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$BUDGET" & sleeper=$!
  wait "$sleeper"
  echo "[netns-test] time budget of ${BUDGET}s exhausted" >&2
  kill -TERM $$ ) &
WATCHDOG=$!

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fazhi-netns.XXXXXX")
mkdir -p "$WORK/logs" "$WORK/xdg"

# ---------------------------------------------------------------- topology
ip -n "$NS_SW" link set lo up
ip -n "$NS_SW" link set br0 up
# add_host ROLE: namespace ROLE, veth eth0 <-> port v-ROLE on the switch's bridge, its address.
add_host() {
    local role=$1 ns=${NSOF[$1]} out
    out=$(ip netns add "$ns" 2>&1) || fail_setup "ip netns add $ns: $out"
    NAMESPACES+=("$ns")
    out=$(ip -n "$NS_SW" link add "v-$role" type veth peer name eth0 netns "$ns" 2>&1) \
        || fail_setup "cannot create the veth pair for $role: $out"
    ip -n "$NS_SW" link set "v-$role" master br0 || fail_setup "cannot attach v-$role to the bridge"
    ip -n "$NS_SW" link set "v-$role" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "${ADDR[$role]}/24" dev eth0
    ip -n "$ns" link set eth0 up
}
for role in cl gw ix ag p1 p2 p3 p4; do add_host "$role"; done
log "topology: bridge br0 in $NS_SW; hosts $(for r in cl gw ix ag p1 p2 p3 p4; do printf '%s=%s ' "$r" "${ADDR[$r]}"; done)"
if command -v ping >/dev/null 2>&1 && ! ip netns exec "$NS_CL" ping -c 1 -W 2 "${ADDR[gw]}" >/dev/null 2>&1; then
    fail_setup "the client namespace cannot reach the gateway's address through the bridge"
fi

# The DNS-like list, seen only inside the gateway's namespace.
HOSTS=/etc/netns/$NS_GW/hosts
{
    echo "127.0.0.1 localhost"
    echo "${ADDR[gw]} gateway.fazhi.test"
    echo "${ADDR[p1]} $NAME"
    echo "${ADDR[p2]} $NAME"
    echo "${ADDR[p3]} $NAME"
} >"$HOSTS"
echo "multi on" >"/etc/netns/$NS_GW/host.conf"
resolved() { ip netns exec "$NS_GW" getent ahosts "$NAME" | awk '$2 == "STREAM" { print $1 }' | sort -u | tr '\n' ' '; }
got=$(resolved)
log "in $NS_GW, $NAME resolves to: $got"
[ "$got" = "${ADDR[p1]} ${ADDR[p2]} ${ADDR[p3]} " ] \
    || fail_setup "$NAME should resolve to the 3 parser addresses in the gateway's namespace, got '$got'"

# ---------------------------------------------------------------- services
# start ROLE NS CMD...: runs CMD in namespace NS in the background; `ip netns exec` execs, so
# the pid is the service's own.
start() {
    local role=$1 ns=$2; shift 2
    ip netns exec "$ns" "$@" >>"$WORK/logs/$role.log" 2>&1 &
    PID[$role]=$!
}
# ready ROLE EXE ADDRESS: waits up to 60 s until EXE healthcheck ADDRESS (from the client) says serving.
ready() {
    local role=$1 exe=$2 address=$3
    for _ in $(seq 120); do
        if ! kill -0 "${PID[$role]}" 2>/dev/null; then
            log "$role exited before serving:"; tail -n 20 "$WORK/logs/$role.log" >&2; return 1
        fi
        ip netns exec "$NS_CL" "$BIN/$exe" healthcheck "$address" --quiet --timeout-ms 1000 && return 0
        sleep 0.5
    done
    log "$role is not serving at $address after 60 s:"; tail -n 20 "$WORK/logs/$role.log" >&2
    return 1
}
start_parser() {
    local role=$1
    mkdir -p "$WORK/$role-cache"
    start "$role" "${NSOF[$role]}" "$BIN/fazhi-parser" --host "${ADDR[$role]}" --port 7101 \
        --cache-dir "$WORK/$role-cache" --log-level info
}
cache_entries() { find "$WORK/$1-cache" -type f ! -name '.tmp-*' 2>/dev/null | wc -l; }

start ix "$NS_IX" "$BIN/fazhi-indexer" --host "${ADDR[ix]}" --port 7102 --data-dir "$WORK/ix-data" --log-level info
start ag "$NS_AG" "$BIN/fazhi-aggregator" --host "${ADDR[ag]}" --port 7103 --data-dir "$WORK/ag-data" --log-level info
for role in p1 p2 p3; do start_parser "$role"; done
ready ix fazhi-indexer "${ADDR[ix]}:7102" || fail_setup "the indexer did not start"
ready ag fazhi-aggregator "${ADDR[ag]}:7103" || fail_setup "the aggregator did not start"
for role in p1 p2 p3; do ready "$role" fazhi-parser "${ADDR[$role]}:7101" || fail_setup "parser $role did not start"; done
start gw "$NS_GW" "$BIN/fazhi-gateway" --host "${ADDR[gw]}" --port 7100 --parser "$NAME:7101" \
    --indexer "${ADDR[ix]}:7102" --aggregator "${ADDR[ag]}:7103" --resolve-interval 1 --log-level info
ready gw fazhi-gateway "${ADDR[gw]}:7100" || fail_setup "the gateway did not start"
GATEWAY=${ADDR[gw]}:7100
log "cluster serving: gateway $GATEWAY, parsers via $NAME:7101"

# ---------------------------------------------------------------- corpus
CORPUS=$WORK/corpus
"$BIN/fazhi" generate --out "$CORPUS" --count "$COUNT" --seed "$SEED" >"$WORK/logs/generate.log" 2>&1 \
    || { cat "$WORK/logs/generate.log" >&2; fail_setup "fazhi generate failed"; }
FILES=$(find "$CORPUS" -type f \( -name '*.txt' -o -name '*.html' -o -name '*.htm' \) | wc -l)
# Compliance counts annual reports only: templates, disclosure reports and the like are stored
# by id and counted nowhere. The generator's truth says which documents are reports.
ANNUAL=$(python3 -c 'import json, sys; print(sum(json.loads(line)["kind"] == "annual_report" for line in open(sys.argv[1])))' "$CORPUS/truth.jsonl")
# A term that every document contains (decoded with the encoding the manifest names), so that
# one search counts everything the index holds.
TERM_LIST=$(python3 - "$CORPUS" <<'EOF'
import json, os, sys
root = sys.argv[1]
candidates = ["法治政府建设", "法治政府", "年度报告", "法治", "报告", "政府"]
every = list(candidates)
with open(os.path.join(root, "manifest.jsonl"), encoding="utf-8") as manifest:
    for line in manifest:
        entry = json.loads(line)
        raw = open(os.path.join(root, entry["file"]), "rb").read()
        encoding = "gb18030" if entry.get("encoding", "").lower().startswith("gb") else "utf-8-sig"
        text = raw.decode(encoding, errors="replace")
        every = [term for term in every if term in text]
print(" ".join(every))
EOF
)
[ -n "$TERM_LIST" ] || fail_setup "no candidate term occurs in every generated document"
log "corpus: $FILES report files in $CORPUS; terms in every document: $TERM_LIST"

# ---------------------------------------------------------------- ingest, with faults
ip netns exec "$NS_CL" env XDG_CACHE_HOME="$WORK/xdg" "$BIN/fazhi" ingest "$CORPUS" --gateway "$GATEWAY" \
    --json --batch 8 --concurrency 2 >"$WORK/ingest.json" 2>"$WORK/logs/ingest.err" &
PID[ingest]=$!
INGEST_START=$(date +%s)
log "ingest started (pid ${PID[ingest]})"

parsed() { echo $(( $(cache_entries p1) + $(cache_entries p2) + $(cache_entries p3) + $(cache_entries p4) )); }
step=0        # 0: nothing yet, 1: p1 cut + p4 starting, 2: p2 killed, 3: p4 in the list
p4_ready=0
faults_done_at=""
ingest_status=""
last_report=0
progress_count=0      # for the longest stretch without a document parsed (a symptom, not a check)
progress_time=$(date +%s)
longest_stall=0
while :; do
    if ! kill -0 "${PID[ingest]}" 2>/dev/null; then
        wait "${PID[ingest]}"; ingest_status=$?
        unset 'PID[ingest]'
        break
    fi
    now=$(date +%s)
    if [ $((now - INGEST_START)) -ge "$INGEST_TIMEOUT" ]; then
        log "ingest still running after ${INGEST_TIMEOUT}s: stopping it"
        kill -KILL "${PID[ingest]}" 2>/dev/null; wait "${PID[ingest]}" 2>/dev/null
        unset 'PID[ingest]'
        ingest_status=timeout
        break
    fi
    done_count=$(parsed)
    if [ "$done_count" != "$progress_count" ]; then
        progress_count=$done_count; progress_time=$now
    elif [ $((now - progress_time)) -gt "$longest_stall" ]; then
        longest_stall=$((now - progress_time))
    fi
    if [ $((now - last_report)) -ge 2 ]; then
        log "progress: ~$done_count of $FILES parsed (p1 $(cache_entries p1), p2 $(cache_entries p2), p3 $(cache_entries p3), p4 $(cache_entries p4))"
        last_report=$now
    fi
    if [ "$step" = 0 ] && [ "$done_count" -ge $((FILES / 10)) ]; then
        ip -n "$NS_P1" link set eth0 down
        log "FAULT: parser 1's link is cut (ip -n $NS_P1 link set eth0 down) at ~$done_count parsed"
        start_parser p4
        log "parser 4 starting in $NS_P4 (not yet in the list)"
        step=1
    elif [ "$step" = 1 ] && [ "$done_count" -ge $((FILES / 4)) ]; then
        kill -KILL "${PID[p2]}" 2>/dev/null
        wait "${PID[p2]}" 2>/dev/null
        unset 'PID[p2]'
        log "FAULT: parser 2 killed with SIGKILL at ~$done_count parsed"
        step=2
    elif [ "$step" = 2 ]; then
        if [ "$p4_ready" = 0 ] && ip netns exec "$NS_CL" "$BIN/fazhi-parser" healthcheck "${ADDR[p4]}:7101" --quiet --timeout-ms 500; then
            p4_ready=1
        fi
        if [ "$p4_ready" = 1 ] && [ "$done_count" -ge $((FILES * 2 / 5)) ]; then
            # Append in place: the gateway's /etc/hosts is a bind mount of this very file.
            echo "${ADDR[p4]} $NAME" >>"$HOSTS"
            seen=$(resolved)
            if command -v nsenter >/dev/null 2>&1; then   # as the running gateway itself sees it
                seen=$(nsenter -t "${PID[gw]}" -m -n getent ahosts "$NAME" | awk '$2 == "STREAM" { print $1 }' | sort -u | tr '\n' ' ')
            fi
            log "parser 4 added to the list at ~$done_count parsed: in the gateway's namespace $NAME now resolves to $seen"
            step=3
            faults_done_at=$done_count
        fi
    fi
    sleep 0.25
done
INGEST_SECONDS=$(( $(date +%s) - INGEST_START ))
log "ingest finished in ${INGEST_SECONDS}s with status $ingest_status; longest stretch without a document parsed: ${longest_stall}s"

# ---------------------------------------------------------------- checks
passed=0
failed=0
check() { # check DESCRIPTION CONDITION-COMMAND...
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); log "ok    $what"; else failed=$((failed + 1)); log "FAIL  $what"; fi
}
client() { ip netns exec "$NS_CL" timeout 90 "$BIN/fazhi" "$@" --gateway "$GATEWAY"; }

check "faults injected while ingest ran (link cut, kill -9, parser added; reached step $step of 3)" test "$step" = 3
check "ingest exited 0 (status: $ingest_status)" test "$ingest_status" = 0

read -r ING_INGESTED ING_UNCHANGED ING_JOURNAL ING_FAILED ING_FLAGGED < <(python3 - "$WORK/ingest.json" <<'EOF' || echo "-1 -1 -1 -1 -1"
import json, sys
try:
    s = json.load(open(sys.argv[1]))
    print(s.get("ingested", 0), s.get("unchanged", 0), s.get("journalUnchanged", 0), len(s.get("failed", [])), len(s.get("flaggedNotReport", [])))
except Exception as error:
    print(-1, -1, -1, -1, -1)
EOF
)
log "ingest summary: ingested $ING_INGESTED, unchanged $ING_UNCHANGED, journal-unchanged $ING_JOURNAL, failed $ING_FAILED, flagged not a report $ING_FLAGGED"
check "ingest reported no failed file (failed: $ING_FAILED)" test "$ING_FAILED" = 0
check "ingested + unchanged = $FILES files ($ING_INGESTED + $ING_UNCHANGED + $ING_JOURNAL)" \
    test $((ING_INGESTED + ING_UNCHANGED + ING_JOURNAL)) = "$FILES"
if [ "$ING_FAILED" != 0 ]; then
    python3 - "$WORK/ingest.json" <<'EOF' >&2
import json, sys
try:
    for entry in json.load(open(sys.argv[1])).get("failed", [])[:10]: print("  failed:", entry["path"], "-", entry["reason"])
except Exception: pass
EOF
fi

# The index: one search for a term of every document counts what the shards hold.
SEARCH_TERM=${TERM_LIST%% *}
client search "$SEARCH_TERM" --json --limit 1 --facets year >"$WORK/search.json" 2>"$WORK/logs/search.err"
read -r HITS SHARDS_ANSWERED SHARDS_TOTAL < <(python3 - "$WORK/search.json" <<'EOF' || echo "-1 -1 -1"
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    print(int(r.get("total_hits", 0)), int(r.get("shards_answered", 0)), int(r.get("shards_total", 0)))
except Exception:
    print(-1, -1, -1)
EOF
)
check "search '$SEARCH_TERM' finds every document exactly once: total_hits $HITS = $FILES (shards $SHARDS_ANSWERED/$SHARDS_TOTAL)" \
    test "$HITS" = "$FILES" -a "$SHARDS_ANSWERED" = "$SHARDS_TOTAL"

# The facts table: compliance rows by year add up to every annual report.
client compliance --json --by year >"$WORK/compliance.json" 2>"$WORK/logs/compliance.err"
read -r REPORTS PARTS_ANSWERED PARTS_TOTAL < <(python3 - "$WORK/compliance.json" <<'EOF' || echo "-1 -1 -1"
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    print(sum(int(row.get("reports", 0)) for row in r.get("rows", [])), int(r.get("partitions_answered", 0)), int(r.get("partitions_total", 0)))
except Exception:
    print(-1, -1, -1)
EOF
)
check "compliance by year counts every annual report: $REPORTS = $ANNUAL of $FILES documents (partitions $PARTS_ANSWERED/$PARTS_TOTAL)" \
    test "$REPORTS" = "$ANNUAL" -a "$PARTS_ANSWERED" = "$PARTS_TOTAL"

# Parser 4 joined through the list and received work.
P4_ENTRIES=$(cache_entries p4)
check "parser 4, added mid-run, parsed documents (cache entries: $P4_ENTRIES)" test "$P4_ENTRIES" -gt 0
ip netns exec "$NS_CL" timeout 30 "$BIN/fazhi" health "$GATEWAY" --timeout-ms 10000 >"$WORK/health.txt" 2>&1
check "the gateway's cluster health lists parser 4 (${ADDR[p4]}:7101) as serving" \
    grep -Eq "^parser +${ADDR[p4]}:7101 +SERVING" "$WORK/health.txt"
if grep -q "parser pool changed" "$WORK/logs/gw.log"; then
    log "gateway log: $(grep 'parser pool changed' "$WORK/logs/gw.log" | tail -n 1)"
fi
check "the gateway itself is still serving at the end" \
    ip netns exec "$NS_CL" "$BIN/fazhi-gateway" healthcheck "$GATEWAY" --quiet --timeout-ms 2000

# ---------------------------------------------------------------- summary
echo "---- cluster health at the end (parser 1 cut off, parser 2 killed):" >&2
cat "$WORK/health.txt" >&2
echo "---- work per parser (cache entries): p1 $(cache_entries p1), p2 $(cache_entries p2), p3 $(cache_entries p3), p4 $(cache_entries p4)" >&2
echo "---- gateway warnings: $(grep -c ' warning ' "$WORK/logs/gw.log") (parser ejections: $(grep -c 'parser ejected' "$WORK/logs/gw.log")); longest ingest stall ${longest_stall}s" >&2
TOTAL=$(( $(date +%s) - SCRIPT_START ))
if [ "$failed" = 0 ]; then
    RESULT=PASS
    echo "netns-test: PASS ($passed checks; $FILES documents ingested in ${INGEST_SECONDS}s through parser link cut, kill -9 and a parser added; search $HITS, compliance $REPORTS, parser 4 parsed $P4_ENTRIES; ${TOTAL}s in all)"
    exit 0
fi
RESULT=FAIL
for role in gw p1 p2 p3 p4 ix ag; do
    [ -s "$WORK/logs/$role.log" ] || continue
    echo "---- last lines of $role's log:" >&2
    tail -n 15 "$WORK/logs/$role.log" >&2
done
for name in ingest search compliance; do
    [ -s "$WORK/logs/$name.err" ] || continue
    echo "---- $name's standard error:" >&2
    tail -n 20 "$WORK/logs/$name.err" >&2
done
echo "netns-test: FAIL ($failed of $((passed + failed)) checks failed; files $FILES, ingested $ING_INGESTED, unchanged $ING_UNCHANGED, failed $ING_FAILED, search $HITS, compliance $REPORTS, parser 4 parsed $P4_ENTRIES; ${TOTAL}s)"
exit 1
