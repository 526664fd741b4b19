#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The data path with real traffic (issue 4): IPv4 multicast sent by hosts in
# network namespaces, forwarded by mgm.ko's PRE_ROUTING hook in the router
# namespace, counted by the receivers (selftests/mcast.c) and compared with
# the counters of "mgmctl -j -s mfe show".  Every check asserts exact
# counts; mid-stream changes happen while the sender is stopped
# (mcast send --pause-after), so the counts do not depend on timing.
#
#   src  (S1) 10.1.1.10 eth0 --- up1 10.1.1.1  router
#   src2 (S2) 10.2.2.20 eth0 --- up2 10.2.2.1    |
#                                   dn1 10.10.1.1 --- eth0 10.10.1.2 rcv1
#                                   dn2 10.10.2.1 --- eth0 10.10.2.2 rcv2 (IGMPv2)
#                                   dn3 10.10.3.1 --- eth0 10.10.3.2 rcv3 (MTU 1000)
#                                   dn4 10.10.4.1 --- eth0 10.10.4.2 rcv4
#                                   d0..d109, mr0, mr1 (dummy devices)
#
# Hosts route through the router; the router reaches the flood's sources
# (10.3.0.0/16) through S1.
# Protocol P (0x100,1) owns up1, up2, dn1-dn3 and takes commands on a FIFO
# (mgm_proto --stdin): each check adds its memberships, on its own group
# 239.1.1.N.  Protocol Q (0x200,1) owns dn4 in the check that kills it.
# Scenario numbers refer to §8 of the MGM specification.

source "$(dirname "$0")/lib.sh"

MCAST=$BUILD/selftests/mcast

ktap_header
require_root_and_module
if [ ! -x "$MCAST" ]; then
	echo "Bail out! not built: $MCAST (run make)"
	exit $KSFT_FAIL
fi

use_tmp
start_s=$SECONDS

S1=10.1.1.10
S2=10.2.2.20
NS_SRC=mgm-src-$$
NS_SRC2=mgm-src2-$$
NS_RTR=mgm-rtr-$$
NS_R1=mgm-rcv1-$$
NS_R2=mgm-rcv2-$$
NS_R3=mgm-rcv3-$$
NS_R4=mgm-rcv4-$$
CLEANUP_NS+=("$NS_SRC" "$NS_SRC2" "$NS_RTR" "$NS_R1" "$NS_R2" "$NS_R3" "$NS_R4")
N_DUMMIES=110

# --- helpers that fork nothing -----------------------------------------------
# Under emulation with KASAN every exec costs about a second: waiting polls
# with builtins only.
mkfifo "$tmp/nap"
exec {nap_fd}<>"$tmp/nap"

nap()		# nap SECONDS
{
	read -r -t "$1" -u "$nap_fd" _
}

