#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of the project, ending with one summary line
# "N passed, N failed, N skipped".
#
#  1. host: dependencies, userspace build with -Werror, the module against
#     Debian's 6.1 and 6.12 headers with W=1, sparse, checkpatch, spec vs
#     generated code, mgmctl's argument handling;
#  2. VM: for each kernel (the debug kernel built from linux-source-6.12
#     with KUnit, lockdep, KASAN and kmemleak; Debian's stock 6.12 and 6.1)
#     build mgm.ko for it, boot it under qemu and run selftests/run.sh.
#
# Environment: MGM_KERNELS="debug 6.12 6.1" selects the VM kernels.

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=$top/build/check
kernels=${MGM_KERNELS:-debug 6.12 6.1}
pass=0
fail=0
skip=0
start=$(date +%s)

say()
{
	echo "check: $*"
}

# host_check NAME CMD...: one host-side result; the log is kept.
host_check()
{
	local name=$1 log
	shift
	log=$out/host-${name// /_}.log
	if "$@" >"$log" 2>&1; then
		echo "ok - host: $name"
		pass=$((pass + 1))
	else
		echo "not ok - host: $name (log: ${log#"$top"/})"
		sed 's/^/#   /' "$log" | tail -n 30
		fail=$((fail + 1))
	fi
}

summary_field()	# summary_field NAME FILE: N from "NAME=N" in a VM summary
{
	local v
	v=$(sed -n "s/.*\\b$1=\\([0-9]*\\).*/\\1/p" "$2" | head -n 1)
	echo "${v:-0}"
}

rm -rf "$out"
mkdir -p "$out"

say "installing missing Debian packages, if any"
if ! scripts/install-deps.sh; then
	echo "check: dependencies could not be installed"
	echo "0 passed, 1 failed"
	exit 1
fi

say "host checks"
host_check "userspace builds with -Werror" make -s B=build/werror WERROR=1 lib tools selftests-bin
if ! make -s lib tools selftests-bin >"$out/build.log" 2>&1; then
	cat "$out/build.log"
	echo "0 passed, 1 failed"
	exit 1
fi
host_check "module builds without warnings on 6.1 and 6.12 (W=1)" scripts/style.sh w1
host_check "sparse is clean (C=2, 6.12)" scripts/style.sh sparse
host_check "checkpatch --strict is clean" scripts/style.sh checkpatch
host_check "generated code matches the YNL spec" scripts/regen.sh --check
host_check "the harness' KTAP counter passes its samples" selftests/qemu/test-ktap.sh
host_check "the scenario coverage table matches the tests" scripts/scenario-coverage.py
host_check "shell scripts pass shellcheck" scripts/style.sh shellcheck
host_check "manual pages render without warnings" scripts/man-check.sh
# host_ktap CMD...: count the results of a host-side KTAP test.
host_ktap()
{
	local line
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*) echo "$line"; skip=$((skip + 1)) ;;
		"ok "*) echo "$line"; pass=$((pass + 1)) ;;
		"not ok "*) echo "$line"; fail=$((fail + 1)) ;;
		esac
	done < <("$@" 2>&1)
}
host_ktap selftests/mgmctl_host.sh
host_ktap selftests/mgm_static.sh --host
host_check "Win32 API unit tests (no module)" build/selftests/mgm_win32 --unit

for k in $kernels; do
	say "kernel $k: preparing (the first run builds the debug kernel: 12-15 minutes on 2 cores)"
	if ! ko_dir=$(scripts/kmod.sh "$k"); then
		echo "not ok - vm $k: building mgm.ko (log: build/kmod-$k.log)"
		fail=$((fail + 1))
		continue
	fi
	say "kernel $k: booting the VM and running the tests"
	selftests/qemu/vm.sh run --kernel "$k" --ko-dir "$ko_dir" \
		--results "$out/vm-$k" -- selftests/run.sh
	if [ -f "$out/vm-$k/summary" ]; then
		pass=$((pass + $(summary_field pass "$out/vm-$k/summary")))
		fail=$((fail + $(summary_field fail "$out/vm-$k/summary")))
		skip=$((skip + $(summary_field skip "$out/vm-$k/summary")))
	else
		echo "not ok - vm $k: no summary from the VM run"
		fail=$((fail + 1))
	fi
done

say "done in $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
