#!/usr/bin/env bash
# TCP on loopback with a port the server picks, the URI it prints, and
# nbdinfo/qemu-img over it.
source "$(dirname "$0")/functions.sh"
requires nbdinfo qemu-img

"$NBD_TEST_SERVER" -p 0 -P "$tmp/pid" --print-uri --export "disk=ram:8M" >"$tmp/uri" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 200); do [ -s "$tmp/uri" ] && break; sleep 0.05; done
tcp_uri=$(cat "$tmp/uri")
echo "$tcp_uri"
[[ "$tcp_uri" =~ ^nbd://localhost:[0-9]+/disk$ ]] || { echo "FAIL: bad URI '$tcp_uri'"; exit 1; }
port=${tcp_uri#nbd://localhost:}; port=${port%/disk}
[ "$port" -gt 0 ]
[ "$(timeout 30 nbdinfo --size "nbd://127.0.0.1:$port/disk")" = 8388608 ]
timeout 60 qemu-img info "nbd://127.0.0.1:$port/disk" | grep -q "virtual size: 8 MiB"
echo PASS
