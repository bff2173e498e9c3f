#!/usr/bin/env bash
# make bench: every benchmark of bench/, against the build in $1 (default build/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
echo "== bench/peers.sh (ustorport vs nbdkit memory vs qemu-nbd, fio nbd engine)"
"$here/peers.sh" --build "$build" --rounds "${ROUNDS:-3}" --runtime "${RUNTIME:-10}"
