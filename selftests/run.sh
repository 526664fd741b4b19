#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test job that runs inside the test VM (selftests/qemu/vm.sh starts
# it): load mgm.ko, run the KUnit suites (debug kernel), the selftests and
# the C tests, unload the module, and write one KTAP document with a
# top-level result per check to $MGM_RESULTS/ktap.
#
# Usage: selftests/run.sh [TEST...]
#   TEST  kunit, mgm_protocol, mgmctl_objects, mgmctl_monitor, mgm_nl_test,
#         mgm_native, mgm_scenarios, mgm_win32, mgm_static, mgm_forward,
#         module
#         (default: all)
# Environment: MGM_KO_DIR (holds mgm.ko and, with KUnit, mgm_kunit.ko),
# MGM_RESULTS (output directory), MGM_KERNEL (debug, 6.1 or 6.12).

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
results=${MGM_RESULTS:-/tmp/mgm-results}
ko_dir=${MGM_KO_DIR:-$top/kernel}
kernel=${MGM_KERNEL:-$(uname -r)}
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(kunit mgm_protocol mgmctl_objects mgmctl_monitor mgm_nl_test mgm_native mgm_scenarios mgm_win32 mgm_static mgm_forward module)
per_test_timeout=${MGM_TEST_TIMEOUT:-600}

mkdir -p "$results/logs"
lines=$(mktemp)
n=0
failed=0

emit()		# emit ok|fail|skip DESCRIPTION [REASON]
{
	local line
	n=$((n + 1))
	case $1 in
	ok)	line="ok $n $2" ;;
	fail)	line="not ok $n $2"; failed=$((failed + 1)) ;;
	skip)	line="ok $n $2 # SKIP $3" ;;
	esac
	# Builtins only: under emulation every exec costs about a second.
	echo "$line" >>"$lines"
	echo "$line"
}

