// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_scenarios: the acceptance scenarios of spec §8, through libmgm
 * against the live module, with the common fixture of §8.0:
 *
 *   clients  A = (0x100,1), B = (0x200,1), C = (0x300,1), IGMP = (10,1),
 *            registered in that order, every callback set and logged;
 *   owners   A: if1, if5; B: if2; C: if3; if4 unowned;
 *   routes   S1 = 10.1.1.10 via 10.1.1.1 on if1, S2 = 10.2.2.20 via
 *            10.2.2.1 on if2 (selftests/mgm_scenarios.sh sets them up).
 *
 * Every step drains all event sockets and compares each client's log with
 * the exact list of callbacks expected ("no callbacks": every log empty).
 * The fixture is rebuilt before every scenario.  Forwarding entries are
 * made with the mgm_inject() test hook (a packet arriving on an interface:
 * the kernel runs the real miss path and keeps the entry's counters);
 * scenarios that need it are skipped when the module was built without
 * MGM_TEST.  The traffic scenarios also send real packets: if1..if5 are
 * veth pairs whose peers p1..p5 live in the namespace named by
 * MGM_WIRE_NS; frames sent out of pN arrive on ifN, and what the data path
 * forwards is captured on the peers (spec §8.0; see "Real packets on the
 * wire" below).  Without MGM_WIRE_NS those checks report SKIP.  What only
 * the Win32 API has (record sizes, buffer arithmetic, 1/100 s units,
 * enumeration handles) is checked through it by mgm_win32.c.  Also
 * covered: limits (ENOSPC), privileges (EPERM without CAP_NET_ADMIN) and
 * event-backlog overflow.
 *
 * Usage: mgm_scenarios [TAG]   (TAG as in scenarios[], e.g. S43: only it)
 * Must run as root in a network namespace of its own that holds if1..if5
 * (selftests/mgm_scenarios.sh builds it, and the peers' namespace).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include <linux/mgm.h>
#include <mgm/mgm.h>

#include "test_common.h"

/* ------------------------------------------------------------------ */
/* Addresses and keys of the fixture                                   */
/* ------------------------------------------------------------------ */

#define S1	htonl(0x0a01010aU)	/* 10.1.1.10 */
#define S2	htonl(0x0a020214U)	/* 10.2.2.20 */
#define GW1	htonl(0x0a010101U)	/* 10.1.1.1 */
#define GW2	htonl(0x0a020201U)	/* 10.2.2.1 */
#define G1	htonl(0xef010101U)	/* 239.1.1.1 */
#define G2	htonl(0xef010102U)
#define G3	htonl(0xef010103U)
#define NOROUTE	htonl(0xcb007109U)	/* 203.0.113.9 */

#define W(g)		mgm_sg4(0, 0, (g), 32)		/* (*,G) */
#define SG(s, g)	mgm_sg4((s), 32, (g), 32)	/* (S,G) */
#define ALL		mgm_sg4(0, 0, 0, 0)		/* (*,*) */

static uint32_t ifx[6];		/* ifindex of if1..if5 */
#define IF1 ifx[1]
#define IF2 ifx[2]
#define IF3 ifx[3]
#define IF4 ifx[4]
#define IF5 ifx[5]

#define BAD_HANDLE	((mgm_handle_t)0xdead)
#define NO_TEST_HOOK	"module built without MGM_TEST"

/* ------------------------------------------------------------------ */
/* Clients and their logs                                              */
/* ------------------------------------------------------------------ */

enum { A, B, C, I, X, Y, NCL };
#define FIXTURE_MASK	((1u << A) | (1u << B) | (1u << C) | (1u << I))
#define ALL_MASK	((1u << NCL) - 1)

static const char *const cl_name[NCL] = { "A", "B", "C", "IGMP", "X", "Y" };
static const uint32_t cl_proto[NCL] = {
	0x100, 0x200, 0x300, MGM_PROTO_IGMP, 0x400, 0x500
};

enum kind {
	K_NONE, K_RPF, K_CREATION, K_PRUNE, K_JOIN, K_WRONG_IF, K_LOCAL_JOIN,
	K_LOCAL_LEAVE, K_DISABLE, K_ENABLE, K_IF_GONE, K_OVERFLOW, K_MAX
};

static const uint8_t kind_cmd[K_MAX] = {
	[K_RPF] = MGM_CMD_RPF_REQ,
	[K_CREATION] = MGM_CMD_CREATION_REQ,
	[K_PRUNE] = MGM_CMD_PRUNE_ALERT,
	[K_JOIN] = MGM_CMD_JOIN_ALERT,
	[K_WRONG_IF] = MGM_CMD_WRONG_IF,
	[K_LOCAL_JOIN] = MGM_CMD_LOCAL_JOIN,
	[K_LOCAL_LEAVE] = MGM_CMD_LOCAL_LEAVE,
	[K_DISABLE] = MGM_CMD_DISABLE_IGMP,
	[K_ENABLE] = MGM_CMD_ENABLE_IGMP,
	[K_IF_GONE] = MGM_CMD_IF_GONE,
	[K_OVERFLOW] = MGM_CMD_OVERFLOW,
};

static const char *const kind_name[K_MAX] = {
	[K_NONE] = "?", [K_RPF] = "Rpf", [K_CREATION] = "CreationAlert",
	[K_PRUNE] = "PruneAlert", [K_JOIN] = "JoinAlert",
	[K_WRONG_IF] = "WrongIf", [K_LOCAL_JOIN] = "LocalJoin",
	[K_LOCAL_LEAVE] = "LocalLeave", [K_DISABLE] = "DisableIgmp",
	[K_ENABLE] = "EnableIgmp", [K_IF_GONE] = "IfGone",
	[K_OVERFLOW] = "Overflow",
};

/* What an expected record compares. */
#define C_SG	0x001	/* source, group and their lengths */
#define C_SGA	0x002	/* source and group addresses only (wrong-if) */
#define C_IFC	0x004
#define C_IIF	0x008
#define C_UP	0x010
#define C_MU	0x020	/* member_update, and a req-id exactly when 0 */
#define C_TMO	0x040
#define C_OIFS	0x080
#define C_HDR	0x100
#define C_ARR	0x200
#define C_REQ	0x400	/* carries a req-id */

#define MAX_OIFS 8
#define HDR_KEEP 28

struct rec {
	enum kind kind;
	unsigned int cmp;	/* expectations only */
	int bad;		/* event type or timeouts inconsistent */
	uint64_t seq;
	mgm_handle_t handle;
	int has_req;
	struct mgm_sg sg;
	struct mgm_if ifc;
	struct mgm_if iif;
	uint32_t arrival;
	uint32_t upstream;
	int member_update;
	uint32_t timeout;
	uint32_t dropped;
	unsigned int n_oifs;
	struct {
		uint32_t ifindex;
		int igmp;
		int enabled;
	} oifs[MAX_OIFS];
	size_t hdr_len;
	uint8_t hdr[HDR_KEEP];
};

/* What a client's callbacks do besides logging. */
struct behav {
	int rpf_mode;			/* 0 keep, 1 redirect, 2 refuse */
	uint32_t rpf_ifindex;
	int rpf_get_mfe;		/* S82: mgm_mfe_get() from inside */
	int rpf_get_ret;
	uint32_t veto_ifindex;		/* creation: disable this one */
	int creation_sleep_ms;		/* S50 */
	long creation_seen_mfe_ms;	/* S50: when the entry appeared */
	int prune_timeout;		/* -1: leave the preset */
	int join_rejoin;		/* S82: join (*,G1) on if3 from inside */
	int join_rejoin_ret;
	uint32_t de_ifindex;		/* S83: trace Disable/Enable here */
	char de_trace[512];
	int de_n;
};

#define LOG_MAX 8192
#define EXP_MAX 64

struct client {
	struct mgm_session *s;
	mgm_handle_t h;
	struct rec *log;
	int n;
	long lost;
	long count[K_MAX];
	uint32_t dropped_sum;
	struct rec exp[EXP_MAX];
	int nexp;
	struct behav b;
};

static struct client cl[NCL];
static struct mgm_session *adm;		/* unregistered: dumps, inject, config */
static struct mgm_config saved_cfg;
static int no_inject;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static const char *ename(int r)
{
	static __thread char buf[4][32];
	static __thread int k;
	const char *n;

	if (r == 0)
		return "0";
	if (r > 0) {
		k = (k + 1) % 4;
		snprintf(buf[k], sizeof(buf[k]), "%d", r);
		return buf[k];
	}
	n = strerrorname_np(-r);
	if (n)
		return n;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "errno %d", -r);
	return buf[k];
}

static void __attribute__((format(printf, 2, 3)))
skip(const char *reason, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ktap_skip(reason, "%s", buf);
	st_fail = 0;
}

static int ret_check(struct mgm_session *s, const char *what, int got,
		     int want)
{
	const char *msg = s ? mgm_last_error(s) : NULL;

	if (got != want)
		fail_("%s returned %s, want %s%s%s%s", what, ename(got),
		      ename(want), msg ? " (kernel: \"" : "", msg ? msg : "",
		      msg ? "\")" : "");
	return got;
}

/* RET(c, call, want): check a call made with client c's session. */
#define RET(c, call, want) ret_check(cl[c].s, #call, (call), (want))
#define RETS(s, call, want) ret_check((s), #call, (call), (want))

static const char *if_str(const struct mgm_if *f, char *b, size_t n)
{
	char nh[INET_ADDRSTRLEN] = "";
	int k, found = 0;

	if (f->nexthop.v4.s_addr)
		inet_ntop(AF_INET, &f->nexthop.v4, nh, sizeof(nh));
	for (k = 1; k <= 5; k++)
		if (f->ifindex && f->ifindex == ifx[k])
			found = k;
	if (found)
		snprintf(b, n, "if%d%s%s", found, nh[0] ? "/" : "", nh);
	else
		snprintf(b, n, "#%u%s%s", f->ifindex, nh[0] ? "/" : "", nh);
	return b;
}

static const char *ifi_str(uint32_t ifindex, char *b, size_t n)
{
	struct mgm_if f = mgm_if4(ifindex, 0);

	return if_str(&f, b, n);
}

static const char *addr_str(uint32_t be, char *b, size_t n)
{
	struct in_addr a = { be };

	inet_ntop(AF_INET, &a, b, n);
	return b;
}

static const char *sg_str(const struct mgm_sg *sg, char *b, size_t n)
{
	char s[INET_ADDRSTRLEN + 4], g[INET_ADDRSTRLEN + 4];

	if (!sg->src_len && !sg->src.v4.s_addr)
		strcpy(s, "*");
	else {
		addr_str(sg->src.v4.s_addr, s, INET_ADDRSTRLEN);
		if (sg->src_len != 32)
			sprintf(s + strlen(s), "/%u", sg->src_len);
	}
	if (!sg->grp_len && !sg->grp.v4.s_addr)
		strcpy(g, "*");
	else {
		addr_str(sg->grp.v4.s_addr, g, INET_ADDRSTRLEN);
		if (sg->grp_len != 32)
			sprintf(g + strlen(g), "/%u", sg->grp_len);
	}
	snprintf(b, n, "(%s,%s)", s, g);
	return b;
}

static int sg_eq(const struct mgm_sg *a, const struct mgm_sg *b)
{
	int fa = a->family ? a->family : AF_INET;
	int fb = b->family ? b->family : AF_INET;

	return fa == fb && a->src_len == b->src_len &&
	       a->grp_len == b->grp_len &&
	       a->src.v4.s_addr == b->src.v4.s_addr &&
	       a->grp.v4.s_addr == b->grp.v4.s_addr;
}

static int sg_is(const struct mgm_sg *a, struct mgm_sg b)
{
	return sg_eq(a, &b);
}

static int if_eq(const struct mgm_if *a, const struct mgm_if *b)
{
	return a->ifindex == b->ifindex &&
	       a->nexthop.v4.s_addr == b->nexthop.v4.s_addr;
}

static void fmt_rec(const struct rec *r, char *b, size_t n)
{
	char sg[64], f[40], i[40], u[INET_ADDRSTRLEN], a[40], o[200] = "";
	unsigned int k;
	size_t off = 0;

	sg_str(&r->sg, sg, sizeof(sg));
	if_str(&r->ifc, f, sizeof(f));
	if_str(&r->iif, i, sizeof(i));
	addr_str(r->upstream, u, sizeof(u));
	ifi_str(r->arrival, a, sizeof(a));
	for (k = 0; k < r->n_oifs && k < MAX_OIFS; k++)
		off += snprintf(o + off, sizeof(o) - off, "%s%s igmp=%d en=%d",
				k ? ", " : "",
				ifi_str(r->oifs[k].ifindex, f, sizeof(f)),
				r->oifs[k].igmp, r->oifs[k].enabled);
	if_str(&r->ifc, f, sizeof(f));
	switch (r->kind) {
	case K_RPF:
		snprintf(b, n, "Rpf%s iif=%s upstream=%s arrival=%s", sg, i,
			 u, a);
		break;
	case K_CREATION:
		snprintf(b, n, "CreationAlert%s iif=%s [%s]", sg, i, o);
		break;
	case K_PRUNE:
		snprintf(b, n, "PruneAlert%s if=%s member=%d timeout=%u%s", sg,
			 f, r->member_update, r->timeout,
			 r->has_req ? " (request)" : "");
		break;
	case K_JOIN:
		snprintf(b, n, "JoinAlert%s member=%d", sg, r->member_update);
		break;
	case K_WRONG_IF:
		snprintf(b, n, "WrongIf%s if=%s hdr=%zu bytes", sg, f,
			 r->hdr_len);
		break;
	case K_LOCAL_JOIN:
	case K_LOCAL_LEAVE:
		snprintf(b, n, "%s%s if=%s", kind_name[r->kind], sg, f);
		break;
	case K_DISABLE:
	case K_ENABLE:
	case K_IF_GONE:
		snprintf(b, n, "%s(%s)", kind_name[r->kind], f);
		break;
	case K_OVERFLOW:
		snprintf(b, n, "Overflow(dropped=%u)", r->dropped);
		break;
	default:
		snprintf(b, n, "?");
	}
	if (r->seq) {
		off = strlen(b);
		snprintf(b + off, n - off, " seq=%llu",
			 (unsigned long long)r->seq);
	}
	if (r->bad) {
		off = strlen(b);
		snprintf(b + off, n - off, " [inconsistent event: type %s]",
			 r->bad == 1 ? "mismatch" : "or timeout");
	}
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static struct rec *rec_new(struct client *c, enum kind k,
			   const struct mgm_event *ev)
{
	static __thread struct rec spare;
	struct rec *r;

	c->count[k]++;
	if (c->n < LOG_MAX) {
		r = &c->log[c->n++];
	} else {
		c->lost++;
		r = &spare;
	}
	memset(r, 0, sizeof(*r));
	r->kind = k;
	r->bad = ev->type != kind_cmd[k];
	r->seq = ev->seq;
	r->handle = ev->handle;
	r->has_req = ev->req_id != 0;
	r->sg = ev->sg;
	r->ifc = ev->ifc;
	r->iif = ev->iif;
	r->arrival = ev->arrival_ifindex;
	r->upstream = ev->upstream.v4.s_addr;
	r->member_update = ev->member_update;
	r->timeout = ev->timeout;
	r->dropped = ev->dropped;
	r->hdr_len = ev->hdr_len;
	if (ev->hdr && ev->hdr_len)
		memcpy(r->hdr, ev->hdr,
		       ev->hdr_len < HDR_KEEP ? ev->hdr_len : HDR_KEEP);
	return r;
}

static void cb_rpf(void *arg, const struct mgm_event *ev,
		   struct mgm_rpf_answer *answer)
{
	struct client *c = arg;
	struct mgm_mfe_info *mi;

	rec_new(c, K_RPF, ev);
	if (c->b.rpf_get_mfe) {
		c->b.rpf_get_ret = mgm_mfe_get(c->s, &ev->sg, &mi);
		if (!c->b.rpf_get_ret)
			mgm_mfe_free(mi);
	}
	if (c->b.rpf_mode == 1)
		answer->iif = mgm_if4(c->b.rpf_ifindex, 0);
	else if (c->b.rpf_mode == 2)
		answer->iif.ifindex = 0;
}

static void cb_creation(void *arg, const struct mgm_event *ev,
			struct mgm_creation_oif *oifs, unsigned int n_oifs)
{
	struct client *c = arg;
	struct rec *r = rec_new(c, K_CREATION, ev);
	unsigned int k;
	long t0, t;

	r->n_oifs = n_oifs;
	for (k = 0; k < n_oifs && k < MAX_OIFS; k++) {
		r->oifs[k].ifindex = oifs[k].ifc.ifindex;
		r->oifs[k].igmp = oifs[k].igmp;
		r->oifs[k].enabled = oifs[k].enabled;
	}
	if (ev->n_oifs != n_oifs)
		r->bad = 2;
	if (c->b.creation_sleep_ms) {
		/* S50: answer late, watching when the kernel gives up. */
		t0 = now_ms();
		while ((t = now_ms() - t0) < c->b.creation_sleep_ms) {
			struct mgm_mfe_info *mi;

			if (c->b.creation_seen_mfe_ms < 0 &&
			    !mgm_mfe_get(adm, &ev->sg, &mi)) {
				c->b.creation_seen_mfe_ms = t;
				mgm_mfe_free(mi);
			}
			msleep(50);
		}
	}
	for (k = 0; k < n_oifs; k++)
		if (c->b.veto_ifindex && oifs[k].ifc.ifindex == c->b.veto_ifindex)
			oifs[k].enabled = 0;
}

static void cb_prune(void *arg, const struct mgm_event *ev,
		     uint32_t *timeout)
{
	struct client *c = arg;
	struct rec *r = rec_new(c, K_PRUNE, ev);

	r->timeout = *timeout;
	if (!ev->member_update && ev->timeout != *timeout)
		r->bad = 2;
	if (c->b.prune_timeout >= 0)
		*timeout = (uint32_t)c->b.prune_timeout;
}

static void cb_join(void *arg, const struct mgm_event *ev)
{
	struct client *c = arg;

	rec_new(c, K_JOIN, ev);
	if (c->b.join_rejoin) {
		struct mgm_sg sg = W(G1);
		struct mgm_if f = mgm_if4(IF3, 0);

		c->b.join_rejoin = 0;
		c->b.join_rejoin_ret = mgm_member_add(c->s, c->h, &sg, &f,
						      MGM_JOIN);
	}
}

static void cb_wrong_if(void *arg, const struct mgm_event *ev)
{
	rec_new(arg, K_WRONG_IF, ev);
}

static void cb_local_join(void *arg, const struct mgm_event *ev)
{
	rec_new(arg, K_LOCAL_JOIN, ev);
}

static void cb_local_leave(void *arg, const struct mgm_event *ev)
{
	rec_new(arg, K_LOCAL_LEAVE, ev);
}

static void de_trace(struct client *c, const struct mgm_event *ev, char ch)
{
	if (c->b.de_ifindex && ev->ifc.ifindex == c->b.de_ifindex &&
	    c->b.de_n < (int)sizeof(c->b.de_trace) - 1)
		c->b.de_trace[c->b.de_n++] = ch;
}

static void cb_disable(void *arg, const struct mgm_event *ev)
{
	rec_new(arg, K_DISABLE, ev);
	de_trace(arg, ev, 'D');
}

static void cb_enable(void *arg, const struct mgm_event *ev)
{
	rec_new(arg, K_ENABLE, ev);
	de_trace(arg, ev, 'E');
}

static void cb_if_gone(void *arg, const struct mgm_event *ev)
{
	rec_new(arg, K_IF_GONE, ev);
}

static void cb_overflow(void *arg, const struct mgm_event *ev)
{
	struct client *c = arg;

	rec_new(c, K_OVERFLOW, ev);
	c->dropped_sum += ev->dropped;
}

static const struct mgm_callbacks all_cbs = {
	.rpf = cb_rpf,
	.creation_alert = cb_creation,
	.prune_alert = cb_prune,
	.join_alert = cb_join,
	.wrong_if = cb_wrong_if,
	.local_join = cb_local_join,
	.local_leave = cb_local_leave,
	.disable_igmp = cb_disable,
	.enable_igmp = cb_enable,
	.if_gone = cb_if_gone,
	.overflow = cb_overflow,
};

/* ------------------------------------------------------------------ */
/* Event pumping and log comparison                                    */
/* ------------------------------------------------------------------ */

/*
 * Dispatch the events of the clients in @mask until none has arrived for
 * @idle_ms.  Returns the number of events dispatched.
 */
static int pump(unsigned int mask, int idle_ms)
{
	struct pollfd pfd[NCL];
	int who[NCL], n, k, r, total = 0;

	for (;;) {
		n = 0;
		for (k = 0; k < NCL; k++) {
			if (!(mask & (1u << k)) || !cl[k].s)
				continue;
			pfd[n].fd = mgm_event_fd(cl[k].s);
			pfd[n].events = POLLIN;
			who[n++] = k;
		}
		if (!n || poll(pfd, n, idle_ms) <= 0)
			return total;
		for (k = 0; k < n; k++) {
			if (!(pfd[k].revents & (POLLIN | POLLERR)))
				continue;
			r = mgm_dispatch(cl[who[k]].s, 0);
			if (r > 0)
				total += r;
			else if (r < 0 && r != -EAGAIN)
				ktap_diag("mgm_dispatch(%s) returned %s",
					  cl_name[who[k]], ename(r));
		}
	}
}

static void drain(void)
{
	pump(ALL_MASK, 0);
	pump(ALL_MASK, 30);
}

static void clear_logs(void)
{
	int c;

	drain();
	for (c = 0; c < NCL; c++) {
		cl[c].n = 0;
		cl[c].lost = 0;
		cl[c].nexp = 0;
		cl[c].dropped_sum = 0;
		memset(cl[c].count, 0, sizeof(cl[c].count));
	}
}

static struct rec *ex(int c, enum kind k, unsigned int cmp)
{
	struct rec *r;

	if (cl[c].nexp >= EXP_MAX) {
		fail_("test bug: too many expectations for %s", cl_name[c]);
		return &cl[c].exp[EXP_MAX - 1];
	}
	r = &cl[c].exp[cl[c].nexp++];
	memset(r, 0, sizeof(*r));
	r->kind = k;
	r->cmp = cmp;
	return r;
}

static void ex_ja(int c, struct mgm_sg sg, int mu)
{
	struct rec *r = ex(c, K_JOIN, C_SG | C_MU);

	r->sg = sg;
	r->member_update = mu;
}

/* A prune alert: member (TRUE) on the removed interface, or FALSE on the
 * entry's IIF with the default timeout preset and a reply expected. */
static void ex_pa(int c, struct mgm_sg sg, uint32_t ifindex, int mu)
{
	struct rec *r = ex(c, K_PRUNE, C_SG | C_IFC | C_MU | (mu ? 0 : C_TMO));

	r->sg = sg;
	r->ifc = mgm_if4(ifindex, 0);
	r->member_update = mu;
	r->has_req = !mu;
	r->timeout = saved_cfg.mfe_timeout;
}

static void ex_local(int c, enum kind k, struct mgm_sg sg, uint32_t ifindex)
{
	struct rec *r = ex(c, k, C_SG | C_IFC);

	r->sg = sg;
	r->ifc = mgm_if4(ifindex, 0);
}

static void ex_ifev(int c, enum kind k, uint32_t ifindex)
{
	struct rec *r = ex(c, k, C_IFC);

	r->ifc = mgm_if4(ifindex, 0);
}

static void ex_rpf(int c, struct mgm_sg sg, uint32_t iif, uint32_t upstream,
		   uint32_t arrival)
{
	struct rec *r = ex(c, K_RPF, C_SG | C_IIF | C_UP | C_ARR | C_REQ);

	r->sg = sg;
	r->iif = mgm_if4(iif, 0);
	r->upstream = upstream;
	r->arrival = arrival;
}

/* ex_cr(c, sg, iif, n, ifindex, igmp, ...): a creation alert offering n
 * interfaces, each enabled. */
static void ex_cr(int c, struct mgm_sg sg, uint32_t iif, unsigned int n, ...)
{
	struct rec *r = ex(c, K_CREATION, C_SG | C_IIF | C_OIFS | C_REQ);
	unsigned int k;
	va_list ap;

	r->sg = sg;
	r->iif = mgm_if4(iif, 0);
	r->n_oifs = n;
	va_start(ap, n);
	for (k = 0; k < n && k < MAX_OIFS; k++) {
		r->oifs[k].ifindex = va_arg(ap, uint32_t);
		r->oifs[k].igmp = va_arg(ap, int);
		r->oifs[k].enabled = 1;
	}
	va_end(ap);
}

static void ex_wif(int c, struct mgm_sg sg, uint32_t ifindex,
		   const uint8_t *hdr)
{
	struct rec *r = ex(c, K_WRONG_IF, C_SGA | C_IFC | C_HDR);

	r->sg = sg;
	r->ifc = mgm_if4(ifindex, 0);
	memcpy(r->hdr, hdr, 20);
	r->hdr_len = 20;
}

/* Every fixture client but @x gets a member join alert (registration order). */
static void ex_ja_others(int x, struct mgm_sg sg)
{
	int c;

	for (c = A; c <= I; c++)
		if (c != x)
			ex_ja(c, sg, 1);
}

static void ex_pa_others(int x, struct mgm_sg sg, uint32_t ifindex)
{
	int c;

	for (c = A; c <= I; c++)
		if (c != x)
			ex_pa(c, sg, ifindex, 1);
}

static int cmp_oif(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static int oifs_match(const struct rec *e, const struct rec *g)
{
	struct { uint32_t ifindex; int igmp, enabled; } x[MAX_OIFS], y[MAX_OIFS];
	unsigned int k;

	if (e->n_oifs != g->n_oifs || g->n_oifs > MAX_OIFS)
		return 0;
	memcpy(x, e->oifs, sizeof(x));
	memcpy(y, g->oifs, sizeof(y));
	qsort(x, e->n_oifs, sizeof(x[0]), cmp_oif);
	qsort(y, g->n_oifs, sizeof(y[0]), cmp_oif);
	for (k = 0; k < e->n_oifs; k++)
		if (x[k].ifindex != y[k].ifindex || !x[k].igmp != !y[k].igmp ||
		    !x[k].enabled != !y[k].enabled)
			return 0;
	return 1;
}

static int rec_match(int c, const struct rec *e, const struct rec *g)
{
	unsigned int m = e->cmp;

	if (g->kind != e->kind || g->bad || g->handle != cl[c].h)
		return 0;
	if ((m & C_SG) && !sg_eq(&e->sg, &g->sg))
		return 0;
	if ((m & C_SGA) && (e->sg.src.v4.s_addr != g->sg.src.v4.s_addr ||
			    e->sg.grp.v4.s_addr != g->sg.grp.v4.s_addr))
		return 0;
	if ((m & C_IFC) && !if_eq(&e->ifc, &g->ifc))
		return 0;
	if ((m & C_IIF) && !if_eq(&e->iif, &g->iif))
		return 0;
	if ((m & C_UP) && e->upstream != g->upstream)
		return 0;
	if ((m & C_MU) && (!e->member_update != !g->member_update ||
			   e->has_req != g->has_req))
		return 0;
	if ((m & C_TMO) && e->timeout != g->timeout)
		return 0;
	if ((m & C_ARR) && e->arrival != g->arrival)
		return 0;
	if ((m & C_REQ) && !g->has_req)
		return 0;
	if ((m & C_OIFS) && !oifs_match(e, g))
		return 0;
	if ((m & C_HDR) && (g->hdr_len < 20 || memcmp(e->hdr, g->hdr, 20)))
		return 0;
	return 1;
}

/* Compare the logs of the clients in @mask with their expectations;
 * then forget both. */
static int check_logs(unsigned int mask)
{
	char buf[400];
	int c, k, ok, all_ok = 1;

	drain();
	for (c = 0; c < NCL; c++) {
		struct client *p = &cl[c];

		if (!(mask & (1u << c)))
			continue;
		ok = p->n == p->nexp && !p->lost;
		for (k = 0; ok && k < p->n; k++)
			ok = rec_match(c, &p->exp[k], &p->log[k]);
		if (!ok) {
			all_ok = 0;
			fail_("%s's callbacks differ from the expected ones:",
			      cl_name[c]);
			for (k = 0; k < p->nexp; k++) {
				fmt_rec(&p->exp[k], buf, sizeof(buf));
				ktap_diag("  expected %s", buf);
			}
			if (!p->nexp)
				ktap_diag("  expected nothing");
			for (k = 0; k < p->n && k < 20; k++) {
				fmt_rec(&p->log[k], buf, sizeof(buf));
				ktap_diag("  got      %s", buf);
			}
			if (p->n > 20 || p->lost)
				ktap_diag("  ... %d events in all",
					  p->n + (int)p->lost);
		}
		p->n = 0;
		p->lost = 0;
		p->nexp = 0;
		memset(p->count, 0, sizeof(p->count));
	}
	return all_ok;
}

static int expect_logs(void)
{
	return check_logs(ALL_MASK);
}

/* The sequence number of client c's k-th logged event of kind @k, or 0. */
static uint64_t seq_of(int c, enum kind k, int nth)
{
	int j;

	for (j = 0; j < cl[c].n; j++)
		if (cl[c].log[j].kind == k && !nth--)
			return cl[c].log[j].seq;
	return 0;
}

/* ------------------------------------------------------------------ */
/* API wrappers                                                        */
/* ------------------------------------------------------------------ */

static int cl_open(int c)
{
	cl[c].h = 0;
	return mgm_open(&cl[c].s);
}

static int cl_register(int c, uint32_t proto, uint32_t comp)
{
	return mgm_protocol_register_cb(cl[c].s, proto, comp, &all_cbs,
					&cl[c], &cl[c].h);
}

static void cl_close(int c)
{
	if (cl[c].s)
		mgm_close(cl[c].s);
	cl[c].s = NULL;
	cl[c].h = 0;
}

static int take_nh(int c, uint32_t ifindex, uint32_t nh)
{
	struct mgm_if f = mgm_if4(ifindex, nh);

	return mgm_if_take(cl[c].s, cl[c].h, &f);
}

static int take(int c, uint32_t ifindex)
{
	return take_nh(c, ifindex, 0);
}

static int release(int c, uint32_t ifindex)
{
	struct mgm_if f = mgm_if4(ifindex, 0);

	return mgm_if_release(cl[c].s, cl[c].h, &f);
}

static int madd_h(int c, mgm_handle_t h, struct mgm_sg sg, uint32_t ifindex,
		  uint32_t flags)
{
	struct mgm_if f = mgm_if4(ifindex, 0);

	return mgm_member_add(cl[c].s, h, &sg, &f, flags);
}

static int mdel_h(int c, mgm_handle_t h, struct mgm_sg sg, uint32_t ifindex,
		  uint32_t flags)
{
	struct mgm_if f = mgm_if4(ifindex, 0);

	return mgm_member_del(cl[c].s, h, &sg, &f, flags);
}

static int madd(int c, struct mgm_sg sg, uint32_t ifindex, uint32_t flags)
{
	return madd_h(c, cl[c].h, sg, ifindex, flags);
}

static int mdel(int c, struct mgm_sg sg, uint32_t ifindex, uint32_t flags)
{
	return mdel_h(c, cl[c].h, sg, ifindex, flags);
}

static int join(int c, struct mgm_sg sg, uint32_t ifindex)
{
	return madd(c, sg, ifindex, MGM_JOIN);
}

static int leave(int c, struct mgm_sg sg, uint32_t ifindex)
{
	return mdel(c, sg, ifindex, MGM_JOIN);
}

static int mfe_set(int c, mgm_handle_t h, struct mgm_sg sg, uint32_t up,
		   const uint32_t *timeout)
{
	union mgm_addr u = { .v4 = { up } };

	return mgm_mfe_set(cl[c].s, h, &sg, &u, timeout);
}

static int if_get(uint32_t ifindex, uint32_t nh, struct mgm_if_info *info)
{
	struct mgm_if f = mgm_if4(ifindex, nh);

	memset(info, 0, sizeof(*info));
	return mgm_if_get(adm, &f, info);
}

/* The owner query (MgmGetProtocolOnInterface) gives (proto, comp). */
static void owner_is(uint32_t ifindex, uint32_t nh, uint32_t proto,
		     uint32_t comp)
{
	struct mgm_if_info info;
	char b[40];
	int r = if_get(ifindex, nh, &info);
	struct mgm_if f = mgm_if4(ifindex, nh);

	if (r)
		fail_("owner query on %s returned %s, want (0x%x,%u)",
		      if_str(&f, b, sizeof(b)), ename(r), proto, comp);
	else if (info.proto_id != proto || info.component_id != comp)
		fail_("owner query on %s gives (0x%x,%u), want (0x%x,%u)",
		      if_str(&f, b, sizeof(b)), info.proto_id,
		      info.component_id, proto, comp);
}

static void owner_none(uint32_t ifindex, uint32_t nh)
{
	struct mgm_if_info info;
	struct mgm_if f = mgm_if4(ifindex, nh);
	char b[40];
	int r = if_get(ifindex, nh, &info);

	if (r != -ENOENT)
		fail_("owner query on %s returned %s (proto 0x%x), want ENOENT",
		      if_str(&f, b, sizeof(b)), ename(r), info.proto_id);
}

/* Membership table. */
struct mrec {
	struct mgm_sg sg;
	unsigned int n;
	struct {
		uint32_t ifindex;
		mgm_handle_t comp;
		uint32_t by;
	} oifs[MAX_OIFS];
};

struct mlist {
	int n;
	struct mrec r[64];
};

static int mlist_cb(const struct mgm_member_info *info, void *arg)
{
	struct mlist *l = arg;
	struct mrec *m;
	unsigned int k;

	if (l->n >= 64)
		return 0;
	m = &l->r[l->n++];
	m->sg = info->sg;
	m->n = info->n_oifs;
	for (k = 0; k < info->n_oifs && k < MAX_OIFS; k++) {
		m->oifs[k].ifindex = info->oifs[k].ifc.ifindex;
		m->oifs[k].comp = info->oifs[k].component;
		m->oifs[k].by = info->oifs[k].by;
	}
	return 0;
}

static int mdump(int type, const struct mgm_sg *after, struct mlist *l)
{
	memset(l, 0, sizeof(*l));
	return mgm_member_dump(adm, type, after, mlist_cb, l);
}

static const struct mrec *mfind(const struct mlist *l, struct mgm_sg sg)
{
	int k;

	for (k = 0; k < l->n; k++)
		if (sg_eq(&l->r[k].sg, &sg))
			return &l->r[k];
	return NULL;
}

static void mlist_diag(const struct mlist *l)
{
	char sg[64], f[40];
	unsigned int j;
	int k;

	for (k = 0; k < l->n; k++) {
		char o[200] = "";
		size_t off = 0;

		for (j = 0; j < l->r[k].n && j < MAX_OIFS; j++)
			off += snprintf(o + off, sizeof(o) - off,
					" %s(comp %llu by %u)",
					ifi_str(l->r[k].oifs[j].ifindex, f,
						sizeof(f)),
					(unsigned long long)l->r[k].oifs[j].comp,
					l->r[k].oifs[j].by);
		ktap_diag("  member entry %s:%s",
			  sg_str(&l->r[k].sg, sg, sizeof(sg)), o);
	}
	if (!l->n)
		ktap_diag("  membership table empty");
}

static void members_empty(void)
{
	struct mlist l;
	int r = mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l);

	if (r || l.n) {
		fail_("membership dump returned %s with %d entries, want 0 entries",
		      ename(r), l.n);
		mlist_diag(&l);
	}
}

/*
 * member_is(sg, n, ifindex, owner-client, by, ...): the ALL_SOURCES dump has
 * exactly this entry's interfaces, each with its component and adder.
 */
static void member_is(struct mgm_sg sg, unsigned int n, ...)
{
	struct mlist l;
	const struct mrec *m;
	char b[64];
	unsigned int k, j, bad = 0;
	va_list ap;
	int r = mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l);

	m = mfind(&l, sg);
	if (r || !m) {
		fail_("membership dump (%s) has no entry %s", ename(r),
		      sg_str(&sg, b, sizeof(b)));
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
		int found = 0;

		for (j = 0; j < m->n; j++)
			if (m->oifs[j].ifindex == ifi &&
			    m->oifs[j].comp == cl[owner].h && m->oifs[j].by == by)
				found = 1;
		if (!found)
			bad = 1;
	}
	va_end(ap);
	if (bad) {
		fail_("member entry %s has other interfaces than expected (%u wanted)",
		      sg_str(&sg, b, sizeof(b)), n);
		mlist_diag(&l);
	}
}

/* Forwarding-entry table. */
struct flist {
	int n;
	int stop_after;
	struct mgm_sg sg[64];
	unsigned int n_oifs[64];
};

static int flist_cb(const struct mgm_mfe_info *info, void *arg)
{
	struct flist *l = arg;

	if (l->n < 64) {
		l->sg[l->n] = info->sg;
		l->n_oifs[l->n] = info->n_oifs;
		l->n++;
	}
	return l->stop_after && l->n >= l->stop_after ? 1 : 0;
}

static int fdump_s(struct mgm_session *s, const struct mgm_sg *after,
		   struct flist *l, int stop_after)
{
	memset(l, 0, sizeof(*l));
	l->stop_after = stop_after;
	return mgm_mfe_dump(s, after, flist_cb, l);
}

static int fdump(const struct mgm_sg *after, struct flist *l, int stop_after)
{
	return fdump_s(adm, after, l, stop_after);
}

static void flist_diag(const struct flist *l)
{
	char b[64];
	int k;

	for (k = 0; k < l->n; k++)
		ktap_diag("  MFE %s with %u OIFs",
			  sg_str(&l->sg[k], b, sizeof(b)), l->n_oifs[k]);
	if (!l->n)
		ktap_diag("  no MFE");
}

/* flist_is(l, n, sg...): exactly these entries, in this order. */
static int flist_is(const struct flist *l, int n, ...)
{
	int k, ok = l->n == n;
	va_list ap;

	va_start(ap, n);
	for (k = 0; k < n; k++) {
		struct mgm_sg sg = va_arg(ap, struct mgm_sg);

		if (ok && !sg_eq(&sg, &l->sg[k]))
			ok = 0;
	}
	va_end(ap);
	return ok;
}

static int mfe_get(struct mgm_sg sg, struct mgm_mfe_info **mi)
{
	*mi = NULL;
	return mgm_mfe_get(adm, &sg, mi);
}

static int mfe_exists(struct mgm_sg sg)
{
	struct mgm_mfe_info *mi;
	int r = mfe_get(sg, &mi);

	if (!r)
		mgm_mfe_free(mi);
	return r == 0;
}

static void mfe_diag(const struct mgm_mfe_info *mi)
{
	char sg[64], f[40], u[INET_ADDRSTRLEN], o[200] = "";
	unsigned int k;
	size_t off = 0;

	for (k = 0; k < mi->n_oifs; k++)
		off += snprintf(o + off, sizeof(o) - off, " %s",
				if_str(&mi->oifs[k].ifc, f, sizeof(f)));
	ktap_diag("  MFE %s iif=%s (proto 0x%x) upstream=%s timeout=%u expires=%llums uptime=%llums oifs:%s",
		  sg_str(&mi->sg, sg, sizeof(sg)),
		  if_str(&mi->iif, f, sizeof(f)), mi->iif_proto_id,
		  addr_str(mi->upstream.v4.s_addr, u, sizeof(u)), mi->timeout,
		  (unsigned long long)mi->expires_ms,
		  (unsigned long long)mi->uptime_ms, o);
}

/*
 * mfe_is(sg, iif, n, ifindex...): the entry exists with this incoming
 * interface and exactly these outgoing ones, in ascending order.
 */
static void mfe_is(struct mgm_sg sg, uint32_t iif, unsigned int n, ...)
{
	struct mgm_mfe_info *mi;
	uint32_t want[MAX_OIFS];
	unsigned int k;
	char b[64];
	va_list ap;
	int r, ok;

	va_start(ap, n);
	for (k = 0; k < n && k < MAX_OIFS; k++)
		want[k] = va_arg(ap, uint32_t);
	va_end(ap);
	qsort(want, n, sizeof(want[0]), cmp_oif);
	r = mfe_get(sg, &mi);
	if (r) {
		fail_("MFE %s: get returned %s", sg_str(&sg, b, sizeof(b)),
		      ename(r));
		return;
	}
	ok = sg_eq(&mi->sg, &sg) && mi->iif.ifindex == iif &&
	     mi->n_oifs == n;
	for (k = 0; ok && k < n; k++)
		ok = mi->oifs[k].ifc.ifindex == want[k];
	if (!ok) {
		char w[200] = "", f[40];
		size_t off = 0;

		for (k = 0; k < n; k++)
			off += snprintf(w + off, sizeof(w) - off, " %s",
					ifi_str(want[k], f, sizeof(f)));
		fail_("MFE %s differs: want iif=%s oifs:%s",
		      sg_str(&sg, b, sizeof(b)), ifi_str(iif, f, sizeof(f)), w);
		mfe_diag(mi);
	}
	mgm_mfe_free(mi);
}

static void mfe_gone(struct mgm_sg sg)
{
	struct mgm_mfe_info *mi;
	char b[64];
	int r = mfe_get(sg, &mi);

	if (r != -ENOENT) {
		fail_("MFE %s: get returned %s, want ENOENT",
		      sg_str(&sg, b, sizeof(b)), ename(r));
		if (!r) {
			mfe_diag(mi);
			mgm_mfe_free(mi);
		}
	}
}

static uint16_t ip_csum(const uint8_t *h, int len)
{
	uint32_t sum = 0;
	int k;

	for (k = 0; k < len; k += 2)
		sum += (uint32_t)(h[k] << 8 | h[k + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* An IPv4 header of (S,G), UDP, @len bytes in all, @ttl, plus 8 bytes of
 * UDP (ports 53 -> 5000, no checksum). */
static void ip_header_lt(struct mgm_sg sg, uint8_t *h, unsigned int len,
			 uint8_t ttl)
{
	uint16_t sum;

	memset(h, 0, 28);
	h[0] = 0x45;
	h[2] = (uint8_t)(len >> 8);
	h[3] = (uint8_t)len;
	h[5] = 1;
	h[8] = ttl;
	h[9] = 17;
	memcpy(h + 12, &sg.src.v4.s_addr, 4);
	memcpy(h + 16, &sg.grp.v4.s_addr, 4);
	sum = ip_csum(h, 20);
	h[10] = (uint8_t)(sum >> 8);
	h[11] = (uint8_t)sum;
	h[21] = 0x35;
	h[22] = 0x13;
	h[23] = 0x88;
	h[24] = (uint8_t)((len - 20) >> 8);
	h[25] = (uint8_t)(len - 20);
}

/* The header of the fixture's packets: 100 bytes, TTL 64. */
static void ip_header(struct mgm_sg sg, uint8_t *h)
{
	ip_header_lt(sg, h, 100, 64);
}

/* A packet of (S,G) arriving on ifindex (the test hook). */
static int inject(struct mgm_sg sg, uint32_t ifindex)
{
	struct mgm_if f = mgm_if4(ifindex, 0);
	uint8_t h[28];
	int r;

	ip_header(sg, h);
	r = mgm_inject(adm, &sg, &f, 100, 64, h, sizeof(h));
	if (r == -EOPNOTSUPP)
		no_inject = 1;
	return r;
}

/*
 * Inject the first packet of (S,G) on @ifindex and answer the requests it
 * causes until the entry exists (or 3 s pass).  Returns 0 or an error.
 */
static int wait_mfe(struct mgm_sg sg)
{
	char b[64];
	long t0 = now_ms();

	while (now_ms() - t0 < 3000) {
		pump(ALL_MASK, 20);
		if (mfe_exists(sg))
			return 0;
	}
	fail_("no MFE %s within 3 s of its first packet", sg_str(&sg, b, sizeof(b)));
	return -ETIMEDOUT;
}

static int make_mfe(struct mgm_sg sg, uint32_t ifindex)
{
	char b[64];
	int r = inject(sg, ifindex);

	if (r) {
		fail_("mgm_inject(%s) returned %s%s%s", sg_str(&sg, b, sizeof(b)),
		      ename(r), mgm_last_error(adm) ? ": " : "",
		      mgm_last_error(adm) ? mgm_last_error(adm) : "");
		return r;
	}
	return wait_mfe(sg);
}

/* ------------------------------------------------------------------ */
/* Real packets on the wire (spec §8.0)                                */
/* ------------------------------------------------------------------ */

/*
 * mgm_scenarios.sh makes if1..if5 veth pairs whose peers p1..p5 live in
 * the namespace named by MGM_WIRE_NS.  There, one raw socket sends
 * Ethernet frames out of pN (they arrive on ifN, where the kernel's hook
 * sees them) and one per peer captures what leaves ifN.  The sockets are
 * opened in that namespace and used from ours.  Without MGM_WIRE_NS the
 * wire checks report SKIP.
 *
 * Every packet sent is a UDP datagram of WIRE_SIZE bytes carrying a magic
 * and a sequence number; a copy is counted on the peer it reaches if it
 * has the (S,G) looked for, and must have TTL 63 (one decrement), a valid
 * header checksum, the group's MAC address and the full length; copies
 * must arrive in the order sent.  wire_expect() waits for the copies
 * expected (at most WIRE_WAIT_MS), then WIRE_SETTLE_MS more for any extra
 * one, and compares the counts exactly.  The data path forwards and counts
 * in softirq context, which may run after the send returned: wire_traffic()
 * first waits until the entry counted the packets sent, then checks the
 * wires, then reads the entry's counters.
 */
#define NEEDS_WIRE	"no veth peers to send and capture on (MGM_WIRE_NS unset)"
#define WIRE_SIZE	100
#define WIRE_TTL	64
#define WIRE_WAIT_MS	3000
#define WIRE_SETTLE_MS	300
#define WIRE_MAX	32

static const uint8_t wire_magic[4] = { 'M', 'G', 'M', 'W' };

static struct {
	int on;
	const char *ns;
	int self_fd, ns_fd;	/* our namespace, the peers' */
	int cap[6];		/* capturing on p1..p5 */
	int peer[6];		/* ifindexes of p1..p5 (in their namespace) */
	int tx;
	uint32_t seq;		/* of the next packet sent */
	int n[6];		/* copies counted per peer */
	uint32_t got[6][WIRE_MAX];	/* their sequence numbers */
	int other, bad;
} wire = { .self_fd = -1, .ns_fd = -1, .tx = -1,
	   .cap = { -1, -1, -1, -1, -1, -1 } };

/* Report a SKIP for a wire check when there is no wire; returns 1 then. */
static int __attribute__((format(printf, 1, 2))) wire_skip(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (wire.on)
		return 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	skip(NEEDS_WIRE, "%s", buf);
	return 1;
}

static void wire_setns(int fd)
{
	if (setns(fd, CLONE_NEWNET)) {
		printf("Bail out! setns: %s\n", strerror(errno));
		exit(1);
	}
}

/* Capture socket on pK; in the peers' namespace. */
static int wire_cap_open(int k)
{
	struct sockaddr_ll a = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),	/* incoming IPv4 only */
	};
	char name[8];
	int fd;

	if (wire.cap[k] >= 0)
		close(wire.cap[k]);
	wire.cap[k] = -1;
	snprintf(name, sizeof(name), "p%d", k);
	wire.peer[k] = (int)if_nametoindex(name);
	if (!wire.peer[k])
		return -errno;
	/* Protocol 0: nothing arrives before the bind to pK. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	a.sll_ifindex = wire.peer[k];
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -errno;
	}
	wire.cap[k] = fd;
	return 0;
}

static void wire_open(void)
{
	char path[PATH_MAX];
	int k, r = 0;

	wire.ns = getenv("MGM_WIRE_NS");
	if (!wire.ns || !*wire.ns)
		return;
	snprintf(path, sizeof(path), "/run/netns/%s", wire.ns);
	wire.self_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (wire.self_fd < 0)
		r = -errno;
	if (!r) {
		wire.ns_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (wire.ns_fd < 0)
			r = -errno;
	}
	if (!r) {
		wire_setns(wire.ns_fd);
		for (k = 1; k <= 5 && !r; k++)
			r = wire_cap_open(k);
		if (!r) {
			wire.tx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
			if (wire.tx < 0)
				r = -errno;
		}
		wire_setns(wire.self_fd);
	}
	wire.on = !r;
	ktap_check(wire.on, "wire: raw sockets on p1..p5 in %s send into if1..if5 and capture what leaves them%s%s",
		   wire.ns, r ? ": " : "", r ? ename(r) : "");
}

/* Forget whatever the peers captured so far. */
static void wire_drain(void)
{
	uint8_t f[2048];
	int k;

	for (k = 1; k <= 5; k++)
		while (wire.cap[k] >= 0 && recv(wire.cap[k], f, sizeof(f), 0) >= 0)
			;
}

/* S84 deleted if3 and its peer: make the pair again, capture on the new p3. */
static int wire_recreate_if3(void)
{
	char cmd[256];
	int r;

	snprintf(cmd, sizeof(cmd),
		 "ip link add if3 type veth peer name p3 netns '%s' && ip link set if3 multicast on up && ip -n '%s' link set p3 up",
		 wire.ns, wire.ns);
	if (system(cmd))
		return -1;
	wire_setns(wire.ns_fd);
	r = wire_cap_open(3);
	wire_setns(wire.self_fd);
	if (r)
		wire.on = 0;
	return r;
}

/* Send @n packets of (S,G) with @ttl out of pK, so they arrive on ifK.
 * Returns the sequence number of the first. */
static uint32_t wire_send(struct mgm_sg sg, int k, uint8_t ttl, int n)
{
	uint8_t f[14 + WIRE_SIZE];
	uint32_t g = ntohl(sg.grp.v4.s_addr), first = wire.seq, seq;
	struct sockaddr_ll a = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),
		.sll_ifindex = wire.peer[k],
		.sll_halen = 6,
	};
	ssize_t r;
	int j;

	memset(f, 0, sizeof(f));
	f[0] = 0x01;			/* 01:00:5e + the group's low 23 bits */
	f[2] = 0x5e;
	f[3] = (uint8_t)((g >> 16) & 0x7f);
	f[4] = (uint8_t)(g >> 8);
	f[5] = (uint8_t)g;
	f[6] = 0x02;			/* 02:00:00:00:00:0K */
	f[11] = (uint8_t)k;
	f[12] = 0x08;			/* IPv4 */
	ip_header_lt(sg, f + 14, WIRE_SIZE, ttl);
	memcpy(f + 14 + 28, wire_magic, 4);
	memcpy(a.sll_addr, f, 6);
	for (j = 0; j < n; j++) {
		seq = htonl(wire.seq++);
		memcpy(f + 14 + 32, &seq, 4);
		r = sendto(wire.tx, f, sizeof(f), 0, (struct sockaddr *)&a,
			   sizeof(a));
		if (r != (ssize_t)sizeof(f))
			fail_("sending packet %d of %d out of p%d: %s", j + 1, n,
			      k, r < 0 ? strerror(errno) : "short write");
	}
	return first;
}

/* A captured frame on pK: count it if it is a copy of (S,G). */
static void wire_frame(int k, struct mgm_sg sg, const uint8_t *f, ssize_t n)
{
	const uint8_t *ip = f + 14;
	uint32_t src, grp, seq, g;
	char b[64];

	if (n < 14 + 36 || f[12] != 0x08 || f[13] != 0x00 || ip[0] != 0x45 ||
	    ip[9] != 17 || memcmp(ip + 28, wire_magic, 4))
		return;		/* not one of ours */
	memcpy(&src, ip + 12, 4);
	memcpy(&grp, ip + 16, 4);
	memcpy(&seq, ip + 32, 4);
	seq = ntohl(seq);
	if (src != sg.src.v4.s_addr || grp != sg.grp.v4.s_addr) {
		if (!wire.other++)
			ktap_diag("  p%d: a copy of packet %u of another (S,G)", k,
				  seq);
		return;
	}
	g = ntohl(grp);
	if (ip[8] != WIRE_TTL - 1 || ip_csum(ip, 20) ||
	    (ip[2] << 8 | ip[3]) != WIRE_SIZE || n < 14 + WIRE_SIZE ||
	    f[0] != 0x01 || f[1] || f[2] != 0x5e || f[3] != ((g >> 16) & 0x7f) ||
	    f[4] != (uint8_t)(g >> 8) || f[5] != (uint8_t)g) {
		if (!wire.bad++)
			ktap_diag("  p%d: copy of packet %u of %s: TTL %u, checksum %s, length %u of %zd captured, dst %02x:%02x:%02x:%02x:%02x:%02x",
				  k, seq, sg_str(&sg, b, sizeof(b)), ip[8],
				  ip_csum(ip, 20) ? "bad" : "ok",
				  ip[2] << 8 | ip[3], n - 14, f[0], f[1], f[2],
				  f[3], f[4], f[5]);
	}
	if (wire.n[k] < WIRE_MAX)
		wire.got[k][wire.n[k]] = seq;
	wire.n[k]++;
}

static void wire_read(int k, struct mgm_sg sg)
{
	uint8_t f[2048];
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n;

	for (;;) {
		fl = sizeof(from);
		n = recvfrom(wire.cap[k], f, sizeof(f), 0,
			     (struct sockaddr *)&from, &fl);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;
		if (from.sll_pkttype != PACKET_OUTGOING)
			wire_frame(k, sg, f, n);
	}
}

/*
 * wire_expect(sg, n1, ..., n5): exactly nK copies of (S,G) leave ifK
 * (captured on pK), in the order sent, well-formed, and nothing else of
 * ours.  Failures go to the current result.  Returns 1 if all is as
 * expected.
 */
static int wire_expect(struct mgm_sg sg, int n1, int n2, int n3, int n4,
		       int n5)
{
	const int want[6] = { 0, n1, n2, n3, n4, n5 };
	struct tpacket_stats ps;
	struct pollfd p[5];
	socklen_t len;
	long t0 = now_ms(), reached = -1, t, wait;
	int j, k, done, fail0 = st_fail;
	char b[64];

	memset(wire.n, 0, sizeof(wire.n));
	wire.other = wire.bad = 0;
	for (;;) {
		for (k = 1; k <= 5; k++)
			wire_read(k, sg);
		t = now_ms();
		if (reached < 0) {
			for (done = 1, k = 1; k <= 5; k++)
				if (wire.n[k] < want[k])
					done = 0;
			if (done || t - t0 >= WIRE_WAIT_MS)
				reached = t;
		}
		if (reached >= 0 && t - reached >= WIRE_SETTLE_MS)
			break;
		wait = reached >= 0 ? reached + WIRE_SETTLE_MS - t :
				      t0 + WIRE_WAIT_MS - t;
		for (k = 1; k <= 5; k++) {
			p[k - 1].fd = wire.cap[k];
			p[k - 1].events = POLLIN;
		}
		poll(p, 5, (int)(wait > 0 ? wait : 0));
	}
	for (k = 1; k <= 5; k++) {
		if (wire.n[k] != want[k])
			fail_("the wire of if%d (captured on p%d): %d copies of %s, want %d",
			      k, k, wire.n[k], sg_str(&sg, b, sizeof(b)),
			      want[k]);
		for (j = 1; j < wire.n[k] && j < WIRE_MAX; j++)
			if (wire.got[k][j] <= wire.got[k][j - 1]) {
				fail_("p%d: packet %u arrived after packet %u",
				      k, wire.got[k][j], wire.got[k][j - 1]);
				break;
			}
		len = sizeof(ps);
		if (!getsockopt(wire.cap[k], SOL_PACKET, PACKET_STATISTICS,
				&ps, &len) && ps.tp_drops)
			fail_("p%d: the capture socket dropped %u frames", k,
			      ps.tp_drops);
	}
	EXPECT(!wire.other, "%d copies of another (S,G)", wire.other);
	EXPECT(!wire.bad, "%d malformed copies (see above)", wire.bad);
	return st_fail == fail0;
}

/* The outgoing interface @ifindex of an entry, or NULL. */
static const struct mgm_mfe_oif *oif_of(const struct mgm_mfe_info *mi,
					uint32_t ifindex)
{
	unsigned int k;

	for (k = 0; mi && k < mi->n_oifs; k++)
		if (mi->oifs[k].ifc.ifindex == ifindex)
			return &mi->oifs[k];
	return NULL;
}

/*
 * (S,G)'s entry once @n packets more than in @m0 arrived on owned
 * interfaces (in_packets + different_if: the data path counts in softirq
 * context), or after 3 s; NULL (a failure) if there is none.
 */
static struct mgm_mfe_info *mfe_after(struct mgm_sg sg,
				      const struct mgm_mfe_info *m0, uint64_t n)
{
	uint64_t want = n + (m0 ? m0->stats.in_packets + m0->stats.different_if : 0);
	struct mgm_mfe_info *mi = NULL;
	long t0 = now_ms();
	char b[64];
	int r;

	for (;;) {
		r = mfe_get(sg, &mi);
		if (r || mi->stats.in_packets + mi->stats.different_if >= want ||
		    now_ms() - t0 >= 3000)
			break;
		mgm_mfe_free(mi);
		mi = NULL;
		msleep(20);
	}
	if (r)
		fail_("MFE %s: get returned %s", sg_str(&sg, b, sizeof(b)),
		      ename(r));
	return mi;
}

/*
 * After packets were sent: wait until the data path counted @n more
 * arriving packets of (S,G) than @m0 has, check the copies on the wires
 * (wire_expect(), which also lets WIRE_SETTLE_MS pass), and return the
 * entry as it is then, for its counters.
 */
static struct mgm_mfe_info *wire_traffic(struct mgm_sg sg,
					 const struct mgm_mfe_info *m0,
					 uint64_t n, int n1, int n2, int n3,
					 int n4, int n5)
{
	struct mgm_mfe_info *mi = mfe_after(sg, m0, n);

	mgm_mfe_free(mi);
	wire_expect(sg, n1, n2, n3, n4, n5);
	return mfe_after(sg, m0, n);
}

/* The entry's counters moved by exactly these amounts (every other: 0). */
struct dstats {
	long long in_packets, in_bytes, different_if, queue_overflow, uninit,
		  negative, in_discards, hdr_errors, out_packets;
};

static void stats_moved(const struct mgm_mfe_info *m0,
			const struct mgm_mfe_info *m1, struct dstats w)
{
	static const struct mgm_mfe_stats zero;
	const struct mgm_mfe_stats *a = m0 ? &m0->stats : &zero;
	const struct mgm_mfe_stats *z;
	struct dstats d;

	if (!m1)
		return;
	z = &m1->stats;
	d.in_packets = (long long)(z->in_packets - a->in_packets);
	d.in_bytes = (long long)(z->in_bytes - a->in_bytes);
	d.different_if = (long long)(z->different_if - a->different_if);
	d.queue_overflow = (long long)(z->queue_overflow - a->queue_overflow);
	d.uninit = (long long)(z->uninit - a->uninit);
	d.negative = (long long)(z->negative - a->negative);
	d.in_discards = (long long)(z->in_discards - a->in_discards);
	d.hdr_errors = (long long)(z->hdr_errors - a->hdr_errors);
	d.out_packets = (long long)(z->out_packets - a->out_packets);
	if (memcmp(&d, &w, sizeof(d)))
		fail_("MFE counters moved by in_packets %+lld in_bytes %+lld different_if %+lld queue_overflow %+lld uninit %+lld negative %+lld in_discards %+lld hdr_errors %+lld out_packets %+lld; want %+lld %+lld %+lld %+lld %+lld %+lld %+lld %+lld %+lld",
		      d.in_packets, d.in_bytes, d.different_if, d.queue_overflow,
		      d.uninit, d.negative, d.in_discards, d.hdr_errors,
		      d.out_packets, w.in_packets, w.in_bytes, w.different_if,
		      w.queue_overflow, w.uninit, w.negative, w.in_discards,
		      w.hdr_errors, w.out_packets);
}

/* The counters of OIF @ifindex moved by exactly these amounts. */
static void oif_moved(const struct mgm_mfe_info *m0,
		      const struct mgm_mfe_info *m1, uint32_t ifindex,
		      long long packets, long long discards,
		      long long ttl_too_low, long long frag_needed)
{
	static const struct mgm_mfe_oif none;
	const struct mgm_mfe_oif *a = oif_of(m0, ifindex);
	const struct mgm_mfe_oif *z = oif_of(m1, ifindex);
	char f[40];

	if (!m1)
		return;
	if (!z) {
		fail_("%s is not an OIF of the entry",
		      ifi_str(ifindex, f, sizeof(f)));
		return;
	}
	if (!a)
		a = &none;
	if ((long long)(z->packets - a->packets) != packets ||
	    (long long)(z->discards - a->discards) != discards ||
	    (long long)(z->ttl_too_low - a->ttl_too_low) != ttl_too_low ||
	    (long long)(z->frag_needed - a->frag_needed) != frag_needed)
		fail_("OIF %s: packets %+lld discards %+lld ttl_too_low %+lld frag_needed %+lld (now %llu %llu %llu %llu); want %+lld %+lld %+lld %+lld",
		      ifi_str(ifindex, f, sizeof(f)),
		      (long long)(z->packets - a->packets),
		      (long long)(z->discards - a->discards),
		      (long long)(z->ttl_too_low - a->ttl_too_low),
		      (long long)(z->frag_needed - a->frag_needed),
		      (unsigned long long)z->packets,
		      (unsigned long long)z->discards,
		      (unsigned long long)z->ttl_too_low,
		      (unsigned long long)z->frag_needed,
		      packets, discards, ttl_too_low, frag_needed);
}

static int config_set(uint32_t mask, const struct mgm_config *cfg)
{
	return mgm_config_set(adm, cfg, mask);
}

static int set_mfe_timeout(uint32_t secs)
{
	struct mgm_config cfg = saved_cfg;

	cfg.mfe_timeout = secs;
	return config_set(MGM_CONFIG_MFE_TIMEOUT, &cfg);
}

/* ------------------------------------------------------------------ */
/* Child processes                                                     */
/* ------------------------------------------------------------------ */

/* Drop CAP_NET_ADMIN from the effective, permitted and inheritable sets. */
static int drop_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[0].effective &= ~(1u << CAP_NET_ADMIN);
	data[0].permitted &= ~(1u << CAP_NET_ADMIN);
	data[0].inheritable &= ~(1u << CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The fixture                                                         */
/* ------------------------------------------------------------------ */

struct iflist {
	int n;
	struct mgm_if_info r[32];
};

static int iflist_cb(const struct mgm_if_info *info, void *arg)
{
	struct iflist *l = arg;

	if (l->n < 32)
		l->r[l->n++] = *info;
	return 0;
}

static void teardown_clients(void)
{
	struct iflist l;
	int c, k;

	for (c = 0; c < NCL; c++) {
		if (!cl[c].s)
			continue;
		if (cl[c].h) {
			memset(&l, 0, sizeof(l));
			mgm_if_dump(adm, iflist_cb, &l);
			for (k = 0; k < l.n; k++)
				if (l.r[k].owner == cl[c].h ||
				    l.r[k].igmp == cl[c].h)
					mgm_if_release(cl[c].s, cl[c].h,
						       &l.r[k].ifc);
			mgm_protocol_deregister(cl[c].s, cl[c].h);
		}
		cl_close(c);
	}
}

/* Entries whose IIF nobody owns survive the teardown: take and release
 * their IIF with a throw-away protocol, which purges them. */
static void purge_mfes(void)
{
	struct mgm_session *s;
	struct mgm_mfe_info *mi;
	struct flist l;
	mgm_handle_t h;
	int k;

	if (fdump(NULL, &l, 0) || !l.n)
		return;
	ktap_diag("fixture: %d MFEs left behind, purging them", l.n);
	flist_diag(&l);
	if (mgm_open(&s))
		return;
	if (!mgm_protocol_register(s, 0x7ff, 1, &h)) {
		for (k = 0; k < l.n; k++) {
			if (mfe_get(l.sg[k], &mi))
				continue;
			if (!mgm_if_take(s, h, &mi->iif))
				mgm_if_release(s, h, &mi->iif);
			mgm_mfe_free(mi);
		}
	}
	mgm_close(s);
}

static int fixture(const char *tag)
{
	struct mgm_config cfg;
	struct iflist il;
	struct mlist ml;
	struct flist fl;
	int c, k, bad = 0, r;

	teardown_clients();
	for (c = 0; c < NCL; c++) {
		cl[c].n = cl[c].nexp = 0;
		cl[c].lost = 0;
		cl[c].dropped_sum = 0;
		memset(cl[c].count, 0, sizeof(cl[c].count));
		memset(&cl[c].b, 0, sizeof(cl[c].b));
		cl[c].b.prune_timeout = -1;
		cl[c].b.creation_seen_mfe_ms = -1;
	}
	r = config_set(0xff, &saved_cfg);
	if (r) {
		ktap_diag("fixture: restoring the configuration: %s", ename(r));
		bad = 1;
	}
	purge_mfes();
	for (c = A; c <= I; c++) {
		r = cl_open(c);
		if (!r)
			r = cl_register(c, cl_proto[c], 1);
		if (r) {
			ktap_diag("fixture: registering %s: %s%s%s", cl_name[c],
				  ename(r), cl[c].s && mgm_last_error(cl[c].s) ?
				  ": " : "", cl[c].s && mgm_last_error(cl[c].s) ?
				  mgm_last_error(cl[c].s) : "");
			bad = 1;
		}
	}
	if ((r = take(A, IF1)) || (r = take(A, IF5)) || (r = take(B, IF2)) ||
	    (r = take(C, IF3))) {
		ktap_diag("fixture: taking the interfaces: %s", ename(r));
		bad = 1;
	}
	memset(&il, 0, sizeof(il));
	r = mgm_if_dump(adm, iflist_cb, &il);
	if (r || il.n != 4) {
		ktap_diag("fixture: interface dump %s with %d entries, want 4",
			  ename(r), il.n);
		bad = 1;
	}
	for (k = 0; k < il.n; k++) {
		uint32_t f = il.r[k].ifc.ifindex;
		mgm_handle_t want = f == IF1 || f == IF5 ? cl[A].h :
				    f == IF2 ? cl[B].h : f == IF3 ? cl[C].h : 0;

		if (il.r[k].owner != want || il.r[k].igmp) {
			ktap_diag("fixture: interface %u owned by %llu", f,
				  (unsigned long long)il.r[k].owner);
			bad = 1;
		}
	}
	if (mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &ml) || ml.n) {
		ktap_diag("fixture: membership table not empty");
		mlist_diag(&ml);
		bad = 1;
	}
	if (fdump(NULL, &fl, 0) || fl.n) {
		ktap_diag("fixture: MFE table not empty");
		flist_diag(&fl);
		bad = 1;
	}
	if (mgm_config_get(adm, &cfg) || cfg.protocols != 4 ||
	    cfg.interfaces != 4 || cfg.memberships || cfg.mfes ||
	    cfg.pending) {
		ktap_diag("fixture: usage protocols=%u interfaces=%u memberships=%u mfes=%u pending=%u, want 4 4 0 0 0",
			  cfg.protocols, cfg.interfaces, cfg.memberships,
			  cfg.mfes, cfg.pending);
		bad = 1;
	}
	drain();
	for (c = 0; c < NCL; c++) {
		if (cl[c].n) {
			ktap_diag("fixture: registration and takes gave %s %d callbacks",
				  cl_name[c], cl[c].n);
			bad = 1;
		}
		cl[c].n = 0;
	}
	wire_drain();
	if (bad)
		ktap_check(0, "fixture before %s", tag);
	st_fail = 0;
	return bad;
}

/* ------------------------------------------------------------------ */
/* §8.1 Registration and handles                                       */
/* ------------------------------------------------------------------ */

static void s1(void)
{
	RET(X, cl_open(X), 0);
	RET(X, cl_register(X, 0x400, 1), 0);
	EXPECT(cl[X].h != 0, "the handle is 0");
	expect_logs();
	result("S1: a fresh instance (0x400,1) registers with a handle; no callbacks");
}

static void s2(void)
{
	RET(X, cl_open(X), 0);
	RET(X, cl_register(X, 0x100, 1), -EEXIST);
	RET(X, cl_register(X, 0x100, 2), 0);
	EXPECT(cl[X].h && cl[X].h != cl[A].h, "(0x100,2) got handle %llu",
	       (unsigned long long)cl[X].h);
	expect_logs();
	result("S2: (0x100,1) again is refused with EEXIST, (0x100,2) registers");
}

static void s3(void)
{
	RET(X, cl_open(X), 0);
	RET(X, cl_register(X, MGM_PROTO_IGMP, 2), -EEXIST);
	expect_logs();
	result("S3: a second IGMP (10,2) is refused with EEXIST");
}

static void s4(void)
{
	struct mgm_protocol_info info;

	RET(A, mgm_protocol_deregister(cl[A].s, cl[A].h), -EBUSY);
	RETS(adm, mgm_protocol_get(adm, cl[A].h, &info), 0);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S4: deregistering A while it owns if1, if5 is refused (EBUSY)");
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja_others(A, W(G1));
	expect_logs();
	result("S4: A is still registered and can add memberships");
}

static void s5(void)
{
	struct mgm_protocol_info info;

	RET(A, release(A, IF1), 0);
	RET(A, release(A, IF5), 0);
	expect_logs();
	RET(A, mgm_protocol_deregister(cl[A].s, cl[A].h), 0);
	RETS(adm, mgm_protocol_get(adm, cl[A].h, &info), -ENOENT);
	expect_logs();
	result("S5: A releases if1, if5 and deregisters; no callbacks");
	RET(A, take(A, IF4), -EINVAL);
	RET(A, join(A, W(G1), IF4), -EINVAL);
	owner_none(IF4, 0);
	expect_logs();
	result("S5: A's dead handle is refused with EINVAL (take, member add)");
}

static void child_s6(int *res)
{
	struct mgm_session *s;
	struct mgm_sg sg = SG(S1, G1);
	union mgm_addr up = { .v4 = { htonl(0x0a010102U) } };
	struct mgm_if f = mgm_if4(IF4, 0);

	res[0] = mgm_open(&s);
	if (res[0])
		return;
	res[1] = mgm_mfe_set(s, cl[A].h, &sg, &up, NULL);
	res[2] = mgm_if_take(s, cl[A].h, &f);
	res[3] = mgm_protocol_deregister(s, cl[A].h);
}

static void s6(void)
{
	struct mgm_protocol_info info;
	int res[CHILD_RES];

	if (child_run(child_s6, res, 0, NULL)) {
		fail_("the child process did not report");
	} else {
		EXPECT(res[0] == 0, "child: mgm_open returned %s", ename(res[0]));
		EXPECT(res[1] == -EINVAL, "child: mgm_mfe_set with A's handle returned %s, want EINVAL",
		       ename(res[1]));
		EXPECT(res[2] == -EINVAL, "child: mgm_if_take with A's handle returned %s, want EINVAL",
		       ename(res[2]));
		EXPECT(res[3] == -EINVAL, "child: deregistering A's handle returned %s, want EINVAL",
		       ename(res[3]));
	}
	RETS(adm, mgm_protocol_get(adm, cl[A].h, &info), 0);
	owner_is(IF1, 0, 0x100, 1);
	owner_none(IF4, 0);
	expect_logs();
	result("S6: another process using A's handle (set MFE, take, deregister) gets EINVAL");
}

/* ------------------------------------------------------------------ */
/* §8.2 Interface ownership                                            */
/* ------------------------------------------------------------------ */

static void s7(void)
{
	struct mgm_if_info info;

	owner_is(IF1, 0, 0x100, 1);
	if (!if_get(IF1, 0, &info))
		EXPECT(info.owner == cl[A].h && !info.igmp,
		       "if1: owner %llu igmp %llu, want A's handle and none",
		       (unsigned long long)info.owner,
		       (unsigned long long)info.igmp);
	expect_logs();
	result("S7: the owner query on if1 gives (0x100,1)");
}

static void s8(void)
{
	owner_none(IF4, 0);
	result("S8: the owner query on the unowned if4 gives ENOENT");
}

static void s9(void)
{
	RET(B, take(B, IF1), -EEXIST);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S9: B's take of A's if1 is refused with EEXIST; A still owns it");
}

static void s10(void)
{
	RET(A, take(A, IF1), -EEXIST);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S10: A re-taking its own if1 is refused with EEXIST");
}

static void s11(void)
{
	struct mgm_if f = mgm_if4(IF4, 0);

	RET(A, mgm_if_take(cl[A].s, BAD_HANDLE, &f), -EINVAL);
	owner_none(IF4, 0);
	expect_logs();
	result("S11: take with an invalid handle is refused with EINVAL");
}

static void s12(void)
{
	struct iflist l = { 0 };
	int k, n4 = 0;

	RET(A, take_nh(A, IF4, htonl(0xc0000201U)), 0);
	RET(B, take_nh(B, IF4, htonl(0xc0000202U)), 0);
	owner_is(IF4, htonl(0xc0000201U), 0x100, 1);
	owner_is(IF4, htonl(0xc0000202U), 0x200, 1);
	owner_none(IF4, 0);
	RETS(adm, mgm_if_dump(adm, iflist_cb, &l), 0);
	for (k = 0; k < l.n; k++)
		if (l.r[k].ifc.ifindex == IF4)
			n4++;
	EXPECT(n4 == 2, "the interface dump lists %d entries on if4, want 2", n4);
	expect_logs();
	result("S12: (if4,192.0.2.1) and (if4,192.0.2.2) are independent keys; (if4,0) unowned");
	RET(B, take_nh(B, IF4, htonl(0xc0000201U)), -EEXIST);
	RET(B, take(B, IF4), 0);
	owner_is(IF4, 0, 0x200, 1);
	owner_is(IF4, htonl(0xc0000201U), 0x100, 1);
	expect_logs();
	result("S12: a next-hop key conflicts only with itself");
}

static void s13(void)
{
	struct mgm_if_info info;

	RET(I, take(I, IF1), 0);
	expect_logs();
	owner_is(IF1, 0, 0x100, 1);
	if (!if_get(IF1, 0, &info))
		EXPECT(info.owner == cl[A].h && info.igmp == cl[I].h,
		       "if1: owner %llu igmp %llu, want A and IGMP",
		       (unsigned long long)info.owner,
		       (unsigned long long)info.igmp);
	result("S13: IGMP co-owns if1 without callbacks; the owner query still gives A");
	RET(I, take(I, IF1), -EEXIST);
	expect_logs();
	result("S13: IGMP taking if1 again is refused with EEXIST");
}

static void s14(void)
{
	struct mgm_if_info info;

	RET(I, take(I, IF4), 0);
	owner_is(IF4, 0, MGM_PROTO_IGMP, 1);
	if (!if_get(IF4, 0, &info))
		EXPECT(info.owner == 0 && info.igmp == cl[I].h,
		       "if4: owner %llu igmp %llu, want none and IGMP",
		       (unsigned long long)info.owner,
		       (unsigned long long)info.igmp);
	expect_logs();
	result("S14: IGMP takes if4 alone; the owner query gives (10,1); no callbacks");
	RET(B, take(B, IF4), 0);
	ex_ifev(I, K_DISABLE, IF4);
	ex_ifev(I, K_ENABLE, IF4);
	expect_logs();
	owner_is(IF4, 0, 0x200, 1);
	if (!if_get(IF4, 0, &info))
		EXPECT(info.owner == cl[B].h && info.igmp == cl[I].h,
		       "if4: owner %llu igmp %llu, want B and IGMP",
		       (unsigned long long)info.owner,
		       (unsigned long long)info.igmp);
	result("S14: B takes IGMP's if4: IGMP logs Disable(if4) then Enable(if4); owner B");
}

static void s15(void)
{
	uint64_t d, e, p;
	struct mlist l;

	RET(I, take(I, IF4), 0);
	RET(I, join(I, W(G1), IF4), 0);
	ex_ja_others(I, W(G1));
	expect_logs();
	result("S15: IGMP's (*,G1) on its own if4 alerts A, B and C");
	RET(B, take(B, IF4), 0);
	drain();
	d = seq_of(I, K_DISABLE, 0);
	e = seq_of(I, K_ENABLE, 0);
	p = seq_of(A, K_PRUNE, 0);
	ex_ifev(I, K_DISABLE, IF4);
	ex_ifev(I, K_ENABLE, IF4);
	ex_pa_others(I, W(G1), IF4);
	expect_logs();
	EXPECT(d && p && e && d < p && p < e,
	       "order: Disable seq %llu, A's prune seq %llu, Enable seq %llu",
	       (unsigned long long)d, (unsigned long long)p,
	       (unsigned long long)e);
	result("S15: B's take purges IGMP's (*,G1): Disable, prune alerts to A, B, C, Enable");
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l), 0);
	EXPECT(!mfind(&l, W(G1)), "(*,G1) is still in the membership table");
	if (mfind(&l, W(G1)))
		mlist_diag(&l);
	result("S15: before IGMP re-adds, the membership table has no (*,G1)");
	RET(I, join(I, W(G1), IF4), 0);
	ex_local(B, K_LOCAL_JOIN, W(G1), IF4);
	ex_ja_others(B, W(G1));
	expect_logs();
	member_is(W(G1), 1, IF4, B, (uint32_t)MGM_OIF_BY_IGMP);
	result("S15: IGMP's re-add gives B LocalJoin((*,G1), if4) and the entry is back");
}

