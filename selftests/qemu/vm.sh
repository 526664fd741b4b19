#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run mgm's kernel-side tests in a qemu VM: see usage() and README.

set -euo pipefail
# Errors inside $(...) must stop us too.
shopt -s inherit_errexit

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${MGM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mgm}
prog=selftests/qemu/vm.sh

usage() {
	cat <<EOF
usage: $prog kernel --kernel K
       $prog run    --kernel K [--ko-dir DIR] [--timeout SECS] [--results DIR] [-v] -- CMD...
       $prog shell  --kernel K [--ko-dir DIR]

K is one of:
  debug  our 6.12 build with KUnit, lockdep, KASAN, kmemleak (built and cached
         on first use, about 12-15 minutes on 2 cores)
  6.1    Debian's stock 6.1 kernel (linux-image-amd64)
  6.12   Debian's stock 6.12 kernel (linux-image-6.12-amd64)

kernel  print the kernel build tree (KDIR) to build modules against, building
        the debug kernel first if needed (progress on stderr).
run     boot K, run CMD in the guest (cwd = the repository, env MGM_RESULTS,
        MGM_KO_DIR, MGM_KERNEL), then print a report of the KTAP results the
        job wrote to \$MGM_RESULTS/ktap plus the harness' own checks (guest
        crash/hang, kernel warnings, kmemleak, job exit status).  Exit status
        0 iff nothing failed.
          --ko-dir DIR    directory with mgm.ko (and mgm_kunit.ko) built for K
          --timeout SECS  hard limit for the whole VM (default 1800 for debug,
                          900 for the stock kernels; env MGM_TIMEOUT)
          --results DIR   where results go (default: a new directory under
                          $cache/runs/); DIR/summary has pass=N fail=N skip=N
          -v              show the guest console live (env MGM_VERBOSE=1)
shell   boot K with a root shell on the terminal (Ctrl-A x quits qemu).

Environment: MGM_CACHE (default ~/.cache/mgm), MGM_ACCEL (qemu -accel value,
default tcg,thread=single), MGM_QEMU_ARGS (extra qemu arguments),
MGM_APPEND (extra kernel command line).
EOF
}

msg() { echo "vm: $*" >&2; }
die() {
	msg "error: $*"
	exit 1
}
usage_error() {
	msg "$*"
	echo "usage: $prog kernel|run|shell --kernel debug|6.1|6.12 ...; see $prog --help" >&2
	exit 2
}

# --- kernels ------------------------------------------------------------------

# Sets k_name, k_image, k_release, k_kdir, k_modules (the debug kernel's
# module tree, empty for stock kernels), k_mem and k_timeout.
resolve_kernel() {
	k_name=$1
	k_modules=
	case $k_name in
	debug)
		k_kdir=$("$here/build-kernel.sh") || die "building the debug kernel failed"
		k_image=$k_kdir/bzImage
		k_release=$(cat "$k_kdir/include/config/kernel.release")
		k_modules=$k_kdir/modroot/lib/modules/$k_release
		# KASAN's shadow and kmemleak's metadata need room.
		k_mem=2G
		k_timeout=1800
		;;
	6.1 | 6.12)
		# Exactly one of each is installed (install-deps.sh); if there
		# are more, take the newest.
		local images
		images=$(find /boot -maxdepth 1 -name "vmlinuz-$k_name.*-amd64" \
			-printf '%f\n' | grep -Ev -- '-(cloud|rt)-amd64$' | sort -V || true)
		[ -n "$images" ] ||
			die "no Debian $k_name kernel in /boot; run scripts/install-deps.sh"
		k_release=$(tail -n1 <<<"$images")
		k_release=${k_release#vmlinuz-}
		k_image=/boot/vmlinuz-$k_release
		[ -d "/lib/modules/$k_release/kernel" ] ||
			die "/lib/modules/$k_release is missing; run scripts/install-deps.sh"
		k_kdir=/lib/modules/$k_release/build
		[ -f "$k_kdir/Makefile" ] ||
			die "no headers for $k_release ($k_kdir); run scripts/install-deps.sh"
		[ -r "$k_image" ] || die "$k_image is not readable"
		k_mem=1G
		k_timeout=900
		;;
	*)
		usage_error "unknown kernel '$k_name' (debug, 6.1 or 6.12)"
		;;
	esac
}

