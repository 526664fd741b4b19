// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_native: libmgm's native API (<mgm/mgm.h>) used the way a protocol
 * daemon uses it, against the live module:
 *
 *  - sessions: the event descriptor polls, mgm_dispatch() waits, returns
 *    the number of events and calls the callbacks in sequence order;
 *  - request replies: what the RPF, creation and prune callbacks write is
 *    what the kernel installs, and a protocol without callbacks gets the
 *    documented defaults at once;
 *  - re-entrant calls: a callback makes requests on its own session
 *    (lookups, dumps, registering and deregistering protocols, even its
 *    own) while events are still queued, and nothing is lost;
 *  - overflow and resync: a protocol that does not read loses events past
 *    its backlog, is told exactly how many, and resynchronises with a dump
 *    from its overflow callback;
 *  - error texts: refused requests return the documented errno and the
 *    kernel's extended-ACK text, successful ones clear it;
 *  - the monitor sees a copy of each event with the same sequence number;
 *  - mgm_close() takes the session's protocols, interfaces and memberships
 *    away; sessions in several threads work side by side;
 *  - an entry with 1000 outgoing interfaces, too big for one netlink
 *    message, comes out of the dumps whole and once.
 *
 * Fixture (selftests/mgm_native.sh): a network namespace with dummy
 * interfaces if1..if5, 10.1.1.1/24 on if1 and 10.4.4.1/24 on if4.
 * Protocol A (0x100,1) owns if1 and if3, B (0x200,1) owns if2, C (0x300,1)
 * owns if4 and has no callbacks.  Packets are the mgm_inject() test hook
 * (modules built with MGM_TEST=1); without it those checks are skipped.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/mgm.h>
#include <mgm/mgm.h>

#include "test_common.h"

#define S1	htonl(0x0a01010aU)	/* 10.1.1.10, behind if1 */
#define S4	htonl(0x0a04040aU)	/* 10.4.4.10, behind if4 */
#define UP1	htonl(0x0a010102U)	/* 10.1.1.2 */
#define GRP(n)	htonl(0xef010100U + (n))	/* 239.1.1.n */
#define BULK(n)	htonl(0xef020000U + (n))	/* 239.2.x.y: overflow */

static uint32_t if1, if2, if3, if4, if5;

/* ------------------------------------------------------------------ */
/* Clients: a session, a protocol, a log of the callbacks              */
/* ------------------------------------------------------------------ */

#define LOG_MAX 1024

struct logent {
	uint8_t type;
	uint64_t seq;
	uint64_t req_id;
	struct mgm_sg sg;
	uint32_t dropped;
};

/* What a client's callbacks do, besides logging. */
enum reentry {
	RE_NONE,
	RE_RPF_REQUESTS,	/* rpf: lookups and a (de)registration */
	RE_JOIN_DUMP,		/* join_alert: dump the memberships */
	RE_JOIN_DEREGISTER,	/* join_alert: deregister this protocol */
	RE_OVERFLOW_DUMP,	/* overflow: resynchronise with a dump */
};

struct client {
	const char *name;
	struct mgm_session *s;
	mgm_handle_t h;
	struct logent log[LOG_MAX];
	int n;
	/* Answers. */
	uint32_t rpf_iif;		/* 0: keep the proposal */
	int rpf_refuse;
	uint32_t rpf_upstream;		/* 0: keep the proposal */
	int veto;			/* creation: disable every offer */
	uint32_t prune_timeout;		/* 0: keep the offer */
	/* What the last events carried, for the checks. */
	struct mgm_event last_rpf;
	struct mgm_creation_oif offer[4];
	unsigned int n_offer;
	uint32_t prune_offer;
	/* Re-entrant calls and what they returned. */
	enum reentry re;
	int re_ret[8];
	int re_count;			/* members seen by a dump */
	int re_calls;
	uint32_t dropped_sum;
};

static struct client ca = { .name = "A" }, cb = { .name = "B" },
		     cc = { .name = "C" };
static struct mgm_session *adm;		/* no protocol: inject, config */
static struct mgm_config saved_cfg;
static int no_inject;

static const char *ename(int r)
{
	static __thread char buf[4][32];
	static __thread int k;

	k = (k + 1) % 4;
	if (r == 0)
		return "0";
	if (r < 0 && strerrorname_np(-r))
		snprintf(buf[k], sizeof(buf[k]), "-%s", strerrorname_np(-r));
	else
		snprintf(buf[k], sizeof(buf[k]), "%d", r);
	return buf[k];
}

static void logev(struct client *c, const struct mgm_event *ev)
{
	struct logent *e;

	if (c->n >= LOG_MAX)
		return;
	e = &c->log[c->n++];
	e->type = ev->type;
	e->seq = ev->seq;
	e->req_id = ev->req_id;
	e->sg = ev->sg;
	e->dropped = ev->dropped;
}

static int count_bulk(const struct mgm_member_info *info, void *arg)
{
	uint32_t g = ntohl(info->sg.grp.v4.s_addr);

	if (!info->sg.src_len && (g & 0xffff0000U) == 0xef020000U)
		(*(int *)arg)++;
	return 0;
}

static int count_grp(const struct mgm_member_info *info, void *arg)
{
	uint32_t g = ntohl(info->sg.grp.v4.s_addr);

	if ((g & 0xffffff00U) == 0xef010100U)
		(*(int *)arg)++;
	return 0;
}

static void cb_rpf(void *arg, const struct mgm_event *ev,
		   struct mgm_rpf_answer *ans)
{
	struct client *c = arg;
	struct mgm_protocol_info pi;
	struct mgm_mfe_info *mi = NULL;
	struct mgm_if_info ii;
	struct mgm_if f = mgm_if4(if1, 0);
	struct mgm_callbacks none = { 0 };
	mgm_handle_t h2 = 0;