static void s16(void)
{
	RET(I, take(I, IF4), 0);
	RET(B, take(B, IF4), 0);
	clear_logs();
	RET(B, release(B, IF4), 0);
	ex_ifev(I, K_DISABLE, IF4);
	ex_ifev(I, K_ENABLE, IF4);
	expect_logs();
	owner_is(IF4, 0, MGM_PROTO_IGMP, 1);
	result("S16: B releases if4: IGMP logs Disable then Enable; the owner is IGMP again");
}

static void s17(void)
{
	/* mgm.h and spec §4.4: EINVAL also when nobody owns it. */
	RET(A, release(A, IF4), -EINVAL);
	EXPECT(mgm_last_error(cl[A].s) != NULL, "no extended-ACK message");
	owner_none(IF4, 0);
	RET(B, release(B, IF1), -EINVAL);
	owner_is(IF1, 0, 0x100, 1);
	expect_logs();
	result("S17: release of the unowned if4 and of A's if1 by B give EINVAL");
}

/* ------------------------------------------------------------------ */
/* §8.3 Membership validation                                          */
/* ------------------------------------------------------------------ */

static void s18(void)
{
	RET(A, madd_h(A, BAD_HANDLE, W(G1), IF1, MGM_JOIN), -EINVAL);
	RET(A, mdel_h(A, BAD_HANDLE, W(G1), IF1, MGM_JOIN), -EINVAL);
	members_empty();
	expect_logs();
	result("S18: membership add and delete with an invalid handle give EINVAL");
}

