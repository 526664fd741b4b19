#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Protocol registration through real processes, libmgm and mgmctl:
# registrations live and die with their processes (SIGKILL included),
# duplicates and a second IGMP are refused, privileges are enforced per
# network namespace, handles do not work from another process, and network
# namespaces do not see each other (scenarios S1-S3, S6, S80 and S85 of
# spec §8; proposals P31 and P37).
#
#   init netns: mgm_proto A (0x100,1), mgm_proto B (0x200,1)
#   netns X:    mgm_proto C (0x300,1)      (must not be seen from init)
#   userns U:   unprivileged callers        (must be refused changes)

source "$(dirname "$0")/lib.sh"

ktap_header
require_root_and_module

use_tmp

count()		# count [prefix...]: number of protocols in the JSON listing
{
	protocols_json "$@" | jq length
}

# shellcheck disable=SC2317  # called through check_cmd
count_is()	# count_is N [prefix...]
{
	local n=$1
	shift
	test "$(count "$@")" = "$n"
}

# --- S1 / two processes register and both are listed ----------------------
start_proto "$tmp/a" 0x100 1
pid_a=$proto_pid
start_proto "$tmp/b" 0x200 1
pid_b=$proto_pid
ha=$(proto_handle "$tmp/a")
hb=$(proto_handle "$tmp/b")

json=$(protocols_json)
ktap_check "S1: two processes registered, mgmctl lists exactly 2" \
	test "$(jq length <<<"$json")" = 2
ktap_check "S1: the listing has A's handle, ids, pid and comm" \
	test "$(jq -c ".[] | select(.handle == $ha) | [.proto, .component, .pid, .comm]" <<<"$json")" \
	= "[256,1,$pid_a,\"mgm_proto\"]"
ktap_check "S1: the listing has B's handle, ids and pid" \
	test "$(jq -c ".[] | select(.handle == $hb) | [.proto, .component, .pid]" <<<"$json")" \
	= "[512,1,$pid_b]"
ktap_check "S1: handles are distinct and ascending" test "$ha" -lt "$hb"

text=$("$MGMCTL" protocol show)
ktap_check "mgmctl text output: one line per protocol" \
	test "$(grep -c "^handle [0-9]* proto [0-9]* component 1 pid [0-9]* comm mgm_proto portid [0-9]*$" <<<"$text")" = 2
diag "$text"

# --- S2 / S3: duplicates ------------------------------------------------------
out=$("$MGM_PROTO" --once 0x100 1 2>&1)
rc=$?
ktap_check "S2: duplicate (0x100,1) fails with EEXIST and the kernel's message" \
	test $rc = 1 -a "$out" = "mgm_proto: register: File exists (kernel: mgm: protocol instance (protocol id, component id) is already registered)"
ktap_check "S2: (0x100,2) registers" "$MGM_PROTO" --once 0x100 2

start_proto "$tmp/igmp" 10 1
pid_igmp=$proto_pid
out=$("$MGM_PROTO" --once 10 2 2>&1)
ktap_check "S3: a second IGMP (10,2) is refused" \
	grep -q "File exists (kernel: mgm: an IGMP instance is already registered" <<<"$out"
ktap_check "mgmctl names IGMP" \
	test "$(protocols_json | jq -r '.[] | select(.proto == 10) | .proto_name')" = igmp
kill -TERM "$pid_igmp"; wait "$pid_igmp"
ktap_check "a protocol that exits cleanly deregisters (SIGTERM path)" \
	grep -q "^deregistered handle=" "$tmp/igmp"

# --- S6: another process's handle ---------------------------------------------
out=$("$MGM_PROTO" --deregister "$ha" 2>&1)
rc=$?
ktap_check "S6: deregistering A's handle from another process is refused" \
	test $rc = 1 -a "$out" = "mgm_proto: deregister: Invalid argument (kernel: mgm: protocol handle belongs to another netlink socket)"
ktap_check "S6: A is still registered" \
	test "$(protocols_json | jq "[.[] | select(.handle == $ha)] | length")" = 1

# --- S80: SIGKILL removes the registration --------------------------------------
kill -KILL "$pid_a"
wait "$pid_a" 2>/dev/null
ktap_check "S80: A killed with SIGKILL disappears" \
	busywait 2000 count_is 1
ktap_check "S80: only B remains" \
	test "$(protocols_json | jq -c '[.[].handle]')" = "[$hb]"

# --- privileges -------------------------------------------------------------------
if unshare --user true 2>/dev/null; then
	out=$(unshare --user "$MGM_PROTO" --once 0x400 1 2>&1)
	rc=$?
	ktap_check "without CAP_NET_ADMIN over the netns, registration is refused (EPERM)" \
		test $rc = 1 -a "$out" = "mgm_proto: register: Operation not permitted"
	ktap_check "without CAP_NET_ADMIN, listing protocols still works" \
		test "$(unshare --user "$MGMCTL" -j protocol show | jq length)" = 1
	out=$(unshare --user --map-root-user --net "$MGM_PROTO" --once 0x400 1 2>&1)
	ktap_check "a user namespace may register in a network namespace it owns" \
		grep -q "^deregistered handle=" <<<"$out"
else
	ktap_skip "without CAP_NET_ADMIN, registration is refused" "no user namespaces"
	ktap_skip "without CAP_NET_ADMIN, listing works" "no user namespaces"
	ktap_skip "a user namespace may register in its own netns" "no user namespaces"
fi

# --- netns isolation ------------------------------------------------------------------
new_ns x
nsx=$NEW_NS
start_proto "$tmp/c" netns "$nsx" 0x300 1
pid_c=$proto_pid
ktap_check "S85: the protocol in X is listed in X only" \
	test "$(count ip netns exec "$nsx")" = 1 -a "$(count)" = 1
ktap_check "S85: X's first handle is 1 (independent MGM per namespace)" \
	test "$(protocols_json ip netns exec "$nsx" | jq '.[0].handle')" = 1
ktap_check "S85: (0x200,1) is free in X although B holds it in init" \
	ip netns exec "$nsx" "$MGM_PROTO" --once 0x200 1
kill -KILL "$pid_c"
wait "$pid_c" 2>/dev/null
ktap_check "S85: killing X's protocol empties X" \
	busywait 2000 count_is 0 ip netns exec "$nsx"

kill -TERM "$pid_b"; wait "$pid_b"
ktap_check "all protocols gone at the end" test "$(count)" = 0

ktap_finish
