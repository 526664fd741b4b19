# SPDX-License-Identifier: GPL-2.0
#
# mgm: Multicast Group Manager for Linux.
#
#   make                 mgm.ko (for KDIR), libmgm, mgmctl, mgm-static, test helpers
#   make check           everything: host checks and the VM test runs
#   make demo            the README's main job (boots a VM, shows mgmctl)
#   make bench           mgm's data path against ipmr, in a VM (7-20 min)
#   make install         DESTDIR=, PREFIX= (default /usr/local)
#   make style sparse    checkpatch and sparse on the kernel code
#   make regen           regenerate code from the netlink YAML spec
#   make deps            install the Debian packages everything needs

KERNEL ?= 6.12
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
			$(wildcard /lib/modules/6.12*-amd64/build))
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
SBINDIR ?= $(PREFIX)/sbin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)
SOVERSION := 1
B := build

CC ?= gcc
NL_CFLAGS := $(shell pkg-config --cflags libnl-3.0 libnl-genl-3.0 2>/dev/null || echo -I/usr/include/libnl3)
NL_LIBS := $(shell pkg-config --libs libnl-3.0 libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)
WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
CPPFLAGS_ALL := -Iinclude -Iinclude/uapi $(NL_CFLAGS) -D_GNU_SOURCE -DMGM_VERSION='"$(VERSION)"'
ALL_CFLAGS := $(CPPFLAGS_ALL) $(WARN) $(CFLAGS)

LIB_SRCS := lib/core.c lib/attr.c lib/protocol.c lib/iface.c lib/member.c \
	lib/mfe.c lib/config.c lib/event.c lib/win32.c lib/win32_pack.c
LIB_HDRS := include/mgm/mgm.h lib/internal.h include/uapi/linux/mgm.h \
	include/mgm/win32.h lib/win32_internal.h
LIB_PIC_OBJS := $(LIB_SRCS:%.c=$(B)/pic/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
LIB_SO := $(B)/libmgm.so.$(SOVERSION)
LIB_A := $(B)/libmgm.a

CTL_SRCS := tools/mgmctl/mgmctl.c tools/mgmctl/json.c tools/mgmctl/protocol.c \
	tools/mgmctl/interface.c tools/mgmctl/group.c tools/mgmctl/mfe.c \
	tools/mgmctl/config.c tools/mgmctl/monitor.c
CTL_OBJS := $(CTL_SRCS:%.c=$(B)/%.o)

STATIC_SRCS := tools/mgm-static/mgm-static.c tools/mgm-static/config.c
STATIC_OBJS := $(STATIC_SRCS:%.c=$(B)/%.o)

TEST_PROGS := $(B)/selftests/mgm_proto $(B)/selftests/mgm_nl_test \
	$(B)/selftests/mgm_scenarios $(B)/selftests/mcast $(B)/selftests/mgm_win32 \
	$(B)/selftests/mgm_native
EXAMPLES := $(B)/examples/rpf-proto

.PHONY: all module lib tools selftests-bin check demo install clean style \
	sparse regen deps shell bench examples

all: module lib tools selftests-bin examples

module:
	@if [ -z "$(KDIR)" ]; then \
		echo "make: no kernel build tree; install headers (make deps) or set KDIR="; exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

lib: $(LIB_SO) $(LIB_A) $(B)/libmgm.pc
tools: $(B)/mgmctl $(B)/mgm-static
selftests-bin: $(TEST_PROGS)
examples: $(EXAMPLES)

$(B)/pic/%.o: %.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(B)/%.o: %.c $(LIB_HDRS) $(wildcard tools/mgmctl/*.h selftests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_SO): $(LIB_PIC_OBJS) lib/libmgm.map
	$(CC) -shared -Wl,-soname,libmgm.so.$(SOVERSION) \
		-Wl,--version-script=lib/libmgm.map -o $@.0 $(LIB_PIC_OBJS) $(NL_LIBS)
	ln -sf libmgm.so.$(SOVERSION).0 $@
	ln -sf libmgm.so.$(SOVERSION) $(B)/libmgm.so

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

# For uninstalled use (PKG_CONFIG_PATH=build); install writes its own.
$(B)/libmgm.pc: lib/libmgm.pc.in
	sed -e 's|@PREFIX@|$(CURDIR)|' -e 's|@LIBDIR@|$(CURDIR)/$(B)|' \
		-e 's|@INCLUDEDIR@|$(CURDIR)/include|' -e 's|@VERSION@|$(VERSION)|' $< >$@

$(B)/mgmctl: $(CTL_OBJS) $(LIB_A)
	$(CC) -o $@ $(CTL_OBJS) $(LIB_A) $(NL_LIBS)

$(STATIC_OBJS): tools/mgm-static/config.h
$(B)/mgm-static: $(STATIC_OBJS) $(LIB_A)
	$(CC) -o $@ $(STATIC_OBJS) $(LIB_A) $(NL_LIBS)

# Test programs link the shared library, so the tests exercise it.
$(B)/selftests/%: $(B)/selftests/%.o $(LIB_SO)
	$(CC) -o $@ $< -L$(B) -lmgm -Wl,-rpath,'$$ORIGIN/..' $(NL_LIBS)

# Examples link the shared library, as a protocol of its own would.
$(B)/examples/%: $(B)/examples/%.o $(LIB_SO)
	$(CC) -o $@ $< -L$(B) -lmgm -Wl,-rpath,'$$ORIGIN/..' $(NL_LIBS)

# The traffic tool uses plain sockets only: it starts fast in the test VM.
$(B)/selftests/mcast: $(B)/selftests/mcast.o
	$(CC) -o $@ $<

check:
	@scripts/check.sh

demo:
	@scripts/demo.sh

# mgm against ipmr in a VM (Documentation/performance.rst); not in check.
bench:
	@scripts/bench.sh

shell:
	@scripts/vm-shell.sh $(KERNEL)

deps:
	@scripts/install-deps.sh

regen:
	@scripts/regen.sh

style:
	@scripts/style.sh checkpatch

sparse:
	@scripts/style.sh sparse

install: lib tools
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/mgm \
		$(DESTDIR)$(INCLUDEDIR)/linux $(DESTDIR)$(SBINDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 0755 $(LIB_SO).0 $(DESTDIR)$(LIBDIR)/
	ln -sf libmgm.so.$(SOVERSION).0 $(DESTDIR)$(LIBDIR)/libmgm.so.$(SOVERSION)
	ln -sf libmgm.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libmgm.so
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0644 include/mgm/mgm.h include/mgm/win32.h $(DESTDIR)$(INCLUDEDIR)/mgm/
	install -m 0644 include/uapi/linux/mgm.h $(DESTDIR)$(INCLUDEDIR)/linux/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		lib/libmgm.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libmgm.pc
	install -m 0755 $(B)/mgmctl $(DESTDIR)$(SBINDIR)/
	install -m 0755 $(B)/mgm-static $(DESTDIR)$(SBINDIR)/
	install -d $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR)
	install -m 0644 $(wildcard Documentation/man/*.3) $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 Documentation/man/mgm-static.8 Documentation/man/mgmctl.8 \
		$(DESTDIR)$(MANDIR)/man8/
	sed 's|/usr/local/sbin|$(SBINDIR)|' tools/mgm-static/mgm-static.service \
		>$(DESTDIR)$(UNITDIR)/mgm-static.service
	@if [ -n "$(KDIR)" ] && [ -f kernel/mgm.ko ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
			CONFIG_MODULE_SIG_ALL= modules_install; fi

clean:
	rm -rf $(B)
	@if [ -n "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null; fi