	logev(c, ev);
	c->last_rpf = *ev;
	if (c->rpf_refuse)
		ans->iif.ifindex = 0;
	else if (c->rpf_iif)
		ans->iif = mgm_if4(c->rpf_iif, 0);
	if (c->rpf_upstream)
		ans->upstream.v4.s_addr = c->rpf_upstream;
	if (c->re != RE_RPF_REQUESTS)
		return;
	c->re_calls++;
	c->re_ret[0] = mgm_if_get(c->s, &f, &ii);
	if (!c->re_ret[0] && ii.owner != c->h)
		c->re_ret[0] = -EBADE;
	c->re_ret[1] = mgm_protocol_get(c->s, c->h, &pi);
	if (!c->re_ret[1] && pi.proto_id != 0x100)
		c->re_ret[1] = -EBADE;
	/* The entry being decided is not installed yet. */
	c->re_ret[2] = mgm_mfe_get(c->s, &ev->sg, &mi);
	mgm_mfe_free(mi);
	c->re_ret[3] = mgm_protocol_register_cb(c->s, 0x400, 1, &none, NULL,
						&h2);
	c->re_ret[4] = h2 ? mgm_protocol_deregister(c->s, h2) : -ENOENT;
	c->re_ret[5] = mgm_protocol_get(c->s, h2, &pi);
}

static void cb_creation(void *arg, const struct mgm_event *ev,
			struct mgm_creation_oif *oifs, unsigned int n)
{
	struct client *c = arg;
	unsigned int i;

	logev(c, ev);
	c->n_offer = n < 4 ? n : 4;
	memcpy(c->offer, oifs, c->n_offer * sizeof(*oifs));
	if (c->veto)
		for (i = 0; i < n; i++)
			oifs[i].enabled = 0;
}

static void cb_prune(void *arg, const struct mgm_event *ev,
		     uint32_t *timeout)
{
	struct client *c = arg;

	logev(c, ev);
	if (ev->member_update)
		return;
	c->prune_offer = *timeout;
	if (c->prune_timeout)
		*timeout = c->prune_timeout;
}

static void cb_join(void *arg, const struct mgm_event *ev)
{
	struct client *c = arg;

	logev(c, ev);
	if (c->re == RE_JOIN_DUMP) {
		c->re_count = 0;
		c->re_ret[c->re_calls++ & 7] =
			mgm_member_dump(c->s, MGM_ENUM_TYPE_ALL_SOURCES, NULL,
					count_grp, &c->re_count);
	} else if (c->re == RE_JOIN_DEREGISTER && !c->re_calls++) {
		c->re_ret[0] = mgm_protocol_deregister(c->s, ev->handle);
	}
}

static void cb_note(void *arg, const struct mgm_event *ev)
{
	logev(arg, ev);
}

static void cb_overflow(void *arg, const struct mgm_event *ev)
{
	struct client *c = arg;

	logev(c, ev);
	c->dropped_sum += ev->dropped;
	if (c->re == RE_OVERFLOW_DUMP) {
		c->re_count = 0;
		c->re_ret[c->re_calls++ & 7] =
			mgm_member_dump(c->s, MGM_ENUM_TYPE_ALL_SOURCES, NULL,
					count_bulk, &c->re_count);
	}
}

static const struct mgm_callbacks all_cbs = {
	.rpf = cb_rpf,
	.creation_alert = cb_creation,
	.prune_alert = cb_prune,
	.join_alert = cb_join,
	.wrong_if = cb_note,
	.local_join = cb_note,
	.local_leave = cb_note,
	.disable_igmp = cb_note,
	.enable_igmp = cb_note,
	.if_gone = cb_note,
	.overflow = cb_overflow,
};

static void reset(struct client *c)
{
	struct mgm_session *s = c->s;
	mgm_handle_t h = c->h;
	const char *name = c->name;

	memset(c, 0, sizeof(*c));
	c->s = s;
	c->h = h;
	c->name = name;
}

static int client_open(struct client *c, uint32_t proto,
		       const struct mgm_callbacks *cbs, uint32_t ifa,
		       uint32_t ifb)
{
	struct mgm_if f;
	int r;

	r = mgm_open(&c->s);
	if (!r)
		r = mgm_protocol_register_cb(c->s, proto, 1, cbs, c, &c->h);
	f = mgm_if4(ifa, 0);
	if (!r)
		r = mgm_if_take(c->s, c->h, &f);
	f = mgm_if4(ifb, 0);
	if (!r && ifb)
		r = mgm_if_take(c->s, c->h, &f);
	if (r)
		ktap_diag("client %s: %s", c->name, ename(r));
	return r;
}

/*
 * Dispatch every client's events until none came for @quiet_ms; returns
 * the number dispatched.  Replies cause events of other clients (RPF
 * answered: creation alerts), hence the rounds.
 */
static int pump(long quiet_ms)
{
	struct client *cl[] = { &ca, &cb, &cc };
	long last = now_ms();
	int total = 0, r, i;

	while (now_ms() - last < quiet_ms) {
		struct pollfd p[3];

		for (i = 0; i < 3; i++) {
			p[i].fd = cl[i]->s ? mgm_event_fd(cl[i]->s) : -1;
			p[i].events = POLLIN;
		}
		if (poll(p, 3, 20) <= 0)
			continue;
		for (i = 0; i < 3; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			r = mgm_dispatch(cl[i]->s, 0);
			if (r < 0) {
				fail_("mgm_dispatch(%s): %s", cl[i]->name,
				      ename(r));
				return total;
			}
			total += r;
			last = now_ms();
		}
	}
	return total;
}

static void clear_logs(void)
{
	pump(100);
	reset(&ca);
	reset(&cb);
	reset(&cc);
}

