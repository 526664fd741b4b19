#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mgmctl's argument handling, on the host (no mgm module there): every
# usage error of every command exits 2 with exactly its message and never
# reaches the kernel (with the module missing, a command that opened a
# session would say so and exit 1); a missing module is a clear error
# with exit status 1.

source "$(dirname "$0")/lib.sh"

ktap_header
[ -x "$MGMCTL" ] || { echo "Bail out! $MGMCTL not built"; exit 1; }

err_file=$(mktemp)
trap 'rm -f "$err_file"' EXIT

# expect STATUS STDERR DESCRIPTION ARGS...: mgmctl ARGS exits with STATUS,
# prints exactly STDERR on stderr (all of it) and nothing on stdout.
expect()
{
	local status=$1 want=$2 desc=$3 out rc
	shift 3
	out=$("$MGMCTL" "$@" 2>"$err_file")
	rc=$?
	if [ $rc -eq "$status" ] && [ "$(cat "$err_file")" = "$want" ] &&
	   [ -z "$out" ]; then
		ktap_pass "mgmctl $desc"
	else
		ktap_fail "mgmctl $desc"
		diag "mgmctl $*: status $rc (want $status), stdout: $out
stderr: $(cat "$err_file")
wanted: $want"
	fi
}

# usage MESSAGE ARGS...: a usage error: exit 2, "mgmctl: MESSAGE" and the
# pointer to the help; described by its arguments.
usage()
{
	local msg=$1 args
	shift
	args=$(printf ' %q' "$@")
	expect 2 "mgmctl: $msg
Try \"mgmctl help\"." "${args# }: exit 2, $msg" "$@"
}

help_text=$("$MGMCTL" help)
check_eq "mgmctl help exits 0 and prints usage" \
	"0 Usage: mgmctl [OPTIONS] OBJECT COMMAND [ARGS]" \
	"$? $(head -n 1 <<<"$help_text")"
ktap_check "mgmctl -V prints the version" \
	bash -c "'$MGMCTL' -V | grep -q '^mgmctl '"

# --- global options and objects --------------------------------------------
expect 2 "$MGMCTL: invalid option -- 'x'
$help_text" "rejects an unknown option with the usage" -x protocol show
expect 2 "$MGMCTL: unrecognized option '--frob'
$help_text" "rejects an unknown long option" --frob config set max-mfes 5
expect 2 "$MGMCTL: option '--json' doesn't allow an argument
$help_text" "rejects a value to a flag" --json=1 protocol show
expect 2 "$help_text" "without an object prints usage" -j
expect 2 "$help_text" "without anything prints usage"
usage 'unknown object "frobnicate"' frobnicate
usage 'unknown object ""' ""
# An option after the object is an argument, as in ip(8).
usage 'protocol: unknown command "-j"' protocol -j show

# --- protocol ------------------------------------------------------------------
usage 'protocol: unknown command "frob"' protocol frob
usage 'protocol show: unexpected argument "extra"' protocol show extra
usage 'protocol show: unexpected argument "extra"' p l extra

# --- interface -----------------------------------------------------------------
usage 'interface: unknown command "frob"' interface frob
usage 'interface show: dev needs an interface' interface show dev
usage 'cannot find device "nosuch"' interface show dev nosuch
usage 'cannot find device "nosuch"' interface show nosuch
usage 'cannot find device "0"' interface show dev 0
usage 'cannot find device "4294967296"' interface show dev 4294967296
usage 'cannot find device "1x"' interface show dev 1x
usage 'cannot find device ""' interface show dev ""
usage 'interface show: unexpected argument "extra"' interface show dev 1 extra
usage 'interface show: unexpected argument "2"' interface show dev 1 2
usage 'interface show: dev given twice' interface show dev 1 dev 1
usage 'interface show: dev given twice' interface show 1 dev 1

# --- group ---------------------------------------------------------------------
usage 'group: unknown command "frob"' group frob
usage 'group show: unexpected argument "frob"' group show frob
usage 'group show: "a" is ambiguous' group show a
usage 'group show: group needs an address' group show group
usage 'group show: bad group address "239.1"' group show group 239.1
usage 'group show: bad group address "ff02::1"' group show group ff02::1
usage 'group show: unexpected argument "extra"' group show group 239.1.1.1 extra
usage 'group show: group given twice' group show group 239.1.1.1 group 239.1.1.2
usage 'group show: all-sources or any-source given twice' \
	group show any-source all-sources
usage 'group show: all-sources or any-source given twice' group show all any

# --- mfe -------------------------------------------------------------------------
usage 'mfe: unknown command "frob"' mfe frob
usage 'mfe show: unexpected argument "extra"' mfe show extra
usage 'mfe show: unexpected argument "extra"' mfe show group 239.1.1.1 extra
usage 'mfe show: unexpected argument "frob"' mfe show frob 1
usage 'mfe show: "group" needs a value' mfe show group
usage 'mfe show: "s" needs a value' mfe show group 239.1.1.1 s
usage 'mfe show: bad group address "bogus"' mfe show group bogus
usage 'mfe show: bad source address "10.1"' mfe show source 10.1
usage 'cannot find device "nosuch"' mfe show iif nosuch
usage 'cannot find device "0"' mfe show iif 0
usage 'mfe show: group given twice' mfe show group 239.1.1.1 group 239.1.1.2
usage 'mfe show: source given twice' mfe show source 10.1.1.10 s 10.1.1.20
usage 'mfe show: iif given twice' mfe show iif 1 group 239.1.1.1 iif 1
usage 'mfe get: expected SOURCE GROUP' mfe get
usage 'mfe get: expected SOURCE GROUP' mfe get 10.1.1.10
usage 'mfe get: expected SOURCE GROUP' mfe get 10.1.1.10 239.1.1.1 extra
usage 'mfe get: bad source address "bogus"' mfe get bogus 239.1.1.1
usage 'mfe get: bad source address "::1"' mfe get ::1 239.1.1.1
usage 'mfe get: bad group address "239.1.1"' mfe get 10.1.1.10 239.1.1
sg=(10.1.1.10 239.1.1.1)
usage 'mfe set: expected SOURCE GROUP [timeout SECS] [upstream ADDRESS]' mfe set
usage 'mfe set: expected SOURCE GROUP [timeout SECS] [upstream ADDRESS]' \
	mfe set 10.1.1.10
