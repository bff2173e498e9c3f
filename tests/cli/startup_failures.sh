#!/bin/sh
# Startup failures of `ustorport`: each must exit 1 with exactly one line on stderr
# naming what went wrong, and leave no socket or pidfile behind.
# Usage: startup_failures.sh USTORPORT
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect NAME PATTERN ARGS...: exit 1 and one line of ustorport's own on stderr, matching
# PATTERN (grep -E); the only other lines allowed are log lines (the miniport's reason).
expect() {
    name=$1 pattern=$2
    shift 2
    env -u USTOR_LOG timeout 60 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    lines=$(grep -c '^ustorport [a-z]*: ' "$tmp/err")
    others=$(grep -vc -e '^ustorport [a-z]*: ' -e '^ustorport: [a-z]* \[' "$tmp/err")
    if [ "$status" -ne 1 ] || [ "$lines" -ne 1 ] || [ "$others" -ne 0 ] ||
       ! grep -Eq "$pattern" "$tmp/err"; then
        echo "FAIL $name: exit $status, $lines lines of ours, $others others (want 1 matching '$pattern'):"
        sed 's/^/    /' "$tmp/err"
        fails=$((fails + 1))
    else
        echo "ok   $name: $(grep "^ustorport [a-z]*: " "$tmp/err")"
    fi
}

expect missing_miniport_file '^ustorport run: --miniport .*no such file' \
    run -U "$tmp/a.sock" --miniport "$tmp/none.so"
expect unknown_miniport_name '^ustorport info: --miniport nosuchminiport: not found' \
    info --miniport nosuchminiport
echo "not a shared object" >"$tmp/fake.so"
expect not_a_miniport '^ustorport info: .*fake.so' info --miniport "$tmp/fake.so"
expect bad_disk_spec '^ustorport info: .*did not start' info --disk ram:lots
expect missing_image '^ustorport run: .*did not start' run -U "$tmp/m.sock" --disk "$tmp/none.img"
expect trace_unwritable '^ustorport info: --trace ' info --trace "$tmp/no/dir/trace.json"
expect socket_dir_missing '^ustorport run: ' run -U "$tmp/no/dir/x.sock" --disk ram:1M
expect pidfile_unwritable '^ustorport run: --pidfile ' \
    run -U "$tmp/p.sock" -P "$tmp/no/dir/pid" --disk ram:1M
[ -e "$tmp/p.sock" ] && { echo "FAIL pidfile_unwritable: socket left behind"; fails=$((fails + 1)); }
expect no_such_disk '^ustorport bench: --filename disk7: no such disk' \
    bench --filename disk7 --disk ram:1M
expect read_only_write '^ustorport bench: disk0 is read-only' \
    bench --rw=randwrite --disk ram:1M,ro
expect bs_not_block_multiple '^ustorport bench: --bs 1000 is not a multiple' \
    bench --bs=1000 --disk ram:1M
expect size_too_big '^ustorport bench: --size .* exceeds' bench --size=2M --disk ram:1M

# A port in use: a live socket at the path is refused, not replaced.
"$bin" run -U "$tmp/live.sock" --disk ram:1M -P "$tmp/live.pid" >/dev/null 2>&1 &
holder=$!
for i in $(seq 1 300); do [ -s "$tmp/live.pid" ] && break; sleep 0.1; done
expect live_socket '^ustorport run: .*another server' run -U "$tmp/live.sock" --disk ram:1M
kill "$holder"; wait "$holder"
[ -e "$tmp/live.sock" ] && { echo "FAIL live_socket: the first server left its socket"; fails=$((fails + 1)); }

if [ "$fails" -ne 0 ]; then
    echo "$fails startup-failure case(s) failed"
    exit 1
fi
