#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench` (scripts/bench.sh starts it in the test VM):
# mgm's data path against the kernel's ipmr on one topology and traffic.
#
# Usage: bench/run.sh [--budget SECS] [BENCH_VAR=VALUE...] [PHASE...]
#   PHASE  fanout, latency, flood, lookup (default: all, in that order)
#   --budget  seconds the job may take (default 1200); a measurement that
#             no longer fits is reported n/a, never cut short
# Settings, as arguments (the VM passes no environment), defaults in
# brackets: BENCH_SECONDS [3] length of one measurement, BENCH_REPS [3]
# repetitions (the best counts), BENCH_FANOUTS [1 8 31 32 128],
# BENCH_SIZES [64 1400] frame sizes, BENCH_LOOKUP [1000 100000 1000000]
# table sizes, BENCH_TRIALS [20] new sources for the first copy,
# BENCH_FLOOD [100000] new sources of the flood, BENCH_FILL_BUDGET [480]
# seconds for filling mgm's table, BENCH_CLOCK [host] recorded with the
# results (scripts/bench.sh says icount when the guest clock counts
# instructions).
#
# Topology: the router is the VM's initial network namespace: upstream
# veth "up0" (172.16.0.2/24, route 10.0.0.0/8 via 172.16.0.1) whose peer
# "gen0" sits in namespace "bgen", and dummy devices oif1..oif128 as
# outgoing interfaces (they count a packet and free it: what is measured is
# the router, not receivers).  The stream generator is pktgen in
# netif_receive mode on up0: it builds each packet and hands it to the
# receive path of up0 on the same CPU, synchronously, so the rate it
# reaches is the router's (plus a fixed cost of making the packet), with
# no queue in between to drop or reorder.  mgm and ipmr take turns on the
# same devices, never both at once: a protocol process (bench/mgm_fill
# hold) owns the interfaces for mgm; bench/ipmr_ctl holds MRT_INIT for ipmr.
#
# Results: $MGM_RESULTS/bench/results, one "KEY VALUE" line per number
# ("KEY n/a: REASON" when it could not be measured), logs beside it, and
# $MGM_RESULTS/ktap with one result per phase.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${MGM_BUILD:-$top/build}
MGMCTL=$build/mgmctl
FILL=$build/bench/mgm_fill
IPMR=$build/bench/ipmr_ctl
FIRSTCOPY=$build/bench/firstcopy
results=${MGM_RESULTS:-/tmp/mgm-results}
out=$results/bench
res_file=$out/results
PG=/proc/net/pktgen
GEN_NS=bgen

budget=1200
while [ $# -gt 0 ]; do
	case $1 in
	--budget) budget=$2; shift 2 ;;
	# The job's environment is not passed into the VM: settings come as
	# arguments.
	BENCH_*=*) export "${1?}"; shift ;;
	*) break ;;
	esac
