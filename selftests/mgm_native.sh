#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libmgm's native API as a protocol daemon uses it (build/selftests/mgm_native,
# from selftests/mgm_native.c): event dispatch, request replies, re-entrant
# calls from callbacks, overflow and resync, error texts, the monitor,
# mgm_close() and sessions in threads.  It runs in a namespace of its own
# with dummy interfaces if1..if5: 10.1.1.1/24 on if1 (the RPF interface of
# 10.1.1.10) and 10.4.4.1/24 on if4.  The program prints the KTAP.

source "$(dirname "$0")/lib.sh"

prog=$BUILD/selftests/mgm_native
require_built "$prog"
require_root_and_module

dummy_ns native
if ! ip -n "$ns" link add if4 type dummy || ! ip -n "$ns" link set if4 up ||
   ! ip -n "$ns" link add if5 type dummy || ! ip -n "$ns" link set if5 up ||
   ! ip -n "$ns" addr add 10.1.1.1/24 dev if1 ||
   ! ip -n "$ns" addr add 10.4.4.1/24 dev if4; then
	ktap_header
	echo "Bail out! could not set up the namespace"
	exit $KSFT_FAIL
fi
ip netns exec "$ns" "$prog" "$@"
