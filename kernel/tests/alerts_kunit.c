// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the alert rules and the outgoing-interface computations
 * of mgm (spec §1.4, §4.3-§4.7, §5.10, §6.3-§6.6) on the common fixture
 * of the acceptance scenarios (spec §8.0).  Cases are named after the
 * scenarios they cover: mgm_s<n>_... covers scenario n.
 *
 * Each case runs on a private MGM instance without namespace or sockets:
 * the FIB lookup is replaced by the fixture's two routes, events are
 * recorded by &mgm_net.event_hook instead of being sent, packets enter
 * through mgm_rx() and time moves with &mgm_net.time_skew.  Every step
 * checks the exact list of events it caused, in generation order, with
 * consecutive sequence numbers; where the spec orders events only per
 * recipient, the lists are compared per recipient.
 */

#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/stdarg.h>
#include <uapi/linux/mgm.h>

#include "../mgm.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define IP4(a, b, c, d)							\
	cpu_to_be32(((u32)(a) << 24) | ((u32)(b) << 16) |		\
		    ((u32)(c) << 8) | (u32)(d))

/* The fixture of spec §8.0. */
#define S1		IP4(10, 1, 1, 10)	/* via if1, gateway GW1 */
#define GW1		IP4(10, 1, 1, 1)
#define NET1		IP4(10, 1, 1, 0)
#define S2		IP4(10, 2, 2, 20)	/* via if2, gateway GW2 */
#define GW2		IP4(10, 2, 2, 1)
#define NET2		IP4(10, 2, 2, 0)
#define S_NR		IP4(203, 0, 113, 9)	/* no route */
#define G1		IP4(239, 1, 1, 1)
#define G2		IP4(239, 1, 1, 2)
#define G3		IP4(239, 1, 1, 3)
#define G_LL		IP4(224, 0, 0, 5)	/* link-local */

#define PORT_A		1001
#define PORT_B		1002
#define PORT_C		1003
#define PORT_IGMP	1004
#define PORT_X		1005

#define PKT_LEN		100

#define ALL_CB	(MGM_CB_RPF | MGM_CB_CREATION_ALERT | MGM_CB_PRUNE_ALERT |	\
		 MGM_CB_JOIN_ALERT | MGM_CB_WRONG_IF | MGM_CB_LOCAL_JOIN |	\
		 MGM_CB_LOCAL_LEAVE | MGM_CB_DISABLE_IGMP |			\
		 MGM_CB_ENABLE_IGMP | MGM_CB_IF_GONE)

#define SG_INIT(s, sl, g, gl)						\
	{ .src.ip4 = (s), .src_len = (sl), .grp.ip4 = (g),		\
	  .grp_len = (gl), .family = AF_INET }

static const struct mgm_sg x_x = SG_INIT(0, 0, 0, 0);
static const struct mgm_sg x_g1 = SG_INIT(0, 0, G1, 32);
static const struct mgm_sg x_g2 = SG_INIT(0, 0, G2, 32);
static const struct mgm_sg x_g3 = SG_INIT(0, 0, G3, 32);
static const struct mgm_sg x_ll = SG_INIT(0, 0, G_LL, 32);
static const struct mgm_sg s1_g1 = SG_INIT(S1, 32, G1, 32);
static const struct mgm_sg s1_g2 = SG_INIT(S1, 32, G2, 32);
static const struct mgm_sg s1_g3 = SG_INIT(S1, 32, G3, 32);
static const struct mgm_sg s1_ll = SG_INIT(S1, 32, G_LL, 32);
static const struct mgm_sg s2_g1 = SG_INIT(S2, 32, G1, 32);
static const struct mgm_sg s2_g3 = SG_INIT(S2, 32, G3, 32);
static const struct mgm_sg nr_g1 = SG_INIT(S_NR, 32, G1, 32);
static const struct mgm_sg nr_g2 = SG_INIT(S_NR, 32, G2, 32);

static const struct mgm_ifkey if0 = { .ifindex = 0 };
static const struct mgm_ifkey if1 = { .ifindex = 1 };
static const struct mgm_ifkey if2 = { .ifindex = 2 };
static const struct mgm_ifkey if3 = { .ifindex = 3 };
static const struct mgm_ifkey if4 = { .ifindex = 4 };
static const struct mgm_ifkey if5 = { .ifindex = 5 };
static const struct mgm_ifkey if4_nh1 = {
	.ifindex = 4, .nh.ip4 = IP4(192, 0, 2, 1),
};

static const struct mgm_ifkey if4_nh2 = {
	.ifindex = 4, .nh.ip4 = IP4(192, 0, 2, 2),
};

/* What the forwarding code captures of a packet: an IPv4 header, a bit more. */
static const u8 pkt_hdr[28] = {
	0x45, 0x00, 0x00, PKT_LEN, 0x12, 0x34, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 10, 1, 1, 10,
	239, 1, 1, 1, 0x30, 0x39, 0x30, 0x39,
	0x00, 0x50, 0x00, 0x00,
};

#define LOG_MAX		48
#define EXP_MAX		16
#define OIF_MAX		6

/*
 * An event as the hook saw it, copied (the pointers of &struct mgm_event
 * are valid only during the hook), or an expected event: then the has_*
 * flags say which fields are checked.
 */
struct rec_ev {
	struct mgm_protocol *to;
	u64 seq;
	u64 req_id;
	struct mgm_sg sg;
	struct mgm_ifkey ifk;
	struct mgm_ifkey iif;
	union mgm_addr upstream;
	struct mgm_route route;
	struct mgm_ev_oif oifs[OIF_MAX];
	u32 nr_oifs;
	u32 in_ifindex;
	u32 timeout;
	u32 hdr_len;
	int member_update;
	u8 cmd;
	bool has_sg;
	bool has_ifk;
	bool has_iif;
	bool has_upstream;
	bool has_route;
	bool has_oifs;
	bool has_in;
	bool has_timeout;
	u8 hdr[MGM_HDR_MAX];
};

/* A copy of an MFE taken under the lock. */
struct mfe_snap {
	struct mgm_ifkey iif;
	struct mgm_ifkey oif[OIF_MAX];
	union mgm_addr upstream;
	struct mgm_mfe_stats stats;
	unsigned long created;
	unsigned long expires;
	unsigned long now;
	u32 iif_proto_id;
	u32 timeout;
	u32 nr;
	bool found;
};

struct alerts_ctx {
	struct mgm_net mn;
	struct mgm_protocol *a;
	struct mgm_protocol *b;
	struct mgm_protocol *c;
	struct mgm_protocol *igmp;
	u64 last_seq;
	unsigned int n;		/* events in @log */
	unsigned int lost;	/* events that did not fit */
	unsigned int nexp;	/* events in @exp */
	unsigned int ngot;	/* events in @got */
	struct rec_ev log[LOG_MAX];
	struct rec_ev exp[EXP_MAX];
	struct rec_ev got[LOG_MAX];	/* what the last check saw */
	struct mfe_snap snap;
};

/* IPv4 only: the rest of the unions is not compared. */
static bool sg_eq(const struct mgm_sg *a, const struct mgm_sg *b)
{
	return a->family == b->family && a->src_len == b->src_len &&
	       a->grp_len == b->grp_len && a->src.ip4 == b->src.ip4 &&
	       a->grp.ip4 == b->grp.ip4;
}

static bool ifk_eq(const struct mgm_ifkey *a, const struct mgm_ifkey *b)
{
	return a->ifindex == b->ifindex && a->nh.ip4 == b->nh.ip4;
}

/* --- the fixture's seams ------------------------------------------------ */

static void rpf_fill(struct mgm_rpf *rpf, u32 ifindex, __be32 gw, __be32 net)
{
	rpf->ifindex = ifindex;
	rpf->gateway.ip4 = gw;
	rpf->route.dst.ip4 = net;
	rpf->route.dst_len = 24;
	rpf->route.gateway.ip4 = gw;
	rpf->route.ifindex = ifindex;
	rpf->route.proto_id = RTPROT_STATIC;
	rpf->route.table = RT_TABLE_MAIN;
}

/* The multicast view of spec §8.0: S1 via if1, S2 via if2, nothing else. */
static bool rpf_fixture(struct mgm_net *mn, const struct mgm_sg *sg,
			struct mgm_rpf *rpf)
{
	memset(rpf, 0, sizeof(*rpf));
	if (sg->family != AF_INET)
		return false;
	if (sg->src.ip4 == S1) {
		rpf_fill(rpf, 1, GW1, NET1);
		return true;
	}
	if (sg->src.ip4 == S2) {
		rpf_fill(rpf, 2, GW2, NET2);
		return true;
	}
	return false;
}

static void rec_hook(struct mgm_net *mn, struct mgm_protocol *to,
		     const struct mgm_event *ev)
{
	struct alerts_ctx *ctx = container_of(mn, struct alerts_ctx, mn);
	struct rec_ev *r;

	lockdep_assert_held(&mn->lock);
	if (ctx->n >= LOG_MAX) {
		ctx->lost++;
		return;
	}
	r = &ctx->log[ctx->n++];
	memset(r, 0, sizeof(*r));
	r->to = to;
	r->cmd = ev->cmd;
	r->seq = ev->seq;
	r->req_id = ev->req_id;
	if (ev->sg) {
		r->has_sg = true;
		r->sg = *ev->sg;
	}
	if (ev->ifk) {
		r->has_ifk = true;
		r->ifk = *ev->ifk;
	}
	if (ev->iif) {
		r->has_iif = true;
		r->iif = *ev->iif;
	}
	if (ev->upstream) {
		r->has_upstream = true;
		r->upstream = *ev->upstream;
	}
	if (ev->route) {
		r->has_route = true;
		r->route = *ev->route;
	}
	if (ev->oifs) {
		r->has_oifs = true;
		memcpy(r->oifs, ev->oifs,
		       min_t(u32, ev->nr_oifs, OIF_MAX) * sizeof(r->oifs[0]));
	}
	r->nr_oifs = ev->nr_oifs;
	r->in_ifindex = ev->in_ifindex;
	r->member_update = ev->member_update;
	r->timeout = ev->timeout;
	r->hdr_len = ev->hdr_len;
	if (ev->hdr)
		memcpy(r->hdr, ev->hdr, min_t(u32, ev->hdr_len, MGM_HDR_MAX));
}

static void alerts_state_exit(void *mn)
{
	mgm_net_state_destroy(mn);
}

static struct mgm_protocol *reg(struct kunit *test, u32 proto_id,
				u32 component_id, u32 portid)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_protocol *p;

	mutex_lock(&ctx->mn.lock);
	p = mgm_proto_register(&ctx->mn, proto_id, component_id, portid, NULL);
	if (!IS_ERR_OR_NULL(p))
		p->cb_mask = ALL_CB;
	mutex_unlock(&ctx->mn.lock);
	return p;
}

/* --- calls, each under the lock --------------------------------------- */

