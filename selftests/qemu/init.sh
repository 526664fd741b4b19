#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM's initramfs (PID 1, busybox ash).
#
# The initramfs holds only busybox (and its applet links), this script and, for stock kernels, the
# virtio/9p modules needed to reach the root.  The root is the host's own
# filesystem, shared read-only over virtio-9p, so the guest runs the host's
# bash, iproute2, kmod and the repository's freshly built tools without
# copying anything.  This script:
#   1. loads the modules listed in /modules/order (stock kernels only);
#   2. mounts the host root at /newroot, tmpfs over the directories that must
#      be writable, the kernel filesystems, and the results share (the only
#      writable path to the host) at /run/mgm/results;
#   3. keeps the host paths listed in results/.job/keep (repository, module
#      directory, ...) visible even where a tmpfs now covers them;
#   4. makes /newroot the root (mount --move + chroot, like switch_root, so
#      that the job is not "chrooted": unshare -U refuses chrooted callers)
#      and runs the guest runner there as its child;
#   5. reboots when the runner is done; qemu runs with -no-reboot and exits.
# Anything fatal reboots at once without results/done, which the host
# reports as a guest crash, with this script's message in the console log.

PATH=/bin
export PATH

log() { echo "mgm-init: $*"; }
die() {
	log "FATAL: $*"
	reboot -f
	sleep 5
	exit 1
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

if [ -f /modules/order ]; then
	while read -r m; do
		insmod "/modules/$m" || die "insmod $m failed"
	done </modules/order
fi

# virtio devices are probed when their driver registers, so the 9p channels
# should be there by now; allow a moment in case probing is asynchronous.
p9opts=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /newroot
n=0
until mount -t 9p -o "ro,$p9opts,cache=loose" hostroot /newroot 2>/dev/null; do
	n=$((n + 1))
	[ $n -lt 50 ] || die "cannot mount the host root (9p tag hostroot)"
	sleep 0.1
done

R=/newroot
mount -t tmpfs -o mode=0755 run $R/run
mkdir -p $R/run/mgm/results
mount -t 9p -o "$p9opts" results $R/run/mgm/results ||
	die "cannot mount the results share (9p tag results)"
job=$R/run/mgm/results/.job
[ -r $job/runner ] || die "no job in the results share"

# Bind the paths to keep before tmpfs covers them, move them back after.
i=0
if [ -f $job/keep ]; then
	while read -r p; do
		[ -n "$p" ] || continue
		i=$((i + 1))
		mkdir -p /keep/$i
		mount -o bind "$R$p" /keep/$i || die "cannot keep $p visible"
		echo "$p" >/keep/$i.path
	done <$job/keep
fi

for d in tmp var/tmp; do
	mount -t tmpfs -o mode=1777 tmp "$R/$d" || die "tmpfs on /$d"
done
mount -t tmpfs -o mode=0700 root $R/root || die "tmpfs on /root"
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 shm $R/dev/shm
ln -sf /proc/self/fd $R/dev/fd
ln -sf /proc/self/fd/0 $R/dev/stdin
ln -sf /proc/self/fd/1 $R/dev/stdout
ln -sf /proc/self/fd/2 $R/dev/stderr
if [ -d $R/sys/kernel/debug ]; then
	mount -t debugfs debugfs $R/sys/kernel/debug
fi
if [ -d $R/sys/fs/cgroup ]; then
	mount -t cgroup2 cgroup2 $R/sys/fs/cgroup 2>/dev/null
fi

while [ $i -gt 0 ]; do
	p=$(cat /keep/$i.path)
	mkdir -p "$R$p" 2>/dev/null
	mount -o move /keep/$i "$R$p" || die "cannot move $p back into the root"
	i=$((i - 1))
done

# The debug kernel's own modules (pktgen, ...) are not in the host's
# /lib/modules: put its depmod'ed tree there so that modprobe finds them.
if [ -s $job/modules ]; then
	m=$(cat $job/modules)
	rel=$(cat /proc/sys/kernel/osrelease)
	lm=$R/lib/modules
	if [ -L $R/lib ]; then
		t=$(readlink $R/lib)
		case $t in
		/*) lm=$R$t/modules ;;
		*) lm=$R/$t/modules ;;
		esac
	fi
	if ! { mount -t tmpfs -o mode=0755 modules "$lm" &&
		mkdir -p "$lm/$rel" &&
		mount -o bind "$R$m" "$lm/$rel"; }; then
		log "warning: cannot provide /lib/modules/$rel"
	fi
fi

hostname mgm-vm
ip link set lo up
read -r up _ </proc/uptime
log "root ready after $up s of uptime"

cd $R || die "cd $R"
mount -o move . / || die "cannot move the root"
runner=$(cat ./run/mgm/results/.job/runner)
# Foreground child of PID 1; the runner gets the console as stdin.
chroot . /bin/bash "$runner"
log "runner exited with status $?"
sync
reboot -f
sleep 5
