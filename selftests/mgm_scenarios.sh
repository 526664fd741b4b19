#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The acceptance scenarios of spec §8 through libmgm
# (build/selftests/mgm_scenarios, from selftests/mgm_scenarios.c), run in a
# fresh network namespace that holds the common fixture's interfaces and
# routes (§8.0): if1..if5, S1 = 10.1.1.10 via 10.1.1.1 on if1, S2 =
# 10.2.2.20 via 10.2.2.1 on if2.  if1..if5 are veth pairs whose peers
# p1..p5 are in a second namespace, named to the program in MGM_WIRE_NS:
# it sends real packets out of the peers and captures the copies there.
# The program prints the KTAP; this script only builds its world.
#
# Usage: selftests/mgm_scenarios.sh [SCENARIO]   (e.g. S43: run one only)

source "$(dirname "$0")/lib.sh"

prog=$BUILD/selftests/mgm_scenarios
require_built "$prog"
require_root_and_module

if ! fixture_ns scen wire; then
	ktap_header
	echo "Bail out! could not set up the fixture's namespaces"
	exit $KSFT_FAIL
fi
MGM_WIRE_NS=$FIXTURE_WIRE_NS ip netns exec "$FIXTURE_NS" "$prog" "$@"