static int take(struct kunit *test, struct mgm_protocol *p,
		const struct mgm_ifkey *k)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_if_take(&ctx->mn, p, k, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static int release(struct kunit *test, struct mgm_protocol *p,
		   const struct mgm_ifkey *k)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_if_release(&ctx->mn, p, k, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static int member(struct kunit *test, bool add, struct mgm_protocol *p,
		  const struct mgm_sg *sg, const struct mgm_ifkey *k,
		  u32 flags)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	if (add)
		ret = mgm_member_add(&ctx->mn, p, sg, k, flags, NULL);
	else
		ret = mgm_member_del(&ctx->mn, p, sg, k, flags, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static int join(struct kunit *test, struct mgm_protocol *p,
		const struct mgm_sg *sg, const struct mgm_ifkey *k)
{
	return member(test, true, p, sg, k, MGM_MEMBER_FLAGS_JOIN);
}

static int leave(struct kunit *test, struct mgm_protocol *p,
		 const struct mgm_sg *sg, const struct mgm_ifkey *k)
{
	return member(test, false, p, sg, k, MGM_MEMBER_FLAGS_JOIN);
}

static int deregister(struct kunit *test, struct mgm_protocol *p)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_proto_deregister(&ctx->mn, p, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static void kill(struct kunit *test, struct mgm_protocol *p)
{
	struct alerts_ctx *ctx = test->priv;

	mutex_lock(&ctx->mn.lock);
	mgm_proto_kill(&ctx->mn, p);
	mutex_unlock(&ctx->mn.lock);
}

static struct mgm_protocol *find(struct kunit *test, u64 handle)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_protocol *p;

	mutex_lock(&ctx->mn.lock);
	p = mgm_proto_find(&ctx->mn, handle);
	mutex_unlock(&ctx->mn.lock);
	return p;
}

static struct mgm_protocol *lookup(struct kunit *test, u64 handle, u32 portid)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_protocol *p;

	mutex_lock(&ctx->mn.lock);
	p = mgm_proto_lookup(&ctx->mn, handle, portid, NULL);
	mutex_unlock(&ctx->mn.lock);
	return p;
}

static struct mgm_protocol *owner_of(struct kunit *test,
				     const struct mgm_ifkey *k)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_protocol *p;

	mutex_lock(&ctx->mn.lock);
	p = mgm_if_owner_of(&ctx->mn, k);
	mutex_unlock(&ctx->mn.lock);
	return p;
}

static struct mgm_protocol *igmp_of(struct kunit *test,
				    const struct mgm_ifkey *k)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_iface *ifc;
	struct mgm_protocol *p;

	mutex_lock(&ctx->mn.lock);
	ifc = mgm_if_find(&ctx->mn, k);
	p = ifc ? ifc->igmp : NULL;
	mutex_unlock(&ctx->mn.lock);
	return p;
}

static bool if_known(struct kunit *test, const struct mgm_ifkey *k)
{
	struct alerts_ctx *ctx = test->priv;
	bool known;

	mutex_lock(&ctx->mn.lock);
	known = mgm_if_find(&ctx->mn, k);
	mutex_unlock(&ctx->mn.lock);
	return known;
}

static bool member_exists(struct kunit *test, const struct mgm_sg *sg)
{
	struct alerts_ctx *ctx = test->priv;
	bool found;

	mutex_lock(&ctx->mn.lock);
	found = mgm_member_find(&ctx->mn, sg);
	mutex_unlock(&ctx->mn.lock);
	return found;
}

/* Who added interface @k to entry @sg (MGM_OIF_BY_* bits), 0 if nobody. */
static u8 member_by(struct kunit *test, const struct mgm_sg *sg,
		    const struct mgm_ifkey *k)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_member_oif *o;
	struct mgm_member *m;
	u8 by = 0;

	mutex_lock(&ctx->mn.lock);
	m = mgm_member_find(&ctx->mn, sg);
	if (m)
		list_for_each_entry(o, &m->oifs, node)
			if (ifk_eq(&o->key, k))
				by = o->by;
	mutex_unlock(&ctx->mn.lock);
	return by;
}

/* One packet of @sg arriving on interface @ifindex. */
static int rx(struct kunit *test, const struct mgm_sg *sg, u32 ifindex)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_pkt pkt = {
		.sg = *sg,
		.in = { .ifindex = ifindex },
		.len = PKT_LEN,
		.ttl = 64,
		.hdr = pkt_hdr,
		.hdr_len = sizeof(pkt_hdr),
	};
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_rx(&ctx->mn, &pkt);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

/* Answers RPF request @req, keeping what it proposed unless @iif is given. */
static int reply_rpf(struct kunit *test, struct mgm_protocol *p,
		     const struct rec_ev *req, const struct mgm_ifkey *iif)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_cb_reply_rpf(&ctx->mn, p, req->req_id, iif ?: &req->iif,
			       &req->upstream,
			       req->has_route ? &req->route : NULL, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static int reply_creation(struct kunit *test, struct mgm_protocol *p,
			  u64 req_id, const struct mgm_ifkey *disabled,
			  u32 nr_disabled)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_cb_reply_creation(&ctx->mn, p, req_id, disabled,
				    nr_disabled, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static int reply_prune(struct kunit *test, struct mgm_protocol *p,
		       u64 req_id, u32 timeout)
{
	struct alerts_ctx *ctx = test->priv;
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_cb_reply_prune(&ctx->mn, p, req_id, timeout, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static int set_mfe(struct kunit *test, const struct mgm_sg *sg,
		   __be32 upstream, const u32 *timeout)
{
	struct alerts_ctx *ctx = test->priv;
	union mgm_addr up = { .ip4 = upstream };
	int ret;

	mutex_lock(&ctx->mn.lock);
	ret = mgm_mfe_set(&ctx->mn, sg, &up, timeout, NULL);
	mutex_unlock(&ctx->mn.lock);
	return ret;
}

static void if_gone(struct kunit *test, u32 ifindex)
{
	struct alerts_ctx *ctx = test->priv;

	mutex_lock(&ctx->mn.lock);
	mgm_if_gone(&ctx->mn, ifindex);
	mutex_unlock(&ctx->mn.lock);
}

/* Moves time forward by @ms, running the timers every @step ms. */
static void advance(struct kunit *test, unsigned int ms, unsigned int step)
{
	struct alerts_ctx *ctx = test->priv;
	unsigned int done, d;

	for (done = 0; done < ms; done += d) {
		d = min(step, ms - done);
		mutex_lock(&ctx->mn.lock);
		ctx->mn.time_skew += msecs_to_jiffies(d);
		mgm_timers_run(&ctx->mn);
		mutex_unlock(&ctx->mn.lock);
	}
}

/* Lets every outstanding request time out. */
static void timeout_requests(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mutex_lock(&ctx->mn.lock);
	ctx->mn.time_skew += msecs_to_jiffies(ctx->mn.cb_timeout) + 1;
	mgm_timers_run(&ctx->mn);
	mutex_unlock(&ctx->mn.lock);
}

static const struct mfe_snap *mfe(struct kunit *test, const struct mgm_sg *sg)
{
	struct alerts_ctx *ctx = test->priv;
	struct mfe_snap *s = &ctx->snap;
	const struct mgm_oifs *oifs;
	struct mgm_mfe *m;

	memset(s, 0, sizeof(*s));
	mutex_lock(&ctx->mn.lock);
	s->now = mgm_now(&ctx->mn);
	m = mgm_mfe_find(&ctx->mn, sg);
	if (m) {
		s->found = true;
		s->iif = m->iif;
		s->iif_proto_id = m->iif_proto_id;
		s->upstream = m->upstream;
		s->stats = m->stats;
		s->created = m->created;
		s->expires = m->expires;
		s->timeout = m->timeout;
		oifs = mgm_mfe_oifs(m);
		KUNIT_EXPECT_NOT_NULL(test, oifs);
		if (oifs) {
			s->nr = oifs->nr;
			memcpy(s->oif, oifs->oif,
			       min_t(u32, oifs->nr, OIF_MAX) * sizeof(s->oif[0]));
		}
	}
	mutex_unlock(&ctx->mn.lock);
	return s;
}

/* --- event expectations ------------------------------------------------ */

static const char *proto_name(struct alerts_ctx *ctx, struct mgm_protocol *p)
{
	if (!p)
		return "-";
	if (p == ctx->a)
		return "A";
	if (p == ctx->b)
		return "B";
	if (p == ctx->c)
		return "C";
	if (p == ctx->igmp)
		return "IGMP";
	return "?";
}

static const char *cmd_name(u8 cmd)
{
	switch (cmd) {
	case MGM_CMD_RPF_REQ:		return "RPF_REQ";
	case MGM_CMD_CREATION_REQ:	return "CREATION_REQ";
	case MGM_CMD_JOIN_ALERT:	return "JOIN_ALERT";
	case MGM_CMD_PRUNE_ALERT:	return "PRUNE_ALERT";
	case MGM_CMD_LOCAL_JOIN:	return "LOCAL_JOIN";
	case MGM_CMD_LOCAL_LEAVE:	return "LOCAL_LEAVE";
	case MGM_CMD_WRONG_IF:		return "WRONG_IF";
	case MGM_CMD_DISABLE_IGMP:	return "DISABLE_IGMP";
	case MGM_CMD_ENABLE_IGMP:	return "ENABLE_IGMP";
	case MGM_CMD_IF_GONE:		return "IF_GONE";
	case MGM_CMD_OVERFLOW:		return "OVERFLOW";
	default:			return "unknown";
	}
}

static void ev_print(struct kunit *test, const char *what, unsigned int i,
		     const struct rec_ev *r, bool recorded)
{
	struct alerts_ctx *ctx = test->priv;
	char buf[224];
	int len;
	u32 j;

	len = scnprintf(buf, sizeof(buf), "%s %s", proto_name(ctx, r->to),
			cmd_name(r->cmd));
	if (r->has_sg)
		len += scnprintf(buf + len, sizeof(buf) - len,
				 " (%pI4/%u,%pI4/%u)", &r->sg.src.ip4,
				 r->sg.src_len, &r->sg.grp.ip4, r->sg.grp_len);
	if (r->has_ifk)
		len += scnprintf(buf + len, sizeof(buf) - len, " if=%u/%pI4",
				 r->ifk.ifindex, &r->ifk.nh.ip4);
	if (r->has_iif)
		len += scnprintf(buf + len, sizeof(buf) - len, " iif=%u/%pI4",
				 r->iif.ifindex, &r->iif.nh.ip4);
	if (r->member_update >= 0)
		len += scnprintf(buf + len, sizeof(buf) - len,
				 " member_update=%d", r->member_update);
	if (r->cmd == MGM_CMD_PRUNE_ALERT)
		len += scnprintf(buf + len, sizeof(buf) - len, " timeout=%u",
				 r->timeout);
	if (r->has_oifs || r->nr_oifs) {
		len += scnprintf(buf + len, sizeof(buf) - len, " oifs=%u:",
				 r->nr_oifs);
		for (j = 0; j < min_t(u32, r->nr_oifs, OIF_MAX); j++)
			len += scnprintf(buf + len, sizeof(buf) - len,
					 " %u%s", r->oifs[j].key.ifindex,
					 r->oifs[j].igmp ? "+igmp" : "");
	}
	if (recorded)
		len += scnprintf(buf + len, sizeof(buf) - len,
				 " seq=%llu req_id=%llu", r->seq, r->req_id);
	kunit_info(test, "  %s[%u] %s\n", what, i, buf);
}

/* Does recorded event @r have what expected event @e asks for? */
static bool ev_match(const struct rec_ev *e, const struct rec_ev *r)
{
	u32 i;

	if (e->to != r->to || e->cmd != r->cmd ||
	    e->member_update != r->member_update)
		return false;
	if (e->has_sg && (!r->has_sg || !sg_eq(&e->sg, &r->sg)))
		return false;
	if (e->has_ifk && (!r->has_ifk || !ifk_eq(&e->ifk, &r->ifk)))
		return false;
	if (e->has_iif && (!r->has_iif || !ifk_eq(&e->iif, &r->iif)))
		return false;
	/* No upstream neighbour and neighbour 0 say the same. */
	if (e->has_upstream &&
	    e->upstream.ip4 != (r->has_upstream ? r->upstream.ip4 : 0))
		return false;
	if (e->has_in && e->in_ifindex != r->in_ifindex)
		return false;
	if (e->has_timeout && e->timeout != r->timeout)
		return false;
	if (e->has_oifs) {
		if (e->nr_oifs != r->nr_oifs)
			return false;
		for (i = 0; i < e->nr_oifs; i++)
			if (!ifk_eq(&e->oifs[i].key, &r->oifs[i].key) ||
			    e->oifs[i].igmp != r->oifs[i].igmp)
				return false;
	}
	return true;
}

/* The @k-th (from 0) of @n events in @evs sent to @to, or NULL. */
static const struct rec_ev *nth_to(const struct rec_ev *evs, unsigned int n,
				   struct mgm_protocol *to, unsigned int k)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (evs[i].to == to && !k--)
			return &evs[i];
	return NULL;
}

static bool match_per_recipient(struct alerts_ctx *ctx)
{
	const struct rec_ev *r;
	unsigned int i, j, k;

	for (i = 0; i < ctx->nexp; i++) {
		for (j = 0, k = 0; j < i; j++)
			if (ctx->exp[j].to == ctx->exp[i].to)
				k++;
		r = nth_to(ctx->log, ctx->n, ctx->exp[i].to, k);
		if (!r || !ev_match(&ctx->exp[i], r))
			return false;
	}
	return true;
}

static bool match_in_order(struct alerts_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->nexp; i++)
		if (!ev_match(&ctx->exp[i], &ctx->log[i]))
			return false;
	return true;
}

enum check_mode {
	CHECK_ORDER,		/* the exact list, in order */
	CHECK_PER_RECIPIENT,	/* the exact list, in order per recipient */
	CHECK_NONE,		/* only sequence numbers and request ids */
};

/*
 * Compares the events logged since the last check with those expected,
 * then moves them to &alerts_ctx.got (see got()) and starts afresh.
 * Whatever the mode, sequence numbers must follow on from the previous
 * event and exactly the requests must carry a request id.
 */
static void __check_events(struct kunit *test, int line, enum check_mode mode)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;
	unsigned int i;
	bool ok, req;

	for (i = 0; i < ctx->n; i++) {
		r = &ctx->log[i];
		if (r->seq != ctx->last_seq + 1)
			KUNIT_FAIL(test, "line %d: event %u has seq %llu, expected %llu",
				   line, i, r->seq, ctx->last_seq + 1);
		ctx->last_seq = r->seq;
		req = r->cmd == MGM_CMD_RPF_REQ ||
		      r->cmd == MGM_CMD_CREATION_REQ ||
		      (r->cmd == MGM_CMD_PRUNE_ALERT && !r->member_update);
		if (req != !!r->req_id)
			KUNIT_FAIL(test, "line %d: event %u (%s) %s a request id",
				   line, i, cmd_name(r->cmd),
				   req ? "lacks" : "has");
	}

	if (mode == CHECK_NONE)
		ok = !ctx->lost;
	else if (ctx->n != ctx->nexp || ctx->lost)
		ok = false;
	else if (mode == CHECK_PER_RECIPIENT)
		ok = match_per_recipient(ctx);
	else
		ok = match_in_order(ctx);
	if (!ok) {
		KUNIT_FAIL(test, "line %d: unexpected events (%u expected, %u logged, %u lost)",
			   line, ctx->nexp, ctx->n, ctx->lost);
		for (i = 0; i < ctx->nexp; i++)
			ev_print(test, "expected", i, &ctx->exp[i], false);
		for (i = 0; i < ctx->n; i++)
			ev_print(test, "logged", i, &ctx->log[i], true);
	}

	memcpy(ctx->got, ctx->log, ctx->n * sizeof(ctx->log[0]));
	ctx->ngot = ctx->n;
	ctx->n = 0;
	ctx->nexp = 0;
	ctx->lost = 0;
}

#define check_events(test)	__check_events(test, __LINE__, CHECK_ORDER)
#define check_events_per_recipient(test)				\
	__check_events(test, __LINE__, CHECK_PER_RECIPIENT)
#define settle_events(test)	__check_events(test, __LINE__, CHECK_NONE)

/* Event @i of those the last check saw. */
static const struct rec_ev *got(struct kunit *test, unsigned int i)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_LT(test, i, ctx->ngot);
	return &ctx->got[i];
}