static void s19(void)
{
	RET(B, leave(B, W(G1), IF1), -EINVAL);
	RET(B, join(B, W(G1), IF1), -EINVAL);
	members_empty();
	expect_logs();
	result("S19: B's membership delete and add on A's if1 give EINVAL");
}

static void s20(void)
{
	RET(A, leave(A, W(G1), IF4), -ENOENT);
	RET(A, join(A, W(G1), IF4), -ENOENT);
	members_empty();
	expect_logs();
	result("S20: membership delete and add on the unowned if4 give ENOENT");
}

static void s21(void)
{
	static const struct {
		uint32_t src;
		uint8_t src_len;
		uint32_t grp;
		uint8_t grp_len;
	} bad[] = {
		{ 0x0a010000U, 16, 0xef010101U, 32 },	/* source range */
		{ 0, 0, 0xef010100U, 24 },		/* group range */
		{ 0x0a01010aU, 32, 0, 0 },		/* (s,*) */
		{ 0x0a01010aU, 0, 0xef010101U, 32 },	/* address, no mask */
		{ 0, 0, 0xef010101U, 0 },		/* group, no mask */
		{ 0, 0, 0x0a000001U, 32 },		/* not class D */
		{ 0, 32, 0xef010101U, 32 },		/* source 0/32 */
	};
	unsigned int k;
	char b[64];

	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct mgm_sg sg = mgm_sg4(htonl(bad[k].src), bad[k].src_len,
					   htonl(bad[k].grp), bad[k].grp_len);
		int r = join(A, sg, IF1);

		EXPECT(r == -EINVAL, "add %s returned %s, want EINVAL",
		       sg_str(&sg, b, sizeof(b)), ename(r));
		r = leave(A, sg, IF1);
		EXPECT(r == -EINVAL, "delete %s returned %s, want EINVAL",
		       sg_str(&sg, b, sizeof(b)), ename(r));
	}
	members_empty();
	expect_logs();
	result("S21: ranges, (s,*), masks without addresses and non-class-D groups give EINVAL");
}

