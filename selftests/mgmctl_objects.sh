#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mgmctl's objects against known state: interface, group, mfe and config,
# in text and JSON, with their argument and kernel errors.  Everything
# happens in a network namespace of its own with three dummy interfaces:
#
#   A (0x100,1)  owns if1 and if2; joins (*,239.1.1.1)@if2 and
#                (10.1.1.10,239.1.1.1)@if1
#   IGMP (10,1)  co-owns if2, owns if3 alone; joins (*,239.1.1.1)@if2,
#                (*,239.1.1.1)@if3 and (*,239.2.2.2)@if2
#   injector     feeds packets: (10.1.1.10,239.1.1.1) twice on if1 (its
#                RPF interface: 10.1.1.0/24 is on if1) and once on if2,
#                (10.1.1.20,239.3.3.3) once on if1 (nobody wants it: a
#                negative entry)
#
# Nobody registers callbacks, so every request takes its default at once.
# At the end every command gets bad arguments: each is refused with its
# exact message and status (2: usage, 1: the kernel's), and the whole state
# is the same afterwards.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ktap_header
require_root_and_module

use_tmp
dummy_ns objects
ip -n "$ns" addr add 10.1.1.1/24 dev if1
i1=$(ns_ifindex if1)
i2=$(ns_ifindex if2)
i3=$(ns_ifindex if3)

# shellcheck disable=SC2317 # called through ktap_check
jq_true()	# jq_true FILTER JSON: FILTER yields true on JSON
{
	jq -e "$1" <<<"$2" >/dev/null
}

# Uptime and expiry move: show them as N.
norm_times()
{
	sed -e 's/uptime [0-9]*s/uptime Ns/' -e 's/expires [0-9]*s/expires Ns/' \
	    -e 's/lastuse [0-9]*s/lastuse Ns/'
}

# --- state ------------------------------------------------------------------
start_proto "$tmp/a" netns "$ns" 0x100 1 --take if1 --take if2 \
	--join '*,239.1.1.1@if2' --join '10.1.1.10,239.1.1.1@if1' ||
	{ cat "$tmp/a"; echo "Bail out! protocol A did not start"; exit 1; }
ha=$(proto_handle "$tmp/a")
start_proto "$tmp/igmp" netns "$ns" 10 1 --take if2 --take if3 \
	--join '*,239.1.1.1@if2' --join '*,239.1.1.1@if3' \
	--join '*,239.2.2.2@if2' ||
	{ cat "$tmp/igmp"; echo "Bail out! IGMP did not start"; exit 1; }
pid_igmp=$proto_pid
hi=$(proto_handle "$tmp/igmp")
diag "A is handle $ha, IGMP is handle $hi; if1..3 are $i1 $i2 $i3"

# --- interface show ----------------------------------------------------------
check_eq "interface show: one line per owned interface, with owners" \
"if1 ifindex $i1 owner $ha proto 256 component 1
if2 ifindex $i2 owner $ha proto 256 component 1 igmp $hi
if3 ifindex $i3 owner $hi proto 10 (igmp) component 1 igmp $hi" \
	"$(mgmctl interface show)"
check_eq "interface show -j" \
	"[{\"ifname\":\"if1\",\"ifindex\":$i1,\"owner\":{\"handle\":$ha,\"proto\":256,\"component\":1}},{\"ifname\":\"if2\",\"ifindex\":$i2,\"owner\":{\"handle\":$ha,\"proto\":256,\"component\":1},\"igmp\":$hi},{\"ifname\":\"if3\",\"ifindex\":$i3,\"owner\":{\"handle\":$hi,\"proto\":10,\"proto_name\":\"igmp\",\"component\":1},\"igmp\":$hi}]" \
	"$(mgmctl -j interface show | jq -c .)"
check_eq "interface show dev if2: that interface only" \
	"if2 ifindex $i2 owner $ha proto 256 component 1 igmp $hi" \
	"$(mgmctl interface show dev if2)"
check_eq "interface show dev INDEX: an index names the interface too" \
	"[\"if3\"]" "$(mgmctl -j interface show dev "$i3" | jq -c '[.[].ifname]')"
check_eq "abbreviations: i sh is interface show" \
	"$(mgmctl interface show)" "$(mgmctl i sh)"