static struct rec_ev *exp_ev(struct kunit *test, struct mgm_protocol *to,
			     u8 cmd)
{
	struct alerts_ctx *ctx = test->priv;
	struct rec_ev *e;

	KUNIT_ASSERT_LT(test, ctx->nexp, EXP_MAX);
	e = &ctx->exp[ctx->nexp++];
	memset(e, 0, sizeof(*e));
	e->to = to;
	e->cmd = cmd;
	e->member_update = -1;
	return e;
}

static void exp_sg(struct rec_ev *e, const struct mgm_sg *sg)
{
	e->has_sg = true;
	e->sg = *sg;
}

static void exp_ifk(struct rec_ev *e, const struct mgm_ifkey *k)
{
	e->has_ifk = true;
	e->ifk = *k;
}

/* JoinAlert(sg, member_update) to @to; join alerts name no interface. */
static void exp_join(struct kunit *test, struct mgm_protocol *to,
		     const struct mgm_sg *sg, int member_update)
{
	struct rec_ev *e = exp_ev(test, to, MGM_CMD_JOIN_ALERT);

	exp_sg(e, sg);
	e->member_update = member_update;
}

/* PruneAlert(sg, k, member_update), timeout preset to the default (§4.7). */
static void exp_prune(struct kunit *test, struct mgm_protocol *to,
		      const struct mgm_sg *sg, const struct mgm_ifkey *k,
		      int member_update)
{
	struct alerts_ctx *ctx = test->priv;
	struct rec_ev *e = exp_ev(test, to, MGM_CMD_PRUNE_ALERT);

	exp_sg(e, sg);
	exp_ifk(e, k);
	e->member_update = member_update;
	e->has_timeout = true;
	e->timeout = ctx->mn.mfe_timeout;
}

/* LocalJoin / LocalLeave(sg, k). */
static void exp_local(struct kunit *test, struct mgm_protocol *to, u8 cmd,
		      const struct mgm_sg *sg, const struct mgm_ifkey *k)
{
	struct rec_ev *e = exp_ev(test, to, cmd);

	exp_sg(e, sg);
	exp_ifk(e, k);
}

/* Disable, Enable or IfGone for interface @k. */
static void exp_if(struct kunit *test, struct mgm_protocol *to, u8 cmd,
		   const struct mgm_ifkey *k)
{
	exp_ifk(exp_ev(test, to, cmd), k);
}

static void exp_rpf(struct kunit *test, struct mgm_protocol *to,
		    const struct mgm_sg *sg, const struct mgm_ifkey *iif,
		    u32 in_ifindex, __be32 upstream)
{
	struct rec_ev *e = exp_ev(test, to, MGM_CMD_RPF_REQ);

	exp_sg(e, sg);
	e->has_iif = true;
	e->iif = *iif;
	e->has_in = true;
	e->in_ifindex = in_ifindex;
	e->has_upstream = true;
	e->upstream.ip4 = upstream;
}

/* A creation request; list the offered interfaces with exp_oif(). */
static void exp_creation(struct kunit *test, struct mgm_protocol *to,
			 const struct mgm_sg *sg, const struct mgm_ifkey *iif)
{
	struct rec_ev *e = exp_ev(test, to, MGM_CMD_CREATION_REQ);

	exp_sg(e, sg);
	e->has_iif = true;
	e->iif = *iif;
	e->has_oifs = true;
}

static void exp_oif(struct kunit *test, u32 ifindex, bool igmp)
{
	struct alerts_ctx *ctx = test->priv;
	struct rec_ev *e;

	KUNIT_ASSERT_GT(test, ctx->nexp, 0U);
	e = &ctx->exp[ctx->nexp - 1];
	KUNIT_ASSERT_LT(test, e->nr_oifs, (u32)OIF_MAX);
	e->oifs[e->nr_oifs].key.ifindex = ifindex;
	e->oifs[e->nr_oifs].igmp = igmp;
	e->nr_oifs++;
}

static void exp_wrong_if(struct kunit *test, struct mgm_protocol *to,
			 const struct mgm_sg *sg, const struct mgm_ifkey *k)
{
	struct rec_ev *e = exp_ev(test, to, MGM_CMD_WRONG_IF);

	exp_sg(e, sg);
	exp_ifk(e, k);
}

/* --- MFE expectations -------------------------------------------------- */

/* MFE @sg exists and forwards exactly on the @nr interfaces (ifindex, 0). */
static void __expect_mfe(struct kunit *test, int line,
			 const struct mgm_sg *sg, unsigned int nr, ...)
{
	const struct mfe_snap *s = mfe(test, sg);
	char want[48], have[48];
	int wl = 0, hl = 0;
	bool ok = true;
	unsigned int i;
	va_list ap;
	u32 ifindex;

	if (!s->found) {
		KUNIT_FAIL(test, "line %d: no MFE (%pI4,%pI4)", line,
			   &sg->src.ip4, &sg->grp.ip4);
		return;
	}
	va_start(ap, nr);
	for (i = 0; i < nr; i++) {
		ifindex = va_arg(ap, int);
		wl += scnprintf(want + wl, sizeof(want) - wl, " %u", ifindex);
		if (i >= s->nr || i >= OIF_MAX || s->oif[i].ifindex != ifindex ||
		    s->oif[i].nh.ip4)
			ok = false;
	}
	va_end(ap);
	if (s->nr != nr)
		ok = false;
	if (ok)
		return;
	for (i = 0; i < min_t(u32, s->nr, OIF_MAX); i++)
		hl += scnprintf(have + hl, sizeof(have) - hl, " %u",
				s->oif[i].ifindex);
	KUNIT_FAIL(test, "line %d: MFE (%pI4,%pI4) forwards on {%s } (%u), expected {%s }",
		   line, &sg->src.ip4, &sg->grp.ip4, have, s->nr, want);
}

#define expect_mfe(test, sg, ...) __expect_mfe(test, __LINE__, sg, __VA_ARGS__)

static void __expect_no_mfe(struct kunit *test, int line,
			    const struct mgm_sg *sg)
{
	if (mfe(test, sg)->found)
		KUNIT_FAIL(test, "line %d: MFE (%pI4,%pI4) exists", line,
			   &sg->src.ip4, &sg->grp.ip4);
}

#define expect_no_mfe(test, sg) __expect_no_mfe(test, __LINE__, sg)

/* --- common steps ------------------------------------------------------ */

/* A packet of a new (S,G): only the RPF request to @to comes out. */
static const struct rec_ev *rx_expect_rpf(struct kunit *test,
					  const struct mgm_sg *sg,
					  u32 in_ifindex,
					  struct mgm_protocol *to,
					  const struct mgm_ifkey *iif,
					  __be32 upstream)
{
	rx(test, sg, in_ifindex);
	exp_rpf(test, to, sg, iif, in_ifindex, upstream);
	check_events(test);
	return got(test, 0);
}

/*
 * Creates MFE @sg with a packet on @in_ifindex, answering every request
 * with its default; the events are not checked beyond their numbering
 * (the creation cases check them).
 */
static void make_mfe(struct kunit *test, const struct mgm_sg *sg,
		     u32 in_ifindex)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;
	unsigned int round, i;
	bool asked;

	settle_events(test);
	rx(test, sg, in_ifindex);
	for (round = 0; round < 4; round++) {
		settle_events(test);
		asked = false;
		for (i = 0; i < ctx->ngot; i++) {
			r = &ctx->got[i];
			if (r->cmd == MGM_CMD_RPF_REQ)
				KUNIT_ASSERT_EQ(test, reply_rpf(test, r->to, r, NULL), 0);
			else if (r->cmd == MGM_CMD_CREATION_REQ)
				KUNIT_ASSERT_EQ(test, reply_creation(test, r->to, r->req_id,
								     NULL, 0), 0);
			else if (r->cmd == MGM_CMD_PRUNE_ALERT && r->req_id)
				KUNIT_ASSERT_EQ(test, reply_prune(test, r->to, r->req_id,
								  r->timeout), 0);
			else
				continue;
			asked = true;
		}
		if (!asked)
			break;
	}
	KUNIT_ASSERT_TRUE_MSG(test, mfe(test, sg)->found, "MFE (%pI4,%pI4)",
			      &sg->src.ip4, &sg->grp.ip4);
}

