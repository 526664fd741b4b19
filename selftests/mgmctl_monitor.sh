#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mgmctl monitor against known events: monitors run in the background in
# a fresh network namespace (so sequence numbers, handles and request ids
# start at 1) while mgm_proto processes that want every event
# (--events) cause them; each monitor's output must be exactly the
# expected lines, in JSON (-j, -j -p), in text, and filtered by type.
#
#   phase 1 (no test hooks needed):
#     IGMP (10,1)    takes if2 alone
#     A (0x100,1)    takes if1 and if2      -> disable-igmp, enable-igmp to IGMP
#     IGMP           joins (*,239.1.1.1)@if2 -> local-join to A, join-alert to IGMP
#     IGMP killed    (SIGKILL)               -> local-leave to A, prune-alert to IGMP
#     if1 deleted                            -> if-gone to A
#   phase 2 (mgm.ko built with MGM_TEST=1; skipped otherwise):
#     A joins (*,239.2.2.2)@if2; B (0x200,1) takes if3 (10.3.3.0/24)
#     a packet of (10.3.3.10,239.2.2.2) on if3 -> rpf-req to B, creation-req to A
#     the same on if2                          -> wrong-if to A
#   then: SIGTERM and SIGINT end a monitor with status 0, and bad arguments
#   exit 2 at once.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ktap_header
require_root_and_module

use_tmp
dummy_ns monitor
ip -n "$ns" addr add 10.1.1.1/24 dev if1
ip -n "$ns" addr add 10.3.3.1/24 dev if3
i1=$(ns_ifindex if1)
i2=$(ns_ifindex if2)
i3=$(ns_ifindex if3)

# monitor NAME ARGS...: start "mgmctl ARGS" in the background, stdout in
# $tmp/NAME, stderr in $tmp/NAME.err, its pid in $mon_pid; wait until it
# listens.  It listens once it waits in ppoll() (after joining the
# monitor group): /proc/PID/syscall shows syscall 271 (x86-64) then.
monitor()
{
	local name=$1
	shift
	# Not through mgmctl(): $! must be mgmctl itself, not a subshell.
	ip netns exec "$ns" "$MGMCTL" "$@" >"$tmp/$name" 2>"$tmp/$name.err" &
	mon_pid=$!
	CLEANUP_PIDS+=("$mon_pid")
	busywait 5000 listening "$mon_pid"
}

# shellcheck disable=SC2317 # called through busywait
listening()
{
	local sc
	sc=$(cut -d' ' -f1 "/proc/$1/syscall" 2>/dev/null)
	[ "$sc" = 271 ] || [ "$sc" = 7 ]
}

# shellcheck disable=SC2317 # called through busywait
exited()	# exited PID: the child is a zombie or gone
{
	local st
	st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
	[ -z "$st" ] || [ "$st" = Z ]
}

# finish PID: wait (at most 10 s) for a monitor to exit on its own; its
# exit status, or 124 if it had to be killed.
finish()
{
	if ! busywait 10000 exited "$1"; then
		kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		return 124
	fi
	wait "$1"
}

# check_monitor DESCRIPTION PID NAME EXPECTED: the monitor exited by
# itself with status 0, printed exactly EXPECTED and nothing on stderr.
check_monitor()
{
	local desc=$1 pid=$2 name=$3 want=$4 rc got
	finish "$pid"
	rc=$?
	got=$(cat "$tmp/$name")
	if [ $rc -eq 0 ] && [ "$got" = "$want" ] && [ ! -s "$tmp/$name.err" ]; then
		ktap_pass "$desc"
	else
		ktap_fail "$desc"
		diag "status $rc (want 0), stderr: $(cat "$tmp/$name.err")
expected:
$want
got:
$got"
	fi
}

# send_cmd FD FILE N LINE: give a "mgm_proto --stdin" the command LINE on
# FD and wait for its Nth answer in FILE (after its "registered" line),
# which must be "ok".
send_cmd()
{
	local fd=$1 out=$2 n=$3
	echo "$4" >&"$fd"
	busywait 5000 test "$(grep -c '' "$out")" -gt "$n" &&
		[ "$(sed -n "$((n + 1))p" "$out")" = ok ]
}

# mgmctl_expect: mgmctl exits at once.
MGMCTL_EXPECT_TIMEOUT=5

# start_cmd_proto FD OUT ARGS...: start_proto for "mgm_proto --stdin",
# its standard input from FD (a background command's would be /dev/null).
start_cmd_proto()
{
	local fd=$1 out=$2
	shift 2
	ip netns exec "$ns" "$MGM_PROTO" "$@" <&"$fd" >"$out" 2>&1 &
	proto_pid=$!
	CLEANUP_PIDS+=("$proto_pid")
	busywait 5000 grep -q '^registered handle=' "$out"
}

sg1='"src":"0.0.0.0","src_len":0,"grp":"239.1.1.1","grp_len":32'

sg2='"src":"10.3.3.10","src_len":32,"grp":"239.2.2.2","grp_len":32'

