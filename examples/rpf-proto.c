// SPDX-License-Identifier: GPL-2.0
/*
 * rpf-proto: a complete, minimal multicast routing protocol on libmgm's
 * native API (<mgm/mgm.h>).  Documentation/protocol-guide.rst walks
 * through it.
 *
 *   rpf-proto [-p PROTO_ID] [-c COMPONENT_ID] [-u IF] IF...
 *
 * It registers with the Multicast Group Manager, takes ownership of the
 * interfaces IF... (its "upstream" interfaces: the ones multicast traffic
 * comes in on), and then serves the MGM's events until SIGTERM or SIGINT:
 *
 *   rpf            traffic of a new (S,G) arrived on one of its
 *                  interfaces: which interface should it be accepted on?
 *                  It accepts the kernel's proposal (the interface of the
 *                  unicast route back to S), or always answers the
 *                  interface of -u.
 *   creation       a new forwarding entry could go out of its interfaces:
 *                  it keeps every one enabled.
 *   join, prune    receivers appeared or went on another protocol's
 *                  interfaces (or a forwarding entry got or lost its last
 *                  outgoing interface): it logs them.  A real protocol
 *                  would send a join or prune to its upstream neighbour.
 *   wrong-if, if-gone, overflow
 *                  logged; overflow also resynchronises.
 *
 * On SIGTERM or SIGINT it releases its interfaces, deregisters and exits 0.
 * Everything is logged on standard error, one line per event.
 */

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/signalfd.h>

#include <mgm/mgm.h>

#define MAX_IFS		16

/* Everything the protocol knows; the callbacks get it as their @arg. */
struct proto {
	struct mgm_session *sess;
	mgm_handle_t handle;
	uint32_t proto_id;
	uint32_t component_id;
	uint32_t rpf_ifindex;		/* -u: 0 to accept the proposal */
	struct mgm_if ifs[MAX_IFS];	/* the interfaces we took */
	unsigned int n_ifs;
	unsigned long n_rpf, n_join, n_prune;	/* events served */
	unsigned long n_entries;	/* entries arriving on ours (resync) */
};

