// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_win32: the acceptance scenarios of spec §8 through the
 * Win32-compatible API (<mgm/win32.h>) against the live module, with the
 * common fixture of §8.0 (as selftests/mgm_scenarios.c, but every client is
 * a Win32 protocol registered with MgmRegisterMProtocol):
 *
 *   clients  A = (0x100,1), B = (0x200,1), C = (0x300,1), IGMP = (10,1),
 *            registered in that order, every callback set and logged;
 *   owners   A: if1, if5; B: if2; C: if3; if4 unowned;
 *   routes   S1 = 10.1.1.10 via 10.1.1.1 on if1, S2 = 10.2.2.20 via
 *            10.2.2.1 on if2 (selftests/mgm_win32.sh sets them up).
 *
 * Callbacks run on libmgm's library thread; every step waits until it is
 * idle (mgm_win32_sync()) and compares each client's log, in order, with
 * the exact callbacks expected.  Forwarding entries are made with the
 * native test hook mgm_inject() through an unregistered native session.
 *
 * Usage: mgm_win32 [TAG]    run the scenarios (e.g. S66: only it); as root
 *                           in a namespace holding if1..if5
 *        mgm_win32 --unit   host-only unit tests of the pure parts (record
 *                           packing, §4.0 buffer arithmetic, error mapping,
 *                           argument checks): no module needed
 */

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include <mgm/mgm.h>
#include <mgm/win32.h>

#include "test_common.h"

/* The pure parts, compiled into this program for --unit. */
#include "../lib/win32_pack.c"

/* ------------------------------------------------------------------ */
/* Fixture addresses                                                   */
/* ------------------------------------------------------------------ */

#define S1	htonl(0x0a01010aU)	/* 10.1.1.10 */
#define S2	htonl(0x0a020214U)	/* 10.2.2.20 */
#define GW1	htonl(0x0a010101U)	/* 10.1.1.1 */
#define GW2	htonl(0x0a020201U)
#define G1	htonl(0xef010101U)	/* 239.1.1.1 */
#define G2	htonl(0xef010102U)
#define G3	htonl(0xef010103U)
#define H	0xffffffffU
#define NH1	htonl(0xc0000201U)	/* 192.0.2.1 */
#define NH2	htonl(0xc0000202U)

static uint32_t ifx[6];
#define IF1 ifx[1]
#define IF2 ifx[2]
#define IF3 ifx[3]
#define IF4 ifx[4]
#define IF5 ifx[5]

#define BAD_HANDLE	((HANDLE)(uintptr_t)0xdead)
#define JOIN		MGM_JOIN_STATE_FLAG

static const char *wname(DWORD r)
{
	static __thread char b[4][24];
	static __thread int k;

	switch (r) {
	case NO_ERROR: return "NO_ERROR";
	case ERROR_NOT_ENOUGH_MEMORY: return "ERROR_NOT_ENOUGH_MEMORY";
	case ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
	case ERROR_INSUFFICIENT_BUFFER: return "ERROR_INSUFFICIENT_BUFFER";
	case ERROR_ALREADY_EXISTS: return "ERROR_ALREADY_EXISTS";
	case ERROR_MORE_DATA: return "ERROR_MORE_DATA";
	case ERROR_NO_MORE_ITEMS: return "ERROR_NO_MORE_ITEMS";
	case ERROR_CAN_NOT_COMPLETE: return "ERROR_CAN_NOT_COMPLETE";
	case ERROR_NOT_FOUND: return "ERROR_NOT_FOUND";
	}
	k = (k + 1) % 4;
	snprintf(b[k], sizeof(b[k]), "%u", r);
	return b[k];
}

static DWORD wret(const char *what, DWORD got, DWORD want)
{
	const char *m = mgm_last_error_string();

	if (got != want)
		fail_("%s returned %s, want %s%s%s", what, wname(got),
		      wname(want), m ? ": " : "", m ? m : "");
	return got;
}

#define W(call, want)	wret(#call, (call), (want))

/* A symbolic name for the fixture's addresses (network byte order). */
static const char *aname(DWORD a, char *b, size_t n)
{
	static const struct { DWORD v; const char *s; } names[] = {
		{ 0, "0" }, { H, "H" }, { 0x0a01010a, "S1" },
		{ 0x0a020214, "S2" }, { 0x0a010101, "GW1" },
		{ 0x0a020201, "GW2" }, { 0xef010101, "G1" },
		{ 0xef010102, "G2" }, { 0xef010103, "G3" },
		{ 0xc0000201, "NH1" }, { 0xc0000202, "NH2" },
	};
	struct in_addr in = { a };
	unsigned int k;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if ((k < 2 ? a : ntohl(a)) == names[k].v) {
			snprintf(b, n, "%s", names[k].s);
			return b;
		}
	inet_ntop(AF_INET, &in, b, n);
	return b;
}

static const char *iname(DWORD ifindex, char *b, size_t n)
{
	int k;

	for (k = 1; k <= 5; k++)
		if (ifindex && ifindex == ifx[k]) {
			snprintf(b, n, "if%d", k);
			return b;
		}
	snprintf(b, n, "#%u", ifindex);
	return b;
}

/* ================================================================== */
/* Host-only unit tests (--unit)                                      */
/* ================================================================== */

static void unit_errors(void)
{
	static const struct { int err; DWORD want; } t[] = {
		{ 0, NO_ERROR },
		{ -EINVAL, ERROR_INVALID_PARAMETER },
		{ -ERANGE, ERROR_INVALID_PARAMETER },
		{ -ENODEV, ERROR_INVALID_PARAMETER },
		{ -ENOENT, ERROR_NOT_FOUND },
		{ -EEXIST, ERROR_ALREADY_EXISTS },
		{ -ENOMEM, ERROR_NOT_ENOUGH_MEMORY },
		{ -ENOSPC, ERROR_NOT_ENOUGH_MEMORY },
		{ -EBUSY, ERROR_CAN_NOT_COMPLETE },
		{ -EPERM, ERROR_CAN_NOT_COMPLETE },
		{ -EIO, ERROR_CAN_NOT_COMPLETE },
		{ -EPROTO, ERROR_CAN_NOT_COMPLETE },
		{ -EOPNOTSUPP, ERROR_CAN_NOT_COMPLETE },
	};
	unsigned int k;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		EXPECT(mgm_w32_error(t[k].err) == t[k].want,
		       "errno %d maps to %s, want %s", -t[k].err,
		       wname(mgm_w32_error(t[k].err)), wname(t[k].want));
	result("unit: native errors map to the Win32 codes of spec A.4 (ERANGE, ENODEV: ERROR_INVALID_PARAMETER; EBUSY: ERROR_CAN_NOT_COMPLETE)");
}

static void unit_masks(void)
{
	uint8_t len = 99;
	int k;

	for (k = 0; k <= 32; k++) {
		DWORD m = mgm_w32_len_mask((uint8_t)k);

		len = 99;
		EXPECT(!mgm_w32_mask_len(m, &len) && len == k,
		       "length %d: mask %08x gives %u", k, ntohl(m), len);
	}
	EXPECT(mgm_w32_len_mask(32) == H && mgm_w32_len_mask(0) == 0 &&
	       mgm_w32_len_mask(16) == htonl(0xffff0000u), "masks");
	EXPECT(mgm_w32_mask_len(htonl(0xff00ff00u), &len) == -EINVAL,
	       "255.0.255.0 accepted");
	EXPECT(mgm_w32_mask_len(htonl(0x00ffffffu), &len) == -EINVAL,
	       "0.255.255.255 accepted");
	EXPECT(mgm_w32_mask_len(htonl(0xfffffffeu), &len) == 0 && len == 31,
	       "/31");
	result("unit: masks and prefix lengths convert both ways; non-contiguous masks are refused");
}

static void unit_sizes(void)
{
	EXPECT(SIZEOF_BASIC_MIB_MFE == 60 && SIZEOF_MIB_MFE(2) == 92 &&
	       SIZEOF_BASIC_MIB_MFE_STATS == 64 && SIZEOF_MIB_MFE_STATS(2) == 120 &&
	       SIZEOF_BASIC_MIB_MFE_STATS_EX == 84 &&
	       SIZEOF_MIB_MFE_STATS_EX(2) == 140 && sizeof(MIB_IPMCAST_MFE) == 76,
	       "SIZEOF_* macros");
	EXPECT(mgm_w32_record_size(0, 1) == 76 && mgm_w32_record_size(1, 2) == 120 &&
	       mgm_w32_record_size(2, 2) == 140 && mgm_w32_record_size(3, 0) == 0,
	       "record sizes by level");
	EXPECT(sizeof(SOURCE_GROUP_ENTRY) == 16 && sizeof(MGM_IF_ENTRY) == 16 &&
	       sizeof(MIB_IPMCAST_OIF_STATS) == 28 &&
	       sizeof(ROUTING_PROTOCOL_CONFIG) == 10 * sizeof(void *),
	       "structure sizes");
	result("S76/S77 unit: record sizes 60+16n, 64+28n (120 for 2 OIFs), 84+28n (140 for 2 OIFs)");
}

static struct mgm_mfe_info *unit_mfe(struct mgm_mfe_oif *oifs)
{
	static struct mgm_mfe_info mi;

	memset(&mi, 0, sizeof(mi));
	memset(oifs, 0, 2 * sizeof(*oifs));
	mi.sg = mgm_sg4(S1, 32, G1, 32);
	mi.iif = mgm_if4(7, 0);
	mi.iif_proto_id = 0x100;
	mi.upstream.v4.s_addr = GW1;
	mi.route.dst.v4.s_addr = htonl(0x0a010100u);
	mi.route.dst_len = 24;
	mi.route.proto_id = PROTO_IP_NETMGMT;
	mi.uptime_ms = 12345;
	mi.expires_ms = 899001;
	mi.timeout = 900;
	mi.stats = (struct mgm_mfe_stats){ 10, 1000, 3, 6, 10, 4, 13, 2,
					   0x100000014ull };
	oifs[0].ifc = mgm_if4(8, 0);
	oifs[0].packets = 10;
	oifs[0].discards = 1;
	oifs[0].ttl_too_low = 2;
	oifs[0].frag_needed = 3;
	oifs[1].ifc = mgm_if4(9, NH1);
	oifs[1].packets = 11;
	mi.oifs = oifs;
	mi.n_oifs = 2;
	return &mi;
}

static void unit_pack(void)
{
	struct mgm_mfe_oif oifs[2];
	struct mgm_mfe_info *mi = unit_mfe(oifs);
	uint8_t raw[512 + 1];
	uint8_t *buf = raw + 1;	/* unaligned on purpose */
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_OIF o[2];
	MIB_IPMCAST_MFE_STATS_EX x;
	MIB_IPMCAST_OIF_STATS os[2];

	memset(raw, 0xa5, sizeof(raw));
	mgm_w32_pack_mfe(MGM_W32_MFE, mi, buf);
	memcpy(&m, buf, 60);
	memcpy(o, buf + 60, sizeof(o));
	EXPECT(buf[92] == 0xa5, "the MFE record wrote past 92 bytes");
	EXPECT(m.dwGroup == G1 && m.dwSource == S1 && m.dwSrcMask == H &&
	       m.dwUpStrmNgbr == GW1 && m.dwInIfIndex == 7 &&
	       m.dwInIfProtocol == 0x100 && m.dwRouteProtocol == 3 &&
	       m.dwRouteNetwork == htonl(0x0a010100u) &&
	       m.dwRouteMask == htonl(0xffffff00u) && m.ulUpTime == 12 &&
	       m.ulExpiryTime == 900 && m.ulTimeOut == 900 &&
	       m.ulNumOutIf == 2 && !m.fFlags && !m.dwReserved,
	       "MIB_IPMCAST_MFE fields (uptime %u expiry %u)", m.ulUpTime,
	       m.ulExpiryTime);
	EXPECT(o[0].dwOutIfIndex == 8 && o[0].dwNextHopAddr == 0 &&
	       o[1].dwOutIfIndex == 9 && o[1].dwNextHopAddr == NH1 &&
	       !o[0].dwReserved && !o[1].dwReserved1, "OIF records");
	result("unit: MIB_IPMCAST_MFE packs key, route, seconds (expiry rounded up) and 16-byte OIFs");

	memset(raw, 0xa5, sizeof(raw));
	mgm_w32_pack_mfe(MGM_W32_STATS, mi, buf);
	memset(&x, 0, sizeof(x));
	memcpy(&x, buf, 64);
	memcpy(os, buf + 64, sizeof(os));
	EXPECT(buf[120] == 0xa5, "the STATS_0 record wrote past 120 bytes");
	EXPECT(x.ulUpTime == 1234 && x.ulExpiryTime == 89901 &&
	       x.ulNumOutIf == 2 && x.ulInPkts == 10 && x.ulInOctets == 1000 &&
	       x.ulPktsDifferentIf == 3 && x.ulQueueOverflow == 6,
	       "STATS_0 fields (uptime %u expiry %u)", x.ulUpTime,
	       x.ulExpiryTime);
	EXPECT(os[0].dwOutIfIndex == 8 && os[0].ulOutPackets == 10 &&
	       os[0].ulOutDiscards == 1 && os[0].ulTtlTooLow == 2 &&
	       os[0].ulFragNeeded == 3 && !os[0].dwDialContext &&
	       os[1].dwOutIfIndex == 9 && os[1].dwNextHopAddr == NH1 &&
	       os[1].ulOutPackets == 11, "OIF stats");
	result("S76 unit: MIB_IPMCAST_MFE_STATS is 120 bytes for 2 OIFs, times in 1/100 s, 28-byte OIF stats");

	memset(raw, 0xa5, sizeof(raw));
	mgm_w32_pack_mfe(MGM_W32_STATS_EX, mi, buf);
	memcpy(&x, buf, 84);
	memcpy(os, buf + 84, sizeof(os));
	EXPECT(buf[140] == 0xa5, "the STATS_1 record wrote past 140 bytes");
	EXPECT(x.ulInPkts == 10 && x.ulUninitMfe == 10 && x.ulNegativeMfe == 4 &&
	       x.ulInDiscards == 13 && x.ulInHdrErrors == 2 &&
	       x.ulTotalOutPackets == 0x14 && os[1].ulOutPackets == 11,
	       "STATS_1 fields (total out %u: 32 bits, wrapped)",
	       x.ulTotalOutPackets);
	result("S77 unit: MIB_IPMCAST_MFE_STATS_EX is 140 bytes for 2 OIFs; counters wrap at 32 bits");
}

static void unit_fill(void)
{
	struct mgm_w32_fill f;
	uint8_t buf[256];
	DWORD size, n;

	/* Too small for the first record. */
	mgm_w32_fill_init(&f, buf, 10);
	EXPECT(!mgm_w32_fill_next(&f, 76), "76 bytes fit in 10");
	size = 10;
	n = 99;
	EXPECT(mgm_w32_fill_done(&f, &size, &n) == ERROR_INSUFFICIENT_BUFFER &&
	       size == 76 && n == 0, "too small: size %u n %u", size, n);
	/* Exact fit of the whole set. */
	mgm_w32_fill_init(&f, buf, 152);
	EXPECT(mgm_w32_fill_next(&f, 76) == buf &&
	       mgm_w32_fill_next(&f, 76) == buf + 76, "two records");
	size = 152;
	EXPECT(mgm_w32_fill_done(&f, &size, &n) == ERROR_NO_MORE_ITEMS &&
	       n == 2 && size == 152, "exact fit: n %u size %u", n, size);
	/* Partial. */
	mgm_w32_fill_init(&f, buf, 151);
	mgm_w32_fill_next(&f, 76);
	EXPECT(!mgm_w32_fill_next(&f, 76) && !mgm_w32_fill_next(&f, 16),
	       "a record after the first that did not fit");
	size = 151;
	EXPECT(mgm_w32_fill_done(&f, &size, &n) == ERROR_MORE_DATA && n == 1 &&
	       size == 151, "partial: n %u size %u", n, size);
	/* Empty set with a 0-byte buffer. */
	mgm_w32_fill_init(&f, NULL, 0);
	size = 0;
	EXPECT(mgm_w32_fill_done(&f, &size, &n) == ERROR_NO_MORE_ITEMS && n == 0,
	       "empty");
	result("unit: spec 4.0 buffer protocol: INSUFFICIENT with the first record's size, exact fit NO_MORE_ITEMS, partial MORE_DATA, empty NO_MORE_ITEMS");
}

