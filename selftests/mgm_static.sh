#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mgm-static, the static protocol daemon (tools/mgm-static): its
# configuration checks, and in a network namespace with dummy interfaces
# if1..if5 (lib.sh's fixture) the state it installs, reloads on SIGHUP
# (good, unchanged, bad and partly failing files), interfaces that go away
# and come back, a refused start, and that SIGTERM and SIGKILL leave
# nothing behind.
#
#   selftests/mgm_static.sh          in the test VM, with mgm.ko loaded
#   selftests/mgm_static.sh --host   only what needs no module: --check on
#                                    good and bad files, usage errors
#
# Nobody registers request callbacks, so every request takes its default
# at once (mgm-static wants if-gone and overflow events only).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

MGM_STATIC=$BUILD/mgm-static
host=0
[ "${1:-}" = "--host" ] && host=1

ktap_header
[ -x "$MGM_STATIC" ] || { echo "Bail out! $MGM_STATIC not built (run make)"; exit 1; }
[ $host = 1 ] || require_root_and_module

use_tmp

# --- configuration checks (no kernel involved) -------------------------------

# check_file DESCRIPTION STATUS EXPECTED: mgm-static --check on the file
# written from stdin; exact exit status and stderr ("@F" stands for the
# file's name).
check_file()
{
	local desc=$1 status=$2 expected=${3//@F/$tmp/check.conf} out rc text
	IFS= read -r -d '' text
	printf '%s' "$text" >"$tmp/check.conf"
	out=$("$MGM_STATIC" --check -f "$tmp/check.conf" 2>&1)
	rc=$?
	check_eq "--check: $desc (exit $status)" "$status: $expected" "$rc: $out"
}

check_file "a good file passes silently" 0 "" <<'EOF'
# mgm-static.conf
protocol-id 3            # PROTO_IP_NETMGMT
component-id 0x2
interface lo
join 239.1.1.1 lo                 # (*,G)
join 10.0.0.2 239.2.2.2 1         # (S,G), lo by its index

	join   *   239.3.3.3   lo	# (*,G) written with "*", blanks around
EOF
check_file "an empty file is a valid configuration" 0 "" </dev/null

check_file "unknown keyword" 1 'mgm-static: @F:2: unknown keyword "frobnicate"' <<'EOF'
interface lo
frobnicate lo
EOF
check_file "bad address" 1 'mgm-static: @F:2: bad address "239.1.1"' <<'EOF'
interface lo
join 239.1.1 lo
EOF
check_file "a group that is not multicast" 1 \
	'mgm-static: @F:2: "10.1.1.1" is not a multicast group address' <<'EOF'
interface lo
join 10.1.1.1 lo
EOF
check_file "a link-local group" 1 \
	'mgm-static: @F:2: "224.0.0.5" is a link-local group (224.0.0.0/24), never forwarded' <<'EOF'
interface lo
join 224.0.0.5 lo
EOF
check_file "a source that is not unicast" 1 \
	'mgm-static: @F:2: "0.0.0.0" is not a unicast source address' <<'EOF'
interface lo
join 0.0.0.0 239.1.1.1 lo
EOF
check_file "group and source swapped" 1 \
	'mgm-static: @F:2: "239.1.1.1" is a group and "10.0.0.2" is not: expected "join SOURCE GROUP IF"' <<'EOF'
interface lo
join 239.1.1.1 10.0.0.2 lo
EOF
check_file "unknown interface" 1 'mgm-static: @F:1: unknown interface "nosuch0"' <<'EOF'
interface nosuch0
EOF
check_file "a join on an unknown interface" 1 'mgm-static: @F:2: unknown interface "nosuch0"' <<'EOF'
interface lo
join 239.1.1.1 nosuch0
EOF
check_file "a join on an interface without its interface line" 1 \
	'mgm-static: @F:1: interface "lo" is not declared (add "interface lo")' <<'EOF'
join 239.1.1.1 lo
EOF
check_file "duplicate interface (by name, then by index)" 1 \
	'mgm-static: @F:3: duplicate interface "1" (lo, already on line 1)' <<'EOF'
interface lo

interface 1
EOF
check_file "duplicate join (the same (*,G) written twice)" 1 \
	'mgm-static: @F:3: duplicate join (*, 239.1.1.1) on lo (already on line 2)' <<'EOF'
interface lo
join 239.1.1.1 lo
join * 239.1.1.1 1
join 10.0.0.2 239.1.1.1 lo
EOF
check_file "wrong number of words" 1 \
	'mgm-static: @F:1: expected "interface IF"
mgm-static: @F:2: expected "join [SOURCE] GROUP IF"
mgm-static: @F:3: expected "join [SOURCE] GROUP IF"' <<'EOF'
interface lo lo
join 239.1.1.1
join 10.0.0.2 239.1.1.1 lo extra
EOF
check_file "protocol-id: IGMP's, bad number, given twice" 1 \
	"mgm-static: @F:1: protocol-id 10 is IGMP's; a static protocol cannot be IGMP
mgm-static: @F:2: duplicate protocol-id (already on line 1)
mgm-static: @F:3: bad number \"12x\"" <<'EOF'
protocol-id 10
protocol-id 3
component-id 12x
EOF
check_file "every bad line is reported, in order" 1 \
	'mgm-static: @F:2: unknown keyword "joined"
mgm-static: @F:4: bad address "10.0.0.256"
mgm-static: @F:5: unknown interface "nosuch0"' <<'EOF'
interface lo
joined 239.1.1.1 lo
join 239.1.1.1 lo
join 10.0.0.256 239.2.2.2 lo   # a comment
join 239.3.3.3 nosuch0
EOF

out=$("$MGM_STATIC" --check -f "$tmp/nosuch.conf" 2>&1)
check_eq "--check: a missing file (exit 1)" \
	"1: mgm-static: $tmp/nosuch.conf: No such file or directory" "$?: $out"
out=$("$MGM_STATIC" --frob 2>&1)
rc=$?
ktap_check "an unknown option prints usage and exits 2" \
	test $rc = 2 -a "$(grep -c '^Usage: mgm-static' <<<"$out")" = 1
out=$("$MGM_STATIC" -f "$tmp/check.conf" extra 2>&1)
rc=$?
ktap_check "an extra argument is refused (exit 2)" \
	grep -q '^mgm-static: unexpected argument "extra"' <<<"$out"
ktap_check "-V prints the version" bash -c "'$MGM_STATIC' -V | grep -q '^mgm-static '"

if [ $host = 1 ]; then
	if [ -d /sys/module/mgm ]; then
		ktap_skip "without the module, the start fails clearly" "mgm is loaded here"
	else
		echo "interface lo" >"$tmp/lo.conf"
		out=$("$MGM_STATIC" -f "$tmp/lo.conf" 2>&1)
		check_eq "without the module, the start fails clearly (exit 1)" \
			"1: mgm-static: the mgm generic netlink family is not available: is the mgm module loaded?" \
			"$?: $out"
	fi
	ktap_finish
fi

# --- the daemon, in a namespace of its own ------------------------------------------
#
# Dummy interfaces if1..if5, up; 10.1.1.10 is reached through if1 (the
# upstream side).  Processes are costly under emulation: the state is read
# with one query of each kind and one jq.

new_ns static || { echo "Bail out! cannot create the test namespace"; exit 1; }
ns=$NEW_NS
# The guest does not autoload modules (stock kernels); built in on debug.
modprobe dummy 2>/dev/null
if ! ip -n "$ns" -b - <<'EOF'
link add if1 type dummy
link add if2 type dummy
link add if3 type dummy
link add if4 type dummy
link add if5 type dummy
link set if1 up
link set if2 up
link set if3 up
link set if4 up
link set if5 up
addr add 10.1.1.2/24 dev if1
route add 10.1.1.10/32 via 10.1.1.1 dev if1
EOF
then
	echo "Bail out! cannot create the dummy interfaces"
	exit 1
fi
conf=$tmp/mgm-static.conf
log=$tmp/daemon.log

in_ns()
{
	ip netns exec "$ns" "$@"
}

declare -A ifindex
read_ifindexes()
{
	local name index
	while read -r name index; do
		ifindex[$name]=$index
	done < <(ip -n "$ns" -j link show | jq -r '.[] | "\(.ifname) \(.ifindex)"')
}
read_ifindexes

# state: what the MGM holds, on one line of four JSON arrays:
#   protocols    "PROTO/COMPONENT:COMM"
#   interfaces   "IF:PROTO/COMPONENT" of the owner, in ifindex order
#   memberships  "S,G@IF" per (entry, interface), sorted ("*": any source)
#   who          "BY/COMPONENT" of the memberships' interfaces, unique
state()
{
	{
		in_ns "$MGMCTL" -j protocol show
		in_ns "$MGMCTL" -j interface show
		in_ns "$MGMCTL" -j group show
	} | jq -rs '
		([.[0][] | "\(.proto)/\(.component):\(.comm)"] | tojson) + " " +
		([.[1][] | "\(.ifname):\(.owner.proto)/\(.owner.component)"] | tojson) + " " +
		([.[2][] | . as $e | (if .src_len == 0 then "*" else .src end) as $s
		  | .oifs[] | "\($s),\($e.grp)@\(.ifname)"] | sort | tojson) + " " +
		([.[2][].oifs[] | "\(.by | join("+"))/\(.component)"] | unique | tojson)'
}

# shellcheck disable=SC2317  # called through busywait
state_is()
{
	test "$(state)" = "$1"
}

# start_daemon [ARGS...]: mgm-static -f $conf in the namespace, in the
# background ($daemon); waits until it runs (or exits).
start_daemon()
{
	# Not through in_ns: $! must be the daemon (ip netns exec execs it).
	ip netns exec "$ns" "$MGM_STATIC" -f "$conf" "$@" >"$log" 2>&1 &
	daemon=$!
	CLEANUP_PIDS+=("$daemon")
	busywait 5000 grep -q '^mgm-static: running: ' "$log"
}

# The lines the daemon logged since its last "reloading".
last_reload()
{
	awk '/^mgm-static: reloading /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$log"
}

reloads_done()
{
	grep -c -E '^mgm-static: (reloaded |.*: not reloaded, keeping)' "$log"
}

# shellcheck disable=SC2317  # called through busywait
reloads_done_more_than()
{
	test "$(reloads_done)" -gt "$1"
}

# hup: SIGHUP, then wait until the daemon says how the reload went.
hup()
{
	local n
	n=$(reloads_done)
	kill -HUP "$daemon"
	busywait 5000 reloads_done_more_than "$n"
}

cat >"$conf" <<'EOF'
# the start: if1 upstream, receivers on if2 and if3
interface if1
interface if2
interface if3
join 239.1.1.1 if2                  # (*,G)
join 10.1.1.10 239.2.2.2 if3        # (S,G)
join * 239.3.3.3 if3
EOF
ktap_check "start: --check passes in the namespace" \
	in_ns "$MGM_STATIC" --check -f "$conf"
if ! start_daemon -p "$tmp/pid"; then
	diag "$(cat "$log")"
	echo "Bail out! mgm-static did not start"
	exit 1
fi
ktap_pass "start: mgm-static runs"
read -r protos ifs groups who <<<"$(state)"
check_eq "start: one protocol, (3,1), comm mgm-static" '["3/1:mgm-static"]' "$protos"
check_eq "start: mgmctl interface show: it owns exactly if1, if2, if3" \
	'["if1:3/1","if2:3/1","if3:3/1"]' "$ifs"
check_eq "start: mgmctl group show: exactly the configured memberships" \
	'["*,239.1.1.1@if2","*,239.3.3.3@if3","10.1.1.10,239.2.2.2@if3"]' "$groups"
check_eq "start: every membership is the owner's, with its handle (1) as component" \
	'["owner/1"]' "$who"
ktap_check "start: the pid file holds the daemon's pid" \
	test "$(cat "$tmp/pid" 2>/dev/null)" = "$daemon"
check_eq "start: the log names each change" \
	"mgm-static: registered protocol-id 3 component-id 1 (handle 1)
mgm-static: took if1 (ifindex ${ifindex[if1]})
mgm-static: took if2 (ifindex ${ifindex[if2]})
mgm-static: took if3 (ifindex ${ifindex[if3]})
mgm-static: joined (*, 239.1.1.1) on if2
mgm-static: joined (10.1.1.10, 239.2.2.2) on if3
mgm-static: joined (*, 239.3.3.3) on if3
mgm-static: running: 3 interfaces, 3 memberships from $conf" "$(cat "$log")"

# The memberships make forwarding entries: traffic from 10.1.1.10 (its
# route is on if1) goes out of if2 for 239.1.1.1 and if3 for 239.2.2.2.
# shellcheck disable=SC2317  # called through busywait
mfes_are()	# mfes_are EXPECTED: "S,G:IIF>OIF,..." of every entry
{
	test "$(in_ns "$MGMCTL" -j mfe show |
		jq -c '[.[] | "\(.src),\(.grp):\(.iif)>\([.oifs[].ifname] | join(","))"]')" = "$1"
}
out=$(in_ns "$MGM_PROTO" --once 0x999 1 \
	--inject 10.1.1.10,239.1.1.1@if1 --inject 10.1.1.10,239.2.2.2@if1 2>&1)