static int inject(struct mgm_sg sg, uint32_t ifindex)
{
	struct mgm_if f = mgm_if4(ifindex, 0);
	int r;

	r = mgm_inject(adm, &sg, &f, 100, 64, NULL, 0);
	if (r == -EOPNOTSUPP)
		no_inject = 1;
	return r;
}

/* Wait (dispatching) until the entry of @sg exists; NULL after 3 s. */
static struct mgm_mfe_info *await_mfe(struct mgm_sg sg)
{
	struct mgm_mfe_info *mi = NULL;
	long t0 = now_ms();

	while (now_ms() - t0 < 3000) {
		if (!mgm_mfe_get(adm, &sg, &mi))
			return mi;
		pump(20);
	}
	fail_("no forwarding entry appeared in 3 s");
	return NULL;
}

static int join(struct client *c, struct mgm_sg sg, uint32_t ifindex)
{
	struct mgm_if f = mgm_if4(ifindex, 0);

	return mgm_member_add(c->s, c->h, &sg, &f, MGM_JOIN);
}

#define NEED_INJECT(what) do {						\
	if (no_inject) {						\
		ktap_skip("module built without MGM_TEST", "%s", what);	\
		return;							\
	}								\
} while (0)

/* ------------------------------------------------------------------ */
/* The tests                                                           */
/* ------------------------------------------------------------------ */

static void t_session(void)
{
	struct pollfd p = { .fd = mgm_event_fd(ca.s), .events = POLLIN };
	long t0;
	int r;

	EXPECT(p.fd >= 0, "mgm_event_fd: %s", ename(p.fd));
	EXPECT(poll(&p, 1, 0) == 0, "an idle event fd polls readable");
	r = mgm_dispatch(ca.s, 0);
	EXPECT(r == 0, "mgm_dispatch(0) on an idle session: %s", ename(r));
	t0 = now_ms();
	r = mgm_dispatch(ca.s, 300);
	t0 = now_ms() - t0;
	EXPECT(r == 0 && t0 >= 280 && t0 < 2000,
	       "mgm_dispatch(300) on an idle session: %s after %ld ms",
	       ename(r), t0);
	EXPECT(mgm_event_fd(NULL) == -EINVAL && mgm_dispatch(NULL, 0) == -EINVAL,
	       "NULL sessions are not refused with -EINVAL");
	EXPECT(mgm_monitor_fd(ca.s) == -EINVAL,
	       "mgm_monitor_fd before mgm_monitor_start: %s",
	       ename(mgm_monitor_fd(ca.s)));
	result("session: the idle event fd does not poll, mgm_dispatch() returns 0 at once or after its timeout, bad arguments give -EINVAL");
}

static void t_dispatch(void)
{
	struct pollfd p = { .fd = mgm_event_fd(ca.s), .events = POLLIN };
	int k, r, ok = 1;

	clear_logs();
	for (k = 1; k <= 3; k++)
		EXPECT(!(r = join(&cb, mgm_sg4(0, 0, GRP(k), 32), if2)),
		       "B joins (*,239.1.1.%d): %s", k, ename(r));
	EXPECT(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN),
	       "A's event fd is not readable after B's joins");
	r = mgm_dispatch(ca.s, 0);
	EXPECT(r == 3, "mgm_dispatch returned %s, want 3", ename(r));
	EXPECT(ca.n == 3, "A's callbacks ran %d times, want 3", ca.n);
	for (k = 0; k < ca.n && k < 3; k++) {
		const struct logent *e = &ca.log[k];

		ok &= e->type == MGM_CMD_JOIN_ALERT && !e->req_id &&
		      !e->sg.src_len && e->sg.grp_len == 32 &&
		      e->sg.grp.v4.s_addr == GRP(k + 1) &&
		      (!k || e->seq > ca.log[k - 1].seq);
	}
	EXPECT(ok, "A's log is not JoinAlert (*,239.1.1.1..3) in seq order");
	EXPECT(poll(&p, 1, 0) == 0, "A's event fd is still readable");
	EXPECT(cb.n == 0 && cc.n == 0, "B logged %d, C %d events, want none",
	       cb.n, cc.n);
	result("dispatch: B's 3 joins give A 3 join alerts from one mgm_dispatch(), in seq order, and nobody else anything");
}

/* Inject (S1, 239.1.1.n) on if1 and wait for the entry (B joined G). */
static struct mgm_mfe_info *first_packet(int n)
{
	struct mgm_mfe_info *mi;
	int r;

	r = inject(mgm_sg4(S1, 32, GRP(n), 32), if1);
	if (r) {
		fail_("inject: %s", ename(r));
		return NULL;
	}
	mi = await_mfe(mgm_sg4(S1, 32, GRP(n), 32));
	pump(100);
	return mi;
}

