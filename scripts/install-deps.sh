#!/usr/bin/env bash
# Installs the Debian packages a target needs, only those that are missing.
# Usage: install-deps.sh build|test|bench
set -euo pipefail

build_pkgs=(cmake ninja-build gcc make pkg-config python3 liburing-dev)
test_pkgs=(clang libclang-rt-14-dev libnbd-bin python3-libnbd libnbd-dev qemu-utils fio)
bench_pkgs=(fio nbdkit qemu-utils libnbd-bin)

case "${1:-build}" in
  build) want=("${build_pkgs[@]}") ;;
  test)  want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) want=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "install-deps.sh: unknown set '$1' (build, test or bench)" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null || { echo "install-deps: apt-get update failed" >&2; exit 1; }
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
  echo "install-deps: could not install: ${missing[*]}" >&2; exit 1; }
