#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the README's main job.  Builds everything, boots Debian's
# stock 6.12 kernel under qemu with mgm.ko, and runs a live demonstration
# inside (scripts/demo-guest.sh): protocols register, mgmctl shows them,
# one process dies and its registration goes with it.
#
# Environment: MGM_DEMO_KERNEL (default 6.12; also 6.1 or debug).

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
k=${MGM_DEMO_KERNEL:-6.12}

echo "demo: installing missing Debian packages, if any"
scripts/install-deps.sh
echo "demo: building libmgm, mgmctl and the demo protocols"
make -s lib tools selftests-bin
echo "demo: building mgm.ko for kernel $k"
ko_dir=$(scripts/kmod.sh "$k")
echo "demo: booting kernel $k under qemu (software emulation: about a minute)"
results=$top/build/demo
rm -rf "$results"
rc=0
selftests/qemu/vm.sh run --kernel "$k" --ko-dir "$ko_dir" \
	--results "$results" -- scripts/demo-guest.sh || rc=$?
echo
echo "================ what the demo printed inside the VM ================"
cat "$results/demo.txt" 2>/dev/null || echo "(nothing: see $results)"
exit $rc