static void t_replies(void)
{
	struct mgm_sg sg4 = mgm_sg4(S4, 32, GRP(13), 32);
	struct mgm_mfe_info *mi;
	long t0;
	int r, n;

	NEED_INJECT("replies: RPF, creation and prune answers");
	clear_logs();
	/* B wants G1..G3 (t_dispatch), G4 and G5 on if2. */
	for (n = 4; n <= 5; n++)
		EXPECT(!(r = join(&cb, mgm_sg4(0, 0, GRP(n), 32), if2)),
		       "B joins (*,239.1.1.%d): %s", n, ename(r));
	clear_logs();

	ca.rpf_upstream = UP1;
	mi = first_packet(1);
	EXPECT(ca.n == 1 && ca.log[0].type == MGM_CMD_RPF_REQ &&
	       ca.log[0].req_id, "A's log: %d events, first type %d", ca.n,
	       ca.n ? ca.log[0].type : -1);
	EXPECT(ca.last_rpf.iif.ifindex == if1 &&
	       ca.last_rpf.arrival_ifindex == if1 &&
	       ca.last_rpf.route.ifindex == if1 &&
	       ca.last_rpf.route.dst_len == 24 &&
	       ca.last_rpf.route.dst.v4.s_addr == htonl(0x0a010100U),
	       "RPF proposal: iif %u arrival %u route %08x/%u via %u",
	       ca.last_rpf.iif.ifindex, ca.last_rpf.arrival_ifindex,
	       ntohl(ca.last_rpf.route.dst.v4.s_addr),
	       ca.last_rpf.route.dst_len, ca.last_rpf.route.ifindex);
	EXPECT(cb.n == 1 && cb.log[0].type == MGM_CMD_CREATION_REQ &&
	       cb.n_offer == 1 && cb.offer[0].ifc.ifindex == if2 &&
	       cb.offer[0].enabled && !cb.offer[0].igmp,
	       "B's log: %d events; offer of %u oifs", cb.n, cb.n_offer);
	EXPECT(mi && mi->iif.ifindex == if1 &&
	       mi->upstream.v4.s_addr == UP1 && mi->n_oifs == 1 &&
	       mi->oifs[0].ifc.ifindex == if2,
	       "entry: iif %u, upstream %08x, %u oifs",
	       mi ? mi->iif.ifindex : 0,
	       mi ? ntohl(mi->upstream.v4.s_addr) : 0, mi ? mi->n_oifs : 0);
	mgm_mfe_free(mi);
	result("replies: A answers the RPF request with upstream 10.1.1.2, B accepts its creation offer of if2: the entry is (if1, 10.1.1.2) -> if2");

	clear_logs();
	ca.rpf_iif = if3;
	mi = first_packet(2);
	EXPECT(mi && mi->iif.ifindex == if3 && mi->n_oifs == 1 &&
	       mi->oifs[0].ifc.ifindex == if2, "entry: iif %u, %u oifs",
	       mi ? mi->iif.ifindex : 0, mi ? mi->n_oifs : 0);
	mgm_mfe_free(mi);
	result("replies: A's RPF answer moves the incoming interface to if3");

	clear_logs();
	cb.veto = 1;
	ca.prune_timeout = 30;
	mi = first_packet(4);
	EXPECT(cb.n == 1 && cb.n_offer == 1, "B's log: %d events", cb.n);
	EXPECT(mi && mi->n_oifs == 0 && mi->timeout == 30,
	       "entry: %u oifs, timeout %u", mi ? mi->n_oifs : 0,
	       mi ? mi->timeout : 0);
	EXPECT(ca.n == 2 && ca.log[1].type == MGM_CMD_PRUNE_ALERT &&
	       ca.log[1].req_id && ca.prune_offer == saved_cfg.mfe_timeout,
	       "A's log: %d events; prune offered %u s", ca.n, ca.prune_offer);
	mgm_mfe_free(mi);
	result("replies: B vetoes if2: a negative entry, and A's prune answer sets its lifetime to 30 s");

	clear_logs();
	ca.rpf_refuse = 1;
	mi = first_packet(5);
	EXPECT(mi && mi->n_oifs == 0 && mi->iif.ifindex == if1,
	       "entry: %u oifs, iif %u", mi ? mi->n_oifs : 0,
	       mi ? mi->iif.ifindex : 0);
	EXPECT(cb.n == 0, "B logged %d events, want none", cb.n);
	mgm_mfe_free(mi);
	result("replies: A refuses the traffic (iif 0) B wants: a negative entry and no creation alert");

	/* C has no callbacks: nobody need dispatch for its entry. */
	clear_logs();
	r = inject(sg4, if4);
	EXPECT(!r, "inject on if4: %s", ename(r));
	mi = NULL;
	t0 = now_ms();
	while (mgm_mfe_get(adm, &sg4, &mi) && now_ms() - t0 < 2000)
		msleep(10);
	t0 = now_ms() - t0;
	EXPECT(mi && mi->iif.ifindex == if4 && !mi->n_oifs &&
	       mi->timeout == saved_cfg.mfe_timeout,
	       "no entry, or iif %u, %u oifs, timeout %u",
	       mi ? mi->iif.ifindex : 0, mi ? mi->n_oifs : 0,
	       mi ? mi->timeout : 0);
	EXPECT(t0 < 500, "the entry took %ld ms", t0);
	mgm_mfe_free(mi);
	pump(100);
	EXPECT(!ca.n && !cb.n, "A logged %d, B %d events, want none", ca.n,
	       cb.n);
	result("replies: C, without callbacks, gets the defaults at once: its RPF proposal and the default lifetime");
}

