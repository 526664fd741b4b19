#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mgmctl's argument handling, on the host (no mgm module there): usage
# errors exit 2 with a message and never reach the kernel; a missing
# module is a clear error with exit status 1.

source "$(dirname "$0")/lib.sh"

ktap_header
[ -x "$MGMCTL" ] || { echo "Bail out! $MGMCTL not built"; exit 1; }

# expect STATUS PATTERN DESCRIPTION ARGS...: exit status and stderr text.
expect()
{
	local status=$1 pattern=$2 desc=$3 err rc
	shift 3
	err=$("$MGMCTL" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -eq "$status" ] && grep -q -- "$pattern" <<<"$err"; then
		ktap_pass "mgmctl $desc"
	else
		ktap_fail "mgmctl $desc"
		diag "mgmctl $*: status $rc, stderr: $err"
	fi
}

expect 2 'unknown object "frobnicate"' "rejects an unknown object" frobnicate
expect 2 'protocol: unknown command "frob"' "rejects an unknown command" protocol frob
expect 2 'unexpected argument "extra"' "rejects extra arguments" protocol show extra
expect 2 'Usage: mgmctl' "rejects an unknown option" -x protocol show
expect 2 'Usage: mgmctl' "without an object prints usage"
ktap_check "mgmctl help exits 0 and prints usage" \
	bash -c "'$MGMCTL' help | grep -q 'Usage: mgmctl'"
ktap_check "mgmctl -V prints the version" \
	bash -c "'$MGMCTL' -V | grep -q '^mgmctl '"
if [ -d /sys/module/mgm ]; then
	ktap_skip "mgmctl without the module" "mgm is loaded here"
else
	expect 1 'is the mgm module loaded?' "without the module explains and exits 1" \
		protocol show
fi

ktap_finish