/* ------------------------------------------------------------------ */
/* Logging                                                             */
/* ------------------------------------------------------------------ */

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	fputs("rpf-proto: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* An event's line, with its sequence number (namespace-wide, increasing). */
static void __attribute__((format(printf, 2, 3)))
say_ev(const struct mgm_event *ev, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rpf-proto: event %llu: ", (unsigned long long)ev->seq);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * A refused request: the errno, and the kernel's explanation (its
 * netlink extended ACK), which mgm_last_error() keeps until the next
 * request of the session.
 */
static void say_err(const struct proto *p, int err, const char *what)
{
	const char *kmsg = mgm_last_error(p->sess);

	if (kmsg)
		say("%s: %s (kernel: %s)", what, strerror(-err), kmsg);
	else
		say("%s: %s", what, strerror(-err));
}

/* "(S, G)", "(*, G)" or "(*, *)" into @buf. */
static const char *sg_str(const struct mgm_sg *sg, char *buf, size_t len)
{
	char s[INET_ADDRSTRLEN] = "*", g[INET_ADDRSTRLEN] = "*";

	if (sg->src_len)
		inet_ntop(AF_INET, &sg->src.v4, s, sizeof(s));
	if (sg->grp_len)
		inet_ntop(AF_INET, &sg->grp.v4, g, sizeof(g));
	snprintf(buf, len, "(%s, %s)", s, g);
	return buf;
}

/* An interface's name, or its index when it has none (any more). */
static const char *if_str(uint32_t ifindex, char *buf)
{
	if (!ifindex)
		return "none";
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "%u", ifindex);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Callbacks: what the MGM asks and tells the protocol                 */
/* ------------------------------------------------------------------ */

/*
 * RPF request (a request: the answer is sent when we return).  The first
 * packet of (S,G) arrived; @answer holds the kernel's proposal: the
 * incoming interface and neighbour of the unicast route back to S.
 * Leaving it accepts it; another interface of ours overrides it;
 * iif.ifindex = 0 refuses the traffic (a negative entry drops it).
 */
static void on_rpf(void *arg, const struct mgm_event *ev,
		   struct mgm_rpf_answer *answer)
{
	struct proto *p = arg;
	char sg[64], arr[IF_NAMESIZE], iif[IF_NAMESIZE], dst[INET_ADDRSTRLEN];

	p->n_rpf++;
	inet_ntop(AF_INET, &ev->route.dst.v4, dst, sizeof(dst));
	if (p->rpf_ifindex) {
		answer->iif = mgm_if4(p->rpf_ifindex, 0);
		answer->upstream.v4.s_addr = 0;
	}
	say_ev(ev, "rpf %s arrived on %s, route %s/%u: incoming interface %s (%s)",
	       sg_str(&ev->sg, sg, sizeof(sg)),
	       if_str(ev->arrival_ifindex, arr), dst, ev->route.dst_len,
	       if_str(answer->iif.ifindex, iif),
	       p->rpf_ifindex ? "configured" : "the kernel's proposal");
}

/*
 * Creation alert (a request): a forwarding entry for (S,G) is being
 * created and could go out of @oifs, our interfaces.  Setting
 * oifs[i].enabled = 0 vetoes one.  We keep them all.
 */
static void on_creation(void *arg, const struct mgm_event *ev,
			struct mgm_creation_oif *oifs, unsigned int n_oifs)
{
	char sg[64], name[IF_NAMESIZE];
	unsigned int i;

	for (i = 0; i < n_oifs; i++)
		say_ev(ev, "creation %s: forwarding out of %s",
		       sg_str(&ev->sg, sg, sizeof(sg)),
		       if_str(oifs[i].ifc.ifindex, name));
}

/*
 * Join alert: receivers for @ev->sg appeared on an interface another
 * protocol owns (member_update 1), or a forwarding entry arriving on one
 * of ours got its first outgoing interface (member_update 0).  A
 * protocol like PIM would now send a join towards the source.
 */
static void on_join(void *arg, const struct mgm_event *ev)
{
	struct proto *p = arg;
	char sg[64];

	p->n_join++;
	say_ev(ev, "join alert %s (%s)", sg_str(&ev->sg, sg, sizeof(sg)),
	       ev->member_update ? "a membership appeared"
				 : "a forwarding entry has outgoing interfaces");
}

/*
 * Prune alert: the last receivers for @ev->sg went (member_update 1), or
 * a forwarding entry arriving on one of ours lost its last outgoing
 * interface (member_update 0).  The latter is a request: *@timeout, the
 * entry's remaining lifetime in seconds, may be changed.  We keep it.
 */
static void on_prune(void *arg, const struct mgm_event *ev,
		     uint32_t *timeout)
{
	struct proto *p = arg;
	char sg[64];

	p->n_prune++;
	if (ev->member_update)
		say_ev(ev, "prune alert %s (the last membership went)",
		       sg_str(&ev->sg, sg, sizeof(sg)));
	else
		say_ev(ev, "prune alert %s (the forwarding entry has no outgoing interface left: keeping it %u s)",
		       sg_str(&ev->sg, sg, sizeof(sg)), *timeout);
}

/* Traffic of an entry arrived on another of our interfaces. */
static void on_wrong_if(void *arg, const struct mgm_event *ev)
{
	char sg[64], name[IF_NAMESIZE];

	say_ev(ev, "wrong interface: %s arrived on %s",
	       sg_str(&ev->sg, sg, sizeof(sg)), if_str(ev->ifc.ifindex, name));
}

/* One of our interfaces was unregistered: the MGM forgot it already. */
static void on_if_gone(void *arg, const struct mgm_event *ev)
{
	struct proto *p = arg;
	unsigned int i;

	say_ev(ev, "interface %u went away", ev->ifc.ifindex);
	for (i = 0; i < p->n_ifs; i++)
		if (p->ifs[i].ifindex == ev->ifc.ifindex)
			p->ifs[i] = p->ifs[--p->n_ifs];
}

/* For the resynchronisation below: the entries arriving on our interfaces. */
static int count_mfe(const struct mgm_mfe_info *info, void *arg)
{
	struct proto *p = arg;
	unsigned int i;

	for (i = 0; i < p->n_ifs; i++)
		if (info->iif.ifindex == p->ifs[i].ifindex)
			p->n_entries++;
	return 0;
}

/*
 * Overflow: the kernel dropped events for us (our socket was full for
 * too long).  A protocol rebuilds what it derives from events by reading
 * the state again: here, which interfaces are still ours, and how many
 * forwarding entries arrive on them.
 */
static void on_overflow(void *arg, const struct mgm_event *ev)
{
	struct proto *p = arg;
	struct mgm_if_info info;
	unsigned int i = 0;
	int err;

	say_ev(ev, "%u events lost: resynchronising", ev->dropped);
	while (i < p->n_ifs) {
		if (mgm_if_get(p->sess, &p->ifs[i], &info) ||
		    info.owner != p->handle) {
			say("interface %u is no longer ours", p->ifs[i].ifindex);
			p->ifs[i] = p->ifs[--p->n_ifs];
			continue;
		}
		i++;
	}
	do {	/* -EAGAIN: the table changed during the dump; again */
		p->n_entries = 0;
		err = mgm_mfe_dump(p->sess, NULL, count_mfe, p);
	} while (err == -EAGAIN);
	if (err)
		say_err(p, err, "cannot list the forwarding entries");
	else
		say("%lu forwarding entries arrive on our interfaces",
		    p->n_entries);
}

/*
 * The events we want.  For a NULL member (local_join, local_leave,
 * disable_igmp, enable_igmp here) the kernel sends nothing and applies
 * the default at once.
 */
static const struct mgm_callbacks callbacks = {
	.rpf = on_rpf,
	.creation_alert = on_creation,
	.prune_alert = on_prune,
	.join_alert = on_join,
	.wrong_if = on_wrong_if,
	.if_gone = on_if_gone,
	.overflow = on_overflow,
};

/* ------------------------------------------------------------------ */
/* Start, event loop, stop                                             */
/* ------------------------------------------------------------------ */

static int start(struct proto *p, char **names, int n)
{
	struct mgm_if ifc;
	char what[64];
	int i, err;

	err = mgm_open(&p->sess);
	if (err) {
		say("cannot open an MGM session: %s%s", strerror(-err),
		    err == -ENOENT ? " (is mgm.ko loaded?)" : "");
		return -1;
	}
	err = mgm_protocol_register_cb(p->sess, p->proto_id, p->component_id,
				       &callbacks, p, &p->handle);
	if (err) {
		say_err(p, err, "cannot register");
		return -1;
	}
	say("registered protocol %u component %u: handle %llu", p->proto_id,
	    p->component_id, (unsigned long long)p->handle);
	for (i = 0; i < n; i++) {
		ifc = mgm_if4(if_nametoindex(names[i]), 0);
		err = mgm_if_take(p->sess, p->handle, &ifc);
		if (err) {
			snprintf(what, sizeof(what), "cannot take %s", names[i]);
			say_err(p, err, what);
			return -1;
		}
		p->ifs[p->n_ifs++] = ifc;
		say("took %s (ifindex %u)", names[i], ifc.ifindex);
	}
	return 0;
}

/* Undo start(), in reverse order; mgm_close() would do it too. */
static void stop(struct proto *p)
{
	int err;

	if (!p->sess)
		return;
	while (p->n_ifs) {
		err = mgm_if_release(p->sess, p->handle, &p->ifs[--p->n_ifs]);
		if (err)
			say_err(p, err, "cannot release an interface");
	}
	if (p->handle) {
		err = mgm_protocol_deregister(p->sess, p->handle);
		if (err)
			say_err(p, err, "cannot deregister");
		else
			say("deregistered after %lu rpf requests, %lu join and %lu prune alerts",
			    p->n_rpf, p->n_join, p->n_prune);
	}
	mgm_close(p->sess);
	p->sess = NULL;
}

/*
 * Wait for MGM events and signals.  Signals come through a signalfd, so
 * the callbacks never race with a signal handler.  mgm_dispatch() runs
 * the callbacks of every queued event on this thread and sends the
 * answers of the requests.  Return: 0 on SIGTERM/SIGINT, -1 on an error.
 */
static int run(struct proto *p, int sig_fd)
{
	struct pollfd fds[2] = {
		{ .fd = mgm_event_fd(p->sess), .events = POLLIN },
		{ .fd = sig_fd, .events = POLLIN },
	};
	struct signalfd_siginfo si;
	int n;

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			say("poll: %s", strerror(errno));
			return -1;
		}
		if (fds[0].revents) {
			n = mgm_dispatch(p->sess, 0);
			if (n < 0) {
				say_err(p, n, "cannot read events");
				return -1;
			}
		}
		if (fds[1].revents &&
		    read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
			say("%s: stopping",
			    si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
			return 0;
		}
	}
}