static void t_reentry(void)
{
	struct mgm_protocol_info pi;
	struct mgm_mfe_info *mi;
	struct client c2 = { .name = "A2" };
	int r, n;

	NEED_INJECT("re-entry: requests from an RPF callback");
	clear_logs();
	EXPECT(!(r = join(&cb, mgm_sg4(0, 0, GRP(6), 32), if2)),
	       "B joins (*,239.1.1.6): %s", ename(r));
	clear_logs();
	ca.re = RE_RPF_REQUESTS;
	ca.rpf_upstream = UP1;
	mi = first_packet(6);
	EXPECT(ca.re_calls == 1, "A's RPF callback ran %d times", ca.re_calls);
	EXPECT(!ca.re_ret[0] && !ca.re_ret[1],
	       "if_get %s, protocol_get %s from the callback",
	       ename(ca.re_ret[0]), ename(ca.re_ret[1]));
	EXPECT(ca.re_ret[2] == -ENOENT,
	       "mfe_get of the entry being decided: %s, want -ENOENT",
	       ename(ca.re_ret[2]));
	EXPECT(!ca.re_ret[3] && !ca.re_ret[4] && ca.re_ret[5] == -ENOENT,
	       "register %s, deregister %s, get after %s",
	       ename(ca.re_ret[3]), ename(ca.re_ret[4]), ename(ca.re_ret[5]));
	EXPECT(mi && mi->upstream.v4.s_addr == UP1 && mi->n_oifs == 1,
	       "the reply after the callback's requests was lost");
	mgm_mfe_free(mi);
	result("re-entry: an RPF callback looks up, registers and deregisters on its session; its answer still installs the entry");

	clear_logs();
	ca.re = RE_JOIN_DUMP;
	for (n = 7; n <= 8; n++)
		EXPECT(!(r = join(&cb, mgm_sg4(0, 0, GRP(n), 32), if2)),
		       "B joins (*,239.1.1.%d): %s", n, ename(r));
	r = pump(200);
	EXPECT(r == 2 && ca.n == 2 && ca.re_calls == 2,
	       "dispatched %d, A logged %d, dumped %d times", r, ca.n,
	       ca.re_calls);
	EXPECT(!ca.re_ret[0] && !ca.re_ret[1],
	       "dumps from the callback: %s, %s", ename(ca.re_ret[0]),
	       ename(ca.re_ret[1]));
	/* B has (*,239.1.1.1) to (*,239.1.1.8) by now. */
	EXPECT(ca.re_count == 8, "the dump saw %d (*,239.1.1.x), want 8",
	       ca.re_count);
	result("re-entry: a join-alert callback dumps the membership table while the next alert waits; both are dispatched");

	/* A protocol that deregisters itself from its first callback. */
	clear_logs();
	c2.s = ca.s;
	c2.re = RE_JOIN_DEREGISTER;
	r = mgm_protocol_register_cb(ca.s, 0x100, 2, &all_cbs, &c2, &c2.h);
	EXPECT(!r, "register A2: %s", ename(r));
	for (n = 9; n <= 10; n++)
		EXPECT(!(r = join(&cb, mgm_sg4(0, 0, GRP(n), 32), if2)),
		       "B joins (*,239.1.1.%d): %s", n, ename(r));
	pump(200);
	EXPECT(c2.n == 1 && !c2.re_ret[0],
	       "A2 logged %d events; its deregistration: %s", c2.n,
	       ename(c2.re_ret[0]));
	EXPECT(ca.n == 2, "A logged %d events, want its 2 join alerts", ca.n);
	r = mgm_protocol_get(adm, c2.h, &pi);
	EXPECT(r == -ENOENT, "A2 after deregistering: %s", ename(r));
	result("re-entry: a protocol deregisters itself from its callback: its later events are dropped, A's are not");
}

static void t_overflow(void)
{
	struct mgm_config cfg = saved_cfg;
	const int gen = 200;
	int k, r, bad = 0, joins = 0, sorted = 1, rcv = 1;

	clear_logs();
	cfg.max_backlog = 8;
	r = mgm_config_set(adm, &cfg, MGM_CONFIG_MAX_BACKLOG);
	EXPECT(!r, "config set max_backlog 8: %s", ename(r));
	/* The smallest socket buffer the kernel allows: a few events. */
	setsockopt(mgm_event_fd(ca.s), SOL_SOCKET, SO_RCVBUF, &rcv,
		   sizeof(rcv));
	for (k = 0; k < gen; k++) {
		r = join(&cb, mgm_sg4(0, 0, BULK(k), 32), if2);
		if (r && !bad++)
			fail_("join %d: %s", k, ename(r));
	}
	ca.re = RE_OVERFLOW_DUMP;
	pump(300);
	for (k = 0; k < ca.n; k++) {
		joins += ca.log[k].type == MGM_CMD_JOIN_ALERT;
		if (k && ca.log[k].seq <= ca.log[k - 1].seq)
			sorted = 0;
	}
	EXPECT(ca.re_calls >= 1 && ca.dropped_sum > 0,
	       "%d overflow callbacks, %u dropped", ca.re_calls,
	       ca.dropped_sum);
	EXPECT(joins + ca.dropped_sum == gen,
	       "%d join alerts + %u dropped != %d generated", joins,
	       ca.dropped_sum, gen);
	EXPECT(sorted, "A's events are not in seq order");
	result("overflow: A does not read while B causes %d join alerts: %d delivered, the overflow events count the other %u",
	       gen, joins, ca.dropped_sum);

	EXPECT(!ca.re_ret[(ca.re_calls - 1) & 7] && ca.re_count == gen,
	       "the resync dump: %s, %d bulk groups, want %d",
	       ename(ca.re_ret[(ca.re_calls - 1) & 7]), ca.re_count, gen);
	result("overflow: the overflow callback resynchronises with a membership dump that has all %d groups", gen);

	clear_logs();
	r = join(&cb, mgm_sg4(0, 0, BULK(gen), 32), if2);
	pump(200);
	EXPECT(!r && ca.n == 1 && ca.log[0].type == MGM_CMD_JOIN_ALERT,
	       "after the resync A logged %d events (first type %d)", ca.n,
	       ca.n ? ca.log[0].type : -1);
	result("overflow: after the resync the next alert arrives alone, without overflow");
	r = mgm_config_set(adm, &saved_cfg, MGM_CONFIG_MAX_BACKLOG);
	EXPECT(!r, "restore max_backlog: %s", ename(r));
	rcv = 212992;
	setsockopt(mgm_event_fd(ca.s), SOL_SOCKET, SO_RCVBUF, &rcv,
		   sizeof(rcv));
	for (k = 0; k <= gen; k++) {
		struct mgm_if f = mgm_if4(if2, 0);
		struct mgm_sg sg = mgm_sg4(0, 0, BULK(k), 32);

		mgm_member_del(cb.s, cb.h, &sg, &f, MGM_JOIN);
	}
	clear_logs();
}

