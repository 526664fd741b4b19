#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: mgm's data path against the kernel's ipmr, in one VM run on
# Debian's stock 6.12 kernel (Documentation/performance.rst).  Builds what
# it needs, boots the VM with bench/run.sh as the job and prints the table.
# Not part of make check.
#
# Usage: scripts/bench.sh [--ko-dir DIR] [--results DIR] [BENCH_VAR=VALUE...] [PHASE...]
#        scripts/bench.sh --table DIR     print the table of an earlier run
#   --ko-dir   mgm.ko built for 6.12 (default: scripts/kmod.sh 6.12)
#   --results  where the run's results go (default build/bench/results;
#              emptied first if it holds an earlier run)
#   PHASE and BENCH_*: passed to bench/run.sh (see there), e.g.
#              scripts/bench.sh BENCH_REPS=1 fanout
# Environment: MGM_BENCH_MEM (VM memory, default 3G: a million forwarding
# entries need about 800 MiB), MGM_BENCH_TIMEOUT (VM time limit, default
# 3600 s; the run itself keeps to about 1400 s of guest time),
# MGM_BENCH_CLOCK (icount, the default: the guest's clock counts the
# instructions it executes, 4 ns each, so the numbers do not depend on how
# busy the host is; host: the guest's clock follows the host's, as usual
# under TCG, and other processes on the host change the numbers), and
# vm.sh's (MGM_ACCEL, MGM_QEMU_ARGS, MGM_APPEND).

set -euo pipefail
shopt -s inherit_errexit

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

msg() { echo "bench: $*" >&2; }
die() {
	msg "error: $*"
	exit 1
}

