#!/usr/bin/env bash
# Multi-conn consistency across three connections (libnbd via nbdsh), as the
# NBD protocol requires of exports advertising CAN_MULTI_CONN.
source "$(dirname "$0")/functions.sh"
requires nbdsh

start_server --export "=ram:16M" --export "file=$tmp/disk.img,size=16M"
for u in "$uri" "$(uri_of file)"; do
    URI=$u timeout 120 nbdsh -n -c "exec(open('$(dirname "$0")/multiconn.py').read())"
done
echo PASS
