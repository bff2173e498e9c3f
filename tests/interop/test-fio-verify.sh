#!/usr/bin/env bash
# fio's nbd engine writes with crc32c checksums and reads them back, with
# requests in flight and two jobs (two connections) at once.
source "$(dirname "$0")/functions.sh"
requires fio

start_server --export "=ram:64M" --export "file=$tmp/disk.img,size=64M"
for u in "$uri" "$(uri_of file)"; do
    timeout 120 fio --name=verify --ioengine=nbd --uri="$u" --rw=randwrite --bsrange=4k-64k \
        --iodepth=16 --numjobs=2 --size=32M --offset_increment=32M --verify=crc32c \
        --verify_fatal=1 --do_verify=1 --group_reporting >"$tmp/fio.log" 2>&1 ||
        { cat "$tmp/fio.log"; echo "FAIL: fio"; exit 1; }
    grep -E "err= *0" "$tmp/fio.log" >/dev/null || { cat "$tmp/fio.log"; echo "FAIL: fio errors"; exit 1; }
done
echo PASS