pretty=$(mgmctl -j -p interface show)
ktap_check "-j -p pretty-prints the same document" \
	test "$(jq -c . <<<"$pretty")" = "$(mgmctl -j interface show | jq -c .)" \
	-a "$(wc -l <<<"$pretty")" -gt 3

# --- group show ----------------------------------------------------------------
check_eq "group show: the membership entries with who added each interface" \
"(*, 239.1.1.1) oifs if2 (component $ha proto 256 by owner+igmp), if3 (component $hi proto 10 (igmp) by igmp)
(10.1.1.10, 239.1.1.1) oifs if1 (component $ha proto 256 by owner)
(*, 239.2.2.2) oifs if2 (component $ha proto 256 by igmp)" \
	"$(mgmctl group show)"
check_eq "group show all-sources is the default" \
	"$(mgmctl group show)" "$(mgmctl group show all-sources)"
check_eq "group show -j" \
	"[{\"src\":\"0.0.0.0\",\"src_len\":0,\"grp\":\"239.1.1.1\",\"grp_len\":32,\"oifs\":[{\"ifname\":\"if2\",\"ifindex\":$i2,\"component\":$ha,\"proto\":256,\"by\":[\"owner\",\"igmp\"]},{\"ifname\":\"if3\",\"ifindex\":$i3,\"component\":$hi,\"proto\":10,\"by\":[\"igmp\"]}]},{\"src\":\"10.1.1.10\",\"src_len\":32,\"grp\":\"239.1.1.1\",\"grp_len\":32,\"oifs\":[{\"ifname\":\"if1\",\"ifindex\":$i1,\"component\":$ha,\"proto\":256,\"by\":[\"owner\"]}]},{\"src\":\"0.0.0.0\",\"src_len\":0,\"grp\":\"239.2.2.2\",\"grp_len\":32,\"oifs\":[{\"ifname\":\"if2\",\"ifindex\":$i2,\"component\":$ha,\"proto\":256,\"by\":[\"igmp\"]}]}]" \
	"$(mgmctl -j group show | jq -c .)"
check_eq "group show any-source: one line per group" \
"(*, 239.1.1.1)
(*, 239.2.2.2)" "$(mgmctl group show any-source)"
check_eq "group show -j any-source" \
	'[{"src":"0.0.0.0","src_len":0,"grp":"239.1.1.1","grp_len":32},{"src":"0.0.0.0","src_len":0,"grp":"239.2.2.2","grp_len":32}]' \
	"$(mgmctl -j group show any-source | jq -c .)"
check_eq "group show group G: that group's entries only" \
	"(*, 239.2.2.2) oifs if2 (component $ha proto 256 by igmp)" \
	"$(mgmctl g s group 239.2.2.2)"
if unshare --user true 2>/dev/null; then
	out=$(ip netns exec "$ns" unshare --user "$MGMCTL" group show 2>&1)
	rc=$?
	check_eq "group show without CAP_NET_ADMIN: exit 1 and why" \
		"1 mgmctl: cannot list memberships: Operation not permitted (CAP_NET_ADMIN over the network namespace is needed)" \
		"$rc $out"
	out=$(ip netns exec "$ns" unshare --user "$MGMCTL" interface show 2>&1)
	check_eq "interface show needs no privilege" \
		"$(mgmctl interface show)" "$out"
else
	ktap_skip "group show without CAP_NET_ADMIN" "no user namespaces"
	ktap_skip "interface show needs no privilege" "no user namespaces"
fi

# --- mfe -------------------------------------------------------------------------
ktap_check "no forwarding entries before traffic" \
	test "$(mgmctl -j mfe show)" = "[]"
if ! out=$(ip netns exec "$ns" "$MGM_PROTO" --once 0x300 1 \
	   --inject 10.1.1.10,239.1.1.1@if1 --inject 10.1.1.10,239.1.1.1@if1 \
	   --inject 10.1.1.10,239.1.1.1@if2 --inject 10.1.1.20,239.3.3.3@if1 2>&1); then
	diag "$out"
	if grep -q "Operation not supported" <<<"$out"; then
		ktap_skip "mfe show" "mgm.ko built without test hooks (MGM_TEST=1)"
		skip_mfe=1
	else
		ktap_fail "injecting packets"
		skip_mfe=1
	fi