# --- phase 1 -------------------------------------------------------------------
monitor p1.json -j monitor --count 7 ||
	{ echo "Bail out! the JSON monitor does not listen"; exit 1; }
pid_json=$mon_pid
monitor p1.txt monitor if-gone all --count 7 ||
	{ echo "Bail out! the text monitor does not listen"; exit 1; }
pid_txt=$mon_pid
monitor p1.filter -j monitor local-join local-leave if-gone --count 3 ||
	{ echo "Bail out! the filtered monitor does not listen"; exit 1; }
pid_filter=$mon_pid

# IGMP and A read commands from FIFOs held open read-write on fd 3 and 4.
mkfifo "$tmp/igmp.in" "$tmp/a.in"
exec 3<>"$tmp/igmp.in" 4<>"$tmp/a.in"
start_cmd_proto 3 "$tmp/igmp" --events --stdin 10 1 --take if2 ||
	{ cat "$tmp/igmp"; echo "Bail out! IGMP did not start"; exit 1; }
pid_igmp=$proto_pid
hi=$(proto_handle "$tmp/igmp")
start_cmd_proto 4 "$tmp/a" --events --stdin 0x100 1 --take if1 --take if2 ||
	{ cat "$tmp/a"; echo "Bail out! protocol A did not start"; exit 1; }
ha=$(proto_handle "$tmp/a")
diag "IGMP is handle $hi, A is handle $ha; if1..3 are $i1 $i2 $i3"
send_cmd 3 "$tmp/igmp" 1 'join *,239.1.1.1@if2' ||
	diag "IGMP's join failed: $(tail -n 1 "$tmp/igmp")"
kill -KILL "$pid_igmp"
wait "$pid_igmp" 2>/dev/null
exec 3>&-
ip -n "$ns" link del if1

check_monitor "monitor -j: one JSON object per event, in order, interfaces named" \
	"$pid_json" p1.json \
