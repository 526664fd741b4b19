// SPDX-License-Identifier: GPL-2.0
/*
 * mgm-static: static multicast memberships for the Multicast Group Manager.
 *
 * This is the smallest real multicast routing protocol, and the example
 * to start from when writing one with libmgm (<mgm/mgm.h>).  The MGM
 * concepts it uses, in the order a protocol meets them:
 *
 * Session
 *   mgm_open() connects to the kernel's "mgm" generic netlink family in
 *   the caller's network namespace.  Everything the session creates is
 *   bound to it: when the process exits, even by SIGKILL, the kernel
 *   releases the interfaces and deregisters the protocol by itself.
 *
 * Protocol
 *   mgm_protocol_register_cb() registers one instance, named by a
 *   (protocol id, component id) pair in routprot.h numbering, and returns
 *   the handle every later request names.  mgm-static is PROTO_IP_NETMGMT
 *   (3), component 1, unless the configuration says otherwise.
 *
 * Interface ownership
 *   mgm_if_take() makes the protocol the owner of an interface: the MGM
 *   asks the owner about traffic arriving there (RPF) and about sending
 *   traffic out of it (creation alerts), and tells it when receivers
 *   appear elsewhere (join alerts).  One routing protocol owns an
 *   interface at a time; IGMP may co-own it.
 *
 * Membership
 *   mgm_member_add(..., MGM_JOIN) says "traffic of (S,G), or of G from any
 *   source (*,G), is wanted on this interface".  The MGM turns the
 *   memberships of all protocols into forwarding entries when traffic
 *   arrives: the incoming interface comes from the unicast route back to
 *   the source (RPF check), the outgoing ones from the memberships.  A
 *   static configuration is exactly a fixed set of memberships.
 *
 * Events
 *   The MGM calls protocols back (RPF requests, creation, join and prune
 *   alerts, local joins, ...).  A protocol names the callbacks it wants in
 *   a struct mgm_callbacks; for the others the kernel applies the default
 *   answer at once and sends nothing.  The events arrive on
 *   mgm_event_fd(), which goes into the protocol's own poll loop, and
 *   mgm_dispatch() runs the callbacks.
 *
 * The daemon: read the file (config.c), register, take the interfaces, add
 * the memberships; then wait in poll() for signals (SIGHUP: reload, SIGTERM
 * and SIGINT: clean exit), MGM events and link changes.
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
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <mgm/mgm.h>

#include "config.h"

#ifndef MGM_VERSION
#define MGM_VERSION "unknown"
#endif

#define DEFAULT_CONFIG	"/etc/mgm-static.conf"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct daemon {
	const char *file;
	struct mgm_session *sess;
	mgm_handle_t handle;
	/* The running configuration, with what of it is in the kernel. */
	struct static_config cfg;
	int rtnl_fd;		/* link notifications, -1 if unavailable */
};

static bool verbose;

