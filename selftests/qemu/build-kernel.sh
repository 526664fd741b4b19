#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) the debug test kernel from Debian's linux-source-6.12 and
# print the path of its build tree on stdout.  Progress goes to stderr.
#
# Usage: selftests/qemu/build-kernel.sh [--print-key]
#   --print-key  only print the cache key (e.g. for a CI cache), build nothing
#
# The kernel is allnoconfig + kernel.config + debug.config, built out of
# place and cached in ${MGM_CACHE:-$HOME/.cache/mgm}/kernels/<key>/, where
# <key> hashes everything that changes the result: the source package
# version, the compiler, the options in both fragments and this script.  The directory
# holds the full O= tree (modules are built with `make -C <dir> M=...`),
# bzImage, modroot/lib/modules/<release>/ (what `make modules_install`
# produces, for modprobe in the guest) and build.log.
#
# A build happens in a temporary directory that is renamed when complete,
# so an interrupted build is never used, and under a lock, so two runs do not
# build at once (the second waits and then uses the first one's result).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${MGM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mgm}
src_pkg=linux-source-6.12
fragments=("$here/kernel.config" "$here/debug.config")

msg() { echo "build-kernel: $*" >&2; }
die() { msg "error: $*"; exit 1; }

src_version=$(dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null) ||
	die "$src_pkg is not installed; run scripts/install-deps.sh"
# Comments and blank lines in the fragments do not change the kernel, so
# editing them does not cost a rebuild ("# CONFIG_X is not set" does count).
key=$({
	echo "$src_pkg $src_version"
	gcc --version | head -n1
	grep -hEv '^[[:space:]]*(#|$)' "${fragments[@]}" || true
	grep -hE '^# CONFIG_[A-Za-z0-9_]+ is not set' "${fragments[@]}" || true
	cat "${BASH_SOURCE[0]}"
} | sha256sum | cut -c1-16)

if [ "${1:-}" = "--print-key" ]; then
	echo "$key"
	exit 0
fi

kdir=$cache/kernels/$key

# Unpacked (once, shared with the YNL generator and checkpatch) by
# scripts/kernel-source.sh; cheap when the tree is already there.  The O=
# tree's Makefile includes the sources' by absolute path, so a cached kernel
# is only usable while they exist, which this guarantees.
srcdir=$("$top/scripts/kernel-source.sh")

usable() {
	[ -f "$kdir/bzImage" ] && [ -f "$kdir/Module.symvers" ]
}

# Marks the kernel as in use, for the pruning of old ones below.
use() {
	touch "$kdir/.last-used"
	echo "$kdir"
	exit 0
}

if usable; then
	use
fi

mkdir -p "$cache/kernels"
exec 9>"$cache/kernels/.lock"
if ! flock -n 9; then
	msg "another run is building the kernel; waiting for it ..."
	flock 9
fi
# Whoever held the lock may have just finished the same build.
if usable; then
	use
fi

# Anything left over from an interrupted build is garbage: we hold the lock.
find "$cache/kernels" -mindepth 1 -maxdepth 1 -name '.build-*' -exec rm -rf {} +
tmp=$(mktemp -d "$cache/kernels/.build-$key.XXXXXX")
chmod 0755 "$tmp"
log=$tmp/build.log
jobs=$(nproc)

msg "building the debug test kernel (first run only, about 12-15 minutes on $jobs cores) ..."
msg "  sources: $srcdir ($src_version)"
msg "  log:     $log (then $kdir/build.log)"
start=$SECONDS

fail() {
	msg "error: $1; last lines of $log:"
	tail -n 40 "$log" >&2
	# Keep the failed tree's log where the user will look for it.
	mkdir -p "$cache/kernels/failed"
	cp "$log" "$cache/kernels/failed/build-$key.log"
	msg "full log: $cache/kernels/failed/build-$key.log"
	rm -rf "$tmp"
	exit 1
}

mk() { make -C "$srcdir" O="$tmp" ARCH=x86_64 "$@" >>"$log" 2>&1; }

# merge_config.sh -n: allnoconfig, with the fragments as KCONFIG_ALLCONFIG,
# so every symbol not asked for stays off.  It only prints a warning for
# requested values that Kconfig dropped (unmet dependencies, typos), so check
# the result ourselves and refuse to build a kernel that lacks an option.
(cd "$srcdir" && ARCH=x86_64 scripts/kconfig/merge_config.sh -n -O "$tmp" \
	"${fragments[@]}") >>"$log" 2>&1 || fail "merge_config.sh failed"

missing=$(awk '
	FNR == NR {
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
			split($0, kv, "="); have[kv[1]] = substr($0, length(kv[1]) + 2)
		}
		next
	}
	/^CONFIG_[A-Za-z0-9_]+=/ {
		split($0, kv, "="); want = substr($0, length(kv[1]) + 2)
		if (!(kv[1] in have) || have[kv[1]] != want)
			printf "  %s (wanted %s, got %s) in %s\n", kv[1], want,
				(kv[1] in have) ? have[kv[1]] : "unset", FILENAME
	}
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ {
		if (($3 in have) && have[$3] != "n")
			printf "  %s (wanted unset, got %s) in %s\n", $3, have[$3], FILENAME
	}' "$tmp/.config" "${fragments[@]}")
if [ -n "$missing" ]; then
	echo "options requested but not in the final .config:" >>"$log"
	echo "$missing" >>"$log"
	msg "error: these options did not end up in the kernel's .config"
	msg "(a dependency is missing from the fragment, or a name is misspelt):"
	echo "$missing" >&2
	fail "configuration incomplete"
fi

# A quarter of an hour without a word looks like a hang: say where we are
# once a minute.
mk -j"$jobs" bzImage modules &
make_pid=$!
last=$SECONDS
while kill -0 "$make_pid" 2>/dev/null; do
	sleep 5
	if [ $((SECONDS - last)) -ge 60 ] && kill -0 "$make_pid" 2>/dev/null; then
		last=$SECONDS
		msg "  $(((SECONDS - start) / 60)) min: $(tail -n1 "$log" | sed 's/^ *//')"
	fi
done
wait "$make_pid" || fail "kernel build failed"
# depmod'ed module tree: the guest sees it as /lib/modules/<release>, so
# `modprobe pktgen` works there as it does on the stock kernels.
mk INSTALL_MOD_PATH="$tmp/modroot" INSTALL_MOD_STRIP=1 modules_install ||
	fail "modules_install failed"
cp "$tmp/arch/x86/boot/bzImage" "$tmp/bzImage"
{
	echo "key=$key"
	echo "source=$src_pkg $src_version"
	echo "release=$(cat "$tmp/include/config/kernel.release")"
	echo "build_seconds=$((SECONDS - start))"
} >"$tmp/mgm-kernel-info"

rm -rf "$kdir"
mv "$tmp" "$kdir"
msg "built $(cat "$kdir/include/config/kernel.release") in $((SECONDS - start)) s: $kdir"
# Kernels of other configurations (about 500 MB each) go once nobody has
# used them for a week.
find "$cache/kernels" -mindepth 2 -maxdepth 2 -name .last-used -mtime +7 -printf '%h\0' |
	xargs -0r rm -rf
use
