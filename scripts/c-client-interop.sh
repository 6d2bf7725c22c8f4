#!/usr/bin/env bash
# Proves that a protobuf-c client speaks the fazhi wire protocol with the Swift services:
# builds clients/c, starts fazhi-parser on a loopback port and calls Health/Check with the
# C example program (fazhi-health-c), without and with a shared token, and under valgrind
# when it is installed.
#
#   scripts/c-client-interop.sh
#
# Environment:
#   FAZHI_BIN_DIR       where the Swift executables are (default .build/debug)
#   FAZHI_INTEROP_WAIT  seconds to wait for the server's address file (default 30)
#
# Prints "c-client interop: N passed, M failed" last; exits 1 when anything failed or the
# prerequisites (protoc-c output, libprotobuf-c, a C compiler, the server binary) are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_dir=${FAZHI_BIN_DIR:-.build/debug}
wait_secs=${FAZHI_INTEROP_WAIT:-30}
server_bin="$bin_dir/fazhi-parser"
client_dir=clients/c
# The services and fazhi-health-c read FAZHI_TOKEN; the checks below set tokens explicitly.
unset FAZHI_TOKEN
example="$client_dir/build/fazhi-health-c"

die() { echo "c-client interop: $*" >&2; exit 1; }

# ---- prerequisites -------------------------------------------------------------------------
if [ ! -f "$client_dir/generated/fazhi/v1/frame.pb-c.c" ] || [ ! -f "$client_dir/generated/fazhi/v1/health.pb-c.c" ]; then
    die "protoc-c output missing in $client_dir/generated/: run scripts/generate-protos.sh (needs protoc-c: apt-get install protobuf-c-compiler)"
fi
command -v pkg-config >/dev/null || die "pkg-config not found: apt-get install pkg-config"
pkg-config --exists libprotobuf-c || die "libprotobuf-c not found: apt-get install libprotobuf-c-dev"
command -v "${CC:-cc}" >/dev/null || die "no C compiler (${CC:-cc}) found"
command -v make >/dev/null || die "make not found"
[ -x "$server_bin" ] || die "$server_bin not found or not executable: build it (swift build --product fazhi-parser) or set FAZHI_BIN_DIR"

# ---- build ---------------------------------------------------------------------------------
echo "== building the C client" >&2
make -C "$client_dir" >&2 || die "building the C client failed"

# ---- server management ---------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fazhi-c-interop.XXXXXX")
server_pid=""

stop_server() {
    local pid=$server_pid
    [ -n "$pid" ] || return 0
    server_pid=""
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 100); do # up to 10 s for a clean exit on SIGTERM
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "warning: fazhi-parser (pid $pid) ignored SIGTERM for 10 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    local status=0
    wait "$pid" 2>/dev/null || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 143 ]; then
        echo "warning: fazhi-parser (pid $pid) exited with status $status after SIGTERM" >&2
    fi
}

cleanup() {
    stop_server
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server LOG [--token T]: starts fazhi-parser and sets $address to its HOST:PORT.
start_server() {
    local log=$1
    shift
    local addr_file="$tmp/address.$RANDOM"
    rm -f "$addr_file"
    "$server_bin" --host 127.0.0.1 --port 0 --address-file "$addr_file" "$@" >"$log" 2>&1 &
    server_pid=$!
    local deadline=$((SECONDS + wait_secs))
    address=""
    while [ "$SECONDS" -lt "$deadline" ]; do
        if [ -s "$addr_file" ]; then
            address=$(tr -d ' \t\r\n' <"$addr_file")
            # Accept only a complete HOST:PORT (the file may be caught mid-write).
            if [[ "$address" =~ ^.+:[0-9]+$ ]]; then
                return 0
            fi
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "fazhi-parser exited before writing its address; its output:" >&2
            sed 's/^/  | /' "$log" >&2
            wait "$server_pid" 2>/dev/null || true
            server_pid=""
            return 1
        fi
        sleep 0.1
    done
    echo "fazhi-parser wrote no address to $addr_file within ${wait_secs}s; its output:" >&2
    sed 's/^/  | /' "$log" >&2
    stop_server
    return 1
}

# ---- checks --------------------------------------------------------------------------------
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*" >&2; }
fail() { failed=$((failed + 1)); echo "FAIL $*" >&2; }

# run_example OUT ERR ARGS...: runs the example, returns its exit status (never fails the script).
run_example() {
    local out=$1 err=$2
    shift 2
    local status=0
    "$@" >"$out" 2>"$err" || status=$?
    return "$status"
}

show() { # show LABEL FILE
    [ -s "$2" ] && sed "s/^/  $1| /" "$2" >&2
    return 0
}

token="interop-$$-$RANDOM$RANDOM"

# 1. No token configured: SERVING.
echo "== fazhi-parser without a token" >&2
if start_server "$tmp/server1.log"; then
    status=0
    run_example "$tmp/out" "$tmp/err" "$example" "$address" --timeout-ms 5000 || status=$?
    if [ "$status" -eq 0 ] && grep -q '^SERVING role=parser ' "$tmp/out"; then
        pass "health check without token: $(cat "$tmp/out")"
    else
        fail "health check without token: exit $status (want 0 and \"SERVING role=parser\")"
        show out "$tmp/out"; show err "$tmp/err"
    fi
    stop_server
else
    fail "health check without token: the server did not start"
fi

# 2 and 3. Token configured: refused without it (and with a wrong one), served with it.
echo "== fazhi-parser with a token" >&2
if start_server "$tmp/server2.log" --token "$token"; then
    ok=1
    for args in "" "--token wrong-$token"; do
        status=0
        # shellcheck disable=SC2086 # $args is split on purpose
        FAZHI_TOKEN="" run_example "$tmp/out" "$tmp/err" "$example" "$address" --timeout-ms 5000 $args || status=$?
        if [ "$status" -eq 0 ] || ! grep -q 'UNAUTHENTICATED (16)' "$tmp/err"; then
            ok=0
            fail "health check ${args:-without a token} on a token server: exit $status (want non-zero and UNAUTHENTICATED (16) on stderr)"
            show out "$tmp/out"; show err "$tmp/err"
        fi
    done
    if [ "$ok" -eq 1 ]; then
        pass "health check without/with a wrong token is refused: $(cat "$tmp/err")"
    fi

    status=0
    run_example "$tmp/out" "$tmp/err" "$example" "$address" --token "$token" --timeout-ms 5000 || status=$?
    if [ "$status" -eq 0 ] && grep -q '^SERVING role=parser ' "$tmp/out"; then
        pass "health check with the token: $(cat "$tmp/out")"
    else
        fail "health check with the token: exit $status (want 0 and \"SERVING role=parser\")"
        show out "$tmp/out"; show err "$tmp/err"
    fi

    # 4. The same call under valgrind: no leaks, no memory errors.
    if command -v valgrind >/dev/null; then
        status=0
        run_example "$tmp/out" "$tmp/err" valgrind --quiet --leak-check=full --show-leak-kinds=all \
            --errors-for-leak-kinds=all --error-exitcode=99 \
            "$example" "$address" --token "$token" --timeout-ms 20000 || status=$?
        if [ "$status" -eq 0 ] && grep -q '^SERVING role=parser ' "$tmp/out"; then
            pass "health check under valgrind: no errors, no leaks"
        else
            fail "health check under valgrind: exit $status (99 = valgrind found errors)"
            show out "$tmp/out"; show err "$tmp/err"
        fi
    else
        echo "skip: valgrind not installed" >&2
    fi
    stop_server
else
    fail "token server: the server did not start"
fi

echo "c-client interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
