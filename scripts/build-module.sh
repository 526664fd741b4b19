#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build mgm.ko (and mgm_kunit.ko when the target kernel has KUnit) for one
# kernel, out of place, so that several kernels can be built from one
# checkout without their objects mixing.
#
# Usage: scripts/build-module.sh KDIR OUTDIR [make args...]
#   KDIR    kernel build tree (e.g. /lib/modules/$(uname -r)/build)
#   OUTDIR  where the copy is built; OUTDIR/kernel/mgm.ko is the result
# Extra arguments go to kbuild (W=1, C=2, KCFLAGS=-Werror, ...).

set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 KDIR OUTDIR [make args...]" >&2
	exit 2
fi
kdir=$1
out=$(realpath -m "$2")
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -e "$kdir/Makefile" ]; then
	echo "build-module: no kernel build tree at $kdir" >&2
	exit 1
fi

mkdir -p "$out"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
	"$top/kernel" "$top/include" "$out/"
cp "$top/Kbuild" "$out/Kbuild"
make -C "$kdir" M="$out" "$@" modules