"{\"event\":\"disable-igmp\",\"seq\":1,\"handle\":$hi,\"ifname\":\"if2\",\"ifindex\":$i2}
{\"event\":\"enable-igmp\",\"seq\":2,\"handle\":$hi,\"ifname\":\"if2\",\"ifindex\":$i2}
{\"event\":\"local-join\",\"seq\":3,\"handle\":$ha,$sg1,\"ifname\":\"if2\",\"ifindex\":$i2}
{\"event\":\"join-alert\",\"seq\":4,\"handle\":$hi,$sg1,\"member_update\":true}
{\"event\":\"local-leave\",\"seq\":5,\"handle\":$ha,$sg1,\"ifname\":\"if2\",\"ifindex\":$i2}
{\"event\":\"prune-alert\",\"seq\":6,\"handle\":$hi,$sg1,\"ifname\":\"if2\",\"ifindex\":$i2,\"member_update\":true,\"timeout\":900}
{\"event\":\"if-gone\",\"seq\":7,\"handle\":$ha,\"ifname\":\"if1\",\"ifindex\":$i1}"
check_monitor "monitor if-gone all: one line per event, all of them (all wins wherever it stands), in text" \
	"$pid_txt" p1.txt \
"disable-igmp seq 1 handle $hi dev if2
enable-igmp seq 2 handle $hi dev if2
local-join seq 3 handle $ha (*, 239.1.1.1) dev if2
join-alert seq 4 handle $hi (*, 239.1.1.1) member-update 1
local-leave seq 5 handle $ha (*, 239.1.1.1) dev if2
prune-alert seq 6 handle $hi (*, 239.1.1.1) dev if2 member-update 1 timeout 900
if-gone seq 7 handle $ha dev if1"
check_monitor "monitor EVENT...: only those types show and count" \
	"$pid_filter" p1.filter \
"{\"event\":\"local-join\",\"seq\":3,\"handle\":$ha,$sg1,\"ifname\":\"if2\",\"ifindex\":$i2}
{\"event\":\"local-leave\",\"seq\":5,\"handle\":$ha,$sg1,\"ifname\":\"if2\",\"ifindex\":$i2}
{\"event\":\"if-gone\",\"seq\":7,\"handle\":$ha,\"ifname\":\"if1\",\"ifindex\":$i1}"

# --- phase 2: a new (S,G) and a packet on the wrong interface -------------------
# A's own join raises no event (nobody else is registered yet); B takes if3,
# towards 10.3.3.10.  Both before the monitors start.
send_cmd 4 "$tmp/a" 1 'join *,239.2.2.2@if2' ||
	diag "A's join failed: $(tail -n 1 "$tmp/a")"
start_proto "$tmp/b" netns "$ns" --events 0x200 1 --take if3 ||
	{ cat "$tmp/b"; echo "Bail out! protocol B did not start"; exit 1; }
hb=$(proto_handle "$tmp/b")
monitor p2.json -j monitor --count 3 ||
	{ echo "Bail out! the JSON monitor does not listen"; exit 1; }
pid_json=$mon_pid
monitor p2.txt monitor --count 3 ||
	{ echo "Bail out! the text monitor does not listen"; exit 1; }
pid_txt=$mon_pid
monitor p2.pretty -j -p monitor --count 3 ||
	{ echo "Bail out! the pretty monitor does not listen"; exit 1; }
pid_pretty=$mon_pid

inject()	# inject S,G@IF: one packet, through the test hook
{
	ip netns exec "$ns" "$MGM_PROTO" --once 0x300 1 --inject "$1" >"$tmp/inject" 2>&1
}

if ! inject 10.3.3.10,239.2.2.2@if3; then
	diag "$(cat "$tmp/inject")"
	for pid in "$pid_json" "$pid_txt" "$pid_pretty"; do
		kill -TERM "$pid"
		wait "$pid"
	done
	if grep -q "Operation not supported" "$tmp/inject"; then
		for t in "monitor -j: rpf-req, creation-req, wrong-if" \
			 "monitor: rpf-req, creation-req and wrong-if in text" \
			 "monitor -j -p: the same objects, pretty-printed"; do
			ktap_skip "$t" "mgm.ko built without test hooks (MGM_TEST=1)"
		done
	else
		ktap_fail "injecting a packet"
	fi
else
	# B and A answer with the proposals; then the entry exists.
	busywait 5000 mgmctl mfe get 10.3.3.10 239.2.2.2 >/dev/null 2>&1 ||
		diag "no entry for (10.3.3.10, 239.2.2.2)"
	inject 10.3.3.10,239.2.2.2@if2 || diag "$(cat "$tmp/inject")"
	p2="{\"event\":\"rpf-req\",\"seq\":8,\"handle\":$hb,\"req_id\":1,$sg2,\"arrival\":\"if3\",\"arrival_index\":$i3,\"iif\":\"if3\",\"iif_index\":$i3,\"upstream\":\"0.0.0.0\",\"route\":{\"dst\":\"10.3.3.0\",\"dst_len\":24,\"dev\":\"if3\",\"ifindex\":$i3,\"proto\":2,\"table\":254,\"metric\":0}}
{\"event\":\"creation-req\",\"seq\":9,\"handle\":$ha,\"req_id\":2,$sg2,\"iif\":\"if3\",\"iif_index\":$i3,\"oifs\":[{\"ifname\":\"if2\",\"ifindex\":$i2,\"igmp\":false}]}
{\"event\":\"wrong-if\",\"seq\":10,\"handle\":$ha,$sg2,\"ifname\":\"if2\",\"ifindex\":$i2}"
	check_monitor "monitor -j: rpf-req, creation-req, wrong-if" \
		"$pid_json" p2.json "$p2"
	check_monitor "monitor: rpf-req, creation-req and wrong-if in text" \
		"$pid_txt" p2.txt \
"rpf-req seq 8 handle $hb req 1 (10.3.3.10, 239.2.2.2) arrival if3 iif if3 route 10.3.3.0/24 dev if3 proto 2 table 254 metric 0
creation-req seq 9 handle $ha req 2 (10.3.3.10, 239.2.2.2) iif if3 oifs if2
wrong-if seq 10 handle $ha (10.3.3.10, 239.2.2.2) dev if2"
	finish "$pid_pretty"
	rc=$?
	check_eq "monitor -j -p: the same objects, pretty-printed" \
		"0 $p2 yes" \
		"$rc $(jq -c . "$tmp/p2.pretty") $([ "$(wc -l <"$tmp/p2.pretty")" -gt 10 ] && echo yes)"
fi

# --- signals and bad arguments -----------------------------------------------------
for sig in TERM INT; do
	if monitor "sig$sig" monitor; then
		kill -"$sig" "$mon_pid"
		finish "$mon_pid"
		rc=$?
		check_eq "SIG$sig ends a monitor: status 0, nothing printed" \
			"0 " "$rc $(cat "$tmp/sig$sig" "$tmp/sig$sig.err")"
	else
		ktap_fail "SIG$sig ends a monitor: it does not listen"
	fi
done

before="$(mgmctl -j protocol show) $(mgmctl -j config show)"
mgmctl_expect 2 'mgmctl: monitor: unknown event "frob"' \
	"monitor with an unknown event: exit 2 at once" monitor frob
mgmctl_expect 2 'mgmctl: monitor: unknown event "local"' \
	"monitor: event names are not abbreviated" monitor local
mgmctl_expect 2 'mgmctl: monitor: --count needs a number' \
	"monitor --count without a number: exit 2" monitor --count
mgmctl_expect 2 'mgmctl: monitor: bad count "0"' \
	"monitor --count 0: exit 2" monitor --count 0
mgmctl_expect 2 'mgmctl: monitor: bad count "3x"' \
	"monitor --count 3x: exit 2" monitor if-gone --count 3x
check_eq "refused monitor commands changed nothing" \
	"$before" "$(mgmctl -j protocol show) $(mgmctl -j config show)"
check_eq "monitor help: the usage, status 0" \
	"0 Usage: mgmctl [-j [-p]] monitor [EVENT]... [--count N]" \
	"$(mgmctl monitor help >"$tmp/help"; echo "$? $(head -n 1 "$tmp/help")")"

exec 4>&-
ktap_finish