# print_table RESULTS_FILE: the results as ratios.
print_table() {
	awk -f - "$1" <<'EOF'
function num(k) { return (k in v) && v[k] ~ /^[0-9.]+$/ }
function val(k) { return (k in v) ? v[k] : "n/a: not measured" }
# A cell: the number, or "n/a" (the reasons are listed below the table).
function cell(k, w) {
	if (num(k))
		return sprintf("%" w "d", v[k])
	if (k in v && v[k] != "-") {
		if (!(k in noted)) { notes[++nnotes] = k ": " v[k]; noted[k] = 1 }
		return sprintf("%" w "s", "n/a")
	}
	return sprintf("%" w "s", "-")
}
function ratio(a, b, w) {
	if (num(a) && num(b) && v[b] + 0 > 0)
		return sprintf("%" w ".2f", v[a] / v[b])
	return sprintf("%" w "s", "-")
}
{
	key = $1; $1 = ""; sub(/^ /, ""); v[key] = $0
	if (key ~ /^fwd\.(mgm|ipmr)\.[0-9]+\.[0-9]+$/) {
		split(key, p, ".")
		if (!(p[3] in fanout_seen)) { fanout_seen[p[3]] = 1; fanouts[++nfanout] = p[3] }
		if (!(p[4] in sz_seen)) { sz_seen[p[4]] = 1; szs[++nsz] = p[4] }
	}
	if (key ~ /^lookup\.mgm\.[0-9]+\.stream_pps$/) {
		split(key, p, "."); lks[++nlk] = p[3]
	}
}
END {
	printf "mgm benchmark: kernel %s, %s vCPUs, qemu TCG\n", val("kernel"), val("cpus")
	if (val("clock") == "icount")
		print "guest time counts instructions (icount, 4 ns each), not the host's clock"
	else
		print "guest time follows the host's clock (numbers vary with the host's load)"
	printf "rates in packets/s, the best of %s runs of %s s each\n", val("reps"), val("seconds")
	print ""
	print "1. Forwarding rate: packets/s forwarded per outgoing interface (each is copied to every one)"
	printf "%6s %8s %9s %9s %9s %11s %12s\n", "size", "fan-out", "mgm", "ipmr",
		"mgm/ipmr", "mgm vs fo1", "ipmr vs fo1"
	common = 0; met = 0
	for (s = 1; s <= nsz; s++) for (f = 1; f <= nfanout; f++) {
		sz = szs[s]; fanout = fanouts[f]
		m = "fwd.mgm." fanout "." sz; i = "fwd.ipmr." fanout "." sz
		printf "%6s %8s %s %s %s %s %s\n", sz " B", fanout, cell(m, 9),
			(fanout > 31 ? sprintf("%9s", "-") : cell(i, 9)), ratio(m, i, 9),
			ratio(m, "fwd.mgm." fanouts[1] "." sz, 11), ratio(i, "fwd.ipmr." fanouts[1] "." sz, 12)
		if (num(m) && num(i)) { common++; if (v[m] + 0 >= v[i] + 0) met++ }
	}
	for (s = 1; s <= nsz; s++)
		if (num("fwd.none." szs[s] ".in_pps"))
			printf "  nobody forwarding (receive and drop), %s B: %d packets/s\n",
				szs[s], v["fwd.none." szs[s] ".in_pps"]
	if (nsz > 1) {
		printf "  %s B against %s B, fan-out %s: mgm %s, ipmr %s\n", szs[nsz], szs[1], fanouts[1],
			ratio("fwd.mgm." fanouts[1] "." szs[nsz], "fwd.mgm." fanouts[1] "." szs[1], 0),
			ratio("fwd.ipmr." fanouts[1] "." szs[nsz], "fwd.ipmr." fanouts[1] "." szs[1], 0)
	}
	print "  ipmr has 32 VIFs, the upstream one included: its largest fan-out is 31."
	print ""

	print "2. MFE lookup: fan-out 1, 64 B, with N forwarding entries installed"
	printf "%9s %9s %11s %8s %11s %8s %11s %8s %10s %8s\n", "entries", "+fill s",
		"mgm stream", "cost x", "mgm random", "cost x", "ipmr strm", "cost x",
		"ipmr rand", "cost x"
	first = lks[1]
	for (l = 1; l <= nlk; l++) {
		n = lks[l]
		ms = "lookup.mgm." n ".stream_pps"; mh = "lookup.mgm." n ".hit_pps"
		is = "lookup.ipmr." n ".stream_pps"; ih = "lookup.ipmr." n ".hit_pps"
		fs = "lookup.mgm." n ".fill_seconds"
		printf "%9s %9s %s %s %s %s %s %s %s %s\n", n,
			num(fs) ? sprintf("%.1f", v[fs]) : "-", cell(ms, 11),
			ratio("lookup.mgm." first ".stream_pps", ms, 8), cell(mh, 11),
			ratio("lookup.mgm." first ".hit_pps", mh, 8), cell(is, 11),
			ratio("lookup.ipmr." first ".stream_pps", is, 8), cell(ih, 10),
			ratio("lookup.ipmr." first ".hit_pps", ih, 8)
	}
	print "  stream: one established (S,G) among the N; random: every packet a random one of the N"
	print "  (negative entries: looked up and dropped).  cost x: time per packet against " first " entries;"
	print "  +fill s: time mgm took to add the entries since the row above."
	ib = ""
	if (num("lookup.ipmr.bytes_per_entry"))
		ib = sprintf(", %d per ipmr entry", v["lookup.ipmr.bytes_per_entry"])
	if (num("lookup.mgm.bytes_per_entry"))
		printf "  memory: about %d bytes per mgm entry%s; removing mgm's took %s ms\n",
			v["lookup.mgm.bytes_per_entry"], ib, val("lookup.mgm.teardown_ms")
	if (num("lookup.mgm.largest"))
		printf "  largest table filled: %d entries\n", v["lookup.mgm.largest"]
	print ""

	print "3. First copy of a new (S,G): from its first packet sent to its first copy sent out"
	printf "%6s %11s %11s %11s %8s %14s\n", "", "median us", "min us", "max us", "copies",
		"first packet"
	for (k = 1; k <= 2; k++) {
		kind = k == 1 ? "mgm" : "ipmr"
		printf "%6s %11s %11s %11s %8s %14s\n", kind,
			num("lat." kind ".median_us") ? v["lat." kind ".median_us"] : cell("lat." kind ".median_us", 1),
			val("lat." kind ".min_us") ~ /^n/ ? "-" : val("lat." kind ".min_us"),
			val("lat." kind ".max_us") ~ /^n/ ? "-" : val("lat." kind ".max_us"),
			val("lat." kind ".ok") ~ /^n/ ? "-" : val("lat." kind ".ok"),
			val("lat." kind ".first_is_first") ~ /^n/ ? "-" : val("lat." kind ".first_is_first") " forwarded"
	}
	printf "  mgm/ipmr (median): %s  (ipmr: ipmr_ctl answers the upcall with MRT_ADD_MFC)\n",
		ratio("lat.mgm.median_us", "lat.ipmr.median_us", 0)
	print ""

	printf "4. Established stream (%s pps offered) during a flood of %s new sources (%s pps offered)\n",
		val("flood.stream_pps"), val("flood.sources"), val("flood.flood_pps")
	printf "%6s %10s %11s %7s %10s %9s %16s\n", "", "alone", "during", "kept",
		"flood took", "entries", "CPU/new source"
	for (k = 1; k <= 2; k++) {
		kind = k == 1 ? "mgm" : "ipmr"
		a = "flood." kind ".alone_pps"; d = "flood." kind ".during_pps"
		c = "fwd." kind ".1.64"
		per = "-"
		if (num(a) && num(d) && num(c) && num("flood." kind ".seconds") && v["flood." kind ".sent"] + 0 > 0)
			per = sprintf("%.0f us", 1e6 * v["flood." kind ".seconds"] * (1 - v[d] / v[c]) / v["flood." kind ".sent"])
		printf "%6s %s %s %7s %10s %9s %16s\n", kind, cell(a, 10), cell(d, 11),
			num("flood." kind ".ratio") ? sprintf("%.1f %%", 100 * v["flood." kind ".ratio"]) : cell("flood." kind ".ratio", 1),
			num("flood." kind ".seconds") ? v["flood." kind ".seconds"] " s" : "-",
			val("flood." kind ".entries") ~ /^n/ ? "-" : val("flood." kind ".entries"), per
	}
	printf "  mgm/ipmr (kept): %s.  CPU/new source: time not spent on the stream, per flood packet\n",
		ratio("flood.mgm.ratio", "flood.ipmr.ratio", 0)
	if (num("flood.mgm.control_ms"))
		printf "  mgm's control plane: mgmctl config show took %d ms during the flood, %s ms before\n",
			v["flood.mgm.control_ms"], val("flood.mgm.control_idle_ms")
	for (k = 1; k <= 2; k++) {
		kind = k == 1 ? "mgm" : "ipmr"
		if (num("fwd." kind ".1.64"))
			printf "  (a forwarded packet costs %s %.1f us, generator included)\n", kind,
				1e6 / v["fwd." kind ".1.64"]
	}
	print ""

	print "Goals (aims, not assertions):"
	if (common)
		printf "  mgm at least as fast as ipmr at every common fan-out: %s (%d of %d)\n",
			(met == common ? "met" : "NOT met"), met, common
	else
		print "  mgm at least as fast as ipmr at every common fan-out: not measured"
	last = lks[nlk]
	if (nlk > 1 && num("lookup.mgm." first ".stream_pps") && num("lookup.mgm." last ".stream_pps")) {
		g = v["lookup.mgm." first ".stream_pps"] / v["lookup.mgm." last ".stream_pps"]
		printf "  lookup cost growing less than 1.5x from %s to %s entries: %s (x%.2f", first, last,
			(g < 1.5 ? "met" : "NOT met"), g
		if (num("lookup.mgm." first ".hit_pps") && num("lookup.mgm." last ".hit_pps"))
			printf "; random entries x%.2f", v["lookup.mgm." first ".hit_pps"] / v["lookup.mgm." last ".hit_pps"]
		print ")"
	} else
		print "  lookup cost growing less than 1.5x: not measured"
	if (num("flood.mgm.ratio"))
		printf "  established stream keeping 90 %% of its rate during the flood: %s (%.1f %%)\n",
			(v["flood.mgm.ratio"] + 0 >= 0.9 ? "met" : "NOT met"), 100 * v["flood.mgm.ratio"]
	else
		print "  established stream keeping 90 % of its rate during the flood: not measured"
	if (nnotes) {
		print ""
		print "Not measured:"
		for (k = 1; k <= nnotes; k++) print "  " notes[k]
	}
	if (num("total_seconds"))
		printf "\nThe measurements took %d s in the VM.\n", v["total_seconds"]
}
EOF
}