static void s22(void)
{
	RET(A, madd(A, W(G1), IF1, 0), -EINVAL);
	RET(A, madd(A, W(G1), IF1, 4), -EINVAL);
	RET(A, madd(A, W(G1), IF1, MGM_JOIN | 4), -EINVAL);
	RET(A, mdel(A, W(G1), IF1, 0), -EINVAL);
	RET(A, mdel(A, W(G1), IF1, 4), -EINVAL);
	members_empty();
	expect_logs();
	result("S22: flags 0, 4 and JOIN|4 give EINVAL");
}

static void s23(void)
{
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja_others(A, W(G1));
	expect_logs();
	RET(A, join(A, W(G1), IF1), 0);
	expect_logs();
	member_is(W(G1), 1, IF1, A, (uint32_t)MGM_OIF_BY_OWNER);
	result("S23: joining (*,G1) on if1 twice: the second call succeeds silently");
	RET(A, leave(A, W(G2), IF1), 0);
	expect_logs();
	result("S23: leaving a never-joined (*,G2) succeeds silently");
}

/* ------------------------------------------------------------------ */
/* §8.4 Wildcard join/prune alerts                                     */
/* ------------------------------------------------------------------ */

static void s24(void)
{
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja_others(A, W(G1));
	expect_logs();
	result("S24: A's first (*,G1) alerts B, C and IGMP once each, not A");
	RET(B, join(B, W(G1), IF2), 0);
	ex_ja(A, W(G1), 1);
	expect_logs();
	result("S25: B, the second component, alerts only A");
	RET(C, join(C, W(G1), IF3), 0);
	expect_logs();
	result("S26: C, the third component, causes no callbacks");
	RET(C, leave(C, W(G1), IF3), 0);
	expect_logs();
	result("S28: C's leave (three components to two) causes no callbacks");
	RET(B, leave(B, W(G1), IF2), 0);
	ex_pa(A, W(G1), IF2, 1);
	expect_logs();
	result("S28: B's leave (two to one) alerts only A: PruneAlert((*,G1), if2)");
	RET(A, leave(A, W(G1), IF1), 0);
	ex_pa_others(A, W(G1), IF1);
	expect_logs();
	members_empty();
	result("S29: the last component's leave alerts B, C and IGMP with if1");
}

static void s27(void)
{
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja_others(A, W(G1));
	expect_logs();
	RET(A, join(A, W(G1), IF5), 0);
	expect_logs();
	member_is(W(G1), 2, IF1, A, (uint32_t)MGM_OIF_BY_OWNER,
		  IF5, A, (uint32_t)MGM_OIF_BY_OWNER);
	result("S27: the same component on another interface causes no callbacks");
}

