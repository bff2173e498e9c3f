#!/usr/bin/env bash
# qemu-img info, convert into and out of the export, compare, and map.
source "$(dirname "$0")/functions.sh"
requires qemu-img

qemu-img create -q -f qcow2 "$tmp/src.qcow2" 32M
qemu-io -f qcow2 -c "write -P 0x5a 1M 3M" -c "write -P 0xc3 20M 64k" "$tmp/src.qcow2" >/dev/null
start_server --export "=ram:32M" --export "file=$tmp/disk.img,size=32M"

for u in "$uri" "$(uri_of file)"; do
    info=$(timeout 30 qemu-img info --output=json "$u")
    python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["virtual-size"] == 32 << 20, j' "$info"
    timeout 60 qemu-img convert -n -f qcow2 -O raw "$tmp/src.qcow2" "$u"
    timeout 60 qemu-img compare -f qcow2 -F raw "$tmp/src.qcow2" "$u"
    timeout 60 qemu-img convert -f raw -O raw "$u" "$tmp/out.raw"
    timeout 60 qemu-img compare -f qcow2 -F raw "$tmp/src.qcow2" "$tmp/out.raw"
    rm -f "$tmp/out.raw"
done
# map: the zero regions are reported as such.
map=$(timeout 30 qemu-img map --output=json -f raw "$(uri_of file)")
python3 - "$map" <<'PY'
import json, sys
m = json.loads(sys.argv[1])
assert sum(e["length"] for e in m) == 32 << 20, m
data = [e for e in m if e["data"]]
assert any(e["start"] <= 1 << 20 < e["start"] + e["length"] for e in data), m
assert any(not e["data"] and e["zero"] for e in m), m
PY
echo PASS