/* Argument checks that return before any request (no module needed). */
static void unit_args(void)
{
	ROUTING_PROTOCOL_CONFIG cfg = { 0 };
	MIB_IPMCAST_MFE key = { 0 };
	HANDLE h = NULL;
	DWORD size = 0, n = 0, pid, cid;

	W(MgmRegisterMProtocol(NULL, 0x100, 1, &h), ERROR_INVALID_PARAMETER);
	W(MgmRegisterMProtocol(&cfg, 0x100, 1, NULL), ERROR_INVALID_PARAMETER);
	W(MgmDeRegisterMProtocol(BAD_HANDLE), ERROR_INVALID_PARAMETER);
	W(MgmDeRegisterMProtocol(NULL), ERROR_INVALID_PARAMETER);
	W(MgmTakeInterfaceOwnership(BAD_HANDLE, 1, 0), ERROR_INVALID_PARAMETER);
	W(MgmReleaseInterfaceOwnership(BAD_HANDLE, 1, 0), ERROR_INVALID_PARAMETER);
	W(MgmAddGroupMembershipEntry(BAD_HANDLE, 0, 0, G1, H, 1, 0, JOIN),
	  ERROR_INVALID_PARAMETER);
	W(MgmDeleteGroupMembershipEntry(BAD_HANDLE, 0, 0, G1, H, 1, 0, JOIN),
	  ERROR_INVALID_PARAMETER);
	W(MgmSetMfe(BAD_HANDLE, &key), ERROR_INVALID_PARAMETER);
	W(MgmGetProtocolOnInterface(1, 0, NULL, &cid), ERROR_INVALID_PARAMETER);
	W(MgmGetProtocolOnInterface(1, 0, &pid, NULL), ERROR_INVALID_PARAMETER);
	W(MgmGetMfe(NULL, &size, NULL), ERROR_INVALID_PARAMETER);
	size = 4;
	W(MgmGetMfe(&key, &size, NULL), ERROR_INVALID_PARAMETER);
	W(MgmGetFirstMfe(NULL, NULL, &n), ERROR_INVALID_PARAMETER);
	size = 0;
	W(MgmGetFirstMfe(&size, NULL, NULL), ERROR_INVALID_PARAMETER);
	W(MgmGetNextMfe(NULL, &size, NULL, &n), ERROR_INVALID_PARAMETER);
	W(MgmGetMfeStats(&key, &size, NULL, 3), ERROR_INVALID_PARAMETER);
	W(MgmGetFirstMfeStats(&size, NULL, &n, 4), ERROR_INVALID_PARAMETER);
	W(MgmGetNextMfeStats(&key, &size, NULL, &n, 0x100), ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationStart(BAD_HANDLE, ALL_SOURCES, &h),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationGetNext(BAD_HANDLE, &size, NULL, &n),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationEnd(BAD_HANDLE), ERROR_INVALID_PARAMETER);
	W(mgm_win32_sync(100), NO_ERROR);
	result("unit: NULL pointers, bogus handles and bad dwFlags give ERROR_INVALID_PARAMETER without a kernel");
}

static int unit_main(void)
{
	unit_errors();
	unit_masks();
	unit_sizes();
	unit_pack();
	unit_fill();
	unit_args();
	return ktap_finish();
}

/* ================================================================== */
/* Live scenarios                                                      */
/* ================================================================== */

enum { A, B, C, I, X, Y, NCL };
static const char *const cl_name[NCL] = { "A", "B", "C", "IGMP", "X", "Y" };
static const DWORD cl_proto[NCL] = { 0x100, 0x200, 0x300, PROTO_IP_IGMP,
				     0x400, 0x500 };

#define LOG_MAX 256
#define LINE 200

struct client {
	HANDLE h;
	char log[LOG_MAX][LINE];
	int n;
	char exp[64][LINE];
	int nexp;
	/* behaviour */
	int rejoin;		/* S82: C joins (*,G1) on if3 from its JoinAlert */
	DWORD rejoin_ret;
	int rpf_get_mfe;	/* S82: A calls MgmGetMfe from its RPF callback */
	DWORD rpf_get_ret;
	DWORD veto;		/* creation alert: disable this interface */
	DWORD rpf_if;		/* S47: the RPF answer's interface */
	int rpf_refuse;		/* S48: refuse the RPF check */
	volatile int rpf_hold;	/* S51: hold the RPF answer until cleared */
	int prune_tmo;		/* S49: timeout + 1 to write in FALSE prunes */
	int cr_sleep_ms;	/* S50: answer creation alerts this late */
	long cr_seen_ms;	/* S50: when the MFE appeared meanwhile, or -1 */
	DWORD de_if;		/* S83: trace Disable/Enable on this if */
	int de_n;
	char de_trace[512];
};

static struct client cl[NCL];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t main_thread, cb_thread;
static int cb_thread_set, cb_thread_bad;
static struct mgm_session *adm;	/* native, unregistered: inject, dumps */
static int no_inject;
static int cb_total;		/* callbacks logged, ever */

static void logf_(int c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(int c, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&log_lock);
	if (!cb_thread_set) {
		cb_thread = pthread_self();
		cb_thread_set = 1;
	}
	if (pthread_equal(pthread_self(), main_thread) ||
	    !pthread_equal(pthread_self(), cb_thread))
		cb_thread_bad++;
	__atomic_add_fetch(&cb_total, 1, __ATOMIC_RELEASE);
	if (cl[c].n < LOG_MAX) {
		va_start(ap, fmt);
		vsnprintf(cl[c].log[cl[c].n++], LINE, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&log_lock);
}

/* (S,Smask,G,Gmask) symbolically */
#define SG4(b, s, sm, g, gm) do {					\
	char _a[4][24];							\
	snprintf((b), sizeof(b), "%s,%s,%s,%s",				\
		 aname((s), _a[0], 24), aname((sm), _a[1], 24),		\
		 aname((g), _a[2], 24), aname((gm), _a[3], 24));	\
} while (0)

static void do_rpf(int c, DWORD s, DWORD sm, DWORD g, DWORD gm, PDWORD inif,
		   PDWORD innh, PDWORD up, DWORD hsz, PBYTE hdr, PBYTE route)
{
	char q[100], i[16], u[24];
	MGM_RPF_ROUTE *rt = (MGM_RPF_ROUTE *)route;

	SG4(q, s, sm, g, gm);
	logf_(c, "Rpf(%s,%s,%s,up=%s,hdr=%s,route=%s)", q,
	      iname(*inif, i, sizeof(i)), *innh ? "nh" : "0",
	      aname(*up, u, sizeof(u)), hsz >= 20 && hdr ? "ip" : "none",
	      rt && rt->ifindex == *inif && rt->gateway == *up ? "ok" : "bad");
	if (cl[c].rpf_get_mfe) {
		MIB_IPMCAST_MFE key = { .dwGroup = g, .dwSource = s };
		DWORD size = 0;

		cl[c].rpf_get_ret = MgmGetMfe(&key, &size, NULL);
	}
	if (cl[c].rpf_hold) {
		long t0 = now_ms();

		while (__atomic_load_n(&cl[c].rpf_hold, __ATOMIC_ACQUIRE) &&
		       now_ms() - t0 < 800)
			msleep(2);
	}
	if (cl[c].rpf_refuse) {
		*inif = 0;
	} else if (cl[c].rpf_if) {
		*inif = cl[c].rpf_if;
		*innh = 0;
	}
}

static int mfe_exists(DWORD s, DWORD g);

static void do_creation(int c, DWORD s, DWORD sm, DWORD g, DWORD gm,
			DWORD iif, DWORD nh, DWORD n, PMGM_IF_ENTRY l)
{
	char q[100], i[16], o[120] = "";
	size_t off = 0;
	long t0, t;
	DWORD k;

	SG4(q, s, sm, g, gm);
	for (k = 0; k < n; k++)
		off += snprintf(o + off, sizeof(o) - off, "%s{%s,%u,%d,%d}",
				k ? "," : "", iname(l[k].dwIfIndex, i, sizeof(i)),
				l[k].dwIfNextHopAddr, l[k].bIGMP, l[k].bIsEnabled);
	logf_(c, "CreationAlert(%s,%s,%u,%u,[%s])", q,
	      iname(iif, i, sizeof(i)), nh, n, o);
	/* S50: answer late (on the library thread, which every client's
	 * callbacks share), watching when the MGM stops waiting. */
	t0 = now_ms();
	while (cl[c].cr_sleep_ms && (t = now_ms() - t0) < cl[c].cr_sleep_ms) {
		if (cl[c].cr_seen_ms < 0 && mfe_exists(s, g))
			cl[c].cr_seen_ms = t;
		msleep(50);
	}
	for (k = 0; k < n; k++)
		if (cl[c].veto && l[k].dwIfIndex == cl[c].veto)
			l[k].bIsEnabled = FALSE;
}

static void do_prune(int c, DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD ifi,
		     DWORD nh, BOOL del, PDWORD tmo)
{
	char q[100], i[16];

	SG4(q, s, sm, g, gm);
	logf_(c, "PruneAlert(%s,%s,%u,%s,%u)", q, iname(ifi, i, sizeof(i)), nh,
	      del ? "TRUE" : "FALSE", tmo ? *tmo : 0);
	if (cl[c].prune_tmo && tmo)
		*tmo = (DWORD)(cl[c].prune_tmo - 1);
}

static void do_join(int c, DWORD s, DWORD sm, DWORD g, DWORD gm, BOOL upd)
{
	char q[100];

	SG4(q, s, sm, g, gm);
	logf_(c, "JoinAlert(%s,%s)", q, upd ? "TRUE" : "FALSE");
	if (cl[c].rejoin) {
		cl[c].rejoin = 0;
		cl[c].rejoin_ret = MgmAddGroupMembershipEntry(cl[c].h, 0, 0, G1,
							      H, IF3, 0, JOIN);
	}
}

static void do_wrongif(int c, DWORD s, DWORD g, DWORD ifi, DWORD nh,
		       DWORD hsz, PBYTE hdr)
{
	char a[24], b[24], i[16];

	logf_(c, "WrongIf(%s,%s,%s,%u,%s)", aname(s, a, 24), aname(g, b, 24),
	      iname(ifi, i, sizeof(i)), nh, hsz >= 20 && hdr ? "ip" : "none");
}

static void do_local(int c, const char *k, DWORD s, DWORD sm, DWORD g,
		     DWORD gm, DWORD ifi, DWORD nh)
{
	char q[100], i[16];

	SG4(q, s, sm, g, gm);
	logf_(c, "%s(%s,%s,%u)", k, q, iname(ifi, i, sizeof(i)), nh);
}

static void do_igmp(int c, const char *k, DWORD ifi, DWORD nh)
{
	char i[16];

	logf_(c, "%s(%s,%u)", k, iname(ifi, i, sizeof(i)), nh);
	pthread_mutex_lock(&log_lock);
	if (cl[c].de_if && ifi == cl[c].de_if &&
	    cl[c].de_n < (int)sizeof(cl[c].de_trace) - 1)
		cl[c].de_trace[cl[c].de_n++] = k[0];
	pthread_mutex_unlock(&log_lock);
}

/* Win32 callbacks carry no context: one set of functions per client. */
#define CLIENT_CBS(X)							\
static DWORD rpf_##X(DWORD s, DWORD sm, DWORD g, DWORD gm, PDWORD a,	\
		     PDWORD b, PDWORD u, DWORD hs, PBYTE hd, PBYTE r)	\
{ do_rpf(X, s, sm, g, gm, a, b, u, hs, hd, r); return 0; }		\
static DWORD cr_##X(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i,	\
		    DWORD nh, DWORD n, PMGM_IF_ENTRY l)			\
{ do_creation(X, s, sm, g, gm, i, nh, n, l); return 0; }		\
static DWORD pa_##X(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i,	\
		    DWORD nh, BOOL d, PDWORD t)				\
{ do_prune(X, s, sm, g, gm, i, nh, d, t); return 0; }			\
static DWORD ja_##X(DWORD s, DWORD sm, DWORD g, DWORD gm, BOOL u)	\
{ do_join(X, s, sm, g, gm, u); return 0; }				\
static DWORD wi_##X(DWORD s, DWORD g, DWORD i, DWORD nh, DWORD hs,	\
		    PBYTE hd)						\
{ do_wrongif(X, s, g, i, nh, hs, hd); return 0; }			\
static DWORD lj_##X(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i,	\
		    DWORD nh)						\
{ do_local(X, "LocalJoin", s, sm, g, gm, i, nh); return 0; }		\
static DWORD ll_##X(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i,	\
		    DWORD nh)						\
{ do_local(X, "LocalLeave", s, sm, g, gm, i, nh); return 0; }		\
static DWORD di_##X(DWORD i, DWORD nh)					\
{ do_igmp(X, "Disable", i, nh); return 0; }				\
static DWORD en_##X(DWORD i, DWORD nh)					\
{ do_igmp(X, "Enable", i, nh); return 0; }				\
static ROUTING_PROTOCOL_CONFIG cfg_##X = {				\
	0, rpf_##X, cr_##X, pa_##X, ja_##X, wi_##X, lj_##X, ll_##X,	\
	di_##X, en_##X							\
}

CLIENT_CBS(A);
CLIENT_CBS(B);
CLIENT_CBS(C);
CLIENT_CBS(I);
CLIENT_CBS(X);
CLIENT_CBS(Y);

static ROUTING_PROTOCOL_CONFIG *const cl_cfg[NCL] = {
	&cfg_A, &cfg_B, &cfg_C, &cfg_I, &cfg_X, &cfg_Y
};

/*
 * Wait until the library thread has run every callback due: until no
 * callback came for 20 ms after it was idle (the kernel may still hold
 * events back while a socket is full).
 */
static void drain(void)
{
	long t0 = now_ms();
	int n0;

	if (mgm_win32_sync(5000))
		fail_("mgm_win32_sync: %s", mgm_last_error_string());
	do {
		n0 = __atomic_load_n(&cb_total, __ATOMIC_ACQUIRE);
		msleep(20);
		mgm_win32_sync(5000);
	} while (n0 != __atomic_load_n(&cb_total, __ATOMIC_ACQUIRE) &&
		 now_ms() - t0 < 10000);
}

static void __attribute__((format(printf, 2, 3))) ex(int c, const char *fmt, ...)
{
	va_list ap;

	if (cl[c].nexp >= 64)
		return;
	va_start(ap, fmt);
	vsnprintf(cl[c].exp[cl[c].nexp++], LINE, fmt, ap);
	va_end(ap);
}

static void ex_ja_others(int x, const char *sg)
{
	int c;

	for (c = A; c <= I; c++)
		if (c != x)
			ex(c, "JoinAlert(%s,TRUE)", sg);
}

static void ex_pa_others(int x, const char *sg, const char *ifn)
{
	int c;

	for (c = A; c <= I; c++)
		if (c != x)
			ex(c, "PruneAlert(%s,%s,0,TRUE,900)", sg, ifn);
}

/* The logs of the clients in @mask equal their expectations, in order;
 * both are reset. */
static void check_logs(unsigned int mask)
{
	int c, k, ok;

	drain();
	pthread_mutex_lock(&log_lock);
	for (c = 0; c < NCL; c++) {
		if (!(mask & (1u << c)))
			continue;
		ok = cl[c].n == cl[c].nexp;
		for (k = 0; ok && k < cl[c].n; k++)
			ok = !strcmp(cl[c].log[k], cl[c].exp[k]);
		if (!ok) {
			fail_("%s's callbacks differ from the expected ones:",
			      cl_name[c]);
			for (k = 0; k < cl[c].nexp; k++)
				ktap_diag("  expected %s", cl[c].exp[k]);
			if (!cl[c].nexp)
				ktap_diag("  expected nothing");
			for (k = 0; k < cl[c].n && k < 20; k++)
				ktap_diag("  got      %s", cl[c].log[k]);
		}
		cl[c].n = 0;
		cl[c].nexp = 0;
	}
	pthread_mutex_unlock(&log_lock);
}

/* Every client's log equals its expectations, in order; both are reset. */
static void expect_logs(void)
{
	check_logs(~0u);
}

static void clear_logs(void)
{
	int c;

	drain();
	pthread_mutex_lock(&log_lock);
	for (c = 0; c < NCL; c++)
		cl[c].n = cl[c].nexp = 0;
	pthread_mutex_unlock(&log_lock);
}