/* Scenario 43's start: B Join(*,G1) on if2, then C Join(*,G1) on if3. */
static void join_b_c_g1(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_g1, &if3), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	check_events(test);
}

/*
 * The fixture of spec §8.0: A, B, C and IGMP registered in that order with
 * every callback; A owns if1 and if5, B if2, C if3; if4 is unowned.
 */
static int alerts_init(struct kunit *test)
{
	struct alerts_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_EQ(test, 0, mgm_net_state_init(&ctx->mn, NULL));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, alerts_state_exit,
							   &ctx->mn));
	ctx->mn.rpf_lookup = rpf_fixture;
	ctx->mn.event_hook = rec_hook;
	test->priv = ctx;

	ctx->a = reg(test, 0x100, 1, PORT_A);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ctx->a));
	ctx->b = reg(test, 0x200, 1, PORT_B);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ctx->b));
	ctx->c = reg(test, 0x300, 1, PORT_C);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ctx->c));
	ctx->igmp = reg(test, MGM_PROTO_ID_IGMP, 1, PORT_IGMP);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ctx->igmp));

	KUNIT_ASSERT_EQ(test, take(test, ctx->a, &if1), 0);
	KUNIT_ASSERT_EQ(test, take(test, ctx->a, &if5), 0);
	KUNIT_ASSERT_EQ(test, take(test, ctx->b, &if2), 0);
	KUNIT_ASSERT_EQ(test, take(test, ctx->c, &if3), 0);

	/* Registration and taking unowned interfaces cause no callbacks. */
	ctx->last_seq = atomic64_read(&ctx->mn.ev_seq);
	check_events(test);
	return 0;
}

/* --- 8.1 registration -------------------------------------------------- */

static void mgm_s1_s3_registration(struct kunit *test)
{
	struct mgm_protocol *p;

	/* S1: a handle, and no callbacks anywhere. */
	p = reg(test, 0x400, 1, PORT_X);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(p));
	KUNIT_EXPECT_NE(test, p->handle, 0ULL);
	/* S2: (protocol, component) is unique; another component is fine. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(reg(test, 0x100, 1, PORT_X)),
			(long)-EEXIST);
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(reg(test, 0x100, 2, PORT_X)));
	/* S3: one IGMP instance only. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(reg(test, MGM_PROTO_ID_IGMP, 2, PORT_X)),
			(long)-EEXIST);
	check_events(test);
}

static void mgm_s4_s6_deregister(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	u64 handle = ctx->a->handle;

	/* S4: A still owns if1 and if5; it stays registered and usable. */
	KUNIT_EXPECT_EQ(test, deregister(test, ctx->a), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, find(test, handle), ctx->a);
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);

	/* An IGMP co-owner must release as well before it goes. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if1), 0);
	KUNIT_EXPECT_EQ(test, deregister(test, ctx->igmp), -EBUSY);
	KUNIT_ASSERT_EQ(test, release(test, ctx->igmp, &if1), 0);
	check_events(test);

	/* S5: the release purges A's membership (§1.4 item 4) ... */
	KUNIT_ASSERT_EQ(test, release(test, ctx->a, &if1), 0);
	exp_prune(test, ctx->b, &x_g1, &if1, 1);
	exp_prune(test, ctx->c, &x_g1, &if1, 1);
	exp_prune(test, ctx->igmp, &x_g1, &if1, 1);
	check_events(test);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g1));
	KUNIT_ASSERT_EQ(test, release(test, ctx->a, &if5), 0);
	/* ... and deregistration itself alerts nobody (§4.2). */
	KUNIT_EXPECT_EQ(test, deregister(test, ctx->a), 0);
	ctx->a = NULL;
	check_events(test);
	KUNIT_EXPECT_NULL(test, find(test, handle));
	KUNIT_EXPECT_EQ(test, PTR_ERR(lookup(test, handle, PORT_A)),
			(long)-EINVAL);

	/* S6: a handle is valid only on the socket that registered it. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(lookup(test, ctx->b->handle, PORT_A)),
			(long)-EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, lookup(test, ctx->b->handle, PORT_B), ctx->b);
}

/* --- 8.2 interface ownership ------------------------------------------- */

static void mgm_s7_s10_owner_queries(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* S7, S8 */
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if5), ctx->a);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if2), ctx->b);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if3), ctx->c);
	KUNIT_EXPECT_NULL(test, owner_of(test, &if4));
	KUNIT_EXPECT_FALSE(test, if_known(test, &if4));
	/* S9: a second owner is refused. */
	KUNIT_EXPECT_EQ(test, take(test, ctx->b, &if1), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
	/* S10: so is the owner taking its own interface again. */
	KUNIT_EXPECT_EQ(test, take(test, ctx->a, &if1), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
	check_events(test);
}

static void mgm_s12_point_to_multipoint(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, take(test, ctx->a, &if4_nh1), 0);
	KUNIT_EXPECT_EQ(test, take(test, ctx->b, &if4_nh2), 0);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4_nh1), ctx->a);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4_nh2), ctx->b);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if4));

	/* The links are separate interfaces for memberships too. */
	KUNIT_EXPECT_EQ(test, join(test, ctx->b, &x_g1, &if4_nh1), -EINVAL);
	KUNIT_EXPECT_EQ(test, join(test, ctx->b, &x_g1, &if4), -ENOENT);
	check_events(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if4_nh2), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if4_nh2),
			MGM_OIF_BY_OWNER);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if4_nh1), 0);

	KUNIT_EXPECT_EQ(test, release(test, ctx->a, &if4_nh1), 0);
	check_events(test);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if4_nh1));
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4_nh2), ctx->b);
}

static void mgm_s13_s42_igmp_co_owner(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* S13: IGMP co-owns if1 without callbacks; A stays the owner. */
	KUNIT_EXPECT_EQ(test, take(test, ctx->igmp, &if1), 0);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
	KUNIT_EXPECT_PTR_EQ(test, igmp_of(test, &if1), ctx->igmp);
	/* §4.3: IGMP already co-owner. */
	KUNIT_EXPECT_EQ(test, take(test, ctx->igmp, &if1), -EEXIST);
	check_events(test);
	/* S42: the co-owner query answers A. */
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
}

static void mgm_s14_s16_igmp_disable_enable(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* S14: IGMP owns if4 alone, then B takes it. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if4), 0);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4), ctx->igmp);
	KUNIT_ASSERT_EQ(test, take(test, ctx->b, &if4), 0);
	exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
	exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4), ctx->b);
	KUNIT_EXPECT_PTR_EQ(test, igmp_of(test, &if4), ctx->igmp);
	/* A second routing protocol is still refused. */
	KUNIT_EXPECT_EQ(test, take(test, ctx->c, &if4), -EEXIST);
	check_events(test);

	/* S16: B releases it; IGMP is told again and is the owner. */
	KUNIT_ASSERT_EQ(test, release(test, ctx->b, &if4), 0);
	exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
	exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4), ctx->igmp);
	KUNIT_EXPECT_EQ(test, take(test, ctx->igmp, &if4), -EEXIST);
	check_events(test);
}

static void mgm_s15_igmp_memberships_purged(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if4), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
	/* IGMP-only interface: IGMP is the component, no local join. */
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	check_events(test);

	/* Disable, the purge of IGMP's membership with its alerts, Enable. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->b, &if4), 0);
	exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
	exp_prune(test, ctx->a, &x_g1, &if4, 1);
	exp_prune(test, ctx->b, &x_g1, &if4, 1);
	exp_prune(test, ctx->c, &x_g1, &if4, 1);
	exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
	check_events(test);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g1));

	/* IGMP re-adds: B hears of it, and B is now the component. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
	exp_local(test, ctx->b, MGM_CMD_LOCAL_JOIN, &x_g1, &if4);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if4), MGM_OIF_BY_IGMP);

	/* B releases: IGMP's membership is purged again, without LocalLeave. */
	KUNIT_ASSERT_EQ(test, release(test, ctx->b, &if4), 0);
	exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
	exp_prune(test, ctx->a, &x_g1, &if4, 1);
	exp_prune(test, ctx->c, &x_g1, &if4, 1);
	exp_prune(test, ctx->igmp, &x_g1, &if4, 1);
	exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
	check_events(test);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g1));
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4), ctx->igmp);
}

/* S15 with forwarding state: the purge updates the MFEs (§1.4 item 4). */
static void mgm_s15_purge_updates_mfes(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if4), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	check_events(test);

	/* The creation alert for an IGMP-only interface goes to IGMP. */
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->igmp, &s1_g1, &if1);
	exp_oif(test, 4, true);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->igmp, got(test, 0)->req_id,
					     NULL, 0), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 4);

	/* B takes if4: the MFE loses if4 and A hears it emptied. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->b, &if4), 0);
	exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
	exp_prune(test, ctx->a, &x_g1, &if4, 1);
	exp_prune(test, ctx->b, &x_g1, &if4, 1);
	exp_prune(test, ctx->c, &x_g1, &if4, 1);
	exp_prune(test, ctx->a, &s1_g1, &if1, 0);
	exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
	check_events(test);
	expect_mfe(test, &s1_g1, 0);
	KUNIT_EXPECT_EQ(test, reply_prune(test, ctx->a, got(test, 4)->req_id, 900),
			0);
	check_events(test);

	/* IGMP's re-add refills it. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
	exp_local(test, ctx->b, MGM_CMD_LOCAL_JOIN, &x_g1, &if4);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	exp_join(test, ctx->a, &s1_g1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 4);
}

static void mgm_s17_release_errors(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* Unknown interface: ERROR_INVALID_PARAMETER per §4.4 and §6.8. */
	KUNIT_EXPECT_EQ(test, release(test, ctx->a, &if4), -EINVAL);
	/* Someone else's interface. */
	KUNIT_EXPECT_EQ(test, release(test, ctx->b, &if1), -EINVAL);
	/* IGMP is not a co-owner of if1. */
	KUNIT_EXPECT_EQ(test, release(test, ctx->igmp, &if1), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if4));
	check_events(test);
}

/* --- 8.3 membership validation ----------------------------------------- */

static void mgm_s19_s20_foreign_and_unknown_if(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* S19: if1 belongs to A. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &x_g1, &if1), -EINVAL);
	KUNIT_EXPECT_EQ(test, join(test, ctx->b, &x_g1, &if1), -EINVAL);
	/* IGMP is not a co-owner of if1. */
	KUNIT_EXPECT_EQ(test, join(test, ctx->igmp, &x_g1, &if1), -EINVAL);
	/* S20: if4 is unknown. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &x_g1, &if4), -ENOENT);
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_g1, &if4), -ENOENT);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 0U);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g1));
	check_events(test);
}

static void mgm_s21_shapes_rejected(struct kunit *test)
{
	static const struct mgm_sg bad[] = {
		SG_INIT(IP4(10, 1, 0, 0), 16, G1, 32),	/* source range */
		SG_INIT(S1, 32, IP4(239, 1, 1, 0), 24),	/* group range */
		SG_INIT(S1, 32, 0, 0),			/* (s,*) */
		SG_INIT(0, 0, IP4(10, 1, 1, 1), 32),	/* not class D */
		SG_INIT(S1, 0, G1, 32),			/* address, mask 0 */
		SG_INIT(0, 0, G1, 0),			/* group, mask 0 */
		SG_INIT(0, 32, G1, 32),			/* source 0, mask H */
		{ .grp.ip4 = G1, .grp_len = 32 },	/* no family */
	};
	struct alerts_ctx *ctx = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, join(test, ctx->a, &bad[i], &if1),
				    -EINVAL, "shape %u", i);
		KUNIT_EXPECT_EQ_MSG(test, leave(test, ctx->a, &bad[i], &if1),
				    -EINVAL, "shape %u", i);
		/* The shape is checked before the interface (§4.6). */
		KUNIT_EXPECT_EQ_MSG(test, join(test, ctx->a, &bad[i], &if4),
				    -EINVAL, "shape %u", i);
	}
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 0U);
	check_events(test);

	/* Link-local groups are valid memberships (§6.1). */
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_ll, &if1), 0);
	exp_join(test, ctx->b, &x_ll, 1);
	exp_join(test, ctx->c, &x_ll, 1);
	exp_join(test, ctx->igmp, &x_ll, 1);
	check_events(test);
}

