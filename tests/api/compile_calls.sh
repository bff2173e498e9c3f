#!/usr/bin/env bash
# Compiles the generated seed-call file as miniport code and links it into a
# shared object with --no-undefined against libustorport: every routine the
# seed documents name must be declared with its signature and resolvable.
# usage: compile_calls.sh CC CALLS.c LIBDIR OUTDIR CFLAGS...
set -euo pipefail
cc=$1 src=$2 libdir=$3 out=$4
shift 4
command -v "$cc" >/dev/null || { echo "compile_calls: $cc not installed (scripts/install-deps.sh test)"; exit 1; }
mkdir -p "$out"
obj="$out/seed_calls.$(basename "$cc").o"
"$cc" -std=gnu11 -fPIC -Wall -Wextra -Werror -Wno-unused-but-set-variable "$@" -c "$src" -o "$obj"
"$cc" -shared -o "${obj%.o}.so" "$obj" -L"$libdir" -lustorport -Wl,--no-undefined
echo "compile_calls: $cc compiled and linked $(grep -c '^        [(A-Z]' "$src") calls"
