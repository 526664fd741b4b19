#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build mgm.ko (and mgm_kunit.ko when the kernel has KUnit) for one of the
# test kernels and print the directory that holds them.
#
# Usage: scripts/kmod.sh debug|6.12|6.1
# The first use of "debug" builds the debug kernel (12-15 minutes).
# The build log is build/kmod-K.log; it is shown when the build fails.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
k=${1:?usage: $0 debug|6.12|6.1}
log=$top/build/kmod-$k.log

kdir=$("$top/selftests/qemu/vm.sh" kernel --kernel "$k")
mkdir -p "$top/build"
if ! "$top/scripts/build-module.sh" "$kdir" "$top/build/kmod/$k" MGM_TEST=1 >"$log" 2>&1; then
	echo "kmod: building mgm.ko for $k failed:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
echo "$top/build/kmod/$k/kernel"