fi
if [ -z "${skip_mfe:-}" ]; then
	check_eq "mfe show: a forwarding entry and a negative one" \
"(10.1.1.10, 239.1.1.1) iif if1 proto 256 route 10.1.1.0/24 oifs if2, if3 uptime Ns expires Ns timeout 900s lastuse Ns
(10.1.1.20, 239.3.3.3) iif if1 proto 256 route 10.1.1.0/24 oifs (none: negative) uptime Ns expires Ns timeout 900s lastuse Ns" \
		"$(mgmctl mfe show | norm_times)"
	check_eq "mfe show -s: entry counters and per-interface counters" \
"(10.1.1.10, 239.1.1.1) iif if1 proto 256 route 10.1.1.0/24 oifs if2, if3 uptime Ns expires Ns timeout 900s lastuse Ns
    packets 2 bytes 200 wrong_if 1 queue_overflow 0 uninit 1 negative 0 in_discards 1 hdr_errors 0 out_packets 4
    oif if2 packets 0 discards 0 ttl_too_low 0 frag_needed 0
    oif if3 packets 0 discards 0 ttl_too_low 0 frag_needed 0
(10.1.1.20, 239.3.3.3) iif if1 proto 256 route 10.1.1.0/24 oifs (none: negative) uptime Ns expires Ns timeout 900s lastuse Ns
    packets 1 bytes 100 wrong_if 0 queue_overflow 0 uninit 1 negative 1 in_discards 1 hdr_errors 0 out_packets 0" \
		"$(mgmctl -s mfe show | norm_times)"
	json=$(mgmctl -j mfe show)
	check_eq "mfe show -j: key, incoming interface, upstream, outgoing interfaces" \
		"[[\"10.1.1.10\",\"239.1.1.1\",\"if1\",$i1,256,\"0.0.0.0\",[{\"ifname\":\"if2\",\"ifindex\":$i2},{\"ifname\":\"if3\",\"ifindex\":$i3}],\"forwarding\",900],[\"10.1.1.20\",\"239.3.3.3\",\"if1\",$i1,256,\"0.0.0.0\",[],\"negative\",900]]" \
		"$(jq -c 'map([.src, .grp, .iif, .iif_index, .iif_proto, .upstream, .oifs, .state, .timeout])' <<<"$json")"
	check_eq "mfe show -j: the RPF route" \
		"{\"dst\":\"10.1.1.0\",\"dst_len\":24,\"dev\":\"if1\",\"ifindex\":$i1,\"proto\":2,\"table\":254,\"metric\":0}" \
		"$(jq -c '.[0].route' <<<"$json")"
	ktap_check "mfe show -j: uptime and expires are seconds" \
		jq_true 'all(.[]; (.uptime | type) == "number" and .uptime < 600 and .expires > 300 and .expires <= 900 and .last_use <= .uptime)' "$json"
	ktap_check "mfe show -j: no counters without -s" \
		jq_true 'all(.[]; has("packets") | not) and all(.[].oifs[]; has("packets") | not)' "$json"
	check_eq "mfe show -j -s: the counters, named as ip -j -s mroute" \
		'[[2,200,1,0,1,0,1,0,4,[[0,0,0,0],[0,0,0,0]]],[1,100,0,0,1,1,1,0,0,[]]]' \
		"$(mgmctl -j -s mfe show | jq -c 'map([.packets, .bytes, .wrong_if, .queue_overflow, .uninit, .negative, .in_discards, .hdr_errors, .out_packets, (.oifs | map([.packets, .discards, .ttl_too_low, .frag_needed]))])')"
	check_eq "mfe show group G" "[\"239.3.3.3\"]" \
		"$(mgmctl -j mfe show group 239.3.3.3 | jq -c 'map(.grp)')"
	check_eq "mfe show source S iif DEV" "[\"10.1.1.10\"]" \
		"$(mgmctl -j mfe show source 10.1.1.10 iif if1 | jq -c 'map(.src)')"
	check_eq "mfe show iif DEV: no entry arrives on if2" "" \
		"$(mgmctl mfe show iif if2)"
	check_eq "m s is mfe show" "$(mgmctl mfe show | norm_times)" \
		"$(mgmctl m s | norm_times)"
	check_eq "mfe get S G: one entry" \
		"(10.1.1.10, 239.1.1.1) iif if1 proto 256 route 10.1.1.0/24 oifs if2, if3 uptime Ns expires Ns timeout 900s lastuse Ns" \
		"$(mgmctl mfe get 10.1.1.10 239.1.1.1 | norm_times)"
	check_eq "mfe get -j -s: one object with its counters" \
		"[\"object\",\"if1\",2]" \
		"$(mgmctl -j -s mfe get 10.1.1.10 239.1.1.1 | jq -c '[type, .iif, .packets]')"

	# --- mfe set --------------------------------------------------------------
	sgk="10.1.1.10 239.1.1.1"
	# shellcheck disable=SC2086 # $sgk is two arguments
	check_eq "mfe set timeout upstream: status 0, no output" "0 " \
		"$(mgmctl mfe set $sgk timeout 120 upstream 10.1.1.254 2>&1; echo "$? ")"
	# shellcheck disable=SC2086
	check_eq "mfe get shows the new upstream neighbour and lifetime" \
		"(10.1.1.10, 239.1.1.1) iif if1 proto 256 upstream 10.1.1.254 route 10.1.1.0/24 oifs if2, if3 uptime Ns expires Ns timeout 120s lastuse Ns" \
		"$(mgmctl mfe get $sgk | norm_times)"
	# shellcheck disable=SC2086
	check_eq "mfe get -j: upstream, timeout, and the countdown restarted" \
		'["10.1.1.254",120,true]' \
		"$(mgmctl -j mfe get $sgk | jq -c '[.upstream, .timeout, (.expires > 110 and .expires <= 120)]')"
	# shellcheck disable=SC2086
	ktap_check "mfe set timeout 0: only the lifetime changes" \
		mgmctl mfe set $sgk t 0
	# shellcheck disable=SC2086
	check_eq "mfe get: expires never, the upstream neighbour kept" \
		"(10.1.1.10, 239.1.1.1) iif if1 proto 256 upstream 10.1.1.254 route 10.1.1.0/24 oifs if2, if3 uptime Ns expires never lastuse Ns" \
		"$(mgmctl mfe get $sgk | norm_times)"
	# shellcheck disable=SC2086
	check_eq "mfe get -j: timeout 0 and no expires" '["10.1.1.254",0,false]' \
		"$(mgmctl -j mfe get $sgk | jq -c '[.upstream, .timeout, has("expires")]')"
	# shellcheck disable=SC2086
	ktap_check "mfe set upstream 0.0.0.0: only the neighbour changes" \
		mgmctl mfe set $sgk upstream 0.0.0.0
	# shellcheck disable=SC2086
	check_eq "mfe get -j reads it back; the other entry is untouched" \
		'[["10.1.1.10","0.0.0.0",0],["10.1.1.20","0.0.0.0",900]]' \
		"$(mgmctl -j mfe show | jq -c 'map([.src, .upstream, .timeout])')"
	check_eq "mfe set registers no lasting protocol" "[$ha,$hi]" \
		"$(mgmctl -j protocol show | jq -c 'map(.handle)')"
	if unshare --user true 2>/dev/null; then
		# shellcheck disable=SC2086
		out=$(ip netns exec "$ns" unshare --user "$MGMCTL" mfe set $sgk timeout 5 2>&1)
		rc=$?
		check_eq "mfe set without CAP_NET_ADMIN: exit 1 and why" \
			"1 mgmctl: cannot change the forwarding entry: Operation not permitted (CAP_NET_ADMIN over the network namespace is needed)" \
			"$rc $out"
	else
		ktap_skip "mfe set without CAP_NET_ADMIN" "no user namespaces"
	fi
