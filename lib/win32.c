// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: the Win32-compatible MGM API (<mgm/win32.h>) on top of the
 * native API.
 *
 * Each registered protocol has a native session of its own (its handle is
 * bound to that session's sockets, as the kernel requires); the functions
 * that take no handle share one more, the administrative session.  Win32
 * handles are process-local values from a counter, looked up in a table,
 * never pointers and never reused, so a bogus or stale handle is always
 * recognised.
 *
 * Callbacks run on one library thread per process, started at the first
 * registration: it polls the event sockets of every protocol and runs
 * mgm_dispatch() on the ready ones.
 *
 * Locks:
 *  - g_lock protects the tables (protocols, enumeration handles), the
 *    reference counts and the thread's state; it is never held across a
 *    netlink request or a callback.
 *  - proto->lock serialises the use of a protocol's request socket: every
 *    request on it (the caller's, and the replies mgm_dispatch() sends on
 *    the library thread) is made under it.  The library thread holds it
 *    while dispatching, but drops it around each protocol callback, so a
 *    callback may call any Mgm* function, for its own protocol too.
 *  - g_adm_lock serialises the administrative session.
 * Order: proto->lock or g_adm_lock before g_lock; never both of the first.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "win32_internal.h"

struct w32_proto {
	uintptr_t id;			/* the Win32 handle's value */
	struct mgm_session *sess;
	mgm_handle_t h;
	ROUTING_PROTOCOL_CONFIG cfg;
	pthread_mutex_t lock;		/* the session's request socket */
	/* under g_lock */
	int refs;
	int dead;			/* deregistered: no more callbacks */
	int in_cb;			/* callbacks running now */
	struct w32_proto *next;
};

struct w32_enum {
	uintptr_t id;
	struct w32_proto *proto;	/* the owner; the entry dies with it */
	int type;
	int done;			/* ERROR_NO_MORE_ITEMS was returned */
	int have_last;
	struct mgm_sg last;		/* cursor: the last record returned */
	struct w32_enum *next;
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
static struct w32_proto *g_protos;
static struct w32_enum *g_enums;
/* First handle value: far from small integers and typical bogus values. */
static uintptr_t g_next_id = 0x4d470001u;
static int g_thread_started;
static pthread_t g_thread;
static int g_wake[2] = { -1, -1 };
static uint64_t g_sync_req, g_sync_done;

static pthread_mutex_t g_adm_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mgm_session *g_adm;

static pthread_once_t g_once = PTHREAD_ONCE_INIT;

/* spec §7.2: the calling thread's last failure, explained. */
static __thread char t_err[256];
static __thread int t_err_set;

const char *mgm_last_error_string(void)
{
	return t_err_set ? t_err : NULL;
}

static void w32_clear_error(void)
{
	t_err_set = 0;
	t_err[0] = '\0';
}

/* Record a native failure (@sess may be NULL) and return its Win32 code. */
static DWORD w32_fail(struct mgm_session *sess, const char *what, int err)
{
	const char *msg = sess ? mgm_last_error(sess) : NULL;

	snprintf(t_err, sizeof(t_err), "%s: %s%s%s", what, strerror(-err),
		 msg ? ": " : "", msg ? msg : "");
	t_err_set = 1;
	return mgm_w32_error(err);
}

static DWORD w32_invalid(const char *what)
{
	snprintf(t_err, sizeof(t_err), "%s: invalid parameter", what);
	t_err_set = 1;
	return ERROR_INVALID_PARAMETER;
}

/* ------------------------------------------------------------------ */
/* fork(): a child starts with no handles (spec §7.1)                  */
/* ------------------------------------------------------------------ */

static void w32_atfork_prepare(void)
{
	pthread_mutex_lock(&g_adm_lock);
	pthread_mutex_lock(&g_lock);
}

static void w32_atfork_parent(void)
{
	pthread_mutex_unlock(&g_lock);
	pthread_mutex_unlock(&g_adm_lock);
}

/*
 * The parent's sessions are the parent's: their sockets stay open (the
 * parent uses them), their memory is abandoned, and the library thread
 * does not exist here.  The child may register protocols of its own.
 */
static void w32_atfork_child(void)
{
	g_protos = NULL;
	g_enums = NULL;
	g_adm = NULL;
	g_thread_started = 0;
	if (g_wake[0] >= 0) {
		close(g_wake[0]);
		close(g_wake[1]);
	}
	g_wake[0] = g_wake[1] = -1;
	g_sync_req = g_sync_done = 0;
	pthread_mutex_init(&g_lock, NULL);
	pthread_mutex_init(&g_adm_lock, NULL);
	pthread_cond_init(&g_cond, NULL);
}

static void w32_init_once(void)
{
	pthread_atfork(w32_atfork_prepare, w32_atfork_parent,
		       w32_atfork_child);
}

static void w32_init(void)
{
	pthread_once(&g_once, w32_init_once);
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/* The live protocol of handle @h, with a reference; NULL if none. */
static struct w32_proto *w32_proto_get(HANDLE h)
{
	struct w32_proto *p;

	pthread_mutex_lock(&g_lock);
	for (p = g_protos; p; p = p->next)
		if (p->id == (uintptr_t)h && !p->dead)
			break;
	if (p)
		p->refs++;
	pthread_mutex_unlock(&g_lock);
	return p;
}

static void w32_proto_free(struct w32_proto *p)
{
	mgm_close(p->sess);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* Drop a reference; the last one of a deregistered protocol frees it. */
static void w32_proto_put(struct w32_proto *p)
{
	int last;

	pthread_mutex_lock(&g_lock);
	last = --p->refs == 0;
	pthread_mutex_unlock(&g_lock);
	if (last)
		w32_proto_free(p);
}

/* An invalid argument to a call on @p: drop the caller's reference. */
static DWORD w32_proto_invalid(struct w32_proto *p, const char *what)
{
	w32_proto_put(p);
	return w32_invalid(what);
}

/*
 * The end of a request @what on @p's session (under p->lock, with a
 * reference): record its failure @r, if any, unlock and drop the reference.
 */
static DWORD w32_proto_done(struct w32_proto *p, const char *what, int r)
{
	DWORD ret = NO_ERROR;

	if (r)
		ret = w32_fail(p->sess, what, r);
	pthread_mutex_unlock(&p->lock);
	w32_proto_put(p);
	return ret;
}

/* Under g_lock: the enumeration handle @h; NULL if none. */
static struct w32_enum *w32_enum_find_locked(HANDLE h)
{
	struct w32_enum *e;

	for (e = g_enums; e; e = e->next)
		if (e->id == (uintptr_t)h)
			break;
	return e;
}

/* A failed dump: the documented codes only. */
static DWORD w32_dump_error(DWORD ret)
{
	return ret == ERROR_INVALID_PARAMETER ||
	       ret == ERROR_NOT_ENOUGH_MEMORY ? ret : ERROR_CAN_NOT_COMPLETE;
}

static void w32_wake(void)
{
	char c = 1;

	if (g_wake[1] >= 0 && write(g_wake[1], &c, 1) < 0) {
		/* Full pipe: the thread has a wake-up pending anyway. */
	}
}

/* ------------------------------------------------------------------ */
/* Callbacks: native events to the Win32 prototypes                    */
/* ------------------------------------------------------------------ */

/*
 * Around every protocol callback: give up the request socket (the
 * callback may use it) and count the callback, unless the protocol was
 * deregistered meanwhile.  Return: 1 to call it.
 */
static int w32_cb_enter(struct w32_proto *p)
{
	int ok;

	pthread_mutex_unlock(&p->lock);
	pthread_mutex_lock(&g_lock);
	ok = !p->dead;
	if (ok)
		p->in_cb++;
	pthread_mutex_unlock(&g_lock);
	return ok;
}

static void w32_cb_leave(struct w32_proto *p, int entered)
{
	if (entered) {
		pthread_mutex_lock(&g_lock);
		p->in_cb--;
		pthread_cond_broadcast(&g_cond);
		pthread_mutex_unlock(&g_lock);
	}
	pthread_mutex_lock(&p->lock);
}

#define SRC(ev)		((ev)->sg.src_len ? (ev)->sg.src.v4.s_addr : 0)
#define SMASK(ev)	mgm_w32_len_mask((ev)->sg.src_len)
#define GRP(ev)		((ev)->sg.grp_len ? (ev)->sg.grp.v4.s_addr : 0)
#define GMASK(ev)	mgm_w32_len_mask((ev)->sg.grp_len)

/* A private, writable copy of the packet header (PBYTE is not const). */
static PBYTE w32_hdr_copy(const struct mgm_event *ev, BYTE *stack,
			  size_t stack_len)
{
	PBYTE h;

	if (!ev->hdr_len)
		return NULL;
	h = ev->hdr_len <= stack_len ? stack : malloc(ev->hdr_len);
	if (h)
		memcpy(h, ev->hdr, ev->hdr_len);
	return h;
}

static void w32_ev_rpf(void *arg, const struct mgm_event *ev,
		       struct mgm_rpf_answer *answer)
{
	struct w32_proto *p = arg;
	PMGM_RPF_CALLBACK fn = p->cfg.pfnRpfCallback;
	DWORD inif = answer->iif.ifindex;
	DWORD innh = answer->iif.nexthop.v4.s_addr;
	DWORD up = answer->upstream.v4.s_addr;
	MGM_RPF_ROUTE rt;
	BYTE stack[128];
	PBYTE hdr;
	uint8_t len;
	int in;

	memset(&rt, 0, sizeof(rt));
	rt.dest = answer->route.dst.v4.s_addr;
	rt.mask = mgm_w32_len_mask(answer->route.dst_len);
	rt.gateway = answer->route.gateway.v4.s_addr;
	rt.ifindex = answer->route.ifindex;
	rt.nexthop = innh;
	rt.protocol = answer->route.proto_id;
	rt.table = answer->route.table;
	rt.metric = answer->route.metric;
	hdr = w32_hdr_copy(ev, stack, sizeof(stack));

	in = w32_cb_enter(p);
	if (in && fn)
		fn(SRC(ev), SMASK(ev), GRP(ev), GMASK(ev), &inif, &innh, &up,
		   hdr ? (DWORD)ev->hdr_len : 0, hdr, (PBYTE)&rt);
	w32_cb_leave(p, in);
	if (hdr != stack)
		free(hdr);

	answer->iif = mgm_if4(inif, innh);
	answer->upstream.v4.s_addr = up;
	answer->route.dst.v4.s_addr = rt.dest;
	if (!mgm_w32_mask_len(rt.mask, &len))
		answer->route.dst_len = len;
	answer->route.gateway.v4.s_addr = rt.gateway;
	answer->route.ifindex = rt.ifindex;
	answer->route.proto_id = rt.protocol;
	answer->route.table = rt.table;
	answer->route.metric = rt.metric;
}

static void w32_ev_creation(void *arg, const struct mgm_event *ev,
			    struct mgm_creation_oif *oifs, unsigned int n_oifs)
{
	struct w32_proto *p = arg;
	PMGM_CREATION_ALERT_CALLBACK fn = p->cfg.pfnCreationAlertCallback;
	MGM_IF_ENTRY stack[16], *list;
	unsigned int k;
	int in;

	list = n_oifs <= 16 ? stack : calloc(n_oifs, sizeof(*list));
	if (!list)
		return;		/* every interface stays enabled */
	for (k = 0; k < n_oifs; k++) {
		list[k].dwIfIndex = oifs[k].ifc.ifindex;
		list[k].dwIfNextHopAddr = oifs[k].ifc.nexthop.v4.s_addr;
		list[k].bIGMP = oifs[k].igmp ? TRUE : FALSE;
		list[k].bIsEnabled = oifs[k].enabled ? TRUE : FALSE;
	}
	in = w32_cb_enter(p);
	if (in && fn)
		fn(SRC(ev), SMASK(ev), GRP(ev), GMASK(ev), ev->iif.ifindex,
		   ev->iif.nexthop.v4.s_addr, n_oifs, list);
	w32_cb_leave(p, in);
	for (k = 0; k < n_oifs; k++)
		oifs[k].enabled = list[k].bIsEnabled ? 1 : 0;
	if (list != stack)
		free(list);
}

static void w32_ev_prune(void *arg, const struct mgm_event *ev,
			 uint32_t *timeout)
{
	struct w32_proto *p = arg;
	PMGM_PRUNE_ALERT_CALLBACK fn = p->cfg.pfnPruneAlertCallback;
	DWORD t = *timeout;
	int in;

	in = w32_cb_enter(p);
	if (in && fn)
		fn(SRC(ev), SMASK(ev), GRP(ev), GMASK(ev), ev->ifc.ifindex,
		   ev->ifc.nexthop.v4.s_addr,
		   ev->member_update ? TRUE : FALSE, &t);
	w32_cb_leave(p, in);
	*timeout = t;
}

static void w32_ev_join(void *arg, const struct mgm_event *ev)
{
	struct w32_proto *p = arg;
	PMGM_JOIN_ALERT_CALLBACK fn = p->cfg.pfnJoinAlertCallback;
	int in = w32_cb_enter(p);

	if (in && fn)
		fn(SRC(ev), SMASK(ev), GRP(ev), GMASK(ev),
		   ev->member_update ? TRUE : FALSE);
	w32_cb_leave(p, in);
}

static void w32_ev_wrong_if(void *arg, const struct mgm_event *ev)
{
	struct w32_proto *p = arg;
	PMGM_WRONG_IF_CALLBACK fn = p->cfg.pfnWrongIfCallback;
	BYTE stack[128];
	PBYTE hdr = w32_hdr_copy(ev, stack, sizeof(stack));
	int in = w32_cb_enter(p);

	if (in && fn)
		fn(ev->sg.src.v4.s_addr, ev->sg.grp.v4.s_addr, ev->ifc.ifindex,
		   ev->ifc.nexthop.v4.s_addr, hdr ? (DWORD)ev->hdr_len : 0,
		   hdr);
	w32_cb_leave(p, in);
	if (hdr != stack)
		free(hdr);
}

static void w32_ev_local(struct w32_proto *p, PMGM_LOCAL_JOIN_CALLBACK fn,
			 const struct mgm_event *ev)
{
	int in = w32_cb_enter(p);

	if (in && fn)
		fn(SRC(ev), SMASK(ev), GRP(ev), GMASK(ev), ev->ifc.ifindex,
		   ev->ifc.nexthop.v4.s_addr);
	w32_cb_leave(p, in);
}

static void w32_ev_local_join(void *arg, const struct mgm_event *ev)
{
	struct w32_proto *p = arg;

	w32_ev_local(p, p->cfg.pfnLocalJoinCallback, ev);
}

static void w32_ev_local_leave(void *arg, const struct mgm_event *ev)
{
	struct w32_proto *p = arg;

	/* Same prototype as the local join. */
	w32_ev_local(p, p->cfg.pfnLocalLeaveCallback, ev);
}

static void w32_ev_igmp(struct w32_proto *p, PMGM_ENABLE_IGMP_CALLBACK fn,
			const struct mgm_event *ev)
{
	int in = w32_cb_enter(p);

	if (in && fn)
		fn(ev->ifc.ifindex, ev->ifc.nexthop.v4.s_addr);
	w32_cb_leave(p, in);
}

static void w32_ev_disable(void *arg, const struct mgm_event *ev)
{
	struct w32_proto *p = arg;

	w32_ev_igmp(p, p->cfg.pfnDisableIgmpCallback, ev);
}

static void w32_ev_enable(void *arg, const struct mgm_event *ev)
{
	struct w32_proto *p = arg;

	w32_ev_igmp(p, p->cfg.pfnEnableIgmpCallback, ev);
}

/* ------------------------------------------------------------------ */
/* The library thread                                                  */
/* ------------------------------------------------------------------ */

static void w32_drain_wake(void)
{
	char buf[64];

	while (read(g_wake[0], buf, sizeof(buf)) > 0)
		;
}

static void *w32_thread(void *unused)
{
	struct w32_proto **ps = NULL;
	struct pollfd *pfd = NULL;
	unsigned int n, cap = 0, k;
	struct w32_proto *p;
	uint64_t seen;
	int r;

	(void)unused;
	for (;;) {
		/* The live protocols, each with a reference for this pass. */
		pthread_mutex_lock(&g_lock);
		n = 0;
		for (p = g_protos; p; p = p->next)
			n++;
		if (n + 1 > cap) {
			void *a = realloc(ps, (n + 1) * sizeof(*ps));
			void *b = a ? realloc(pfd, (n + 1) * sizeof(*pfd)) : NULL;

			if (a)
				ps = a;
			if (b)
				pfd = b;
			if (!a || !b) {
				pthread_mutex_unlock(&g_lock);
				sleep(1);
				continue;
			}
			cap = n + 1;
		}
		pfd[0].fd = g_wake[0];
		pfd[0].events = POLLIN;
		n = 0;
		for (p = g_protos; p; p = p->next) {
			if (p->dead)
				continue;
			p->refs++;
			ps[n] = p;
			pfd[n + 1].fd = mgm_event_fd(p->sess);
			pfd[n + 1].events = POLLIN;
			n++;
		}
		seen = g_sync_req;
		pthread_mutex_unlock(&g_lock);

		/*
		 * Nothing queued anywhere: whatever was queued when the sync
		 * requests up to @seen were made has been dispatched.
		 */
		r = poll(pfd, n + 1, 0);
		if (r == 0) {
			pthread_mutex_lock(&g_lock);
			if (g_sync_done < seen)
				g_sync_done = seen;
			pthread_cond_broadcast(&g_cond);
			pthread_mutex_unlock(&g_lock);
			r = poll(pfd, n + 1, -1);
		}
		if (r > 0) {
			if (pfd[0].revents & POLLIN)
				w32_drain_wake();
			for (k = 0; k < n; k++) {
				if (!(pfd[k + 1].revents & (POLLIN | POLLERR)))
					continue;
				p = ps[k];
				pthread_mutex_lock(&p->lock);
				mgm_dispatch(p->sess, 0);
				pthread_mutex_unlock(&p->lock);
			}
		}
		for (k = 0; k < n; k++)
			w32_proto_put(ps[k]);
	}
	return NULL;
}

/* Under g_lock: the library thread runs (started once per process). */
static int w32_thread_start_locked(void)
{
	sigset_t all, old;
	pthread_attr_t attr;
	int r;

	if (g_thread_started)
		return 0;
	if (g_wake[0] < 0 && pipe2(g_wake, O_NONBLOCK | O_CLOEXEC))
		return -errno;
	/* Signals go to the application's threads, not to ours. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&g_thread, &attr, w32_thread, NULL);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r)
		return -r;
	g_thread_started = 1;
	return 0;
}

static int w32_on_thread(void)
{
	int on;

	pthread_mutex_lock(&g_lock);
	on = g_thread_started && pthread_equal(pthread_self(), g_thread);
	pthread_mutex_unlock(&g_lock);
	return on;
}

DWORD mgm_win32_sync(DWORD timeout_ms)
{
	struct timespec ts;
	uint64_t want;
	int r = 0;

	w32_clear_error();
	if (w32_on_thread()) {
		w32_fail(NULL, "mgm_win32_sync from a callback", -EDEADLK);
		return ERROR_CAN_NOT_COMPLETE;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&g_lock);
	if (!g_thread_started) {
		pthread_mutex_unlock(&g_lock);
		return NO_ERROR;	/* no protocol ever: nothing to wait for */
	}
	want = ++g_sync_req;
	w32_wake();
	while (g_sync_done < want && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&g_cond, &g_lock, &ts);
	r = g_sync_done >= want;
	pthread_mutex_unlock(&g_lock);
	return r ? NO_ERROR : w32_fail(NULL, "mgm_win32_sync", -ETIMEDOUT);
}

/* ------------------------------------------------------------------ */
/* §4.1, §4.2 Registration                                             */
/* ------------------------------------------------------------------ */

DWORD MgmRegisterMProtocol(PROUTING_PROTOCOL_CONFIG prpiInfo,
			   DWORD dwProtocolId, DWORD dwComponentId,
			   HANDLE *phProtocol)
{
	struct mgm_callbacks cbs;
	struct w32_proto *p;
	int r;

	w32_clear_error();
	w32_init();
	if (!prpiInfo || !phProtocol)
		return w32_invalid("MgmRegisterMProtocol");
	p = calloc(1, sizeof(*p));
	if (!p)
		return ERROR_NOT_ENOUGH_MEMORY;
	pthread_mutex_init(&p->lock, NULL);
	p->cfg = *prpiInfo;
	r = mgm_open(&p->sess);
	if (r) {
		pthread_mutex_destroy(&p->lock);
		free(p);
		w32_fail(NULL, "MgmRegisterMProtocol: opening a session", r);
		return r == -ENOMEM ? ERROR_NOT_ENOUGH_MEMORY :
		       ERROR_CAN_NOT_COMPLETE;
	}

	/* Only the callbacks the protocol has: the kernel applies the
	 * defaults of the others at once (spec §5.0). */
	memset(&cbs, 0, sizeof(cbs));
	if (p->cfg.pfnRpfCallback)
		cbs.rpf = w32_ev_rpf;
	if (p->cfg.pfnCreationAlertCallback)
		cbs.creation_alert = w32_ev_creation;
	if (p->cfg.pfnPruneAlertCallback)
		cbs.prune_alert = w32_ev_prune;
	if (p->cfg.pfnJoinAlertCallback)
		cbs.join_alert = w32_ev_join;
	if (p->cfg.pfnWrongIfCallback)
		cbs.wrong_if = w32_ev_wrong_if;
	if (p->cfg.pfnLocalJoinCallback)
		cbs.local_join = w32_ev_local_join;
	if (p->cfg.pfnLocalLeaveCallback)
		cbs.local_leave = w32_ev_local_leave;
	if (p->cfg.pfnDisableIgmpCallback)
		cbs.disable_igmp = w32_ev_disable;
	if (p->cfg.pfnEnableIgmpCallback)
		cbs.enable_igmp = w32_ev_enable;

	r = mgm_protocol_register_cb(p->sess, dwProtocolId, dwComponentId,
				     &cbs, p, &p->h);
	if (r) {
		DWORD ret = w32_fail(p->sess, "MgmRegisterMProtocol", r);

		w32_proto_free(p);
		/* The documented codes only (spec §4.1). */
		return ret == ERROR_ALREADY_EXISTS ||
		       ret == ERROR_NOT_ENOUGH_MEMORY ||
		       ret == ERROR_INVALID_PARAMETER ? ret :
		       ERROR_CAN_NOT_COMPLETE;
	}

	pthread_mutex_lock(&g_lock);
	r = w32_thread_start_locked();
	if (r) {
		pthread_mutex_unlock(&g_lock);
		mgm_protocol_deregister(p->sess, p->h);
		w32_proto_free(p);
		return w32_fail(NULL, "MgmRegisterMProtocol: library thread",
				r) == ERROR_NOT_ENOUGH_MEMORY ?
		       ERROR_NOT_ENOUGH_MEMORY : ERROR_CAN_NOT_COMPLETE;
	}
	p->id = g_next_id++;
	p->refs = 1;		/* the table's */
	p->next = g_protos;
	g_protos = p;
	*phProtocol = (HANDLE)p->id;
	w32_wake();
	pthread_mutex_unlock(&g_lock);
	return NO_ERROR;
}

DWORD MgmDeRegisterMProtocol(HANDLE hProtocol)
{
	struct w32_proto *p, **pp;
	struct w32_enum *e, **ep;
	int r, on_thread;

	w32_clear_error();
	p = w32_proto_get(hProtocol);
	if (!p)
		return w32_invalid("MgmDeRegisterMProtocol: handle");
	pthread_mutex_lock(&p->lock);
	r = mgm_protocol_deregister(p->sess, p->h);
	if (r) {
		DWORD ret = w32_fail(p->sess, "MgmDeRegisterMProtocol", r);

		pthread_mutex_unlock(&p->lock);
		w32_proto_put(p);
		/* -EBUSY: it still owns interfaces (spec §4.2). */
		return ret == ERROR_INVALID_PARAMETER ? ret :
		       ERROR_CAN_NOT_COMPLETE;
	}
	pthread_mutex_unlock(&p->lock);

	on_thread = w32_on_thread();
	pthread_mutex_lock(&g_lock);
	p->dead = 1;
	for (pp = &g_protos; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	/* Its enumeration handles die with it. */
	for (ep = &g_enums; (e = *ep);) {
		if (e->proto == p) {
			*ep = e->next;
			free(e);
		} else {
			ep = &e->next;
		}
	}
	/* No callback of it runs once we return (but the caller's own). */
	while (!on_thread && p->in_cb)
		pthread_cond_wait(&g_cond, &g_lock);
	p->refs--;		/* the table's */
	pthread_mutex_unlock(&g_lock);
	w32_proto_put(p);	/* ours; the last one closes the session */
	return NO_ERROR;
}

/* ------------------------------------------------------------------ */
/* §4.3-§4.7 Interfaces and memberships                                */
/* ------------------------------------------------------------------ */

static DWORD w32_if_req(HANDLE hProtocol, DWORD ifindex, DWORD nexthop,
			int take, const char *what)
{
	struct mgm_if ifc = mgm_if4(ifindex, nexthop);
	struct w32_proto *p;
	DWORD ret;
	int r;

	w32_clear_error();
	p = w32_proto_get(hProtocol);
	if (!p)
		return w32_invalid(what);
	pthread_mutex_lock(&p->lock);
	r = take ? mgm_if_take(p->sess, p->h, &ifc) :
		   mgm_if_release(p->sess, p->h, &ifc);
	ret = w32_proto_done(p, what, r);
	/* Release: an interface nobody knows is ERROR_INVALID_PARAMETER. */
	if (!take && ret == ERROR_NOT_FOUND)
		ret = ERROR_INVALID_PARAMETER;
	return ret;
}

DWORD MgmTakeInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex,
				DWORD dwIfNextHopAddr)
{
	return w32_if_req(hProtocol, dwIfIndex, dwIfNextHopAddr, 1,
			  "MgmTakeInterfaceOwnership");
}

DWORD MgmReleaseInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex,
				   DWORD dwIfNextHopAddr)
{
	return w32_if_req(hProtocol, dwIfIndex, dwIfNextHopAddr, 0,
			  "MgmReleaseInterfaceOwnership");
}

/* The administrative session, opened on first use, locked. */
static int w32_adm_lock(void)
{
	int r = 0;

	w32_init();
	pthread_mutex_lock(&g_adm_lock);
	if (!g_adm)
		r = mgm_open(&g_adm);
	if (r) {
		g_adm = NULL;
		pthread_mutex_unlock(&g_adm_lock);
	}
	return r;
}

static void w32_adm_unlock(void)
{
	pthread_mutex_unlock(&g_adm_lock);
}

/*
 * The end of a request @what on the administrative session: record its
 * failure @r, if any, and unlock.
 */
static DWORD w32_adm_done(const char *what, int r)
{
	DWORD ret = NO_ERROR;

	if (r)
		ret = w32_fail(g_adm, what, r);
	w32_adm_unlock();
	return ret;
}

/* A failure to open the administrative session. */
static DWORD w32_adm_fail(const char *what, int r)
{
	w32_fail(NULL, what, r);
	return r == -ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : ERROR_CAN_NOT_COMPLETE;
}

DWORD MgmGetProtocolOnInterface(DWORD dwIfIndex, DWORD dwIfNextHopAddr,
				PDWORD pdwIfProtocolId,
				PDWORD pdwIfComponentId)
{
	static const char what[] = "MgmGetProtocolOnInterface";
	struct mgm_if ifc = mgm_if4(dwIfIndex, dwIfNextHopAddr);
	struct mgm_if_info info;
	DWORD ret;
	int r;

	w32_clear_error();
	if (!pdwIfProtocolId || !pdwIfComponentId)
		return w32_invalid(what);
	r = w32_adm_lock();
	if (r)
		return w32_adm_fail(what, r);
	r = mgm_if_get(g_adm, &ifc, &info);
	ret = w32_adm_done(what, r);
	if (r) {
		/* The documented codes only (spec §4.5). */
		return ret == ERROR_NOT_FOUND || ret == ERROR_INVALID_PARAMETER ?
		       ret : ERROR_CAN_NOT_COMPLETE;
	}
	*pdwIfProtocolId = info.proto_id;
	*pdwIfComponentId = info.component_id;
	return NO_ERROR;
}

/*
 * A (source, mask, group, mask) quadruple as a native key.  Masks must be
 * contiguous; which shapes are accepted is the kernel's decision (spec
 * §4.0: (S,G), (*,G), (*,*)).
 */
static int w32_sg(DWORD src, DWORD smask, DWORD grp, DWORD gmask,
		  struct mgm_sg *sg)
{
	uint8_t sl, gl;

	if (mgm_w32_mask_len(smask, &sl) || mgm_w32_mask_len(gmask, &gl))
		return -EINVAL;
	*sg = mgm_sg4(src, sl, grp, gl);
	return 0;
}

static DWORD w32_member_req(HANDLE hProtocol, DWORD src, DWORD smask,
			    DWORD grp, DWORD gmask, DWORD ifindex,
			    DWORD nexthop, DWORD flags, int add,
			    const char *what)
{
	struct mgm_if ifc = mgm_if4(ifindex, nexthop);
	struct w32_proto *p;
	struct mgm_sg sg;
	int r;

	w32_clear_error();
	p = w32_proto_get(hProtocol);
	if (!p)
		return w32_invalid(what);
	if (w32_sg(src, smask, grp, gmask, &sg))
		return w32_proto_invalid(p, what);
	pthread_mutex_lock(&p->lock);
	r = add ? mgm_member_add(p->sess, p->h, &sg, &ifc, flags) :
		  mgm_member_del(p->sess, p->h, &sg, &ifc, flags);
	return w32_proto_done(p, what, r);
}

DWORD MgmAddGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr,
				 DWORD dwSourceMask, DWORD dwGroupAddr,
				 DWORD dwGroupMask, DWORD dwIfIndex,
				 DWORD dwIfNextHopIPAddr, DWORD dwFlags)
{
	return w32_member_req(hProtocol, dwSourceAddr, dwSourceMask,
			      dwGroupAddr, dwGroupMask, dwIfIndex,
			      dwIfNextHopIPAddr, dwFlags, 1,
			      "MgmAddGroupMembershipEntry");
}

DWORD MgmDeleteGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr,
				    DWORD dwSourceMask, DWORD dwGroupAddr,
				    DWORD dwGroupMask, DWORD dwIfIndex,
				    DWORD dwIfNextHopIPAddr, DWORD dwFlags)
{
	return w32_member_req(hProtocol, dwSourceAddr, dwSourceMask,
			      dwGroupAddr, dwGroupMask, dwIfIndex,
			      dwIfNextHopIPAddr, dwFlags, 0,
			      "MgmDeleteGroupMembershipEntry");
}

