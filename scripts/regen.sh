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
	# At the genetlink-legacy level the generator writes no family
	# struct, and keeps the multicast group table static, out of reach
	# of the family in kernel/netlink.c: export it.
	case $file in
	kernel/netlink-gen.c)
		sed -i 's/^static const struct genl_multicast_group mgm_nl_mcgrps\[\]/const struct genl_multicast_group mgm_nl_mcgrps[MGM_NLGRP_MONITOR + 1]/' \
			"$scratch/out/$file" ;;
	kernel/netlink-gen.h)
		sed -i 's/^#endif \/\* _LINUX_MGM_GEN_H \*\//extern const struct genl_multicast_group mgm_nl_mcgrps[MGM_NLGRP_MONITOR + 1];\n\n&/' \
			"$scratch/out/$file" ;;
	esac
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
