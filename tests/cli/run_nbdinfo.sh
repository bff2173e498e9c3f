#!/bin/sh
# `ustorport run` as NBD clients see it: a unix-socket server with a pidfile, nbdinfo
# on its default and named exports, --list, the flags derived from the LUN, a
# read-only server, captive --run with $uri, and a clean SIGTERM shutdown that
# removes the socket and the pidfile. Exits 77 (skip) without nbdinfo.
# Usage: run_nbdinfo.sh USTORPORT
set -u
bin=$1
command -v nbdinfo >/dev/null 2>&1 || { echo "SKIP: nbdinfo (libnbd-bin) is not installed"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

start() {   # start ARGS...: a server on $tmp/s.sock, ready when its pidfile appears
    rm -f "$tmp/pid"
    "$bin" run -U "$tmp/s.sock" -P "$tmp/pid" "$@" >"$tmp/uri" 2>"$tmp/err" &
    pid=$!
    for i in $(seq 1 300); do [ -s "$tmp/pid" ] && break; sleep 0.1; done
    [ -s "$tmp/pid" ] || { cat "$tmp/err"; fail "no pidfile after 30 s"; }
    [ "$(cat "$tmp/pid")" = "$pid" ] || fail "pidfile holds $(cat "$tmp/pid"), not $pid"
}

stop() {
    kill -TERM "$pid"
    wait "$pid"
    status=$?
    pid=
    [ "$status" -eq 0 ] || { cat "$tmp/err"; fail "exit status $status after SIGTERM"; }
    [ ! -e "$tmp/s.sock" ] || fail "socket left behind"
    [ ! -e "$tmp/pid" ] || fail "pidfile left behind"
}

# Two disks of the ramdisk: the default export is disk0, both are listed.
start --miniport ramdisk --disk ram:64M --disk ram:32M
uri="nbd+unix:///?socket=$tmp/s.sock"
for i in $(seq 1 100); do [ "$(wc -l <"$tmp/uri")" -ge 3 ] && break; sleep 0.1; done
[ "$(head -1 "$tmp/uri")" = "$uri" ] || fail "printed '$(head -1 "$tmp/uri")', expected $uri"
grep -qx "nbd+unix:///disk1?socket=$tmp/s.sock" "$tmp/uri" || fail "no URI printed for disk1"
size=$(nbdinfo --size "$uri") || fail "nbdinfo --size"
[ "$size" -eq 67108864 ] || fail "default export size $size, expected 64 MiB"
size=$(nbdinfo --size "nbd+unix:///disk1?socket=$tmp/s.sock") || fail "nbdinfo disk1"
[ "$size" -eq 33554432 ] || fail "disk1 size $size, expected 32 MiB"
nbdinfo --list "$uri" >"$tmp/list" || fail "nbdinfo --list"
grep -q 'export="disk0"' "$tmp/list" || fail "disk0 not listed"
grep -q 'export="disk1"' "$tmp/list" || fail "disk1 not listed"
nbdinfo --json "$uri" >"$tmp/json" || fail "nbdinfo --json"
python3 - "$tmp/json" <<'PY' || fail "flags of the default export"
import json, sys
e = json.load(open(sys.argv[1]))["exports"][0]
# the ramdisk: no write cache, UNMAP and WRITE SAME, one unit behind every connection
want = {"is_read_only": False, "can_trim": True, "can_zero": True, "can_fast_zero": True,
        "can_multi_conn": True, "can_flush": False, "block_size_minimum": 512}
bad = {k: (e.get(k), v) for k, v in want.items() if e.get(k) != v}
if bad:
    sys.exit("unexpected: %s" % bad)
PY
nbdinfo --can trim "$uri" || fail "can trim"
stop

# A read-only server and a read-only disk.
start -r --disk ram:16M
nbdinfo --is read-only "nbd+unix:///?socket=$tmp/s.sock" || fail "-r export not read-only"
stop
start --disk ram:16M,ro
nbdinfo --is read-only "nbd+unix:///?socket=$tmp/s.sock" || fail "ro disk not read-only"
stop

# Without --disk the miniport reads its registry: the ramdisk's Disk0 value.
printf '[Parameters\\Device]\nDisk0 = REG_SZ "ram:24M"\n' >"$tmp/ramdisk.reg"
start --miniport ramdisk --registry "$tmp/ramdisk.reg"
size=$(nbdinfo --size "nbd+unix:///?socket=$tmp/s.sock") || fail "nbdinfo with --registry"
[ "$size" -eq 25165824 ] || fail "--registry disk size $size, expected 24 MiB"
stop

# Captive: --run gets $uri and its exit status becomes ours; nothing is left behind.
out=$("$bin" run -U - --disk ram:8M --run 'nbdinfo --size "$uri"; exit 3' 2>"$tmp/err")
status=$?
[ "$status" -eq 3 ] || { cat "$tmp/err"; fail "--run exit status $status, expected 3"; }
[ "$out" = 8388608 ] || fail "--run printed '$out'"
ls -d "${TMPDIR:-/tmp}"/ustorport-* 2>/dev/null | while read d; do
    [ -e "$d/nbd.sock" ] && [ ! -S "$d/nbd.sock" ] && echo "stray $d"
done
echo "ok"
