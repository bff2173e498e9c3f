#!/bin/sh
# `ustorport bench --verify` on the ramdisk: mixed random I/O from two jobs for a few
# seconds with every read checked; JSON output with fio's keys; a size-based run that
# does exactly the I/O its size asks; requests larger than the adapter's maximum
# transfer, cut into several commands and still verified; --prefill writes every block
# of an image once, split among the jobs, outside the measured I/O, and is refused on a
# read-only disk.
# Usage: bench_verify.sh USTORPORT
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/err" ] && sed 's/^/    /' "$tmp/err"; exit 1; }

"$bin" bench --rw=randrw --rwmixread=70 --bs=4k --iodepth=16 --numjobs=2 --runtime=3 \
    --verify --disk ram:64M >"$tmp/out" 2>"$tmp/err" || fail "text run exited $?"
cat "$tmp/out"
grep -q '^  read: IOPS=' "$tmp/out" || fail "no read line"
grep -q '^  write: IOPS=' "$tmp/out" || fail "no write line"
grep -q 'clat percentiles' "$tmp/out" || fail "no percentiles"
checked=$(sed -n 's/^verify: \([0-9]*\) blocks checked, 0 errors$/\1/p' "$tmp/out")
reads=$(sed -n 's/^ *issued rwts: total=\([0-9]*\),.*/\1/p' "$tmp/out")
# every read of the run, then the read-back of all 64 MiB in 4k blocks
[ -n "$checked" ] && [ "$checked" -eq $((reads + 16384)) ] ||
    fail "verify line: '$checked' blocks checked, expected $reads reads + 16384"

"$bin" bench --rw=randread --bs=8k --iodepth=8 --runtime=2 --verify --disk ram:32M \
    --output-format=json >"$tmp/json" 2>"$tmp/err" || fail "json run exited $?"
python3 - "$tmp/json" <<'PY' || fail "json run"
import json, sys
d = json.load(open(sys.argv[1]))
assert "fio version" in d and d["jobs"], d.keys()
r = d["jobs"][0]["read"]
assert r["total_ios"] > 0 and r["iops"] > 0 and r["bw_bytes"] > 0, r
assert r["io_bytes"] == r["total_ios"] * 8192, r
assert r["clat_ns"]["N"] == r["total_ios"], r["clat_ns"]
p = r["clat_ns"]["percentile"]
for k in ("50.000000", "99.000000", "99.900000", "99.990000"):
    assert k in p, p.keys()
assert r["clat_ns"]["min"] <= p["50.000000"] <= p["99.990000"] <= r["clat_ns"]["max"], r["clat_ns"]
assert d["jobs"][0]["write"]["total_ios"] == 0
v = d["ustorport"]["verify"]
# every read of the run, then the read-back of all 32 MiB
assert v["errors"] == 0 and v["blocks_checked"] == r["total_ios"] + 4096, (v, r["total_ios"])
PY

"$bin" bench --rw=write --bs=64k --size=8M --iodepth=4 --verify --disk ram:16M \
    --output-format=json >"$tmp/json" 2>"$tmp/err" || fail "size-based run exited $?"
python3 - "$tmp/json" <<'PY' || fail "size-based run"
import json, sys
d = json.load(open(sys.argv[1]))
w = d["jobs"][0]["write"]
assert w["total_ios"] == 128 and w["io_bytes"] == 8 << 20, w
assert d["ustorport"]["verify"] == {"blocks_checked": 128, "errors": 0}, d["ustorport"]
PY

"$bin" bench --rw=randrw --bs=4M --iodepth=2 --size=32M --runtime=2 --verify --disk ram:32M \
    --output-format=json >"$tmp/json" 2>"$tmp/err" || fail "large-request run exited $?"
python3 - "$tmp/json" <<'PY' || fail "large-request run"
import json, sys
d = json.load(open(sys.argv[1]))
u = d["ustorport"]
assert u["split_requests"] > 0 and u["failures"] == 0, u
assert u["verify"]["errors"] == 0 and u["verify"]["blocks_checked"] > 0, u
PY

"$bin" bench --rw=randread --bs=4k --iodepth=4 --numjobs=3 --runtime=1 --prefill \
    --miniport ramdisk --disk "$tmp/img,size=16M" --output-format=json >"$tmp/json" 2>"$tmp/err" ||
    fail "prefill run exited $?"
python3 - "$tmp/json" "$tmp/img" <<'PY' || fail "prefill run"
import json, sys
d = json.load(open(sys.argv[1]))
j = d["jobs"][0]
assert j["read"]["total_ios"] > 0 and j["write"]["total_ios"] == 0, (j["read"], j["write"])
data = open(sys.argv[2], "rb").read()
assert len(data) == 16 << 20, len(data)
empty = [i for i in range(0, len(data), 4096) if data[i:i + 4096].count(0) == 4096]
assert not empty, "%d blocks never written, first at %d" % (len(empty), empty[0])
PY
"$bin" bench --prefill --runtime=1 --miniport ramdisk --disk "$tmp/img,ro" >"$tmp/out" 2>"$tmp/err" &&
    fail "prefill of a read-only disk succeeded"
grep -q 'read-only: --prefill' "$tmp/err" || fail "no read-only message for --prefill"
echo ok
