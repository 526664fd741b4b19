#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building, testing and demonstrating mgm
# needs.  Idempotent: packages already present are not touched, and nothing
# is downloaded when everything is installed.
#
# Usage: scripts/install-deps.sh [--check]
#   --check   only report what is missing; exit 1 if anything is.

set -euo pipefail

# Build of the module, libmgm and mgmctl.
PKGS_BUILD=(
	build-essential pkg-config bc flex bison libelf-dev libssl-dev
	libnl-3-dev libnl-genl-3-dev kmod cpio xz-utils zstd rsync
	python3 python3-yaml
)
# Kernels: headers for the stock 6.1 and 6.12 targets, their images for the
# VM, and the 6.12 sources from which the debug test kernel is built.
PKGS_KERNEL=(
	linux-headers-amd64 linux-image-amd64
	linux-headers-6.12-amd64 linux-image-6.12-amd64
	linux-source-6.12 dwarves
)
# Test harness and style checks.
PKGS_TEST=(
	qemu-system-x86 busybox-static iproute2 util-linux procps
	sparse codespell jq shellcheck man-db groff-base
)

ALL=("${PKGS_BUILD[@]}" "${PKGS_KERNEL[@]}" "${PKGS_TEST[@]}")

missing=()
for p in "${ALL[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#ALL[@]} packages present"
	exit 0
fi

if [ "${1:-}" = "--check" ]; then
	echo "deps: missing: ${missing[*]}"
	exit 1
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi

echo "deps: installing ${#missing[@]} package(s): ${missing[*]}"
echo "deps: (a fresh machine downloads about 400 MB: kernel sources, images, qemu; this takes a few minutes)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: done"