fi

# --- config ---------------------------------------------------------------------------
mfes=$(mgmctl -j config show | jq .mfes)
check_eq "config show: limits with current usage" \
"protocols 2 of 64
interfaces 3 of 4096
memberships 4 of 65536
mfes $mfes of 65536
pending 0 of 1024 (dropped 0)
max-backlog 4096
mfe-timeout 900s
callback-timeout 1000ms" "$(mgmctl config show)"
check_eq "config show -j" \
	"{\"max_protocols\":64,\"max_interfaces\":4096,\"max_memberships\":65536,\"max_mfes\":65536,\"max_pending\":1024,\"max_backlog\":4096,\"mfe_timeout\":900,\"callback_timeout\":1000,\"protocols\":2,\"interfaces\":3,\"memberships\":4,\"mfes\":$mfes,\"pending\":0,\"pending_drops\":0}" \
	"$(mgmctl -j config show | jq -c .)"
check_eq "limits show is config show" "$(mgmctl config show)" \
	"$(mgmctl limits show)"
check_eq "-j limits show is -j config show" "$(mgmctl -j config show)" \
	"$(mgmctl -j limits show)"
ktap_check "config set max-memberships 100" mgmctl config set max-memberships 100
check_eq "config show reads it back" "memberships 4 of 100" \
	"$(mgmctl config show | grep '^memberships')"