/* Expect request @r to fail with @err and the kernel's text @msg. */
static void refused(struct mgm_session *s, const char *what, int r, int err,
		    const char *msg)
{
	const char *got = mgm_last_error(s);

	EXPECT(r == err && got && !strcmp(got, msg),
	       "%s: %s \"%s\", want %s \"%s\"", what, ename(r),
	       got ? got : "(null)", ename(err), msg);
}

static void t_errors(void)
{
	struct mgm_if nodev = mgm_if4(9999, 0), f1 = mgm_if4(if1, 0);
	struct mgm_if f2 = mgm_if4(if2, 0);
	struct mgm_sg sg;
	struct mgm_mfe_info *mi = NULL;
	struct mgm_config cfg;
	mgm_handle_t h;
	int r;

	r = mgm_protocol_register(cb.s, 0x100, 1, &h);
	refused(cb.s, "register (0x100,1) again", r, -EEXIST,
		"mgm: protocol instance (protocol id, component id) is already registered");
	r = mgm_protocol_deregister(cb.s, ca.h);
	refused(cb.s, "deregister A's handle from B's session", r, -EINVAL,
		"mgm: protocol handle belongs to another netlink socket");
	r = mgm_if_take(cb.s, cb.h, &nodev);
	refused(cb.s, "take ifindex 9999", r, -ENODEV, "mgm: no such interface in this network namespace");
	r = mgm_if_take(cb.s, cb.h, &f1);
	refused(cb.s, "take A's if1", r, -EEXIST,
		"mgm: interface is owned by another protocol");
	sg = mgm_sg4(S1, 32, 0, 0);
	r = mgm_member_add(cb.s, cb.h, &sg, &f2, MGM_JOIN);
	refused(cb.s, "join (S,*)", r, -EINVAL,
		"mgm: (S,*) memberships are not supported");
	sg = mgm_sg4(0, 0, htonl(0x0a000001U), 32);
	r = mgm_member_add(cb.s, cb.h, &sg, &f2, MGM_JOIN);
	refused(cb.s, "join (*,10.0.0.1)", r, -EINVAL,
		"mgm: group is not a multicast address");
	sg = mgm_sg4(S1, 32, GRP(99), 32);
	r = mgm_mfe_get(cb.s, &sg, &mi);
	refused(cb.s, "get a missing entry", r, -ENOENT,
		"mgm: no such forwarding entry");
	mgm_mfe_free(mi);
	r = mgm_config_get(cb.s, &cfg);
	EXPECT(!r && !mgm_last_error(cb.s),
	       "a successful request after a refused one: %s, text \"%s\"",
	       ename(r), mgm_last_error(cb.s) ? mgm_last_error(cb.s) : "");
	result("error texts: refused requests give the documented errno and the kernel's message; a successful one clears it");
}

/* The monitor: one copy per event, same sequence numbers and request ids. */
static int mon_log(const struct mgm_event *ev, void *arg)
{
	logev(arg, ev);
	return 0;
}

static void t_monitor(void)
{
	struct client mon = { .name = "monitor" };
	struct mgm_mfe_info *mi;
	int r, k, same;

	NEED_INJECT("monitor: copies of the requests");
	r = mgm_monitor_start(adm);
	EXPECT(!r && mgm_monitor_fd(adm) >= 0, "mgm_monitor_start: %s",
	       ename(r));
	EXPECT(!(r = join(&cb, mgm_sg4(0, 0, GRP(11), 32), if2)),
	       "B joins (*,239.1.1.11): %s", ename(r));
	clear_logs();
	while (mgm_monitor_read(adm, 100, mon_log, &mon) > 0)
		;
	mon.n = 0;
	mi = first_packet(11);
	mgm_mfe_free(mi);
	while (mgm_monitor_read(adm, 200, mon_log, &mon) > 0)
		;
	same = ca.n == 1 && cb.n == 1 && mon.n == 2;
	for (k = 0; same && k < 2; k++) {
		const struct logent *want = k ? &cb.log[0] : &ca.log[0];

		same = mon.log[k].type == want->type &&
		       mon.log[k].seq == want->seq &&
		       mon.log[k].req_id == want->req_id && want->req_id;
	}
	EXPECT(same, "A logged %d, B %d, the monitor %d events, or they differ",
	       ca.n, cb.n, mon.n);
	result("monitor: it sees A's RPF request and B's creation alert with their sequence numbers and request ids");
}

static void t_close(void)
{
	struct mgm_protocol_info pi;
	struct mgm_if_info ii;
	struct mgm_sg after = mgm_sg4(0, 0, GRP(11), 32);
	struct mgm_if f4 = mgm_if4(if4, 0);
	int r, n = 0;

	r = join(&cc, mgm_sg4(0, 0, GRP(12), 32), if4);
	EXPECT(!r, "C joins (*,239.1.1.12) on if4: %s", ename(r));
	mgm_close(cc.s);
	cc.s = NULL;
	r = mgm_protocol_get(adm, cc.h, &pi);
	EXPECT(r == -ENOENT, "C's handle after close: %s", ename(r));
	r = mgm_if_get(adm, &f4, &ii);
	EXPECT(r == -ENOENT, "if4 after close: %s", ename(r));
	r = mgm_member_dump(adm, MGM_ENUM_TYPE_ANY_SOURCE, &after, count_grp,
			    &n);
	EXPECT(!r && n == 0, "groups after 239.1.1.11: %s, %d, want none",
	       ename(r), n);
	result("close: mgm_close() deregisters C and releases its interface and memberships");
}

/*
 * An entry too big for one netlink message: D takes if5 with 1000 next
 * hops (point-to-multipoint, no interfaces to create) and joins (*,G) on
 * each, so (S1,G) has 1000 oifs; dumps must deliver it whole, once.
 */
#define BIG 1000
#define NH(k)	htonl(0x0a050000U + (k))	/* 10.5.x.y */

struct big_seen {
	int records;		/* all records */
	int big;		/* records of the big entry */
	unsigned int n_oifs;	/* its oifs */
	int ordered;		/* keys ascending, its oifs as taken */
	struct mgm_sg last;
};

