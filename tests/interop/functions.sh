# Shared by the interop tests: each starts its own nbd_test_server on a private
# unix socket in a temporary directory, runs real clients against it, and stops
# it. A missing client skips the test (exit 77) with the reason. The server must
# exit 0 when stopped, so sanitizer reports (leaks, races) fail the test.
set -euo pipefail

# nbdsh runs "python3 -m nbd": use the distribution's Python, which has the module.
export PATH=/usr/bin:/bin:$PATH
export LIBNBD_DEBUG=0

: "${NBD_TEST_SERVER:?NBD_TEST_SERVER must name the nbd_test_server binary}"
tmp=$(mktemp -d /tmp/ustor-interop.XXXXXX)
sock=$tmp/nbd.sock
uri="nbd+unix:///?socket=$sock"
server_pid=""

requires() {
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "SKIP: $tool is not installed (scripts/install-deps.sh test installs it)"
            exit 77
        fi
    done
}

# uri_of NAME: the URI of a named export.
uri_of() {
    echo "nbd+unix:///$1?socket=$sock"
}

start_server() {        # nbd_test_server arguments after -U/-P
    "$NBD_TEST_SERVER" -U "$sock" -P "$tmp/pid" "$@" >"$tmp/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 200); do
        [ -s "$tmp/pid" ] && return 0
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "FAIL: the server did not start:"; cat "$tmp/server.log"; exit 1
        fi
        sleep 0.05
    done
    echo "FAIL: no pidfile after 10 s"; exit 1
}

stop_server() {
    local status=0
    [ -n "$server_pid" ] || return 0
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" || status=$?
    server_pid=""
    if [ "$status" -ne 0 ]; then
        echo "FAIL: the server exited with status $status:"; cat "$tmp/server.log"; return 1
    fi
    [ ! -e "$sock" ] || { echo "FAIL: the server left its socket behind"; return 1; }
}

cleanup() {
    local status=$?
    stop_server || status=1
    if [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && [ -s "$tmp/server.log" ]; then
        echo "--- server log"; tail -50 "$tmp/server.log"
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT

# expect_fail CMD...: the command must fail (non-zero), its output is shown.
expect_fail() {
    if "$@"; then
        echo "FAIL: expected failure: $*"; exit 1
    fi
}

# nbdsh_script FILE URI: runs a Python script under nbdsh with h connected to URI.
nbdsh_script() {
    timeout 60 nbdsh -u "$2" -c "exec(open('$1').read())"
}