# run_prog NAME CMD...: run a KTAP-speaking test program and fold its
# top-level results into ours as "NAME: description".
run_prog()
{
	local name=$1 log=$results/logs/$1.log rc line seen=0 bad=0
	shift
	echo "# ---- $name: $*"
	timeout --kill-after=10 "$per_test_timeout" "$@" >"$log" 2>&1
	rc=$?
	sed 's/^/#   /' "$log"
	while IFS= read -r line; do
		if [[ $line =~ ^not\ ok\ [0-9]+\ (.*)$ ]]; then
			emit fail "$name: ${BASH_REMATCH[1]}"
			seen=1
			bad=1
		elif [[ $line =~ ^ok\ [0-9]+\ (.*)\ \#\ SKIP\ ?(.*)$ ]]; then
			emit skip "$name: ${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
			seen=1
		elif [[ $line =~ ^ok\ [0-9]+\ (.*)$ ]]; then
			emit ok "$name: ${BASH_REMATCH[1]}"
			seen=1
		fi
	done <"$log"
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		emit fail "$name: timed out after ${per_test_timeout}s"
	elif [ $rc -eq 4 ] && [ $seen -eq 0 ]; then
		emit skip "$name" "$(grep -m1 -i 'skip\|bail' "$log")"
	elif [ $rc -ne 0 ] && [ $bad -eq 0 ]; then
		emit fail "$name: exited with status $rc"
	elif [ $seen -eq 0 ]; then
		emit fail "$name: reported no results"
	fi
}

load_mgm()
{
	local out
	if out=$(insmod "$ko_dir/mgm.ko" 2>&1); then
		emit ok "module: insmod mgm.ko"
	else
		emit fail "module: insmod mgm.ko"
		echo "# $out" >>"$lines"
	fi
}

# KUnit suites run when mgm_kunit.ko loads; debugfs keeps each suite's
# KTAP in /sys/kernel/debug/kunit/<suite>/results until the module goes.
# The suites of mgm_kunit.ko are the directories that appear with it.
# Every case becomes "kunit: <suite>: <case>".
run_kunit()
{
	local dir=/sys/kernel/debug/kunit before d suite log line cases suites=0
	if [ ! -d "$dir" ]; then
		emit skip "kunit" "kernel $kernel has no KUnit"
		return
	fi
	before=" $(cd "$dir" && echo *) "
	if ! insmod "$ko_dir/mgm_kunit.ko"; then
		emit fail "kunit: insmod mgm_kunit.ko"
		return
	fi
	for d in "$dir"/*/; do
		suite=$(basename "$d")
		[[ $before == *" $suite "* ]] && continue
		[ -r "$dir/$suite/results" ] || continue
		suites=$((suites + 1))
		log=$results/logs/kunit-$suite.log
		cp "$dir/$suite/results" "$log" 2>/dev/null
		echo "# ---- kunit: $suite"
		sed 's/^/#   /' "$log"
		cases=0
		while IFS= read -r line; do
			if [[ $line =~ ^[[:space:]]+not\ ok\ [0-9]+\ ([^ ]+) ]]; then
				emit fail "kunit: $suite: ${BASH_REMATCH[1]}"
				cases=$((cases + 1))
			elif [[ $line =~ ^[[:space:]]+ok\ [0-9]+\ ([^ ]+).*\#\ SKIP\ ?(.*)$ ]]; then
				emit skip "kunit: $suite: ${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
				cases=$((cases + 1))
			elif [[ $line =~ ^[[:space:]]+ok\ [0-9]+\ ([^ ]+) ]]; then
				emit ok "kunit: $suite: ${BASH_REMATCH[1]}"
				cases=$((cases + 1))
			fi
		done <"$log"
		[ $cases -gt 0 ] || emit fail "kunit: $suite reported no results"
	done
	[ $suites -gt 0 ] || emit fail "kunit: mgm_kunit.ko ran no suite"
	rmmod mgm_kunit || emit fail "kunit: rmmod mgm_kunit"
}

# Unloading with a protocol still registered must free everything (the
# harness's kmemleak scan checks), then the module loads and unloads again.
run_module_tests()
{
	local pid out
	"$top/build/selftests/mgm_proto" 0x100 1 >"$results/logs/module-proto.log" 2>&1 &
	pid=$!
	sleep 0.5
	if grep -q '^registered' "$results/logs/module-proto.log" &&
	   rmmod mgm && [ ! -d /sys/module/mgm ]; then
		emit ok "module: rmmod with a protocol still registered"
	else
		emit fail "module: rmmod with a protocol still registered"
	fi
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	if out=$(insmod "$ko_dir/mgm.ko" 2>&1 && rmmod mgm 2>&1); then
		emit ok "module: load and unload again"
	else
		emit fail "module: load and unload again"
		echo "# $out" >>"$lines"
	fi
}

echo "# mgm tests on kernel $kernel ($(uname -r)), modules from $ko_dir"
[ -d /sys/module/mgm ] && rmmod mgm
load_mgm
for t in "${tests[@]}"; do
	case $t in
	kunit)		run_kunit ;;
	mgm_protocol)	run_prog mgm_protocol "$top/selftests/mgm_protocol.sh" ;;
	mgmctl_objects)	run_prog mgmctl_objects "$top/selftests/mgmctl_objects.sh" ;;
	mgm_nl_test)	run_prog mgm_nl_test "$top/build/selftests/mgm_nl_test" ;;
	mgm_native)	run_prog mgm_native "$top/selftests/mgm_native.sh" ;;
	mgm_scenarios)	run_prog mgm_scenarios "$top/selftests/mgm_scenarios.sh" ;;
	mgm_forward)	run_prog mgm_forward "$top/selftests/mgm_forward.sh" ;;
	mgmctl_monitor)	run_prog mgmctl_monitor "$top/selftests/mgmctl_monitor.sh" ;;
	mgm_win32)	run_prog mgm_win32 "$top/selftests/mgm_win32.sh" ;;
	mgm_static)	run_prog mgm_static "$top/selftests/mgm_static.sh" ;;
	module)		run_module_tests ;;
	*)		emit fail "unknown test \"$t\"" ;;
	esac
done
[ -d /sys/module/mgm ] && { rmmod mgm || emit fail "module: final rmmod"; }

{
	echo "KTAP version 1"
	echo "1..$n"
	cat "$lines"
} >"$results/ktap"
rm -f "$lines"
echo "# $((n - failed)) of $n results ok on $kernel"
[ $failed -eq 0 ]
