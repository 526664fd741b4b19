#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the test VM: run by the initramfs' /init (PID 1) in the
# host's root filesystem, as its only child.  Reads the job that vm.sh wrote
# into the results share, runs it, collects the kernel's verdict and writes
# results/done last: the host takes a missing done as a guest crash or hang.
#
# Results share (the guest's only writable path to the host), in the guest at
# /run/mgm/results:
#   .job/job.sh   input: MGM_JOB_* variables (bash, sourced)
#   output.log    the job's stdout and stderr (also on the console)
#   exit_code     the job's exit status
#   job_timeout   present when the job was killed by the runner's timeout
#   kmemleak      kmemleak's report after two scans (debug kernel only):
#                 blocks allocated while the job ran
#   kmemleak-before-job  the blocks allocated before (boot; not counted)
#   dmesg         the kernel log after the job
#   ktap          written by the job itself (KTAP v1, see README)
#   done          written last

results=/run/mgm/results
# shellcheck source=/dev/null
. "$results/.job/job.sh"

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
export LANG=C.UTF-8
export TERM=${MGM_JOB_TERM:-vt100}

log() { echo "mgm-vm: $*"; }

# Under emulation with KASAN every exec of a dynamic binary over 9p costs
# about a second: this script uses builtins wherever it can.
read -r release </proc/sys/kernel/osrelease

export MGM_RESULTS=$results
export MGM_KO_DIR=${MGM_JOB_KO_DIR:-}
export MGM_KERNEL=$MGM_JOB_KERNEL

cd "$MGM_JOB_REPO" || { log "cannot cd to $MGM_JOB_REPO"; exit 1; }

if [ "$MGM_JOB_MODE" = shell ]; then
	# The console has no job control; a session on ttyS0 does.
	if [ -n "${MGM_JOB_ROWS:-}" ]; then
		stty -F /dev/ttyS0 rows "$MGM_JOB_ROWS" cols "${MGM_JOB_COLS:-80}" 2>/dev/null
	fi
	cat <<-EOF
	mgm-vm: kernel $release ($MGM_KERNEL), repository $MGM_JOB_REPO (read-only)
	mgm-vm: MGM_KO_DIR=$MGM_KO_DIR MGM_RESULTS=$MGM_RESULTS (written to the host)
	mgm-vm: 'exit' or Ctrl-D powers the VM off; Ctrl-A x kills qemu.
	EOF
	setsid -c /bin/bash -l </dev/ttyS0 >/dev/ttyS0 2>&1
	exit 0
fi

kmemleak=/sys/kernel/debug/kmemleak
if [ -e "$kmemleak" ]; then
	# Forget the suspects reported so far.  Nothing has scanned yet (the
	# kernel does not scan on its own), so leaks from boot are told apart by
	# their allocation time below instead: a scan of 2G costs half a minute
	# under emulation.
	echo clear >"$kmemleak"
	while read -r a b _; do
		if [ "$a" = jiffies: ]; then
			job_jiffies=$b
			break
		fi
	done </proc/timer_list
fi

# The host kills qemu after MGM_JOB_VM_TIMEOUT seconds, counted from before
# boot.  Stop the job early enough to collect kmemleak and dmesg, so that a
# job that merely takes too long is reported with everything we know.
read -r uptime _ </proc/uptime
uptime=${uptime%.*}
budget=$((MGM_JOB_VM_TIMEOUT - uptime - MGM_JOB_RESERVE))
if [ "$budget" -lt 10 ]; then
	budget=10
fi
echo "$uptime" >"$results/boot_seconds"

log "job starting after ${uptime} s of uptime (kernel $release, time limit ${budget} s)"
log "command: ${MGM_JOB_CMD[*]}"
start=$EPOCHSECONDS
# The job's output goes to the console (live with vm.sh -v, and in
# console.log) and to output.log.  Its own stdin is /dev/null: a job must not
# wait for input that never comes.
timeout -k 10 "$budget" "${MGM_JOB_CMD[@]}" </dev/null 2>&1 |
	tee "$results/output.log"
rc=${PIPESTATUS[0]}
elapsed=$((EPOCHSECONDS - start))
echo "$rc" >"$results/exit_code"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && [ "$elapsed" -ge "$budget" ]; then
	echo "$budget" >"$results/job_timeout"
	log "job killed after its ${budget} s time limit"
fi
log "job exited with status $rc after ${elapsed} s"

if [ -e "$kmemleak" ]; then
	# A block is reported once it is unchanged across two scans (the first
	# records its checksum) and older than 5 s.  A scan takes 15 s here,
	# so the wait between them is usually over before it starts.
	log "scanning for memory leaks ..."
	scan_start=$SECONDS
	echo scan >"$kmemleak"
	wait_s=$((6 - (SECONDS - scan_start)))
	if [ "$wait_s" -gt 0 ]; then
		sleep "$wait_s"
	fi
	echo scan >"$kmemleak"
	# Split what was allocated before the job started (at boot: not ours)
	# from the rest, by the allocation time kmemleak prints.
	awk -v start="${job_jiffies:-0}" -v before="$results/kmemleak-before-job" \
		-v during="$results/kmemleak" '
		BEGIN { printf "" >before; printf "" >during; out = during }
		/^unreferenced object/ { obj = $0; next }
		obj != "" {
			# "  comm "x", pid N, jiffies J": the line after the header
			j = $0; sub(/.*jiffies /, "", j); sub(/[^0-9].*/, "", j)
			out = (j != "" && j + 0 < start + 0) ? before : during
			print obj >out
			obj = ""
		}
		{ print >out }' "$kmemleak"
	if [ -s "$results/kmemleak" ]; then
		log "kmemleak reports leaks:"
		head -n 40 "$results/kmemleak"
	fi
	if [ -s "$results/kmemleak-before-job" ]; then
		log "kmemleak also reports $(grep -c '^unreferenced' "$results/kmemleak-before-job") leak(s) from before the job (not counted)"
	fi
fi

dmesg >"$results/dmesg"
lsmod >"$results/lsmod" 2>/dev/null
sync
echo "$EPOCHSECONDS $release" >"$results/done"
log "done"
