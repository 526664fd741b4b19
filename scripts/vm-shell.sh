#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make shell [KERNEL=6.12|6.1|debug]: a root shell in the test VM, with
# mgm.ko built for that kernel in $MGM_KO_DIR and the repository (with
# build/mgmctl) as the working directory.  Ctrl-A x leaves qemu.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
k=${1:-6.12}

make -s lib tools selftests-bin examples
ko_dir=$(scripts/kmod.sh "$k")
echo "shell: insmod \$MGM_KO_DIR/mgm.ko loads the module; build/mgmctl protocol show"
exec selftests/qemu/vm.sh shell --kernel "$k" --ko-dir "$ko_dir"