done
phases=("$@")
[ ${#phases[@]} -gt 0 ] || phases=(fanout latency flood lookup)

SECS=${BENCH_SECONDS:-3}
REPS=${BENCH_REPS:-3}
read -r -a FANOUTS <<<"${BENCH_FANOUTS:-1 8 31 32 128}"
read -r -a SIZES <<<"${BENCH_SIZES:-64 1400}"
read -r -a LOOKUP <<<"${BENCH_LOOKUP:-1000 100000 1000000}"
TRIALS=${BENCH_TRIALS:-20}
FLOOD=${BENCH_FLOOD:-100000}
FILL_BUDGET=${BENCH_FILL_BUDGET:-480}
N_OIFS=128

mkdir -p "$out"
: >"$res_file"
start_s=$SECONDS

log() { echo "mgm-vm: bench: $*"; }
# res KEY VALUE: one result line.
res() {
	echo "$1 $2" >>"$res_file"
	echo "# $1 $2"
}
na() { res "$1" "n/a: $2"; }
elapsed() { echo $((SECONDS - start_s)); }
# fits SECS: is there time left for a step of about SECS seconds?
fits() { [ $((SECONDS - start_s + $1)) -le "$budget" ]; }

# Microseconds since the epoch, without a fork.
now_us() { NOW=${EPOCHREALTIME/./}; NOW=$((10#$NOW)); }

ip2int() {
	local IFS=. a b c d
	read -r a b c d <<<"$1"
	INT=$(((a << 24) | (b << 16) | (c << 8) | d))
}
int2ip() {
	IP="$((($1 >> 24) & 255)).$((($1 >> 16) & 255)).$((($1 >> 8) & 255)).$(($1 & 255))"
}
mcast_mac() {
	ip2int "$1"
	MAC=$(printf '01:00:5e:%02x:%02x:%02x' $(((INT >> 16) & 127)) \
		$(((INT >> 8) & 255)) $((INT & 255)))
}

# --- the forwarders -------------------------------------------------------------

fw_pid=
fw_out=$out/forwarder.log

# wait_line FILE PATTERN SECS: until FILE has a line matching PATTERN.
wait_line() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		[ -n "$fw_pid" ] && ! kill -0 "$fw_pid" 2>/dev/null && return 1
		sleep 0.1
	done
	return 1
}

# start_fw mgm|ipmr FANOUT [--daemon] [EXTRA_OIF:GROUP...]: forward
# (10.0.0.1 or any source, 239.1.1.1) from up0 to oif1..oifFANOUT; extra
# outgoing interfaces join other groups.  ipmr gets the stream's entry
# statically unless --daemon (then its upcalls make entries, as mgm does).
start_fw() {
	local kind=$1 fanout=$2 daemon=0 i args=()
	shift 2
	if [ "${1:-}" = --daemon ]; then
		daemon=1
		shift
	fi
	stop_fw
	if [ "$kind" = mgm ]; then
		args=(hold --take up0)
		for ((i = 1; i <= fanout; i++)); do args+=(--take "oif$i"); done
		for i in "$@"; do args+=(--take "${i%%:*}"); done
		for ((i = 1; i <= fanout; i++)); do args+=(--join "*,239.1.1.1@oif$i"); done
		for i in "$@"; do args+=(--join "*,${i#*:}@${i%%:*}"); done
		"$FILL" "${args[@]}" >"$fw_out" 2>&1 &
	else
		args=(--iif up0)
		for ((i = 1; i <= fanout; i++)); do args+=(--oif "oif$i"); done
		for i in "$@"; do args+=(--oif "${i%%:*}"); done
		for ((i = 1; i <= fanout; i++)); do args+=(--join "239.1.1.1@oif$i"); done
		for i in "$@"; do args+=(--join "${i#*:}@${i%%:*}"); done
		if [ "$daemon" = 1 ]; then
			args+=(--daemon)
		else
			args+=(--mfc "10.0.0.1,239.1.1.1")
		fi
		"$IPMR" "${args[@]}" >"$fw_out" 2>&1 &
	fi
	fw_pid=$!
	if ! wait_line "$fw_out" '^ready' 20; then
		ERR="$kind forwarder did not start: $(tr '\n' ' ' <"$fw_out" | cut -c1-200)"
		stop_fw
		return 1
	fi
}

stop_fw() {
	[ -n "$fw_pid" ] || return 0
	kill -TERM "$fw_pid" 2>/dev/null
	wait "$fw_pid" 2>/dev/null
	cat "$fw_out" >>"$out/forwarders.log"
	fw_pid=
}

# --- pktgen -----------------------------------------------------------------------

pg_run_pid=

# pgset FILE CMD: one pktgen command; fails with ERR set if refused.
pgset() {
	local line
	if ! echo "$2" >"$1" 2>/dev/null; then
		ERR="pktgen refused '$2'"
		return 1
	fi
	# Device and thread files report the last command's result.
	[ "$1" = "$PG/pgctrl" ] && return 0
	while read -r line; do
		case $line in
		"Result: OK"*) return 0 ;;
		Result:*) ERR="pktgen: '$2': $line"; return 1 ;;
		esac
	done <"$1"
	return 0
}

pg_reset() {
	pg_stop
	pgset "$PG/kpktgend_0" rem_device_all
}

# pg_add NAME SIZE SRC_MIN SRC_MAX GROUP COUNT RATE [FLAG]: a packet
# stream on up0 (NAME up0 or up0@N) at RATE packets/s (0: as fast as it
# can), COUNT packets (0: until stopped).
pg_add() {
	local name=$1 size=$2 smin=$3 smax=$4 grp=$5 count=$6 rate=$7 flag=${8:-} c
	local f=$PG/$name
	mcast_mac "$grp"
	pgset "$PG/kpktgend_0" "add_device $name" || return 1
	for c in "xmit_mode netif_receive" "count $count" "pkt_size $((size - 4))" \
		"clone_skb 0" "burst 1" "dst $grp" "dst_mac $MAC" \
		"src_min $smin" "src_max $smax" "udp_src_min 9" "udp_src_max 9" \
		"udp_dst_min 9" "udp_dst_max 9" "flag NO_TIMESTAMP"; do
		pgset "$f" "$c" || return 1
	done
	if [ "$rate" = 0 ]; then
		pgset "$f" "delay 0" || return 1
	else
		pgset "$f" "ratep $rate" || return 1
	fi
	if [ -n "$flag" ]; then
		pgset "$f" "flag $flag" || return 1
	fi
}

pg_start() {
	echo start >"$PG/pgctrl" 2>/dev/null &
	pg_run_pid=$!
}

pg_stop() {
	[ -n "$pg_run_pid" ] || return 0
	echo stop >"$PG/pgctrl" 2>/dev/null
	wait "$pg_run_pid" 2>/dev/null
	pg_run_pid=
}

# pg_sofar NAME: packets sent so far, in SOFAR.
pg_sofar() {
	local line a b
	SOFAR=0
	while read -r line; do
		case $line in
		pkts-sofar:*)
			read -r a b _ <<<"$line"
			SOFAR=$b
			: "$a"
			return
			;;
		esac
	done <"$PG/$1"
}

# --- counters -----------------------------------------------------------------

# tx_sum FIRST LAST [PREFIX]: packets sent by oifFIRST..oifLAST, in TX.
tx_sum() {
	local i v
	TX=0
	for ((i = $1; i <= $2; i++)); do
		read -r v <"/sys/class/net/oif$i/statistics/tx_packets"
		TX=$((TX + v))
	done
}

# measure NAME FANOUT: run the configured pktgen streams, wait a second for
# the entries to settle, then count for $SECS seconds: input rate of
# stream NAME in IN_PPS, forwarded rate per outgoing interface over
# oif1..oifFO in FWD_PPS (packets/s).
measure() {
	local name=$1 fanout=$2 t1 t2 s1 s2 x1 x2
	pg_start
	sleep 1
	pg_sofar "$name"; s1=$SOFAR; tx_sum 1 "$fanout"; x1=$TX; now_us; t1=$NOW
	sleep "$SECS"
	pg_sofar "$name"; s2=$SOFAR; tx_sum 1 "$fanout"; x2=$TX; now_us; t2=$NOW
	pg_stop
	IN_PPS=$(((s2 - s1) * 1000000 / (t2 - t1)))
	FWD_PPS=$(((x2 - x1) * 1000000 / (t2 - t1) / fanout))
	if [ $((s2 - s1)) -le 0 ]; then
		ERR="pktgen sent nothing"
		return 1
	fi
}

# --- setup --------------------------------------------------------------------------

setup() {
	local m i
	for m in veth dummy pktgen; do
		modprobe "$m" || { ERR="modprobe $m failed"; return 1; }
	done
	if [ ! -d /sys/module/mgm ]; then
		insmod "$MGM_KO_DIR/mgm.ko" || { ERR="insmod $MGM_KO_DIR/mgm.ko failed"; return 1; }
	fi
	for m in "$MGMCTL" "$FILL" "$IPMR" "$FIRSTCOPY"; do
		[ -x "$m" ] || { ERR="$m is not built"; return 1; }
	done
	[ -d "$PG" ] || { ERR="no $PG after modprobe pktgen"; return 1; }
	ip netns add "$GEN_NS" || { ERR="ip netns add failed"; return 1; }
	{
		echo "link add up0 type veth peer name gen0 netns $GEN_NS"
		echo "addr add 172.16.0.2/24 dev up0"
		echo "link set up0 multicast on up"
		for ((i = 1; i <= N_OIFS; i++)); do
			echo "link add oif$i type dummy"
			echo "link set oif$i multicast on up"
		done
	} | ip -batch - || { ERR="creating the interfaces failed"; return 1; }
	ip route add 10.0.0.0/8 via 172.16.0.1 dev up0 || { ERR="ip route add failed"; return 1; }
	ip -n "$GEN_NS" link set lo up
	ip -n "$GEN_NS" addr add 172.16.0.1/24 dev gen0
	ip -n "$GEN_NS" link set gen0 up
	sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.up0.rp_filter=0
	# A forwarder started before the link is up would see no carrier.
	for ((i = 0; i < 50; i++)); do
		[ "$(cat /sys/class/net/up0/operstate)" = up ] && break
		sleep 0.1
	done
	return 0
}

# --- phase: forwarding rate against fan-out and size ----------------------------

phase_fanout() {
	local fanout size rep kind best key ok=1 base
	log "fan-out ${FANOUTS[*]}, sizes ${SIZES[*]}: $REPS x $SECS s per point (mgm, ipmr)"
	for size in "${SIZES[@]}"; do
		# Nobody forwarding: what receiving and dropping costs.
		stop_fw
		if pg_reset && pg_add up0 "$size" 10.0.0.1 10.0.0.1 239.1.1.1 0 0 &&
			measure up0 1; then
			res "fwd.none.$size.in_pps" "$IN_PPS"
		else
			na "fwd.none.$size.in_pps" "$ERR"
		fi
	done
	for fanout in "${FANOUTS[@]}"; do
		for size in "${SIZES[@]}"; do
			declare -A bestv=() bestin=() err=()
			for ((rep = 1; rep <= REPS; rep++)); do
				for kind in mgm ipmr; do
					# ipmr has 32 VIFs, the upstream one included.
					[ "$kind" = ipmr ] && [ "$fanout" -gt 31 ] && continue
					fits 30 || { err[$kind]="out of time"; continue; }
					if start_fw "$kind" "$fanout" && pg_reset &&
						pg_add up0 "$size" 10.0.0.1 10.0.0.1 239.1.1.1 0 0 &&
						measure up0 "$fanout"; then
						log "  $kind fan-out $fanout ${size}B: $FWD_PPS pps forwarded (input $IN_PPS pps)"
						if [ "$FWD_PPS" -gt "${bestv[$kind]:-0}" ]; then
							bestv[$kind]=$FWD_PPS
							bestin[$kind]=$IN_PPS
						fi
						if [ "$kind" = mgm ] && [ $rep = 1 ]; then
							"$MGMCTL" -s mfe get 10.0.0.1 239.1.1.1 \
								>>"$out/mfe-fanout.log" 2>&1
						fi
					else
						err[$kind]=$ERR
						log "  $kind fan-out $fanout ${size}B: failed: $ERR"
					fi
					stop_fw
				done
			done
			for kind in mgm ipmr; do
				[ "$kind" = ipmr ] && [ "$fanout" -gt 31 ] && continue
				key=fwd.$kind.$fanout.$size
				best=${bestv[$kind]:-0}
				if [ "$best" -gt 0 ]; then
					res "$key" "$best"
					res "$key.in_pps" "${bestin[$kind]}"
				else
					na "$key" "${err[$kind]:-nothing forwarded}"
					ok=0
				fi
			done
			unset bestv bestin err
		done
	done
	base=$(awk '$1 == "fwd.mgm.1.64" && $2 ~ /^[0-9]+$/ { m = $2 }
		$1 == "fwd.ipmr.1.64" && $2 ~ /^[0-9]+$/ { i = $2 }
		END { if (m && i) print (m < i ? m : i); else if (m) print m; else if (i) print i }' "$res_file")
	CAPACITY=${base:-0}
	[ "$ok" = 1 ]
}

# --- phase: time from a new (S,G)'s first packet to its first copy ---------------

phase_latency() {
	local kind src ok=1 summary
	log "first copy: $TRIALS new sources each for mgm and ipmr"
	for kind in mgm ipmr; do
		if [ "$kind" = mgm ]; then src=10.5.0.1; else src=10.6.0.1; fi
		if ! fits 60; then
			na "lat.$kind.median_us" "out of time"
			ok=0
			continue
		fi
		if ! start_fw "$kind" 0 --daemon oif1:239.4.0.1; then
			na "lat.$kind.median_us" "$ERR"
			ok=0
			continue
		fi
		"$FIRSTCOPY" --tx-ns "/run/netns/$GEN_NS" --tx-if gen0 \
			--rx-ns /proc/self/ns/net --rx-if oif1 --group 239.4.0.1 \
			--src "$src" --trials "$TRIALS" >"$out/firstcopy-$kind.log" 2>&1
		summary=$(grep '^summary' "$out/firstcopy-$kind.log")
		stop_fw
		if [[ $summary =~ ok=([0-9]+)\ median_us=([0-9.]+)\ min_us=([0-9.]+)\ max_us=([0-9.]+)\ first_is_first=([0-9]+) ]]; then
			res "lat.$kind.median_us" "${BASH_REMATCH[2]}"
			res "lat.$kind.min_us" "${BASH_REMATCH[3]}"
			res "lat.$kind.max_us" "${BASH_REMATCH[4]}"
			res "lat.$kind.ok" "${BASH_REMATCH[1]}/$TRIALS"
			res "lat.$kind.first_is_first" "${BASH_REMATCH[5]}"
			log "  $kind: median ${BASH_REMATCH[2]} us, ${BASH_REMATCH[1]}/$TRIALS copies"
		else
			na "lat.$kind.median_us" "no copy seen: $(tail -n 3 "$out/firstcopy-$kind.log" | tr '\n' ' ' | cut -c1-200)"
			ok=0
		fi
	done
	[ "$ok" = 1 ]
}

# --- phase: an established stream during a flood of new sources ---------------------

# probe_ms: how long one mgm control request (mgmctl config show) takes,
# in PROBE_MS.
probe_ms() {
	local a
	now_us; a=$NOW
	"$MGMCTL" config show >/dev/null 2>&1
	now_us
	PROBE_MS=$(((NOW - a) / 1000))
}

phase_flood() {
	local kind ok=1 rate frate smin smax t1 t2 x1 x2 s n fx1 fx2 dur probe_pid
	rate=$((CAPACITY / 4))
	frate=$((CAPACITY / 2))
	if [ "$rate" -le 0 ]; then
		# No fan-out phase (or it failed): a guess that holds under TCG.
		rate=2000
		frate=4000
	fi
	smin=10.2.0.0
	ip2int "$smin"
	int2ip $((INT + FLOOD - 1))
	smax=$IP
	res flood.stream_pps "$rate"
	res flood.flood_pps "$frate"
	res flood.sources "$FLOOD"
	log "flood: stream at $rate pps alone, then with $FLOOD new sources at $frate pps"
	for kind in mgm ipmr; do
		if ! fits $((FLOOD / frate + SECS + 30)); then
			na "flood.$kind.ratio" "out of time"
			ok=0
			continue
		fi
		if ! start_fw "$kind" 1 --daemon oif2:239.2.2.2; then
			na "flood.$kind.ratio" "$ERR"
			ok=0
			continue
		fi
		if [ "$kind" = mgm ]; then
			"$MGMCTL" config set max-mfes $((FLOOD * 2 + 1000)) >>"$out/mgmctl.log" 2>&1
		fi
		# Alone.
		if ! { pg_reset && pg_add up0 64 10.0.0.1 10.0.0.1 239.1.1.1 0 "$rate" &&
			measure up0 1; }; then
			na "flood.$kind.ratio" "$ERR"
			stop_fw
			ok=0
			continue
		fi
		res "flood.$kind.alone_pps" "$FWD_PPS"
		local alone=$FWD_PPS
		# With the flood: count the stream's copies while the flood runs.
		if ! { pg_reset && pg_add up0 64 10.0.0.1 10.0.0.1 239.1.1.1 0 "$rate" &&
			pg_add up0@1 64 "$smin" "$smax" 239.2.2.2 "$FLOOD" "$frate"; }; then
			na "flood.$kind.ratio" "$ERR"
			stop_fw
			ok=0
			continue
		fi
		tx_sum 2 2; fx1=$TX
		# How long a control request waits, before and during the flood.
		probe_pid=
		if [ "$kind" = mgm ]; then
			probe_ms
			res "flood.$kind.control_idle_ms" "$PROBE_MS"
			rm -f "$out/probe"
		fi
		pg_start
		# The flood has started once its first packets are out.
		for ((n = 0; n < 100; n++)); do
			pg_sofar up0@1
			[ "$SOFAR" -gt 0 ] && break
			sleep 0.05
		done
		tx_sum 1 1; x1=$TX; now_us; t1=$NOW
		x2=$x1 t2=$t1 s=0
		for ((n = 0; n < FLOOD * 20 / frate + 600; n++)); do
			pg_sofar up0@1
			s=$SOFAR
			[ "$s" -ge "$FLOOD" ] && break
			tx_sum 1 1; x2=$TX; now_us; t2=$NOW
			if [ "$kind" = mgm ] && [ -z "$probe_pid" ] && [ "$s" -ge $((FLOOD / 4)) ]; then
				{ probe_ms; echo "$PROBE_MS" >"$out/probe"; } &
				probe_pid=$!
			fi
			sleep 0.1
		done
		pg_stop
		if [ -n "$probe_pid" ]; then
			wait "$probe_pid"
			res "flood.$kind.control_ms" "$(cat "$out/probe" 2>/dev/null || echo "n/a: no answer")"
		fi
		tx_sum 2 2; fx2=$TX
		dur=$(((t2 - t1) / 1000))
		res "flood.$kind.seconds" "$(awk -v d="$dur" 'BEGIN { printf "%.1f", d / 1000 }')"
		res "flood.$kind.sent" "$s"
		res "flood.$kind.flood_copies" $((fx2 - fx1))
		if [ "$kind" = mgm ]; then
			res "flood.$kind.entries" "$("$MGMCTL" config show | awk '$1 == "mfes" { print $2 }')"
		else
			res "flood.$kind.entries" "$(($(wc -l </proc/net/ip_mr_cache) - 1))"
		fi
		if [ "$dur" -lt 500 ]; then
			na "flood.$kind.ratio" "the flood lasted only $dur ms"
			ok=0
		else
			res "flood.$kind.during_pps" $(((x2 - x1) * 1000000 / (t2 - t1)))
			res "flood.$kind.ratio" "$(awk -v a="$alone" -v d=$(((x2 - x1) * 1000000 / (t2 - t1))) \
				'BEGIN { printf "%.3f", a ? d / a : 0 }')"
			log "  $kind: stream $alone pps alone, $(((x2 - x1) * 1000000 / (t2 - t1))) pps during the flood ($dur ms)"
		fi
		stop_fw
	done
	pg_reset
	[ "$ok" = 1 ]
}

# --- phase: lookup cost against the number of entries -----------------------------

mem_avail() {
	local k v
	while read -r k v _; do
		[ "$k" = MemAvailable: ] && { MEMKB=$v; return; }
	done </proc/meminfo
}

# lookup_point KIND N: the stream's rate (fan-out 1, 64 bytes) and the
# rate of packets that each hit a random one of the N filler entries.
lookup_point() {
	local kind=$1 n=$2 rep best=0 hit=0 last
	int2ip $((0x0a400000 + n - 1))
	last=$IP
	for ((rep = 1; rep <= REPS; rep++)); do
		if pg_reset && pg_add up0 64 10.0.0.1 10.0.0.1 239.1.1.1 0 0 &&
			measure up0 1; then
			[ "$FWD_PPS" -gt "$best" ] && best=$FWD_PPS
		fi
		if pg_reset && pg_add up0 64 10.64.0.0 "$last" 239.3.0.1 0 0 IPSRC_RND &&
			measure up0 1; then
			[ "$IN_PPS" -gt "$hit" ] && hit=$IN_PPS
		fi
	done
	pg_reset
	if [ "$best" -gt 0 ]; then
		res "lookup.$kind.$n.stream_pps" "$best"
	else
		na "lookup.$kind.$n.stream_pps" "${ERR:-nothing forwarded}"
	fi
	if [ "$hit" -gt 0 ]; then
		res "lookup.$kind.$n.hit_pps" "$hit"
	else
		na "lookup.$kind.$n.hit_pps" "${ERR:-nothing received}"
	fi
	log "  $kind with $n entries: stream $best pps, random hits $hit pps"
}

phase_lookup() {
	local n have=0 want line done_n secs rate mem0 left ok=1 t0 t1
	log "lookup: mgm with ${LOOKUP[*]} forwarding entries (filling takes a while under emulation)"
	if ! start_fw mgm 1; then
		for n in "${LOOKUP[@]}"; do na "lookup.mgm.$n.stream_pps" "$ERR"; done
		return 1
	fi
	"$MGMCTL" config set max-mfes $((${LOOKUP[-1]} + 1000)) mfe-timeout 0 \
		>>"$out/mgmctl.log" 2>&1 || {
		ERR="mgmctl config set max-mfes failed"
		for n in "${LOOKUP[@]}"; do na "lookup.mgm.$n.stream_pps" "$ERR"; done
		stop_fw
		return 1
	}
	mem_avail; mem0=$MEMKB
	local fill_start=$SECONDS
	for n in "${LOOKUP[@]}"; do
		want=$((n - have))
		left=$((FILL_BUDGET - (SECONDS - fill_start)))
		if [ "$left" -gt $((budget - (SECONDS - start_s) - 120)) ]; then
			left=$((budget - (SECONDS - start_s) - 120))
		fi
		if [ "$left" -le 5 ]; then
			na "lookup.mgm.$n.stream_pps" "out of time (filling is limited to $FILL_BUDGET s)"
			ok=0
			continue
		fi
		# The filler is stopped by its own clock; keep 1/4 of the memory.
		mem_avail
		log "  filling to $n entries (at most $left s, $((MEMKB / 1024)) MiB available)"
		line=$("$FILL" inject --if up0 --start "$have" --count "$want" \
			--max-seconds "$left" 2>>"$out/fill.log")
		echo "$line" >>"$out/fill.log"
		if [[ $line =~ injected=([0-9]+)\ seconds=([0-9.]+)\ per_second=([0-9]+) ]]; then
			done_n=${BASH_REMATCH[1]}
			secs=${BASH_REMATCH[2]}
			rate=${BASH_REMATCH[3]}
		else
			done_n=0 secs=0 rate=0
		fi
		have=$((have + done_n))
		res "lookup.mgm.$n.fill_seconds" "$secs"
		res "lookup.mgm.$n.fill_per_second" "$rate"
		line=$("$MGMCTL" config show | awk '$1 == "mfes" { print $2 }')
		res "lookup.mgm.$n.entries" "${line:-unknown}"
		mem_avail
		if [ "$have" -gt 0 ]; then
			res lookup.mgm.bytes_per_entry $(((mem0 - MEMKB) * 1024 / have))
		fi
		if [ "$have" -lt "$n" ]; then
			na "lookup.mgm.$n.stream_pps" "filled only $have of $n entries in $secs s ($(tail -n 1 "$out/fill.log" | cut -c1-120))"
			ok=0
			if [ "$have" -gt "${LOOKUP[0]}" ]; then
				lookup_point mgm "$have"
				res lookup.mgm.largest "$have"
			fi
			break
		fi
		lookup_point mgm "$n"
	done
	log "  removing the entries"
	now_us; t0=$NOW
	stop_fw
	now_us; t1=$NOW
	res lookup.mgm.teardown_ms $(((t1 - t0) / 1000))
	"$MGMCTL" config set max-mfes 65536 mfe-timeout 900 >>"$out/mgmctl.log" 2>&1

	# ipmr with the same keys, for comparison, while time allows.
	for n in "${LOOKUP[@]}"; do
		# ipmr_ctl adds about 50000 entries a second.
		if ! fits $((n / 20000 + 60)); then
			na "lookup.ipmr.$n.stream_pps" "out of time"
			continue
		fi
		stop_fw
		mem_avail; mem0=$MEMKB
		"$IPMR" --iif up0 --oif oif1 --join 239.1.1.1@oif1 \
			--mfc 10.0.0.1,239.1.1.1 --fill "$n" >"$fw_out" 2>&1 &
		fw_pid=$!
		if ! wait_line "$fw_out" '^ready' $((n / 1000 + 60)); then
			na "lookup.ipmr.$n.stream_pps" "ipmr_ctl --fill $n failed: $(tr '\n' ' ' <"$fw_out" | cut -c1-120)"
			stop_fw
			continue
		fi
		res "lookup.ipmr.$n.fill_seconds" "$(sed -n 's/^filled [0-9]* in \([0-9.]*\) s/\1/p' "$fw_out")"
		mem_avail
		res lookup.ipmr.bytes_per_entry $(((mem0 - MEMKB) * 1024 / n))
		lookup_point ipmr "$n"
		stop_fw
	done
	[ "$ok" = 1 ]
}

# --- main ---------------------------------------------------------------------------

CAPACITY=0
ktap=()
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	pg_stop
	stop_fw
	ip netns del "$GEN_NS" 2>/dev/null
}
trap cleanup EXIT

log "kernel $(uname -r), $(nproc) CPUs, $(($(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024)) MiB; budget $budget s"
res kernel "$(uname -r)"
res cpus "$(nproc)"
res clock "${BENCH_CLOCK:-host}"
res cpus_with_cx16 "$(grep -c -w cx16 /proc/cpuinfo)"
res reps "$REPS"
res seconds "$SECS"
if ! setup; then
	log "setup failed: $ERR"
	res setup "n/a: $ERR"
	{
		echo "KTAP version 1"
		echo "1..1"
		echo "not ok 1 bench: setup # $ERR"
	} >"$results/ktap"
	exit 1
fi
for phase in "${phases[@]}"; do
	t0=$SECONDS
	rc=0
	case $phase in
	fanout) phase_fanout || rc=1 ;;
	latency) phase_latency || rc=1 ;;
	flood) phase_flood || rc=1 ;;
	lookup) phase_lookup || rc=1 ;;
	*) log "unknown phase $phase"; rc=1 ;;
	esac
	if [ $rc = 0 ]; then
		ktap+=("ok - bench: $phase")
	else
		ktap+=("not ok - bench: $phase")
	fi
	res "phase.$phase.seconds" $((SECONDS - t0))
	log "$phase done after $((SECONDS - t0)) s ($(elapsed) s in all)"
done
res total_seconds "$(elapsed)"
dmesg | grep -i -E 'mgm|pktgen' | tail -n 50 >"$out/dmesg-tail.log"
{
	echo "KTAP version 1"
	echo "1..${#ktap[@]}"
	i=0
	for line in "${ktap[@]}"; do
		i=$((i + 1))
		echo "${line/ - / $i }"
	done
} >"$results/ktap"
log "done after $(elapsed) s"
exit 0