# --- initramfs ----------------------------------------------------------------

# Prints the path of the (cached) initramfs for the resolved kernel: busybox,
# init.sh as /init and, for stock kernels, the modules needed to mount the
# 9p root, decompressed, in dependency order.
initramfs() {
	local mods=() m line path key out stage

	if [ -z "$k_modules" ]; then
		# Stock kernel: ask the host's modprobe what these need on K
		# (dependencies first; "builtin" lines need nothing).
		local deps
		for m in virtio_pci 9pnet_virtio 9p virtio_rng; do
			deps=$(modprobe --show-depends -S "$k_release" "$m") ||
				die "modprobe cannot resolve $m for $k_release"
			while read -r line; do
				case $line in
				insmod\ *)
					path=${line#insmod }
					path=${path%% *}
					case " ${mods[*]} " in
					*" $path "*) ;;
					*) mods+=("$path") ;;
					esac
					;;
				esac
			done <<<"$deps"
		done
	fi

	key=$({
		echo "$k_name $k_release"
		sha256sum "$here/init.sh" "$(command -v busybox)"
		sed -n '/^initramfs() {/,/^}/p' "${BASH_SOURCE[0]}"
		for m in "${mods[@]}"; do stat -c '%n %s %Y' "$m"; done
	} | sha256sum | cut -c1-16)
	out=$cache/initramfs/$k_name-$key.cpio.gz
	if [ -f "$out" ]; then
		echo "$out"
		return
	fi

	mkdir -p "$cache/initramfs"
	stage=$(mktemp -d "$cache/initramfs/.stage.XXXXXX")
	mkdir -p "$stage"/{bin,dev,proc,sys,newroot,modules}
	cp "$(command -v busybox)" "$stage/bin/busybox"
	for m in $(busybox --list); do
		[ "$m" = busybox ] || ln -s busybox "$stage/bin/$m"
	done
	cp "$here/init.sh" "$stage/init"
	chmod 0755 "$stage/init" "$stage/bin/busybox"
	# The kernel's built-in initramfs already has /dev/console; make one
	# anyway when we can, for kernels built without it.
	mknod -m 0600 "$stage/dev/console" c 5 1 2>/dev/null || true
	for m in "${mods[@]}"; do
		local base
		base=$(basename "$m")
		# busybox insmod cannot decompress; the kernel may not either.
		case $base in
		*.ko.xz) xz -dc "$m" >"$stage/modules/${base%.xz}" ;;
		*.ko.zst) zstd -qdc "$m" >"$stage/modules/${base%.zst}" ;;
		*.ko.gz) gzip -dc "$m" >"$stage/modules/${base%.gz}" ;;
		*) cp "$m" "$stage/modules/$base" ;;
		esac
		echo "${base%.ko*}.ko" >>"$stage/modules/order"
	done
	(cd "$stage" && find . -print0 | sort -z |
		cpio --quiet -o -0 -H newc -R 0:0) | gzip -9n >"$stage.cpio.gz"
	mv "$stage.cpio.gz" "$out"
	rm -rf "$stage"
	# Older ones (another version of init.sh, another kernel) cost 2 s to
	# rebuild if ever needed again.
	find "$cache/initramfs" -maxdepth 1 -name "$k_name-*.cpio.gz" \
		! -name "${out##*/}" -mtime +7 -delete
	echo "$out"
}

# --- running the VM -----------------------------------------------------------

# Quote for bash, one assignment per line.
job_var() {
	printf '%s=%q\n' "$1" "$2"
}

