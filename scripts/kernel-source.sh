#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the path of an unpacked linux-source-6.12 tree, unpacking Debian's
# tarball into the cache on first use.  Used for the YNL generator,
# checkpatch.pl and the debug test kernel.

set -euo pipefail

cache=${MGM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mgm}
tarball=/usr/src/linux-source-6.12.tar.xz
dest=$cache/src
tree=$dest/linux-source-6.12

if [ ! -f "$tarball" ]; then
	echo "kernel-source: $tarball missing (run scripts/install-deps.sh)" >&2
	exit 1
fi

# The stamp records which tarball the tree came from, so a package update
# unpacks again.
stamp="$(stat -c '%s %Y' "$tarball")"
if [ ! -f "$tree/.mgm-unpacked" ] || [ "$(cat "$tree/.mgm-unpacked")" != "$stamp" ]; then
	mkdir -p "$dest"
	exec 9>"$dest/.lock"
	flock 9
	if [ ! -f "$tree/.mgm-unpacked" ] || [ "$(cat "$tree/.mgm-unpacked")" != "$stamp" ]; then
		echo "kernel-source: unpacking $tarball (about 30 s) ..." >&2
		rm -rf "$tree" "$tree.tmp"
		mkdir -p "$tree.tmp"
		tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
		echo "$stamp" >"$tree.tmp/.mgm-unpacked"
		mv "$tree.tmp" "$tree"
	fi
fi
echo "$tree"
