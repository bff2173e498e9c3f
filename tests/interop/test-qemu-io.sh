#!/usr/bin/env bash
# qemu-io read/write/discard/zero patterns against a RAM and a file export.
source "$(dirname "$0")/functions.sh"
requires qemu-io

start_server --export "=ram:16M" --export "file=$tmp/disk.img,size=16M"
for u in "$uri" "$(uri_of file)"; do
    out=$(timeout 60 qemu-io -f raw \
        -c "write -P 0xab 0 1M" -c "read -P 0xab 0 1M" \
        -c "write -P 0x11 1536 3584" -c "read -P 0x11 1536 3584" -c "read -P 0xab 0 1536" \
        -c "write -z 256k 128k" -c "read -P 0 256k 128k" -c "read -P 0xab 384k 640k" \
        -c "write -z -u 512k 64k" -c "read -P 0 512k 64k" \
        -c "discard 1M 1M" -c "write -P 0x22 2M 4k" -c "aio_write -P 0x33 3M 64k" -c "aio_flush" \
        -c "read -P 0x33 3M 64k" -c "flush" -c "write -f -P 0x44 4M 4k" -c "read -P 0x44 4M 4k" \
        "$u" 2>&1)
    echo "$out"
    if grep -qiE "fail|error|mismatch|verification" <<<"$out"; then
        echo "FAIL: qemu-io reported an error"; exit 1
    fi
    [ "$(grep -c '^read ' <<<"$out")" -eq 8 ] || { echo "FAIL: not every read ran"; exit 1; }
done
echo PASS
