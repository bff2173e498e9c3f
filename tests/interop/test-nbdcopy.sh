#!/usr/bin/env bash
# nbdcopy in and out with several connections (the export offers multi-conn),
# a sparse source, and checksums compared at the end.
source "$(dirname "$0")/functions.sh"
requires nbdcopy nbdinfo sha256sum

head -c 48M /dev/urandom >"$tmp/src.img"
truncate -s 96M "$tmp/src.img"                      # a 48 MiB hole at the end
dd if=/dev/urandom of="$tmp/src.img" bs=1M count=4 seek=60 conv=notrunc status=none
start_server --export "=ram:96M" --export "two=ram:96M,threads=2"

timeout 30 nbdinfo --can multi-conn "$uri"
timeout 120 nbdcopy --connections=4 --requests=32 --flush "$tmp/src.img" "$uri"
timeout 120 nbdcopy --connections=4 "$uri" "$tmp/back.img"
a=$(sha256sum <"$tmp/src.img"); b=$(sha256sum <"$tmp/back.img")
[ "$a" = "$b" ] || { echo "FAIL: checksums differ"; exit 1; }

# NBD to NBD: into a second export of the same server, both ends multi-conn.
timeout 120 nbdcopy --connections=4 "$uri" "$(uri_of two)"
c=$(timeout 120 nbdcopy "$(uri_of two)" - | sha256sum)
[ "$a" = "$c" ] || { echo "FAIL: checksum after the NBD to NBD copy"; exit 1; }
echo PASS