static void mgm_s22_flags(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, member(test, true, ctx->a, &x_g1, &if1, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->a, &x_g1, &if1, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->a, &x_g1, &if1,
				     MGM_MEMBER_FLAGS_JOIN | 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, member(test, false, ctx->a, &x_g1, &if1, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, member(test, false, ctx->a, &x_g1, &if1, 4),
			-EINVAL);
	/* Flags are checked before the interface (§4.6). */
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->a, &x_g1, &if4, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 0U);
	check_events(test);
}

static void mgm_s23_idempotent(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 1U);
	/* Never joined: neither the entry nor the interface. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &x_g2, &if1), 0);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &x_g1, &if5), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if1), MGM_OIF_BY_OWNER);
}

/* --- 8.4 wildcard join/prune alerts ------------------------------------ */

/* Scenarios 24-26: A, then B, then C join (*,G1). */
static void join_a_b_c_g1(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* S24: first component, everybody else. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	/* S25: second component, the first one only. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	check_events(test);
	/* S26: third component, nobody. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_g1, &if3), 0);
	check_events(test);
}

static void mgm_s24_s26_wildcard_components(struct kunit *test)
{
	join_a_b_c_g1(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if1), MGM_OIF_BY_OWNER);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if2), MGM_OIF_BY_OWNER);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if3), MGM_OIF_BY_OWNER);
}

/* "All others" are those that want the callback (§5.10, §5.0, A.3). */
static void mgm_s24_s50_masked_callbacks(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mutex_lock(&ctx->mn.lock);
	ctx->c->cb_mask &= ~MGM_CB_JOIN_ALERT;
	mutex_unlock(&ctx->mn.lock);
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);

	/* Requests whose callback is missing get their default at once. */
	mutex_lock(&ctx->mn.lock);
	ctx->a->cb_mask &= ~(MGM_CB_RPF | MGM_CB_PRUNE_ALERT);
	ctx->b->cb_mask &= ~MGM_CB_CREATION_ALERT;
	mutex_unlock(&ctx->mn.lock);
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	check_events(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_g1, &if3), 0);
	check_events(test);
	rx(test, &s1_g1, 1);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, got(test, 0)->req_id,
					     NULL, 0), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);

	/* A negative entry with the default timeout, nobody asked. */
	rx(test, &s1_g3, 1);
	check_events(test);
	expect_mfe(test, &s1_g3, 0);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g3)->timeout, 900U);
}

static void mgm_s27_same_component(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_g1, &if5), 0);
	check_events(test);
}

static void mgm_s28_s29_wildcard_prunes(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	join_a_b_c_g1(test);
	/* S28: 3 -> 2 components, nobody; 2 -> 1, the remaining one. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->c, &x_g1, &if3), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &x_g1, &if2), 0);
	exp_prune(test, ctx->a, &x_g1, &if2, 1);
	check_events(test);
	/* S29: 1 -> 0, everybody else. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &x_g1, &if1), 0);
	exp_prune(test, ctx->b, &x_g1, &if1, 1);
	exp_prune(test, ctx->c, &x_g1, &if1, 1);
	exp_prune(test, ctx->igmp, &x_g1, &if1, 1);
	check_events(test);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g1));
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 0U);
}

static void mgm_s30_component_several_ifs(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if5), 0);
	check_events(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	check_events(test);

	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &x_g1, &if5), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &x_g1, &if1), 0);
	exp_prune(test, ctx->b, &x_g1, &if1, 1);
	check_events(test);
}

static void mgm_s31_star_star(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_x, &if3), 0);
	exp_join(test, ctx->a, &x_x, 1);
	exp_join(test, ctx->b, &x_x, 1);
	exp_join(test, ctx->igmp, &x_x, 1);
	check_events(test);
	/* (*,*) does not count as a component of (*,G2). */
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g2, &if1), 0);
	exp_join(test, ctx->b, &x_g2, 1);
	exp_join(test, ctx->c, &x_g2, 1);
	exp_join(test, ctx->igmp, &x_g2, 1);
	check_events(test);
	/* Nor the other way round. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_x, &if2), 0);
	exp_join(test, ctx->c, &x_x, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &x_x, &if2), 0);
	exp_prune(test, ctx->c, &x_x, &if2, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->c, &x_x, &if3), 0);
	exp_prune(test, ctx->a, &x_x, &if3, 1);
	exp_prune(test, ctx->b, &x_x, &if3, 1);
	exp_prune(test, ctx->igmp, &x_x, &if3, 1);
	check_events(test);
}

/* --- 8.5 source-specific alerts ---------------------------------------- */

static void mgm_s32_s34_source_specific(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	/* S32: the owner of the RPF interface of S1 only. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &s1_g1, &if2), 0);
	exp_join(test, ctx->a, &s1_g1, 1);
	check_events(test);
	/* S33: only the first interface alerts. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &s1_g1, &if3), 0);
	check_events(test);
	/* S34: only the last one does. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->c, &s1_g1, &if3), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &s1_g1, &if2), 0);
	exp_prune(test, ctx->a, &s1_g1, &if2, 1);
	check_events(test);

	/* S2 is reached through if2: B is told. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &s2_g1, &if1), 0);
	exp_join(test, ctx->b, &s2_g1, 1);
	check_events(test);
}

static void mgm_s35_no_self_alert(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &s1_g1, &if5), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->a, &s1_g1, &if5), 0);
	check_events(test);
}

static void mgm_s36_no_route_no_alert(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, join(test, ctx->b, &nr_g1, &if2), 0);
	check_events(test);
	KUNIT_EXPECT_TRUE(test, member_exists(test, &nr_g1));
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &nr_g1, &if2), 0);
	check_events(test);
}

/* --- 8.6 IGMP interplay ------------------------------------------------ */

static void mgm_s37_s38_local_join_leave(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if1), 0);
	check_events(test);
	/* S37: LocalJoin to A first, then A is the component of (*,G2). */
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g2, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_JOIN, &x_g2, &if1);
	exp_join(test, ctx->b, &x_g2, 1);
	exp_join(test, ctx->c, &x_g2, 1);
	exp_join(test, ctx->igmp, &x_g2, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g2, &if1), MGM_OIF_BY_IGMP);
	/* S38 */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->igmp, &x_g2, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_LEAVE, &x_g2, &if1);
	exp_prune(test, ctx->b, &x_g2, &if1, 1);
	exp_prune(test, ctx->c, &x_g2, &if1, 1);
	exp_prune(test, ctx->igmp, &x_g2, &if1, 1);
	check_events(test);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g2));
}

static void mgm_s39_igmp_only_if(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if4), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g3, &if4), 0);
	exp_join(test, ctx->a, &x_g3, 1);
	exp_join(test, ctx->b, &x_g3, 1);
	exp_join(test, ctx->c, &x_g3, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->igmp, &x_g3, &if4), 0);
	exp_prune(test, ctx->a, &x_g3, &if4, 1);
	exp_prune(test, ctx->b, &x_g3, &if4, 1);
	exp_prune(test, ctx->c, &x_g3, &if4, 1);
	check_events(test);
}

static void mgm_s40_owner_and_igmp_members(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if1), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);

	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g1, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_JOIN, &x_g1, &if1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if1),
			MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP);

	KUNIT_EXPECT_EQ(test, leave(test, ctx->igmp, &x_g1, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_LEAVE, &x_g1, &if1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if1), MGM_OIF_BY_OWNER);
}

static void mgm_s41_igmp_releases_co_owned(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if1), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g2, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_JOIN, &x_g2, &if1);
	exp_join(test, ctx->b, &x_g2, 1);
	exp_join(test, ctx->c, &x_g2, 1);
	exp_join(test, ctx->igmp, &x_g2, 1);
	check_events(test);

	/* Removed as if IGMP had left: LocalLeave, then the prune alerts. */
	KUNIT_EXPECT_EQ(test, release(test, ctx->igmp, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_LEAVE, &x_g2, &if1);
	exp_prune(test, ctx->b, &x_g2, &if1, 1);
	exp_prune(test, ctx->c, &x_g2, &if1, 1);
	exp_prune(test, ctx->igmp, &x_g2, &if1, 1);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->a);
	KUNIT_EXPECT_NULL(test, igmp_of(test, &if1));
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g2));
	/* A's own state is untouched. */
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if1), MGM_OIF_BY_OWNER);
}

/* --- 8.7 MFE creation -------------------------------------------------- */

static void mgm_s43_creation_sequence(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct mfe_snap *s;
	const struct rec_ev *r;
	u64 req_b, req_c;

	join_b_c_g1(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_EXPECT_TRUE(test, r->has_route);
	KUNIT_EXPECT_EQ(test, r->route.ifindex, 1U);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(r->route.gateway.ip4),
			be32_to_cpu(GW1));
	KUNIT_EXPECT_EQ(test, be32_to_cpu(r->route.dst.ip4), be32_to_cpu(NET1));
	KUNIT_EXPECT_EQ(test, r->route.dst_len, 24);
	KUNIT_EXPECT_EQ(test, r->hdr_len, (u32)sizeof(pkt_hdr));
	KUNIT_EXPECT_MEMEQ(test, r->hdr, pkt_hdr, sizeof(pkt_hdr));
	/* S82: not installed while it is being resolved. */
	expect_no_mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 1U);

	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	req_b = got(test, 0)->req_id;
	req_c = got(test, 1)->req_id;
	KUNIT_EXPECT_NE(test, req_b, req_c);

	/* Installed once every reply is in. */
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, req_b, NULL, 0), 0);
	check_events(test);
	expect_no_mfe(test, &s1_g1);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, req_c, NULL, 0), 0);
	/* A new positive entry is no empty -> non-empty change (§5.10 C). */
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, s->iif.ifindex, 1U);
	KUNIT_EXPECT_EQ(test, s->iif_proto_id, 0x100U);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(s->upstream.ip4), be32_to_cpu(GW1));
	KUNIT_EXPECT_EQ(test, s->timeout, 900U);
	/* The triggering packet came in on the IIF while pending (§6.6, §6.9). */
	KUNIT_EXPECT_EQ(test, s->stats.in_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, s->stats.in_bytes, (u64)PKT_LEN);
	KUNIT_EXPECT_EQ(test, s->stats.uninit, 1ULL);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 0U);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_mfes, 1U);
}

static void mgm_s44_creation_veto(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;
	u64 req_b, req_c;

	join_b_c_g1(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	req_b = got(test, 0)->req_id;
	req_c = got(test, 1)->req_id;
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, req_b, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, req_c, &if3, 1), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);

	/* An explicit add naming the vetoed interface clears the veto. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &s1_g1, &if3), 0);
	exp_join(test, ctx->a, &s1_g1, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
}

static void mgm_s45_iif_never_offered(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	join_b_c_g1(test);
	/* A's only member interface is the IIF: no creation alert for A. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	check_events(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, got(test, 0)->req_id,
					     NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, got(test, 1)->req_id,
					     NULL, 0), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
}

static void mgm_s46_creation_igmp_flag(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if2), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g1, &if2), 0);
	exp_local(test, ctx->b, MGM_CMD_LOCAL_JOIN, &x_g1, &if2);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);

	/* B owns if2 and decides, told that IGMP is active there. */
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, true);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, got(test, 0)->req_id,
					     NULL, 0), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
}

