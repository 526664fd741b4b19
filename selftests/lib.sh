#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for mgm's shell selftests (kselftest style).  Each test
# script prints KTAP: one "ok"/"not ok" line per check, a plan at the end,
# and exits 0 when everything passed, 1 on any failure, 4 when skipped.
#
# Binaries come from the build tree: mgmctl and the test programs.

# Variables set here are read by the scripts that source this file.
# shellcheck disable=SC2034

set -u

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$SELFTESTS_DIR/.." && pwd)
BUILD=${MGM_BUILD:-$TOP/build}
MGMCTL=$BUILD/mgmctl
MGM_PROTO=$BUILD/selftests/mgm_proto

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

ktap_n=0
ktap_failed=0
ktap_skipped=0
# Processes and namespaces to clean up on exit.
CLEANUP_PIDS=()
CLEANUP_NS=()

ktap_header()
{
	echo "KTAP version 1"
}

# ktap_check DESCRIPTION CMD...: one result line from a command's status.
ktap_check()
{
	local desc=$1
	shift
	if "$@"; then
		ktap_pass "$desc"
	else
		ktap_fail "$desc"
	fi
}

ktap_pass()
{
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $1"
}

ktap_fail()
{
	ktap_n=$((ktap_n + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_n $1"
}

ktap_skip()
{
	ktap_n=$((ktap_n + 1))
	ktap_skipped=$((ktap_skipped + 1))
	echo "ok $ktap_n $1 # SKIP $2"
}

diag()
{
	local line
	while IFS= read -r line; do
		echo "# $line"
	done <<<"$*"
}

ktap_finish()
{
	echo "1..$ktap_n"
	echo "# Totals: pass:$((ktap_n - ktap_failed - ktap_skipped)) fail:$ktap_failed skip:$ktap_skipped"
	[ "$ktap_failed" -eq 0 ] && exit $KSFT_PASS
	exit $KSFT_FAIL
}

cleanup()
{
	local pid ns
	for pid in "${CLEANUP_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for ns in "${CLEANUP_NS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap cleanup EXIT

require_root_and_module()
{
	local missing=
	[ -x "$MGMCTL" ] || missing="$missing $MGMCTL"
	[ -x "$MGM_PROTO" ] || missing="$missing $MGM_PROTO"
	if [ -n "$missing" ]; then
		echo "Bail out! not built:$missing (run make)"
		exit $KSFT_FAIL
	fi
	if [ ! -d /sys/module/mgm ]; then
		echo "Bail out! the mgm module is not loaded"
		exit $KSFT_FAIL
	fi
}

# require_built PROG: bail out unless the test program PROG was built.
require_built()
{
	if [ ! -x "$1" ]; then
		ktap_header
		echo "Bail out! not built: $1 (run make)"
		exit $KSFT_FAIL
	fi
}

# use_tmp: a scratch directory in $tmp, removed on exit (after cleanup).
use_tmp()
{
	tmp=$(mktemp -d)
	trap 'cleanup; rm -rf "$tmp"' EXIT
}

# check_eq DESCRIPTION EXPECTED ACTUAL: exact comparison, diff on failure.
check_eq()
{
	if [ "$2" = "$3" ]; then
		ktap_pass "$1"
	else
		ktap_fail "$1"
		diag "expected:
$2
got:
$3"
	fi
}

# busywait TIMEOUT_MS CMD...: poll until CMD succeeds or time runs out.
busywait()
{
	local timeout=$1 start
	shift
	start=$(date +%s%N)
	while true; do
		"$@" && return 0
		if [ $((($(date +%s%N) - start) / 1000000)) -ge "$timeout" ]; then
			return 1
		fi
		sleep 0.05
	done
}

# new_ns NAME: a network namespace with lo up, named in $NEW_NS and removed
# on exit.  Call it in the test's own shell (not in $(...)), or the cleanup
# list is lost with the subshell.
new_ns()
{
	NEW_NS="mgm-$1-$$"
	ip netns add "$NEW_NS" || return 1
	CLEANUP_NS+=("$NEW_NS")
	ip -n "$NEW_NS" link set lo up
}

# dummy_ns NAME: new_ns NAME with dummy interfaces if1..if3, up, its name
# in $ns (for mgmctl() and ns_ifindex); bails out when that fails.  Call it
# in the test's own shell, as new_ns.
dummy_ns()
{
	local i
	new_ns "$1" || { echo "Bail out! cannot create a network namespace"; exit 1; }
	ns=$NEW_NS
	# Loaded explicitly: the test VM's kernels do not autoload it.
	modprobe -q dummy 2>/dev/null
	for i in 1 2 3; do
		if ! ip -n "$ns" link add "if$i" type dummy ||
		   ! ip -n "$ns" link set "if$i" up; then
			echo "Bail out! cannot create the dummy interfaces"
			exit 1
		fi
	done
}

# ns_ifindex IF: the ifindex of IF in $ns.
ns_ifindex()
{
	ip -n "$ns" -j link show dev "$1" | jq '.[0].ifindex'
}

mgmctl()	# mgmctl ARGS...: the tool in the test namespace $ns
{
	ip netns exec "$ns" "$MGMCTL" "$@"
}

# mgmctl_expect STATUS STDERR DESCRIPTION ARGS...: mgmctl ARGS in $ns (under
# "timeout $MGMCTL_EXPECT_TIMEOUT" when that is set) exits with STATUS and
# prints exactly STDERR (its first line) and nothing on stdout; needs $tmp.
mgmctl_expect()
{
	local status=$1 want=$2 desc=$3 out err rc pre=()
	shift 3
	[ -n "${MGMCTL_EXPECT_TIMEOUT:-}" ] && pre=(timeout "$MGMCTL_EXPECT_TIMEOUT")
	out=$("${pre[@]}" ip netns exec "$ns" "$MGMCTL" "$@" 2>"$tmp/err")
	rc=$?
	err=$(head -n 1 "$tmp/err")
	if [ $rc -eq "$status" ] && [ "$err" = "$want" ] && [ -z "$out" ]; then
		ktap_pass "$desc"
	else
		ktap_fail "$desc"
		diag "mgmctl $*: status $rc (want $status), stdout: $out
stderr: $(cat "$tmp/err")
wanted: $want"
	fi
}

# start_proto OUTFILE [ip netns exec NS] PROTO COMP: start mgm_proto in the
# background; sets $proto_pid and waits until it printed its handle.
start_proto()
{
	local out=$1
	shift
	local pre=()
	if [ "$1" = "netns" ]; then
		pre=(ip netns exec "$2")
		shift 2
	fi
	"${pre[@]}" "$MGM_PROTO" "$@" >"$out" 2>&1 &
	proto_pid=$!
	CLEANUP_PIDS+=("$proto_pid")
	busywait 5000 grep -q '^registered handle=' "$out"
}

proto_handle()
{
	sed -n 's/^registered handle=//p' "$1"
}

# protocols_json [ip netns exec NS]: mgmctl -j protocol show there.
protocols_json()
{
	"$@" "$MGMCTL" -j protocol show
}

# fixture_ns NAME [wire]: a network namespace (lo up, removed on exit) in
# $FIXTURE_NS with the interfaces of spec §8.0: if1..if5, up and
# multicast-capable; S1 = 10.1.1.10 reachable through if1 via 10.1.1.1,
# S2 = 10.2.2.20 through if2 via 10.2.2.1, and no default route.
# By default if1..if5 are dummy devices.  With "wire" they are veth pairs
# whose peers p1..p5 (up, no address, IPv6 off) live in a second namespace,
# $FIXTURE_WIRE_NS (removed on exit): raw sockets there send the traffic
# that arrives on ifN and capture what leaves it (§8.0).
fixture_ns()
{
	local i ns="mgm-$1-$$" wns="mgm-$1-wire-$$"

	FIXTURE_NS=$ns
	FIXTURE_WIRE_NS=
	# The guest does not autoload modules (stock kernels); built in on debug.
	if [ "${2:-}" = wire ]; then
		modprobe veth 2>/dev/null
	else
		modprobe dummy 2>/dev/null
	fi
	ip netns add "$ns" || return 1
	CLEANUP_NS+=("$ns")
	if [ "${2:-}" = wire ]; then
		ip netns add "$wns" || return 1
		CLEANUP_NS+=("$wns")
		FIXTURE_WIRE_NS=$wns
		# Quiet peers: no IPv6 (router solicitations, MLD, DAD).
		ip netns exec "$wns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null
		# Every ip(8) exec costs about a second under KASAN: batches.
		{
			echo "link set lo up"
			for i in 1 2 3 4 5; do
				echo "link add if$i type veth peer name p$i netns $wns"
			done
		} | ip -n "$ns" -batch - || return 1
		{
			echo "link set lo up"
			for i in 1 2 3 4 5; do
				echo "link set p$i up"
			done
		} | ip -n "$wns" -batch - || return 1
		{
			for i in 1 2 3 4 5; do
				echo "link set if$i multicast on up"
			done
			echo "addr add 10.1.1.2/24 dev if1"
			echo "route add 10.1.1.10/32 via 10.1.1.1 dev if1"
			echo "addr add 10.2.2.2/24 dev if2"
			echo "route add 10.2.2.20/32 via 10.2.2.1 dev if2"
		} | ip -n "$ns" -batch -
		return
	fi
	ip -n "$ns" link set lo up || return 1
	for i in 1 2 3 4 5; do
		ip -n "$ns" link add "if$i" type dummy &&
		ip -n "$ns" link set "if$i" multicast on up || return 1
	done
	ip -n "$ns" addr add 10.1.1.2/24 dev if1 &&
	ip -n "$ns" route add 10.1.1.10/32 via 10.1.1.1 dev if1 &&
	ip -n "$ns" addr add 10.2.2.2/24 dev if2 &&
	ip -n "$ns" route add 10.2.2.20/32 via 10.2.2.1 dev if2
}