now_us()
{
	now=${EPOCHREALTIME//[!0-9]/}
}

wait_until()	# wait_until TIMEOUT_S CMD...: poll CMD (a builtin) every 50 ms
{
	local now end
	now_us
	end=$((now + $1 * 1000000))
	shift
	until "$@"; do
		now_us
		[ "$now" -lt "$end" ] || return 1
		nap 0.05
	done
	return 0
}

# shellcheck disable=SC2317  # called through wait_until, ktap_check, every
is_stopped()	# is_stopped PID: the process is stopped (SIGSTOP)
{
	local st
	read -r st 2>/dev/null <"/proc/$1/stat" || return 1
	st=${st##*) }
	[ "${st%% *}" = T ]
}

# --- receivers -----------------------------------------------------------------
declare -A rx_pid
rx_ready=()
rx_n=0

# rx_start NAME NS DEV GROUPS [mcast recv options]: a receiver in the
# background; its result line goes to $tmp/NAME.out.
rx_start()
{
	local name=$1 ns=$2 dev=$3 grp=$4
	shift 4
	rx_n=$((rx_n + 1))
	"$MCAST" --netns "$ns" recv --group "$grp" --dev "$dev" \
		--ready "$tmp/ready.$rx_n" --timeout-s 20 "$@" \
		>"$tmp/$name.out" 2>&1 &
	rx_pid[$name]=$!
	CLEANUP_PIDS+=("$!")
	rx_ready+=("$tmp/ready.$rx_n")
}

rx_wait_ready()	# every receiver started since the last call has joined
{
	local f rc=0
	for f in "${rx_ready[@]}"; do
		wait_until 20 test -e "$f" || { diag "a receiver did not start: $f"; rc=1; }
	done
	rx_ready=()
	return $rc
}

rx_done()	# rx_done NAME...: wait for receivers that stop by themselves
{
	local name
	for name in "$@"; do
		wait "${rx_pid[$name]}"
	done
}

rx_stop()	# rx_stop NAME...: stop receivers that expect nothing more
{
	local name
	for name in "$@"; do
		kill -TERM "${rx_pid[$name]}" 2>/dev/null
		wait "${rx_pid[$name]}"
	done
}

# rx_all NAME=WANT...: each receiver's result line starts with WANT (whole
# fields: "received 10 in_order 1 bytes 100 ttl 63 sources 1 ...").
rx_all()
{
	local a name want got rc=0
	for a in "$@"; do
		name=${a%%=*}
		want=${a#*=}
		got=
		read -r got <"$tmp/$name.out"
		if [[ "$got " != "$want "* ]]; then
			diag "$name: got \"$got\", want \"$want ...\""
			rc=1
		fi
	done
	return $rc
}

# --- senders -------------------------------------------------------------------
send()		# send NS [mcast send options]: in the foreground, out of eth0
{
	local ns=$1
	shift
	if ! "$MCAST" --netns "$ns" send --dev eth0 "$@" >"$tmp/send.out" 2>&1; then
		diag "mcast send $*: $(<"$tmp/send.out")"
		return 1
	fi
}

send_bg()	# send_bg NS [options]: in the background, pid in $send_pid
{
	local ns=$1
	shift
	"$MCAST" --netns "$ns" send --dev eth0 "$@" >"$tmp/send_bg.out" 2>&1 &
	send_pid=$!
	CLEANUP_PIDS+=("$send_pid")
}

send_wait_stopped()	# the background sender reached its next --pause-after
{
	wait_until 30 is_stopped "$send_pid" && return 0
	diag "the sender did not stop at its pause point"
	return 1
}

# --- protocol P: commands through a FIFO ----------------------------------------
mkfifo "$tmp/p.in" "$tmp/p.out"
exec {p_in}<>"$tmp/p.in" {p_out}<>"$tmp/p.out"

pcmd()		# pcmd COMMAND...: run mgm_proto commands in P, all must succeed
{
	local c line rc=0
	printf '%s\n' "$@" >&"$p_in"
	for c in "$@"; do
		if ! read -r -t 60 -u "$p_out" line; then
			diag "P did not answer \"$c\""
			return 1
		fi
		if [ "$line" != ok ]; then
			diag "P: $c: $line"
			rc=1
		fi
	done
	return $rc
}

rtr()		# rtr CMD...: run CMD in the router's namespace
{
	ip netns exec "$NS_RTR" "$@"
}

# --- forwarding entries ------------------------------------------------------------
# One line per entry: "SRC iif=.. state=.. oifs=A,B A.packets=.. A.discards=..
# A.ttl_too_low=.. A.frag_needed=.. packets=.. bytes=.. out=.. wrong_if=..
# in_discards=.. hdr_errors=.. negative=.. queue_overflow=.. uninit=..
# timeout=..".  The entry's counters may be members or a "stats" object.
# shellcheck disable=SC2016  # jq's $variables
JQ_MFE='.[] | (.stats // .) as $s |
	[.src, "iif=\(.iif // .iif_index)", "state=\(.state)",
	 "oifs=\([.oifs[] | (.ifname // (.ifindex | tostring))] | join(","))",
	 (.oifs[] | (.ifname // (.ifindex | tostring)) as $n |
	  "\($n).packets=\(.packets)", "\($n).discards=\(.discards)",
	  "\($n).ttl_too_low=\(.ttl_too_low)", "\($n).frag_needed=\(.frag_needed)"),
	 "packets=\($s.packets)", "bytes=\($s.bytes)", "out=\($s.out_packets)",
	 "wrong_if=\($s.wrong_if)", "in_discards=\($s.in_discards)",
	 "hdr_errors=\($s.hdr_errors)", "negative=\($s.negative)",
	 "queue_overflow=\($s.queue_overflow)", "uninit=\($s.uninit)",
	 "timeout=\(.timeout)"] | join(" ")'

declare -A MFE
MFE_GRP=
MFE_N=0

mfe_load()	# mfe_load GROUP: the group's entries into MFE[source]
{
	local src rest
	MFE=()
	MFE_N=0
	MFE_GRP=$1
	while read -r src rest; do
		MFE[$src]=" $rest "
		MFE_N=$((MFE_N + 1))
	done < <(rtr "$MGMCTL" -j -s mfe show group "$1" | jq -r "$JQ_MFE")
}

mfe_has()	# mfe_has SRC KEY=VALUE...: the loaded entry (SRC, group) has them
{
	local src=$1 t bad=
	shift
	if [ -z "${MFE[$src]+x}" ]; then
		diag "no MFE ($src, $MFE_GRP) ($MFE_N entries for the group)"
		return 1
	fi
	for t in "$@"; do
		[[ ${MFE[$src]} == *" $t "* ]] || bad="$bad $t"
	done
	[ -z "$bad" ] && return 0
	diag "MFE ($src, $MFE_GRP): want$bad"
	diag "got:${MFE[$src]}"
	return 1
}

# shellcheck disable=SC2317  # called through wait_until, ktap_check, every
mfe_count()	# mfe_count N: the loaded group has N entries
{
	[ "$MFE_N" = "$1" ] && return 0
	diag "$MFE_N entries for group $MFE_GRP, want $1"
	return 1
}

# shellcheck disable=SC2317  # called through wait_until, ktap_check, every
every()		# every CMD... [-- CMD...]...: run them all; true if all succeeded
{
	local a args=() rc=0
	for a in "$@" --; do
		if [ "$a" != -- ]; then
			args+=("$a")
			continue
		fi
		if [ ${#args[@]} -gt 0 ]; then
			"${args[@]}" || rc=1
		fi
		args=()
	done
	return "$rc"
}

# mgm_state GROUP: "owned interfaces|protocol ids|memberships of GROUP" in
# $state, e.g. "dn1,up1|256|0.0.0.0@dn4,10.1.1.10@dn1"
mgm_state()
{
	# One shell in the namespace and one jq for the three listings.
	# shellcheck disable=SC2016  # expanded by that shell
	state=$(rtr bash -c '"$0" -j interface show; "$0" -j protocol show;
			     "$0" -j group show group "$1"' "$MGMCTL" "$1" |
		jq -rs '[([.[0][].ifname] | sort | join(",")),
			 ([.[1][].proto] | sort | join(",")),
			 ([.[2][] | "\(.src)@\([.oifs[].ifname] | join("+"))"] | sort | join(","))] |
			join("|")')
}

section()
{
	diag "---- $* (at $((SECONDS - start_s)) s)"
}

# --- the network ---------------------------------------------------------------
section "setup"
# The guest does not autoload modules (stock kernels).
modprobe -q -a veth dummy 2>/dev/null
{
	for ns in "${CLEANUP_NS[@]}"; do
		echo "netns add $ns"
	done
	echo "link add up1 netns $NS_RTR type veth peer name eth0 netns $NS_SRC"
	echo "link add up2 netns $NS_RTR type veth peer name eth0 netns $NS_SRC2"
	echo "link add dn1 netns $NS_RTR type veth peer name eth0 netns $NS_R1"
	echo "link add dn2 netns $NS_RTR type veth peer name eth0 netns $NS_R2"
	echo "link add dn3 netns $NS_RTR mtu 1000 type veth peer name eth0 netns $NS_R3 mtu 1000"
	echo "link add dn4 netns $NS_RTR type veth peer name eth0 netns $NS_R4"
} | ip -batch - || { echo "Bail out! cannot create the namespaces and veth pairs"; exit $KSFT_FAIL; }

host_batch()	# host_batch NS ADDR/LEN GATEWAY
{
	ip -n "$1" -batch - <<-EOF
	link set lo up
	link set eth0 multicast on up
	addr add $2 dev eth0
	route add default via $3
	EOF
}

setup_ok=0
host_batch "$NS_SRC" "$S1/24" 10.1.1.1 &&
host_batch "$NS_SRC2" "$S2/24" 10.2.2.1 &&
host_batch "$NS_R1" 10.10.1.2/24 10.10.1.1 &&
host_batch "$NS_R2" 10.10.2.2/24 10.10.2.1 &&
host_batch "$NS_R3" 10.10.3.2/24 10.10.3.1 &&
host_batch "$NS_R4" 10.10.4.2/24 10.10.4.1 &&
{
	echo "link set lo up"
	echo "addr add 10.1.1.1/24 dev up1"
	echo "addr add 10.2.2.1/24 dev up2"
	for i in 1 2 3 4; do
		echo "addr add 10.10.$i.1/24 dev dn$i"
	done
	for dev in up1 up2 dn1 dn2 dn3 dn4; do
		echo "link set $dev multicast on up"
	done
	# The flood's sources are behind S1.
	echo "route add 10.3.0.0/16 via $S1 dev up1"
	for ((i = 0; i < N_DUMMIES; i++)); do
		echo "link add d$i type dummy"
		echo "link set d$i multicast on up"
	done
	for dev in mr0 mr1; do
		echo "link add $dev type dummy"
		echo "link set $dev multicast on up"
	done
} | ip -n "$NS_RTR" -batch - &&
# rcv2 reports with IGMPv2, to the group itself (v3 reports go to
# 224.0.0.22): reports that the router must neither forward nor turn into
# entries.
ip netns exec "$NS_R2" sysctl -qw net.ipv4.conf.eth0.force_igmp_version=2 &&
setup_ok=1
if [ $setup_ok = 0 ]; then
	echo "Bail out! cannot configure the namespaces"
	exit $KSFT_FAIL
fi

# Not through rtr(): $! must be mgm_proto itself ("ip netns exec" execs it).
ip netns exec "$NS_RTR" "$MGM_PROTO" --stdin 0x100 1 --take up1 --take up2 \
	--take dn1 --take dn2 --take dn3 <&"$p_in" >&"$p_out" 2>"$tmp/p.err" &
p_pid=$!
CLEANUP_PIDS+=("$p_pid")
line=
for ((i = 0; i < 300; i++)); do
	read -r -t 0.2 -u "$p_out" line && break
	kill -0 "$p_pid" 2>/dev/null || break
done
if [[ $line != "registered handle="* ]]; then
	echo "Bail out! protocol P did not start: $(<"$tmp/p.err")"
	exit $KSFT_FAIL
fi

# --- (*,G): S43, S76, S77 ----------------------------------------------------------
section "(*,G)"
G=239.1.1.1
pcmd "join *,$G@dn1" "join *,$G@dn2"
rx_start r1 "$NS_R1" eth0 $G --expect 15
rx_start r2 "$NS_R2" eth0 $G --expect 15
rx_start r3 "$NS_R3" eth0 $G
rx_wait_ready
send "$NS_SRC" --group $G --count 10
send "$NS_SRC2" --group $G --count 5 --seq-start 100
rx_done r1 r2
rx_stop r3
mfe_load $G
ktap_check "S43: (*,G1) joined on dn1 and dn2: rcv1 and rcv2 get S1's 10 and S2's 5 packets in order with TTL 63, rcv3 none" \
	rx_all "r1=received 15 in_order 1 bytes 100 ttl 63 sources 2 first 0 last 104" \
	       "r2=received 15 in_order 1 bytes 100 ttl 63 sources 2 first 0 last 104" \
	       "r3=received 0"
ktap_check "S43: MFE (S1,G1): iif up1 (the FIB's interface towards S1), oifs dn1,dn2, forwarding" \
	mfe_has $S1 iif=up1 state=forwarding oifs=dn1,dn2
ktap_check "S43: MFE (S2,G1): iif up2, oifs dn1,dn2; exactly 2 entries for G1" \
	every mfe_has $S2 iif=up2 oifs=dn1,dn2 packets=5 dn1.packets=5 \
		dn2.packets=5 -- mfe_count 2
ktap_check "S76: (S1,G1) 10 packets of 100 bytes: packets 10, bytes 1000, 10 per OIF, no discards" \
	mfe_has $S1 packets=10 bytes=1000 dn1.packets=10 dn2.packets=10 \
		dn1.discards=0 dn2.discards=0 in_discards=0 queue_overflow=0 \
		wrong_if=0 hdr_errors=0
ktap_check "S77: (S1,G1) out_packets 20 (two OIFs)" mfe_has $S1 out=20

# --- (S,G) and a source nobody asked for ----------------------------------------------
section "(S,G)"
G=239.1.1.2
pcmd "join $S1,$G@dn1" "join $S1,$G@dn3"
rx_start r1 "$NS_R1" eth0 $G --expect 10
rx_start r2 "$NS_R2" eth0 $G
rx_start r3 "$NS_R3" eth0 $G --expect 10
rx_wait_ready
# S2 first: had it been forwarded, rcv1 and rcv3 would end before S1's last.
send "$NS_SRC2" --group $G --count 5 --seq-start 100
send "$NS_SRC" --group $G --count 10
rx_done r1 r3
rx_stop r2
mfe_load $G
ktap_check "(S1,G2) joined on dn1 and dn3: rcv1 and rcv3 get S1's 10 packets only, rcv2 none" \
	rx_all "r1=received 10 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 9" \
	       "r3=received 10 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 9" \
	       "r2=received 0"
ktap_check "(S1,G2): iif up1, oifs dn1,dn3, 10 packets each, out_packets 20" \
	mfe_has $S1 iif=up1 state=forwarding oifs=dn1,dn3 packets=10 bytes=1000 \
		dn1.packets=10 dn3.packets=10 out=20 in_discards=0
ktap_check "(S2,G2) has no member: a negative MFE (iif up2) discards its 5 packets" \
	mfe_has $S2 iif=up2 state=negative oifs= packets=5 negative=5 \
		in_discards=5 out=0
# S54: a member makes the negative entry forward.
pcmd "join $S2,$G@dn2"
rx_start r2 "$NS_R2" eth0 $G --expect 5
rx_wait_ready
send "$NS_SRC2" --group $G --count 5 --seq-start 200
rx_done r2
mfe_load $G
ktap_check "S54: (S2,G2) joined on dn2: the negative MFE now forwards there, rcv2 gets the next 5 packets" \
	every rx_all "r2=received 5 in_order 1 bytes 100 ttl 63 sources 1 first 200 last 204" -- \
	      mfe_has $S2 iif=up2 state=forwarding oifs=dn2 packets=10 dn2.packets=5 \
		      negative=5 out=5

# --- (*,*) and link-local groups: S31, S52 ----------------------------------------------
section "(*,*) and 224.0.0.x"
G=239.1.1.3
LL=224.0.0.99
pcmd "join *,*@dn2"
rx_start r2 "$NS_R2" eth0 $LL,$G --expect 10
rx_start r1 "$NS_R1" eth0 $G
rx_wait_ready
# The link-local packets first: had they been forwarded, rcv2 would count
# two streams.
send "$NS_SRC" --group $LL --count 5
send "$NS_SRC" --group $G --count 10
rx_done r2
rx_stop r1
mfe_load $G
ktap_check "S31: (*,*) joined on dn2: rcv2 gets the 10 packets of G3, rcv1 (no member) none" \
	rx_all "r2=received 10 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 9" \
	       "r1=received 0"
ktap_check "S31: MFE (S1,G3): iif up1, oifs dn2 only, 10 packets" \
	mfe_has $S1 iif=up1 oifs=dn2 packets=10 dn2.packets=10 out=10
mfe_load $LL
ktap_check "S52: 224.0.0.99 is not forwarded despite (*,*) and makes no MFE" \
	mfe_count 0
pcmd "leave *,*@dn2"

# --- wrong interface and TTL 1: S78 ----------------------------------------------------
section "wrong interface, TTL 1"
G=239.1.1.4
pcmd "join $S1,$G@dn1" "join $S1,$G@dn2"
rx_start r1 "$NS_R1" eth0 $G --expect 5
rx_start r2 "$NS_R2" eth0 $G --expect 5
rx_wait_ready
send "$NS_SRC" --group $G --count 5
rx_done r1 r2
rx_all "r1=received 5 in_order 1 bytes 100 ttl 63" \
       "r2=received 5 in_order 1 bytes 100 ttl 63"
ok_first=$?
rx_start r1 "$NS_R1" eth0 $G
rx_start r2 "$NS_R2" eth0 $G
rx_wait_ready
# S1's address from the second upstream: up2 is not the FIB's way to S1.
send "$NS_SRC2" --group $G --count 3 --source $S1 --seq-start 100
send "$NS_SRC" --group $G --count 2 --ttl 1 --seq-start 200
nap 0.5
rx_stop r1 r2
mfe_load $G
ktap_check "S78: (S1,G4) forwarded 5 packets, then 3 from S1's address via up2 and 2 with TTL 1: none of those reach rcv1 or rcv2" \
	every test $ok_first = 0 -- rx_all "r1=received 0" "r2=received 0"
ktap_check "S78: wrong_if 3 for the packets on up2; the MFE keeps iif up1" \
	mfe_has $S1 iif=up1 wrong_if=3
ktap_check "S78: TTL 1: hdr_errors 2, ttl_too_low 2 on each OIF, in_discards 5 (3 + 2)" \
	mfe_has $S1 hdr_errors=2 dn1.ttl_too_low=2 dn2.ttl_too_low=2 in_discards=5
ktap_check "S78: out_packets 10 and 5 per OIF: nothing more was sent" \
	mfe_has $S1 out=10 dn1.packets=5 dn2.packets=5 packets=7

# --- memberships added and deleted mid-stream: S53, S55 ---------------------------------
section "membership changes mid-stream"
G=239.1.1.5
pcmd "join *,$G@dn1"
rx_start r1 "$NS_R1" eth0 $G --expect 15
rx_start r2 "$NS_R2" eth0 $G
rx_wait_ready
send_bg "$NS_SRC" --group $G --count 20 --pause-after 5 --pause-after 10 \
	--pause-after 15
send_wait_stopped && pcmd "join *,$G@dn2"
kill -CONT "$send_pid"
send_wait_stopped && pcmd "leave *,$G@dn2"
kill -CONT "$send_pid"
send_wait_stopped && pcmd "leave *,$G@dn1"
kill -CONT "$send_pid"
wait "$send_pid"
rx_done r1
rx_stop r2
mfe_load $G
ktap_check "S53: dn2 joins after packet 5 and leaves after packet 10: rcv2 gets exactly packets 6-10" \
	rx_all "r2=received 5 in_order 1 bytes 100 ttl 63 sources 1 first 5 last 9"
ktap_check "S55: dn1, the last member, leaves after packet 15: rcv1 gets exactly packets 1-15" \
	rx_all "r1=received 15 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 14"
ktap_check "S55: the MFE is negative and discarded the last 5 (negative 5, out_packets 20)" \
	mfe_has $S1 state=negative oifs= packets=20 negative=5 in_discards=5 out=20

# --- a protocol killed mid-stream: S80 --------------------------------------------------
section "protocol killed mid-stream"
G=239.1.1.6
pcmd "join $S1,$G@dn1"
start_proto "$tmp/q" netns "$NS_RTR" 0x200 1 --take dn4 --join "*,$G@dn4"
q_pid=$proto_pid
rx_start r1 "$NS_R1" eth0 $G --expect 20
rx_start r4 "$NS_R4" eth0 $G
rx_wait_ready
mgm_state $G
state_before=$state
send_bg "$NS_SRC" --group $G --count 20 --pause-after 10
state_after=
if send_wait_stopped; then
	kill -KILL "$q_pid"
	wait "$q_pid" 2>/dev/null
	mgm_state $G
	state_after=$state
	mfe_load $G
	mfe_has $S1 oifs=dn1
	mid=$?
fi
kill -CONT "$send_pid"
wait "$send_pid"
rx_done r1
rx_stop r4
ktap_check "S80: before the kill: Q (0x200) owns dn4 and joined (*,G6) there" \
	test "$state_before" = "dn1,dn2,dn3,dn4,up1,up2|256,512|0.0.0.0@dn4,$S1@dn1"
ktap_check "S80: Q killed after packet 10: its interface, registration and membership are gone at once" \
	test "$state_after" = "dn1,dn2,dn3,up1,up2|256|$S1@dn1"
diag "owned interfaces|protocols|memberships of G6: before $state_before; after $state_after"
ktap_check "S80: at once, MFE (S1,G6) lists dn1 only" test "${mid:-1}" = 0
mfe_load $G
ktap_check "S80: rcv4 got packets 1-10 only, rcv1 all 20" \
	rx_all "r4=received 10 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 9" \
	       "r1=received 20 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 19"
ktap_check "S80: MFE (S1,G6): oifs dn1 with 20 packets, out_packets 30" \
	mfe_has $S1 oifs=dn1 packets=20 dn1.packets=20 out=30

# --- an outgoing interface deleted mid-stream: S84 ------------------------------------------
section "outgoing interface deleted mid-stream"
G=239.1.1.7
pcmd "take dn4" "join $S1,$G@dn1" "join $S1,$G@dn4"
rx_start r1 "$NS_R1" eth0 $G --expect 20
rx_start r4 "$NS_R4" eth0 $G
rx_wait_ready
send_bg "$NS_SRC" --group $G --count 20 --pause-after 10
send_wait_stopped && ip -n "$NS_RTR" link del dn4
kill -CONT "$send_pid"
wait "$send_pid"
rx_done r1
rx_stop r4
mfe_load $G
owned=$(rtr "$MGMCTL" -j interface show | jq -r '[.[].ifname] | sort | join(",")')
ktap_check "S84: dn4 deleted after packet 10: rcv4 got packets 1-10, rcv1 all 20" \
	rx_all "r4=received 10 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 9" \
	       "r1=received 20 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 19"
ktap_check "S84: MFE (S1,G7) lists dn1 only (20 packets, out_packets 30); dn4 is owned no more" \
	every mfe_has $S1 oifs=dn1 packets=20 dn1.packets=20 out=30 -- \
	      test "$owned" = dn1,dn2,dn3,up1,up2
[ "$owned" = dn1,dn2,dn3,up1,up2 ] || diag "owned interfaces: $owned"

# --- MTU and DF ----------------------------------------------------------------------------
section "MTU and DF"
G=239.1.1.8
pcmd "join $S1,$G@dn1" "join $S1,$G@dn3"
rx_start r1 "$NS_R1" eth0 $G --expect 10
rx_start r3 "$NS_R3" eth0 $G --expect 5
rx_wait_ready
send "$NS_SRC" --group $G --count 5 --size 1400 --df
send "$NS_SRC" --group $G --count 5 --size 1400 --no-df --seq-start 5
rx_done r1 r3
mfe_load $G
ktap_check "MTU: 1400-byte packets, dn3's MTU 1000: with DF none reach rcv3, without DF rcv3 gets the 5 whole datagrams; rcv1 all 10" \
	rx_all "r1=received 10 in_order 1 bytes 1400 ttl 63 sources 1 first 0 last 9" \
	       "r3=received 5 in_order 1 bytes 1400 ttl 63 sources 1 first 5 last 9"
ktap_check "MTU: frag_needed 5 on dn3 (the DF packets), 5 packets sent on dn3, 10 on dn1" \
	mfe_has $S1 packets=10 bytes=14000 dn3.frag_needed=5 dn3.packets=5 \
		dn1.packets=10 dn1.frag_needed=0

# --- local sockets on the router --------------------------------------------------------------
section "local socket on the router"
G=239.1.1.9
GN=239.1.1.10
pcmd "join $S1,$G@dn1"
rx_start rl "$NS_RTR" up1 $G,$GN --expect 10
rx_start r1 "$NS_R1" eth0 $G --expect 5
rx_wait_ready
send "$NS_SRC" --group $G --count 5
send "$NS_SRC" --group $GN --count 5
rx_done rl r1
ktap_check "a socket on the router joined on up1 receives G9 (forwarded) and G10 (negative MFE), TTL 64; rcv1 gets G9" \
	rx_all "rl=received 10 in_order 1 bytes 100 ttl 64 sources 2" \
	       "r1=received 5 in_order 1 bytes 100 ttl 63 sources 1"
mfe_load $GN
ktap_check "the router's local member is not an OIF: MFE (S1,G10) is negative (5 discarded)" \
	mfe_has $S1 state=negative negative=5

# --- new-source flood while a stream flows ---------------------------------------------------
section "new-source flood"
G=239.1.1.11
GF=239.1.1.12
pcmd "join $S1,$G@dn1"
rx_start r1 "$NS_R1" eth0 $G --expect 20
rx_wait_ready
send_bg "$NS_SRC" --group $G --count 20 --pause-after 5
stream_pid=$send_pid
if send_wait_stopped; then
	# 500 new (S,G): sources 10.3.0.1 to 10.3.1.244.
	send_bg "$NS_SRC" --group $GF --source 10.3.0.1 --nsources 500 --count 1
	flood_pid=$send_pid
	kill -CONT "$stream_pid"
	wait "$flood_pid" || diag "flood: $(<"$tmp/send_bg.out")"
fi
kill -CONT "$stream_pid" 2>/dev/null
wait "$stream_pid"
rx_done r1
ktap_check "flood: 500 new sources in a burst; the established stream's receiver still gets all 20 in order" \
	rx_all "r1=received 20 in_order 1 bytes 100 ttl 63 sources 1 first 0 last 19"
mfe_load $G
ktap_check "flood: MFE (S1,G11) forwarded all 20 on dn1" \
	mfe_has $S1 packets=20 dn1.packets=20 out=20 in_discards=0
flood=$(rtr "$MGMCTL" -j -s mfe show group $GF |
	jq -r '[length, ([.[] | select(.state == "negative" and .iif == "up1" and (.stats // .).packets == 1)] | length)] | join(" ")')
pending=$(rtr "$MGMCTL" -j config show | jq -r .pending)
ktap_check "flood: 500 negative MFEs (iif up1, 1 packet each) for G12, nothing left pending" \
	test "$flood|$pending" = "500 500|0"
[ "$flood|$pending" = "500 500|0" ] || diag "MFEs, negative with 1 packet: $flood; pending $pending"

# --- more than 100 outgoing interfaces ---------------------------------------------------------
section "110 dummy OIFs"
G=239.1.1.13
cmds=()
for ((i = 0; i < N_DUMMIES; i++)); do
	cmds+=("take d$i" "join *,$G@d$i")
done
pcmd "${cmds[@]}" "join *,$G@dn1"
rx_start r1 "$NS_R1" eth0 $G --expect 10
rx_wait_ready
send "$NS_SRC" --group $G --count 10
rx_done r1
fan=$(rtr "$MGMCTL" -j -s mfe show group $G |
	jq -r '.[0] | [(.oifs | length), ([.oifs[] | select(.packets == 10)] | length),
		       ([.oifs[] | select(.ifname | test("^d[0-9]+$"))] | length),
		       (.stats // .).out_packets] | join(" ")')
ktap_check "fan-out: (*,G13) on 110 dummies and dn1: rcv1 gets 10" \
	rx_all "r1=received 10 in_order 1 bytes 100 ttl 63 sources 1"
ktap_check "fan-out: the MFE has 111 OIFs (110 dummies), each forwarded 10 packets, out_packets 1110" \
	test "$fan" = "111 111 110 1110"
[ "$fan" = "111 111 110 1110" ] || diag "oifs, oifs with 10 packets, dummies, out_packets: $fan"

# --- expiry: S61 ----------------------------------------------------------------------------
section "MFE expiry"
G=239.1.1.14
rtr "$MGMCTL" config set mfe-timeout 5
pcmd "join $S1,$G@dn1"
rx_start r1 "$NS_R1" eth0 $G --expect 1
rx_wait_ready
# One packet: the one that makes the entry.  Packets after it would restart
# the countdown at its end (S62).
send "$NS_SRC" --group $G --count 1
now_us
t0=$now
rx_done r1
mfe_load $G
ktap_check "S61: with mfe-timeout 5, MFE (S1,G14) forwards its packet and has timeout 5" \
	every rx_all "r1=received 1 in_order 1 bytes 100 ttl 63" -- \
	      mfe_has $S1 timeout=5 packets=1 dn1.packets=1
gone_after=
while :; do
	now_us
	[ $((now - t0)) -lt 15000000 ] || break
	if ! rtr "$MGMCTL" mfe get $S1 $G >/dev/null 2>&1; then
		now_us
		gone_after=$(((now - t0) / 100000))
		break
	fi
	nap 0.3
done
# gone_after: tenths of a second from the last packet to the first time
# the entry was seen gone (the polls themselves take time under emulation).
ktap_check "S61: idle, the MFE is gone 5 s (+-1, +3 for polling) after its last packet" \
	test -n "$gone_after" -a "${gone_after:-0}" -ge 40 -a "${gone_after:-0}" -le 90
diag "MFE (S1,G14) seen gone after ${gone_after:-(never)} tenths of a second"
rx_start r1 "$NS_R1" eth0 $G --expect 1
rx_wait_ready
send "$NS_SRC" --group $G --count 1 --seq-start 10
rx_done r1
mfe_load $G
ktap_check "S61: the next packet makes a new MFE (packets 1) and is forwarded" \
	every rx_all "r1=received 1 in_order 1 bytes 100 ttl 63 sources 1 first 10" -- \
	      mfe_has $S1 packets=1 dn1.packets=1 timeout=5
rtr "$MGMCTL" config set mfe-timeout 900

# --- IGMP and link-local never make entries: S52 ---------------------------------------------
section "IGMP"
igmp=$(rtr "$MGMCTL" -j mfe show |
	jq -r '[([.[] | select(.src | startswith("10.10."))] | length),
		([.[] | select(.grp | startswith("224.0.0."))] | length)] | join(" ")')
# The premise: rcv2 really speaks IGMPv2 ("2 eth0 : 1 V2" in /proc/net/igmp).
igmp_v2=0
[[ $(ip netns exec "$NS_R2" cat /proc/net/igmp) =~ eth0[[:space:]]*:[[:space:]]*[0-9]+[[:space:]]+V2 ]] &&
	igmp_v2=1
ktap_check "S52: no MFE from the receivers' IGMP reports (rcv2's IGMPv2 reports go to the groups) nor for 224.0.0.0/24" \
	test "$igmp|$igmp_v2" = "0 0|1"
[ "$igmp|$igmp_v2" = "0 0|1" ] ||
	diag "MFEs from 10.10.0.0/16, MFEs for 224.0.0.0/24: $igmp; rcv2 on IGMPv2: $igmp_v2"

# --- the kernel's ipmr on the same router ----------------------------------------------------
section "ipmr"

# shellcheck disable=SC2317  # called through wait_until
ipmr_started()	# mcast ipmr is ready, or it exited
{
	[ -e "$tmp/ipmr.ready" ] || ! kill -0 "$ipmr_pid" 2>/dev/null
}

# shellcheck disable=SC2317  # called through ktap_check
take_once()	# take_once IF: a new protocol (0x300,1) takes IF, then exits
{
	local out
	out=$(rtr "$MGM_PROTO" --once 0x300 1 --take "$1" 2>&1) && return 0
	diag "take $1: $out"
	return 1
}

"$MCAST" --netns "$NS_RTR" ipmr --dev mr0 --ready "$tmp/ipmr.ready" \
	>"$tmp/ipmr.out" 2>&1 &
ipmr_pid=$!
CLEANUP_PIDS+=("$ipmr_pid")
wait_until 20 ipmr_started
if [ ! -e "$tmp/ipmr.ready" ]; then
	kill -TERM "$ipmr_pid" 2>/dev/null
	wait "$ipmr_pid"
	rc=$?
	if [ $rc = 4 ]; then
		ktap_skip "ipmr: take refused on an ipmr VIF" "$(<"$tmp/ipmr.out")"
	else
		ktap_fail "ipmr: MRT_INIT and MRT_ADD_VIF on mr0"
		diag "$(<"$tmp/ipmr.out")"
	fi
else
	out=$(rtr "$MGM_PROTO" --once 0x300 1 --take mr0 2>&1)
	rc=$?
	ktap_check "ipmr: mr0 is an ipmr VIF (mc_forwarding 1): take fails and names ipmr" \
		every rx_all "ipmr=mc_forwarding 1" -- test $rc = 1 -- \
		      grep -q ipmr <<<"$out"
	diag "take mr0: exit $rc: $out"
	ktap_check "ipmr: mr1 (not a VIF) can be taken while ipmr runs" \
		take_once mr1
	kill -TERM "$ipmr_pid"
	wait "$ipmr_pid"
	ktap_check "ipmr: once ipmr stopped, mr0 can be taken" take_once mr0
fi

diag "mgm_forward took $((SECONDS - start_s)) s"
ktap_finish
