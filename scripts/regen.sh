#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the uAPI header and the kernel policy/op tables from the YNL
# spec, with the generator of the same kernel release as our baseline
# (tools/net/ynl in linux-source-6.12).  The generator wants to run inside a
# kernel tree (it looks for MAINTAINERS and the schema next to the specs),
# so it runs in a scratch tree that holds just those files.
#
# Usage: scripts/regen.sh [--check]
#   --check  regenerate into a scratch dir and fail if the committed files
#            differ (used by make check).

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$("$top/scripts/kernel-source.sh")
gen="$ksrc/tools/net/ynl/ynl-gen-c.py"
spec=Documentation/netlink/specs/mgm.yaml

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/Documentation/netlink/specs"
touch "$scratch/MAINTAINERS"
cp "$ksrc/Documentation/netlink/genetlink-legacy.yaml" "$scratch/Documentation/netlink/"
cp "$top/$spec" "$scratch/$spec"

outputs=(
	"uapi --header include/uapi/linux/mgm.h"
	"kernel --header kernel/netlink-gen.h"
	"kernel --source kernel/netlink-gen.c"
)

rc=0
for o in "${outputs[@]}"; do
	read -r mode kind file <<<"$o"
	mkdir -p "$scratch/out/$(dirname "$file")"
	(cd "$scratch" && python3 "$gen" --mode "$mode" "$kind" --spec "$spec" \
		-o "out/$file" >/dev/null)
	if [ "${1:-}" = "--check" ]; then
		if ! diff -u "$top/$file" "$scratch/out/$file"; then
			echo "regen: $file is out of date with $spec (run make regen)" >&2
			rc=1
		fi
	else
		cp "$scratch/out/$file" "$top/$file"
		echo "regen: $file"
	fi
done
exit $rc
