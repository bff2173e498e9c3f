#!/bin/sh
# The command line on the nvme controller (the default): `info` shows the controller,
# its namespaces and one unit per namespace; `bench --verify` passes on mixed random
# I/O from two jobs and on requests bigger than the controller's transfer limit;
# --controller nvme with --miniport PATH runs a given NVMe miniport, --controller
# none a virtual one; a bad --controller is a usage error.
# Usage: cli_nvme.sh USTORPORT NVME_SO
set -u
bin=$1 so=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/err" ] && sed 's/^/    /' "$tmp/err"; exit 1; }

"$bin" info --disk ram:8M --disk ram:4M,lba=4096 >"$tmp/text" 2>"$tmp/err" || fail "info"
cat "$tmp/text"
grep -q '^  bus type:         Nvme (17)$' "$tmp/text" || fail "bus type"
grep -q '^controller: nvme ' "$tmp/text" || fail "controller line"
grep -q '^  namespace 1: ram:8M, 8 MiB, 512-byte blocks$' "$tmp/text" || fail "namespace 1"
grep -q '^  namespace 2: ram:4M, 4 MiB, 4096-byte blocks$' "$tmp/text" || fail "namespace 2"
grep -q '^units: 2$' "$tmp/text" || fail "two units"
grep -q 'capacity:     4 MiB (4194304 bytes), 1024 blocks of 4096 bytes' "$tmp/text" || fail "4k unit"

"$bin" info --json >"$tmp/json" 2>"$tmp/err" || fail "info --json"
python3 - "$tmp/json" <<'PY' || fail "info JSON"
import json, sys
d = json.load(open(sys.argv[1]))
a, c = d["adapter"], d["controller"]
assert a["virtual"] is False and a["bus_type"] == "Nvme" and a["extended_srb"] is True, a
assert c["kind"] == "nvme" and c["interrupt_messages"] > 1, c
assert c["namespaces"] == [{"nsid": 1, "disk": "ram:1G", "size": 1 << 30, "lba_size": 512,
                            "write_protected": False}], c
u = d["units"][0]
assert u["size"] == 1 << 30 and u["vendor"] == "NVMe" and "flush" in u["nbd_flags"], u
PY

"$bin" bench --rw=randrw --rwmixread=60 --bs=4k --iodepth=16 --numjobs=2 --runtime=2 \
    --verify --disk ram:32M >"$tmp/out" 2>"$tmp/err" || fail "bench --verify"
grep -q '^verify: [0-9]* blocks checked, 0 errors$' "$tmp/out" || fail "verify line"
"$bin" bench --rw=randrw --bs=4M --iodepth=2 --size=32M --runtime=1 --verify --disk ram:32M \
    >"$tmp/out" 2>"$tmp/err" || fail "bench --verify with 4M requests"
grep -q '0 errors$' "$tmp/out" || fail "4M verify line"

"$bin" info --controller nvme --miniport "$so" >"$tmp/text" 2>"$tmp/err" || fail "--miniport PATH"
grep -q "^adapter: $so\$" "$tmp/text" && grep -q '^controller: nvme' "$tmp/text" || fail "PATH on nvme"
"$bin" info --controller none >"$tmp/text" 2>"$tmp/err" || fail "--controller none"
grep -q 'type:             virtual' "$tmp/text" && ! grep -q '^controller:' "$tmp/text" ||
    fail "--controller none is the ramdisk"
"$bin" info --controller ahci >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "^ustorport info: --controller 'ahci': expected nvme or none" "$tmp/err" ||
    fail "bad --controller"
echo ok