static void s30(void)
{
	RET(A, join(A, W(G1), IF1), 0);
	RET(A, join(A, W(G1), IF5), 0);
	RET(B, join(B, W(G1), IF2), 0);
	ex_ja_others(A, W(G1));
	ex_ja(A, W(G1), 1);
	expect_logs();
	RET(A, leave(A, W(G1), IF5), 0);
	expect_logs();
	result("S30: A leaving one of its two interfaces causes no callbacks");
	RET(A, leave(A, W(G1), IF1), 0);
	ex_pa(B, W(G1), IF1, 1);
	expect_logs();
	result("S30: A leaving its last interface alerts B: PruneAlert((*,G1), if1)");
}

static void s31(void)
{
	RET(C, join(C, ALL, IF3), 0);
	ex_ja_others(C, ALL);
	expect_logs();
	result("S31: C's (*,*) alerts A, B and IGMP with JoinAlert(0,0,0,0)");
	RET(A, join(A, W(G2), IF1), 0);
	ex_ja_others(A, W(G2));
	expect_logs();
	result("S31: (*,*) does not count for (*,G2): A's join still alerts B, C, IGMP");
}

/* ------------------------------------------------------------------ */
/* §8.5 Source-specific alerts                                         */
/* ------------------------------------------------------------------ */

static void s32(void)
{
	RET(B, join(B, SG(S1, G1), IF2), 0);
	ex_ja(A, SG(S1, G1), 1);
	expect_logs();
	result("S32: B's (S1,G1) alerts only A, the owner of S1's RPF interface");
	RET(C, join(C, SG(S1, G1), IF3), 0);
	expect_logs();
	result("S33: a second (S1,G1) member causes no callbacks");
	RET(C, leave(C, SG(S1, G1), IF3), 0);
	expect_logs();
	result("S34: leaving (S1,G1) with another member left causes no callbacks");
	RET(B, leave(B, SG(S1, G1), IF2), 0);
	ex_pa(A, SG(S1, G1), IF2, 1);
	expect_logs();
	result("S34: the last (S1,G1) leave alerts only A: PruneAlert((S1,G1), if2)");
}

static void s35(void)
{
	RET(A, join(A, SG(S1, G1), IF5), 0);
	expect_logs();
	RET(A, leave(A, SG(S1, G1), IF5), 0);
	expect_logs();
	result("S35: A's own (S1,G1) on if5 alerts nobody (A owns S1's RPF interface)");
}

static void s36(void)
{
	RET(B, join(B, SG(NOROUTE, G1), IF2), 0);
	expect_logs();
	member_is(SG(NOROUTE, G1), 1, IF2, B, (uint32_t)MGM_OIF_BY_OWNER);
	result("S36: (203.0.113.9,G1) without a route is accepted and alerts nobody");
}

/* ------------------------------------------------------------------ */
/* §8.6 IGMP interplay                                                 */
/* ------------------------------------------------------------------ */

static void s37(void)
{
	uint64_t lj, ja;

	RET(I, take(I, IF1), 0);
	expect_logs();
	RET(I, join(I, W(G2), IF1), 0);
	drain();
	lj = seq_of(A, K_LOCAL_JOIN, 0);
	ja = seq_of(B, K_JOIN, 0);
	ex_local(A, K_LOCAL_JOIN, W(G2), IF1);
	ex_ja_others(A, W(G2));
	expect_logs();
	result("S37: IGMP's (*,G2) on co-owned if1: A LocalJoin; B, C, IGMP JoinAlert");
	EXPECT(lj && ja && lj < ja, "A's LocalJoin seq %llu, B's JoinAlert seq %llu",
	       (unsigned long long)lj, (unsigned long long)ja);
	result("S37: the local join is queued before the join alerts");
	RET(I, leave(I, W(G2), IF1), 0);
	ex_local(A, K_LOCAL_LEAVE, W(G2), IF1);
	ex_pa_others(A, W(G2), IF1);
	expect_logs();
	result("S38: IGMP's leave: A LocalLeave; B, C, IGMP PruneAlert((*,G2), if1)");
}

static void s39(void)
{
	RET(I, take(I, IF4), 0);
	RET(I, join(I, W(G3), IF4), 0);
	ex_ja_others(I, W(G3));
	expect_logs();
	member_is(W(G3), 1, IF4, I, (uint32_t)MGM_OIF_BY_IGMP);
	result("S39: IGMP's (*,G3) on its own if4: no local callbacks, A, B, C JoinAlert");
}

static void s40(void)
{
	RET(I, take(I, IF1), 0);
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja_others(A, W(G1));
	expect_logs();
	RET(I, join(I, W(G1), IF1), 0);
	ex_local(A, K_LOCAL_JOIN, W(G1), IF1);
	expect_logs();
	member_is(W(G1), 1, IF1, A,
		  (uint32_t)(MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP));
	result("S40: IGMP joining where A is a member: A LocalJoin only");
	RET(I, leave(I, W(G1), IF1), 0);
	ex_local(A, K_LOCAL_LEAVE, W(G1), IF1);
	expect_logs();
	member_is(W(G1), 1, IF1, A, (uint32_t)MGM_OIF_BY_OWNER);
	result("S40: IGMP leaving: A LocalLeave only; if1 stays an OIF of (*,G1)");
}

static void s41(void)
{
	RET(I, take(I, IF1), 0);
	RET(I, join(I, W(G2), IF1), 0);
	clear_logs();
	RET(I, release(I, IF1), 0);
	ex_local(A, K_LOCAL_LEAVE, W(G2), IF1);
	check_logs(1u << A);
	ex_pa_others(A, W(G2), IF1);
	owner_is(IF1, 0, 0x100, 1);
	result("S41: IGMP releases co-owned if1: A LocalLeave((*,G2), if1); A still owns it");
	{
		int k, de = 0;

		drain();
		for (k = 0; k < cl[I].n; k++)
			if (cl[I].log[k].kind == K_DISABLE ||
			    cl[I].log[k].kind == K_ENABLE)
				de++;
		EXPECT(!de, "IGMP got %d Disable/Enable callbacks", de);
	}
	check_logs(ALL_MASK & ~(1u << A));
	members_empty();
	result("S41: no Disable/Enable; the purge alerts B, C, IGMP like IGMP's leave (§5.10 B)");
}

static void s42(void)
{
	struct mgm_if_info info;
	struct mgm_if f = mgm_if4(IF1, 0);

	RET(I, take(I, IF1), 0);
	RET(I, mgm_if_get(cl[I].s, &f, &info), 0);
	EXPECT(info.proto_id == 0x100 && info.component_id == 1 &&
	       info.owner == cl[A].h && info.igmp == cl[I].h,
	       "IGMP's query of if1 gives (0x%x,%u)", info.proto_id,
	       info.component_id);
	expect_logs();
	result("S42: IGMP's owner query on co-owned if1 gives (0x100,1)");
}

/* ------------------------------------------------------------------ */
/* §8.7 MFE creation (through the test hook)                           */
/* ------------------------------------------------------------------ */

#define NEED_INJECT(name) do {						\
		if (no_inject) {					\
			skip(NO_TEST_HOOK, "%s", name);			\
			return;						\
		}							\
	} while (0)

static void probe_inject(void)
{
	int r = inject(SG(S1, G3), IF1);
	long t0 = now_ms();

	if (r == -EOPNOTSUPP) {
		skip(NO_TEST_HOOK, "MFE test hook: mgm_inject creates an entry");
		return;
	}
	EXPECT(r == 0, "mgm_inject returned %s%s%s", ename(r),
	       mgm_last_error(adm) ? ": " : "",
	       mgm_last_error(adm) ? mgm_last_error(adm) : "");
	while (!r && now_ms() - t0 < 3000 && !mfe_exists(SG(S1, G3)))
		pump(ALL_MASK, 20);
	EXPECT(mfe_exists(SG(S1, G3)), "no MFE (S1,G3) within 3 s");
	result("MFE test hook: mgm_inject creates an entry");
}

static void s43(void)
{
	struct mgm_mfe_info *mi;
	uint64_t r, b, c;
	int j, k, bad45 = 0;
	unsigned int o;

	NEED_INJECT("S43: full creation sequence");
	RET(B, join(B, W(G1), IF2), 0);
	RET(C, join(C, W(G1), IF3), 0);
	clear_logs();
	if (wire.on) {
		/* One real packet into if1: the miss path, asynchronously. */
		wire_send(SG(S1, G1), 1, WIRE_TTL, 1);
		wait_mfe(SG(S1, G1));
	} else {
		make_mfe(SG(S1, G1), IF1);
	}
	drain();
	r = seq_of(A, K_RPF, 0);
	b = seq_of(B, K_CREATION, 0);
	c = seq_of(C, K_CREATION, 0);
	for (k = 0; k < cl[A].n; k++)
		if (cl[A].log[k].kind == K_CREATION)
			bad45 = 1;
	for (j = B; j <= I; j++)
		for (k = 0; k < cl[j].n; k++)
			for (o = 0; o < cl[j].log[k].n_oifs && o < MAX_OIFS; o++)
				if (cl[j].log[k].kind == K_CREATION &&
				    cl[j].log[k].oifs[o].ifindex == IF1)
					bad45 = 1;
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	ex_cr(C, SG(S1, G1), IF1, 1, IF3, 0);
	expect_logs();
	result("S43: Rpf to A (if1, upstream 10.1.1.1); creation alerts to B [if2] and C [if3]");
	EXPECT(r && b && c && r < b && b < c,
	       "seq: A's Rpf %llu, B's creation %llu, C's creation %llu",
	       (unsigned long long)r, (unsigned long long)b,
	       (unsigned long long)c);
	result("S43: the RPF request comes first, then the creation alerts in registration order");
	EXPECT(!bad45, "A got a creation alert or if1 was offered");
	result("S45: A (only the IIF) gets no creation alert; if1 is offered to nobody");
	mfe_is(SG(S1, G1), IF1, 2, IF2, IF3);
	if (!mfe_get(SG(S1, G1), &mi)) {
		EXPECT(mi->iif_proto_id == 0x100 && mi->upstream.v4.s_addr == GW1 &&
		       mi->sg.src_len == 32 && mi->sg.grp_len == 32,
		       "MFE: iif proto 0x%x, upstream %08x, lengths %u/%u",
		       mi->iif_proto_id, ntohl(mi->upstream.v4.s_addr),
		       mi->sg.src_len, mi->sg.grp_len);
		mgm_mfe_free(mi);
	}
	result("S43: MFE (S1,G1): IIF if1 owned by 0x100, upstream 10.1.1.1, OIFs {if2, if3}");
	if (!mfe_get(SG(S1, G1), &mi)) {
		struct mgm_route *rt = &mi->route;

		EXPECT(rt->dst.v4.s_addr == S1 && rt->dst_len == 32 &&
		       rt->gateway.v4.s_addr == GW1 && rt->ifindex == IF1 &&
		       rt->table == 254 && rt->proto_id == 3,
		       "route: dst %08x/%u gw %08x if %u table %u proto %u",
		       ntohl(rt->dst.v4.s_addr), rt->dst_len,
		       ntohl(rt->gateway.v4.s_addr), rt->ifindex, rt->table,
		       rt->proto_id);
		mgm_mfe_free(mi);
	} else {
		fail_("no MFE");
	}
	result("S43: the MFE's route is 10.1.1.10/32 via 10.1.1.1 on if1, table main, NETMGMT (3)");
	if (wire_skip("S43: the packet sent into if1, held while resolving, is seen once on the wires of if2 and if3"))
		return;
	mi = wire_traffic(SG(S1, G1), NULL, 1, 0, 1, 1, 0, 0);
	stats_moved(NULL, mi, (struct dstats){ .in_packets = 1,
		    .in_bytes = WIRE_SIZE, .uninit = 1, .out_packets = 2 });
	oif_moved(NULL, mi, IF2, 1, 0, 0, 0);
	oif_moved(NULL, mi, IF3, 1, 0, 0, 0);
	mgm_mfe_free(mi);
	expect_logs();
	result("S43: the packet sent into if1, held while resolving, is seen once on the wires of if2 and if3 (TTL 63), nowhere else; counted in, uninit and out");
}

static void s44(void)
{
	struct mgm_mfe_info *m0 = NULL, *m1 = NULL;

	NEED_INJECT("S44: creation-alert veto");
	RET(B, join(B, W(G1), IF2), 0);
	RET(C, join(C, W(G1), IF3), 0);
	clear_logs();
	cl[C].b.veto_ifindex = IF3;
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	ex_cr(C, SG(S1, G1), IF1, 1, IF3, 0);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 1, IF2);
	result("S44: C vetoes if3 in its creation alert: the MFE forwards on if2 only");
	if (wire_skip("S44: later packets sent into if1 are seen on the wire of if2 only"))
		return;
	RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
	wire_send(SG(S1, G1), 1, WIRE_TTL, 3);
	m1 = wire_traffic(SG(S1, G1), m0, 3, 0, 3, 0, 0, 0);
	stats_moved(m0, m1, (struct dstats){ .in_packets = 3,
		    .in_bytes = 3 * WIRE_SIZE, .out_packets = 3 });
	oif_moved(m0, m1, IF2, 3, 0, 0, 0);
	EXPECT(!oif_of(m1, IF3), "if3 is an OIF");
	expect_logs();
	result("S44: 3 later packets sent into if1 are seen on the wire of if2 only (not if3); no callbacks");
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
}

static void s46(void)
{
	NEED_INJECT("S46: bIGMP flag");
	RET(I, take(I, IF2), 0);
	RET(I, join(I, W(G1), IF2), 0);
	ex_local(B, K_LOCAL_JOIN, W(G1), IF2);
	ex_ja_others(B, W(G1));
	expect_logs();
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 1);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 1, IF2);
	result("S46: IGMP's member on B's if2: B's creation alert has if2 with igmp=1");
}

static void s47(void)
{
	struct mgm_mfe_info *mi, *m0 = NULL, *m1 = NULL;
	uint8_t h[28];
	long t_wif;

	NEED_INJECT("S47: RPF override");
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	cl[A].b.rpf_mode = 1;
	cl[A].b.rpf_ifindex = IF5;
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF5, 1, IF2, 0);
	expect_logs();
	mfe_is(SG(S1, G1), IF5, 1, IF2);
	if (!mfe_get(SG(S1, G1), &mi)) {
		EXPECT(mi->iif_proto_id == 0x100, "iif proto 0x%x", mi->iif_proto_id);
		mgm_mfe_free(mi);
	}
	result("S47: A's RPF answer if5 becomes the IIF; B's creation alert names if5");
	RET(A, inject(SG(S1, G1), IF1), 0);
	t_wif = now_ms();
	ip_header(SG(S1, G1), h);
	ex_wif(A, SG(S1, G1), IF1, h);
	expect_logs();
	result("S47: a later packet on if1 is on the wrong interface: A (its owner) gets WrongIf");
	if (!RETS(adm, mfe_get(SG(S1, G1), &mi), 0)) {
		EXPECT(mi->stats.different_if == 2,
		       "different_if = %llu, want 2 (the first and the later packet)",
		       (unsigned long long)mi->stats.different_if);
		mgm_mfe_free(mi);
	}
	result("S47: ulPktsDifferentIf counts the packets that came in on if1");
	if (!mfe_get(SG(S1, G1), &mi)) {
		struct mgm_mfe_stats s0 = mi->stats;

		mgm_mfe_free(mi);
		RETS(adm, inject(SG(S1, G1), IF5), 0);
		if (!RETS(adm, mfe_get(SG(S1, G1), &mi), 0)) {
			EXPECT(mi->stats.in_packets == s0.in_packets + 1 &&
			       mi->stats.out_packets == s0.out_packets + 1 &&
			       mi->stats.different_if == s0.different_if,
			       "in_packets +%llu, out_packets +%llu, different_if +%llu; want +1, +1, +0",
			       (unsigned long long)(mi->stats.in_packets - s0.in_packets),
			       (unsigned long long)(mi->stats.out_packets - s0.out_packets),
			       (unsigned long long)(mi->stats.different_if - s0.different_if));
			mgm_mfe_free(mi);
		}
	}
	expect_logs();
	result("S47: a packet on if5, the new IIF, is counted in and sent to the OIF");
	if (wire_skip("S47: packets sent into if5 are seen on if2's wire; those sent into if1 nowhere"))
		return;
	RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
	wire_send(SG(S1, G1), 5, WIRE_TTL, 3);
	m1 = wire_traffic(SG(S1, G1), m0, 3, 0, 3, 0, 0, 0);
	stats_moved(m0, m1, (struct dstats){ .in_packets = 3,
		    .in_bytes = 3 * WIRE_SIZE, .out_packets = 3 });
	oif_moved(m0, m1, IF2, 3, 0, 0, 0);
	expect_logs();
	result("S47: 3 packets sent into if5 (the IIF A chose) are seen on the wire of if2 only; no callbacks");
	mgm_mfe_free(m0);
	m0 = m1;
	/* One wrong-if event per second per arrival interface: let the
	 * injected packet's second pass, so that exactly one more comes. */
	while (now_ms() - t_wif < 1100)
		msleep(20);
	wire_send(SG(S1, G1), 1, WIRE_TTL, 3);
	m1 = wire_traffic(SG(S1, G1), m0, 3, 0, 0, 0, 0, 0);
	stats_moved(m0, m1, (struct dstats){ .different_if = 3,
		    .in_discards = 3 });
	oif_moved(m0, m1, IF2, 0, 0, 0, 0);
	ex_wif(A, SG(S1, G1), IF1, h);
	expect_logs();
	result("S47: 3 packets sent into if1 are not forwarded (no wire sees them): ulPktsDifferentIf +3, one WrongIf to A");
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
}

static void s48(void)
{
	struct mgm_mfe_info *m0 = NULL, *m1 = NULL;

	NEED_INJECT("S48: RPF rejection");
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	cl[A].b.rpf_mode = 2;
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_pa(A, SG(S1, G1), IF1, 0);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 0);
	result("S48: A refuses the RPF check: negative MFE, no creation alerts, A gets the FALSE prune");
	if (wire_skip("S48: packets sent into if1 are dropped: no wire sees them"))
		return;
	RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
	wire_send(SG(S1, G1), 1, WIRE_TTL, 3);
	m1 = wire_traffic(SG(S1, G1), m0, 3, 0, 0, 0, 0, 0);
	stats_moved(m0, m1, (struct dstats){ .in_packets = 3,
		    .in_bytes = 3 * WIRE_SIZE, .negative = 3,
		    .in_discards = 3 });
	expect_logs();
	result("S48: 3 packets sent into if1 are dropped by the negative MFE: no wire sees them, ulNegativeMfe +3, no callbacks");
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
}

static void s49(void)
{
	struct mgm_mfe_info *mi;
	uint32_t three = 3;
	long t0, t = -1;
	int k;

	NEED_INJECT("S49: negative MFE with a chosen timeout");
	cl[A].b.prune_timeout = 30;
	make_mfe(SG(S1, G3), IF1);
	ex_rpf(A, SG(S1, G3), IF1, GW1, IF1);
	ex_pa(A, SG(S1, G3), IF1, 0);
	expect_logs();
	result("S49: no members of G3: A gets Rpf then PruneAlert((S1,G3), if1, FALSE, 900)");
	mfe_is(SG(S1, G3), IF1, 0);
	if (!mfe_get(SG(S1, G3), &mi)) {
		EXPECT(mi->timeout == 30 && mi->expires_ms > 28000 &&
		       mi->expires_ms <= 30000,
		       "timeout %u, expires %llu ms; want 30 s and (28, 30] s",
		       mi->timeout, (unsigned long long)mi->expires_ms);
		mgm_mfe_free(mi);
	}
	result("S49: the timeout A wrote (30 s) is the MFE's");
	for (k = 0; k < 3; k++)
		RETS(adm, inject(SG(S1, G3), IF1), 0);
	expect_logs();
	result("S49: more packets on the negative MFE cause no callbacks");
	if (!RETS(adm, mfe_get(SG(S1, G3), &mi), 0)) {
		/* The three later ones (and the first, queued one, may be). */
		EXPECT(mi->stats.negative >= 3 && mi->stats.negative <= 4,
		       "negative = %llu, want 3 or 4",
		       (unsigned long long)mi->stats.negative);
		mgm_mfe_free(mi);
	}
	result("S49: ulNegativeMfe counts the packets dropped by the negative MFE");
	/* Hard expiry: a negative entry dies at its timeout although packets
	 * keep coming; the next packet starts over (Rpf, FALSE prune). */
	cl[A].b.prune_timeout = -1;
	RET(A, mfe_set(A, cl[A].h, SG(S1, G3), GW1, &three), 0);
	t0 = now_ms();
	while (now_ms() - t0 < 6000) {
		RETS(adm, inject(SG(S1, G3), IF1), 0);
		pump(ALL_MASK, 0);
		pump(ALL_MASK, 250);
		if (cl[A].count[K_RPF]) {
			t = now_ms() - t0;
			break;
		}
	}
	pump(ALL_MASK, 100);
	EXPECT(t >= 2500 && t <= 4600,
	       "the entry was re-created %ld ms after its 3 s timeout started, want 3 s (+1.6/-0.5)",
	       t);
	result("S49: the negative MFE expires at its timeout although packets keep coming");
	ex_rpf(A, SG(S1, G3), IF1, GW1, IF1);
	ex_pa(A, SG(S1, G3), IF1, 0);
	expect_logs();
	result("S49: the next packet repeats Rpf and the FALSE prune alert");
}