/* How many of the callbacks @c logged so far start with @prefix. */
static int log_count(int c, const char *prefix)
{
	size_t len = strlen(prefix);
	int k, n = 0;

	pthread_mutex_lock(&log_lock);
	for (k = 0; k < cl[c].n; k++)
		n += !strncmp(cl[c].log[k], prefix, len);
	pthread_mutex_unlock(&log_lock);
	return n;
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */
/* ------------------------------------------------------------------ */

static DWORD reg(int c, DWORD proto, DWORD comp)
{
	return MgmRegisterMProtocol(cl_cfg[c], proto, comp, &cl[c].h);
}

static DWORD take(int c, DWORD ifi)
{
	return MgmTakeInterfaceOwnership(cl[c].h, ifi, 0);
}

static DWORD release(int c, DWORD ifi)
{
	return MgmReleaseInterfaceOwnership(cl[c].h, ifi, 0);
}

static DWORD join(int c, DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD ifi)
{
	return MgmAddGroupMembershipEntry(cl[c].h, s, sm, g, gm, ifi, 0, JOIN);
}

static DWORD leave(int c, DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD ifi)
{
	return MgmDeleteGroupMembershipEntry(cl[c].h, s, sm, g, gm, ifi, 0,
					     JOIN);
}

static void teardown(void)
{
	static const DWORD nhs[] = { 0, 0xc0000201, 0xc0000202 };
	int c, k, j;
	DWORD r;

	drain();
	/* IGMP last: a protocol's release gives it the interface back. */
	for (j = 0; j < 2; j++)
		for (c = 0; c < NCL; c++) {
			if (!cl[c].h || (j == 0) == (c == I))
				continue;
			for (k = 1; k <= 5; k++) {
				unsigned int m;

				for (m = 0; m < 3; m++)
					MgmReleaseInterfaceOwnership(
						cl[c].h, ifx[k], htonl(nhs[m]));
			}
			r = MgmDeRegisterMProtocol(cl[c].h);
			if (r)
				ktap_diag("teardown: deregistering %s: %s",
					  cl_name[c], wname(r));
			cl[c].h = NULL;
		}
	drain();
	for (c = 0; c < NCL; c++) {
		memset(&cl[c].rejoin, 0, sizeof(cl[c]) -
		       offsetof(struct client, rejoin));
		cl[c].n = cl[c].nexp = 0;
	}
}

/* Leftover entries (IIF unowned): take and release their IIF natively. */
static void purge_mfes(void)
{
	struct mgm_session *s;
	mgm_handle_t h;
	int k, n = 0;

	mgm_mfe_dump(adm, NULL, count_mfe, &n);
	if (!n || mgm_open(&s))
		return;
	if (!mgm_protocol_register(s, 0x7ff, 1, &h))
		for (k = 1; k <= 5; k++) {
			struct mgm_if f = mgm_if4(ifx[k], 0);

			if (!mgm_if_take(s, h, &f))
				mgm_if_release(s, h, &f);
		}
	mgm_close(s);
}

static void fixture(const char *tag)
{
	int c, bad = 0, n;

	teardown();
	purge_mfes();
	for (c = A; c <= I; c++)
		if (reg(c, cl_proto[c], 1)) {
			ktap_diag("fixture: registering %s: %s", cl_name[c],
				  mgm_last_error_string());
			bad = 1;
		}
	if (take(A, IF1) || take(A, IF5) || take(B, IF2) || take(C, IF3)) {
		ktap_diag("fixture: taking interfaces: %s",
			  mgm_last_error_string());
		bad = 1;
	}
	n = 0;
	if (mgm_mfe_dump(adm, NULL, count_mfe, &n) || n) {
		ktap_diag("fixture: %d MFEs", n);
		bad = 1;
	}
	n = 0;
	if (mgm_member_dump(adm, MGM_ENUM_TYPE_ALL_SOURCES, NULL, count_member,
			    &n) || n) {
		ktap_diag("fixture: %d memberships", n);
		bad = 1;
	}
	n = 0;
	if (mgm_protocol_dump(adm, count_proto, &n) || n != 4) {
		ktap_diag("fixture: %d protocols, want 4", n);
		bad = 1;
	}
	drain();
	for (c = 0; c < NCL; c++)
		if (cl[c].n) {
			ktap_diag("fixture: %s got %d callbacks (first: %s)",
				  cl_name[c], cl[c].n, cl[c].log[0]);
			bad = 1;
		}
	clear_logs();
	if (bad)
		ktap_check(0, "fixture before %s", tag);
	st_fail = 0;
}

static void owner_is(DWORD ifi, DWORD nh, DWORD proto, DWORD comp)
{
	DWORD p = 0xffff, k = 0xffff, r;
	char i[16];

	r = MgmGetProtocolOnInterface(ifi, nh, &p, &k);
	if (r || p != proto || k != comp)
		fail_("owner of %s/%08x: %s (0x%x,%u), want (0x%x,%u)",
		      iname(ifi, i, sizeof(i)), ntohl(nh), wname(r), p, k,
		      proto, comp);
}

static void owner_none(DWORD ifi, DWORD nh)
{
	DWORD p, k;
	char i[16];

	if (MgmGetProtocolOnInterface(ifi, nh, &p, &k) != ERROR_NOT_FOUND)
		fail_("owner of %s/%08x: not ERROR_NOT_FOUND",
		      iname(ifi, i, sizeof(i)), ntohl(nh));
}

/* ------------------------------------------------------------------ */
/* Group enumeration helper                                            */
/* ------------------------------------------------------------------ */

struct glist {
	int n;
	SOURCE_GROUP_ENTRY e[64];
};

/* The whole enumeration of @type with a buffer of @bufsize bytes. */
static DWORD genum(int c, MGM_ENUM_TYPES type, DWORD bufsize, struct glist *l)
{
	BYTE buf[4096];
	HANDLE e;
	DWORD r, size, n, k;
	int calls = 0;

	memset(l, 0, sizeof(*l));
	r = MgmGroupEnumerationStart(cl[c].h, type, &e);
	if (r)
		return r;
	do {
		size = bufsize;
		n = 12345;
		r = MgmGroupEnumerationGetNext(e, &size, buf, &n);
		if (r != ERROR_MORE_DATA && r != ERROR_NO_MORE_ITEMS)
			break;
		if (n > bufsize / 16)
			fail_("GetNext returned %u records in %u bytes", n, bufsize);
		for (k = 0; k < n && l->n < 64; k++)
			memcpy(&l->e[l->n++], buf + 16 * k, 16);
	} while (r == ERROR_MORE_DATA && ++calls < 100);
	MgmGroupEnumerationEnd(e);
	return r;
}

static int ghas(const struct glist *l, DWORD s, DWORD sm, DWORD g, DWORD gm)
{
	int k, found = 0;

	for (k = 0; k < l->n; k++)
		if (l->e[k].dwSourceAddr == s && l->e[k].dwSourceMask == sm &&
		    l->e[k].dwGroupAddr == g && l->e[k].dwGroupMask == gm)
			found++;
	return found;
}

static void gdiag(const struct glist *l)
{
	char a[4][24];
	int k;

	for (k = 0; k < l->n; k++)
		ktap_diag("  record (%s,%s,%s,%s)",
			  aname(l->e[k].dwSourceAddr, a[0], 24),
			  aname(l->e[k].dwSourceMask, a[1], 24),
			  aname(l->e[k].dwGroupAddr, a[2], 24),
			  aname(l->e[k].dwGroupMask, a[3], 24));
	if (!l->n)
		ktap_diag("  no record");
}

/* ------------------------------------------------------------------ */
/* MFEs through the test hook                                          */
/* ------------------------------------------------------------------ */

static void ip_header(DWORD s, DWORD g, uint8_t *h)
{
	uint32_t sum = 0;
	int k;

	memset(h, 0, 28);
	h[0] = 0x45;
	h[3] = 100;
	h[8] = 64;
	h[9] = 17;
	memcpy(h + 12, &s, 4);
	memcpy(h + 16, &g, 4);
	for (k = 0; k < 20; k += 2)
		sum += (uint32_t)(h[k] << 8 | h[k + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	h[10] = (uint8_t)(~sum >> 8);
	h[11] = (uint8_t)~sum;
	h[25] = 80;
}

static int inject(DWORD s, DWORD g, DWORD ifi)
{
	struct mgm_sg sg = mgm_sg4(s, 32, g, 32);
	struct mgm_if f = mgm_if4(ifi, 0);
	uint8_t h[28];
	int r;

	ip_header(s, g, h);
	r = mgm_inject(adm, &sg, &f, 100, 64, h, sizeof(h));
	if (r == -EOPNOTSUPP)
		no_inject = 1;
	return r;
}

static int mfe_exists(DWORD s, DWORD g)
{
	MIB_IPMCAST_MFE key = { .dwGroup = g, .dwSource = s };
	DWORD size = 0;

	return MgmGetMfe(&key, &size, NULL) == ERROR_INSUFFICIENT_BUFFER;
}

static int make_mfe(DWORD s, DWORD g, DWORD ifi)
{
	long t0 = now_ms();
	char a[24], b[24];
	int r = inject(s, g, ifi);

	if (r) {
		fail_("mgm_inject(%s,%s): %s", aname(s, a, 24), aname(g, b, 24),
		      strerror(-r));
		return r;
	}
	while (now_ms() - t0 < 3000) {
		if (mfe_exists(s, g))
			return 0;
		msleep(10);
	}
	fail_("no MFE (%s,%s) 3 s after its first packet", aname(s, a, 24),
	      aname(g, b, 24));
	return -ETIMEDOUT;
}

#define NEED_INJECT(name) do {						\
	if (no_inject) {						\
		ktap_skip("module built without MGM_TEST", "%s", name);	\
		st_fail = 0;						\
		return;							\
	}								\
} while (0)

/* ------------------------------------------------------------------ */
/* §8.1 Registration and handles                                       */
/* ------------------------------------------------------------------ */

static void s1(void)
{
	W(reg(X, 0x400, 1), NO_ERROR);
	EXPECT(cl[X].h != NULL, "NULL handle");
	expect_logs();
	result("S1: MgmRegisterMProtocol(0x400,1) gives NO_ERROR and a handle; no callbacks");
}

static void s2(void)
{
	W(reg(X, 0x100, 1), ERROR_ALREADY_EXISTS);
	W(reg(X, 0x100, 2), NO_ERROR);
	EXPECT(cl[X].h && cl[X].h != cl[A].h, "handle");
	expect_logs();
	result("S2: (0x100,1) again gives ERROR_ALREADY_EXISTS, (0x100,2) NO_ERROR");
}

static void s3(void)
{
	W(reg(X, PROTO_IP_IGMP, 2), ERROR_ALREADY_EXISTS);
	expect_logs();
	result("S3: a second IGMP (10,2) gives ERROR_ALREADY_EXISTS");
}

static void s4(void)
{
	W(MgmDeRegisterMProtocol(cl[A].h), ERROR_CAN_NOT_COMPLETE);
	owner_is(IF1, 0, 0x100, 1);
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	expect_logs();
	result("S4: deregistering A while it owns if1, if5 gives ERROR_CAN_NOT_COMPLETE; A can still join");
}

static void s5(void)
{
	HANDLE old = cl[A].h;

	W(release(A, IF1), NO_ERROR);
	W(release(A, IF5), NO_ERROR);
	W(MgmDeRegisterMProtocol(cl[A].h), NO_ERROR);
	W(MgmTakeInterfaceOwnership(old, IF4, 0), ERROR_INVALID_PARAMETER);
	W(MgmDeRegisterMProtocol(old), ERROR_INVALID_PARAMETER);
	cl[A].h = NULL;
	expect_logs();
	result("S5: after releasing, A deregisters (NO_ERROR); its handle then gives ERROR_INVALID_PARAMETER");
}

static HANDLE s6_handle;

static void child_s6(int *res)
{
	MIB_IPMCAST_MFE m = { .dwGroup = G1, .dwSource = S1,
			      .dwUpStrmNgbr = GW1 };
	HANDLE h = NULL;

	res[0] = (int)MgmSetMfe(s6_handle, &m);
	res[1] = (int)MgmTakeInterfaceOwnership(s6_handle, IF4, 0);
	res[2] = (int)MgmRegisterMProtocol(&cfg_Y, 0x600, 1, &h);
	res[3] = h ? (int)MgmDeRegisterMProtocol(h) : -1;
}

static void s6(void)
{
	int res[CHILD_RES];

	s6_handle = cl[A].h;
	if (child_run(child_s6, res, 0, NULL)) {
		fail_("the child did not report");
	} else {
		EXPECT(res[0] == ERROR_INVALID_PARAMETER,
		       "child: MgmSetMfe with A's handle: %s", wname(res[0]));
		EXPECT(res[1] == ERROR_INVALID_PARAMETER,
		       "child: MgmTakeInterfaceOwnership with A's handle: %s",
		       wname(res[1]));
		EXPECT(res[2] == NO_ERROR && res[3] == NO_ERROR,
		       "child: its own registration %s, deregistration %s",
		       wname(res[2]), wname(res[3]));
	}
	owner_none(IF4, 0);
	expect_logs();
	result("S6: another process passing A's handle gets ERROR_INVALID_PARAMETER (and may register its own)");
}

/* ------------------------------------------------------------------ */
/* §8.2 Interface ownership                                            */
/* ------------------------------------------------------------------ */

static void s7(void)
{
	owner_is(IF1, 0, 0x100, 1);
	owner_is(IF2, 0, 0x200, 1);
	expect_logs();
	result("S7: MgmGetProtocolOnInterface(if1) gives (0x100,1)");
}

static void s8(void)
{
	owner_none(IF4, 0);
	result("S8: MgmGetProtocolOnInterface(if4) gives ERROR_NOT_FOUND");
}

static void s9(void)
{
	W(take(B, IF1), ERROR_ALREADY_EXISTS);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S9: B taking if1 gives ERROR_ALREADY_EXISTS; A still owns it");
}

static void s10(void)
{
	W(take(A, IF1), ERROR_ALREADY_EXISTS);
	expect_logs();
	result("S10: A re-taking if1 gives ERROR_ALREADY_EXISTS");
}

static void s11(void)
{
	W(MgmTakeInterfaceOwnership(BAD_HANDLE, IF4, 0), ERROR_INVALID_PARAMETER);
	W(MgmTakeInterfaceOwnership(NULL, IF4, 0), ERROR_INVALID_PARAMETER);
	W(MgmTakeInterfaceOwnership(cl[A].h, 999999, 0), ERROR_INVALID_PARAMETER);
	owner_none(IF4, 0);
	expect_logs();
	result("S11: an invalid handle gives ERROR_INVALID_PARAMETER (as does a non-existent interface)");
}

static void s12(void)
{
	W(MgmTakeInterfaceOwnership(cl[A].h, IF4, NH1), NO_ERROR);
	W(MgmTakeInterfaceOwnership(cl[B].h, IF4, NH2), NO_ERROR);
	owner_is(IF4, NH1, 0x100, 1);
	owner_is(IF4, NH2, 0x200, 1);
	owner_none(IF4, 0);
	W(MgmReleaseInterfaceOwnership(cl[A].h, IF4, NH1), NO_ERROR);
	W(MgmReleaseInterfaceOwnership(cl[B].h, IF4, NH2), NO_ERROR);
	expect_logs();
	result("S12: (if4,192.0.2.1) for A and (if4,192.0.2.2) for B are separate keys; (if4,0) ERROR_NOT_FOUND");
}

static void s13(void)
{
	W(take(I, IF1), NO_ERROR);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S13: IGMP co-owns if1 without callbacks; the owner query still gives A");
}

static void s14(void)
{
	W(take(I, IF4), NO_ERROR);
	owner_is(IF4, 0, PROTO_IP_IGMP, 1);
	W(take(B, IF4), NO_ERROR);
	ex(I, "Disable(if4,0)");
	ex(I, "Enable(if4,0)");
	expect_logs();
	owner_is(IF4, 0, 0x200, 1);
	result("S14: B taking IGMP's if4: IGMP gets Disable(if4) then Enable(if4) on the library thread; owner B");
}

static void s15(void)
{
	struct glist l;

	W(take(I, IF4), NO_ERROR);
	W(join(I, 0, 0, G1, H, IF4), NO_ERROR);
	clear_logs();
	W(take(B, IF4), NO_ERROR);
	ex(I, "Disable(if4,0)");
	ex(I, "Enable(if4,0)");
	/* IGMP's (*,G1) was purged: the component count falls to zero. */
	ex_pa_others(I, "0,0,G1,H", "if4");
	expect_logs();
	W(genum(B, ALL_SOURCES, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(!ghas(&l, 0, 0, G1, H), "(*,G1) still enumerated");
	if (st_fail)
		gdiag(&l);
	result("S15: after B takes if4, ALL_SOURCES group enumeration shows no (*,G1)");
	W(join(I, 0, 0, G1, H, IF4), NO_ERROR);
	ex(B, "LocalJoin(0,0,G1,H,if4,0)");
	ex_ja_others(B, "0,0,G1,H");
	expect_logs();
	W(genum(B, ALL_SOURCES, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(ghas(&l, 0, 0, G1, H) == 1 && l.n == 1, "(*,G1) not back");
	if (st_fail)
		gdiag(&l);
	result("S15: IGMP re-adds (*,G1) on if4: B gets LocalJoin(0,0,G1,H,if4,0), the entry is back");
}

static void s16(void)
{
	W(take(I, IF4), NO_ERROR);
	W(take(B, IF4), NO_ERROR);
	clear_logs();
	W(release(B, IF4), NO_ERROR);
	ex(I, "Disable(if4,0)");
	ex(I, "Enable(if4,0)");
	expect_logs();
	owner_is(IF4, 0, PROTO_IP_IGMP, 1);
	result("S16: B releasing if4: IGMP gets Disable then Enable; owner (10,1)");
}

static void s17(void)
{
	W(release(A, IF4), ERROR_INVALID_PARAMETER);
	W(release(B, IF1), ERROR_INVALID_PARAMETER);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S17: releasing unowned if4 or A's if1 (by B) gives ERROR_INVALID_PARAMETER");
}

/* ------------------------------------------------------------------ */
/* §8.3 Membership validation                                          */
/* ------------------------------------------------------------------ */

static void s18(void)
{
	W(MgmAddGroupMembershipEntry(BAD_HANDLE, 0, 0, G1, H, IF1, 0, JOIN),
	  ERROR_INVALID_PARAMETER);
	W(MgmDeleteGroupMembershipEntry(BAD_HANDLE, 0, 0, G1, H, IF1, 0, JOIN),
	  ERROR_INVALID_PARAMETER);
	expect_logs();
	result("S18: a join with an invalid handle gives ERROR_INVALID_PARAMETER");
}

static void s19(void)
{
	W(leave(B, 0, 0, G1, H, IF1), ERROR_INVALID_PARAMETER);
	W(join(B, 0, 0, G1, H, IF1), ERROR_INVALID_PARAMETER);
	expect_logs();
	result("S19: B's delete and add on A's if1 give ERROR_INVALID_PARAMETER");
}

static void s20(void)
{
	W(leave(A, 0, 0, G1, H, IF4), ERROR_NOT_FOUND);
	W(join(A, 0, 0, G1, H, IF4), ERROR_NOT_FOUND);
	expect_logs();
	result("S20: delete and add on unowned if4 give ERROR_NOT_FOUND");
}

static void s21(void)
{
	struct glist l;

	W(join(A, htonl(0x0a010000u), htonl(0xffff0000u), G1, H, IF1),
	  ERROR_INVALID_PARAMETER);
	W(join(A, 0, 0, G1, htonl(0xffffff00u), IF1), ERROR_INVALID_PARAMETER);
	W(join(A, S1, H, 0, 0, IF1), ERROR_INVALID_PARAMETER);
	W(join(A, S1, 0, G1, H, IF1), ERROR_INVALID_PARAMETER);
	W(join(A, 0, 0, htonl(0x0a000001u), H, IF1), ERROR_INVALID_PARAMETER);
	W(join(A, 0, htonl(0xff00ff00u), G1, H, IF1), ERROR_INVALID_PARAMETER);
	W(MgmAddGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, 0),
	  ERROR_INVALID_PARAMETER);
	W(MgmAddGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, 4),
	  ERROR_INVALID_PARAMETER);
	W(genum(A, ALL_SOURCES, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(l.n == 0, "%d records", l.n);
	if (st_fail)
		gdiag(&l);
	expect_logs();
	result("S21: ranges, (S,*), address without mask, non-class-D group, bad flags: ERROR_INVALID_PARAMETER; enumeration empty");
}

/* ------------------------------------------------------------------ */
/* §8.7 MFE creation through Win32 callbacks                           */
/* ------------------------------------------------------------------ */

static int get_mfe(DWORD s, DWORD g, BYTE *buf, DWORD cap)
{
	MIB_IPMCAST_MFE key = { .dwGroup = g, .dwSource = s };
	DWORD size = cap;

	return (int)MgmGetMfe(&key, &size, buf);
}

static void s43(void)
{
	int c, k, bad45 = 0;
	BYTE buf[256];
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_OIF o[2];

	NEED_INJECT("S43: full creation sequence through Win32 callbacks");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	drain();
	pthread_mutex_lock(&log_lock);
	for (c = A; c <= I; c++)
		for (k = 0; k < cl[c].n; k++)
			if (!strncmp(cl[c].log[k], "CreationAlert(", 14) &&
			    (c == A || strstr(cl[c].log[k], "{if1,")))
				bad45 = 1;
	pthread_mutex_unlock(&log_lock);
	ex(A, "Rpf(S1,H,G1,H,if1,0,up=GW1,hdr=ip,route=ok)");
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	ex(C, "CreationAlert(S1,H,G1,H,if1,0,1,[{if3,0,0,1}])");
	expect_logs();
	result("S43: Rpf to A, then creation alerts to B [if2] and C [if3], as Win32 callbacks");
	EXPECT(!bad45, "A got a creation alert or if1 was offered");
	result("S45: A (only the IIF) gets no creation alert; if1 is offered to nobody");
	if (W(get_mfe(S1, G1, buf, sizeof(buf)), NO_ERROR) == NO_ERROR) {
		memcpy(&m, buf, 60);
		memcpy(o, buf + 60, sizeof(o));
		EXPECT(m.dwInIfIndex == IF1 && m.dwInIfProtocol == 0x100 &&
		       m.dwUpStrmNgbr == GW1 && m.ulNumOutIf == 2 &&
		       o[0].dwOutIfIndex == IF2 && o[1].dwOutIfIndex == IF3,
		       "MFE: iif %u proto 0x%x up %08x, %u OIFs %u %u",
		       m.dwInIfIndex, m.dwInIfProtocol, ntohl(m.dwUpStrmNgbr),
		       m.ulNumOutIf, o[0].dwOutIfIndex, o[1].dwOutIfIndex);
	}
	result("S43: MgmGetMfe(S1,G1): dwInIfIndex if1, dwInIfProtocol 0x100, dwUpStrmNgbr 10.1.1.1, OIFs {if2, if3}");
	EXPECT(!cb_thread_bad && cb_thread_set &&
	       !pthread_equal(cb_thread, main_thread),
	       "callbacks ran on the caller's thread or on several threads");
	result("S43: every callback ran on one library thread, never the caller's");
}

static void s44(void)
{
	BYTE buf[256];
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_OIF o;

	NEED_INJECT("S44: creation-alert veto through bIsEnabled");
	cl[C].veto = IF3;
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	drain();
	clear_logs();
	if (W(get_mfe(S1, G1, buf, sizeof(buf)), NO_ERROR) == NO_ERROR) {
		memcpy(&m, buf, 60);
		memcpy(&o, buf + 60, sizeof(o));
		EXPECT(m.ulNumOutIf == 1 && o.dwOutIfIndex == IF2,
		       "%u OIFs, first %u", m.ulNumOutIf, o.dwOutIfIndex);
	}
	result("S44: C sets bIsEnabled = FALSE for if3: the MFE has ulNumOutIf 1 (if2)");
}

/* ------------------------------------------------------------------ */
/* §8.10 Enumeration                                                   */
/* ------------------------------------------------------------------ */

static void s66(void)
{
	MIB_IPMCAST_MFE key = { .dwGroup = G1, .dwSource = S1 };
	BYTE buf[256];
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_OIF o[2];
	DWORD size;

	NEED_INJECT("S66: MgmGetMfe buffer sizing");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	make_mfe(S1, G1, IF1);
	clear_logs();
	size = 10;
	W(MgmGetMfe(&key, &size, buf), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 92, "size %u, want 92", size);
	size = 0;
	W(MgmGetMfe(&key, &size, NULL), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 92, "size %u with no buffer, want 92", size);
	size = 91;
	W(MgmGetMfe(&key, &size, buf), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 92, "size %u for 91, want 92", size);
	result("S66: MgmGetMfe with 10 (or 0, or 91) bytes: ERROR_INSUFFICIENT_BUFFER, size 92 (60 + 2*16)");
	memset(buf, 0xa5, sizeof(buf));
	size = 92;
	W(MgmGetMfe(&key, &size, buf), NO_ERROR);
	EXPECT(size == 92 && buf[92] == 0xa5, "size %u, byte 92 %02x", size,
	       buf[92]);
	memcpy(&m, buf, 60);
	memcpy(o, buf + 60, sizeof(o));
	EXPECT(m.dwGroup == G1 && m.dwSource == S1 && m.dwSrcMask == H &&
	       m.dwUpStrmNgbr == GW1 && m.dwInIfIndex == IF1 &&
	       m.dwInIfProtocol == 0x100 && m.dwRouteProtocol == PROTO_IP_NETMGMT &&
	       m.dwRouteNetwork == S1 && m.dwRouteMask == H &&
	       m.ulNumOutIf == 2 && !m.fFlags && !m.dwReserved,
	       "record: grp %08x src %08x mask %08x up %08x iif %u proto 0x%x route %u %08x/%08x n %u",
	       ntohl(m.dwGroup), ntohl(m.dwSource), m.dwSrcMask,
	       ntohl(m.dwUpStrmNgbr), m.dwInIfIndex, m.dwInIfProtocol,
	       m.dwRouteProtocol, ntohl(m.dwRouteNetwork), m.dwRouteMask,
	       m.ulNumOutIf);
	EXPECT(o[0].dwOutIfIndex == IF2 && o[1].dwOutIfIndex == IF3 &&
	       !o[0].dwNextHopAddr && !o[0].dwReserved && !o[1].dwReserved1,
	       "OIFs %u %u", o[0].dwOutIfIndex, o[1].dwOutIfIndex);
	result("S66: retry with 92 bytes: NO_ERROR, exactly 92 bytes written, fields as the MFE, OIFs if2 < if3");
	EXPECT(m.ulTimeOut == 900 && m.ulExpiryTime > 898 &&
	       m.ulExpiryTime <= 900 && m.ulUpTime <= 2,
	       "ulTimeOut %u ulExpiryTime %u ulUpTime %u", m.ulTimeOut,
	       m.ulExpiryTime, m.ulUpTime);
	result("S60: MIB_IPMCAST_MFE: ulTimeOut 900, ulExpiryTime in (898, 900], ulUpTime <= 2 (seconds)");
	key.dwGroup = G2;
	size = sizeof(buf);
	W(MgmGetMfe(&key, &size, buf), ERROR_NOT_FOUND);
	result("S66: MgmGetMfe of an unknown entry gives ERROR_NOT_FOUND");
}

/* Walk @n records of @level in @buf: keys and sizes. */
static int walk(const BYTE *buf, DWORD n, int level, DWORD *keys, DWORD *used)
{
	DWORD k, off = 0;

	for (k = 0; k < n; k++) {
		MIB_IPMCAST_MFE m;

		memcpy(&m, buf + off, 60);
		keys[2 * k] = m.dwSource;
		keys[2 * k + 1] = m.dwGroup;
		/* ulNumOutIf is at 48 in MFE, 44 in the STATS layouts. */
		if (level == 0) {
			off += SIZEOF_MIB_MFE(m.ulNumOutIf);
		} else {
			MIB_IPMCAST_MFE_STATS st;

			memcpy(&st, buf + off, 64);
			off += level == 1 ? SIZEOF_MIB_MFE_STATS(st.ulNumOutIf) :
			       SIZEOF_MIB_MFE_STATS_EX(st.ulNumOutIf);
		}
	}
	*used = off;
	return 0;
}

static int keys_are(const DWORD *keys, DWORD n, int cnt, ...)
{
	va_list ap;
	int k, ok = (int)n == cnt;

	va_start(ap, cnt);
	for (k = 0; k < cnt; k++) {
		DWORD s = va_arg(ap, DWORD), g = va_arg(ap, DWORD);

		if (ok && (keys[2 * k] != s || keys[2 * k + 1] != g))
			ok = 0;
	}
	va_end(ap);
	return ok;
}

/* One first/next call. */
static DWORD mfe_call(const MIB_IPMCAST_MFE *start, DWORD cap, int stats,
		      DWORD flags, BYTE *buf, DWORD *size, DWORD *n)
{
	MIB_IPMCAST_MFE key;

	*size = cap;
	*n = 4242;
	if (start)
		key = *start;
	if (!stats)
		return start ? MgmGetNextMfe(&key, size, buf, n) :
			       MgmGetFirstMfe(size, buf, n);
	return start ? MgmGetNextMfeStats(&key, size, buf, n, flags) :
		       MgmGetFirstMfeStats(size, buf, n, flags);
}

static void child_s72(int *res)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	BYTE buf[4096];
	DWORD size = sizeof(buf), n = 0, keys[16], used;
	MIB_IPMCAST_MFE key = { .dwGroup = G1, .dwSource = S1 };

	res[0] = syscall(SYS_capget, &hdr, data);
	data[0].effective &= ~(1u << CAP_NET_ADMIN);
	data[0].permitted &= ~(1u << CAP_NET_ADMIN);
	if (!res[0])
		res[0] = syscall(SYS_capset, &hdr, data);
	res[1] = (int)MgmGetFirstMfe(&size, buf, &n);
	res[2] = (int)n;
	walk(buf, n, 0, keys, &used);
	res[3] = n == 3 && keys[1] == G1 && keys[0] == S1 && keys[3] == G1 &&
		 keys[2] == S2 && keys[5] == G2;
	size = sizeof(buf);
	res[4] = (int)MgmGetFirstMfeStats(&size, buf, &n, MGM_MFE_STATS_1);
	res[5] = (int)n;
	size = sizeof(buf);
	res[6] = (int)MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_0);
}

static void s67(void)
{
	const MIB_IPMCAST_MFE k11 = { .dwGroup = G1, .dwSource = S1 };
	const MIB_IPMCAST_MFE k21 = { .dwGroup = G1, .dwSource = S2 };
	const MIB_IPMCAST_MFE k12 = { .dwGroup = G2, .dwSource = S1 };
	BYTE buf[4096];
	DWORD size, n, keys[32], used;
	int res[CHILD_RES], lv;

	NEED_INJECT("S67: ordering");
	W(join(C, 0, 0, 0, 0, IF3), NO_ERROR);
	make_mfe(S2, G1, IF2);
	make_mfe(S1, G2, IF1);
	make_mfe(S1, G1, IF1);
	clear_logs();

	W(mfe_call(NULL, sizeof(buf), 0, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 3, S1, G1, S2, G1, S1, G2) && used == 228 &&
	       size == sizeof(buf), "%u entries, %u bytes, size %u", n, used, size);
	result("S67: MgmGetFirstMfe (4096 bytes): ERROR_NO_MORE_ITEMS, 3 records (S1,G1), (S2,G1), (S1,G2), 76 bytes each");

	for (lv = 1; lv <= 2; lv++) {
		W(mfe_call(NULL, sizeof(buf), 1, lv, buf, &size, &n),
		  ERROR_NO_MORE_ITEMS);
		walk(buf, n, lv, keys, &used);
		EXPECT(keys_are(keys, n, 3, S1, G1, S2, G1, S1, G2) &&
		       used == 3 * (lv == 1 ? 92u : 112u),
		       "STATS_%d: %u entries, %u bytes", lv - 1, n, used);
	}
	W(mfe_call(NULL, sizeof(buf), 1, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 3, S1, G1, S2, G1, S1, G2) && used == 228,
	       "stats flags 0: %u entries %u bytes", n, used);
	result("S67: MgmGetFirstMfeStats: STATS_0 92-byte, STATS_1 112-byte, flags 0 76-byte records in the same order");

	W(mfe_call(NULL, 100, 0, 0, buf, &size, &n), ERROR_MORE_DATA);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 1, S1, G1) && size == 100, "first: %u", n);
	W(mfe_call(&k11, 100, 0, 0, buf, &size, &n), ERROR_MORE_DATA);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 1, S2, G1), "after (S1,G1): %u", n);
	W(mfe_call(&k21, 100, 0, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 1, S1, G2), "after (S2,G1): %u", n);
	W(mfe_call(&k12, 100, 0, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 0, "after (S1,G2): %u entries", n);
	result("S68: 100-byte pages: (S1,G1) MORE_DATA, (S2,G1) MORE_DATA, (S1,G2) NO_MORE_ITEMS, then 0 entries NO_MORE_ITEMS");

	W(mfe_call(NULL, 228, 0, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 3, "exact fit: %u entries", n);
	W(mfe_call(NULL, 227, 0, 0, buf, &size, &n), ERROR_MORE_DATA);
	EXPECT(n == 2, "227 bytes: %u entries", n);
	W(mfe_call(&k11, 152, 0, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 2, "next, exact fit of the rest: %u entries", n);
	W(mfe_call(NULL, 3 * 92, 1, MGM_MFE_STATS_0, buf, &size, &n),
	  ERROR_NO_MORE_ITEMS);
	EXPECT(n == 3, "STATS_0 exact fit: %u", n);
	W(mfe_call(&k11, 111, 1, MGM_MFE_STATS_1, buf, &size, &n),
	  ERROR_INSUFFICIENT_BUFFER);
	EXPECT(n == 0 && size == 112, "STATS_1 next with 111 bytes: %u, size %u",
	       n, size);
	result("S68: exact fit (228 bytes) NO_MORE_ITEMS; 227 bytes 2 records MORE_DATA; the stats forms page alike");

	W(mfe_call(NULL, 0, 0, 0, buf, &size, &n), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 76 && n == 0, "size %u entries %u", size, n);
	size = 0;
	W(MgmGetFirstMfe(&size, NULL, &n), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 76, "no buffer: size %u", size);
	W(mfe_call(NULL, 75, 1, MGM_MFE_STATS_0, buf, &size, &n),
	  ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 92 && n == 0, "STATS_0: size %u", size);
	result("S69: MgmGetFirstMfe with 0 bytes: ERROR_INSUFFICIENT_BUFFER, size 76, 0 entries (STATS_0: 92)");

	if (child_run(child_s72, res, 0, NULL)) {
		fail_("the child did not report");
	} else {
		EXPECT(res[0] == 0, "child: dropping CAP_NET_ADMIN: %d", res[0]);
		EXPECT(res[1] == ERROR_NO_MORE_ITEMS && res[2] == 3 && res[3] == 1,
		       "child: MgmGetFirstMfe %s, %d entries, order %d",
		       wname(res[1]), res[2], res[3]);
		EXPECT(res[4] == ERROR_NO_MORE_ITEMS && res[5] == 3,
		       "child: MgmGetFirstMfeStats %s, %d entries",
		       wname(res[4]), res[5]);
		EXPECT(res[6] == NO_ERROR, "child: MgmGetMfeStats %s",
		       wname(res[6]));
	}
	result("S72: an unregistered process without CAP_NET_ADMIN enumerates MFEs and statistics");

	/* S71: the cursor's entry is deleted between calls. */
	W(mfe_call(&k11, 100, 0, 0, buf, &size, &n), ERROR_MORE_DATA);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 1, S2, G1), "got %u", n);
	W(release(B, IF2), NO_ERROR);
	drain();
	EXPECT(!mfe_exists(S2, G1), "(S2,G1) survived the release of if2");
	W(mfe_call(&k21, 100, 0, 0, buf, &size, &n), ERROR_NO_MORE_ITEMS);
	walk(buf, n, 0, keys, &used);
	EXPECT(keys_are(keys, n, 1, S1, G2), "after the deleted (S2,G1): %u", n);
	clear_logs();
	result("S71: after (S2,G1) is deleted, MgmGetNextMfe(S2,G1) still returns (S1,G2)");
}

static void s70(void)
{
	BYTE buf[16];
	DWORD size, n;

	W(mfe_call(NULL, 0, 0, 0, NULL, &size, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 0 && size == 0, "%u entries, size %u", n, size);
	W(mfe_call(NULL, sizeof(buf), 1, MGM_MFE_STATS_1, buf, &size, &n),
	  ERROR_NO_MORE_ITEMS);
	EXPECT(n == 0, "%u entries", n);
	result("S70: empty table: MgmGetFirstMfe with size 0 gives ERROR_NO_MORE_ITEMS and 0 entries (stats too)");
}

static void s73(void)
{
	struct glist l;
	HANDLE e;
	BYTE buf[64];
	DWORD size, n;

	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(B, S1, H, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	W(join(C, 0, 0, G2, H, IF3), NO_ERROR);
	clear_logs();
	W(genum(B, ALL_SOURCES, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(l.n == 3 && ghas(&l, 0, 0, G1, H) == 1 &&
	       ghas(&l, S1, H, G1, H) == 1 && ghas(&l, 0, 0, G2, H) == 1,
	       "ALL_SOURCES: %d records", l.n);
	if (st_fail)
		gdiag(&l);
	result("S73: ALL_SOURCES: ERROR_NO_MORE_ITEMS, records (0,0,G1,H), (S1,H,G1,H), (0,0,G2,H)");
	W(genum(B, ANY_SOURCE, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(l.n == 2 && ghas(&l, 0, 0, G1, H) == 1 &&
	       ghas(&l, 0, 0, G2, H) == 1, "ANY_SOURCE: %d records", l.n);
	if (st_fail)
		gdiag(&l);
	result("S73: ANY_SOURCE: records (0,0,G1,H), (0,0,G2,H)");
	W(MgmGroupEnumerationStart(cl[B].h, ALL_SOURCES, &e), NO_ERROR);
	size = sizeof(buf);
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 3 && size == sizeof(buf), "%u records, size %u", n, size);
	size = sizeof(buf);
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 0, "after the end: %u records", n);
	W(MgmGroupEnumerationEnd(e), NO_ERROR);
	W(MgmGroupEnumerationEnd(e), ERROR_INVALID_PARAMETER);
	size = sizeof(buf);
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_INVALID_PARAMETER);
	expect_logs();
	result("S73: after the end GetNext keeps giving ERROR_NO_MORE_ITEMS with 0; End NO_ERROR, End again ERROR_INVALID_PARAMETER");
}

static void s74(void)
{
	struct glist l, all;
	HANDLE e;
	BYTE buf[64];
	DWORD size, n;
	int k;

	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(B, S1, H, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G2, H, IF3), NO_ERROR);
	clear_logs();
	W(MgmGroupEnumerationStart(cl[B].h, ALL_SOURCES, &e), NO_ERROR);
	size = 8;
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 16 && n == 0, "size %u, %u records", size, n);
	size = 0;
	W(MgmGroupEnumerationGetNext(e, &size, NULL, &n), ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 16 && n == 0, "no buffer: size %u", size);
	result("S74: GetNext with 8 (or 0) bytes: ERROR_INSUFFICIENT_BUFFER, size 16, 0 records");
	/* The failed calls moved nothing: 40 bytes take two, then one. */
	size = 40;
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_MORE_DATA);
	EXPECT(n == 2 && size == 40, "40 bytes: %u records", n);
	memset(&l, 0, sizeof(l));
	for (k = 0; k < (int)n; k++)
		memcpy(&l.e[l.n++], buf + 16 * k, 16);
	size = 16;
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 1, "then 16 bytes: %u records", n);
	if (n == 1)
		memcpy(&l.e[l.n++], buf, 16);
	EXPECT(l.n == 3 && ghas(&l, 0, 0, G1, H) == 1 &&
	       ghas(&l, S1, H, G1, H) == 1 && ghas(&l, 0, 0, G2, H) == 1,
	       "paged records differ");
	if (st_fail)
		gdiag(&l);
	W(MgmGroupEnumerationEnd(e), NO_ERROR);
	result("S74: 40 bytes: 2 records ERROR_MORE_DATA, then the last ERROR_NO_MORE_ITEMS, no duplicate");
	W(MgmGroupEnumerationStart(cl[C].h, ALL_SOURCES, &e), NO_ERROR);
	size = 48;
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_NO_MORE_ITEMS);
	EXPECT(n == 3 && size == 48, "exact fit: %u records", n);
	W(MgmGroupEnumerationEnd(e), NO_ERROR);
	W(genum(C, ALL_SOURCES, 16, &all), ERROR_NO_MORE_ITEMS);
	EXPECT(all.n == 3, "one record per call: %d", all.n);
	result("S74: exact fit (48 bytes) gives 3 records and ERROR_NO_MORE_ITEMS; 16-byte pages give all 3");
	expect_logs();
}

