#!/usr/bin/env bash
# The negative cases, one nbdsh script each: out-of-range and unaligned
# requests, over-long requests, an unknown command, a write to a read-only
# export, and clients disconnecting mid-request. Every refusal is logged.
source "$(dirname "$0")/functions.sh"
requires nbdsh

case="${1:?which case}"
export INTEROP_DIR
INTEROP_DIR=$(cd "$(dirname "$0")" && pwd)
export SOCKET=$sock
start_server --export "=ram:64M" --export "ro=ram:1M,ro" --block-size 512 --export "bs512=ram:1M"
case "$case" in
    range)       nbdsh_script "$INTEROP_DIR/neg_range.py" "$uri" ;;
    unaligned)   nbdsh_script "$INTEROP_DIR/neg_unaligned.py" "$(uri_of bs512)" ;;
    overlong)    nbdsh_script "$INTEROP_DIR/neg_overlong.py" "$uri" ;;
    unknown-cmd) nbdsh_script "$INTEROP_DIR/neg_unknown_cmd.py" "$uri" ;;
    readonly)    nbdsh_script "$INTEROP_DIR/neg_readonly.py" "$(uri_of ro)" ;;
    disconnect)  nbdsh_script "$INTEROP_DIR/neg_disconnect.py" "$uri" ;;
    *) echo "unknown case $case"; exit 2 ;;
esac
stop_server
# one guest-channel line per refusal or vanished client
grep -q "\[guest\]" "$tmp/server.log" || { echo "FAIL: nothing logged"; exit 1; }
grep "\[guest\]" "$tmp/server.log" | head -20
echo PASS