# prepare_results DIR: create it, or empty it if it holds an earlier run's
# results (marked by .mgm-results); refuse to empty anything else.
prepare_results() {
	local dir=$1
	if [ -e "$dir" ]; then
		[ -d "$dir" ] || die "--results $dir is not a directory"
		if [ -n "$(ls -A "$dir")" ]; then
			[ -e "$dir/.mgm-results" ] ||
				die "--results $dir is not empty and holds no earlier results; not touching it"
			find "$dir" -mindepth 1 -delete
		fi
	fi
	mkdir -p "$dir/.job"
	touch "$dir/.mgm-results"
}

# write_job DIR MODE CMD...: the job the guest runner executes.
write_job() {
	local dir=$1 mode=$2 p
	shift 2
	{
		job_var MGM_JOB_MODE "$mode"
		job_var MGM_JOB_KERNEL "$k_name"
		job_var MGM_JOB_REPO "$top"
		job_var MGM_JOB_KO_DIR "$ko_dir"
		job_var MGM_JOB_MODULES "$k_modules"
		job_var MGM_JOB_VM_TIMEOUT "$timeout"
		job_var MGM_JOB_RESERVE "$reserve"
		job_var MGM_JOB_TERM "${TERM:-vt100}"
		if [ "$mode" = shell ] && [ -t 0 ]; then
			read -r rows cols < <(stty size 2>/dev/null || echo "24 80")
			job_var MGM_JOB_ROWS "$rows"
			job_var MGM_JOB_COLS "$cols"
		fi
		printf 'MGM_JOB_CMD=('
		[ $# -eq 0 ] || printf '%q ' "$@"
		printf ')\n'
	} >"$dir/.job/job.sh"
	echo "$here/guest-run.sh" >"$dir/.job/runner"
	if [ -n "$k_modules" ]; then
		echo "$k_modules" >"$dir/.job/modules"
	fi
	# Host paths the guest must see even though /root, /tmp, ... are tmpfs
	# there (the repository or the cache may live under them).
	for p in "$top" "$ko_dir" "$k_modules"; do
		[ -z "$p" ] || echo "$p"
	done >"$dir/.job/keep"
}

# qemu_args DIR INITRAMFS: sets the qemu_cmd array.
qemu_args() {
	local dir=$1 initrd=$2 append
	append="console=ttyS0 rdinit=/init panic=-1 panic_on_warn=1 oops=panic"
	append+=" softlockup_panic=1 sysctl.kernel.hung_task_panic=1"
	# Room for the whole log of a long run, and all of it on the console.
	append+=" log_buf_len=8M loglevel=7"
	# Speculation mitigations (page-table isolation above all) make every
	# syscall much slower under emulation and test nothing of ours.
	append+=" mitigations=off"
	[ -z "$k_modules" ] || append+=" kmemleak=on"
	append+=${MGM_APPEND:+ $MGM_APPEND}

	qemu_cmd=(qemu-system-x86_64
		-nodefaults -nographic -no-reboot
		-machine q35 -accel "${MGM_ACCEL:-tcg,thread=single}" -cpu max
		# Two sockets: as two cores of one socket, SeaBIOS' MP table would
		# list only the first CPU, and the debug kernel (no ACPI) relies
		# on that table.
		-smp "2,sockets=2,cores=1,threads=1" -m "$k_mem"
		-kernel "$k_image" -initrd "$initrd" -append "$append"
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
		-virtfs "local,path=$dir,mount_tag=results,security_model=none,multidevs=remap"
		-device virtio-rng-pci)
	if [ -n "${MGM_QEMU_ARGS:-}" ]; then
		local extra
		read -r -a extra <<<"$MGM_QEMU_ARGS"
		qemu_cmd+=("${extra[@]}")
	fi
}

# --- the report -----------------------------------------------------------------

warn_re='BUG:|WARNING:|Oops|KASAN|UBSAN|possible circular locking|possible recursive locking'
warn_re+='|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked'
# Lockdep reports start with BUG: or WARNING:; these are what follows them or
# what it says when it switches itself off.
warn_re+='|lockdep is turned off|turning off the locking correctness validator|DEBUG_LOCKS_WARN_ON'
warn_re+='|Kernel panic|general protection fault|refcount_t:|list_add corruption'
warn_re+='|list_del corruption|stack-protector|detected stalls?|soft lockup|hard LOCKUP'
warn_re+='|kernel BUG at|Unable to handle kernel|unregister_netdevice: waiting'
# Stock kernels taint themselves when loading our unsigned module: expected.
allow_re='module verification failed|loading out-of-tree module taints kernel'

# Kernel messages of the run: dmesg (all of them, whatever the console log
# level) and the console's kernel lines (those with a timestamp; the rest is
# job output), which also cover what came after dmesg was saved and what a
# crashed guest could not save.  A message in both appears once.
kernel_log() {
	local dir=$1
	{
		[ ! -f "$dir/dmesg" ] || cat "$dir/dmesg"
		tr -d '\r' <"$dir/console.log"
	} | awk '/^\[ *[0-9]+\.[0-9]+\]/ {
		# The console adds the caller ("[  T123]") that dmesg leaves out.
		k = $0; sub(/^\[ *[0-9]+\.[0-9]+\]\[ *[TC][0-9]+\]/, "", k)
		sub(/^\[ *[0-9]+\.[0-9]+\]/, "", k)
		k = substr($0, 1, index($0, "]")) k
		if (!(k in seen)) { seen[k] = 1; print }
	}'
}