static void s75(void)
{
	HANDLE e = NULL, e2 = NULL;
	BYTE buf[64];
	DWORD size = sizeof(buf), n;

	W(MgmGroupEnumerationGetNext(BAD_HANDLE, &size, buf, &n),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationGetNext(NULL, &size, buf, &n),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationStart(BAD_HANDLE, ALL_SOURCES, &e),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationStart(cl[A].h, (MGM_ENUM_TYPES)2, &e),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationStart(cl[A].h, ALL_SOURCES, NULL),
	  ERROR_INVALID_PARAMETER);
	/* A protocol handle is not an enumeration handle, nor the reverse. */
	W(MgmGroupEnumerationGetNext(cl[A].h, &size, buf, &n),
	  ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationStart(cl[A].h, ALL_SOURCES, &e), NO_ERROR);
	W(MgmTakeInterfaceOwnership(e, IF4, 0), ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationStart(cl[A].h, ANY_SOURCE, &e2), NO_ERROR);
	EXPECT(e != e2, "two enumerations share a handle");
	W(MgmGroupEnumerationEnd(e2), NO_ERROR);
	/* Deregistration closes the protocol's enumeration handles. */
	W(reg(X, 0x400, 1), NO_ERROR);
	W(MgmGroupEnumerationStart(cl[X].h, ALL_SOURCES, &e2), NO_ERROR);
	W(MgmDeRegisterMProtocol(cl[X].h), NO_ERROR);
	cl[X].h = NULL;
	size = sizeof(buf);
	W(MgmGroupEnumerationGetNext(e2, &size, buf, &n), ERROR_INVALID_PARAMETER);
	W(MgmGroupEnumerationEnd(e2), ERROR_INVALID_PARAMETER);
	size = sizeof(buf);
	W(MgmGroupEnumerationGetNext(e, &size, buf, &n), ERROR_NO_MORE_ITEMS);
	W(MgmGroupEnumerationEnd(e), NO_ERROR);
	expect_logs();
	result("S75: bogus enumeration handle, bad protocol handle, enum type 2, NULL: ERROR_INVALID_PARAMETER; deregistration closes its enumerations");
}

