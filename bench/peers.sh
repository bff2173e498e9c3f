#!/usr/bin/env bash
# peers.sh - the same fio jobs against ustorport, `nbdkit memory` and
# `qemu-nbd --persistent` (raw image on tmpfs), in one run, over unix sockets.
# Prints each figure and ustorport's ratio to the best peer.
#
# Jobs: 4k randread and randwrite at iodepth 32, 1M sequential read and write at
# iodepth 8; one fio job each, ioengine=nbd.
#
# Usage: bench/peers.sh [--server 'CMD'] [--build DIR] [--runtime SEC] [--size SIZE]
#                       [--rounds N] [--only NAMES] [--json FILE] [--nice N]
#                       [--miniport NAME]
#   CMD starts ustorport's server in the foreground; {sock}, {pid}, {size} and
#   {image} are replaced. Default: `ustorport run` on its default, our NVMe
#   miniport on the NVMe controller model with a RAM namespace:
#   'BUILD/tools/ustorport/ustorport run -f -U {sock} -P {pid} --disk ram:{size}'
#   --miniport NAME adds '--miniport NAME' to that default (e.g. ramdisk, the
#   virtual ramdisk miniport).
#   --rounds N runs every job N times, servers interleaved (each round starting
#   with the next one), and keeps the median.
#   --only takes a comma list of ustorport,nbdkit,qemu-nbd.
#   --nice N runs the servers and fio at that niceness (e.g. -15, as root) so
#   background work on a shared machine disturbs every server alike, and less.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build="$root/build"
runtime=10
size=1G
rounds=1
only="ustorport,nbdkit,qemu-nbd"
server=""
miniport_arg=""
json=""
nice_prefix=()

while [ $# -gt 0 ]; do
    case "$1" in
    --server) server=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --runtime) runtime=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --nice) nice_prefix=(nice -n "$2"); shift 2 ;;
    --miniport) miniport_arg=" --miniport $2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "peers.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$server" ] || server="$build/tools/ustorport/ustorport run -f -U {sock} -P {pid} --disk ram:{size}$miniport_arg"

for tool in fio python3; do
    command -v "$tool" >/dev/null || { echo "peers.sh: $tool is missing (scripts/install-deps.sh bench)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/ustorport-peers.XXXXXX)
image=$(mktemp /dev/shm/ustorport-peers.XXXXXX.img)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work" "$image"
}
trap cleanup EXIT INT TERM

truncate -s "$size" "$image"

# The command line of each server; empty when its program is missing.
server_cmd() {
    case "$1" in
    ustorport) echo "$server" ;;
    nbdkit) command -v nbdkit >/dev/null && echo "nbdkit -f -U {sock} -P {pid} memory {size}" ;;
    qemu-nbd) command -v qemu-nbd >/dev/null &&
        echo "qemu-nbd --persistent --shared=16 -k {sock} --pid-file={pid} -f raw {image}" ;;
    esac
    return 0
}

start_server() {        # name -> sets server_pid, sock
    local cmd
    sock="$work/$1.sock"
    cmd=$(server_cmd "$1")
    cmd=${cmd//\{sock\}/$sock}; cmd=${cmd//\{pid\}/$work/$1.pid}
    cmd=${cmd//\{size\}/$size}; cmd=${cmd//\{image\}/$image}
    rm -f "$sock" "$work/$1.pid"
    "${nice_prefix[@]}" $cmd >"$work/$1.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        [ -S "$sock" ] && [ -s "$work/$1.pid" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "peers.sh: $1 did not start: $cmd" >&2
    cat "$work/$1.log" >&2
    return 1
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# One fio job; prints "iops bytes_per_second".
run_fio() {     # rw bs iodepth
    "${nice_prefix[@]}" fio --name=peer --ioengine=nbd --uri="nbd+unix:///?socket=$sock" --rw="$1" --bs="$2" \
        --iodepth="$3" --runtime="$runtime" --time_based --size="$size" --output-format=json \
        2>"$work/fio.err" | sed -n '/^{/,$p' | python3 -c '
import json, sys
j = json.load(sys.stdin)["jobs"][0]
d = j["read"] if j["read"]["io_bytes"] else j["write"]
print("%.0f %.0f" % (d["iops"], d["bw_bytes"]))'
}

jobs=("randread 4k 32" "randwrite 4k 32" "read 1M 8" "write 1M 8")
IFS=, read -r -a servers <<<"$only"
declare -A result

for round in $(seq "$rounds"); do
    # each round starts with the next server, so no server always runs first
    order=()
    for i in "${!servers[@]}"; do
        order+=("${servers[$(( (i + round - 1) % ${#servers[@]} ))]}")
    done
    for name in "${order[@]}"; do
        [ -n "$(server_cmd "$name")" ] || { echo "peers.sh: skipping $name: not installed" >&2; continue; }
        start_server "$name"
        for j in "${jobs[@]}"; do
            # shellcheck disable=SC2086
            result["$name|$j|$round"]=$(run_fio $j)
        done
        stop_server
    done
done

python3 - "$rounds" "$json" "${servers[@]}" <<EOF
import json, statistics, sys
rounds, out, servers = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
raw = """$(for k in "${!result[@]}"; do echo "$k|${result[$k]}"; done)"""
vals = {}
for line in raw.strip().splitlines():
    name, job, rnd, fig = line.split("|")
    iops, bw = map(float, fig.split())
    vals.setdefault((name, job), []).append((iops, bw))
jobs = ["randread 4k 32", "randwrite 4k 32", "read 1M 8", "write 1M 8"]
def figure(name, job):
    v = vals.get((name, job))
    if not v:
        return None
    big = job.split()[1] == "1M"
    return statistics.median(x[1] / 2**30 if big else x[0] / 1000 for x in v)
def label(job):
    rw, bs, qd = job.split()
    return "%s %s qd%s" % (rw, bs, qd)
unit = lambda job: "GiB/s" if job.split()[1] == "1M" else "kIOPS"
print("%-20s %-6s" % ("workload", "unit") + "".join("%12s" % s for s in servers) + "%14s" % "vs best peer")
table = []
for job in jobs:
    row = {s: figure(s, job) for s in servers}
    peers = [v for s, v in row.items() if s != "ustorport" and v is not None]
    ours = row.get("ustorport")
    ratio = ours / max(peers) if ours is not None and peers else None
    cells = "".join("%12s" % ("-" if row[s] is None else "%.2f" % row[s]) for s in servers)
    print("%-20s %-6s" % (label(job), unit(job)) + cells + "%14s" % ("-" if ratio is None else "%.2fx" % ratio))
    rounds_of = lambda s: [x[1] / 2**30 if job.split()[1] == "1M" else x[0] / 1000 for x in vals.get((s, job), [])]
    table.append({"job": label(job), "unit": unit(job), "figures": row, "ratio_to_best_peer": ratio,
                  "rounds": {s: rounds_of(s) for s in servers}})
print("(%d round%s of %ss each; median)" % (rounds, "" if rounds == 1 else "s", "$runtime"))
if out:
    json.dump({"rounds": rounds, "runtime_s": $runtime, "size": "$size", "results": table}, open(out, "w"), indent=2)
EOF