usage 'mfe set: bad source address "bogus"' mfe set bogus 239.1.1.1 timeout 5
usage 'mfe set: bad group address "bogus"' mfe set 10.1.1.10 bogus timeout 5
usage 'mfe set: nothing to change (timeout SECS, upstream ADDRESS)' mfe set "${sg[@]}"
usage 'mfe set: "timeout" needs a value' mfe set "${sg[@]}" timeout
usage 'mfe set: "t" needs a value' mfe set "${sg[@]}" upstream 10.1.1.254 t
usage 'mfe set: bad timeout "x"' mfe set "${sg[@]}" timeout x
usage 'mfe set: bad timeout "-1"' mfe set "${sg[@]}" timeout -1
usage 'mfe set: bad timeout "+5"' mfe set "${sg[@]}" timeout +5
usage 'mfe set: bad timeout "4294967296"' mfe set "${sg[@]}" timeout 4294967296
usage 'mfe set: bad upstream address "bogus"' mfe set "${sg[@]}" timeout 5 upstream bogus
usage 'mfe set: "upstream" needs a value' mfe set "${sg[@]}" timeout 5 upstream
usage 'mfe set: upstream given twice' \
	mfe set "${sg[@]}" upstream 10.1.1.1 upstream 10.1.1.2
usage 'mfe set: timeout given twice' mfe set "${sg[@]}" timeout 5 timeout 6
usage 'mfe set: unexpected argument "frob"' mfe set "${sg[@]}" timeout 5 frob 1
usage 'mfe set: unexpected argument "iif"' mfe set "${sg[@]}" iif 1

# --- config ----------------------------------------------------------------------
usage 'config: unknown command "frob"' config frob
usage 'config show: unexpected argument "extra"' config show extra
# "s" is show (the first match), which takes no arguments.
usage 'config show: unexpected argument "max-mfes"' c s max-mfes 5
usage 'config set: expected NAME VALUE [NAME VALUE]...' config set
usage 'config set: unknown name "frob"' config set frob 1
usage 'config set: unknown name "max-m"' config set max-m 5
usage 'config set: unknown name "max-frobs"' config set max-mfes 5 max-frobs 1
usage 'config set: max-mfes needs a value' config set max-mfes
usage 'config set: max-mfes given twice' config set max-mfes 5 max-mfes 6
usage 'config set: mfe-timeout given twice' \
	config set mfe-timeout 5 max-mfes 6 mfe-timeout 7
usage 'config set: max-pending needs a value' config set max-mfes 10 max-pending
usage 'config set: bad value "bogus" for max-pending' \
	config set max-mfes 10 max-pending bogus
usage 'config set: bad value "-1" for max-mfes' config set max-mfes -1
usage 'config set: bad value "4294967296" for max-mfes' config set max-mfes 4294967296
usage 'config set: bad value "" for max-mfes' config set max-mfes ""
usage 'config set: bad value "0x10" for max-mfes' config set max-mfes 0x10
usage 'config set: bad value "+5" for max-mfes' config set max-mfes +5
# strtoul would take this for 1.
usage 'config set: bad value " -18446744073709551615" for max-mfes' \
	config set max-mfes " -18446744073709551615"
# limits is config under another name: the same commands and messages.
usage 'config: unknown command "frob"' limits frob
usage 'config: unknown command "frob"' l frob
usage 'config show: unexpected argument "extra"' limits show extra
usage 'config set: max-mfes given twice' limits set max-mfes 5 max-mfes 6
check_eq "mgmctl limits help is config help" "$("$MGMCTL" config help)" \
	"$("$MGMCTL" limits help)"

# --- monitor (more in mgmctl_monitor.sh) -----------------------------------------
usage 'monitor: unknown event "frob"' monitor frob
usage 'monitor: unknown event "local"' monitor local
usage 'monitor: count needs a number' monitor if-gone count
usage 'monitor: bad count "0"' monitor --count 0
usage 'monitor: bad count "4294967296"' monitor --count 4294967296
usage 'monitor: count given twice' monitor --count 1 if-gone count 2

# --- without the module -----------------------------------------------------------
if [ -d /sys/module/mgm ]; then
	ktap_skip "mgmctl without the module" "mgm is loaded here"
	ktap_skip "mgmctl config set without the module" "mgm is loaded here"
else
	expect 1 'mgmctl: the mgm generic netlink family is not available: is the mgm module loaded?' \
		"protocol show without the module explains and exits 1" protocol show
	# Good arguments get as far as that: the usage errors above did not.
	expect 1 'mgmctl: the mgm generic netlink family is not available: is the mgm module loaded?' \
		"config set without the module explains and exits 1" \
		config set max-mfes 10 max-pending 5
fi

ktap_finish