static void s50(void)
{
	NEED_INJECT("S50: callback timeout defaults");
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	cl[B].b.creation_sleep_ms = 3000;
	cl[B].b.veto_ifindex = IF2;	/* the late answer must be ignored */
	make_mfe(SG(S1, G1), IF1);
	pump(ALL_MASK, 100);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	EXPECT(cl[B].b.creation_seen_mfe_ms >= 700 &&
	       cl[B].b.creation_seen_mfe_ms <= 2500,
	       "the MFE appeared %ld ms into B's 3 s callback, want about 1000",
	       cl[B].b.creation_seen_mfe_ms);
	result("S50: B answers its creation alert after 3 s: the MFE is installed after ~1 s");
	mfe_is(SG(S1, G1), IF1, 1, IF2);
	result("S50: B's late veto is ignored: if2 stays enabled");
}

static void s51(void)
{
	struct mgm_mfe_info *mi;
	struct pollfd p;
	uint32_t first = 0;
	int k;

	NEED_INJECT("S51: pending queue");
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	if (wire.on) {
		/* Ten real packets; A's RPF request waits 0.5 s unread, so
		 * the miss path has queued them all before A answers. */
		first = wire_send(SG(S1, G1), 1, WIRE_TTL, 10);
		p.fd = mgm_event_fd(cl[A].s);
		p.events = POLLIN;
		EXPECT(poll(&p, 1, 3000) == 1,
		       "no RPF request for A within 3 s of the packets");
		msleep(500);
	} else {
		/* Nobody reads A's RPF request while the ten come in. */
		for (k = 0; k < 10; k++)
			RETS(adm, inject(SG(S1, G1), IF1), 0);
	}
	EXPECT(!mfe_exists(SG(S1, G1)), "the MFE exists before A answered");
	wait_mfe(SG(S1, G1));
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	if (!RETS(adm, mfe_get(SG(S1, G1), &mi), 0)) {
		EXPECT(mi->stats.queue_overflow == 6 && mi->stats.uninit == 10,
		       "queue_overflow %llu, uninit %llu; want 6 and 10",
		       (unsigned long long)mi->stats.queue_overflow,
		       (unsigned long long)mi->stats.uninit);
		EXPECT(mi->stats.out_packets <= 4,
		       "%llu copies out, want at most the 4 queued",
		       (unsigned long long)mi->stats.out_packets);
		mgm_mfe_free(mi);
	}
	result("S51: 10 packets while resolving: 4 queued, ulQueueOverflow 6, ulUninitMfe 10");
	if (wire_skip("S51: of 10 packets sent into if1 while A's reply is held, the 4 queued are seen on if2's wire"))
		return;
	mi = wire_traffic(SG(S1, G1), NULL, 4, 0, 4, 0, 0, 0);
	for (k = 0; k < 4 && k < wire.n[2]; k++)
		EXPECT(wire.got[2][k] == first + (uint32_t)k,
		       "copy %d on p2 is packet %u, want %u (the first 4 sent)",
		       k, wire.got[2][k] - first, (uint32_t)k);
	stats_moved(NULL, mi, (struct dstats){ .in_packets = 4,
		    .in_bytes = 4 * WIRE_SIZE, .queue_overflow = 6,
		    .uninit = 10, .in_discards = 6, .out_packets = 4 });
	oif_moved(NULL, mi, IF2, 4, 0, 0, 0);
	mgm_mfe_free(mi);
	expect_logs();
	result("S51: of 10 packets sent into if1 while A's reply is held, the first 4 are seen on if2's wire, in order, after the install; the 6 others nowhere");
}

static void s52(void)
{
	struct mgm_config cfg;

	NEED_INJECT("S52: link-local groups");
	RETS(adm, inject(SG(S1, htonl(0xe0000005U)), IF1), 0);
	expect_logs();
	mfe_gone(SG(S1, htonl(0xe0000005U)));
	RETS(adm, mgm_config_get(adm, &cfg), 0);
	EXPECT(!cfg.mfes && !cfg.pending, "%u MFEs, %u pending", cfg.mfes,
	       cfg.pending);
	result("S52: a packet to 224.0.0.5 causes no callbacks and no MFE");
}

/* ------------------------------------------------------------------ */
/* §8.8 Updating existing MFEs                                         */
/* ------------------------------------------------------------------ */

/* B joined (*,G1) on if2 and MFE (S1,G1) forwards there; logs cleared. */
static int mfe_s1g1_if2(void)
{
	int r;

	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	r = make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	return r;
}

static void s53(void)
{
	struct mgm_mfe_info *m0 = NULL, *m1 = NULL, *m2 = NULL;

	NEED_INJECT("S53: join updates the MFE");
	mfe_s1g1_if2();
	if (!wire_skip("S53: before C joins, packets sent into if1 are seen on the wire of if2 only")) {
		RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
		wire_send(SG(S1, G1), 1, WIRE_TTL, 2);
		m1 = wire_traffic(SG(S1, G1), m0, 2, 0, 2, 0, 0, 0);
		stats_moved(m0, m1, (struct dstats){ .in_packets = 2,
			    .in_bytes = 2 * WIRE_SIZE, .out_packets = 2 });
		oif_moved(m0, m1, IF2, 2, 0, 0, 0);
		expect_logs();
		result("S53: before C joins, 2 packets sent into if1 are seen on the wire of if2 only");
	}
	RET(C, join(C, W(G1), IF3), 0);
	ex_ja(B, W(G1), 1);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 2, IF2, IF3);
	result("S53: C's (*,G1) adds if3 to MFE (S1,G1) without a creation alert");
	if (!wire_skip("S53: after C's join, packets sent into if1 are seen on the wires of if2 and if3")) {
		wire_send(SG(S1, G1), 1, WIRE_TTL, 3);
		m2 = wire_traffic(SG(S1, G1), m1, 3, 0, 3, 3, 0, 0);
		stats_moved(m1, m2, (struct dstats){ .in_packets = 3,
			    .in_bytes = 3 * WIRE_SIZE, .out_packets = 6 });
		oif_moved(m1, m2, IF2, 3, 0, 0, 0);	/* if2 kept its count */
		oif_moved(m1, m2, IF3, 3, 0, 0, 0);
		expect_logs();
		result("S53: after C's join, 3 packets sent into if1 are seen on the wires of if2 and if3; if2's OIF counter carries on");
	}
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
	mgm_mfe_free(m2);
}

static void s54(void)
{
	struct mgm_mfe_info *mi, *m0 = NULL, *m1 = NULL, *m2 = NULL;

	NEED_INJECT("S54: negative to positive");
	make_mfe(SG(S1, G3), IF1);
	ex_rpf(A, SG(S1, G3), IF1, GW1, IF1);
	ex_pa(A, SG(S1, G3), IF1, 0);
	expect_logs();
	if (!wire_skip("S54: while (S1,G3) is negative, packets sent into if1 are seen on no wire")) {
		RETS(adm, mfe_get(SG(S1, G3), &m0), 0);
		wire_send(SG(S1, G3), 1, WIRE_TTL, 2);
		m1 = wire_traffic(SG(S1, G3), m0, 2, 0, 0, 0, 0, 0);
		stats_moved(m0, m1, (struct dstats){ .in_packets = 2,
			    .in_bytes = 2 * WIRE_SIZE, .negative = 2,
			    .in_discards = 2 });
		expect_logs();
		result("S54: while (S1,G3) is negative, 2 packets sent into if1 are seen on no wire (ulNegativeMfe +2)");
	}
	RET(B, join(B, W(G3), IF2), 0);
	ex_ja(A, W(G3), 1);
	ex_ja(A, SG(S1, G3), 0);
	ex_ja(C, W(G3), 1);
	ex_ja(I, W(G3), 1);
	expect_logs();
	mfe_is(SG(S1, G3), IF1, 1, IF2);
	if (!mfe_get(SG(S1, G3), &mi)) {
		EXPECT(mi->expires_ms > (saved_cfg.mfe_timeout - 2) * 1000ULL,
		       "expires in %llu ms after turning positive",
		       (unsigned long long)mi->expires_ms);
		mgm_mfe_free(mi);
	}
	result("S54: B's (*,G3) makes negative (S1,G3) forward on if2: A JoinAlert TRUE, then FALSE");
	if (!wire_skip("S54: then packets sent into if1 are seen on the wire of if2")) {
		wire_send(SG(S1, G3), 1, WIRE_TTL, 3);
		m2 = wire_traffic(SG(S1, G3), m1, 3, 0, 3, 0, 0, 0);
		stats_moved(m1, m2, (struct dstats){ .in_packets = 3,
			    .in_bytes = 3 * WIRE_SIZE, .out_packets = 3 });
		oif_moved(m1, m2, IF2, 3, 0, 0, 0);
		expect_logs();
		result("S54: then 3 packets sent into if1 are seen on the wire of if2 only");
	}
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
	mgm_mfe_free(m2);
}

static void s55(void)
{
	struct mgm_mfe_info *m0 = NULL, *m1 = NULL, *m2 = NULL;

	NEED_INJECT("S55: positive to negative");
	mfe_s1g1_if2();
	if (!wire_skip("S55: before B leaves, packets sent into if1 are seen on the wire of if2")) {
		RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
		wire_send(SG(S1, G1), 1, WIRE_TTL, 2);
		m1 = wire_traffic(SG(S1, G1), m0, 2, 0, 2, 0, 0, 0);
		stats_moved(m0, m1, (struct dstats){ .in_packets = 2,
			    .in_bytes = 2 * WIRE_SIZE, .out_packets = 2 });
		expect_logs();
		result("S55: before B leaves, 2 packets sent into if1 are seen on the wire of if2");
	}
	RET(B, leave(B, W(G1), IF2), 0);
	ex_pa(A, W(G1), IF2, 1);
	ex_pa(A, SG(S1, G1), IF1, 0);
	ex_pa(C, W(G1), IF2, 1);
	ex_pa(I, W(G1), IF2, 1);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 0);
	result("S55: B's leave empties (S1,G1): A gets the member prune, then the FALSE prune");
	if (!wire_skip("S55: after B's leave, packets sent into if1 are seen on no wire")) {
		wire_send(SG(S1, G1), 1, WIRE_TTL, 3);
		m2 = wire_traffic(SG(S1, G1), m1, 3, 0, 0, 0, 0, 0);
		stats_moved(m1, m2, (struct dstats){ .in_packets = 3,
			    .in_bytes = 3 * WIRE_SIZE, .negative = 3,
			    .in_discards = 3 });
		expect_logs();
		result("S55: after B's leave the traffic stops: 3 packets sent into if1 are seen on no wire (ulNegativeMfe +3)");
	}
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
	mgm_mfe_free(m2);
}

static void s56(void)
{
	NEED_INJECT("S56: overlapping memberships keep the OIF");
	RET(B, join(B, W(G1), IF2), 0);
	RET(B, join(B, SG(S1, G1), IF2), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	RET(B, leave(B, SG(S1, G1), IF2), 0);
	ex_pa(A, SG(S1, G1), IF2, 1);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 1, IF2);
	result("S56: B leaves (S1,G1) but (*,G1) keeps if2 on the MFE");
	RET(B, leave(B, W(G1), IF2), 0);
	ex_pa(A, W(G1), IF2, 1);
	ex_pa(A, SG(S1, G1), IF1, 0);
	ex_pa(C, W(G1), IF2, 1);
	ex_pa(I, W(G1), IF2, 1);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 0);
	result("S56: leaving (*,G1) too removes if2");
}

/* Wait up to @ms for an entry to go; returns how long it took, or -1. */
static long wait_gone(struct mgm_sg sg, long t0, long ms)
{
	while (now_ms() - t0 < ms) {
		if (!mfe_exists(sg))
			return now_ms() - t0;
		pump(ALL_MASK, 0);
		msleep(50);
	}
	return -1;
}

static void s57(void)
{
	struct mlist l;
	uint32_t one = 1;
	long t;

	NEED_INJECT("S57: FORWARD flag only");
	mfe_s1g1_if2();
	RET(C, madd(C, SG(S1, G1), IF3, MGM_FORWARD), 0);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 2, IF2, IF3);
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l), 0);
	EXPECT(l.n == 1 && mfind(&l, W(G1)), "membership table changed");
	if (l.n != 1)
		mlist_diag(&l);
	result("S57: C's FORWARD-only add puts if3 on the MFE, no membership, no callbacks");
	RET(A, mfe_set(A, cl[A].h, SG(S1, G1), GW1, &one), 0);
	t = wait_gone(SG(S1, G1), now_ms(), 4000);
	EXPECT(t >= 0, "MFE (S1,G1) did not expire within 4 s of a 1 s timeout");
	expect_logs();
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 1, IF2);
	result("S57: after expiry the re-created MFE does not have if3");
}

static void s58(void)
{
	NEED_INJECT("S58: the IIF is never an OIF");
	mfe_s1g1_if2();
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja(B, W(G1), 1);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 1, IF2);
	result("S58: A's (*,G1) on the IIF if1 leaves the MFE's OIFs unchanged");
}

static void s59(void)
{
	NEED_INJECT("S59: release deletes the interface's MFEs");
	RET(A, join(A, W(G1), IF1), 0);
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	make_mfe(SG(S2, G1), IF2);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	ex_rpf(B, SG(S2, G1), IF2, GW2, IF2);
	ex_cr(A, SG(S2, G1), IF2, 1, IF1, 0);
	expect_logs();
	mfe_is(SG(S2, G1), IF2, 1, IF1);
	RET(A, release(A, IF1), 0);
	ex_pa(B, W(G1), IF1, 1);
	ex_pa(B, SG(S2, G1), IF2, 0);
	expect_logs();
	mfe_gone(SG(S1, G1));
	mfe_is(SG(S2, G1), IF2, 0);
	result("S59: A releases if1: MFE (S1,G1) is deleted, (S2,G1) loses if1; B alerted");
}

/* ------------------------------------------------------------------ */
/* §8.9 Expiry and MgmSetMfe                                           */
/* ------------------------------------------------------------------ */

static void s60(void)
{
	struct mgm_mfe_info *mi;

	NEED_INJECT("S60: default timeout reported");
	mfe_s1g1_if2();
	if (!mfe_get(SG(S1, G1), &mi)) {
		EXPECT(mi->timeout == 900 && mi->expires_ms > 898000 &&
		       mi->expires_ms <= 900000 && mi->uptime_ms <= 2000,
		       "timeout %u s, expires %llu ms, uptime %llu ms",
		       mi->timeout, (unsigned long long)mi->expires_ms,
		       (unsigned long long)mi->uptime_ms);
		mgm_mfe_free(mi);
	} else {
		fail_("no MFE");
	}
	result("S60: a fresh MFE has timeout 900 s, expires in (898, 900] s, uptime <= 2 s");
}

static void s61(void)
{
	struct mgm_mfe_info *mi;
	long t0, t;

	NEED_INJECT("S61: idle expiry");
	RETS(adm, set_mfe_timeout(5), 0);
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	t0 = now_ms();
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	if (!mfe_get(SG(S1, G1), &mi)) {
		EXPECT(mi->timeout == 5, "timeout %u, want 5", mi->timeout);
		mgm_mfe_free(mi);
	}
	t = wait_gone(SG(S1, G1), t0, 8000);
	EXPECT(t >= 4000 && t <= 6500,
	       "the idle MFE went after %ld ms, want 5 s (+-1)", t);
	expect_logs();
	result("S61: mfe_timeout 5: an idle MFE is gone after 5 s, silently");
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	result("S61: the next packet causes Rpf and creation alerts again");
}

static void s62(void)
{
	long t0, t;
	int k;

	NEED_INJECT("S62: busy MFE survives");
	RETS(adm, set_mfe_timeout(5), 0);
	RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	t0 = now_ms();
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(B, SG(S1, G1), IF1, 1, IF2, 0);
	expect_logs();
	for (k = 1; k <= 12; k++) {
		while (now_ms() - t0 < k * 1000L) {
			pump(ALL_MASK, 0);
			msleep(20);
		}
		RETS(adm, inject(SG(S1, G1), IF1), 0);
	}
	EXPECT(mfe_exists(SG(S1, G1)), "MFE gone at t = 12 s although a packet came every second");
	expect_logs();
	result("S62: with a packet every second the MFE is still there at t = 12 s");
	t = wait_gone(SG(S1, G1), t0, 23000);
	EXPECT(t >= 18500 && t <= 21500,
	       "the MFE went at t = %ld ms, want 20 s (+-1)", t);
	expect_logs();
	result("S62: after the traffic stops it is gone at t = 20 s");
}

static void s63(void)
{
	struct mgm_mfe_info *m0 = NULL, *m1 = NULL;

	NEED_INJECT("S63: SetMfe upstream neighbour");
	mfe_s1g1_if2();
	RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
	RET(A, mfe_set(A, cl[A].h, SG(S1, G1), htonl(0x0a010102U), NULL), 0);
	RETS(adm, mfe_get(SG(S1, G1), &m1), 0);
	if (m0 && m1) {
		EXPECT(m1->upstream.v4.s_addr == htonl(0x0a010102U),
		       "upstream %08x, want 10.1.1.2", ntohl(m1->upstream.v4.s_addr));
		EXPECT(m1->iif.ifindex == m0->iif.ifindex &&
		       m1->iif_proto_id == m0->iif_proto_id &&
		       m1->n_oifs == m0->n_oifs && m1->timeout == m0->timeout &&
		       m1->route.dst.v4.s_addr == m0->route.dst.v4.s_addr &&
		       m1->route.gateway.v4.s_addr == m0->route.gateway.v4.s_addr &&
		       m1->expires_ms <= m0->expires_ms,
		       "other fields changed");
		if (st_fail) {
			mfe_diag(m0);
			mfe_diag(m1);
		}
	}
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
	expect_logs();
	result("S63: SetMfe changes the upstream neighbour to 10.1.1.2 and nothing else");
}

static void s64(void)
{
	NEED_INJECT("S64: SetMfe errors");
	mfe_s1g1_if2();
	RET(A, mfe_set(A, cl[A].h, SG(S2, G3), GW1, NULL), -ENOENT);
	RET(A, mfe_set(A, BAD_HANDLE, SG(S1, G1), GW1, NULL), -EINVAL);
	expect_logs();
	result("S64: SetMfe of an unknown (S2,G3) gives ENOENT, with an invalid handle EINVAL");
	RET(B, mfe_set(B, cl[B].h, SG(S1, G1), GW1, NULL), 0);
	expect_logs();
	result("S64: any registered client may call SetMfe (B on A's entry)");
}

static void s65(void)
{
	struct mgm_mfe_info *mi;
	uint32_t zero = 0, one = 1;

	NEED_INJECT("S65: SetMfe timeout extension");
	mfe_s1g1_if2();
	make_mfe(SG(S1, G2), IF1);
	clear_logs();
	RET(A, mfe_set(A, cl[A].h, SG(S1, G1), GW1, &zero), 0);
	if (!mfe_get(SG(S1, G1), &mi)) {
		EXPECT(mi->timeout == 0 && mi->expires_ms == 0,
		       "timeout %u expires %llu, want 0 and 0", mi->timeout,
		       (unsigned long long)mi->expires_ms);
		mgm_mfe_free(mi);
	}
	RET(A, mfe_set(A, cl[A].h, SG(S1, G1), GW1, NULL), 0);
	if (!mfe_get(SG(S1, G1), &mi)) {
		EXPECT(mi->timeout == 0, "a SetMfe without timeout changed it to %u",
		       mi->timeout);
		mgm_mfe_free(mi);
	}
	result("S65: SetMfe with timeout 0: timeout 0, expires 0; without a timeout it is kept");
	RET(A, mfe_set(A, cl[A].h, SG(S1, G2), GW1, &one), 0);
	msleep(2500);
	EXPECT(!mfe_exists(SG(S1, G2)), "(S1,G2) with a 1 s timeout still exists after 2.5 s");
	EXPECT(mfe_exists(SG(S1, G1)), "(S1,G1) with timeout 0 expired");
	expect_logs();
	result("S65: the timeout-0 entry never expires while a 1 s one does");
}

/* ------------------------------------------------------------------ */
/* §8.10 Enumeration (native equivalents)                              */
/* ------------------------------------------------------------------ */

