#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check ktap.awk against the sample documents in ktap-samples/, with every
# awk found (mawk is Debian's default, gawk and busybox awk may be there).
#
# Usage: selftests/qemu/test-ktap.sh

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
samples=$here/ktap-samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Made here rather than kept in git: an empty file, and CRLF line endings
# that a checkout might rewrite.
: >"$tmp/empty.ktap"
printf 'KTAP version 1\r\n1..1\r\nok 1 crlf line endings\r\n' >"$tmp/crlf.ktap"

# file  expected summary  expected number of problems
expect=(
	"$samples/good.ktap              pass=2 fail=2 skip=1 0"
	"$samples/kselftest.tap          pass=1 fail=0 skip=1 0"
	"$samples/plan-at-end.ktap       pass=2 fail=0 skip=0 0"
	"$tmp/crlf.ktap                  pass=1 fail=0 skip=0 0"
	"$samples/malformed-noversion.ktap pass=1 fail=1 skip=0 2"
	"$samples/malformed-numbers.ktap pass=2 fail=2 skip=0 4"
	"$samples/malformed-bailout.ktap pass=1 fail=0 skip=0 2"
	"$samples/malformed-twodocs.ktap pass=2 fail=0 skip=0 4"
	"$tmp/empty.ktap                 pass=0 fail=0 skip=0 1"
)

awks=()
for a in mawk gawk original-awk "busybox awk"; do
	if command -v "${a%% *}" >/dev/null; then
		awks+=("$a")
	fi
done

echo "KTAP version 1"
echo "1..$((${#awks[@]} * ${#expect[@]}))"
failed=0
n=0
for a in "${awks[@]}"; do
	for e in "${expect[@]}"; do
		read -r file p f s nprob <<<"$e"
		n=$((n + 1))
		out=$($a -f "$here/ktap.awk" "$file")
		got_sum=$(grep '^S' <<<"$out" | cut -f2)
		got_prob=$(grep -c '^P' <<<"$out" || true)
		if [ "$got_sum" = "$p $f $s" ] && [ "$got_prob" = "$nprob" ]; then
			echo "ok $n $a: $(basename "$file")"
		else
			echo "not ok $n $a: $(basename "$file"): got '$got_sum' with $got_prob problem(s), want '$p $f $s' with $nprob"
			awk '{ print "    " $0 }' <<<"$out"
			failed=1
		fi
	done
done
exit $failed