report() {
	local dir=$1 qrc=$2 secs=$3
	local pass=0 fail=0 skip=0 kind line lines reason

	res() { # res pass|fail|skip DESCRIPTION [REASON]
		case $1 in
		pass) pass=$((pass + 1)); echo "ok $2" ;;
		fail) fail=$((fail + 1)); echo "not ok $2${3:+ # $3}" ;;
		skip) skip=$((skip + 1)); echo "ok $2 # SKIP $3" ;;
		esac
	}
	detail() { sed 's/^/    /'; }

	echo "== kernel $k_name ($k_release): $secs s, results in $dir"

	# The job's own results.
	local ktap_ok=1 ktap_reason=
	if [ -f "$dir/ktap" ]; then
		while IFS=$'\t' read -r kind line; do
			case $kind in
			R)
				reason=${line%%$'\t'*}
				line=${line#*$'\t'}
				echo "$line"
				case $reason in
				pass) pass=$((pass + 1)) ;;
				fail) fail=$((fail + 1)) ;;
				skip) skip=$((skip + 1)) ;;
				esac
				;;
			P)
				ktap_ok=0
				ktap_reason+="    ktap: $line"$'\n'
				;;
			esac
		done < <(awk -f "$here/ktap.awk" "$dir/ktap")
	else
		ktap_ok=0
		ktap_reason="    the job wrote no \$MGM_RESULTS/ktap"$'\n'
	fi

	# Harness pseudo-tests.
	local done=0
	[ -f "$dir/done" ] && done=1
	if [ $done = 1 ]; then
		res pass "vm: guest booted and ran the job"
	else
		if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
			res fail "vm: guest booted and ran the job" "GUEST HANG (timeout after $timeout s)"
		elif grep -q 'qemu-system' "$dir/qemu.log" 2>/dev/null && ! [ -s "$dir/console.log" ]; then
			res fail "vm: guest booted and ran the job" "qemu failed (status $qrc)"
			detail <"$dir/qemu.log"
		else
			res fail "vm: guest booted and ran the job" "GUEST CRASH (qemu exited with status $qrc, no results/done)"
		fi
		if [ -s "$dir/console.log" ]; then
			echo "    last lines of $dir/console.log:"
			tr -d '\r' <"$dir/console.log" | tail -n 40 | detail
		fi
		# e.g. "KVM internal error" with MGM_ACCEL=kvm where KVM is broken
		if [ -s "$dir/qemu.log" ] && [ "$qrc" != 1 ]; then
			echo "    qemu said:"
			head -n 20 "$dir/qemu.log" | detail
		fi
	fi

	lines=$(kernel_log "$dir" | grep -E "$warn_re" | grep -Ev "$allow_re" || true)
	if [ -z "$lines" ]; then
		res pass "vm: no kernel warnings"
	else
		res fail "vm: no kernel warnings" "$(wc -l <<<"$lines") line(s)"
		head -n 40 <<<"$lines" | detail
	fi

	if [ $done = 0 ]; then
		res skip "vm: no kmemleak reports" "guest did not finish"
	elif [ ! -f "$dir/kmemleak" ]; then
		res skip "vm: no kmemleak reports" "kernel has no kmemleak"
	elif [ ! -s "$dir/kmemleak" ]; then
		res pass "vm: no kmemleak reports"
	else
		res fail "vm: no kmemleak reports" \
			"$(grep -c '^unreferenced object' "$dir/kmemleak") leak(s), see $dir/kmemleak"
		head -n 40 "$dir/kmemleak" | detail
	fi

	if [ $done = 0 ]; then
		res skip "vm: job exit status 0" "guest did not finish"
	elif [ -f "$dir/job_timeout" ]; then
		res fail "vm: job exit status 0" "JOB TIMEOUT (killed after its $(cat "$dir/job_timeout") s limit)"
	elif [ "$(cat "$dir/exit_code" 2>/dev/null)" = 0 ]; then
		res pass "vm: job exit status 0"
	else
		res fail "vm: job exit status 0" "exit status $(cat "$dir/exit_code" 2>/dev/null || echo unknown)"
	fi

	if [ $ktap_ok = 1 ]; then
		res pass "vm: job wrote valid KTAP"
	elif [ $done = 0 ] && [ ! -f "$dir/ktap" ]; then
		res skip "vm: job wrote valid KTAP" "guest did not finish"
	else
		res fail "vm: job wrote valid KTAP"
		printf '%s' "$ktap_reason"
	fi

	echo "kernel $k_name: $pass passed, $fail failed, $skip skipped"
	echo "pass=$pass fail=$fail skip=$skip" >"$dir/summary"
	[ "$fail" = 0 ]
}

