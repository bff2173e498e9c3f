#!/bin/sh
# fio through NBD on the nvme controller: `ustorport run` (the nvme miniport on the
# model), fio's nbd engine writing with crc32c checksums from two jobs, 4k to 1M
# requests in flight, then reading everything back and checking it. Exits 77 (skip)
# without fio.
# Usage: fio_nvme.sh USTORPORT
set -u
bin=$1
command -v fio >/dev/null 2>&1 || { echo "SKIP: fio is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for disk in ram:64M "ram:64M,lba=4096"; do
    timeout 300 "$bin" run -U - --disk "$disk" --run "fio --name=verify --ioengine=nbd \
        --uri=\"\$uri\" --rw=randwrite --bsrange=4k-1m --iodepth=16 --numjobs=2 --size=32M \
        --offset_increment=32M --verify=crc32c --verify_fatal=1 --do_verify=1 \
        --group_reporting" >"$tmp/fio.log" 2>&1 || { cat "$tmp/fio.log"; echo "FAIL: fio on $disk"; exit 1; }
    grep -Eq "err= *0" "$tmp/fio.log" || { cat "$tmp/fio.log"; echo "FAIL: fio errors on $disk"; exit 1; }
    grep -E "WRITE:|READ:" "$tmp/fio.log"
done
echo PASS