/* S82, §7.3 item 4: changes made while an entry is resolved count. */
static void mgm_s82_changes_while_resolving(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;
	u64 req_b, req_c;

	join_b_c_g1(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	req_b = got(test, 0)->req_id;
	req_c = got(test, 1)->req_id;

	/* A joins on if5, C leaves if3; three components, then two. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if5), 0);
	KUNIT_ASSERT_EQ(test, leave(test, ctx->c, &x_g1, &if3), 0);
	check_events(test);
	expect_no_mfe(test, &s1_g1);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, req_b, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, req_c, NULL, 0), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 5);
}

static void mgm_s47_rpf_override(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct mfe_snap *s;
	const struct rec_ev *r;

	join_b_c_g1(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, &if5), 0);
	exp_creation(test, ctx->b, &s1_g1, &if5);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if5);
	exp_oif(test, 3, false);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, got(test, 0)->req_id,
					     NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, got(test, 1)->req_id,
					     NULL, 0), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, s->iif.ifindex, 5U);
	KUNIT_EXPECT_EQ(test, s->iif_proto_id, 0x100U);
	/* The triggering packet came in on if1: dropped (§6.3 step 8). */
	KUNIT_EXPECT_EQ(test, s->stats.different_if, 1ULL);
	KUNIT_EXPECT_EQ(test, s->stats.in_packets, 0ULL);

	/* Later packets on if1: counted, and A hears of it (§5.7). */
	rx(test, &s1_g1, 1);
	exp_wrong_if(test, ctx->a, &s1_g1, &if1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, got(test, 0)->hdr_len, (u32)sizeof(pkt_hdr));
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->stats.different_if, 2ULL);
	/* Packets on if5 are the entry's traffic. */
	rx(test, &s1_g1, 5);
	check_events(test);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, s->stats.in_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, s->stats.different_if, 2ULL);
}

/* iifOwner(S,G) is the owner of an existing MFE's IIF (§5.10). */
static void mgm_s47_iif_owner_from_mfe(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	/* A moves (S1,G1) to if3; nobody wants G1 yet: C gets the prune. */
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, &if3), 0);
	exp_prune(test, ctx->c, &s1_g1, &if3, 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->iif_proto_id, 0x300U);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->c, got(test, 0)->req_id, 900),
			0);
	check_events(test);

	/* (s,g) alerts now go to C, not to A (the owner of the RPF route). */
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &s1_g1, &if2), 0);
	exp_join(test, ctx->c, &s1_g1, 1);
	exp_join(test, ctx->c, &s1_g1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &s1_g1, &if2), 0);
	exp_prune(test, ctx->c, &s1_g1, &if2, 1);
	exp_prune(test, ctx->c, &s1_g1, &if3, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 0);
}

static void mgm_s48_rpf_rejection(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct mfe_snap *s;
	const struct rec_ev *r;
	u64 negative;

	join_b_c_g1(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, &if0), 0);
	/* No creation alerts; negative entry on the arrival interface. */
	exp_prune(test, ctx->a, &s1_g1, &if1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 0);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, s->iif.ifindex, 1U);
	KUNIT_EXPECT_EQ(test, s->iif_proto_id, 0x100U);
	KUNIT_EXPECT_EQ(test, s->timeout, 900U);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->a, got(test, 0)->req_id, 30),
			0);
	check_events(test);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, s->timeout, 30U);

	/* Packets are dropped without callbacks. */
	negative = s->stats.negative;
	rx(test, &s1_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->stats.negative, negative + 1);
}

/* §5.1 and §4.3: no route, and neither interface owned. */
static void mgm_s48_rpf_fallbacks(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct mfe_snap *s;
	const struct rec_ev *r;

	/* No route to the source: the owner of the arrival interface. */
	r = rx_expect_rpf(test, &nr_g1, 2, ctx->b, &if2, 0);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->b, r, NULL), 0);
	exp_prune(test, ctx->b, &nr_g1, &if2, 0);
	check_events(test);
	expect_mfe(test, &nr_g1, 0);

	/* Arrival on an unowned interface: a silent negative entry ... */
	rx(test, &nr_g2, 4);
	check_events(test);
	expect_mfe(test, &nr_g2, 0);
	s = mfe(test, &nr_g2);
	KUNIT_EXPECT_EQ(test, s->iif.ifindex, 4U);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 0U);
	/* ... purged when the interface gets an owner. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->b, &if4), 0);
	check_events(test);
	expect_no_mfe(test, &nr_g2);
	expect_mfe(test, &nr_g1, 0);
}

/*
 * The state is freed while the entries' hash table may be resizing: 64
 * silent negative entries (packets on the unowned if4) grow the table;
 * when B takes if4 they are purged and the table shrinks in a worker;
 * one entry on ifindex 6 is left and the test ends at once.  Freeing an entry
 * still linked in the table let that worker walk freed memory.
 */
static void mgm_teardown_during_resize(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	struct mgm_sg sg = nr_g1;
	u32 i;

	for (i = 0; i < 64; i++) {
		sg.grp.ip4 = IP4(239, 2, 0, i);
		KUNIT_ASSERT_EQ(test, rx(test, &sg, 4), 0);
	}
	check_events(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_mfes, 64U);
	KUNIT_ASSERT_EQ(test, rx(test, &nr_g1, 6), 0);
	KUNIT_ASSERT_EQ(test, take(test, ctx->b, &if4), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_mfes, 1U);
}

static void mgm_s49_negative_timeout(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;
	u64 negative;

	r = rx_expect_rpf(test, &s1_g3, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_prune(test, ctx->a, &s1_g3, &if1, 0);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->a, got(test, 0)->req_id, 30),
			0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g3)->timeout, 30U);
	negative = mfe(test, &s1_g3)->stats.negative;

	/* Traffic does not keep a negative entry alive. */
	advance(test, 5000, 1000);
	rx(test, &s1_g3, 1);
	advance(test, 5000, 1000);
	rx(test, &s1_g3, 1);
	advance(test, 10000, 1000);
	rx(test, &s1_g3, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g3)->stats.negative, negative + 3);
	advance(test, 9000, 100);
	expect_mfe(test, &s1_g3, 0);
	advance(test, 2000, 100);
	check_events(test);
	expect_no_mfe(test, &s1_g3);

	/* The next packet starts over. */
	r = rx_expect_rpf(test, &s1_g3, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_prune(test, ctx->a, &s1_g3, &if1, 0);
	check_events(test);
}

static void mgm_s50_callback_timeouts(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	u64 req_b, req_prune;

	join_b_c_g1(test);
	/* RPF unanswered: the computed IIF is kept. */
	rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	timeout_requests(test);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	req_b = got(test, 0)->req_id;
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->c, got(test, 1)->req_id,
					     NULL, 0), 0);
	check_events(test);
	expect_no_mfe(test, &s1_g1);

	/* B's creation reply never comes: if2 stays enabled. */
	timeout_requests(test);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	/* A late answer is ignored (whatever it returns). */
	reply_creation(test, ctx->b, req_b, &if2, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);

	/* A FALSE prune left unanswered keeps the default timeout. */
	rx_expect_rpf(test, &s1_g3, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, got(test, 0), NULL), 0);
	exp_prune(test, ctx->a, &s1_g3, &if1, 0);
	check_events(test);
	req_prune = got(test, 0)->req_id;
	timeout_requests(test);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g3)->timeout, 900U);
	reply_prune(test, ctx->a, req_prune, 30);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g3)->timeout, 900U);
}

/* S51, counters only: one request however many packets, 4 held. */
static void mgm_s51_pending_queue(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct mfe_snap *s;
	const struct rec_ev *r;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	settle_events(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	for (i = 1; i < 10; i++)
		rx(test, &s1_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 1U);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, got(test, 0)->req_id,
					     NULL, 0), 0);
	check_events(test);
	s = mfe(test, &s1_g1);
	KUNIT_ASSERT_TRUE(test, s->found);
	KUNIT_EXPECT_EQ(test, s->stats.uninit, 10ULL);
	KUNIT_EXPECT_EQ(test, s->stats.queue_overflow, 6ULL);
	KUNIT_EXPECT_EQ(test, s->stats.out_packets, 4ULL);
}

/*
 * Pending entries are found by hash: 300 (S,G)s (more than the table's
 * 256 buckets) wait for their RPF answer at once, each keeps its own
 * queue, and a TTL 1 packet held while pending is counted as a header
 * error, not forwarded, when the entry is installed.
 */
static unsigned int counted_events;

/* Counts events without recording them (more than the log holds). */
static void count_hook(struct mgm_net *mn, struct mgm_protocol *to,
		       const struct mgm_event *ev)
{
	counted_events++;
}

static void mgm_s51_pending_by_hash(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct mfe_snap *s;
	struct mgm_sg sg = s1_g1;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	settle_events(test);
	counted_events = 0;
	ctx->mn.event_hook = count_hook;
	for (i = 0; i < 300; i++) {
		sg.grp.ip4 = htonl(ntohl(G1) + i * 256);
		rx(test, &sg, 1);
		rx(test, &sg, 1);
	}
	/* One RPF request to A each. */
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 300U);
	KUNIT_EXPECT_EQ(test, counted_events, 300U);
	{
		struct mgm_pkt pkt = {
			.sg = s1_g1,
			.in = { .ifindex = 1 },
			.len = PKT_LEN,
			.ttl = 1,
		};

		mutex_lock(&ctx->mn.lock);
		KUNIT_EXPECT_EQ(test, mgm_rx(&ctx->mn, &pkt), 0);
		mutex_unlock(&ctx->mn.lock);
	}
	timeout_requests(test);
	timeout_requests(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 0U);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_mfes, 300U);

	s = mfe(test, &s1_g1);
	KUNIT_ASSERT_TRUE(test, s->found);
	KUNIT_EXPECT_EQ(test, s->nr, 1U);
	KUNIT_EXPECT_EQ(test, s->stats.in_packets, 3ULL);
	KUNIT_EXPECT_EQ(test, s->stats.uninit, 3ULL);
	KUNIT_EXPECT_EQ(test, s->stats.hdr_errors, 1ULL);
	KUNIT_EXPECT_EQ(test, s->stats.in_discards, 1ULL);
	KUNIT_EXPECT_EQ(test, s->stats.out_packets, 2ULL);

	sg.grp.ip4 = htonl(ntohl(G1) + 299 * 256);
	s = mfe(test, &sg);
	KUNIT_ASSERT_TRUE(test, s->found);
	KUNIT_EXPECT_EQ(test, s->nr, 0U);
	KUNIT_EXPECT_EQ(test, s->stats.in_packets, 2ULL);
	KUNIT_EXPECT_EQ(test, s->stats.negative, 2ULL);
	KUNIT_EXPECT_EQ(test, s->stats.hdr_errors, 0ULL);
}

static void mgm_s52_link_local(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_ll, &if2), 0);
	settle_events(test);
	rx(test, &s1_ll, 1);
	check_events(test);
	expect_no_mfe(test, &s1_ll);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 0U);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_mfes, 0U);
}

/* --- 8.8 updating existing MFEs ---------------------------------------- */

/* B: Join(*,G1) on if2 and MFE (S1,G1) forwarding on if2. */
static void mfe_s1_g1_on_if2(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	make_mfe(test, &s1_g1, 1);
	expect_mfe(test, &s1_g1, 1, 2);
}