# --- commands -------------------------------------------------------------------

cmd=${1:-}
[ $# -eq 0 ] || shift
kernel='' ko_dir='' timeout=${MGM_TIMEOUT:-} results='' verbose=${MGM_VERBOSE:-0}
job=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:?--kernel needs a value}; shift 2 ;;
	--kernel=*) kernel=${1#*=}; shift ;;
	--ko-dir) ko_dir=${2:?--ko-dir needs a value}; shift 2 ;;
	--ko-dir=*) ko_dir=${1#*=}; shift ;;
	--timeout) timeout=${2:?--timeout needs a value}; shift 2 ;;
	--timeout=*) timeout=${1#*=}; shift ;;
	--results) results=${2:?--results needs a value}; shift 2 ;;
	--results=*) results=${1#*=}; shift ;;
	-v | --verbose) verbose=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; job=("$@"); break ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done

case $cmd in
kernel | run | shell) ;;
-h | --help | help) usage; exit 0 ;;
'') usage_error "no command given" ;;
*) usage_error "unknown command '$cmd'" ;;
esac
[ -n "$kernel" ] || usage_error "--kernel is required"

resolve_kernel "$kernel"
if [ "$cmd" = kernel ]; then
	echo "$k_kdir"
	exit 0
fi

[ "$cmd" = shell ] || [ ${#job[@]} -gt 0 ] || usage_error "run needs a command after --"
for t in qemu-system-x86_64 busybox cpio modprobe; do
	command -v "$t" >/dev/null || die "$t not found; run scripts/install-deps.sh"
done
if [ -n "$ko_dir" ]; then
	[ -d "$ko_dir" ] || die "--ko-dir $ko_dir is not a directory"
	ko_dir=$(cd "$ko_dir" && pwd -P)
	if [ -f "$ko_dir/mgm.ko" ]; then
		vermagic=$(modinfo -F vermagic "$ko_dir/mgm.ko" 2>/dev/null || true)
		[ "${vermagic%% *}" = "$k_release" ] ||
			msg "warning: $ko_dir/mgm.ko was built for ${vermagic%% *}, not $k_release"
	fi
fi
timeout=${timeout:-$k_timeout}
if ! [[ $timeout =~ ^[0-9]+$ ]] || [ "$timeout" -lt 30 ]; then
	die "--timeout must be a number of seconds, at least 30"
fi
# Time the guest keeps after the job for kmemleak's scans, dmesg and
# shutdown (the debug kernel's scans of 2G take a while under emulation).
if [ "$k_name" = debug ]; then reserve=120; else reserve=30; fi
if [ $((reserve * 3)) -gt "$timeout" ]; then reserve=$((timeout / 3)); fi

if [ -z "$results" ]; then
	mkdir -p "$cache/runs"
	# Old runs are only logs; keep two weeks of them.
	find "$cache/runs" -mindepth 1 -maxdepth 1 -mtime +14 -exec rm -rf {} + 2>/dev/null || true
	results=$(mktemp -d "$cache/runs/$(date +%Y%m%d-%H%M%S)-$k_name-XXXX")
	ln -sfn "$(basename "$results")" "$cache/runs/latest-$k_name"
fi
prepare_results "$results"
results=$(cd "$results" && pwd -P)

initrd=$(initramfs)
write_job "$results" "$cmd" "${job[@]}"
qemu_args "$results" "$initrd"
console=$results/console.log
if [ "$cmd" = shell ]; then
	# mon:stdio multiplexes the serial console and qemu's monitor on the
	# terminal; Ctrl-C goes to the guest.
	qemu_cmd+=(-serial mon:stdio)
else
	qemu_cmd+=(-monitor none -serial "file:$console")
fi
# To rerun by hand (the job in $results/.job is used again).
printf '%q ' "${qemu_cmd[@]}" >"$results/qemu.cmd"
echo >>"$results/qemu.cmd"

if [ "$cmd" = shell ]; then
	msg "booting $k_name ($k_release); Ctrl-A x quits qemu, 'exit' powers off"
	exec "${qemu_cmd[@]}"
fi

: >"$console"
msg "booting $k_name ($k_release, ${MGM_ACCEL:-tcg,thread=single}, time limit $timeout s)"
msg "console: $console"
start=$SECONDS
# The console follower below ends when qemu does.
timeout -k 10 "$timeout" "${qemu_cmd[@]}" </dev/null >"$results/qemu.log" 2>&1 &
qpid=$!
# If we are interrupted, take qemu down with us (timeout runs it in a
# process group of its own, out of reach of the terminal's Ctrl-C).
trap 'kill $qpid 2>/dev/null; exit 130' INT TERM
trap 'kill $qpid 2>/dev/null || true' EXIT
# Every stage unbuffered, so that the lines show up as the guest prints
# them even when our output is a pipe (CI logs).
if [ "$verbose" = 1 ]; then
	tail -n +1 -F --pid=$qpid "$console" 2>/dev/null | sed -u 's/\r$//' &
else
	# Progress: only the runner's own lines.
	tail -n +1 -F --pid=$qpid "$console" 2>/dev/null |
		sed -un 's/\r$//; s/^\(mgm-\(vm\|init\): \)/  \1/p' >&2 &
fi
follower=$!
qrc=0
wait $qpid || qrc=$?
wait $follower 2>/dev/null || true
secs=$((SECONDS - start))
msg "qemu exited with status $qrc after $secs s"

rc=0
report "$results" "$qrc" "$secs" | tee "$results/report" || rc=$?
exit $rc
