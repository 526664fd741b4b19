#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the demo VM (scripts/demo.sh): a router shared by two
# multicast routing protocols forwards real traffic.
#
#   src  10.1.1.10 eth0 --- up1 10.1.1.1  router  dn1 10.10.1.1 --- eth0 10.10.1.2 rcv1
#                                                 dn2 10.10.2.1 --- eth0 10.10.2.2 rcv2
#
# In the router namespace, mgm-static (a static-route protocol: config
# file below) owns dn1 and dn2 and joins (*,239.1.2.3) on both;
# rpf-proto (examples/rpf-proto.c, the protocol developer's guide's
# example) owns up1 and answers the MGM's RPF requests for the traffic
# that comes in there.  src sends 400 datagrams to 239.1.2.3, one every
# 20 ms; mgm.ko forwards them to rcv1 and rcv2; mgmctl shows the state
# and the counters as they grow.  Then mgm-static is killed with SIGKILL
# and its state goes with it.
#
# Output goes to the console and to $MGM_RESULTS/demo.txt; KTAP results of
# the demo's own checks go to $MGM_RESULTS/ktap.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
results=${MGM_RESULTS:-/tmp}
export PATH=$top/build:$PATH
MCAST=$top/build/selftests/mcast
RPF_PROTO=$top/build/examples/rpf-proto
tmp=$(mktemp -d)
checks=()
pids=()
declare -A rx_pid

S=10.1.1.10
G=239.1.2.3
COUNT=400
INTERVAL_MS=20

exec > >(tee "$results/demo.txt") 2>&1