/* ------------------------------------------------------------------ */
/* §4.8-§4.11 Forwarding entries and statistics                        */
/* ------------------------------------------------------------------ */

static DWORD w32_get_mfe(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize,
			 PBYTE pbBuffer, int level, const char *what)
{
	struct mgm_mfe_info *mi = NULL;
	struct mgm_sg sg;
	DWORD size, ret;
	int r;

	w32_clear_error();
	if (!pimm || !pdwBufferSize || (!pbBuffer && *pdwBufferSize) ||
	    !mgm_w32_record_size(level, 0))
		return w32_invalid(what);
	sg = mgm_sg4(pimm->dwSource, 32, pimm->dwGroup, 32);
	r = w32_adm_lock();
	if (r)
		return w32_adm_fail(what, r);
	r = mgm_mfe_get(g_adm, &sg, &mi);
	ret = w32_adm_done(what, r);
	if (r)
		return ret == ERROR_NOT_FOUND || ret == ERROR_INVALID_PARAMETER ||
		       ret == ERROR_NOT_ENOUGH_MEMORY ? ret :
		       ERROR_CAN_NOT_COMPLETE;
	size = mgm_w32_record_size(level, mi->n_oifs);
	if (size > *pdwBufferSize) {
		*pdwBufferSize = size;
		ret = ERROR_INSUFFICIENT_BUFFER;
	} else {
		mgm_w32_pack_mfe(level, mi, pbBuffer);
	}
	mgm_mfe_free(mi);
	return ret;
}