if grep -q "Operation not supported" <<<"$out"; then
	ktap_skip "forwarding: the memberships make the entries' outgoing interfaces" \
		"module built without MGM_TEST=1"
else
	ktap_check "forwarding: the memberships make the entries' outgoing interfaces" \
		busywait 3000 mfes_are '["10.1.1.10,239.1.1.1:if1>if2","10.1.1.10,239.2.2.2:if1>if3"]'
fi

# --- SIGHUP: a changed file ----------------------------------------------------------
cat >"$conf" <<'EOF'
interface if1
interface if3
interface if4                       # new
join 10.1.1.10 239.2.2.2 if3        # kept
join 239.3.3.3 if4                  # moved from if3
join 239.4.4.4 if4                  # new
EOF
hup
check_eq "reload: the log has exactly the six changes, leaves first" \
	"mgm-static: reloading $conf
mgm-static: left (*, 239.1.1.1) on if2
mgm-static: left (*, 239.3.3.3) on if3
mgm-static: released if2
mgm-static: took if4 (ifindex ${ifindex[if4]})
mgm-static: joined (*, 239.3.3.3) on if4
mgm-static: joined (*, 239.4.4.4) on if4
mgm-static: reloaded $conf: 6 changes" "$(last_reload)"
reloaded='["3/1:mgm-static"] ["if1:3/1","if3:3/1","if4:3/1"] ["*,239.3.3.3@if4","*,239.4.4.4@if4","10.1.1.10,239.2.2.2@if3"] ["owner/1"]'
check_eq "reload: exactly the new interfaces and memberships, the same protocol" \
	"$reloaded" "$(state)"