ko_dir=
results=$top/build/bench/results
args=()
while [ $# -gt 0 ]; do
	case $1 in
	--ko-dir) ko_dir=${2:?--ko-dir needs a directory}; shift 2 ;;
	--results) results=${2:?--results needs a directory}; shift 2 ;;
	--table)
		[ -f "${2:?--table needs a directory}/bench/results" ] ||
			die "no $2/bench/results"
		print_table "$2/bench/results"
		exit 0
		;;
	-h | --help) sed -n '3,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) args+=("$1"); shift ;;
	esac
done

start=$SECONDS
msg "installing missing Debian packages, if any"
scripts/install-deps.sh
msg "building the library, mgmctl and the benchmark's programs"
make -s lib "build/mgmctl" >/dev/null
make -s -f bench/bench.mk bench-bin >/dev/null
if [ -z "$ko_dir" ]; then
	msg "building mgm.ko for Debian's 6.12 (with the test hooks)"
	ko_dir=$(scripts/kmod.sh 6.12)
fi
[ -f "$ko_dir/mgm.ko" ] || die "no mgm.ko in $ko_dir"

mkdir -p "$results"
qemu_args="-m ${MGM_BENCH_MEM:-3G}"
case ${MGM_BENCH_CLOCK:-icount} in
icount)
	# One guest instruction is 4 ns of guest time (250 MIPS), about what
	# TCG manages here, so a run takes about as long in host time.
	# sleep=off: an idle guest jumps to its next timer at once.
	# Without CMPXCHG16B: twice, with icount, the guest took a double
	# fault right after one in the slab allocator, with garbage flags
	# (qemu 7.2); the kernel then takes its locked slow path instead.
	qemu_args+=" -icount shift=2,sleep=off -cpu max,-cx16"
	clock="instruction counting (icount, 4 ns per instruction)"
	clock_key=icount
	# Repeated runs give the same numbers to 1 % here: two are enough.
	args=(BENCH_REPS=2 "${args[@]}")
	;;