ktap_check "config set of several values at once" \
	mgmctl config set max-pending 10 mfe-timeout 0 callback-timeout 250
check_eq "config show -j reads them back" "[10,0,250,100]" \
	"$(mgmctl -j config show | jq -c '[.max_pending, .mfe_timeout, .callback_timeout, .max_memberships]')"
check_eq "config show: an mfe-timeout of 0 means never" "mfe-timeout 0s (never)" \
	"$(mgmctl config show | grep '^mfe-timeout')"
if unshare --user true 2>/dev/null; then
	out=$(ip netns exec "$ns" unshare --user "$MGMCTL" config set max-mfes 7 2>&1)
	rc=$?
	check_eq "config set without CAP_NET_ADMIN: exit 1" \
		"1 mgmctl: cannot change the configuration: Operation not permitted (CAP_NET_ADMIN over the network namespace is needed)" \
		"$rc $out"
else
	ktap_skip "config set without CAP_NET_ADMIN" "no user namespaces"
fi

# --- bad arguments: refused, and nothing changes ------------------------------------------
# Every command with bad arguments.  Usage errors exit 2 before any
# request; what only the kernel can refuse exits 1, and the kernel applies
# nothing of a refused request.  The state is the same before and after,
# with the values set above; across the usage errors the handle counter
# is too (no mfe set got as far as registering its instance).

state()		# every table as JSON, one a line, without the ages
{
	{ mgmctl -j protocol show && mgmctl -j interface show &&
	  mgmctl -j group show && mgmctl -j group show any-source &&
	  mgmctl -j config show && mgmctl -j -s mfe show; } |
		jq -c 'if type == "array" then map(del(.uptime, .expires, .last_use)) else . end'
}

# A protocol instance that registers and leaves at once: its handle.
probe_handle()
{
	ip netns exec "$ns" "$MGM_PROTO" --once 0x301 1 | sed -n 's/^registered handle=//p'
}

usage()		# usage MESSAGE ARGS...: mgmctl ARGS is that usage error
{
	local msg=$1 args
	shift
	args=$(printf ' %q' "$@")
	mgmctl_expect 2 "mgmctl: $msg" "${args# }: exit 2, $msg" "$@"
}

# The entries and limits as set above, to compare with the known values.
if [ -z "${skip_mfe:-}" ]; then
	mfe_known='[["10.1.1.10","0.0.0.0",0],["10.1.1.20","0.0.0.0",900]]'
else
	mfe_known='[]'
fi
cfg_known='[64,4096,100,65536,10,4096,0,250]'
mfe_now()
{
	mgmctl -j mfe show | jq -c 'map([.src, .upstream, .timeout])'
}
cfg_now()
{
	mgmctl -j config show | jq -c '[.max_protocols, .max_interfaces, .max_memberships, .max_mfes, .max_pending, .max_backlog, .mfe_timeout, .callback_timeout]'
}
check_eq "before the bad arguments: the entries' upstream and timeout" \
	"$mfe_known" "$(mfe_now)"
check_eq "before the bad arguments: the limits" "$cfg_known" "$(cfg_now)"
before=$(state)
check_eq "before the bad arguments: every table reads" "0 6" \
	"$? $(wc -l <<<"$before")"
h1=$(probe_handle)

mgmctl_expect 2 "$MGMCTL: invalid option -- 'x'" \
	"-x config set max-mfes 5: exit 2, the option refused" -x config set max-mfes 5