hup
check_eq "reload: the same file changes nothing" \
	"mgm-static: reloading $conf
mgm-static: reloaded $conf: no change" "$(last_reload)"

# --- SIGHUP: bad files keep the running state -----------------------------------------
cp "$conf" "$tmp/good.conf"
cat >>"$conf" <<'EOF'
interface if9
join 239.5.5.5
EOF
hup
check_eq "bad reload: the errors are logged, the state is kept" \
	"mgm-static: reloading $conf
mgm-static: $conf:7: unknown interface \"if9\"
mgm-static: $conf:8: expected \"join [SOURCE] GROUP IF\"
mgm-static: $conf: not reloaded, keeping the running configuration
$reloaded" "$(last_reload; state)"

{ echo "component-id 2"; cat "$tmp/good.conf"; } >"$conf"
hup
check_eq "bad reload: a new component-id is refused, the state is kept" \
	"mgm-static: reloading $conf
mgm-static: $conf: protocol-id 3 component-id 2 differ from the running 3 and 1; restart mgm-static to change them
mgm-static: $conf: not reloaded, keeping the running configuration
$reloaded" "$(last_reload; state)"

rm -f "$conf"
hup
check_eq "bad reload: a missing file is refused, the state is kept" \
	"mgm-static: reloading $conf