struct w32_mfe_walk {
	struct mgm_w32_fill f;
	int level;
};

static int w32_mfe_walk_cb(const struct mgm_mfe_info *mi, void *arg)
{
	struct w32_mfe_walk *w = arg;
	void *p = mgm_w32_fill_next(&w->f,
				    mgm_w32_record_size(w->level, mi->n_oifs));

	if (!p)
		return 1;	/* stop: the call ends here */
	mgm_w32_pack_mfe(w->level, mi, p);
	return 0;
}

/* First (@start NULL) or next records of the MFE table, spec §4.0. */
static DWORD w32_mfe_enum(PMIB_IPMCAST_MFE start, PDWORD pdwBufferSize,
			  PBYTE pbBuffer, PDWORD pdwNumEntries, int level,
			  const char *what)
{
	struct w32_mfe_walk w = { .level = level };
	struct mgm_sg after;
	int r, tries = 0;

	memset(&after, 0, sizeof(after));
	w32_clear_error();
	if (!pdwBufferSize || !pdwNumEntries ||
	    (!pbBuffer && *pdwBufferSize) || !mgm_w32_record_size(level, 0))
		return w32_invalid(what);
	if (start)
		after = mgm_sg4(start->dwSource, 32, start->dwGroup, 32);
	r = w32_adm_lock();
	if (r)
		return w32_adm_fail(what, r);
	do {
		/*
		 * -EAGAIN: the table changed under a multi-part dump.  Every
		 * record was valid when read and the cursor rules out
		 * duplicates, but start over for a consistent snapshot; after
		 * a few tries keep what the last pass gave.
		 */
		mgm_w32_fill_init(&w.f, pbBuffer, *pdwBufferSize);
		r = mgm_mfe_dump_max(g_adm, start ? &after : NULL,
				     mgm_w32_fill_max(&w.f,
					mgm_w32_record_size(level, 0)),
				     w32_mfe_walk_cb, &w);
	} while (r == -EAGAIN && ++tries < 4);
	if (r < 0 && r != -EAGAIN) {
		DWORD ret = w32_fail(g_adm, what, r);

		w32_adm_unlock();
		*pdwNumEntries = 0;
		return w32_dump_error(ret);
	}
	w32_adm_unlock();
	return mgm_w32_fill_done(&w.f, pdwBufferSize, pdwNumEntries);
}