cleanup()
{
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT

step()
{
	echo
	echo "==> [$SECONDS s] $*"
}

rtr()		# rtr CMD...: run CMD in the router's namespace
{
	# Cheaper than "ip netns exec", which remounts /sys: mgmctl needs
	# the network namespace only.
	nsenter --net=/run/netns/router "$@"
}

show()		# show CMD...: print the command as typed in the router, run it;
{		# its output stays in $out
	echo
	echo "router# $*"
	out=$(rtr "$@" 2>&1) || true
	if [ -n "$out" ]; then
		echo "$out"
	else
		echo "(nothing)"
	fi
}

check()		# check DESCRIPTION CMD...
{
	local d=$1
	shift
	if "$@"; then
		checks+=("ok $d")
	else
		checks+=("not ok $d")
		echo "demo: check failed: $d"
	fi
}

# Under emulation every fork costs: waiting and reading logs use builtins.
mkfifo "$tmp/nap"
exec {nap_fd}<>"$tmp/nap"

wait_for()	# wait_for SECONDS CMD...: poll CMD every 0.1 s
{
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		"${@:2}" && return 0
		read -r -t 0.1 -u "$nap_fd" _ || true
	done
	return 1
}

declare -A logged	# lines of a log already shown

log_has()	# log_has NAME TEXT: $tmp/NAME.log has TEXT
{
	local l=
	[ -e "$tmp/$1.log" ] || return 1
	read -r -d '' l <"$tmp/$1.log" || true
	[[ $l == *"$2"* ]]
}

log_new()	# log_new NAME: print the lines of $tmp/NAME.log not shown yet
{
	local lines=() n
	[ -e "$tmp/$1.log" ] && mapfile -t lines <"$tmp/$1.log"
	n=${logged[$1]:-0}
	[ ${#lines[@]} -gt "$n" ] && printf '%s\n' "${lines[@]:n}"
	logged[$1]=${#lines[@]}
}

have_mfe()	# the (S,G) entry exists
{
	rtr mgmctl mfe get "$S" "$G" >/dev/null 2>&1
}

# Checks of the last show's output, $out.
both_registered()
{
	[[ $out == *"comm rpf-proto"* && $out == *"comm mgm-static"* ]]
}

only_up1_owned()
{
	[[ $out == "up1 ifindex "* && $out != *$'\n'* ]]
}

# The (S,G) entry's counters: "PACKETS DN1 DN2 STATE" (outgoing packets per
# receiver-side interface, 0 if it is not one).
mfe_counts()
{
	rtr mgmctl -j -s mfe get "$S" "$G" 2>/dev/null | jq -r '
		([.oifs[] | {(.ifname): .packets}] | add // {}) as $o |
		"\(.packets) \($o.dn1 // 0) \($o.dn2 // 0) \(.state)"'
}

# --- 1. the module --------------------------------------------------------------
step "loading mgm.ko"
insmod "$MGM_KO_DIR/mgm.ko"
modprobe -q -a veth 2>/dev/null || true
echo "mgm.ko loaded on $(uname -r)"

# --- 2. the network -------------------------------------------------------------
step "building the network: namespaces src, router, rcv1, rcv2 and three veth pairs"
{
	for ns in src router rcv1 rcv2; do
		echo "netns add $ns"
	done
	echo "link add up1 netns router type veth peer name eth0 netns src"
	echo "link add dn1 netns router type veth peer name eth0 netns rcv1"
	echo "link add dn2 netns router type veth peer name eth0 netns rcv2"
} | ip -batch -
host()		# host NS ADDR/LEN GATEWAY
{
	ip -n "$1" -batch - <<-EOF
	link set lo up
	link set eth0 multicast on up
	addr add $2 dev eth0
	route add default via $3
	EOF
}
host src "$S/24" 10.1.1.1
host rcv1 10.10.1.2/24 10.10.1.1
host rcv2 10.10.2.2/24 10.10.2.1
ip -n router -batch - <<-EOF
link set lo up
addr add 10.1.1.1/24 dev up1
addr add 10.10.1.1/24 dev dn1
addr add 10.10.2.1/24 dev dn2
link set up1 multicast on up
link set dn1 multicast on up
link set dn2 multicast on up
EOF
echo "src $S --- up1 [router] dn1 --- rcv1 10.10.1.2"
echo "                        dn2 --- rcv2 10.10.2.2"

# --- 3. the protocols -----------------------------------------------------------
step "starting rpf-proto (examples/rpf-proto.c): owns up1, answers RPF requests"
# nsenter execs the program: $! is the protocol's pid.
nsenter --net=/run/netns/router "$RPF_PROTO" up1 2>"$tmp/rpf-proto.log" &
rpf=$!
pids+=("$rpf")
wait_for 20 log_has rpf-proto running: || { log_new rpf-proto; exit 1; }
log_new rpf-proto

step "starting mgm-static: owns dn1 and dn2, joins (*, $G) on both"
cat >"$tmp/mgm-static.conf" <<-EOF
# mgm-static.conf written by scripts/demo-guest.sh
interface dn1
interface dn2
join * $G dn1
join * $G dn2
EOF
echo "\$ cat mgm-static.conf"
printf '%s\n' "$(<"$tmp/mgm-static.conf")"
nsenter --net=/run/netns/router mgm-static -f "$tmp/mgm-static.conf" 2>"$tmp/mgm-static.log" &
static=$!
pids+=("$static")
wait_for 20 log_has mgm-static running: || { log_new mgm-static; exit 1; }
log_new mgm-static

# --- 4. traffic -----------------------------------------------------------------
step "starting receivers in rcv1 and rcv2, and $COUNT datagrams to $G from src, one every $INTERVAL_MS ms"
for r in rcv1 rcv2; do
	"$MCAST" --netns "$r" recv --group "$G" --dev eth0 --expect "$COUNT" \
		--timeout-s 60 --ready "$tmp/$r.ready" >"$tmp/$r.out" 2>&1 &
	pids+=("$!")
	rx_pid[$r]=$!
done
wait_for 20 test -e "$tmp/rcv1.ready" -a -e "$tmp/rcv2.ready"
"$MCAST" --netns src send --group "$G" --dev eth0 --count "$COUNT" \
	--interval-ms "$INTERVAL_MS" >"$tmp/send.out" 2>&1 &
send=$!
pids+=("$send")
wait_for 20 have_mfe ||
	echo "demo: no forwarding entry after 20 s"
echo "traffic is flowing"

step "what the operator sees while it flows"
show mgmctl protocol show
check "mgm-static and rpf-proto are registered" \
	both_registered
show mgmctl interface show
show mgmctl group show
show mgmctl -s mfe show
[[ $out =~ \ packets\ ([0-9]+) ]] && pk1=${BASH_REMATCH[1]}
sleep 2
show mgmctl -s mfe show
[[ $out =~ \ packets\ ([0-9]+) ]] && pk2=${BASH_REMATCH[1]}
check "traffic flows: the (S,G) entry's packets grow (${pk1:-?} -> ${pk2:-?})" \
	test "${pk2:-0}" -gt "${pk1:-0}"
show mgmctl -j -s mfe show
check "the (S,G) entry comes in on up1 and goes out of dn1 and dn2" \
	test "$(jq -r '.[] | "\(.iif) \([.oifs[].ifname] | join(","))"' <<<"$out")" = "up1 dn1,dn2"

step "waiting for the sender and the receivers"
wait "$send" || true
echo "src: $(<"$tmp/send.out")"
# The receivers stop once they have everything; those that miss some are
# stopped two seconds after the sender.
rx_done()
{
	! kill -0 "${rx_pid[rcv1]}" 2>/dev/null && ! kill -0 "${rx_pid[rcv2]}" 2>/dev/null
}
wait_for 2 rx_done || true
for r in rcv1 rcv2; do
	kill -TERM "${rx_pid[$r]}" 2>/dev/null || true
	wait "${rx_pid[$r]}" || true
	echo "$r: $(<"$tmp/$r.out")"
done
read -r pk dn1 dn2 _ <<<"$(mfe_counts)"
read -r _ got1 _ <"$tmp/rcv1.out"
read -r _ got2 _ <"$tmp/rcv2.out"
echo "the entry counted $pk packets in, $dn1 out of dn1, $dn2 out of dn2"
check "rcv1 and rcv2 received what the entry sent them ($got1 and $got2 of $COUNT)" \
	test "$got1" = "$dn1" -a "$got2" = "$dn2" -a "$got1" -gt 0 -a "$got2" -gt 0

step "what the protocols logged"
echo "--- rpf-proto"
logged[rpf-proto]=0
log_new rpf-proto
check "rpf-proto answered the RPF request of ($S, $G)" \
	log_has rpf-proto "rpf ($S, $G) arrived on up1"
check "rpf-proto got the join alert of mgm-static's membership" \
	log_has rpf-proto "join alert (*, $G)"

# --- 5. a crash -------------------------------------------------------------------
step "killing mgm-static with SIGKILL: its interfaces and memberships go with its socket"
kill -KILL "$static"
wait "$static" 2>/dev/null || true
# The kernel cleans up when the socket goes; rpf-proto hears of it last.
wait_for 5 log_has rpf-proto "prune alert ($S, $G)" || true
show mgmctl protocol show
show mgmctl interface show
check "only rpf-proto is left, owning up1 only" \
	only_up1_owned
show mgmctl group show
check "mgm-static's memberships are gone" test -z "$out"
show mgmctl mfe show
echo
echo "--- rpf-proto, since the kill"
log_new rpf-proto
check "rpf-proto got the prune alerts" \
	log_has rpf-proto "prune alert (*, $G)"

step "stopping rpf-proto with SIGTERM: it releases up1 and deregisters"
kill -TERM "$rpf"
rc=0
wait "$rpf" || rc=$?
log_new rpf-proto
check "rpf-proto exits 0 on SIGTERM" test "$rc" = 0
show mgmctl protocol show
for ns in src router rcv1 rcv2; do
	ip netns del "$ns"
done
rmmod mgm
echo "mgm.ko unloaded"

{
	echo "KTAP version 1"
	echo "1..${#checks[@]}"
	i=0
	for c in "${checks[@]}"; do
		i=$((i + 1))
		echo "${c/ok /ok $i demo: }"
	done
} >"$results/ktap"
