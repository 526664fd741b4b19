#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel style and static checks on kernel/:
#   scripts/style.sh checkpatch   checkpatch.pl --strict from linux-source-6.12
#   scripts/style.sh sparse       sparse (C=2) against the 6.12 headers
#   scripts/style.sh w1           W=1 builds against the 6.1 and 6.12 headers
#   scripts/style.sh shellcheck   shellcheck on every shell script
# Each exits non-zero and prints the findings when there are any.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/style
mkdir -p "$out"

kdir_for()	# kdir_for 6.1|6.12: Debian's headers for that series
{
	local d
	for d in /lib/modules/"$1"*-amd64/build; do
		[ -e "$d/Makefile" ] && { echo "$d"; return; }
	done
	echo "style: no $1 headers (run scripts/install-deps.sh)" >&2
	return 1
}

# Kernel builds print "warning:" for compiler, sparse and modpost findings.
build_clean()	# build_clean NAME KDIR ARGS...
{
	local name=$1 kdir=$2 log
	shift 2
	log=$out/$name.log
	if ! "$top/scripts/build-module.sh" "$kdir" "$out/$name" "$@" >"$log" 2>&1; then
		cat "$log"
		return 1
	fi
	if grep -E "warning:|error:" "$log"; then
		return 1
	fi
}

case ${1:-} in
checkpatch)
	ksrc=$("$top/scripts/kernel-source.sh")
	# Generated files follow the generator's layout, not ours to restyle.
	cd "$top"
	files=
	for f in kernel/*.[ch] kernel/tests/*.c; do
		case $f in
		*netlink-gen.*|*.mod.c|kernel/compat.h) ;;
		*) files="$files $f" ;;
		esac
	done
	# shellcheck disable=SC2086
	"$ksrc/scripts/checkpatch.pl" --no-tree --strict --quiet \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files
	# The compat header is the one place where version tests belong.
	"$ksrc/scripts/checkpatch.pl" --no-tree --strict --quiet \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,LINUX_VERSION_CODE \
		-f kernel/compat.h
	;;
shellcheck)
	cd "$top"
	for f in scripts/*.sh selftests/*.sh selftests/qemu/*.sh bench/*.sh .ci/run; do
		shellcheck -x -P "$(dirname "$f")" "$f" || rc=1
	done
	exit "${rc:-0}"
	;;
sparse)
	build_clean sparse-6.12 "$(kdir_for 6.12)" C=2
	;;
w1)
	build_clean w1-6.1 "$(kdir_for 6.1)" W=1
	build_clean w1-6.12 "$(kdir_for 6.12)" W=1
	;;
*)
	echo "usage: $0 checkpatch|sparse|w1" >&2
	exit 2
	;;
esac