DWORD MgmGetMfe(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize,
		PBYTE pbBuffer)
{
	return w32_get_mfe(pimm, pdwBufferSize, pbBuffer, MGM_W32_MFE,
			   "MgmGetMfe");
}

DWORD MgmGetFirstMfe(PDWORD pdwBufferSize, PBYTE pbBuffer,
		     PDWORD pdwNumEntries)
{
	return w32_mfe_enum(NULL, pdwBufferSize, pbBuffer, pdwNumEntries,
			    MGM_W32_MFE, "MgmGetFirstMfe");
}

DWORD MgmGetNextMfe(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize,
		    PBYTE pbBuffer, PDWORD pdwNumEntries)
{
	if (!pimmStart) {
		w32_clear_error();
		return w32_invalid("MgmGetNextMfe");
	}
	return w32_mfe_enum(pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries,
			    MGM_W32_MFE, "MgmGetNextMfe");
}

/* dwFlags of the *Stats functions: 0, STATS_0 or STATS_1 (spec §4.11). */
static int w32_level(DWORD flags)
{
	return flags <= MGM_MFE_STATS_1 ? (int)flags : -1;
}

DWORD MgmGetMfeStats(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize,
		     PBYTE pbBuffer, DWORD dwFlags)
{
	return w32_get_mfe(pimm, pdwBufferSize, pbBuffer, w32_level(dwFlags),
			   "MgmGetMfeStats");
}