/* ------------------------------------------------------------------ */
/* §8.11 Statistics                                                    */
/* ------------------------------------------------------------------ */

static void s76(void)
{
	MIB_IPMCAST_MFE key = { .dwGroup = G1, .dwSource = S1 };
	MIB_IPMCAST_MFE_STATS_EX x0, x1;
	MIB_IPMCAST_OIF_STATS os[2];
	struct mgm_mfe_info *mi = NULL;
	struct mgm_sg sg = mgm_sg4(S1, 32, G1, 32);
	BYTE buf[256];
	DWORD size;
	int k;

	NEED_INJECT("S76: statistics records");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	make_mfe(S1, G1, IF1);
	clear_logs();
	size = sizeof(buf);
	memset(&x0, 0, sizeof(x0));
	if (W(MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_1), NO_ERROR) == 0)
		memcpy(&x0, buf, 84);
	for (k = 0; k < 10; k++)
		if (inject(S1, G1, IF1))
			fail_("inject %d", k);
	size = 20;
	W(MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_0),
	  ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 120, "STATS_0 size %u, want 120", size);
	memset(buf, 0xa5, sizeof(buf));
	W(MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_0), NO_ERROR);
	EXPECT(buf[120] == 0xa5, "more than 120 bytes written");
	memset(&x1, 0, sizeof(x1));
	memcpy(&x1, buf, 64);
	memcpy(os, buf + 64, sizeof(os));
	EXPECT(x1.ulNumOutIf == 2 && x1.ulInPkts - x0.ulInPkts == 10 &&
	       x1.ulInOctets - x0.ulInOctets == 1000 &&
	       os[0].dwOutIfIndex == IF2 && os[1].dwOutIfIndex == IF3,
	       "n %u, ulInPkts +%u, ulInOctets +%u, OIFs %u %u", x1.ulNumOutIf,
	       x1.ulInPkts - x0.ulInPkts, x1.ulInOctets - x0.ulInOctets,
	       os[0].dwOutIfIndex, os[1].dwOutIfIndex);
	EXPECT(x1.ulExpiryTime > 89800 && x1.ulExpiryTime <= 90000 &&
	       x1.ulUpTime < 500, "ulExpiryTime %u ulUpTime %u (1/100 s)",
	       x1.ulExpiryTime, x1.ulUpTime);
	if (!mgm_mfe_get(adm, &sg, &mi)) {
		EXPECT(mi->n_oifs == 2 &&
		       os[0].ulOutPackets == (ULONG)mi->oifs[0].packets &&
		       os[1].ulOutPackets == (ULONG)mi->oifs[1].packets &&
		       x1.ulInPkts == (ULONG)mi->stats.in_packets,
		       "per-OIF counters differ from the native ones");
		mgm_mfe_free(mi);
	} else {
		fail_("native get failed");
	}
	result("S76: MGM_MFE_STATS_0: small buffer gives size 120 (64 + 2*28); ulInPkts +10, ulInOctets +1000, times in 1/100 s");

	size = 139;
	W(MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_1),
	  ERROR_INSUFFICIENT_BUFFER);
	EXPECT(size == 140, "STATS_1 size %u, want 140", size);
	memset(buf, 0xa5, sizeof(buf));
	W(MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_1), NO_ERROR);
	EXPECT(buf[140] == 0xa5, "more than 140 bytes written");
	memcpy(&x1, buf, 84);
	memcpy(os, buf + 84, sizeof(os));
	EXPECT(x1.ulTotalOutPackets - x0.ulTotalOutPackets == 20 &&
	       x1.ulInPkts - x0.ulInPkts == 10 && os[1].dwOutIfIndex == IF3,
	       "ulTotalOutPackets +%u, want +20",
	       x1.ulTotalOutPackets - x0.ulTotalOutPackets);
	result("S77: MGM_MFE_STATS_1: size 140 (84 + 2*28); ulTotalOutPackets +20");
	W(MgmGetMfeStats(&key, &size, buf, 3), ERROR_INVALID_PARAMETER);
	size = sizeof(buf);
	W(MgmGetMfeStats(&key, &size, buf, 0), NO_ERROR);
	result("S76: dwFlags 0 gives the MIB_IPMCAST_MFE record, 3 ERROR_INVALID_PARAMETER");
}

/* ------------------------------------------------------------------ */
/* §8.12: calling the MGM from a callback                              */
/* ------------------------------------------------------------------ */

