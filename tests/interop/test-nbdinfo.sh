#!/usr/bin/env bash
# nbdinfo: --list shows every export with its description, the flags follow
# each export's capabilities (--can, --is), --map reports holes and data.
source "$(dirname "$0")/functions.sh"
requires nbdinfo nbdsh truncate

truncate -s 8M "$tmp/sparse.img"
printf 'data' | dd of="$tmp/sparse.img" bs=1M seek=3 conv=notrunc status=none
start_server --description "scratch disk" --export "=ram:64M" --export "ro=ram:16M,ro" \
             --description "sparse file" --export "sparse=$tmp/sparse.img"

out=$(timeout 30 nbdinfo --list "$uri")
echo "$out"
for name in 'export=""' 'export="ro"' 'export="sparse"'; do
    grep -qF "$name" <<<"$out" || { echo "FAIL: --list lacks $name"; exit 1; }
done
grep -q "description: scratch disk" <<<"$out"
grep -q "description: sparse file" <<<"$out"

[ "$(timeout 30 nbdinfo --size "$uri")" = 67108864 ]
for f in flush fua trim zero fast-zero multi-conn cache df; do
    timeout 30 nbdinfo --can "$f" "$uri" || { echo "FAIL: can $f"; exit 1; }
done
ro=$(uri_of ro)
timeout 30 nbdinfo --is readonly "$ro"
for f in trim zero fua; do
    st=0; timeout 30 nbdinfo --can "$f" "$ro" || st=$?
    [ "$st" -eq 2 ] || { echo "FAIL: read-only export claims $f ($st)"; exit 1; }
done

json=$(timeout 30 nbdinfo --json "$uri")
python3 - "$json" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
e = j["exports"][0]
assert e["export-size"] == 64 << 20, e
assert e["block_size_minimum"] == 1 and e["block_size_preferred"] == 4096, e
assert e["block_size_maximum"] == 32 << 20, e
assert "base:allocation" in e["contexts"], e
PY

map=$(timeout 30 nbdinfo --map "$(uri_of sparse)")
echo "$map"
python3 - "$map" <<'PY'
import sys
rows = [l.split() for l in sys.argv[1].splitlines()]
ext = [(int(r[0]), int(r[1]), int(r[2])) for r in rows]
assert ext[0][0] == 0 and sum(e[1] for e in ext) == 8 << 20, ext
data = [e for e in ext if e[2] == 0]
assert len(data) == 1 and data[0][0] <= 3 << 20 < data[0][0] + data[0][1], ext
assert all(e[2] == 3 for e in ext if e[2] != 0), ext     # hole,zero elsewhere
PY
echo PASS