static void s66(void)
{
	struct mgm_mfe_info *mi;

	NEED_INJECT("S66: get returns the entry with its OIFs");
	RET(B, join(B, W(G1), IF2), 0);
	RET(C, join(C, W(G1), IF3), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	clear_logs();
	if (!RETS(adm, mfe_get(SG(S1, G1), &mi), 0)) {
		EXPECT(mi->n_oifs == 2 && mi->oifs[0].ifc.ifindex < mi->oifs[1].ifc.ifindex,
		       "%u OIFs", mi->n_oifs);
		mgm_mfe_free(mi);
	}
	RETS(adm, mfe_get(SG(S1, G2), &mi), -ENOENT);
	result("S66: get returns (S1,G1) with its 2 OIFs in ascending order; unknown entry ENOENT");
}

static void child_dump(int *res)
{
	struct mgm_session *s;
	struct flist l;
	struct mgm_if_info info;
	struct mgm_if f = mgm_if4(IF1, 0);
	struct mlist ml = { 0 };
	int k;

	res[0] = drop_net_admin();
	res[1] = mgm_open(&s);
	if (res[1])
		return;
	res[2] = fdump_s(s, NULL, &l, 0);
	res[3] = l.n;
	for (k = 0; k < l.n && k < 3; k++)
		res[4 + k] = (int)ntohl(l.sg[k].grp.v4.s_addr) ^
			     (int)ntohl(l.sg[k].src.v4.s_addr);
	res[7] = mgm_if_get(s, &f, &info);
	res[8] = mgm_member_dump(s, MGM_ENUM_TYPE_ALL_SOURCES, NULL, mlist_cb, &ml);
}

static void s67(void)
{
	struct flist l;
	struct mgm_sg after;
	int res[CHILD_RES], k;

	NEED_INJECT("S67: ordering");
	RET(C, join(C, ALL, IF3), 0);
	clear_logs();
	make_mfe(SG(S2, G1), IF2);
	make_mfe(SG(S1, G2), IF1);
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(B, SG(S2, G1), IF2, GW2, IF2);
	ex_cr(C, SG(S2, G1), IF2, 1, IF3, 0);
	ex_rpf(A, SG(S1, G2), IF1, GW1, IF1);
	ex_cr(C, SG(S1, G2), IF1, 1, IF3, 0);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(C, SG(S1, G1), IF1, 1, IF3, 0);
	expect_logs();
	RETS(adm, fdump(NULL, &l, 0), 0);
	EXPECT(flist_is(&l, 3, SG(S1, G1), SG(S2, G1), SG(S1, G2)) &&
	       l.n_oifs[0] == 1 && l.n_oifs[1] == 1 && l.n_oifs[2] == 1,
	       "dump order differs from (S1,G1), (S2,G1), (S1,G2)");
	if (st_fail)
		flist_diag(&l);
	result("S67: the MFE dump is in (group, source) order: (S1,G1), (S2,G1), (S1,G2)");

	k = fdump(NULL, &l, 1);
	EXPECT(k == 1 && flist_is(&l, 1, SG(S1, G1)) && l.n_oifs[0] == 1,
	       "a dump stopped after one entry returned %s", ename(k));
	result("S69: a dump stopped at the first entry returns it whole (native)");
	after = SG(S1, G1);
	RETS(adm, fdump(&after, &l, 0), 0);
	EXPECT(flist_is(&l, 2, SG(S2, G1), SG(S1, G2)), "after (S1,G1)");
	after = SG(S2, G1);
	RETS(adm, fdump(&after, &l, 0), 0);
	EXPECT(flist_is(&l, 1, SG(S1, G2)), "after (S2,G1)");
	after = SG(S1, G2);
	RETS(adm, fdump(&after, &l, 0), 0);
	EXPECT(flist_is(&l, 0), "after (S1,G2) %d entries", l.n);
	result("S68: dumps resume strictly after the given key; after the last one nothing");

	if (child_run(child_dump, res, 0, NULL)) {
		fail_("the child process did not report");
	} else {
		EXPECT(res[0] == 0, "child: dropping CAP_NET_ADMIN: %s", ename(res[0]));
		EXPECT(res[1] == 0, "child: mgm_open: %s", ename(res[1]));
		EXPECT(res[2] == 0 && res[3] == 3, "child: MFE dump returned %s with %d entries",
		       ename(res[2]), res[3]);
		EXPECT(res[4] == (int)(ntohl(G1) ^ ntohl(S1)) &&
		       res[5] == (int)(ntohl(G1) ^ ntohl(S2)) &&
		       res[6] == (int)(ntohl(G2) ^ ntohl(S1)),
		       "child: dump order differs");
		EXPECT(res[7] == 0, "child: owner query returned %s", ename(res[7]));
		EXPECT(res[8] == -EPERM, "child: membership dump returned %s, want EPERM",
		       ename(res[8]));
	}
	result("S72: a process without CAP_NET_ADMIN and without a handle dumps the MFEs");

	/* S71: delete the entry the cursor stands on. */
	RETS(adm, fdump(NULL, &l, 2), 1);
	EXPECT(l.n == 2 && sg_is(&l.sg[1], SG(S2, G1)),
	       "the second entry is not (S2,G1)");
	RET(B, release(B, IF2), 0);
	drain();
	mfe_gone(SG(S2, G1));
	after = SG(S2, G1);
	RETS(adm, fdump(&after, &l, 0), 0);
	EXPECT(flist_is(&l, 1, SG(S1, G2)), "after the deleted (S2,G1) the dump gave %d entries",
	       l.n);
	if (st_fail)
		flist_diag(&l);
	result("S71: after (S2,G1) is deleted, resuming after it returns (S1,G2)");
	clear_logs();
}

static void s70(void)
{
	struct flist l;

	RETS(adm, fdump(NULL, &l, 0), 0);
	EXPECT(l.n == 0, "%d entries", l.n);
	result("S70: the MFE dump of an empty table succeeds with no entries");
}

static void s73(void)
{
	struct mlist l;
	const struct mrec *m;

	RET(B, join(B, W(G1), IF2), 0);
	RET(B, join(B, SG(S1, G1), IF2), 0);
	RET(C, join(C, W(G1), IF3), 0);
	RET(C, join(C, W(G2), IF3), 0);
	clear_logs();
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l), 0);
	EXPECT(l.n == 3 && mfind(&l, W(G1)) && mfind(&l, SG(S1, G1)) &&
	       mfind(&l, W(G2)), "ALL_SOURCES: %d entries", l.n);
	member_is(W(G1), 2, IF2, B, (uint32_t)MGM_OIF_BY_OWNER,
		  IF3, C, (uint32_t)MGM_OIF_BY_OWNER);
	member_is(SG(S1, G1), 1, IF2, B, (uint32_t)MGM_OIF_BY_OWNER);
	member_is(W(G2), 1, IF3, C, (uint32_t)MGM_OIF_BY_OWNER);
	if (st_fail)
		mlist_diag(&l);
	result("S73: ALL_SOURCES lists (*,G1), (S1,G1), (*,G2) with their interfaces");
	RETS(adm, mdump(MGM_ENUM_TYPE_ANY_SOURCE, NULL, &l), 0);
	m = mfind(&l, W(G1));
	EXPECT(l.n == 2 && m && !m->n && (m = mfind(&l, W(G2))) && !m->n,
	       "ANY_SOURCE: %d entries", l.n);
	if (st_fail)
		mlist_diag(&l);
	result("S73: ANY_SOURCE lists one record per group: (0,0,G1,H), (0,0,G2,H)");
}

static void s74(void)
{
	struct mlist all, l;
	int k, j, ok;

	/* Four entries: (*,G1) on if2 and if3, (S1,G1), (*,G2), (*,*). */
	RET(B, join(B, W(G1), IF2), 0);
	RET(B, join(B, SG(S1, G1), IF2), 0);
	RET(C, join(C, W(G1), IF3), 0);
	RET(C, join(C, W(G2), IF3), 0);
	RET(C, join(C, ALL, IF3), 0);
	clear_logs();
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &all), 0);
	EXPECT(all.n == 4, "%d entries, want 4", all.n);
	for (k = 0; k < all.n; k++) {
		RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, &all.r[k].sg, &l), 0);
		ok = l.n == all.n - k - 1;
		for (j = 0; ok && j < l.n; j++)
			ok = sg_eq(&l.r[j].sg, &all.r[k + 1 + j].sg);
		EXPECT(ok, "resuming after entry %d gave %d entries, want the %d after it",
		       k, l.n, all.n - k - 1);
	}
	if (st_fail)
		mlist_diag(&all);
	result("S74: the membership dump resumes strictly after any key (native cursor)");
	if (all.n >= 3) {
		/* Delete the second entry: every member leaves it. */
		const struct mrec *m = &all.r[1];
		struct mgm_sg gone = m->sg;
		unsigned int o;
		int c;

		for (o = 0; o < m->n; o++)
			for (c = A; c <= I; c++)
				if (cl[c].h == m->oifs[o].comp)
					RET(c, leave(c, gone, m->oifs[o].ifindex), 0);
		RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l), 0);
		EXPECT(l.n == all.n - 1 && !mfind(&l, gone),
		       "the second entry was not deleted (%d entries)", l.n);
		RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, &gone, &l), 0);
		ok = l.n == all.n - 2;
		for (j = 0; ok && j < l.n; j++)
			ok = sg_eq(&l.r[j].sg, &all.r[2 + j].sg);
		EXPECT(ok, "resuming after the deleted entry gave %d entries, want %d",
		       l.n, all.n - 2);
		if (st_fail)
			mlist_diag(&l);
	} else {
		fail_("too few entries to delete one");
	}
	clear_logs();
	result("S74: resuming after a deleted key returns the entries after it");
}

static void s75(void)
{
	struct mlist l = { 0 };

	/* The family's policy bounds enum-type (0, 1): a range error. */
	RETS(adm, mgm_member_dump(adm, 7, NULL, mlist_cb, &l), -ERANGE);
	EXPECT(mgm_last_error(adm) != NULL, "no extended-ACK message");
	EXPECT(l.n == 0, "the refused dump returned %d entries", l.n);
	result("S75: a membership dump of an unknown enumeration type is refused (ERANGE, with a message)");
}

/* ------------------------------------------------------------------ */
/* §8.11 Statistics (the MFE counters the forwarding code keeps)       */

static int inject_ttl(struct mgm_sg sg, uint32_t ifindex, uint8_t ttl)
{
	struct mgm_if f = mgm_if4(ifindex, 0);
	uint8_t h[28];

	ip_header(sg, h);
	h[8] = ttl;
	return mgm_inject(adm, &sg, &f, 100, ttl, h, sizeof(h));
}

static void s76(void)
{
	struct mgm_mfe_info *m0 = NULL, *m1 = NULL, *m2 = NULL;
	uint8_t h[28];
	int k;

	NEED_INJECT("S76: counters");
	RET(B, join(B, W(G1), IF2), 0);
	RET(C, join(C, W(G1), IF3), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	clear_logs();
	RETS(adm, mfe_get(SG(S1, G1), &m0), 0);
	if (wire.on) {
		/* Ten real 100-byte datagrams, TTL 64, into if1. */
		wire_send(SG(S1, G1), 1, WIRE_TTL, 10);
		m1 = wire_traffic(SG(S1, G1), m0, 10, 0, 10, 10, 0, 0);
		result("S76: 10 packets sent into if1 are seen on the wires of if2 and if3, 10 each (TTL 63), nowhere else");
	} else {
		for (k = 0; k < 10; k++)
			RETS(adm, inject(SG(S1, G1), IF1), 0);
		RETS(adm, mfe_get(SG(S1, G1), &m1), 0);
	}
	expect_logs();
	if (m0 && m1) {
		EXPECT(m1->stats.in_packets - m0->stats.in_packets == 10 &&
		       m1->stats.in_bytes - m0->stats.in_bytes == 1000,
		       "in_packets +%llu, in_bytes +%llu; want +10, +1000",
		       (unsigned long long)(m1->stats.in_packets - m0->stats.in_packets),
		       (unsigned long long)(m1->stats.in_bytes - m0->stats.in_bytes));
	}
	result("S76: 10 packets of 100 bytes on if1: ulInPkts +10, ulInOctets +1000");
	if (m0 && m1)
		EXPECT(m1->stats.out_packets - m0->stats.out_packets == 20,
		       "out_packets +%llu, want +20",
		       (unsigned long long)(m1->stats.out_packets - m0->stats.out_packets));
	result("S77: ulTotalOutPackets +20 (two OIFs)");
	if (!wire_skip("S76: per-OIF ulOutPackets 10 on if2 and if3")) {
		stats_moved(m0, m1, (struct dstats){ .in_packets = 10,
			    .in_bytes = 1000, .out_packets = 20 });
		oif_moved(m0, m1, IF2, 10, 0, 0, 0);
		oif_moved(m0, m1, IF3, 10, 0, 0, 0);
		result("S76: per-OIF ulOutPackets +10 on if2 and on if3 (no discards); no other counter moved");
	}

	if (wire.on) {
		wire_send(SG(S1, G1), 2, WIRE_TTL, 3);
		wire_send(SG(S1, G1), 1, 1, 2);
		m2 = wire_traffic(SG(S1, G1), m1, 5, 0, 0, 0, 0, 0);
		result("S78: 3 packets sent into if2 and 2 with TTL 1 into if1: no wire sees a copy");
	} else {
		for (k = 0; k < 3; k++)
			RETS(adm, inject(SG(S1, G1), IF2), 0);
		for (k = 0; k < 2; k++)
			RETS(adm, inject_ttl(SG(S1, G1), IF1, 1), 0);
		RETS(adm, mfe_get(SG(S1, G1), &m2), 0);
	}
	ip_header(SG(S1, G1), h);
	ex_wif(B, SG(S1, G1), IF2, h);
	expect_logs();
	if (m1 && m2) {
		EXPECT(m2->stats.different_if - m1->stats.different_if == 3,
		       "different_if +%llu, want +3",
		       (unsigned long long)(m2->stats.different_if - m1->stats.different_if));
		EXPECT(m2->stats.hdr_errors - m1->stats.hdr_errors == 2,
		       "hdr_errors +%llu, want +2",
		       (unsigned long long)(m2->stats.hdr_errors - m1->stats.hdr_errors));
		EXPECT(m2->stats.in_discards - m1->stats.in_discards == 5,
		       "in_discards +%llu, want +5",
		       (unsigned long long)(m2->stats.in_discards - m1->stats.in_discards));
		EXPECT(m2->stats.out_packets == m1->stats.out_packets,
		       "out_packets +%llu, want +0",
		       (unsigned long long)(m2->stats.out_packets - m1->stats.out_packets));
	}
	result("S78: 3 packets on if2: ulPktsDifferentIf +3; 2 with TTL 1: ulInHdrErrors +2; no copies");
	if (!wire_skip("S78: per-OIF counters: ttl_too_low +2, no packet")) {
		stats_moved(m1, m2, (struct dstats){ .in_packets = 2,
			    .in_bytes = 2 * WIRE_SIZE, .different_if = 3,
			    .in_discards = 5, .hdr_errors = 2 });
		oif_moved(m1, m2, IF2, 0, 0, 2, 0);
		oif_moved(m1, m2, IF3, 0, 0, 2, 0);
		result("S78: per-OIF counters of if2 and if3: ttl_too_low +2, packets +0");
	}
	mgm_mfe_free(m0);
	mgm_mfe_free(m1);
	mgm_mfe_free(m2);
}

/* ------------------------------------------------------------------ */
/* §8.12 Wrong interface, robustness, ordering                         */
/* ------------------------------------------------------------------ */

static void s79(void)
{
	uint8_t h[28];
	int k;

	NEED_INJECT("S79: wrong-IF callback");
	RET(C, join(C, W(G1), IF3), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	clear_logs();
	ip_header(SG(S1, G1), h);
	for (k = 0; k < 5; k++)
		RETS(adm, inject(SG(S1, G1), IF2), 0);
	ex_wif(B, SG(S1, G1), IF2, h);
	expect_logs();
	result("S79: 5 packets on if2 within a second: B (its owner) gets exactly one WrongIf");
	msleep(1100);
	RETS(adm, inject(SG(S1, G1), IF2), 0);
	ex_wif(B, SG(S1, G1), IF2, h);
	expect_logs();
	result("S79: a second later the next packet gives one more");
	RETS(adm, inject(SG(S1, G1), IF4), 0);
	expect_logs();
	mfe_is(SG(S1, G1), IF1, 1, IF3);
	result("S79: a packet on the unowned if4 alerts nobody; the MFE is unchanged");
}

static void child_s80(int *res)
{
	struct mgm_session *s;
	struct mgm_sg sg = W(G1);
	struct mgm_if f = mgm_if4(IF2, 0);
	mgm_handle_t h;

	res[0] = mgm_open(&s);
	if (res[0])
		return;
	res[1] = mgm_protocol_register(s, 0x200, 1, &h);
	res[2] = mgm_if_take(s, h, &f);
	res[3] = mgm_member_add(s, h, &sg, &f, MGM_JOIN);
}

static void s80(void)
{
	int res[CHILD_RES], status;
	struct mgm_if_info info;
	pid_t pid = 0;
	long t0;

	RET(B, release(B, IF2), 0);
	RET(B, mgm_protocol_deregister(cl[B].s, cl[B].h), 0);
	cl_close(B);
	RET(A, join(A, W(G1), IF1), 0);
	clear_logs();
	if (child_run(child_s80, res, 1, &pid)) {
		fail_("the child process did not report");
	} else {
		EXPECT(!res[0] && !res[1] && !res[2] && !res[3],
		       "child B: open %s, register %s, take %s, join %s",
		       ename(res[0]), ename(res[1]), ename(res[2]),
		       ename(res[3]));
	}
	ex_ja(A, W(G1), 1);
	expect_logs();
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	t0 = now_ms();
	while (now_ms() - t0 < 2000 && !if_get(IF2, 0, &info))
		pump(ALL_MASK, 20);
	ex_pa(A, W(G1), IF2, 1);
	expect_logs();
	result("S80: B killed with SIGKILL: A gets PruneAlert((*,G1), if2), nobody else anything");
	owner_none(IF2, 0);
	member_is(W(G1), 1, IF1, A, (uint32_t)MGM_OIF_BY_OWNER);
	RET(B, cl_open(B), 0);
	RET(B, cl_register(B, 0x200, 1), 0);
	expect_logs();
	result("S80: if2 is unowned afterwards and (0x200,1) registers again");
}

static void s81(void)
{
	uint64_t lj, ja;

	RET(I, take(I, IF1), 0);
	RET(I, join(I, W(G2), IF1), 0);
	drain();
	lj = seq_of(A, K_LOCAL_JOIN, 0);
	ja = seq_of(B, K_JOIN, 0);
	ex_local(A, K_LOCAL_JOIN, W(G2), IF1);
	ex_ja_others(A, W(G2));
	expect_logs();
	EXPECT(lj && ja && lj < ja, "A's LocalJoin seq %llu, B's JoinAlert seq %llu",
	       (unsigned long long)lj, (unsigned long long)ja);
	result("S81: A logs only LocalJoin, B JoinAlert, and A's event has the lower seq");
}

static void s82(void)
{
	struct mlist l;

	cl[C].b.join_rejoin = 1;
	cl[C].b.join_rejoin_ret = INT_MIN;
	RET(A, join(A, W(G1), IF1), 0);
	ex_ja_others(A, W(G1));
	ex_ja(A, W(G1), 1);	/* C's join from its callback: second component */
	expect_logs();
	EXPECT(cl[C].b.join_rejoin_ret == 0,
	       "C's join from inside its JoinAlert callback returned %s",
	       ename(cl[C].b.join_rejoin_ret));
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l), 0);
	member_is(W(G1), 2, IF1, A, (uint32_t)MGM_OIF_BY_OWNER,
		  IF3, C, (uint32_t)MGM_OIF_BY_OWNER);
	result("S82: C joins (*,G1) from inside its JoinAlert callback: 0, visible in the dump");
	if (no_inject) {
		skip(NO_TEST_HOOK, "S82: MgmGetMfe from inside A's RPF callback");
		return;
	}
	cl[A].b.rpf_get_mfe = 1;
	cl[A].b.rpf_get_ret = INT_MIN;
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(C, SG(S1, G1), IF1, 1, IF3, 0);
	expect_logs();
	EXPECT(cl[A].b.rpf_get_ret == -ENOENT,
	       "mgm_mfe_get from inside the RPF callback returned %s, want ENOENT",
	       ename(cl[A].b.rpf_get_ret));
	mfe_is(SG(S1, G1), IF1, 1, IF3);
	result("S82: MgmGetMfe from inside A's RPF callback gives ENOENT; the MFE is then installed");
}

struct igmp_loop {
	int stop;
	int calls;
	int bad;
	int first_bad;
};

