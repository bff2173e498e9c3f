#!/bin/sh
# `ustorport info` on the ramdisk with two disks, one read-only: the text lists both
# units with their INQUIRY strings and capacity; the JSON carries the adapter's
# configuration and, per unit, size, limits and the NBD flags derived from it.
# Usage: info.sh USTORPORT
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" info --miniport ramdisk --disk ram:8M --disk ram:4M,ro >"$tmp/text" 2>"$tmp/err" || { cat "$tmp/err"; fail "text"; }
cat "$tmp/text"
grep -q '^units: 2$' "$tmp/text" || fail "unit count"
grep -q '^unit 0:0:0  disk0  type 0x00$' "$tmp/text" || fail "disk0 line"
grep -q '^unit 0:0:1  disk1  type 0x00$' "$tmp/text" || fail "disk1 line"
grep -q 'capacity:     8 MiB (8388608 bytes), 16384 blocks of 512 bytes' "$tmp/text" || fail "capacity"
grep -q 'argument string:  disk0=ram:8M;disk1=ram:4M,ro' "$tmp/text" || fail "argument string"

"$bin" info --miniport ramdisk --json --disk ram:8M --disk ram:4M,ro >"$tmp/json" 2>"$tmp/err" || fail "json"
python3 - "$tmp/json" <<'PY' || fail "json content"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["adapter"]
assert a["virtual"] is True and a["max_transfer_length"] > 0 and a["max_luns"] >= 2, a
u0, u1 = d["units"]
assert (u0["name"], u0["lun"], u0["size"], u0["block_size"]) == ("disk0", 0, 8 << 20, 512), u0
assert u0["read_only"] is False and "multi-conn" in u0["nbd_flags"], u0
assert u0["max_transfer_bytes"] <= a["max_transfer_length"], u0
assert u1["size"] == 4 << 20 and u1["read_only"] is True, u1
assert "read-only" in u1["nbd_flags"] and "trim" not in u1["nbd_flags"], u1
assert u0["vendor"] and u0["product"], u0
PY
echo ok