static void mgm_s53_join_updates_mfe(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mfe_s1_g1_on_if2(test);
	/* No creation alert for an interface added later (§6.5). */
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_g1, &if3), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	/* And the reverse, with the interface still justified by nothing. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->c, &x_g1, &if3), 0);
	exp_prune(test, ctx->b, &x_g1, &if3, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
	/* (*,*) covers every entry. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_x, &if3), 0);
	exp_join(test, ctx->a, &x_x, 1);
	exp_join(test, ctx->b, &x_x, 1);
	exp_join(test, ctx->igmp, &x_x, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->c, &x_x, &if3), 0);
	exp_prune(test, ctx->a, &x_x, &if3, 1);
	exp_prune(test, ctx->b, &x_x, &if3, 1);
	exp_prune(test, ctx->igmp, &x_x, &if3, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
}

static void mgm_s54_negative_to_positive(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	r = rx_expect_rpf(test, &s1_g3, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_prune(test, ctx->a, &s1_g3, &if1, 0);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->a, got(test, 0)->req_id, 30),
			0);
	check_events(test);
	advance(test, 20000, 1000);

	/* Membership alerts first, then the MFE's join alert (§5.10 E). */
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g3, &if2), 0);
	exp_join(test, ctx->a, &x_g3, 1);
	exp_join(test, ctx->c, &x_g3, 1);
	exp_join(test, ctx->igmp, &x_g3, 1);
	exp_join(test, ctx->a, &s1_g3, 0);
	check_events(test);
	expect_mfe(test, &s1_g3, 1, 2);

	/* The countdown restarted at t=20 s: alive at 45 s, gone at 51 s. */
	advance(test, 25000, 500);
	expect_mfe(test, &s1_g3, 1, 2);
	advance(test, 6000, 100);
	check_events(test);
	expect_no_mfe(test, &s1_g3);
}

static void mgm_s55_positive_to_negative(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mfe_s1_g1_on_if2(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &x_g1, &if2), 0);
	exp_prune(test, ctx->a, &x_g1, &if2, 1);
	exp_prune(test, ctx->c, &x_g1, &if2, 1);
	exp_prune(test, ctx->igmp, &x_g1, &if2, 1);
	exp_prune(test, ctx->a, &s1_g1, &if1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 0);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->a, got(test, 3)->req_id, 60),
			0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->timeout, 60U);
}

static void mgm_s56_overlapping_memberships(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mfe_s1_g1_on_if2(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &s1_g1, &if2), 0);
	exp_join(test, ctx->a, &s1_g1, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);

	/* (*,G1) still lists if2. */
	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &s1_g1, &if2), 0);
	exp_prune(test, ctx->a, &s1_g1, &if2, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);

	KUNIT_EXPECT_EQ(test, leave(test, ctx->b, &x_g1, &if2), 0);
	exp_prune(test, ctx->a, &x_g1, &if2, 1);
	exp_prune(test, ctx->c, &x_g1, &if2, 1);
	exp_prune(test, ctx->igmp, &x_g1, &if2, 1);
	exp_prune(test, ctx->a, &s1_g1, &if1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 0);
}

static void mgm_s57_forward_flag(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mfe_s1_g1_on_if2(test);
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->c, &s1_g1, &if3,
				     MGM_MEMBER_FLAGS_FORWARD), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &s1_g1));
	/* No MFE, no effect (P7). */
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->c, &s2_g1, &if3,
				     MGM_MEMBER_FLAGS_FORWARD), 0);
	check_events(test);
	expect_no_mfe(test, &s2_g1);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &s2_g1));

	/* A JOIN delete keeps an interface added with FORWARD (§6.5). */
	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_g1, &if3), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, leave(test, ctx->c, &x_g1, &if3), 0);
	exp_prune(test, ctx->b, &x_g1, &if3, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);

	/* A FORWARD delete removes it whatever the memberships say. */
	KUNIT_EXPECT_EQ(test, member(test, false, ctx->c, &s1_g1, &if3,
				     MGM_MEMBER_FLAGS_FORWARD), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
	KUNIT_EXPECT_EQ(test, member(test, false, ctx->b, &s1_g1, &if2,
				     MGM_MEMBER_FLAGS_FORWARD), 0);
	exp_prune(test, ctx->a, &s1_g1, &if1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 0);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if2), MGM_OIF_BY_OWNER);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->a, got(test, 0)->req_id, 900),
			0);
	/* A JOIN add naming if2 clears the FORWARD removal. */
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &s1_g1, &if2), 0);
	exp_join(test, ctx->a, &s1_g1, 1);
	exp_join(test, ctx->a, &s1_g1, 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);

	/* FORWARD state dies with the entry. */
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->c, &s1_g1, &if3,
				     MGM_MEMBER_FLAGS_FORWARD), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 2, 2, 3);
	advance(test, 901000, 1000);
	check_events(test);
	expect_no_mfe(test, &s1_g1);
	make_mfe(test, &s1_g1, 1);
	expect_mfe(test, &s1_g1, 1, 2);
}

static void mgm_s58_iif_never_oif(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	mfe_s1_g1_on_if2(test);
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
	KUNIT_EXPECT_EQ(test, member(test, true, ctx->a, &s1_g1, &if1,
				     MGM_MEMBER_FLAGS_FORWARD), 0);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
}

static void mgm_s59_release_deletes_mfes(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	settle_events(test);
	make_mfe(test, &s1_g1, 1);
	make_mfe(test, &s2_g1, 2);
	expect_mfe(test, &s1_g1, 1, 2);
	expect_mfe(test, &s2_g1, 1, 1);
	KUNIT_EXPECT_EQ(test, mfe(test, &s2_g1)->iif_proto_id, 0x200U);

	/* (S1,G1) goes silently; (S2,G1) loses if1 and empties. */
	KUNIT_ASSERT_EQ(test, release(test, ctx->a, &if1), 0);
	exp_prune(test, ctx->b, &x_g1, &if1, 1);
	exp_prune(test, ctx->b, &s2_g1, &if2, 0);
	check_events(test);
	expect_no_mfe(test, &s1_g1);
	expect_mfe(test, &s2_g1, 0);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if1));
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if1), 0);
}

/* --- 8.9 expiry and MgmSetMfe ------------------------------------------ */

static void mgm_s60_default_timeout(struct kunit *test)
{
	const struct mfe_snap *s;

	mfe_s1_g1_on_if2(test);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, s->timeout, 900U);
	KUNIT_EXPECT_TRUE(test, time_after(s->expires, s->now + 898 * HZ));
	KUNIT_EXPECT_TRUE(test, time_before_eq(s->expires, s->now + 900 * HZ));
	KUNIT_EXPECT_TRUE(test, time_before_eq(s->created, s->now));
	KUNIT_EXPECT_TRUE(test, time_after(s->created + 2 * HZ, s->now));
}

static void mgm_s61_idle_expiry(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	ctx->mn.mfe_timeout = 5;
	mfe_s1_g1_on_if2(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->timeout, 5U);
	advance(test, 4000, 100);
	expect_mfe(test, &s1_g1, 1, 2);
	advance(test, 2000, 100);
	check_events(test);
	expect_no_mfe(test, &s1_g1);

	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	check_events(test);
}

static void mgm_s62_busy_mfe_survives(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	unsigned int t;

	ctx->mn.mfe_timeout = 5;
	mfe_s1_g1_on_if2(test);
	/* A packet each second from t = 1 s to t = 12 s. */
	for (t = 1; t <= 12; t++) {
		advance(test, 1000, 100);
		rx(test, &s1_g1, 1);
	}
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->stats.in_packets, 13ULL);
	/* Countdown ends at 5, 10, 15 saw traffic; the one at 20 does not. */
	advance(test, 7000, 100);
	expect_mfe(test, &s1_g1, 1, 2);
	advance(test, 2000, 100);
	check_events(test);
	expect_no_mfe(test, &s1_g1);
}

static void mgm_s63_s65_set_mfe(struct kunit *test)
{
	const struct mfe_snap *s;
	u32 timeout;

	mfe_s1_g1_on_if2(test);
	/* S63: only the upstream neighbour changes. */
	KUNIT_EXPECT_EQ(test, set_mfe(test, &s1_g1, IP4(10, 1, 1, 2), NULL), 0);
	check_events(test);
	s = mfe(test, &s1_g1);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(s->upstream.ip4),
			be32_to_cpu(IP4(10, 1, 1, 2)));
	KUNIT_EXPECT_EQ(test, s->iif.ifindex, 1U);
	KUNIT_EXPECT_EQ(test, s->iif_proto_id, 0x100U);
	KUNIT_EXPECT_EQ(test, s->timeout, 900U);
	expect_mfe(test, &s1_g1, 1, 2);
	/* S64 */
	KUNIT_EXPECT_EQ(test, set_mfe(test, &s2_g3, GW2, NULL), -ENOENT);
	/* S65: timeout 0 never ages. */
	timeout = 0;
	KUNIT_EXPECT_EQ(test, set_mfe(test, &s1_g1, GW1, &timeout), 0);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->timeout, 0U);
	advance(test, 3 * 3600 * 1000, 3600 * 1000);
	expect_mfe(test, &s1_g1, 1, 2);
	/* Without the extension the timeout is left alone. */
	KUNIT_EXPECT_EQ(test, set_mfe(test, &s1_g1, GW1, NULL), 0);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->timeout, 0U);
	/* A new timeout restarts the countdown. */
	timeout = 10;
	KUNIT_EXPECT_EQ(test, set_mfe(test, &s1_g1, GW1, &timeout), 0);
	advance(test, 9000, 100);
	expect_mfe(test, &s1_g1, 1, 2);
	advance(test, 2000, 100);
	check_events(test);
	expect_no_mfe(test, &s1_g1);
}

/* --- 8.12 wrong interface, robustness, ordering ------------------------ */

static void mgm_s79_wrong_if_rate_limit(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, join(test, ctx->c, &x_g1, &if3), 0);
	settle_events(test);
	make_mfe(test, &s1_g1, 1);
	expect_mfe(test, &s1_g1, 1, 3);

	for (i = 0; i < 5; i++)
		rx(test, &s1_g1, 2);
	exp_wrong_if(test, ctx->b, &s1_g1, &if2);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->stats.different_if, 5ULL);
	/* Rate-limited per arrival interface. */
	rx(test, &s1_g1, 5);
	exp_wrong_if(test, ctx->a, &s1_g1, &if5);
	check_events(test);
	/* Nobody owns if4. */
	rx(test, &s1_g1, 4);
	check_events(test);
	KUNIT_EXPECT_EQ(test, mfe(test, &s1_g1)->stats.different_if, 7ULL);
	/* A second later, one more. */
	advance(test, 1100, 1100);
	rx(test, &s1_g1, 2);
	exp_wrong_if(test, ctx->b, &s1_g1, &if2);
	check_events(test);
}

static void mgm_s80_kill_cleanup(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	u64 handle = ctx->b->handle;

	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->b, &x_g1, &if2), 0);
	settle_events(test);

	kill(test, ctx->b);
	ctx->b = NULL;
	exp_prune(test, ctx->a, &x_g1, &if2, 1);
	check_events(test);
	KUNIT_EXPECT_NULL(test, find(test, handle));
	KUNIT_EXPECT_FALSE(test, if_known(test, &if2));
	ctx->b = reg(test, 0x200, 1, PORT_B);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ctx->b));
	KUNIT_EXPECT_NE(test, ctx->b->handle, handle);

	/* With IGMP co-owning if1: Disable, the purge, Enable; then if5. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if1), 0);
	check_events(test);
	kill(test, ctx->a);
	ctx->a = NULL;
	exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if1);
	exp_prune(test, ctx->c, &x_g1, &if1, 1);
	exp_prune(test, ctx->igmp, &x_g1, &if1, 1);
	exp_prune(test, ctx->b, &x_g1, &if1, 1);
	exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if1);
	check_events(test);
	KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if1), ctx->igmp);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if5));
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g1));
}

/* §4.2, §7.1: a protocol that dies gets its requests answered by default. */
static void mgm_s80_kill_completes_requests(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	join_b_c_g1(test);
	r = rx_expect_rpf(test, &s1_g1, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_creation(test, ctx->b, &s1_g1, &if1);
	exp_oif(test, 2, false);
	exp_creation(test, ctx->c, &s1_g1, &if1);
	exp_oif(test, 3, false);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_creation(test, ctx->b, got(test, 0)->req_id,
					     NULL, 0), 0);
	check_events(test);

	/* C dies with its creation request out: if3 goes, the entry comes. */
	kill(test, ctx->c);
	ctx->c = NULL;
	exp_prune(test, ctx->b, &x_g1, &if3, 1);
	check_events(test);
	expect_mfe(test, &s1_g1, 1, 2);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 0U);
}