static void s82(void)
{
	struct glist l;

	cl[C].rejoin = 1;
	cl[C].rejoin_ret = 0xffff;
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	ex(A, "JoinAlert(0,0,G1,H,TRUE)");	/* C: the second component */
	expect_logs();
	EXPECT(cl[C].rejoin_ret == NO_ERROR,
	       "C's join from its JoinAlert callback returned %s",
	       wname(cl[C].rejoin_ret));
	W(genum(C, ALL_SOURCES, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(l.n == 1 && ghas(&l, 0, 0, G1, H), "%d records", l.n);
	result("S82: C calls MgmAddGroupMembershipEntry from its JoinAlert callback: NO_ERROR, no deadlock");
	if (no_inject) {
		ktap_skip("module built without MGM_TEST",
			  "S82: MgmGetMfe from inside A's RPF callback");
		return;
	}
	cl[A].rpf_get_mfe = 1;
	cl[A].rpf_get_ret = 0xffff;
	make_mfe(S1, G1, IF1);
	ex(A, "Rpf(S1,H,G1,H,if1,0,up=GW1,hdr=ip,route=ok)");
	ex(C, "CreationAlert(S1,H,G1,H,if1,0,1,[{if3,0,0,1}])");
	expect_logs();
	EXPECT(cl[A].rpf_get_ret == ERROR_NOT_FOUND,
	       "MgmGetMfe in the RPF callback gave %s", wname(cl[A].rpf_get_ret));
	result("S82: MgmGetMfe from A's RPF callback gives ERROR_NOT_FOUND, no deadlock; the MFE is then installed");
}

/* Deregistration from another thread waits for a running callback. */
static void s5b(void)
{
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex_ja_others(B, "0,0,G1,H");
	expect_logs();
	W(release(C, IF3), NO_ERROR);
	W(MgmDeRegisterMProtocol(cl[C].h), NO_ERROR);
	cl[C].h = NULL;
	W(leave(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex(A, "PruneAlert(0,0,G1,H,if2,0,TRUE,900)");
	ex(I, "PruneAlert(0,0,G1,H,if2,0,TRUE,900)");
	expect_logs();
	result("S5: a deregistered protocol gets no more callbacks; the others still do");
}

/* ================================================================== */
/* More scenarios: helpers                                             */
/* ================================================================== */

#define NOROUTE	htonl(0xcb007109U)	/* 203.0.113.9 */

static struct mgm_config saved_cfg;
static int cfg_changed;

static void ex_ja(int c, const char *sg, int mu)
{
	ex(c, "JoinAlert(%s,%s)", sg, mu ? "TRUE" : "FALSE");
}

/* A member prune (TRUE), or the FALSE prune on the entry's IIF; both
 * with the default timeout preset. */
static void ex_pa(int c, const char *sg, const char *ifn, int mu)
{
	ex(c, "PruneAlert(%s,%s,0,%s,900)", sg, ifn, mu ? "TRUE" : "FALSE");
}

static void ex_local(int c, const char *kind, const char *sg, const char *ifn)
{
	ex(c, "%s(%s,%s,0)", kind, sg, ifn);
}

#define RPF_S1(g)	"Rpf(S1,H," g ",H,if1,0,up=GW1,hdr=ip,route=ok)"

/* The native handle of a fixture client (for the membership dump). */
struct hfind {
	DWORD proto;
	mgm_handle_t h;
};

static int hfind_cb(const struct mgm_protocol_info *info, void *arg)
{
	struct hfind *f = arg;

	if (info->proto_id == f->proto && info->component_id == 1)
		f->h = info->handle;
	return 0;
}

static mgm_handle_t nhandle(int c)
{
	struct hfind f = { cl_proto[c], 0 };

	mgm_protocol_dump(adm, hfind_cb, &f);
	return f.h;
}

/* Membership table (native dump: the Win32 records carry no interfaces). */
struct mrec {
	DWORD s, sm, g, gm;
	unsigned int n;
	struct {
		uint32_t ifindex;
		mgm_handle_t comp;
		uint32_t by;
	} oifs[8];
};

struct mlist {
	int n;
	struct mrec r[64];
};

static DWORD len_mask(uint8_t len)
{
	return len ? htonl(0xffffffffU << (32 - len)) : 0;
}

static int mlist_cb(const struct mgm_member_info *info, void *arg)
{
	struct mlist *l = arg;
	struct mrec *m;
	unsigned int k;

	if (l->n >= 64)
		return 0;
	m = &l->r[l->n++];
	m->s = info->sg.src.v4.s_addr;
	m->sm = len_mask(info->sg.src_len);
	m->g = info->sg.grp.v4.s_addr;
	m->gm = len_mask(info->sg.grp_len);
	m->n = info->n_oifs;
	for (k = 0; k < info->n_oifs && k < 8; k++) {
		m->oifs[k].ifindex = info->oifs[k].ifc.ifindex;
		m->oifs[k].comp = info->oifs[k].component;
		m->oifs[k].by = info->oifs[k].by;
	}
	return 0;
}

static int mdump(struct mlist *l)
{
	memset(l, 0, sizeof(*l));
	return mgm_member_dump(adm, MGM_ENUM_TYPE_ALL_SOURCES, NULL, mlist_cb,
			       l);
}

static void mlist_diag(const struct mlist *l)
{
	char a[4][24], f[16];
	unsigned int j;
	int k;

	for (k = 0; k < l->n; k++) {
		char o[200] = "";
		size_t off = 0;

		for (j = 0; j < l->r[k].n && j < 8; j++)
			off += snprintf(o + off, sizeof(o) - off,
					" %s(comp %llu by %u)",
					iname(l->r[k].oifs[j].ifindex, f,
					      sizeof(f)),
					(unsigned long long)l->r[k].oifs[j].comp,
					l->r[k].oifs[j].by);
		ktap_diag("  member entry (%s,%s,%s,%s):%s",
			  aname(l->r[k].s, a[0], 24), aname(l->r[k].sm, a[1], 24),
			  aname(l->r[k].g, a[2], 24), aname(l->r[k].gm, a[3], 24),
			  o);
	}
	if (!l->n)
		ktap_diag("  membership table empty");
}

static void members_empty(void)
{
	struct mlist l;
	int r = mdump(&l);

	if (r || l.n) {
		fail_("membership dump returned %d with %d entries, want 0 entries",
		      r, l.n);
		mlist_diag(&l);
	}
}

/* member_is(s, sm, g, gm, n, ifindex, client, by, ...) */
static void member_is(DWORD s, DWORD sm, DWORD g, DWORD gm, unsigned int n, ...)
{
	struct mlist l;
	const struct mrec *m = NULL;
	unsigned int k, j, bad = 0;
	va_list ap;
	int r = mdump(&l), q;

	for (q = 0; q < l.n; q++)
		if (l.r[q].s == s && l.r[q].sm == sm && l.r[q].g == g &&
		    l.r[q].gm == gm)
			m = &l.r[q];
	if (r || !m) {
		fail_("membership dump (%d) has no such entry", r);
		mlist_diag(&l);
		return;
	}
	if (m->n != n)
		bad = 1;
	va_start(ap, n);
	for (k = 0; k < n; k++) {
		uint32_t ifi = va_arg(ap, uint32_t);
		int owner = va_arg(ap, int);
		uint32_t by = va_arg(ap, uint32_t);
		mgm_handle_t h = nhandle(owner);
		int found = 0;

		for (j = 0; j < m->n && j < 8; j++)
			if (m->oifs[j].ifindex == ifi && h &&
			    m->oifs[j].comp == h && m->oifs[j].by == by)
				found = 1;
		if (!found)
			bad = 1;
	}
	va_end(ap);
	if (bad) {
		fail_("member entry has other interfaces than expected (%u wanted)",
		      n);
		mlist_diag(&l);
	}
}

/* MgmGetMfe: the record and up to 8 OIFs. */
static DWORD mfe_rec(DWORD s, DWORD g, MIB_IPMCAST_MFE *m, MIB_IPMCAST_OIF *o)
{
	MIB_IPMCAST_MFE key = { .dwGroup = g, .dwSource = s };
	BYTE buf[60 + 8 * 16];
	DWORD size = sizeof(buf), r;

	memset(m, 0, sizeof(*m));
	r = MgmGetMfe(&key, &size, buf);
	if (r == NO_ERROR) {
		memcpy(m, buf, 60);
		if (o)
			memcpy(o, buf + 60, 16 * (m->ulNumOutIf < 8 ?
						  m->ulNumOutIf : 8));
	}
	return r;
}

/* MgmGetMfeStats(MGM_MFE_STATS_1): the 84-byte part. */
static DWORD mfe_stx(DWORD s, DWORD g, MIB_IPMCAST_MFE_STATS_EX *x)
{
	MIB_IPMCAST_MFE key = { .dwGroup = g, .dwSource = s };
	BYTE buf[84 + 8 * 28];
	DWORD size = sizeof(buf), r;

	memset(x, 0, sizeof(*x));
	r = MgmGetMfeStats(&key, &size, buf, MGM_MFE_STATS_1);
	if (r == NO_ERROR)
		memcpy(x, buf, 84);
	else
		fail_("MgmGetMfeStats: %s", wname(r));
	return r;
}

static int cmp_dw(const void *a, const void *b)
{
	DWORD x = *(const DWORD *)a, y = *(const DWORD *)b;

	return x < y ? -1 : x > y;
}

/* mfe_is(s, g, iif, n, ifindex...): MgmGetMfe gives this IIF and exactly
 * these OIFs, in ascending order. */
static void mfe_is(DWORD s, DWORD g, DWORD iif, unsigned int n, ...)
{
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_OIF o[8];
	DWORD want[8];
	unsigned int k;
	char a[24], b[24], f[16];
	va_list ap;
	DWORD r;
	int ok;

	va_start(ap, n);
	for (k = 0; k < n && k < 8; k++)
		want[k] = va_arg(ap, DWORD);
	va_end(ap);
	qsort(want, n, sizeof(want[0]), cmp_dw);
	r = mfe_rec(s, g, &m, o);
	if (r) {
		fail_("MgmGetMfe(%s,%s): %s", aname(s, a, 24), aname(g, b, 24),
		      wname(r));
		return;
	}
	ok = m.dwSource == s && m.dwGroup == g && m.dwInIfIndex == iif &&
	     m.ulNumOutIf == n;
	for (k = 0; ok && k < n; k++)
		ok = o[k].dwOutIfIndex == want[k];
	if (!ok) {
		fail_("MFE (%s,%s) differs: iif %s, %u OIFs, want %u",
		      aname(s, a, 24), aname(g, b, 24),
		      iname(m.dwInIfIndex, f, sizeof(f)), m.ulNumOutIf, n);
		for (k = 0; k < m.ulNumOutIf && k < 8; k++)
			ktap_diag("  OIF %s", iname(o[k].dwOutIfIndex, f,
						     sizeof(f)));
	}
}

static void mfe_gone(DWORD s, DWORD g)
{
	MIB_IPMCAST_MFE m;
	char a[24], b[24];
	DWORD r = mfe_rec(s, g, &m, NULL);

	if (r != ERROR_NOT_FOUND)
		fail_("MgmGetMfe(%s,%s): %s, want ERROR_NOT_FOUND",
		      aname(s, a, 24), aname(g, b, 24), wname(r));
}

static int inject_ttl(DWORD s, DWORD g, DWORD ifi, uint8_t ttl)
{
	struct mgm_sg sg = mgm_sg4(s, 32, g, 32);
	struct mgm_if f = mgm_if4(ifi, 0);
	uint8_t h[28];

	ip_header(s, g, h);
	h[8] = ttl;
	return mgm_inject(adm, &sg, &f, 100, ttl, h, sizeof(h));
}

static DWORD setmfe(int c, HANDLE h, DWORD s, DWORD g, DWORD up,
		    const DWORD *timeout)
{
	MIB_IPMCAST_MFE m = { .dwGroup = g, .dwSource = s, .dwSrcMask = H,
			      .dwUpStrmNgbr = up };

	(void)c;
	if (timeout) {
		m.fFlags = MGM_SETMFE_EXT_TIMEOUT;
		m.ulTimeOut = *timeout;
	}
	return MgmSetMfe(h, &m);
}

/* B joined (*,G1) on if2 and MFE (S1,G1) forwards there; logs checked.
 * Return: when the MFE was seen to exist (now_ms()). */
static long mfe_s1g1_if2(void)
{
	long t0;

	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	t0 = now_ms();
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	expect_logs();
	return t0;
}

/* Wait up to @ms for an entry to go; how long it took, or -1. */
static long wait_gone(DWORD s, DWORD g, long t0, long ms)
{
	while (now_ms() - t0 < ms) {
		if (!mfe_exists(s, g))
			return now_ms() - t0;
		msleep(50);
	}
	return -1;
}

static int set_mfe_timeout(uint32_t secs)
{
	struct mgm_config cfg = saved_cfg;

	cfg.mfe_timeout = secs;
	cfg_changed = 1;
	return mgm_config_set(adm, &cfg, MGM_CONFIG_MFE_TIMEOUT);
}

static void restore_cfg(void)
{
	if (cfg_changed && mgm_config_set(adm, &saved_cfg, MGM_CONFIG_MFE_TIMEOUT))
		ktap_diag("restoring mfe_timeout failed");
	cfg_changed = 0;
}

/* ------------------------------------------------------------------ */
/* §8.3 Membership flags and idempotence                               */
/* ------------------------------------------------------------------ */

static void s22(void)
{
	W(MgmAddGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, 0),
	  ERROR_INVALID_PARAMETER);
	W(MgmAddGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, 4),
	  ERROR_INVALID_PARAMETER);
	W(MgmAddGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, JOIN | 4),
	  ERROR_INVALID_PARAMETER);
	W(MgmDeleteGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, 0),
	  ERROR_INVALID_PARAMETER);
	W(MgmDeleteGroupMembershipEntry(cl[A].h, 0, 0, G1, H, IF1, 0, 4),
	  ERROR_INVALID_PARAMETER);
	members_empty();
	expect_logs();
	result("S22: dwFlags 0, 4 and MGM_JOIN_STATE_FLAG|4 give ERROR_INVALID_PARAMETER");
}

static void s23(void)
{
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	expect_logs();
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	expect_logs();
	member_is(0, 0, G1, H, 1, IF1, A, (uint32_t)MGM_OIF_BY_OWNER);
	result("S23: joining (*,G1) on if1 twice: the second call gives NO_ERROR silently");
	W(leave(A, 0, 0, G2, H, IF1), NO_ERROR);
	expect_logs();
	result("S23: leaving a never-joined (*,G2) gives NO_ERROR silently");
}

/* ------------------------------------------------------------------ */
/* §8.4 Wildcard join/prune alerts                                     */
/* ------------------------------------------------------------------ */