static int big_oifs_ok(const struct mgm_if *ifc, size_t stride,
		       unsigned int n)
{
	unsigned int k;

	for (k = 0; k < n; k++) {
		const struct mgm_if *f = (const void *)((const char *)ifc +
							k * stride);

		if (f->ifindex != if5 || f->nexthop.v4.s_addr != NH(k + 1))
			return 0;
	}
	return 1;
}

static void big_key(struct big_seen *b, const struct mgm_sg *sg,
		    const struct mgm_sg *big, const struct mgm_if *oifs,
		    size_t stride, unsigned int n)
{
	/* Group order, and no key twice in a row (a split entry's parts). */
	if (b->records && (ntohl(sg->grp.v4.s_addr) <
			   ntohl(b->last.grp.v4.s_addr) ||
			   !memcmp(&b->last, sg, sizeof(*sg))))
		b->ordered = 0;
	b->last = *sg;
	b->records++;
	if (memcmp(sg, big, sizeof(*sg)))
		return;
	b->big++;
	b->n_oifs = n;
	if (n != BIG || !big_oifs_ok(oifs, stride, n))
		b->ordered = 0;
}

static int big_mfe(const struct mgm_mfe_info *info, void *arg)
{
	struct mgm_sg big = mgm_sg4(S1, 32, GRP(20), 32);

	big_key(arg, &info->sg, &big, &info->oifs[0].ifc,
		sizeof(info->oifs[0]), info->n_oifs);
	return 0;
}

static int big_member(const struct mgm_member_info *info, void *arg)
{
	struct mgm_sg big = mgm_sg4(0, 0, GRP(20), 32);

	big_key(arg, &info->sg, &big, &info->oifs[0].ifc,
		sizeof(info->oifs[0]), info->n_oifs);
	return 0;
}

/* The keys a dump delivered, with each entry's number of oifs. */
#define KEYS_MAX 512

struct keys {
	struct mgm_sg sg[KEYS_MAX];
	unsigned int n_oifs[KEYS_MAX];
	int n;
};

static void keys_add(struct keys *k, const struct mgm_sg *sg, unsigned int n)
{
	if (k->n < KEYS_MAX) {
		k->sg[k->n] = *sg;
		k->n_oifs[k->n] = n;
	}
	k->n++;
}

static int keys_mfe(const struct mgm_mfe_info *info, void *arg)
{
	keys_add(arg, &info->sg, info->n_oifs);
	return 0;
}

static int keys_member(const struct mgm_member_info *info, void *arg)
{
	keys_add(arg, &info->sg, info->n_oifs);
	return 0;
}

/*
 * Page through a table @max entries at a time, each page resuming after
 * the last key of the one before; the pages must add up to @all.
 */
static int page_through(int type, uint32_t max, const struct keys *all)
{
	static struct keys page, got;
	const struct mgm_sg *after = NULL;
	int r, k, pages = 0;

	got.n = 0;
	do {
		page.n = 0;
		r = type < 0 ? mgm_mfe_dump_max(adm, after, max, keys_mfe, &page)
			     : mgm_member_dump_max(adm, type, after, max,
						   keys_member, &page);
		if (r || page.n > (int)max) {
			fail_("page %d: %s, %d entries (max %u)", pages,
			      ename(r), page.n, max);
			return 0;
		}
		for (k = 0; k < page.n; k++)
			keys_add(&got, &page.sg[k], page.n_oifs[k]);
		if (page.n)
			after = &got.sg[got.n - 1];
		pages++;
	} while (page.n && pages < 1000);
	if (got.n != all->n ||
	    memcmp(got.sg, all->sg, all->n * sizeof(all->sg[0])) ||
	    memcmp(got.n_oifs, all->n_oifs, all->n * sizeof(all->n_oifs[0]))) {
		fail_("%d pages of %u gave %d entries, the whole dump %d",
		      pages, max, got.n, all->n);
		return 0;
	}
	return pages;
}

