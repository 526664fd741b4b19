#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the manual pages of Documentation/man: every page, link pages
# (".so man3/TARGET.3") included, must render with man(1) and with groff's
# strictest warnings without a single warning, and its NAME section (a link
# page's: its target's) must list the page's own name, as whatis(1) reads
# it, so that "man NAME" finds a page about NAME.
#
# Usage: scripts/man-check.sh
# Needs man-db (man, lexgrog) and groff.

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/Documentation/man

for tool in man lexgrog groff; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "man-check: $tool is not installed (Debian: man-db, groff-base; scripts/install-deps.sh installs them)" >&2
		exit 1
	fi
done

# What the caller's environment could change in man's output.
unset MANOPT MAN_KEEP_FORMATTING MANROFFOPT

# ".so man3/TARGET.3" is resolved from the root of a manual tree, as in an
# installed one: make a root whose manN directories are the source.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
log=$root/.log

pages=0
failed=0

fail()	# fail PAGE WHAT [LOG]: report a problem, with the tool's output
{
	echo "man-check: $1: $2"
	if [ -n "${3:-}" ]; then
		sed 's/^/    /' "$3"
	fi
	failed=1
}

for page in "$src"/*.[1-9]; do
	[ -f "$page" ] || continue
	base=${page##*/}
	name=${base%.*}
	sec=${base##*.}
	rel=man$sec/$base
	[ -e "$root/man$sec" ] || ln -s "$src" "$root/man$sec"
	pages=$((pages + 1))

	if ! (cd "$root" && MANWIDTH=80 man --warnings -E UTF-8 -l "$rel") \
		>/dev/null 2>"$log" || [ -s "$log" ]; then
		fail "$base" "man --warnings reports:" "$log"
	fi
	if ! (cd "$root" && groff -mandoc -rCHECKSTYLE=3 -ww -z -Tutf8 "$rel") \
		>"$log" 2>&1 || [ -s "$log" ]; then
		fail "$base" "groff -ww reports:" "$log"
	fi
	# lexgrog prints one 'PAGE: "NAME - DESCRIPTION"' line per name.
	if ! (cd "$root" && lexgrog "$rel") >"$log" 2>&1; then
		fail "$base" "no NAME section that whatis can read:" "$log"
	elif ! sed -n 's/^[^"]*"\(.*\)"$/\1/p' "$log" |
		awk -F ' - ' -v n="$name" '$1 == n { found = 1 } END { exit !found }'; then
		fail "$base" "its NAME section does not list $name:" "$log"
	fi
done

if [ "$pages" -eq 0 ]; then
	echo "man-check: no manual pages in ${src#"$top"/}"
	exit 1
fi
if [ "$failed" -ne 0 ]; then
	exit 1
fi
echo "man-check: $pages pages render without warnings"