static void mgm_s81_event_order(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	const struct rec_ev *r;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if1), 0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g2, &if1), 0);
	exp_local(test, ctx->a, MGM_CMD_LOCAL_JOIN, &x_g2, &if1);
	exp_join(test, ctx->b, &x_g2, 1);
	exp_join(test, ctx->c, &x_g2, 1);
	exp_join(test, ctx->igmp, &x_g2, 1);
	check_events(test);
	KUNIT_EXPECT_LT(test, got(test, 0)->seq, got(test, 1)->seq);

	/* Local, then membership alerts, then MFE alerts, in one call. */
	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if2), 0);
	r = rx_expect_rpf(test, &s1_g3, 1, ctx->a, &if1, GW1);
	KUNIT_ASSERT_EQ(test, reply_rpf(test, ctx->a, r, NULL), 0);
	exp_prune(test, ctx->a, &s1_g3, &if1, 0);
	check_events(test);
	KUNIT_ASSERT_EQ(test, reply_prune(test, ctx->a, got(test, 0)->req_id, 900),
			0);
	KUNIT_ASSERT_EQ(test, join(test, ctx->igmp, &x_g3, &if2), 0);
	exp_local(test, ctx->b, MGM_CMD_LOCAL_JOIN, &x_g3, &if2);
	exp_join(test, ctx->a, &x_g3, 1);
	exp_join(test, ctx->c, &x_g3, 1);
	exp_join(test, ctx->igmp, &x_g3, 1);
	exp_join(test, ctx->a, &s1_g3, 0);
	check_events(test);
}

static void mgm_s83_disable_enable_adjacent(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if4), 0);
	check_events(test);
	for (i = 0; i < 100 && READ_ONCE(test->status) == KUNIT_SUCCESS; i++) {
		/* IGMP alone on if4. */
		KUNIT_EXPECT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
		exp_join(test, ctx->a, &x_g1, 1);
		exp_join(test, ctx->b, &x_g1, 1);
		exp_join(test, ctx->c, &x_g1, 1);
		check_events(test);

		KUNIT_EXPECT_EQ(test, take(test, ctx->b, &if4), 0);
		exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
		exp_prune(test, ctx->a, &x_g1, &if4, 1);
		exp_prune(test, ctx->b, &x_g1, &if4, 1);
		exp_prune(test, ctx->c, &x_g1, &if4, 1);
		exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
		check_events(test);
		KUNIT_EXPECT_PTR_EQ(test, igmp_of(test, &if4), ctx->igmp);

		/* IGMP re-adds, and changes its mind about G2, under B. */
		KUNIT_EXPECT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
		exp_local(test, ctx->b, MGM_CMD_LOCAL_JOIN, &x_g1, &if4);
		exp_join(test, ctx->a, &x_g1, 1);
		exp_join(test, ctx->c, &x_g1, 1);
		exp_join(test, ctx->igmp, &x_g1, 1);
		check_events(test);
		KUNIT_EXPECT_EQ(test, join(test, ctx->igmp, &x_g2, &if4), 0);
		exp_local(test, ctx->b, MGM_CMD_LOCAL_JOIN, &x_g2, &if4);
		exp_join(test, ctx->a, &x_g2, 1);
		exp_join(test, ctx->c, &x_g2, 1);
		exp_join(test, ctx->igmp, &x_g2, 1);
		check_events(test);
		KUNIT_EXPECT_EQ(test, leave(test, ctx->igmp, &x_g2, &if4), 0);
		exp_local(test, ctx->b, MGM_CMD_LOCAL_LEAVE, &x_g2, &if4);
		exp_prune(test, ctx->a, &x_g2, &if4, 1);
		exp_prune(test, ctx->c, &x_g2, &if4, 1);
		exp_prune(test, ctx->igmp, &x_g2, &if4, 1);
		check_events(test);

		KUNIT_EXPECT_EQ(test, release(test, ctx->b, &if4), 0);
		exp_if(test, ctx->igmp, MGM_CMD_DISABLE_IGMP, &if4);
		exp_prune(test, ctx->a, &x_g1, &if4, 1);
		exp_prune(test, ctx->c, &x_g1, &if4, 1);
		exp_prune(test, ctx->igmp, &x_g1, &if4, 1);
		exp_if(test, ctx->igmp, MGM_CMD_ENABLE_IGMP, &if4);
		check_events(test);
		KUNIT_EXPECT_PTR_EQ(test, owner_of(test, &if4), ctx->igmp);
	}
	KUNIT_EXPECT_EQ(test, i, 100U);

	/* IGMP's final re-add is all there is. */
	KUNIT_EXPECT_EQ(test, join(test, ctx->igmp, &x_g1, &if4), 0);
	exp_join(test, ctx->a, &x_g1, 1);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if4), MGM_OIF_BY_IGMP);
	KUNIT_EXPECT_FALSE(test, member_exists(test, &x_g2));
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 1U);
}

static void mgm_s84_if_gone(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	join_b_c_g1(test);
	KUNIT_ASSERT_EQ(test, take(test, ctx->igmp, &if3), 0);
	make_mfe(test, &s1_g1, 1);
	expect_mfe(test, &s1_g1, 2, 2, 3);

	/* No Disable/Enable, no LocalLeave; each former owner is told. */
	if_gone(test, 3);
	exp_if(test, ctx->c, MGM_CMD_IF_GONE, &if3);
	exp_if(test, ctx->igmp, MGM_CMD_IF_GONE, &if3);
	exp_prune(test, ctx->b, &x_g1, &if3, 1);
	check_events_per_recipient(test);
	expect_mfe(test, &s1_g1, 1, 2);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if3));
	KUNIT_EXPECT_NULL(test, owner_of(test, &if3));
	KUNIT_EXPECT_EQ(test, member_by(test, &x_g1, &if3), 0);
	KUNIT_EXPECT_EQ(test, release(test, ctx->c, &if3), -EINVAL);
	KUNIT_EXPECT_EQ(test, deregister(test, ctx->c), 0);
	ctx->c = NULL;
	check_events(test);
}

/* The namespace limits refuse without changing anything. */
static void mgm_limits(struct kunit *test)
{
	struct alerts_ctx *ctx = test->priv;

	ctx->mn.max_ifaces = ctx->mn.nr_ifaces;
	KUNIT_EXPECT_EQ(test, take(test, ctx->b, &if4), -ENOSPC);
	KUNIT_EXPECT_FALSE(test, if_known(test, &if4));
	check_events(test);

	ctx->mn.max_members = 1;
	KUNIT_ASSERT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	exp_join(test, ctx->b, &x_g1, 1);
	exp_join(test, ctx->c, &x_g1, 1);
	exp_join(test, ctx->igmp, &x_g1, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_g1, &if5), -ENOSPC);
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_g2, &if1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, join(test, ctx->a, &x_g1, &if1), 0);
	check_events(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_members, 1U);

	ctx->mn.max_pending = 1;
	rx_expect_rpf(test, &s1_g2, 1, ctx->a, &if1, GW1);
	rx(test, &s1_g3, 1);
	check_events(test);
	KUNIT_EXPECT_EQ(test, ctx->mn.nr_pending, 1U);
	KUNIT_EXPECT_EQ(test, ctx->mn.pending_drops, 1ULL);
}

static struct kunit_case mgm_alerts_cases[] = {
	KUNIT_CASE(mgm_s1_s3_registration),
	KUNIT_CASE(mgm_s4_s6_deregister),
	KUNIT_CASE(mgm_s7_s10_owner_queries),
	KUNIT_CASE(mgm_s12_point_to_multipoint),
	KUNIT_CASE(mgm_s13_s42_igmp_co_owner),
	KUNIT_CASE(mgm_s14_s16_igmp_disable_enable),
	KUNIT_CASE(mgm_s15_igmp_memberships_purged),
	KUNIT_CASE(mgm_s15_purge_updates_mfes),
	KUNIT_CASE(mgm_s17_release_errors),
	KUNIT_CASE(mgm_s19_s20_foreign_and_unknown_if),
	KUNIT_CASE(mgm_s21_shapes_rejected),
	KUNIT_CASE(mgm_s22_flags),
	KUNIT_CASE(mgm_s23_idempotent),
	KUNIT_CASE(mgm_s24_s26_wildcard_components),
	KUNIT_CASE(mgm_s24_s50_masked_callbacks),
	KUNIT_CASE(mgm_s27_same_component),
	KUNIT_CASE(mgm_s28_s29_wildcard_prunes),
	KUNIT_CASE(mgm_s30_component_several_ifs),
	KUNIT_CASE(mgm_s31_star_star),
	KUNIT_CASE(mgm_s32_s34_source_specific),
	KUNIT_CASE(mgm_s35_no_self_alert),
	KUNIT_CASE(mgm_s36_no_route_no_alert),
	KUNIT_CASE(mgm_s37_s38_local_join_leave),
	KUNIT_CASE(mgm_s39_igmp_only_if),
	KUNIT_CASE(mgm_s40_owner_and_igmp_members),
	KUNIT_CASE(mgm_s41_igmp_releases_co_owned),
	KUNIT_CASE(mgm_s43_creation_sequence),
	KUNIT_CASE(mgm_s44_creation_veto),
	KUNIT_CASE(mgm_s45_iif_never_offered),
	KUNIT_CASE(mgm_s46_creation_igmp_flag),
	KUNIT_CASE(mgm_s82_changes_while_resolving),
	KUNIT_CASE(mgm_s47_rpf_override),
	KUNIT_CASE(mgm_s47_iif_owner_from_mfe),
	KUNIT_CASE(mgm_s48_rpf_rejection),
	KUNIT_CASE(mgm_s48_rpf_fallbacks),
	KUNIT_CASE(mgm_teardown_during_resize),
	KUNIT_CASE(mgm_s49_negative_timeout),
	KUNIT_CASE(mgm_s50_callback_timeouts),
	KUNIT_CASE(mgm_s51_pending_queue),
	KUNIT_CASE(mgm_s51_pending_by_hash),
	KUNIT_CASE(mgm_s52_link_local),
	KUNIT_CASE(mgm_s53_join_updates_mfe),
	KUNIT_CASE(mgm_s54_negative_to_positive),
	KUNIT_CASE(mgm_s55_positive_to_negative),
	KUNIT_CASE(mgm_s56_overlapping_memberships),
	KUNIT_CASE(mgm_s57_forward_flag),
	KUNIT_CASE(mgm_s58_iif_never_oif),
	KUNIT_CASE(mgm_s59_release_deletes_mfes),
	KUNIT_CASE(mgm_s60_default_timeout),
	KUNIT_CASE(mgm_s61_idle_expiry),
	KUNIT_CASE(mgm_s62_busy_mfe_survives),
	KUNIT_CASE(mgm_s63_s65_set_mfe),
	KUNIT_CASE(mgm_s79_wrong_if_rate_limit),
	KUNIT_CASE(mgm_s80_kill_cleanup),
	KUNIT_CASE(mgm_s80_kill_completes_requests),
	KUNIT_CASE(mgm_s81_event_order),
	KUNIT_CASE(mgm_s83_disable_enable_adjacent),
	KUNIT_CASE(mgm_s84_if_gone),
	KUNIT_CASE(mgm_limits),
	{}
};

static struct kunit_suite mgm_alerts_suite = {
	.name = "mgm_alerts",
	.init = alerts_init,
	.test_cases = mgm_alerts_cases,
};

kunit_test_suite(mgm_alerts_suite);
