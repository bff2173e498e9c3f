#!/usr/bin/env bash
# fio's nbd engine writes with crc32c checksums and reads them back, with
# requests in flight and two jobs (two connections) at once; 4k to 1M requests,
# so the big ones also go through helper threads on the threads=2 export.
source "$(dirname "$0")/functions.sh"
requires fio

start_server --export "=ram:64M" --export "file=$tmp/disk.img,size=64M" \
             --export "thr=ram:64M,threads=2"
for u in "$uri" "$(uri_of file)" "$(uri_of thr)"; do
    timeout 120 fio --name=verify --ioengine=nbd --uri="$u" --rw=randwrite --bsrange=4k-1m \
        --iodepth=16 --numjobs=2 --size=32M --offset_increment=32M --verify=crc32c \
        --verify_fatal=1 --do_verify=1 --group_reporting >"$tmp/fio.log" 2>&1 ||
        { cat "$tmp/fio.log"; echo "FAIL: fio"; exit 1; }
    grep -E "err= *0" "$tmp/fio.log" >/dev/null || { cat "$tmp/fio.log"; echo "FAIL: fio errors"; exit 1; }
done
echo PASS
