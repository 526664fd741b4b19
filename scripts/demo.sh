#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the README's main job.  Builds everything, boots Debian's
# stock 6.12 kernel under qemu with mgm.ko, and runs a live demonstration
# inside (scripts/demo-guest.sh): two protocols, mgm-static and the
# example protocol examples/rpf-proto.c, share a router namespace; real
# multicast flows from a source namespace to two receivers through
# mgm.ko's data path; mgmctl shows the protocols, interfaces, memberships
# and the forwarding entry's counters as they grow; then one protocol is
# killed and its state goes with it.
#
# Environment: MGM_DEMO_KERNEL (default 6.12; also 6.1 or debug).

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
k=${MGM_DEMO_KERNEL:-6.12}
start=$SECONDS

echo "demo: installing missing Debian packages, if any"
scripts/install-deps.sh
echo "demo: building libmgm, mgmctl, mgm-static, the example protocol and the traffic tool"
make -s lib tools examples build/selftests/mcast
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
echo
if [ $rc = 0 ]; then
	echo "demo: done in $((SECONDS - start)) s"
else
	echo "demo: FAILED (exit status $rc) after $((SECONDS - start)) s; the VM's report is above"
fi
exit $rc