DWORD MgmGetFirstMfeStats(PDWORD pdwBufferSize, PBYTE pbBuffer,
			  PDWORD pdwNumEntries, DWORD dwFlags)
{
	return w32_mfe_enum(NULL, pdwBufferSize, pbBuffer, pdwNumEntries,
			    w32_level(dwFlags), "MgmGetFirstMfeStats");
}

DWORD MgmGetNextMfeStats(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize,
			 PBYTE pbBuffer, PDWORD pdwNumEntries, DWORD dwFlags)
{
	if (!pimmStart) {
		w32_clear_error();
		return w32_invalid("MgmGetNextMfeStats");
	}
	return w32_mfe_enum(pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries,
			    w32_level(dwFlags), "MgmGetNextMfeStats");
}

/* ------------------------------------------------------------------ */
/* §4.12 MgmSetMfe                                                     */
/* ------------------------------------------------------------------ */

DWORD MgmSetMfe(HANDLE hProtocol, PMIB_IPMCAST_MFE pmimm)
{
	static const char what[] = "MgmSetMfe";
	union mgm_addr up;
	struct w32_proto *p;
	struct mgm_sg sg;
	uint32_t timeout;
	int r;

	w32_clear_error();
	p = w32_proto_get(hProtocol);
	if (!p)
		return w32_invalid(what);
	if (!pmimm)
		return w32_proto_invalid(p, what);
	sg = mgm_sg4(pmimm->dwSource, 32, pmimm->dwGroup, 32);
	memset(&up, 0, sizeof(up));
	up.v4.s_addr = pmimm->dwUpStrmNgbr;
	timeout = pmimm->ulTimeOut;
	pthread_mutex_lock(&p->lock);
	r = mgm_mfe_set(p->sess, p->h, &sg, &up,
			(pmimm->fFlags & MGM_SETMFE_EXT_TIMEOUT) ? &timeout :
			NULL);
	return w32_proto_done(p, what, r);
}