mgmctl_expect 2 "$MGMCTL: unrecognized option '--frob'" \
	"--frob mfe set S G timeout 5: exit 2, the option refused" \
	--frob mfe set 10.1.1.10 239.1.1.1 timeout 5
usage 'unknown object "frob"' frob set max-mfes 5

usage 'protocol: unknown command "frob"' protocol frob
usage 'protocol show: unexpected argument "extra"' protocol show extra

usage 'interface: unknown command "frob"' interface frob
usage 'interface show: dev needs an interface' interface show dev
usage 'cannot find device "nosuch"' interface show dev nosuch
usage 'cannot find device "0"' interface show dev 0
usage 'interface show: unexpected argument "if2"' interface show dev if1 if2
usage 'interface show: dev given twice' interface show dev if1 dev if2

usage 'group: unknown command "frob"' group frob
usage 'group show: unexpected argument "frob"' group show frob
usage 'group show: "a" is ambiguous' group show a
usage 'group show: group needs an address' group show any-source group
usage 'group show: bad group address "239.1"' group show group 239.1
usage 'group show: group given twice' group show group 239.1.1.1 group 239.2.2.2
usage 'group show: all-sources or any-source given twice' \
	group show any-source all-sources

usage 'mfe: unknown command "frob"' mfe frob
usage 'mfe show: unexpected argument "extra"' mfe show extra
usage 'mfe show: unexpected argument "extra"' mfe show group 239.1.1.1 extra
usage 'mfe show: "group" needs a value' mfe show group
usage 'mfe show: bad group address "bogus"' mfe show group bogus
usage 'mfe show: bad source address "10.1"' mfe show source 10.1
usage 'cannot find device "nosuch"' mfe show iif nosuch
usage 'mfe show: group given twice' mfe show group 239.1.1.1 group 239.3.3.3
usage 'mfe show: iif given twice' mfe show iif if1 iif if2
usage 'mfe get: expected SOURCE GROUP' mfe get 10.1.1.10
usage 'mfe get: expected SOURCE GROUP' mfe get 10.1.1.10 239.1.1.1 extra
usage 'mfe get: bad source address "bogus"' mfe get bogus 239.1.1.1
usage 'mfe get: bad group address "239.1.1"' mfe get 10.1.1.10 239.1.1
sg=(10.1.1.10 239.1.1.1)
usage 'mfe set: expected SOURCE GROUP [timeout SECS] [upstream ADDRESS]' \
	mfe set 10.1.1.10
usage 'mfe set: bad source address "bogus"' mfe set bogus 239.1.1.1 timeout 5
usage 'mfe set: bad group address "239.1.1"' mfe set 10.1.1.10 239.1.1 timeout 5
usage 'mfe set: nothing to change (timeout SECS, upstream ADDRESS)' mfe set "${sg[@]}"
usage 'mfe set: "timeout" needs a value' mfe set "${sg[@]}" upstream 10.1.1.254 timeout
usage 'mfe set: "upstream" needs a value' mfe set "${sg[@]}" timeout 5 upstream
usage 'mfe set: bad timeout "-1"' mfe set "${sg[@]}" timeout -1
usage 'mfe set: bad timeout "4294967296"' mfe set "${sg[@]}" timeout 4294967296
usage 'mfe set: bad timeout "x"' mfe set "${sg[@]}" upstream 10.1.1.254 timeout x
usage 'mfe set: bad upstream address "10.1.1"' mfe set "${sg[@]}" upstream 10.1.1
usage 'mfe set: bad upstream address "bogus"' mfe set "${sg[@]}" timeout 5 upstream bogus
usage 'mfe set: timeout given twice' mfe set "${sg[@]}" timeout 5 timeout 6
usage 'mfe set: upstream given twice' \
	mfe set "${sg[@]}" upstream 10.1.1.254 upstream 10.1.1.253
usage 'mfe set: unexpected argument "iif"' mfe set "${sg[@]}" iif if2
usage 'mfe set: unexpected argument "frob"' mfe set "${sg[@]}" timeout 5 frob 1