static void *igmp_thread(void *arg)
{
	struct igmp_loop *lp = arg;
	struct mgm_sg sg = W(G1);
	struct mgm_if f = mgm_if4(IF4, 0);
	int r;

	while (!__atomic_load_n(&lp->stop, __ATOMIC_ACQUIRE)) {
		r = mgm_member_add(cl[I].s, cl[I].h, &sg, &f, MGM_JOIN);
		lp->calls++;
		if (r && !lp->bad++)
			lp->first_bad = r;
		mgm_dispatch(cl[I].s, 0);
		r = mgm_member_del(cl[I].s, cl[I].h, &sg, &f, MGM_JOIN);
		lp->calls++;
		if (r && !lp->bad++)
			lp->first_bad = r;
		mgm_dispatch(cl[I].s, 0);
	}
	r = mgm_member_add(cl[I].s, cl[I].h, &sg, &f, MGM_JOIN);
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
	int k, bad = 0, first = 0, r;

	RET(I, take(I, IF4), 0);
	clear_logs();
	cl[I].b.de_ifindex = IF4;
	if (pthread_create(&th, NULL, igmp_thread, &lp)) {
		fail_("pthread_create failed");
		result("S83: Disable/Enable adjacency");
		return;
	}
	for (k = 0; k < 100; k++) {
		r = take(B, IF4);
		if (r && !bad++)
			first = r;
		pump((1u << A) | (1u << B) | (1u << C), 0);
		r = release(B, IF4);
		if (r && !bad++)
			first = r;
		pump((1u << A) | (1u << B) | (1u << C), 0);
	}
	__atomic_store_n(&lp.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	drain();
	/* Every take and every release is one Disable, Enable pair. */
	for (k = 0; k < 400; k++)
		want[k] = k & 1 ? 'E' : 'D';
	want[400] = 0;
	cl[I].b.de_trace[cl[I].b.de_n] = 0;
	EXPECT(!bad, "%d of B's takes/releases failed, the first with %s", bad,
	       ename(first));
	EXPECT(!strcmp(cl[I].b.de_trace, want),
	       "IGMP's Disable/Enable trace for if4 (%d events): %.80s%s",
	       cl[I].b.de_n, cl[I].b.de_trace, cl[I].b.de_n > 80 ? "..." : "");
	result("S83: 100 take/release rounds by B: IGMP sees Disable, Enable strictly alternating (400)");
	EXPECT(!lp.bad && lp.calls > 1,
	       "%d of IGMP's %d membership calls failed, the first with %s",
	       lp.bad, lp.calls, ename(lp.first_bad));
	result("S83: every IGMP membership call during the rounds returned 0 (%d calls)",
	       lp.calls);
	RET(I, join(I, W(G1), IF4), 0);
	clear_logs();
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &l), 0);
	EXPECT(l.n == 1, "%d membership entries, want 1", l.n);
	member_is(W(G1), 1, IF4, I, (uint32_t)MGM_OIF_BY_IGMP);
	result("S83: after IGMP re-adds, the table holds exactly its (*,G1) on if4");
}

static int recreate_if3(void)
{
	int r = wire.on ? wire_recreate_if3() :
		system("ip link add if3 type dummy && ip link set if3 multicast on up");

	ifx[3] = if_nametoindex("if3");
	return r == 0 && ifx[3] ? 0 : -1;
}

static void s84(void)
{
	uint32_t old3 = IF3;
	long t0;

	NEED_INJECT("S84: interface removal");
	RET(C, join(C, W(G1), IF3), 0);
	clear_logs();
	make_mfe(SG(S1, G1), IF1);
	ex_rpf(A, SG(S1, G1), IF1, GW1, IF1);
	ex_cr(C, SG(S1, G1), IF1, 1, IF3, 0);
	expect_logs();
	if (system("ip link del if3")) {
		fail_("ip link del if3 failed");
		result("S84: interface removal");
		return;
	}
	t0 = now_ms();
	while (now_ms() - t0 < 3000 && !cl[C].count[K_IF_GONE])
		pump(ALL_MASK, 20);
	ex_ifev(C, K_IF_GONE, old3);
	check_logs(1u << C);
	result("S84: deleting if3 gives its owner C an if-gone event (and nothing else)");
	ex_pa(A, W(G1), old3, 1);
	ex_pa(A, SG(S1, G1), IF1, 0);
	ex_pa(B, W(G1), old3, 1);
	ex_pa(I, W(G1), old3, 1);
	expect_logs();
	result("S84: the purge alerts the others (wildcard prune, FALSE prune to A)");
	mfe_is(SG(S1, G1), IF1, 0);
	owner_none(old3, 0);
	members_empty();
	{
		struct mgm_if f = mgm_if4(old3, 0);

		RET(C, mgm_if_release(cl[C].s, cl[C].h, &f), -EINVAL);
	}
	RET(C, mgm_protocol_deregister(cl[C].s, cl[C].h), 0);
	expect_logs();
	result("S84: the MFE no longer lists if3; owner query ENOENT, release EINVAL; C may deregister");
	if (recreate_if3())
		printf("Bail out! could not re-create if3\n");
}

static void child_s85(int *res)
{
	struct mgm_session *s;
	mgm_handle_t h = 0;
	int n = 0;

	res[0] = unshare(CLONE_NEWNET) ? -errno : 0;
	if (res[0])
		return;
	res[1] = mgm_open(&s);
	if (res[1])
		return;
	res[2] = mgm_protocol_dump(s, count_proto, &n);
	res[3] = n;
	n = 0;
	res[4] = mgm_mfe_dump(s, NULL, count_mfe, &n);
	res[5] = n;
	n = 0;
	res[6] = mgm_if_dump(s, count_if, &n);
	res[7] = n;
	res[8] = mgm_protocol_register(s, 0x100, 1, &h);
	res[9] = (int)h;
}

static void s85(void)
{
	int res[CHILD_RES];

	if (!no_inject)
		mfe_s1g1_if2();
	if (child_run(child_s85, res, 0, NULL)) {
		fail_("the child process did not report");
	} else {
		EXPECT(!res[0] && !res[1], "child: unshare %s, open %s",
		       ename(res[0]), ename(res[1]));
		EXPECT(!res[2] && !res[3], "child: protocol dump %s, %d entries",
		       ename(res[2]), res[3]);
		EXPECT(!res[4] && !res[5], "child: MFE dump %s, %d entries",
		       ename(res[4]), res[5]);
		EXPECT(!res[6] && !res[7], "child: interface dump %s, %d entries",
		       ename(res[6]), res[7]);
		EXPECT(!res[8] && res[9] == 1,
		       "child: registering (0x100,1) returned %s with handle %d",
		       ename(res[8]), res[9]);
	}
	expect_logs();
	result("S85: a client in another netns sees no protocol, interface or MFE and registers (0x100,1)");
}

/* ------------------------------------------------------------------ */
/* Limits, privileges, event backlog                                   */
/* ------------------------------------------------------------------ */

static void limits(void)
{
	struct mgm_config cfg = saved_cfg, now;
	struct mgm_if_info info;

	cfg.max_memberships = 2;
	RETS(adm, config_set(MGM_CONFIG_MAX_MEMBERSHIPS, &cfg), 0);
	RET(A, join(A, W(G1), IF1), 0);
	RET(A, join(A, W(G1), IF5), 0);
	ex_ja_others(A, W(G1));
	expect_logs();
	RET(B, join(B, W(G1), IF2), -ENOSPC);
	EXPECT(mgm_last_error(cl[B].s) != NULL, "no extended-ACK message");
	RET(B, join(B, W(G2), IF2), -ENOSPC);
	expect_logs();
	member_is(W(G1), 2, IF1, A, (uint32_t)MGM_OIF_BY_OWNER,
		  IF5, A, (uint32_t)MGM_OIF_BY_OWNER);
	RETS(adm, mgm_config_get(adm, &now), 0);
	EXPECT(now.memberships == 2 && now.max_memberships == 2,
	       "memberships %u of %u", now.memberships, now.max_memberships);
	result("limits: at max_memberships 2 a third membership is refused (ENOSPC), nothing changes");
	RET(A, leave(A, W(G1), IF5), 0);
	RET(B, join(B, W(G1), IF2), 0);
	ex_ja(A, W(G1), 1);
	expect_logs();
	result("limits: a leave frees a slot for the next join");
	cfg.max_memberships = 1;
	RETS(adm, config_set(MGM_CONFIG_MAX_MEMBERSHIPS, &cfg), 0);
	member_is(W(G1), 2, IF1, A, (uint32_t)MGM_OIF_BY_OWNER,
		  IF2, B, (uint32_t)MGM_OIF_BY_OWNER);
	RETS(adm, config_set(MGM_CONFIG_MAX_MEMBERSHIPS, &saved_cfg), 0);
	RET(C, join(C, W(G1), IF3), 0);
	expect_logs();
	result("limits: a limit below the usage is accepted and keeps what exists; restoring it works");

	cfg = saved_cfg;
	cfg.max_interfaces = 4;
	RETS(adm, config_set(MGM_CONFIG_MAX_INTERFACES, &cfg), 0);
	RET(B, take(B, IF4), -ENOSPC);
	RETS(adm, if_get(IF4, 0, &info), -ENOENT);
	RETS(adm, config_set(MGM_CONFIG_MAX_INTERFACES, &saved_cfg), 0);
	RET(B, take(B, IF4), 0);
	expect_logs();
	result("limits: at max_interfaces a take is refused (ENOSPC); after restoring it works");

	cfg = saved_cfg;
	cfg.max_protocols = 4;
	RETS(adm, config_set(MGM_CONFIG_MAX_PROTOCOLS, &cfg), 0);
	RET(X, cl_open(X), 0);
	RET(X, cl_register(X, 0x400, 1), -ENOSPC);
	RETS(adm, config_set(MGM_CONFIG_MAX_PROTOCOLS, &saved_cfg), 0);
	RET(X, cl_register(X, 0x400, 1), 0);
	expect_logs();
	result("limits: at max_protocols a registration is refused (ENOSPC); after restoring it works");
}

static void child_priv(int *res)
{
	struct mgm_session *s;
	struct mgm_config cfg;
	struct mgm_sg sg = W(G1);
	struct mgm_if f4 = mgm_if4(IF4, 0);
	struct mgm_if fn = mgm_if4(IF4, htonl(0xc0000209U));
	struct mgm_if_info info;
	struct mlist ml = { 0 };
	mgm_handle_t h = 0, h2 = 0;
	union mgm_addr up = { .v4 = { GW1 } };
	struct mgm_sg s1g1 = SG(S1, G1);
	uint8_t hdr[28];
	int n = 0;

	res[0] = mgm_open(&s);
	if (res[0])
		return;
	res[1] = mgm_protocol_register(s, 0x400, 1, &h);
	res[2] = mgm_if_take(s, h, &f4);
	res[3] = drop_net_admin();
	res[4] = mgm_if_take(s, h, &fn);
	res[5] = mgm_member_add(s, h, &sg, &f4, MGM_JOIN);
	res[6] = mgm_protocol_register(s, 0x401, 1, &h2);
	res[7] = mgm_if_release(s, h, &f4);
	res[8] = mgm_mfe_set(s, h, &s1g1, &up, NULL);
	res[9] = mgm_config_get(s, &cfg);
	res[10] = mgm_config_set(s, &cfg, MGM_CONFIG_MFE_TIMEOUT);
	res[11] = mgm_member_dump(s, MGM_ENUM_TYPE_ALL_SOURCES, NULL, mlist_cb, &ml);
	res[12] = mgm_mfe_dump(s, NULL, count_mfe, &n);
	res[13] = n;
	res[14] = mgm_if_get(s, &f4, &info);
	ip_header(s1g1, hdr);
	res[15] = mgm_inject(s, &s1g1, &f4, 100, 64, hdr, sizeof(hdr));
}

static void privileges(void)
{
	int res[CHILD_RES], n_mfe = 0, k, same;
	struct mlist m0, m1;
	struct flist l;

	if (!no_inject)
		mfe_s1g1_if2();
	else
		RET(B, join(B, W(G1), IF2), 0);
	clear_logs();
	if (!fdump(NULL, &l, 0))
		n_mfe = l.n;
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &m0), 0);
	if (child_run(child_priv, res, 0, NULL)) {
		fail_("the child process did not report");
		result("privileges: without CAP_NET_ADMIN");
		return;
	}
	EXPECT(!res[0] && !res[1] && !res[2] && !res[3],
	       "child set-up: open %s, register %s, take %s, capset %s",
	       ename(res[0]), ename(res[1]), ename(res[2]), ename(res[3]));
	EXPECT(res[4] == -EPERM, "take: %s", ename(res[4]));
	EXPECT(res[5] == -EPERM, "member add: %s", ename(res[5]));
	EXPECT(res[6] == -EPERM, "register: %s", ename(res[6]));
	EXPECT(res[7] == -EPERM, "release: %s", ename(res[7]));
	EXPECT(res[8] == -EPERM, "set MFE: %s", ename(res[8]));
	EXPECT(res[10] == -EPERM, "config set: %s", ename(res[10]));
	EXPECT(res[11] == -EPERM, "membership dump: %s", ename(res[11]));
	EXPECT(res[15] == -EPERM || (no_inject && res[15] == -EOPNOTSUPP),
	       "inject: %s", ename(res[15]));
	expect_logs();
	RETS(adm, mdump(MGM_ENUM_TYPE_ALL_SOURCES, NULL, &m1), 0);
	same = m0.n == m1.n && m0.n == 1;
	for (k = 0; same && k < m0.n; k++)
		same = sg_eq(&m0.r[k].sg, &m1.r[k].sg) && m0.r[k].n == m1.r[k].n;
	EXPECT(same, "the membership table changed (or is not the one (*,G1) entry)");
	if (!same) {
		mlist_diag(&m0);
		mlist_diag(&m1);
	}
	result("privileges: without CAP_NET_ADMIN, take, member add, register, release, set, config, member dump, inject give EPERM");
	EXPECT(!res[9], "config get: %s", ename(res[9]));
	EXPECT(!res[12] && res[13] == n_mfe, "MFE dump: %s, %d entries (want %d)",
	       ename(res[12]), res[13], n_mfe);
	EXPECT(!res[14], "owner query: %s", ename(res[14]));
	result("privileges: without CAP_NET_ADMIN, MFE dump, owner query and config get work");
	{
		struct mgm_if_info info;
		long t0 = now_ms();

		while (now_ms() - t0 < 2000 && !if_get(IF4, 0, &info))
			msleep(20);
		owner_none(IF4, 0);
		expect_logs();
		result("privileges: the child's protocol and its if4 went with it");
	}
}

static void backlog(void)
{
	struct mgm_config cfg = saved_cfg;
	const int pairs = 300, gen = 2 * pairs + 1;
	long received_c, received_b;
	int k, r, bad = 0, sorted = 1;

	cfg.max_backlog = 16;
	RETS(adm, config_set(MGM_CONFIG_MAX_BACKLOG, &cfg), 0);
	for (k = 0; k < pairs; k++) {
		r = join(A, W(G1), IF1);
		if (r && !bad++)
			fail_("join %d returned %s", k, ename(r));
		pump((1u << B) | (1u << I), 0);
		r = leave(A, W(G1), IF1);
		if (r && !bad++)
			fail_("leave %d returned %s", k, ename(r));
		pump((1u << B) | (1u << I), 0);
	}
	pump((1u << B) | (1u << I), 40);
	/* C reads only now; one more event after it drained its socket. */
	pump(1u << C, 100);
	RET(A, join(A, W(G2), IF1), 0);
	pump(ALL_MASK, 100);
	pump(1u << C, 200);
	received_c = cl[C].count[K_JOIN] + cl[C].count[K_PRUNE];
	received_b = cl[B].count[K_JOIN] + cl[B].count[K_PRUNE];
	for (k = 1; k < cl[C].n; k++)
		if (cl[C].log[k].seq <= cl[C].log[k - 1].seq)
			sorted = 0;
	EXPECT(cl[C].count[K_OVERFLOW] >= 1, "C got no overflow callback");
	EXPECT(received_c > 0 && received_c < gen,
	       "C received %ld of %d alerts", received_c, gen);
	EXPECT(sorted, "C's events are not in seq order");
	EXPECT(cl[C].n && cl[C].log[cl[C].n - 1].kind == K_JOIN &&
	       sg_is(&cl[C].log[cl[C].n - 1].sg, W(G2)),
	       "C's last event is not the JoinAlert((*,G2)) sent after it read");
	result("backlog: max_backlog 16, C not reading while A causes %d alerts: overflow, %ld delivered, in order",
	       gen, received_c);
	if (cl[C].count[K_OVERFLOW] && cl[C].dropped_sum) {
		EXPECT(received_c + cl[C].dropped_sum == gen,
		       "delivered %ld + dropped %u != generated %d", received_c,
		       cl[C].dropped_sum, gen);
		result("backlog: the overflow events count exactly the lost alerts");
	} else {
		fail_("overflow events reported %u dropped", cl[C].dropped_sum);
		result("backlog: the overflow events count exactly the lost alerts");
	}
	EXPECT(received_b == gen && !cl[B].count[K_OVERFLOW],
	       "B, reading all along, received %ld of %d alerts and %ld overflows",
	       received_b, gen, cl[B].count[K_OVERFLOW]);
	result("backlog: B, reading all along, receives all %d alerts and no overflow", gen);
	RETS(adm, config_set(MGM_CONFIG_MAX_BACKLOG, &saved_cfg), 0);
	clear_logs();
}

/* ------------------------------------------------------------------ */

struct scenario {
	const char *tag;
	void (*fn)(void);
};

static const struct scenario scenarios[] = {
	{ "S1", s1 }, { "S2", s2 }, { "S3", s3 }, { "S4", s4 },
	{ "S5", s5 }, { "S6", s6 }, { "S7", s7 }, { "S8", s8 },
	{ "S9", s9 }, { "S10", s10 }, { "S11", s11 }, { "S12", s12 },
	{ "S13", s13 }, { "S14", s14 }, { "S15", s15 }, { "S16", s16 },
	{ "S17", s17 }, { "S18", s18 }, { "S19", s19 }, { "S20", s20 },
	{ "S21", s21 }, { "S22", s22 }, { "S23", s23 },
	{ "S24-S29", s24 }, { "S27", s27 }, { "S30", s30 }, { "S31", s31 },
	{ "S32-S34", s32 }, { "S35", s35 }, { "S36", s36 },
	{ "S37-S38", s37 }, { "S39", s39 }, { "S40", s40 }, { "S41", s41 },
	{ "S42", s42 },
	{ "the inject probe", probe_inject },
	{ "S43", s43 }, { "S44", s44 }, { "S46", s46 }, { "S47", s47 },
	{ "S48", s48 }, { "S49", s49 }, { "S50", s50 }, { "S51", s51 },
	{ "S52", s52 },
	{ "S53", s53 }, { "S54", s54 }, { "S55", s55 }, { "S56", s56 },
	{ "S57", s57 }, { "S58", s58 }, { "S59", s59 },
	{ "S60", s60 }, { "S61", s61 }, { "S62", s62 }, { "S63", s63 },
	{ "S64", s64 }, { "S65", s65 },
	{ "S66", s66 }, { "S67-S72", s67 }, { "S70", s70 }, { "S73", s73 },
	{ "S74", s74 }, { "S75", s75 }, { "S76-S78", s76 },
	{ "S79", s79 }, { "S80", s80 }, { "S81", s81 }, { "S82", s82 },
	{ "S83", s83 }, { "S84", s84 }, { "S85", s85 },
	{ "limits", limits }, { "privileges", privileges },
	{ "backlog", backlog },
};

int main(int argc, char **argv)
{
	static const char *const names[] = { NULL, "if1", "if2", "if3", "if4", "if5" };
	long t0 = now_ms(), t1;
	unsigned int k;
	int c, r;

	ktap_header();
	for (k = 1; k <= 5; k++) {
		ifx[k] = if_nametoindex(names[k]);
		if (!ifx[k]) {
			printf("Bail out! no interface %s (run me through mgm_scenarios.sh)\n",
			       names[k]);
			return 1;
		}
	}
	wire_open();
	for (c = 0; c < NCL; c++) {
		cl[c].log = calloc(LOG_MAX, sizeof(struct rec));
		if (!cl[c].log) {
			printf("Bail out! out of memory\n");
			return 1;
		}
	}
	r = mgm_open(&adm);
	if (r) {
		printf("Bail out! mgm_open: %s (module not loaded?)\n", ename(r));
		return 1;
	}
	r = mgm_config_get(adm, &saved_cfg);
	if (r) {
		printf("Bail out! mgm_config_get: %s\n", ename(r));
		return 1;
	}
	ktap_diag("config: max protocols %u interfaces %u memberships %u mfes %u pending %u backlog %u; mfe_timeout %u s, callback_timeout %u ms",
		  saved_cfg.max_protocols, saved_cfg.max_interfaces,
		  saved_cfg.max_memberships, saved_cfg.max_mfes,
		  saved_cfg.max_pending, saved_cfg.max_backlog,
		  saved_cfg.mfe_timeout, saved_cfg.callback_timeout);
	if (saved_cfg.mfe_timeout != 900 || saved_cfg.callback_timeout != 1000)
		ktap_diag("warning: the fixture expects mfe_timeout 900 and callback_timeout 1000");

	for (k = 0; k < sizeof(scenarios) / sizeof(scenarios[0]); k++) {
		const char *only = argc > 1 ? argv[1] : NULL;

		if (only && strcmp(only, scenarios[k].tag))
			continue;
		t1 = now_ms();
		fixture(scenarios[k].tag);
		scenarios[k].fn();
		t1 = now_ms() - t1;
		if (t1 >= 2000)
			ktap_diag("%s took %ld ms", scenarios[k].tag, t1);
	}
	teardown_clients();
	config_set(0xff, &saved_cfg);
	mgm_close(adm);
	ktap_diag("ran for %ld ms", now_ms() - t0);
	return ktap_finish();
}