host)
	clock="the host's clock (TCG)"
	clock_key=host
	;;
*) die "MGM_BENCH_CLOCK must be icount or host" ;;
esac
msg "booting Debian's 6.12 under qemu and measuring, guest time from $clock:"
msg "about 7 minutes on a quiet host, up to 20 on a busy one (fan-out a third of"
msg "it, first copy and flood a minute, the lookup with a million entries the rest)"
vm_rc=0
# The two vCPUs' TSCs look unsynchronised to the guest, which then reads
# time from the emulated HPET (an exit to qemu each time): tell it they are.
MGM_QEMU_ARGS="$qemu_args${MGM_QEMU_ARGS:+ $MGM_QEMU_ARGS}" \
	MGM_APPEND="tsc=reliable${MGM_APPEND:+ $MGM_APPEND}" \
	selftests/qemu/vm.sh run --kernel 6.12 --ko-dir "$ko_dir" \
	--timeout "${MGM_BENCH_TIMEOUT:-3600}" --results "$results" \
	-- bench/run.sh --budget 1380 \
	BENCH_CLOCK=$clock_key "${args[@]}" ||
	vm_rc=$?

[ -f "$results/bench/results" ] || die "the VM wrote no results (see $results/console.log)"
echo
print_table "$results/bench/results" | tee "$results/bench/table.txt"
echo
msg "results in $results/bench (table.txt, results, logs); took $((SECONDS - start)) s"
if [ "$vm_rc" != 0 ]; then
	msg "some measurements failed or the VM reported a problem (see above)"
	exit 1
fi
