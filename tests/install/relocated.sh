#!/bin/sh
# usage: relocated.sh CMAKE BUILD_DIR BINDIR LIBDIR
# Installs BUILD_DIR into a fresh prefix and runs `ustorport info --miniport ramdisk`
# from there with the loader and miniport search paths cleared.
set -u
cmake=$1 build=$2 bindir=$3 libdir=$4
case $libdir in /*) echo "SKIP: absolute LIBDIR $libdir" >&2; exit 77 ;; esac
fail() { echo "FAIL: $*" >&2; exit 1; }
prefix=$(mktemp -d "${TMPDIR:-/tmp}/ustor-install.XXXXXX") || fail "mktemp"
trap 'rm -rf "$prefix"' EXIT
"$cmake" --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install $build"
tool=$prefix/$bindir/ustorport
[ -x "$tool" ] || fail "no installed tool at $tool"
out=$(env -u LD_LIBRARY_PATH -u USTOR_MINIPORT_PATH "$tool" info --miniport ramdisk 2>&1) ||
    fail "installed tool failed: $out"
want="adapter: $prefix/$libdir/ustorport/miniports/ramdisk.so"
printf '%s\n' "$out" | grep -qxF "$want" || fail "expected '$want' in:
$out"
echo "ok: $want"
