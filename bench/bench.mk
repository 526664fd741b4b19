# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's programs, built with the top Makefile's flags:
#   make -f bench/bench.mk bench-bin      (from the top of the repository)
# scripts/bench.sh (make bench) does it.

include Makefile

BENCH_PROGS := $(B)/bench/ipmr_ctl $(B)/bench/firstcopy $(B)/bench/mgm_fill

.PHONY: bench-bin
bench-bin: $(BENCH_PROGS)

# ipmr_ctl and firstcopy need no library; mgm_fill links libmgm.
$(B)/bench/ipmr_ctl $(B)/bench/firstcopy: $(B)/bench/%: $(B)/bench/%.o
	$(CC) -o $@ $<

$(B)/bench/mgm_fill: $(B)/bench/mgm_fill.o $(LIB_SO)
	$(CC) -o $@ $< -L$(B) -lmgm -Wl,-rpath,'$$ORIGIN/..' $(NL_LIBS)