static void t_split(void)
{
	struct mgm_sg sg = mgm_sg4(S1, 32, GRP(20), 32);
	struct mgm_sg w = mgm_sg4(0, 0, GRP(20), 32);
	struct big_seen b = { .ordered = 1 };
	struct mgm_session *s = NULL;
	struct mgm_mfe_info *mi = NULL;
	struct mgm_config cfg;
	mgm_handle_t h = 0;
	struct mgm_if f;
	int k, r, bad = 0;

	NEED_INJECT("split: an entry with 1000 oifs");
	r = mgm_open(&s);
	if (!r)
		r = mgm_protocol_register(s, 0x500, 1, &h);
	for (k = 1; !r && k <= BIG; k++) {
		f = mgm_if4(if5, NH(k));
		r = mgm_if_take(s, h, &f);
		if (!r)
			r = mgm_member_add(s, h, &w, &f, MGM_JOIN);
	}
	EXPECT(!r, "D: %s at next hop %d", ename(r), k - 1);
	clear_logs();
	mi = first_packet(20);
	EXPECT(mi && mi->n_oifs == BIG &&
	       big_oifs_ok(&mi->oifs[0].ifc, sizeof(mi->oifs[0]), mi->n_oifs),
	       "mgm_mfe_get: %u oifs, want the %d next hops of if5 in order",
	       mi ? mi->n_oifs : 0, BIG);
	mgm_mfe_free(mi);
	result("split: mgm_mfe_get() returns the entry with all %d oifs", BIG);

	r = mgm_config_get(adm, &cfg);
	bad = r;
	r = mgm_mfe_dump(adm, NULL, big_mfe, &b);
	EXPECT(!r && !bad && b.big == 1 && b.n_oifs == BIG && b.ordered &&
	       b.records == (int)cfg.mfes,
	       "mgm_mfe_dump: %s; %d records for %u entries, the big one %d times with %u oifs%s",
	       ename(r), b.records, cfg.mfes, b.big, b.n_oifs,
	       b.ordered ? "" : ", out of order");
	result("split: mgm_mfe_dump() delivers the %d-oif entry once, whole, among the others in order", BIG);

	memset(&b, 0, sizeof(b));
	b.ordered = 1;
	r = mgm_member_dump(adm, MGM_ENUM_TYPE_ALL_SOURCES, NULL, big_member,
			    &b);
	EXPECT(!r && b.big == 1 && b.n_oifs == BIG && b.ordered,
	       "mgm_member_dump: %s; %d records, (*,G) %d times with %u oifs%s",
	       ename(r), b.records, b.big, b.n_oifs,
	       b.ordered ? "" : ", out of order");
	result("split: mgm_member_dump() delivers the %d-interface membership once, whole", BIG);

	{
		static struct keys all;
		int types[] = { -1, MGM_ENUM_TYPE_ALL_SOURCES,
				MGM_ENUM_TYPE_ANY_SOURCE };
		int t, pages;

		for (t = 0; t < 3; t++) {
			all.n = 0;
			r = types[t] < 0 ?
			    mgm_mfe_dump(adm, NULL, keys_mfe, &all) :
			    mgm_member_dump(adm, types[t], NULL, keys_member,
					    &all);
			EXPECT(!r && all.n > 3 && all.n < KEYS_MAX,
			       "table %d: %s, %d entries", t, ename(r), all.n);
			pages = page_through(types[t], 3, &all);
			EXPECT(pages == (all.n + 2) / 3 + 1,
			       "table %d: %d pages of 3 for %d entries", t,
			       pages, all.n);
			EXPECT(page_through(types[t], 1, &all) == all.n + 1,
			       "table %d: pages of 1", t);
		}
		result("dump-max: paging through the entry, membership and group tables 3 and 1 at a time gives the whole dumps, the big entry whole");
	}

	mgm_close(s);
	clear_logs();
	mi = NULL;
	r = mgm_mfe_get(adm, &sg, &mi);
	EXPECT(!r && mi && !mi->n_oifs, "after D closed: %s, %u oifs",
	       ename(r), mi ? mi->n_oifs : 0);
	mgm_mfe_free(mi);
	result("split: when D's session closes its %d oifs leave the entry", BIG);
}


/* Sessions in several threads, one each, side by side. */
#define THREADS 4
#define ROUNDS 100

static void *worker(void *arg)
{
	intptr_t i = (intptr_t)arg, bad = 0;
	struct mgm_session *s;
	struct mgm_protocol_info pi;
	struct mgm_config cfg;
	mgm_handle_t h;
	int k, n;

	if (mgm_open(&s))
		return (void *)ROUNDS;
	for (k = 0; k < ROUNDS; k++) {
		int r[5];

		n = 0;
		r[0] = mgm_protocol_register(s, 0x600 + i, k, &h);
		r[1] = mgm_protocol_get(s, h, &pi);
		if (!r[1] && pi.component_id != (uint32_t)k)
			r[1] = -EBADE;
		r[2] = mgm_config_get(s, &cfg);
		r[3] = mgm_protocol_dump(s, count_proto, &n);
		if (!r[3] && n < 3)
			r[3] = -EBADE;
		r[4] = mgm_protocol_deregister(s, h);
		if (r[0] || r[1] || r[2] || r[3] || r[4]) {
			if (!bad)
				ktap_diag("thread %ld round %d: %s %s %s %s %s",
					  (long)i, k, ename(r[0]), ename(r[1]),
					  ename(r[2]), ename(r[3]), ename(r[4]));
			bad++;
		}
	}
	mgm_close(s);
	return (void *)bad;
}

static void t_threads(void)
{
	pthread_t t[THREADS];
	void *ret;
	intptr_t i, bad = 0;
	int n = 0;

	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i))
			bad += ROUNDS;
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], &ret);
		bad += (intptr_t)ret;
	}
	EXPECT(!bad, "%ld of %d rounds failed", (long)bad, THREADS * ROUNDS);
	mgm_protocol_dump(adm, count_proto, &n);
	EXPECT(n == 2, "%d protocols left, want A and B", n);
	result("threads: %d threads with a session each register, look up, dump and deregister %d times side by side",
	       THREADS, ROUNDS);
}

int main(void)
{
	int r;

	ktap_header();
	if1 = if_nametoindex("if1");
	if2 = if_nametoindex("if2");
	if3 = if_nametoindex("if3");
	if4 = if_nametoindex("if4");
	if5 = if_nametoindex("if5");
	if (!if1 || !if2 || !if3 || !if4 || !if5) {
		printf("Bail out! no interfaces if1..if5 (run mgm_native.sh)\n");
		return 1;
	}
	r = mgm_open(&adm);
	if (!r)
		r = mgm_config_get(adm, &saved_cfg);
	if (!r)
		r = client_open(&ca, 0x100, &all_cbs, if1, if3);
	if (!r)
		r = client_open(&cb, 0x200, &all_cbs, if2, 0);
	if (!r)
		r = client_open(&cc, 0x300, NULL, if4, 0);
	if (r) {
		printf("Bail out! cannot set up the protocols: %s\n", ename(r));
		return 1;
	}
	/* Only tells whether the test hook exists: the group is unicast. */
	inject(mgm_sg4(S1, 32, htonl(0x0a000001U), 32), if1);

	clear_logs();
	t_session();
	t_dispatch();
	t_replies();
	t_reentry();
	t_overflow();
	t_errors();
	t_monitor();
	t_close();
	t_split();
	t_threads();

	mgm_close(ca.s);
	mgm_close(cb.s);
	mgm_close(adm);
	return ktap_finish();
}