static void __attribute__((noreturn)) usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: rpf-proto [-p PROTO_ID] [-c COMPONENT_ID] [-u IF] IF...\n"
		"  IF...              interfaces to own (where traffic comes in)\n"
		"  -p PROTO_ID        protocol id (default 256)\n"
		"  -c COMPONENT_ID    component id (default 1)\n"
		"  -u IF              answer every RPF request with IF (one of ours)\n"
		"                     instead of the kernel's proposal\n"
		"SIGTERM or SIGINT: release the interfaces, deregister, exit.\n");
	exit(status);
}

static uint32_t number(const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > UINT32_MAX) {
		say("bad number \"%s\"", s);
		usage(2);
	}
	return (uint32_t)v;
}

int main(int argc, char **argv)
{
	struct proto p = { .proto_id = 256, .component_id = 1 };
	sigset_t sigs;
	int opt, i, sig_fd, ret;

	/* Whole log lines reach a file or a pipe at once. */
	setvbuf(stderr, NULL, _IOLBF, 0);

	while ((opt = getopt(argc, argv, "p:c:u:h")) != -1) {
		switch (opt) {
		case 'p':
			p.proto_id = number(optarg);
			break;
		case 'c':
			p.component_id = number(optarg);
			break;
		case 'u':
			p.rpf_ifindex = if_nametoindex(optarg);
			if (!p.rpf_ifindex) {
				say("no interface %s", optarg);
				return 1;
			}
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (optind == argc || argc - optind > MAX_IFS)
		usage(2);
	for (i = optind; i < argc; i++) {
		if (!if_nametoindex(argv[i])) {
			say("no interface %s", argv[i]);
			return 1;
		}
	}
	/* Block the signals before anything, so that none is lost. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sig_fd < 0) {
		say("signalfd: %s", strerror(errno));
		return 1;
	}

	ret = start(&p, argv + optind, argc - optind);
	if (!ret) {
		say("running: serving RPF requests on %u interface%s",
		    p.n_ifs, p.n_ifs == 1 ? "" : "s");
		ret = run(&p, sig_fd);
	}
	stop(&p);
	close(sig_fd);
	return ret ? 1 : 0;
}