mgm-static: $conf: No such file or directory
mgm-static: $conf: not reloaded, keeping the running configuration
$reloaded" "$(last_reload; state)"

# --- SIGHUP: a request the kernel refuses, retried on the next reload -------------------
start_proto "$tmp/other" netns "$ns" 0x100 1 --take if5
other=$proto_pid
{ cat "$tmp/good.conf"; echo "interface if5"; echo "join 239.5.5.5 if5"; } >"$conf"
hup
reload=$(last_reload)
ktap_check "partial reload: taking if5, owned by another protocol, fails with the kernel's reason" \
	grep -q '^mgm-static: cannot take if5: File exists (kernel: .*)$' <<<"$reload"
ktap_check "partial reload: the failure is counted" \
	grep -q "^mgm-static: reloaded $conf: 0 changes, 1 failed (retried on the next reload)$" <<<"$reload"
read -r protos ifs groups who <<<"$(state)"
check_eq "partial reload: the rest is unchanged, if5 stays the other's" \
	'["if1:3/1","if3:3/1","if4:3/1","if5:256/1"]' "$ifs"
kill -TERM "$other"
wait "$other"
hup
check_eq "partial reload: the next reload takes if5 and joins on it" \
	"mgm-static: reloading $conf
mgm-static: took if5 (ifindex ${ifindex[if5]})
mgm-static: joined (*, 239.5.5.5) on if5
mgm-static: reloaded $conf: 2 changes" "$(last_reload)"

