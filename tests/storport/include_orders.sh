#!/usr/bin/env bash
# Compiles storport.h in the include orders miniports use (alone, after
# ntddk.h, after miniport.h, with srb.h before or after it) as library code
# and as miniport code, with every warning an error; then checks that
# ScsiAdapterControlMax and ScsiUnitControlMax follow NTDDI_VERSION.
# usage: include_orders.sh CC WDK_INCLUDE OUTDIR MINIPORT_CFLAGS...
set -euo pipefail
cc=$1 wdk=$2 out=$3
shift 3
command -v "$cc" >/dev/null || { echo "include_orders: $cc not installed"; exit 1; }
mkdir -p "$out"
lib=(-std=gnu11 -Wall -Wextra -Wshadow -Wvla -Wstrict-prototypes -Werror -I"$wdk")
mp=(-std=gnu11 -Wall -Wextra -Werror "$@")
die() { echo "include_orders: $*"; exit 1; }

orders=("storport.h" "ntddk.h storport.h" "miniport.h storport.h"
        "ntddk.h storport.h ntddscsi.h srbhelper.h" "miniport.h storport.h ntddscsi.h srbhelper.h"
        "srb.h storport.h" "storport.h srb.h")
n=0
for order in "${orders[@]}"; do
    src="$out/order$n.c"
    : > "$src"
    for h in $order; do echo "#include <$h>" >> "$src"; done
    echo "int ustor_order_size(void);" >> "$src"
    echo "int ustor_order_size(void) { return (int)sizeof(PORT_CONFIGURATION_INFORMATION); }" >> "$src"
    "$cc" "${lib[@]}" -fsyntax-only "$src" || die "library mode failed: $order"
    "$cc" "${mp[@]}" -fsyntax-only "$src" || die "miniport mode failed: $order"
    n=$((n + 1))
done

# NTDDI_VERSION, adapter maximum, unit maximum (storport-facts.md 4.7).
tiers=("0x0A000002 0x12 12" "0x0A000007 0x13 12" "0x0A000008 0x13 13" "0x0A00000B 0x16 15"
       "0x0A000010 0x1E 17")
src="$out/maxima.c"
cat > "$src" <<'EOF2'
#include <storport.h>
_Static_assert(ScsiAdapterControlMax == WANT_ADAPTER_MAX, "ScsiAdapterControlMax");
_Static_assert(ScsiUnitControlMax == WANT_UNIT_MAX, "ScsiUnitControlMax");
EOF2
for tier in "${tiers[@]}"; do
    set -- $tier
    "$cc" "${lib[@]}" -fsyntax-only -DNTDDI_VERSION="$1" -DWANT_ADAPTER_MAX="$2" \
        -DWANT_UNIT_MAX="$3" "$src" || die "control maxima wrong for NTDDI $1"
done
echo "include_orders: $cc compiled $n include orders in both modes and ${#tiers[@]} NTDDI tiers"