usage 'config: unknown command "frob"' config frob
usage 'config show: unexpected argument "extra"' config show extra
usage 'config show: unexpected argument "max-mfes"' c s max-mfes 5
usage 'config set: expected NAME VALUE [NAME VALUE]...' config set
usage 'config set: unknown name "frob"' config set frob 1
usage 'config set: unknown name "max-frobs"' config set max-mfes 5 max-frobs 1
usage 'config set: max-mfes needs a value' config set max-mfes
usage 'config set: max-pending needs a value' config set max-mfes 10 max-pending
usage 'config set: bad value "bogus" for max-pending' \
	config set max-mfes 10 max-pending bogus
usage 'config set: bad value "-1" for max-mfes' config set max-mfes -1
usage 'config set: bad value "4294967296" for max-mfes' config set max-mfes 4294967296
usage 'config set: bad value "+5" for mfe-timeout' config set max-mfes 10 mfe-timeout +5
usage 'config set: bad value " -18446744073709551615" for callback-timeout' \
	config set max-mfes 10 callback-timeout " -18446744073709551615"
usage 'config set: max-pending given twice' \
	config set max-pending 5 max-mfes 10 max-pending 6
usage 'config set: max-mfes given twice' limits set max-mfes 5 max-mfes 6

# A monitor that took its arguments would wait for events.
MGMCTL_EXPECT_TIMEOUT=10 usage 'monitor: unknown event "frob"' monitor frob
MGMCTL_EXPECT_TIMEOUT=10 usage 'monitor: bad count "4294967296"' \
	monitor --count 4294967296

check_eq "usage errors registered no protocol (the next handle follows)" \
	"$((h1 + 1))" "$(probe_handle)"

mgmctl_expect 1 'mgmctl: cannot get the forwarding entry: No such file or directory (kernel: mgm: no such forwarding entry)' \
	"mfe get of a missing entry: exit 1 with the kernel's message" \
	mfe get 10.9.9.9 239.1.1.1
mgmctl_expect 1 'mgmctl: cannot change the forwarding entry: No such file or directory (kernel: mgm: no such forwarding entry)' \
	"mfe set of a missing entry: exit 1 with the kernel's message" \
	mfe set 10.9.9.9 239.1.1.1 timeout 5
mgmctl_expect 1 'mgmctl: cannot change the configuration: Numerical result out of range (kernel: integer out of range)' \
	"config set max-mfes 0: exit 1 with the kernel's message" config set max-mfes 0
mgmctl_expect 1 'mgmctl: cannot change the configuration: Numerical result out of range (kernel: integer out of range)' \
	"config set max-pending 5 max-mfes 0: exit 1, the kernel refuses it all" \
	config set max-pending 5 max-mfes 0
mgmctl_expect 1 'mgmctl: cannot change the configuration: Numerical result out of range (kernel: mgm: callback timeout is at most 60000 ms)' \
	"config set callback-timeout 60001: exit 1 with the kernel's message" \
	config set callback-timeout 60001
mgmctl_expect 1 'mgmctl: cannot change the configuration: Numerical result out of range (kernel: mgm: callback timeout is at most 60000 ms)' \
	"config set max-mfes 10 callback-timeout 60001: exit 1, the kernel refuses it all" \
	config set max-mfes 10 callback-timeout 60001

check_eq "after the bad arguments: the entries' upstream and timeout" \
	"$mfe_known" "$(mfe_now)"
check_eq "after the bad arguments: the limits" "$cfg_known" "$(cfg_now)"
check_eq "after the bad arguments: every table as it was" "$before" "$(state)"

# --- the end: the owners leave ----------------------------------------------------------
kill -TERM "$pid_igmp"
wait "$pid_igmp"
ktap_check "IGMP leaves cleanly (releases its interfaces, deregisters)" \
	grep -q '^deregistered handle=' "$tmp/igmp"
check_eq "interface show after IGMP left" \
"if1 ifindex $i1 owner $ha proto 256 component 1
if2 ifindex $i2 owner $ha proto 256 component 1" "$(mgmctl interface show)"
check_eq "group show after IGMP left: its memberships went with it" \
"(*, 239.1.1.1) oifs if2 (component $ha proto 256 by owner)
(10.1.1.10, 239.1.1.1) oifs if1 (component $ha proto 256 by owner)" \
	"$(mgmctl group show)"

ktap_finish