/* ------------------------------------------------------------------ */
/* Logging: one line per event on stderr (the journal under systemd)   */
/* ------------------------------------------------------------------ */

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	fputs("mgm-static: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define debug(...)	do { if (verbose) say(__VA_ARGS__); } while (0)

/*
 * A failed libmgm request: "WHAT: strerror (kernel: MESSAGE)".  The kernel
 * explains most refusals (netlink extended ACK); mgm_last_error() has it.
 */
static void __attribute__((format(printf, 3, 4)))
say_mgm_error(const struct daemon *d, int err, const char *fmt, ...)
{
	const char *kmsg = d->sess ? mgm_last_error(d->sess) : NULL;
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (kmsg)
		say("%s: %s (kernel: %s)", what, strerror(-err), kmsg);
	else if (err == -EPERM)
		say("%s: %s (CAP_NET_ADMIN over the network namespace is needed)",
		    what, strerror(-err));
	else
		say("%s: %s", what, strerror(-err));
}

/* ------------------------------------------------------------------ */
/* The four MGM requests of a static protocol                          */
/* ------------------------------------------------------------------ */

/* The MGM names an interface by (ifindex, next hop); ours are not NBMA. */
static struct mgm_if if_key(const struct static_if *i)
{
	return mgm_if4(i->ifindex, 0);
}

static int take(struct daemon *d, struct static_if *i)
{
	struct mgm_if ifc = if_key(i);
	int err;

	err = mgm_if_take(d->sess, d->handle, &ifc);
	if (err) {
		/* -EEXIST: another protocol owns it (mgmctl interface show). */
		say_mgm_error(d, err, "cannot take %s", i->name);
		i->state = IF_NOT_OWNED;
		return err;
	}
	i->state = IF_OWNED;
	say("took %s (ifindex %u)", i->name, i->ifindex);
	return 0;
}

static int release(struct daemon *d, struct static_if *i)
{
	struct mgm_if ifc = if_key(i);
	int err;

	/*
	 * Releasing would also purge our memberships on the interface; the
	 * caller leaves them first, so that each change is logged.
	 */
	err = mgm_if_release(d->sess, d->handle, &ifc);
	if (err) {
		say_mgm_error(d, err, "cannot release %s", i->name);
		return err;
	}
	i->state = IF_NOT_OWNED;
	say("released %s", i->name);
	return 0;
}

static int join(struct daemon *d, struct static_join *j)
{
	struct static_if *i = &d->cfg.ifs[j->ifc];
	struct mgm_if ifc = if_key(i);
	char sg[SG_STRLEN];
	int err;

	/*
	 * MGM_JOIN adds a membership: every forwarding entry it covers,
	 * existing or future, gets the interface as an outgoing one.
	 * (MGM_FORWARD would change the existing entries only.)
	 */
	err = mgm_member_add(d->sess, d->handle, &j->sg, &ifc, MGM_JOIN);
	if (err) {
		say_mgm_error(d, err, "cannot join %s on %s",
			      sg_str(&j->sg, sg), i->name);
		return err;
	}
	j->joined = true;
	say("joined %s on %s", sg_str(&j->sg, sg), i->name);
	return 0;
}

static int leave(struct daemon *d, struct static_join *j)
{
	struct static_if *i = &d->cfg.ifs[j->ifc];
	struct mgm_if ifc = if_key(i);
	char sg[SG_STRLEN];
	int err;

	err = mgm_member_del(d->sess, d->handle, &j->sg, &ifc, MGM_JOIN);
	if (err) {
		say_mgm_error(d, err, "cannot leave %s on %s",
			      sg_str(&j->sg, sg), i->name);
		return err;
	}
	j->joined = false;
	say("left %s on %s", sg_str(&j->sg, sg), i->name);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Applying a configuration: the difference with the running one       */
/* ------------------------------------------------------------------ */

static struct static_if *find_if(struct static_config *cfg, uint32_t ifindex)
{
	unsigned int i;

	for (i = 0; i < cfg->n_ifs; i++)
		if (cfg->ifs[i].ifindex == ifindex)
			return &cfg->ifs[i];
	return NULL;
}

/* The join of @cfg with the same (S,G) on the same interface as @j of @in. */
static struct static_join *find_join(struct static_config *cfg,
				     const struct static_config *in,
				     const struct static_join *j)
{
	uint32_t ifindex = in->ifs[j->ifc].ifindex;
	unsigned int i;

	for (i = 0; i < cfg->n_joins; i++)
		if (cfg->ifs[cfg->joins[i].ifc].ifindex == ifindex &&
		    !memcmp(&cfg->joins[i].sg, &j->sg, sizeof(j->sg)))
			return &cfg->joins[i];
	return NULL;
}

/* What a series of requests did. */
struct tally {
	int done;
	int failed;
};

static void count(struct tally *t, int err)
{
	if (err)
		t->failed++;
	else
		t->done++;
}

/*
 * apply() - make the kernel hold exactly @next
 *
 * Leave the memberships and release the interfaces @next does not have,
 * then take the interfaces and add the memberships it adds (or that
 * failed before: a reload retries them).  What both have is untouched,
 * so traffic that keeps flowing is not disturbed.  @next becomes the
 * running configuration (the caller must not free it).
 */
static struct tally apply(struct daemon *d, struct static_config *next)
{
	struct static_config *cur = &d->cfg;
	struct tally t = { 0, 0 };
	struct static_join *j, *o;
	struct static_if *i, *oi;
	unsigned int k;

	/* 1. Leave what goes, while its interface is still ours. */
	for (k = 0; k < cur->n_joins; k++) {
		j = &cur->joins[k];
		if (j->joined && !find_join(next, cur, j))
			count(&t, leave(d, j));
	}
	/* 2. Release what goes. */
	for (k = 0; k < cur->n_ifs; k++) {
		i = &cur->ifs[k];
		if (i->state == IF_OWNED && !find_if(next, i->ifindex))
			count(&t, release(d, i));
	}
	/* 3. What stays keeps its state: no request for it. */
	for (k = 0; k < next->n_ifs; k++) {
		oi = find_if(cur, next->ifs[k].ifindex);
		if (oi)
			next->ifs[k].state = oi->state;
	}
	for (k = 0; k < next->n_joins; k++) {
		o = find_join(cur, next, &next->joins[k]);
		if (o)
			next->joins[k].joined = o->joined;
	}
	config_free(cur);
	*cur = *next;
	config_init(next);
	/* 4. Take what comes, then join on it. */
	for (k = 0; k < cur->n_ifs; k++) {
		i = &cur->ifs[k];
		if (i->state == IF_NOT_OWNED)
			count(&t, take(d, i));
	}
	for (k = 0; k < cur->n_joins; k++) {
		j = &cur->joins[k];
		if (!j->joined && cur->ifs[j->ifc].state == IF_OWNED)
			count(&t, join(d, j));
	}
	return t;
}

/* ------------------------------------------------------------------ */
/* Interfaces that go away and come back                               */
/* ------------------------------------------------------------------ */

/*
 * The device of an owned interface went away: the MGM already dropped our
 * ownership and memberships on it (and told us with if-gone).  An
 * interface configured by name is taken again when a device of that name
 * appears (retake_gone()).
 */
static void lost_if(struct daemon *d, struct static_if *i)
{
	unsigned int k;

	i->state = IF_GONE;
	for (k = 0; k < d->cfg.n_joins; k++)
		if (&d->cfg.ifs[d->cfg.joins[k].ifc] == i)
			d->cfg.joins[k].joined = false;
	if (i->by_index)
		say("%s (ifindex %u) went away with its memberships; it is configured by index and will not be taken again",
		    i->name, i->ifindex);
	else
		say("%s (ifindex %u) went away with its memberships; they come back with it",
		    i->name, i->ifindex);
}

static void retake_gone(struct daemon *d)
{
	struct static_if *i;
	unsigned int k, m;
	uint32_t ifindex;

	for (k = 0; k < d->cfg.n_ifs; k++) {
		i = &d->cfg.ifs[k];
		if (i->state != IF_GONE || i->by_index)
			continue;
		ifindex = if_nametoindex(i->name);
		if (!ifindex)
			continue;
		say("%s is back (ifindex %u)", i->name, ifindex);
		i->ifindex = ifindex;
		if (take(d, i))
			continue;	/* retried on the next reload */
		for (m = 0; m < d->cfg.n_joins; m++)
			if (d->cfg.joins[m].ifc == k)
				join(d, &d->cfg.joins[m]);
	}
}

/* ------------------------------------------------------------------ */
/* MGM events                                                          */
/* ------------------------------------------------------------------ */

/* if-gone: the device of an interface we owned was unregistered. */
static void on_if_gone(void *arg, const struct mgm_event *ev)
{
	struct daemon *d = arg;
	struct static_if *i = find_if(&d->cfg, ev->ifc.ifindex);

	debug("event %llu: if-gone ifindex %u", (unsigned long long)ev->seq,
	      ev->ifc.ifindex);
	if (i && i->state == IF_OWNED)
		lost_if(d, i);
}

/*
 * overflow: the kernel had to drop events for us, so if-gone events may be
 * lost.  Resynchronise: ask the MGM which of our interfaces we still own.
 * (Callbacks may make requests: they use the session's other socket.)
 */
static void on_overflow(void *arg, const struct mgm_event *ev)
{
	struct daemon *d = arg;
	struct mgm_if_info info;
	struct mgm_if ifc;
	unsigned int k;

	say("%u events were lost; checking which interfaces are still ours",
	    ev->dropped);
	for (k = 0; k < d->cfg.n_ifs; k++) {
		if (d->cfg.ifs[k].state != IF_OWNED)
			continue;
		ifc = if_key(&d->cfg.ifs[k]);
		if (mgm_if_get(d->sess, &ifc, &info) ||
		    info.owner != d->handle)
			lost_if(d, &d->cfg.ifs[k]);
	}
}

/*
 * The events mgm-static wants.  A static protocol has nothing to decide,
 * so it leaves every other callback NULL and the kernel applies the
 * defaults without sending anything:
 *   rpf            the incoming interface is the one of the unicast route
 *                  back to the source (the kernel's proposal);
 *   creation_alert every outgoing interface of ours is enabled;
 *   prune_alert    the entry keeps the default lifetime (mfe-timeout);
 *   join_alert, local_join, local_leave, wrong_if, disable_igmp,
 *   enable_igmp    nothing to do: a static protocol has no neighbours to
 *                  send joins or prunes to.
 * A dynamic protocol (PIM, DVMRP) fills these in; see include/mgm/mgm.h.
 */
static const struct mgm_callbacks callbacks = {
	.if_gone = on_if_gone,
	.overflow = on_overflow,
};

/* ------------------------------------------------------------------ */
/* Link notifications (rtnetlink), to see interfaces come back         */
/* ------------------------------------------------------------------ */

static int rtnl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		say("no link notifications (%s): interfaces that go away will not be taken again",
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Any link change may bring a gone interface back: just drain them. */
static void rtnl_drain(int fd)
{
	char buf[8192];
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0 || (n < 0 && errno == ENOBUFS))
			continue;
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Start, reload, stop                                                 */
/* ------------------------------------------------------------------ */

static void reload(struct daemon *d)
{
	struct static_config next;
	struct tally t;

	say("reloading %s", d->file);
	if (config_read(d->file, &next))
		goto keep;
	/* The protocol's identity is its registration: it cannot change. */
	if (next.proto_id != d->cfg.proto_id ||
	    next.component_id != d->cfg.component_id) {
		say("%s: protocol-id %u component-id %u differ from the running %u and %u; restart mgm-static to change them",
		    d->file, next.proto_id, next.component_id,
		    d->cfg.proto_id, d->cfg.component_id);
		config_free(&next);
		goto keep;
	}
	t = apply(d, &next);
	if (t.failed)
		say("reloaded %s: %d changes, %d failed (retried on the next reload)",
		    d->file, t.done, t.failed);
	else if (t.done)
		say("reloaded %s: %d changes", d->file, t.done);
	else
		say("reloaded %s: no change", d->file);
	return;
keep:
	say("%s: not reloaded, keeping the running configuration", d->file);
}

/*
 * Leave, release, deregister.  Deregistering a protocol that still owns
 * interfaces is refused (-EBUSY); mgm_close() would clean up anyway, but a
 * well-behaved protocol undoes what it did, in order.
 */
static int stop(struct daemon *d)
{
	struct static_config none;
	struct tally t;
	int err;

	config_init(&none);
	t = apply(d, &none);
	config_free(&d->cfg);
	err = mgm_protocol_deregister(d->sess, d->handle);
	if (err)
		say_mgm_error(d, err, "cannot deregister");
	else
		say("deregistered");
	mgm_close(d->sess);
	d->sess = NULL;
	return t.failed || err ? -1 : 0;
}

static int start(struct daemon *d, struct static_config *cfg)
{
	struct tally t;
	int err;

	err = mgm_open(&d->sess);
	if (err == -ENOENT) {
		say("the mgm generic netlink family is not available: is the mgm module loaded?");
		return -1;
	}
	if (err) {
		say_mgm_error(d, err, "cannot open an MGM session");
		return -1;
	}
	/* Events go to the session's event socket; see callbacks above. */
	err = mgm_protocol_register_cb(d->sess, cfg->proto_id,
				       cfg->component_id, &callbacks, d,
				       &d->handle);
	if (err) {
		/* -EEXIST: the pair is taken (mgmctl protocol show). */
		say_mgm_error(d, err,
			      "cannot register protocol-id %u component-id %u",
			      cfg->proto_id, cfg->component_id);
		mgm_close(d->sess);
		d->sess = NULL;
		return -1;
	}
	say("registered protocol-id %u component-id %u (handle %llu)",
	    cfg->proto_id, cfg->component_id, (unsigned long long)d->handle);
	d->cfg.proto_id = cfg->proto_id;
	d->cfg.component_id = cfg->component_id;
	t = apply(d, cfg);
	if (t.failed) {
		say("%s: %d requests failed; undoing the others", d->file,
		    t.failed);
		stop(d);
		return -1;
	}
	return 0;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f)) {
		say("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Wait for signals, events and link changes until SIGTERM or SIGINT.
 * Return: 0; -1 if the event socket or poll() failed.
 */
static int run(struct daemon *d, int sig_fd)
{
	struct pollfd fds[3] = {
		{ .fd = sig_fd, .events = POLLIN },
		{ .fd = mgm_event_fd(d->sess), .events = POLLIN },
		{ .fd = d->rtnl_fd, .events = POLLIN },	/* -1: ignored */
	};
	struct signalfd_siginfo si;
	int n;

	for (;;) {
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			say("poll: %s", strerror(errno));
			return -1;
		}
		if (fds[1].revents) {
			/* Runs the callbacks of every queued event. */
			n = mgm_dispatch(d->sess, 0);
			if (n < 0) {
				say_mgm_error(d, n, "cannot read MGM events");
				return -1;
			}
		}
		if (fds[2].revents) {
			debug("link change");
			rtnl_drain(d->rtnl_fd);
		}
		retake_gone(d);
		if (fds[0].revents &&
		    read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGHUP) {
				reload(d);
				continue;
			}
			say("%s: stopping",
			    si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
			return 0;
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mgm-static [-f FILE] [-p PIDFILE] [-v]\n"
		"       mgm-static -n [-f FILE] [-v]\n"
		"  -f, --config FILE    configuration (default " DEFAULT_CONFIG ")\n"
		"  -n, --check          only check the configuration (exit 0 or 1)\n"
		"  -p, --pidfile FILE   write the process id to FILE\n"
		"  -v, --verbose        say more\n"
		"  -V, --version        print the version\n"
		"  -h, --help           this help\n"
		"Signals: SIGHUP reloads the configuration, SIGTERM and SIGINT stop.\n");
}

static const struct option long_opts[] = {
	{ "config",	required_argument, NULL, 'f' },
	{ "check",	no_argument, NULL, 'n' },
	{ "pidfile",	required_argument, NULL, 'p' },
	{ "verbose",	no_argument, NULL, 'v' },
	{ "version",	no_argument, NULL, 'V' },
	{ "help",	no_argument, NULL, 'h' },
	{ }
};

int main(int argc, char **argv)
{
	struct daemon d = { .file = DEFAULT_CONFIG, .rtnl_fd = -1 };
	const char *pidfile = NULL;
	struct static_config cfg;
	bool check = false;
	sigset_t sigs;
	int opt, sig_fd, ret;

	while ((opt = getopt_long(argc, argv, "f:np:vVh", long_opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'f':
			d.file = optarg;
			break;
		case 'n':
			check = true;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'V':
			printf("mgm-static %s\n", MGM_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		say("unexpected argument \"%s\"", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}

	/* A bad file stops us before anything reaches the kernel. */
	if (config_read(d.file, &cfg)) {
		config_free(&cfg);
		return EXIT_FAIL;
	}
	debug("%s: protocol-id %u component-id %u, %u interfaces, %u joins",
	      d.file, cfg.proto_id, cfg.component_id, cfg.n_ifs, cfg.n_joins);
	if (check) {
		config_free(&cfg);
		return EXIT_OK;
	}

	/*
	 * Signals are read from a signalfd in the poll loop, never by a
	 * handler: block them first, so none is lost during the start.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sig_fd < 0) {
		say("signalfd: %s", strerror(errno));
		return EXIT_FAIL;
	}
	/* Before taking interfaces, so that no link change is missed. */
	d.rtnl_fd = rtnl_open();

	config_init(&d.cfg);
	if (start(&d, &cfg)) {
		config_free(&cfg);
		return EXIT_FAIL;
	}
	if (pidfile && write_pidfile(pidfile)) {
		stop(&d);
		return EXIT_FAIL;
	}
	say("running: %u interfaces, %u memberships from %s", d.cfg.n_ifs,
	    d.cfg.n_joins, d.file);

	ret = run(&d, sig_fd);
	if (stop(&d))
		ret = -1;
	if (pidfile)
		unlink(pidfile);
	return ret ? EXIT_FAIL : EXIT_OK;
}