# --- an interface that goes away and comes back -----------------------------------------
ip -n "$ns" link del if4
ktap_check "if-gone: the daemon logs that if4 went away" \
	busywait 3000 grep -q "^mgm-static: if4 (ifindex ${ifindex[if4]}) went away with its memberships; they come back with it$" "$log"
check_eq "if-gone: if4 and its memberships are gone" \
	'["3/1:mgm-static"] ["if1:3/1","if3:3/1","if5:3/1"] ["*,239.5.5.5@if5","10.1.1.10,239.2.2.2@if3"] ["owner/1"]' \
	"$(state)"
ip -n "$ns" link add if4 type dummy
ip -n "$ns" link set if4 up
read_ifindexes
ktap_check "if-gone: a new if4 is taken again" \
	busywait 3000 grep -q "^mgm-static: if4 is back (ifindex ${ifindex[if4]})$" "$log"
regained='["3/1:mgm-static"] ["if1:3/1","if3:3/1","if5:3/1","if4:3/1"] ["*,239.3.3.3@if4","*,239.4.4.4@if4","*,239.5.5.5@if5","10.1.1.10,239.2.2.2@if3"] ["owner/1"]'
ktap_check "if-gone: if4 is owned again with its memberships" \
	busywait 3000 state_is "$regained"

# --- a start that fails leaves nothing --------------------------------------------------
out=$(in_ns "$MGM_STATIC" -f "$conf" 2>&1)
check_eq "refused start: the same (protocol, component) again exits 1" \
	"1: mgm-static: cannot register protocol-id 3 component-id 1: File exists (kernel: mgm: protocol instance (protocol id, component id) is already registered)" \
	"$?: $out"
printf 'component-id 2\ninterface if2\ninterface if3\njoin 239.6.6.6 if2\n' >"$tmp/second.conf"
out=$(in_ns "$MGM_STATIC" -f "$tmp/second.conf" 2>&1)
rc=$?
ktap_check "refused start: a second instance cannot take if3 and exits 1" \
	test $rc = 1 -a "$(grep -c '^mgm-static: cannot take if3: File exists' <<<"$out")" = 1
ktap_check "refused start: it undid what it did before failing" \
	grep -q '^mgm-static: left (\*, 239.6.6.6) on if2$' <<<"$out"
printf 'interface if2\njoin 239.1.1.1 if9\n' >"$tmp/bad.conf"
out=$(in_ns "$MGM_STATIC" -f "$tmp/bad.conf" 2>&1)
check_eq "refused start: a bad file exits 1 before registering" \
	"1: mgm-static: $tmp/bad.conf:2: unknown interface \"if9\"" "$?: $out"
check_eq "refused start: nothing of them is left" "$regained" "$(state)"

# --- SIGTERM: a clean exit ---------------------------------------------------------------
kill -TERM "$daemon"
wait "$daemon"
rc=$?
ktap_check "SIGTERM: exit status 0" test $rc = 0
check_eq "SIGTERM: the log ends with the leaves, releases and deregistration" \
	"mgm-static: SIGTERM: stopping
mgm-static: left (10.1.1.10, 239.2.2.2) on if3
mgm-static: left (*, 239.3.3.3) on if4
mgm-static: left (*, 239.4.4.4) on if4
mgm-static: left (*, 239.5.5.5) on if5
mgm-static: released if1
mgm-static: released if3
mgm-static: released if4
mgm-static: released if5
mgm-static: deregistered" "$(sed -n '/: stopping$/,$p' "$log")"
check_eq "SIGTERM: no protocol, no interface, no membership left" \
	'[] [] [] []' "$(state)"
ktap_check "SIGTERM: the pid file is removed" test ! -e "$tmp/pid"

# --- SIGKILL: the kernel cleans up --------------------------------------------------------
cp "$tmp/good.conf" "$conf"
if start_daemon; then
	ktap_pass "SIGKILL: the daemon started again"
	kill -KILL "$daemon"
	wait "$daemon" 2>/dev/null
	ktap_check "SIGKILL: the kernel removed the protocol, its interfaces and memberships" \
		busywait 3000 state_is '[] [] [] []'
else
	ktap_fail "SIGKILL: the daemon started again"
	diag "$(cat "$log")"
fi

ktap_finish