static void s24(void)
{
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	expect_logs();
	result("S24: A's first (*,G1) alerts B, C and IGMP once each, not A");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex_ja(A, "0,0,G1,H", 1);
	expect_logs();
	result("S25: B, the second component, alerts only A");
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	expect_logs();
	result("S26: C, the third component, causes no callbacks");
	W(leave(C, 0, 0, G1, H, IF3), NO_ERROR);
	expect_logs();
	result("S28: C's leave (three components to two) causes no callbacks");
	W(leave(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex_pa(A, "0,0,G1,H", "if2", 1);
	expect_logs();
	result("S28: B's leave (two to one) alerts only A: PruneAlert((*,G1), if2)");
	W(leave(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_pa_others(A, "0,0,G1,H", "if1");
	expect_logs();
	members_empty();
	result("S29: the last component's leave alerts B, C and IGMP with if1");
}

static void s27(void)
{
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	expect_logs();
	W(join(A, 0, 0, G1, H, IF5), NO_ERROR);
	expect_logs();
	member_is(0, 0, G1, H, 2, IF1, A, (uint32_t)MGM_OIF_BY_OWNER,
		  IF5, A, (uint32_t)MGM_OIF_BY_OWNER);
	result("S27: the same component on another interface causes no callbacks");
}

static void s30(void)
{
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	W(join(A, 0, 0, G1, H, IF5), NO_ERROR);
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	ex_ja(A, "0,0,G1,H", 1);
	expect_logs();
	W(leave(A, 0, 0, G1, H, IF5), NO_ERROR);
	expect_logs();
	result("S30: A leaving one of its two interfaces causes no callbacks");
	W(leave(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_pa(B, "0,0,G1,H", "if1", 1);
	expect_logs();
	result("S30: A leaving its last interface alerts B: PruneAlert((*,G1), if1)");
}

static void s31(void)
{
	W(join(C, 0, 0, 0, 0, IF3), NO_ERROR);
	ex_ja_others(C, "0,0,0,0");
	expect_logs();
	result("S31: C's (*,*) alerts A, B and IGMP with JoinAlert(0,0,0,0)");
	W(join(A, 0, 0, G2, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G2,H");
	expect_logs();
	result("S31: (*,*) does not count for (*,G2): A's join still alerts B, C, IGMP");
}

/* ------------------------------------------------------------------ */
/* §8.5 Source-specific alerts                                         */
/* ------------------------------------------------------------------ */

static void s32(void)
{
	W(join(B, S1, H, G1, H, IF2), NO_ERROR);
	ex_ja(A, "S1,H,G1,H", 1);
	expect_logs();
	result("S32: B's (S1,G1) alerts only A, the owner of S1's RPF interface");
	W(join(C, S1, H, G1, H, IF3), NO_ERROR);
	expect_logs();
	result("S33: a second (S1,G1) member causes no callbacks");
	W(leave(C, S1, H, G1, H, IF3), NO_ERROR);
	expect_logs();
	result("S34: leaving (S1,G1) with another member left causes no callbacks");
	W(leave(B, S1, H, G1, H, IF2), NO_ERROR);
	ex_pa(A, "S1,H,G1,H", "if2", 1);
	expect_logs();
	result("S34: the last (S1,G1) leave alerts only A: PruneAlert((S1,G1), if2)");
}

static void s35(void)
{
	W(join(A, S1, H, G1, H, IF5), NO_ERROR);
	expect_logs();
	W(leave(A, S1, H, G1, H, IF5), NO_ERROR);
	expect_logs();
	result("S35: A's own (S1,G1) on if5 alerts nobody (A owns S1's RPF interface)");
}

static void s36(void)
{
	W(join(B, NOROUTE, H, G1, H, IF2), NO_ERROR);
	expect_logs();
	member_is(NOROUTE, H, G1, H, 1, IF2, B, (uint32_t)MGM_OIF_BY_OWNER);
	result("S36: (203.0.113.9,G1) without a route is accepted and alerts nobody");
}

/* ------------------------------------------------------------------ */
/* §8.6 IGMP interplay                                                 */
/* ------------------------------------------------------------------ */

static void s38(void)
{
	/* S37's check that the local join is queued before the join alerts
	 * needs the native event sequence numbers: not ported. */
	W(take(I, IF1), NO_ERROR);
	W(join(I, 0, 0, G2, H, IF1), NO_ERROR);
	clear_logs();
	W(leave(I, 0, 0, G2, H, IF1), NO_ERROR);
	ex_local(A, "LocalLeave", "0,0,G2,H", "if1");
	ex_pa_others(A, "0,0,G2,H", "if1");
	expect_logs();
	result("S38: IGMP's leave: A LocalLeave; B, C, IGMP PruneAlert((*,G2), if1)");
}

static void s39(void)
{
	W(take(I, IF4), NO_ERROR);
	W(join(I, 0, 0, G3, H, IF4), NO_ERROR);
	ex_ja_others(I, "0,0,G3,H");
	expect_logs();
	member_is(0, 0, G3, H, 1, IF4, I, (uint32_t)MGM_OIF_BY_IGMP);
	result("S39: IGMP's (*,G3) on its own if4: no local callbacks, A, B, C JoinAlert");
}

static void s40(void)
{
	W(take(I, IF1), NO_ERROR);
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja_others(A, "0,0,G1,H");
	expect_logs();
	W(join(I, 0, 0, G1, H, IF1), NO_ERROR);
	ex_local(A, "LocalJoin", "0,0,G1,H", "if1");
	expect_logs();
	member_is(0, 0, G1, H, 1, IF1, A,
		  (uint32_t)(MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP));
	result("S40: IGMP joining where A is a member: A LocalJoin only");
	W(leave(I, 0, 0, G1, H, IF1), NO_ERROR);
	ex_local(A, "LocalLeave", "0,0,G1,H", "if1");
	expect_logs();
	member_is(0, 0, G1, H, 1, IF1, A, (uint32_t)MGM_OIF_BY_OWNER);
	result("S40: IGMP leaving: A LocalLeave only; if1 stays an OIF of (*,G1)");
}

static void s41(void)
{
	int de;

	W(take(I, IF1), NO_ERROR);
	W(join(I, 0, 0, G2, H, IF1), NO_ERROR);
	clear_logs();
	W(release(I, IF1), NO_ERROR);
	ex_local(A, "LocalLeave", "0,0,G2,H", "if1");
	check_logs(1u << A);
	owner_is(IF1, 0, 0x100, 1);
	result("S41: IGMP releases co-owned if1: A LocalLeave((*,G2), if1); A still owns it");
	ex_pa_others(A, "0,0,G2,H", "if1");
	drain();
	de = log_count(I, "Disable(") + log_count(I, "Enable(");
	EXPECT(!de, "IGMP got %d Disable/Enable callbacks", de);
	check_logs(~0u & ~(1u << A));
	members_empty();
	result("S41: no Disable/Enable; the purge alerts B, C, IGMP like IGMP's leave (§5.10 B)");
}

static void s42(void)
{
	struct mgm_if_info info;
	struct mgm_if f = mgm_if4(IF1, 0);
	int r;

	W(take(I, IF1), NO_ERROR);
	owner_is(IF1, 0, 0x100, 1);
	r = mgm_if_get(adm, &f, &info);
	EXPECT(!r && info.owner == nhandle(A) && info.igmp == nhandle(I),
	       "if1: %d, owner %llu, igmp %llu", r,
	       (unsigned long long)info.owner, (unsigned long long)info.igmp);
	expect_logs();
	result("S42: MgmGetProtocolOnInterface on co-owned if1 gives (0x100,1)");
}

/* ------------------------------------------------------------------ */
/* §8.7 MFE creation                                                   */
/* ------------------------------------------------------------------ */

static void s46(void)
{
	NEED_INJECT("S46: bIGMP flag");
	W(take(I, IF2), NO_ERROR);
	W(join(I, 0, 0, G1, H, IF2), NO_ERROR);
	ex_local(B, "LocalJoin", "0,0,G1,H", "if2");
	ex_ja_others(B, "0,0,G1,H");
	expect_logs();
	make_mfe(S1, G1, IF1);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,1,1}])");
	expect_logs();
	mfe_is(S1, G1, IF1, 1, IF2);
	result("S46: IGMP's member on B's if2: B's creation alert has if2 with bIGMP TRUE");
}

static void s47(void)
{
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_MFE_STATS_EX x0, x1;

	NEED_INJECT("S47: RPF override");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	clear_logs();
	cl[A].rpf_if = IF5;
	make_mfe(S1, G1, IF1);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if5,0,1,[{if2,0,0,1}])");
	expect_logs();
	mfe_is(S1, G1, IF5, 1, IF2);
	if (!mfe_rec(S1, G1, &m, NULL))
		EXPECT(m.dwInIfProtocol == 0x100, "dwInIfProtocol 0x%x",
		       m.dwInIfProtocol);
	result("S47: A's RPF answer if5 becomes the IIF; B's creation alert names if5");
	if (inject(S1, G1, IF1))
		fail_("inject");
	ex(A, "WrongIf(S1,G1,if1,0,ip)");
	expect_logs();
	result("S47: a later packet on if1 is on the wrong interface: A (its owner) gets WrongIf");
	if (!mfe_stx(S1, G1, &x0))
		EXPECT(x0.ulPktsDifferentIf == 2,
		       "ulPktsDifferentIf %u, want 2 (the first and the later packet)",
		       x0.ulPktsDifferentIf);
	result("S47: ulPktsDifferentIf counts the packets that came in on if1");
	if (inject(S1, G1, IF5))
		fail_("inject");
	if (!mfe_stx(S1, G1, &x1))
		EXPECT(x1.ulInPkts == x0.ulInPkts + 1 &&
		       x1.ulTotalOutPackets == x0.ulTotalOutPackets + 1 &&
		       x1.ulPktsDifferentIf == x0.ulPktsDifferentIf,
		       "ulInPkts +%u, ulTotalOutPackets +%u, ulPktsDifferentIf +%u; want +1, +1, +0",
		       x1.ulInPkts - x0.ulInPkts,
		       x1.ulTotalOutPackets - x0.ulTotalOutPackets,
		       x1.ulPktsDifferentIf - x0.ulPktsDifferentIf);
	expect_logs();
	result("S47: a packet on if5, the new IIF, is counted in and sent to the OIF");
}

static void s48(void)
{
	NEED_INJECT("S48: RPF rejection");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	clear_logs();
	cl[A].rpf_refuse = 1;
	make_mfe(S1, G1, IF1);
	ex(A, RPF_S1("G1"));
	ex_pa(A, "S1,H,G1,H", "if1", 0);
	expect_logs();
	mfe_is(S1, G1, IF1, 0);
	result("S48: A refuses the RPF check (dwInIfIndex 0): negative MFE, no creation alerts, A gets the FALSE prune");
}

static void s49(void)
{
	MIB_IPMCAST_MFE m;
	MIB_IPMCAST_MFE_STATS_EX x;
	DWORD three = 3;
	long t0, t1, t = -1;
	int k;

	NEED_INJECT("S49: negative MFE with a chosen timeout");
	cl[A].prune_tmo = 30 + 1;
	make_mfe(S1, G3, IF1);
	ex(A, RPF_S1("G3"));
	ex_pa(A, "S1,H,G3,H", "if1", 0);
	expect_logs();
	result("S49: no members of G3: A gets Rpf then PruneAlert((S1,G3), if1, FALSE, 900)");
	mfe_is(S1, G3, IF1, 0);
	if (!mfe_rec(S1, G3, &m, NULL))
		EXPECT(m.ulTimeOut == 30 && m.ulExpiryTime >= 29 &&
		       m.ulExpiryTime <= 30,
		       "ulTimeOut %u, ulExpiryTime %u s; want 30 and (28, 30]",
		       m.ulTimeOut, m.ulExpiryTime);
	if (!mfe_stx(S1, G3, &x))
		EXPECT(x.ulExpiryTime > 2800 && x.ulExpiryTime <= 3000,
		       "STATS_1 ulExpiryTime %u/100 s, want (28, 30] s",
		       x.ulExpiryTime);
	result("S49: the timeout A wrote (30 s) is the MFE's: ulTimeOut 30, ulExpiryTime in (28, 30] s");
	for (k = 0; k < 3; k++)
		if (inject(S1, G3, IF1))
			fail_("inject %d", k);
	expect_logs();
	result("S49: more packets on the negative MFE cause no callbacks");
	/* The three later ones (and the first, queued one, may be). */
	if (!mfe_stx(S1, G3, &x))
		EXPECT(x.ulNegativeMfe >= 3 && x.ulNegativeMfe <= 4,
		       "ulNegativeMfe %u, want 3 or 4", x.ulNegativeMfe);
	result("S49: ulNegativeMfe (MGM_MFE_STATS_1) counts the packets dropped by the negative MFE");
	/* Hard expiry: a negative entry dies at its timeout although packets
	 * keep coming; the next packet starts over (Rpf, FALSE prune). */
	cl[A].prune_tmo = 0;
	W(setmfe(A, cl[A].h, S1, G3, GW1, &three), NO_ERROR);
	t0 = now_ms();
	while (t < 0 && now_ms() - t0 < 6000) {
		if (inject(S1, G3, IF1)) {
			fail_("inject");
			break;
		}
		t1 = now_ms();
		while (!log_count(A, "Rpf(") && now_ms() - t1 < 250)
			msleep(5);
		if (log_count(A, "Rpf("))
			t = now_ms() - t0;
	}
	EXPECT(t >= 2500 && t <= 4600,
	       "the entry was re-created %ld ms after its 3 s timeout started, want 3 s (+1.6/-0.5)",
	       t);
	result("S49: the negative MFE expires at its timeout although packets keep coming");
	ex(A, RPF_S1("G3"));
	ex_pa(A, "S1,H,G3,H", "if1", 0);
	expect_logs();
	result("S49: the next packet repeats Rpf and the FALSE prune alert");
}

static void s50(void)
{
	NEED_INJECT("S50: callback timeout defaults");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	clear_logs();
	cl[B].cr_sleep_ms = 3000;
	cl[B].cr_seen_ms = -1;
	cl[B].veto = IF2;	/* the late answer must be ignored */
	make_mfe(S1, G1, IF1);
	/* The library thread is still in B's callback: drain() waits. */
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	expect_logs();
	EXPECT(cl[B].cr_seen_ms >= 700 && cl[B].cr_seen_ms <= 2500,
	       "the MFE appeared %ld ms into B's 3 s callback, want about 1000",
	       cl[B].cr_seen_ms);
	result("S50: B answers its creation alert after 3 s: the MFE is installed after ~1 s");
	mfe_is(S1, G1, IF1, 1, IF2);
	result("S50: B's late veto (bIsEnabled FALSE for if2) is ignored: if2 stays an OIF");
}

static void s51(void)
{
	MIB_IPMCAST_MFE_STATS_EX x;
	long t0;
	int k;

	NEED_INJECT("S51: pending queue");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	clear_logs();
	/* A's RPF callback holds its answer while the ten come in. */
	cl[A].rpf_hold = 1;
	for (k = 0; k < 10; k++)
		if (inject(S1, G1, IF1))
			fail_("inject %d", k);
	EXPECT(!mfe_exists(S1, G1), "the MFE exists before A answered");
	__atomic_store_n(&cl[A].rpf_hold, 0, __ATOMIC_RELEASE);
	t0 = now_ms();
	while (!mfe_exists(S1, G1) && now_ms() - t0 < 3000)
		msleep(10);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	expect_logs();
	if (!mfe_stx(S1, G1, &x)) {
		EXPECT(x.ulQueueOverflow == 6 && x.ulUninitMfe == 10,
		       "ulQueueOverflow %u, ulUninitMfe %u; want 6 and 10",
		       x.ulQueueOverflow, x.ulUninitMfe);
		EXPECT(x.ulTotalOutPackets <= 4,
		       "%u copies out, want at most the 4 queued",
		       x.ulTotalOutPackets);
	}
	result("S51: 10 packets while resolving: 4 queued, ulQueueOverflow 6, ulUninitMfe 10");
}

static void s52(void)
{
	struct mgm_config cfg;
	DWORD ll = htonl(0xe0000005U);
	int r;

	NEED_INJECT("S52: link-local groups");
	if (inject(S1, ll, IF1))
		fail_("inject");
	expect_logs();
	mfe_gone(S1, ll);
	r = mgm_config_get(adm, &cfg);
	EXPECT(!r && !cfg.mfes && !cfg.pending, "%d: %u MFEs, %u pending", r,
	       cfg.mfes, cfg.pending);
	result("S52: a packet to 224.0.0.5 causes no callbacks and no MFE");
}

/* ------------------------------------------------------------------ */
/* §8.8 Updating existing MFEs                                         */
/* ------------------------------------------------------------------ */

static void s53(void)
{
	NEED_INJECT("S53: join updates the MFE");
	mfe_s1g1_if2();
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	ex_ja(B, "0,0,G1,H", 1);
	expect_logs();
	mfe_is(S1, G1, IF1, 2, IF2, IF3);
	result("S53: C's (*,G1) adds if3 to MFE (S1,G1) without a creation alert");
}

static void s54(void)
{
	MIB_IPMCAST_MFE_STATS_EX x;

	NEED_INJECT("S54: negative to positive");
	make_mfe(S1, G3, IF1);
	ex(A, RPF_S1("G3"));
	ex_pa(A, "S1,H,G3,H", "if1", 0);
	expect_logs();
	W(join(B, 0, 0, G3, H, IF2), NO_ERROR);
	ex_ja(A, "0,0,G3,H", 1);
	ex_ja(A, "S1,H,G3,H", 0);
	ex_ja(C, "0,0,G3,H", 1);
	ex_ja(I, "0,0,G3,H", 1);
	expect_logs();
	mfe_is(S1, G3, IF1, 1, IF2);
	if (!mfe_stx(S1, G3, &x))
		EXPECT(x.ulExpiryTime > (saved_cfg.mfe_timeout - 2) * 100,
		       "expires in %u/100 s after turning positive",
		       x.ulExpiryTime);
	result("S54: B's (*,G3) makes negative (S1,G3) forward on if2: A JoinAlert TRUE, then FALSE");
}

static void s55(void)
{
	NEED_INJECT("S55: positive to negative");
	mfe_s1g1_if2();
	W(leave(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex_pa(A, "0,0,G1,H", "if2", 1);
	ex_pa(A, "S1,H,G1,H", "if1", 0);
	ex_pa(C, "0,0,G1,H", "if2", 1);
	ex_pa(I, "0,0,G1,H", "if2", 1);
	expect_logs();
	mfe_is(S1, G1, IF1, 0);
	result("S55: B's leave empties (S1,G1): A gets the member prune, then the FALSE prune");
}

static void s56(void)
{
	NEED_INJECT("S56: overlapping memberships keep the OIF");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(B, S1, H, G1, H, IF2), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	expect_logs();
	W(leave(B, S1, H, G1, H, IF2), NO_ERROR);
	ex_pa(A, "S1,H,G1,H", "if2", 1);
	expect_logs();
	mfe_is(S1, G1, IF1, 1, IF2);
	result("S56: B leaves (S1,G1) but (*,G1) keeps if2 on the MFE");
	W(leave(B, 0, 0, G1, H, IF2), NO_ERROR);
	ex_pa(A, "0,0,G1,H", "if2", 1);
	ex_pa(A, "S1,H,G1,H", "if1", 0);
	ex_pa(C, "0,0,G1,H", "if2", 1);
	ex_pa(I, "0,0,G1,H", "if2", 1);
	expect_logs();
	mfe_is(S1, G1, IF1, 0);
	result("S56: leaving (*,G1) too removes if2");
}

static void s57(void)
{
	struct glist l;
	DWORD one = 1;
	long t;

	NEED_INJECT("S57: FORWARD flag only");
	mfe_s1g1_if2();
	W(MgmAddGroupMembershipEntry(cl[C].h, S1, H, G1, H, IF3, 0,
				     MGM_FORWARD_STATE_FLAG), NO_ERROR);
	expect_logs();
	mfe_is(S1, G1, IF1, 2, IF2, IF3);
	W(genum(A, ALL_SOURCES, 4096, &l), ERROR_NO_MORE_ITEMS);
	EXPECT(l.n == 1 && ghas(&l, 0, 0, G1, H) == 1,
	       "membership table changed");
	if (l.n != 1)
		gdiag(&l);
	result("S57: C's MGM_FORWARD_STATE_FLAG-only add puts if3 on the MFE, no membership, no callbacks");
	W(setmfe(A, cl[A].h, S1, G1, GW1, &one), NO_ERROR);
	t = wait_gone(S1, G1, now_ms(), 4000);
	EXPECT(t >= 0, "MFE (S1,G1) did not expire within 4 s of a 1 s timeout");
	expect_logs();
	make_mfe(S1, G1, IF1);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	expect_logs();
	mfe_is(S1, G1, IF1, 1, IF2);
	result("S57: after expiry the re-created MFE does not have if3");
}

static void s58(void)
{
	NEED_INJECT("S58: the IIF is never an OIF");
	mfe_s1g1_if2();
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	ex_ja(B, "0,0,G1,H", 1);
	expect_logs();
	mfe_is(S1, G1, IF1, 1, IF2);
	result("S58: A's (*,G1) on the IIF if1 leaves the MFE's OIFs unchanged");
}

static void s59(void)
{
	NEED_INJECT("S59: release deletes the interface's MFEs");
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	make_mfe(S2, G1, IF2);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	ex(B, "Rpf(S2,H,G1,H,if2,0,up=GW2,hdr=ip,route=ok)");
	ex(A, "CreationAlert(S2,H,G1,H,if2,0,1,[{if1,0,0,1}])");
	expect_logs();
	mfe_is(S2, G1, IF2, 1, IF1);
	W(release(A, IF1), NO_ERROR);
	ex_pa(B, "0,0,G1,H", "if1", 1);
	ex_pa(B, "S2,H,G1,H", "if2", 0);
	expect_logs();
	mfe_gone(S1, G1);
	mfe_is(S2, G1, IF2, 0);
	result("S59: A releases if1: MFE (S1,G1) is deleted, (S2,G1) loses if1; B alerted");
}

/* ------------------------------------------------------------------ */
/* §8.9 Expiry and MgmSetMfe                                           */
/* ------------------------------------------------------------------ */

static void s61(void)
{
	MIB_IPMCAST_MFE m;
	long t0, t;
	int r;

	NEED_INJECT("S61: idle expiry");
	r = set_mfe_timeout(5);
	EXPECT(!r, "setting mfe_timeout: %d", r);
	t0 = mfe_s1g1_if2();
	if (!mfe_rec(S1, G1, &m, NULL))
		EXPECT(m.ulTimeOut == 5, "ulTimeOut %u, want 5", m.ulTimeOut);
	t = wait_gone(S1, G1, t0, 8000);
	EXPECT(t >= 4000 && t <= 6500,
	       "the idle MFE went after %ld ms, want 5 s (+-1)", t);
	expect_logs();
	result("S61: mfe_timeout 5: an idle MFE is gone after 5 s, silently");
	make_mfe(S1, G1, IF1);
	ex(A, RPF_S1("G1"));
	ex(B, "CreationAlert(S1,H,G1,H,if1,0,1,[{if2,0,0,1}])");
	expect_logs();
	result("S61: the next packet causes Rpf and creation alerts again");
	restore_cfg();
}

static void s62(void)
{
	long t0, t;
	int k, r;

	NEED_INJECT("S62: busy MFE survives");
	r = set_mfe_timeout(5);
	EXPECT(!r, "setting mfe_timeout: %d", r);
	t0 = mfe_s1g1_if2();
	for (k = 1; k <= 12; k++) {
		while (now_ms() - t0 < k * 1000L)
			msleep(20);
		if (inject(S1, G1, IF1))
			fail_("inject at %d s", k);
	}
	EXPECT(mfe_exists(S1, G1),
	       "MFE gone at t = 12 s although a packet came every second");
	expect_logs();
	result("S62: with a packet every second the MFE is still there at t = 12 s");
	t = wait_gone(S1, G1, t0, 23000);
	EXPECT(t >= 18500 && t <= 21500,
	       "the MFE went at t = %ld ms, want 20 s (+-1)", t);
	expect_logs();
	result("S62: after the traffic stops it is gone at t = 20 s");
	restore_cfg();
}

static void s63(void)
{
	struct mgm_mfe_info *n0 = NULL, *n1 = NULL;
	struct mgm_sg sg = mgm_sg4(S1, 32, G1, 32);
	MIB_IPMCAST_MFE m0, m1;
	MIB_IPMCAST_MFE_STATS_EX x0, x1;

	NEED_INJECT("S63: MgmSetMfe upstream neighbour");
	mfe_s1g1_if2();
	W(mfe_rec(S1, G1, &m0, NULL), NO_ERROR);
	mfe_stx(S1, G1, &x0);
	mgm_mfe_get(adm, &sg, &n0);
	W(setmfe(A, cl[A].h, S1, G1, htonl(0x0a010102U), NULL), NO_ERROR);
	W(mfe_rec(S1, G1, &m1, NULL), NO_ERROR);
	mfe_stx(S1, G1, &x1);
	mgm_mfe_get(adm, &sg, &n1);
	EXPECT(m1.dwUpStrmNgbr == htonl(0x0a010102U),
	       "dwUpStrmNgbr %08x, want 10.1.1.2", ntohl(m1.dwUpStrmNgbr));
	EXPECT(m1.dwInIfIndex == m0.dwInIfIndex &&
	       m1.dwInIfProtocol == m0.dwInIfProtocol &&
	       m1.ulNumOutIf == m0.ulNumOutIf && m1.ulTimeOut == m0.ulTimeOut &&
	       m1.dwRouteNetwork == m0.dwRouteNetwork &&
	       x1.ulExpiryTime <= x0.ulExpiryTime, "other fields changed");
	EXPECT(n0 && n1 &&
	       n1->route.gateway.v4.s_addr == n0->route.gateway.v4.s_addr,
	       "the route's gateway changed");
	mgm_mfe_free(n0);
	mgm_mfe_free(n1);
	expect_logs();
	result("S63: MgmSetMfe changes dwUpStrmNgbr to 10.1.1.2 and nothing else");
}

static void s64(void)
{
	NEED_INJECT("S64: MgmSetMfe errors");
	mfe_s1g1_if2();
	W(setmfe(A, cl[A].h, S2, G3, GW1, NULL), ERROR_NOT_FOUND);
	W(setmfe(A, BAD_HANDLE, S1, G1, GW1, NULL), ERROR_INVALID_PARAMETER);
	expect_logs();
	result("S64: MgmSetMfe of an unknown (S2,G3) gives ERROR_NOT_FOUND, with an invalid handle ERROR_INVALID_PARAMETER");
	W(setmfe(B, cl[B].h, S1, G1, GW1, NULL), NO_ERROR);
	expect_logs();
	result("S64: any registered client may call MgmSetMfe (B on A's entry)");
}

static void s65(void)
{
	MIB_IPMCAST_MFE m;
	DWORD zero = 0, one = 1;

	NEED_INJECT("S65: MgmSetMfe timeout extension");
	mfe_s1g1_if2();
	make_mfe(S1, G2, IF1);
	clear_logs();
	W(setmfe(A, cl[A].h, S1, G1, GW1, &zero), NO_ERROR);
	if (!mfe_rec(S1, G1, &m, NULL))
		EXPECT(m.ulTimeOut == 0 && m.ulExpiryTime == 0,
		       "ulTimeOut %u ulExpiryTime %u, want 0 and 0",
		       m.ulTimeOut, m.ulExpiryTime);
	W(setmfe(A, cl[A].h, S1, G1, GW1, NULL), NO_ERROR);
	if (!mfe_rec(S1, G1, &m, NULL))
		EXPECT(m.ulTimeOut == 0,
		       "a MgmSetMfe without MGM_SETMFE_EXT_TIMEOUT changed it to %u",
		       m.ulTimeOut);
	result("S65: MgmSetMfe with MGM_SETMFE_EXT_TIMEOUT and 0: ulTimeOut 0, ulExpiryTime 0; without the flag it is kept");
	W(setmfe(A, cl[A].h, S1, G2, GW1, &one), NO_ERROR);
	msleep(2500);
	EXPECT(!mfe_exists(S1, G2), "(S1,G2) with a 1 s timeout still exists after 2.5 s");
	EXPECT(mfe_exists(S1, G1), "(S1,G1) with timeout 0 expired");
	expect_logs();
	result("S65: the timeout-0 entry never expires while a 1 s one does");
}

/* ------------------------------------------------------------------ */
/* §8.11, §8.12 Counters, wrong interface, robustness                 */
/* ------------------------------------------------------------------ */

static void s78(void)
{
	MIB_IPMCAST_MFE_STATS_EX x1, x2;
	int k;

	NEED_INJECT("S78: discard counters");
	W(join(B, 0, 0, G1, H, IF2), NO_ERROR);
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	for (k = 0; k < 10; k++)
		if (inject(S1, G1, IF1))
			fail_("inject %d", k);
	clear_logs();
	mfe_stx(S1, G1, &x1);
	for (k = 0; k < 3; k++)
		if (inject(S1, G1, IF2))
			fail_("inject on if2");
	for (k = 0; k < 2; k++)
		if (inject_ttl(S1, G1, IF1, 1))
			fail_("inject with TTL 1");
	mfe_stx(S1, G1, &x2);
	ex(B, "WrongIf(S1,G1,if2,0,ip)");
	expect_logs();
	EXPECT(x2.ulPktsDifferentIf - x1.ulPktsDifferentIf == 3,
	       "ulPktsDifferentIf +%u, want +3",
	       x2.ulPktsDifferentIf - x1.ulPktsDifferentIf);
	EXPECT(x2.ulInHdrErrors - x1.ulInHdrErrors == 2,
	       "ulInHdrErrors +%u, want +2", x2.ulInHdrErrors - x1.ulInHdrErrors);
	EXPECT(x2.ulInDiscards - x1.ulInDiscards == 5,
	       "ulInDiscards +%u, want +5", x2.ulInDiscards - x1.ulInDiscards);
	EXPECT(x2.ulTotalOutPackets == x1.ulTotalOutPackets,
	       "ulTotalOutPackets +%u, want +0",
	       x2.ulTotalOutPackets - x1.ulTotalOutPackets);
	result("S78: 3 packets on if2: ulPktsDifferentIf +3; 2 with TTL 1: ulInHdrErrors +2; no copies");
}

static void s79(void)
{
	int k;

	NEED_INJECT("S79: wrong-IF callback");
	W(join(C, 0, 0, G1, H, IF3), NO_ERROR);
	clear_logs();
	make_mfe(S1, G1, IF1);
	clear_logs();
	for (k = 0; k < 5; k++)
		if (inject(S1, G1, IF2))
			fail_("inject %d", k);
	ex(B, "WrongIf(S1,G1,if2,0,ip)");
	expect_logs();
	result("S79: 5 packets on if2 within a second: B (its owner) gets exactly one WrongIf");
	msleep(1100);
	if (inject(S1, G1, IF2))
		fail_("inject");
	ex(B, "WrongIf(S1,G1,if2,0,ip)");
	expect_logs();
	result("S79: a second later the next packet gives one more");
	if (inject(S1, G1, IF4))
		fail_("inject");
	expect_logs();
	mfe_is(S1, G1, IF1, 1, IF3);
	result("S79: a packet on the unowned if4 alerts nobody; the MFE is unchanged");
}

static void child_s80(int *res)
{
	ROUTING_PROTOCOL_CONFIG none = { 0 };
	HANDLE h = NULL;

	res[0] = (int)MgmRegisterMProtocol(&none, 0x200, 1, &h);
	if (res[0])
		return;
	res[1] = (int)MgmTakeInterfaceOwnership(h, IF2, 0);
	res[2] = (int)MgmAddGroupMembershipEntry(h, 0, 0, G1, H, IF2, 0, JOIN);
}

static void s80(void)
{
	int res[CHILD_RES], status;
	DWORD p, k;
	pid_t pid = 0;
	long t0;

	W(release(B, IF2), NO_ERROR);
	W(MgmDeRegisterMProtocol(cl[B].h), NO_ERROR);
	cl[B].h = NULL;
	W(join(A, 0, 0, G1, H, IF1), NO_ERROR);
	clear_logs();
	if (child_run(child_s80, res, 1, &pid)) {
		fail_("the child process did not report");
	} else {
		EXPECT(!res[0] && !res[1] && !res[2],
		       "child B: register %s, take %s, join %s",
		       wname(res[0]), wname(res[1]), wname(res[2]));
	}
	ex_ja(A, "0,0,G1,H", 1);
	expect_logs();
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	t0 = now_ms();
	while (now_ms() - t0 < 2000 &&
	       MgmGetProtocolOnInterface(IF2, 0, &p, &k) != ERROR_NOT_FOUND)
		msleep(20);
	ex_pa(A, "0,0,G1,H", "if2", 1);
	expect_logs();
	result("S80: B killed with SIGKILL: A gets PruneAlert((*,G1), if2), nobody else anything");
	owner_none(IF2, 0);
	member_is(0, 0, G1, H, 1, IF1, A, (uint32_t)MGM_OIF_BY_OWNER);
	W(reg(B, 0x200, 1), NO_ERROR);
	expect_logs();
	result("S80: if2 is unowned afterwards and (0x200,1) registers again");
}

struct igmp_loop {
	int stop;
	int calls;
	int bad;
	DWORD first_bad;
};

static void *igmp_thread(void *arg)
{
	struct igmp_loop *lp = arg;
	DWORD r;

	while (!__atomic_load_n(&lp->stop, __ATOMIC_ACQUIRE)) {
		r = join(I, 0, 0, G1, H, IF4);
		lp->calls++;
		if (r && !lp->bad++)
			lp->first_bad = r;
		r = leave(I, 0, 0, G1, H, IF4);
		lp->calls++;
		if (r && !lp->bad++)
			lp->first_bad = r;
	}
	r = join(I, 0, 0, G1, H, IF4);
	lp->calls++;
	if (r && !lp->bad++)
		lp->first_bad = r;
	return NULL;
}

static void s83(void)
{
	struct igmp_loop lp = { 0 };
	char want[512];
	struct mlist l;
	pthread_t th;
	int k, bad = 0;
	DWORD r, first = 0;

	W(take(I, IF4), NO_ERROR);
	clear_logs();
	pthread_mutex_lock(&log_lock);
	cl[I].de_if = IF4;
	cl[I].de_n = 0;
	pthread_mutex_unlock(&log_lock);
	if (pthread_create(&th, NULL, igmp_thread, &lp)) {
		fail_("pthread_create failed");
		result("S83: Disable/Enable adjacency");
		return;
	}
	for (k = 0; k < 100; k++) {
		r = take(B, IF4);
		if (r && !bad++)
			first = r;
		r = release(B, IF4);
		if (r && !bad++)
			first = r;
	}
	__atomic_store_n(&lp.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	drain();
	for (k = 0; k < 400; k++)
		want[k] = k & 1 ? 'E' : 'D';
	want[400] = 0;
	pthread_mutex_lock(&log_lock);
	cl[I].de_trace[cl[I].de_n] = 0;
	cl[I].de_if = 0;
	pthread_mutex_unlock(&log_lock);
	EXPECT(!bad, "%d of B's takes/releases failed, the first with %s", bad,
	       wname(first));
	EXPECT(!strcmp(cl[I].de_trace, want),
	       "IGMP's Disable/Enable trace for if4 (%d callbacks): %.80s%s",
	       cl[I].de_n, cl[I].de_trace, cl[I].de_n > 80 ? "..." : "");
	result("S83: 100 take/release rounds by B: IGMP sees Disable, Enable strictly alternating (400)");
	EXPECT(!lp.bad && lp.calls > 1,
	       "%d of IGMP's %d membership calls failed, the first with %s",
	       lp.bad, lp.calls, wname(lp.first_bad));
	result("S83: every IGMP membership call during the rounds returned NO_ERROR (%d calls)",
	       lp.calls);
	W(join(I, 0, 0, G1, H, IF4), NO_ERROR);
	clear_logs();
	EXPECT(!mdump(&l) && l.n == 1, "%d membership entries, want 1", l.n);
	member_is(0, 0, G1, H, 1, IF4, I, (uint32_t)MGM_OIF_BY_IGMP);
	result("S83: after IGMP re-adds, the table holds exactly its (*,G1) on if4");
}

struct pfind {
	int n;
	mgm_handle_t h;
};

static int pfind_cb(const struct mgm_protocol_info *info, void *arg)
{
	struct pfind *f = arg;

	f->n++;
	if (info->proto_id == 0x100 && info->component_id == 1)
		f->h = info->handle;
	return 0;
}

static void child_s85(int *res)
{
	struct mgm_session *s;
	struct pfind f = { 0 };
	HANDLE h = NULL;
	DWORD size = 0, n = 99;
	int cnt = 0;

	res[0] = unshare(CLONE_NEWNET) ? -errno : 0;
	if (res[0])
		return;
	res[1] = mgm_open(&s);
	if (res[1])
		return;
	res[2] = mgm_protocol_dump(s, pfind_cb, &f);
	res[3] = f.n;
	res[4] = (int)MgmGetFirstMfe(&size, NULL, &n);
	res[5] = (int)n;
	res[6] = mgm_if_dump(s, count_if, &cnt);
	res[7] = cnt;
	res[8] = (int)MgmRegisterMProtocol(&cfg_Y, 0x100, 1, &h);
	memset(&f, 0, sizeof(f));
	mgm_protocol_dump(s, pfind_cb, &f);
	res[9] = (int)f.h;
	mgm_close(s);
}

static void s85(void)
{
	int res[CHILD_RES];

	if (!no_inject)
		mfe_s1g1_if2();
	if (child_run(child_s85, res, 0, NULL)) {
		fail_("the child process did not report");
	} else {
		EXPECT(!res[0] && !res[1], "child: unshare %d, open %d",
		       res[0], res[1]);
		EXPECT(!res[2] && !res[3], "child: protocol dump %d, %d entries",
		       res[2], res[3]);
		EXPECT(res[4] == ERROR_NO_MORE_ITEMS && !res[5],
		       "child: MgmGetFirstMfe %s, %d entries", wname(res[4]),
		       res[5]);
		EXPECT(!res[6] && !res[7], "child: interface dump %d, %d entries",
		       res[6], res[7]);
		EXPECT(res[8] == NO_ERROR && res[9] == 1,
		       "child: MgmRegisterMProtocol(0x100,1) returned %s with native handle %d",
		       wname(res[8]), res[9]);
	}
	expect_logs();
	result("S85: a client in another netns sees no protocol, interface or MFE and registers (0x100,1)");
}

/* ------------------------------------------------------------------ */

static const struct {
	const char *tag;
	void (*fn)(void);
} scenarios[] = {
	{ "S1", s1 }, { "S2", s2 }, { "S3", s3 }, { "S4", s4 }, { "S5", s5 },
	{ "S5b", s5b }, { "S6", s6 }, { "S7", s7 }, { "S8", s8 },
	{ "S9", s9 }, { "S10", s10 }, { "S11", s11 }, { "S12", s12 },
	{ "S13", s13 }, { "S14", s14 }, { "S15", s15 }, { "S16", s16 },
	{ "S17", s17 }, { "S18", s18 }, { "S19", s19 }, { "S20", s20 },
	{ "S21", s21 }, { "S43", s43 }, { "S44", s44 }, { "S66", s66 },
	{ "S67", s67 }, { "S70", s70 }, { "S73", s73 }, { "S74", s74 },
	{ "S75", s75 }, { "S76", s76 }, { "S82", s82 },
	{ "S61", s61 }, { "S62", s62 }, { "S63", s63 }, { "S64", s64 },
	{ "S65", s65 }, { "S78", s78 }, { "S79", s79 }, { "S80", s80 },
	{ "S83", s83 }, { "S85", s85 },
	{ "S46", s46 }, { "S47", s47 }, { "S48", s48 }, { "S49", s49 },
	{ "S50", s50 }, { "S51", s51 },
	{ "S52", s52 }, { "S53", s53 }, { "S54", s54 }, { "S55", s55 },
	{ "S56", s56 }, { "S57", s57 }, { "S58", s58 }, { "S59", s59 },
	{ "S22", s22 }, { "S23", s23 }, { "S24", s24 }, { "S27", s27 },
	{ "S30", s30 }, { "S31", s31 }, { "S32", s32 }, { "S35", s35 },
	{ "S36", s36 }, { "S38", s38 }, { "S39", s39 }, { "S40", s40 },
	{ "S41", s41 }, { "S42", s42 },
};

int main(int argc, char **argv)
{
	static const char *const names[] = { NULL, "if1", "if2", "if3", "if4", "if5" };
	unsigned int k;
	int r;

	ktap_header();
	if (argc > 1 && !strcmp(argv[1], "--unit"))
		return unit_main();
	main_thread = pthread_self();
	for (k = 1; k <= 5; k++) {
		ifx[k] = if_nametoindex(names[k]);
		if (!ifx[k]) {
			printf("Bail out! no interface %s (run me through mgm_win32.sh)\n",
			       names[k]);
			return 1;
		}
	}
	r = mgm_open(&adm);
	if (r) {
		printf("Bail out! mgm_open: %s (module not loaded?)\n",
		       strerror(-r));
		return 1;
	}
	{
		/* Does the module have the test hook? */
		struct mgm_sg sg = mgm_sg4(0, 0, 0, 0);
		struct mgm_if f = mgm_if4(0, 0);

		if (mgm_inject(adm, &sg, &f, 0, 0, NULL, 0) == -EOPNOTSUPP)
			no_inject = 1;
	}
	if (mgm_config_get(adm, &saved_cfg)) {
		printf("Bail out! mgm_config_get failed\n");
		return 1;
	}
	for (k = 0; k < sizeof(scenarios) / sizeof(scenarios[0]); k++) {
		if (argc > 1 && strcmp(argv[1], scenarios[k].tag))
			continue;
		fixture(scenarios[k].tag);
		scenarios[k].fn();
	}
	teardown();
	purge_mfes();
	restore_cfg();
	mgm_close(adm);
	return ktap_finish();
}