/* ------------------------------------------------------------------ */
/* §4.13 Group enumeration                                             */
/* ------------------------------------------------------------------ */

DWORD MgmGroupEnumerationStart(HANDLE hProtocol, MGM_ENUM_TYPES metEnumType,
			       HANDLE *phEnumHandle)
{
	static const char what[] = "MgmGroupEnumerationStart";
	struct w32_proto *p;
	struct w32_enum *e;

	w32_clear_error();
	p = w32_proto_get(hProtocol);
	if (!p)
		return w32_invalid(what);
	if (!phEnumHandle || ((int)metEnumType != ANY_SOURCE &&
			      (int)metEnumType != ALL_SOURCES))
		return w32_proto_invalid(p, what);
	e = calloc(1, sizeof(*e));
	if (!e) {
		w32_proto_put(p);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	e->proto = p;
	e->type = metEnumType == ANY_SOURCE ? MGM_ENUM_TYPE_ANY_SOURCE :
		  MGM_ENUM_TYPE_ALL_SOURCES;
	pthread_mutex_lock(&g_lock);
	if (p->dead) {		/* deregistered meanwhile */
		pthread_mutex_unlock(&g_lock);
		free(e);
		return w32_proto_invalid(p, what);
	}
	e->id = g_next_id++;
	e->next = g_enums;
	g_enums = e;
	*phEnumHandle = (HANDLE)e->id;
	pthread_mutex_unlock(&g_lock);
	w32_proto_put(p);
	return NO_ERROR;
}

struct w32_group_walk {
	struct mgm_w32_fill f;
	struct mgm_sg last;
	int have_last;
};

static int w32_group_walk_cb(const struct mgm_member_info *info, void *arg)
{
	struct w32_group_walk *w = arg;
	void *p = mgm_w32_fill_next(&w->f, sizeof(SOURCE_GROUP_ENTRY));

	if (!p)
		return 1;
	mgm_w32_pack_group(&info->sg, p);
	w->last = info->sg;
	w->have_last = 1;
	return 0;
}

DWORD MgmGroupEnumerationGetNext(HANDLE hEnum, PDWORD pdwBufferSize,
				 PBYTE pbBuffer, PDWORD pdwNumEntries)
{
	static const char what[] = "MgmGroupEnumerationGetNext";
	struct w32_group_walk w;
	struct w32_proto *p = NULL;
	struct mgm_sg after = { 0 };
	struct w32_enum *e;
	int type = 0, have_last = 0, done = 0, r, tries = 0;
	DWORD ret = NO_ERROR;

	w32_clear_error();
	if (!pdwBufferSize || !pdwNumEntries || (!pbBuffer && *pdwBufferSize))
		return w32_invalid(what);
	pthread_mutex_lock(&g_lock);
	e = w32_enum_find_locked(hEnum);
	if (e) {
		p = e->proto;
		p->refs++;
		type = e->type;
		have_last = e->have_last;
		after = e->last;
		done = e->done;
	}
	pthread_mutex_unlock(&g_lock);
	if (!e)
		return w32_invalid(what);
	if (done) {
		/* Until End, the end stays the end (spec §4.13). */
		w32_proto_put(p);
		*pdwNumEntries = 0;
		return ERROR_NO_MORE_ITEMS;
	}

	pthread_mutex_lock(&p->lock);
	do {
		memset(&w, 0, sizeof(w));
		mgm_w32_fill_init(&w.f, pbBuffer, *pdwBufferSize);
		r = mgm_member_dump_max(p->sess, type,
					have_last ? &after : NULL,
					mgm_w32_fill_max(&w.f,
						sizeof(SOURCE_GROUP_ENTRY)),
					w32_group_walk_cb, &w);
	} while (r == -EAGAIN && ++tries < 4);
	if (r < 0 && r != -EAGAIN)
		ret = w32_fail(p->sess, what, r);
	pthread_mutex_unlock(&p->lock);
	if (r < 0 && r != -EAGAIN) {
		w32_proto_put(p);
		*pdwNumEntries = 0;
		return w32_dump_error(ret);
	}

	ret = mgm_w32_fill_done(&w.f, pdwBufferSize, pdwNumEntries);
	/* Move the cursor of the handle, if it still exists. */
	pthread_mutex_lock(&g_lock);
	e = w32_enum_find_locked(hEnum);
	if (e) {
		if (w.have_last) {
			e->last = w.last;
			e->have_last = 1;
		}
		if (ret == ERROR_NO_MORE_ITEMS)
			e->done = 1;
	}
	pthread_mutex_unlock(&g_lock);
	w32_proto_put(p);
	return ret;
}

DWORD MgmGroupEnumerationEnd(HANDLE hEnum)
{
	struct w32_enum *e, **ep;

	w32_clear_error();
	pthread_mutex_lock(&g_lock);
	for (ep = &g_enums; (e = *ep); ep = &e->next)
		if (e->id == (uintptr_t)hEnum) {
			*ep = e->next;
			break;
		}
	pthread_mutex_unlock(&g_lock);
	if (!e)
		return w32_invalid("MgmGroupEnumerationEnd");
	free(e);
	return NO_ERROR;
}
