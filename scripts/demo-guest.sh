#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the demo VM (scripts/demo.sh): loads mgm.ko, starts two
# routing protocol processes that register with the MGM, and shows what an
# operator sees with mgmctl.  Output goes to the console and to
# $MGM_RESULTS/demo.txt; KTAP results of the demo's own checks go to
# $MGM_RESULTS/ktap.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
results=${MGM_RESULTS:-/tmp}
export PATH=$top/build:$PATH
bin=$(mktemp -d)
checks=()

exec > >(tee "$results/demo.txt") 2>&1

show()
{
	echo
	echo "\$ $*"
	"$@"
}

check()		# check DESCRIPTION CMD...
{
	local d=$1
	shift
	if "$@"; then checks+=("ok $d"); else checks+=("not ok $d"); fi
}

insmod "$MGM_KO_DIR/mgm.ko"
echo "mgm.ko loaded on $(uname -r)"

# Two protocol daemons, named as an operator would see them.
ln -s "$top/build/selftests/mgm_proto" "$bin/igmpd"
ln -s "$top/build/selftests/mgm_proto" "$bin/pimd"
"$bin/igmpd" 10 1 >"$bin/igmpd.log" &
igmp=$!
"$bin/pimd" 0x100 1 >"$bin/pimd.log" &
pim=$!
for _ in $(seq 100); do
	grep -q registered "$bin/igmpd.log" && grep -q registered "$bin/pimd.log" && break
	sleep 0.1
done
echo "started igmpd (pid $igmp) and pimd (pid $pim)"

show mgmctl protocol show
show mgmctl -j -p protocol show
check "two protocols registered" test "$(mgmctl -j protocol show | jq length)" = 2

echo
echo "killing pimd with SIGKILL: its registration goes with its socket"
kill -KILL $pim
wait $pim 2>/dev/null || true
sleep 0.2
show mgmctl protocol show
check "pimd gone after SIGKILL" test "$(mgmctl -j protocol show | jq -r '.[].comm')" = igmpd

kill -TERM $igmp
wait $igmp || true
show mgmctl -j protocol show
rmmod mgm
echo "mgm.ko unloaded"

{
	echo "KTAP version 1"
	echo "1..${#checks[@]}"
	i=0
	for c in "${checks[@]}"; do
		i=$((i + 1))
		echo "${c/ok /ok $i demo: }"
	done
} >"$results/ktap"
