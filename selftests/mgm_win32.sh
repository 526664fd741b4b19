#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The acceptance scenarios of spec §8 through the Win32-compatible API of
# libmgm (<mgm/win32.h>; build/selftests/mgm_win32, from
# selftests/mgm_win32.c), run in a fresh network namespace that holds the
# common fixture's interfaces and routes (§8.0): if1..if5, S1 = 10.1.1.10
# via 10.1.1.1 on if1, S2 = 10.2.2.20 via 10.2.2.1 on if2.  The program
# prints the KTAP; this script only builds its world.
#
# Usage: selftests/mgm_win32.sh [SCENARIO]   (e.g. S66: run one only)
#        selftests/mgm_win32.sh --unit       (host-only unit tests)

source "$(dirname "$0")/lib.sh"

prog=$BUILD/selftests/mgm_win32
require_built "$prog"
if [ "${1:-}" = "--unit" ]; then
	exec "$prog" --unit
fi
require_root_and_module

if ! fixture_ns win32; then
	ktap_header
	echo "Bail out! could not set up the fixture's namespace"
	exit $KSFT_FAIL
fi
ip netns exec "$FIXTURE_NS" "$prog" "$@"
