/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmgm: the native C API of the Multicast Group Manager.
 *
 * A session is a connection to the kernel's "mgm" generic netlink family
 * in the caller's network namespace.  Protocols registered through a
 * session belong to it: their handles are valid only on that session, and
 * closing the session (or the death of the process) deregisters them.
 *
 * Every function returns 0 or a negative errno.  When the kernel refused a
 * request, mgm_last_error() gives its explanation (the netlink extended
 * acknowledgement).  Besides the codes listed per function: a value the
 * kernel's attribute policy refuses (handle 0, ifindex 0, an enumeration
 * type above 1) gives -ERANGE; a request that changes state without
 * CAP_NET_ADMIN over the network namespace gives -EPERM; a family other
 * than AF_INET gives -EAFNOSUPPORT; what the socket layer reports beyond
 * -ENOMEM, -EPERM, -ENOENT, -EAGAIN and -EINTR becomes -EIO.
 *
 * A session owns two netlink sockets: one for requests and one for events.
 * Events (the MGM callbacks) are read from mgm_event_fd() and dispatched by
 * mgm_dispatch() on the caller's thread; a callback may call any libmgm
 * function on the same session, because requests use the other socket.
 * A session may be used by one thread at a time; use one session per
 * thread otherwise.
 */
#ifndef _MGM_MGM_H
#define _MGM_MGM_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <net/if.h>
#include <linux/mgm.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Protocol id of IGMP; at most one IGMP instance per network namespace. */
#define MGM_PROTO_IGMP	10

struct mgm_session;

/** A protocol handle; 0 is never a valid handle. */
typedef uint64_t mgm_handle_t;

/** A registered protocol instance, as listed by the kernel. */
struct mgm_protocol_info {
	mgm_handle_t handle;
	uint32_t proto_id;
	uint32_t component_id;
	uint32_t portid;	/**< netlink port of the owning session */
	uint32_t pid;		/**< registering process, 0 if not visible */
	char comm[16];		/**< its command name */
};

/**
 * mgm_open() - open a session
 * @sessp: receives the session
 *
 * Return: 0; -ENOENT if the mgm module is not loaded (the family does not
 * exist); -ENOMEM; another negative errno from the socket layer.
 */
int mgm_open(struct mgm_session **sessp);

/** mgm_close() - close a session; its protocols are deregistered. */
void mgm_close(struct mgm_session *sess);

/**
 * mgm_last_error() - the kernel's message for the last failed request
 *
 * Return: a string owned by the session, valid until its next request, or
 * NULL if the last request succeeded or the kernel gave no message.  The
 * replies mgm_dispatch() sends are requests too; a call refused by its
 * own argument checks, before any request, leaves the text as it was.
 */
const char *mgm_last_error(const struct mgm_session *sess);

/**
 * mgm_protocol_register() - register a multicast routing protocol instance
 * @proto_id: protocol identifier (routprot.h numbering)
 * @component_id: instance of the protocol
 * @handle: receives the handle
 *
 * Return: 0; -EEXIST for a duplicate (proto_id, component_id) or a second
 * IGMP; -ENOSPC when the namespace's limit is reached; -EPERM without
 * CAP_NET_ADMIN over the network namespace.
 */
int mgm_protocol_register(struct mgm_session *sess, uint32_t proto_id,
			  uint32_t component_id, mgm_handle_t *handle);

/**
 * mgm_protocol_deregister() - deregister a protocol instance
 *
 * Return: 0; -EBUSY while it still owns interfaces (release them first);
 * -EINVAL for a handle that is unknown or not this session's.
 */
int mgm_protocol_deregister(struct mgm_session *sess, mgm_handle_t handle);

/**
 * mgm_protocol_get() - look up one registered protocol by handle
 *
 * Return: 0; -ENOENT if no protocol has that handle.
 */
int mgm_protocol_get(struct mgm_session *sess, mgm_handle_t handle,
		     struct mgm_protocol_info *info);

/** Called once per protocol by mgm_protocol_dump(); non-zero stops it. */
typedef int (*mgm_protocol_cb)(const struct mgm_protocol_info *info,
			       void *arg);

/**
 * mgm_protocol_dump() - list every registered protocol, in handle order
 *
 * Return: 0; the callback's non-zero value if it stopped the dump;
 * -EAGAIN if the table changed during a multi-part dump (the callback may
 * have seen a mix of old and new state: start again).
 */
int mgm_protocol_dump(struct mgm_session *sess, mgm_protocol_cb cb,
		      void *arg);


/* ------------------------------------------------------------------ */
/* Addresses, interfaces, (source, group) keys                         */
/* ------------------------------------------------------------------ */

/** An address of the session's family (AF_INET only, for now). */
union mgm_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

/**
 * struct mgm_if - an interface as the MGM names it
 * @ifindex: Linux interface index
 * @nexthop: next hop of a point-to-multipoint link; all zeroes for
 *	broadcast and point-to-point interfaces
 */
struct mgm_if {
	uint32_t ifindex;
	union mgm_addr nexthop;
};

/**
 * struct mgm_sg - a (source, group) key
 * @family: AF_INET (0 is read as AF_INET)
 * @src_len: 0 for the wildcard source, 32 for one source
 * @grp_len: 0 for the wildcard group, 32 for one group
 *
 * Memberships take the shapes (S,G) = (32, 32), (*,G) = (0, 32) and
 * (*,*) = (0, 0); forwarding entries are always (S,G).
 */
struct mgm_sg {
	uint8_t family;
	uint8_t src_len;
	uint8_t grp_len;
	union mgm_addr src;
	union mgm_addr grp;
};

/** The unicast route behind a reverse-path check. */
struct mgm_route {
	union mgm_addr dst;
	uint8_t dst_len;
	union mgm_addr gateway;
	uint32_t ifindex;
	uint32_t proto_id;	/**< routprot.h numbering (dwRouteProtocol) */
	uint32_t table;
	uint32_t metric;
};

/* ------------------------------------------------------------------ */
/* Events (callbacks)                                                  */
/* ------------------------------------------------------------------ */

/** An outgoing interface offered in a creation alert. */
struct mgm_creation_oif {
	struct mgm_if ifc;
	int igmp;		/**< IGMP is active on it (bIGMP) */
	int enabled;		/**< in: 1; set 0 to veto (bIsEnabled) */
};

/**
 * struct mgm_event - one event, decoded
 * @type: MGM_CMD_* of include/uapi/linux/mgm.h (MGM_CMD_JOIN_ALERT, ...)
 * @seq: namespace-wide sequence number, increasing in generation order
 * @handle: the protocol the event is for
 * @req_id: non-zero for an event that waits for a reply
 * @sg: source and group (all events but the interface ones)
 * @ifc: the interface concerned: the membership's interface (local
 *	join/leave, prune alert with @member_update), the entry's incoming
 *	interface (prune alert without), the arrival interface (wrong-if),
 *	the interface of disable/enable-igmp and if-gone
 * @iif: incoming interface proposed (rpf) or chosen (creation)
 * @arrival_ifindex: interface the first packet came in on (rpf)
 * @upstream: RPF neighbour proposed (rpf)
 * @route: route found by the RPF lookup (rpf)
 * @member_update: 1 for a membership change, 0 for a forwarding-entry
 *	change (join and prune alerts)
 * @timeout: the entry lifetime offered by a prune alert, in seconds
 * @dropped: events lost (overflow)
 * @oifs: the recipient's interfaces of a creation alert
 * @n_oifs: number of @oifs
 * @hdr: packet header (rpf, wrong-if)
 * @hdr_len: bytes at @hdr
 *
 * Pointers are valid during the callback only.
 */
struct mgm_event {
	uint8_t type;
	uint64_t seq;
	mgm_handle_t handle;
	uint64_t req_id;
	struct mgm_sg sg;
	struct mgm_if ifc;
	struct mgm_if iif;
	uint32_t arrival_ifindex;
	union mgm_addr upstream;
	struct mgm_route route;
	int member_update;
	uint32_t timeout;
	uint32_t dropped;
	struct mgm_creation_oif *oifs;
	unsigned int n_oifs;
	const uint8_t *hdr;
	size_t hdr_len;
};

/**
 * struct mgm_rpf_answer - what an RPF callback decides
 *
 * Pre-filled with the kernel's proposal.  Setting @iif.ifindex to 0
 * refuses the traffic: a negative entry is installed.
 */
struct mgm_rpf_answer {
	struct mgm_if iif;
	union mgm_addr upstream;
	struct mgm_route route;
};

/**
 * struct mgm_callbacks - the events a protocol wants
 *
 * A NULL member means "not interested": the kernel then applies the
 * documented default at once (it does not even send the event).  Request
 * callbacks (@rpf, @creation_alert, @prune_alert when !member_update)
 * answer through their last argument; mgm_dispatch() sends the reply when
 * the callback returns.  @overflow is called when events were lost: the
 * protocol must resynchronise (mgm_member_dump(), mgm_mfe_dump()).  The
 * overflow event is the exception to the rule above: it is always sent,
 * and with a NULL @overflow it is read and dropped.
 */
struct mgm_callbacks {
	void (*rpf)(void *arg, const struct mgm_event *ev,
		    struct mgm_rpf_answer *answer);
	void (*creation_alert)(void *arg, const struct mgm_event *ev,
			       struct mgm_creation_oif *oifs,
			       unsigned int n_oifs);
	void (*prune_alert)(void *arg, const struct mgm_event *ev,
			    uint32_t *timeout);
	void (*join_alert)(void *arg, const struct mgm_event *ev);
	void (*wrong_if)(void *arg, const struct mgm_event *ev);
	void (*local_join)(void *arg, const struct mgm_event *ev);
	void (*local_leave)(void *arg, const struct mgm_event *ev);
	void (*disable_igmp)(void *arg, const struct mgm_event *ev);
	void (*enable_igmp)(void *arg, const struct mgm_event *ev);
	void (*if_gone)(void *arg, const struct mgm_event *ev);
	void (*overflow)(void *arg, const struct mgm_event *ev);
};

/**
 * mgm_protocol_register_cb() - register a protocol that receives events
 * @cbs: callbacks (copied); NULL for none
 * @arg: passed to every callback
 *
 * Events go to the session's event socket.  Return: as
 * mgm_protocol_register().
 */
int mgm_protocol_register_cb(struct mgm_session *sess, uint32_t proto_id,
			     uint32_t component_id,
			     const struct mgm_callbacks *cbs, void *arg,
			     mgm_handle_t *handle);

/** mgm_event_fd() - the event socket, to poll for POLLIN. */
int mgm_event_fd(const struct mgm_session *sess);

/**
 * mgm_dispatch() - read and dispatch events
 * @timeout_ms: how long to wait for the first event (0: do not wait,
 *	-1: forever)
 *
 * Dispatches every event already queued, in order, calling the callbacks
 * on the caller's thread and sending the replies of request events.
 * Return: the number of events dispatched (0 on timeout), or a negative
 * errno.  Events the kernel had to drop are reported by an overflow
 * event (dropped > 0); a full event socket loses nothing, as the kernel
 * keeps the events and retries.  Should the socket itself ever report an
 * overrun, the overflow callback is called with dropped = 0.  Not
 * re-entrant: a callback must not call mgm_dispatch() or mgm_close() on
 * its own session.
 */
int mgm_dispatch(struct mgm_session *sess, int timeout_ms);

/**
 * mgm_monitor_start() - watch every event of the network namespace
 *
 * Subscribes a socket of the session (a third one, opened here) to the
 * family's read-only "monitor" multicast group: from now on it receives
 * a copy of every event the kernel generates in the namespace, whichever
 * protocol it is for.  The kernel generates only the events some
 * protocol asked for (its callbacks); the copies are not answered.  Needs
 * no privilege.  Calling it again does nothing.
 *
 * Return: 0; -ENOENT if the module has no monitor group; -ENOMEM;
 * another negative errno from the socket layer.
 */
int mgm_monitor_start(struct mgm_session *sess);

/** mgm_monitor_fd() - the monitor socket, to poll; -EINVAL before start. */
int mgm_monitor_fd(const struct mgm_session *sess);

/**
 * typedef mgm_monitor_cb - called by mgm_monitor_read() once per event
 *
 * @ev is valid during the call only.  A request event (@ev->req_id set)
 * is a copy: its recipient answers it, not the monitor.  Non-zero stops
 * mgm_monitor_read(); the events still queued wait for the next call.
 */
typedef int (*mgm_monitor_cb)(const struct mgm_event *ev, void *arg);

/**
 * mgm_monitor_read() - read the queued event copies, in order
 * @timeout_ms: how long to wait for the first one (0: do not wait,
 *	-1: forever)
 *
 * Copies that did not fit in the socket are lost; the loss is reported
 * in its place by an event of type MGM_CMD_OVERFLOW with @handle 0, @seq
 * 0 and @dropped 0 (the gap in @seq of the next event shows how many).
 *
 * Return: the number of events passed to @cb (0 on timeout); a negative
 * errno (-EINVAL before mgm_monitor_start()).
 */
int mgm_monitor_read(struct mgm_session *sess, int timeout_ms,
		     mgm_monitor_cb cb, void *arg);

/* ------------------------------------------------------------------ */
/* Interfaces                                                          */
/* ------------------------------------------------------------------ */

/**
 * mgm_if_take() - take ownership of an interface
 *
 * Return: 0; -EEXIST if it is owned already (also by the caller; for IGMP:
 * if IGMP already (co-)owns it); -ENODEV if no such interface;
 * -EINVAL for a bad handle; -ENOSPC at the namespace's limit; -EBUSY if
 * the kernel's own multicast routing (ipmr) forwards on it.
 */
int mgm_if_take(struct mgm_session *sess, mgm_handle_t handle,
		const struct mgm_if *ifc);

/**
 * mgm_if_release() - release ownership of an interface
 *
 * Return: 0; -EINVAL for a bad handle or an interface the caller does not
 * own, including one nobody owns (ERROR_INVALID_PARAMETER in the spec).
 */
int mgm_if_release(struct mgm_session *sess, mgm_handle_t handle,
		   const struct mgm_if *ifc);

/** The owners of an interface. */
struct mgm_if_info {
	struct mgm_if ifc;
	char ifname[IF_NAMESIZE];
	mgm_handle_t owner;	/**< effective owner: 0 if only IGMP */
	uint32_t proto_id;	/**< of the effective owner (IGMP if alone) */
	uint32_t component_id;
	mgm_handle_t igmp;	/**< IGMP (co-)owner, 0 if none */
};

/** mgm_if_get() - owners of one interface; -ENOENT if nobody owns it. */
int mgm_if_get(struct mgm_session *sess, const struct mgm_if *ifc,
	       struct mgm_if_info *info);

typedef int (*mgm_if_cb)(const struct mgm_if_info *info, void *arg);

/** mgm_if_dump() - every owned interface, by (ifindex, nexthop). */
int mgm_if_dump(struct mgm_session *sess, mgm_if_cb cb, void *arg);

/* ------------------------------------------------------------------ */
/* Memberships                                                         */
/* ------------------------------------------------------------------ */

#define MGM_JOIN	1	/* MGM_MEMBER_FLAGS_JOIN */
#define MGM_FORWARD	2	/* MGM_MEMBER_FLAGS_FORWARD */

/**
 * mgm_member_add() - add a membership (MGM_JOIN) and/or forwarding state
 * (MGM_FORWARD) for @sg on @ifc
 *
 * Return: 0 (also when it existed already); -EINVAL for a bad handle,
 * flags, shape, or an interface the caller does not (co-)own; -ENOENT
 * if nobody owns the interface; -ENOSPC at the namespace's limit.
 */
int mgm_member_add(struct mgm_session *sess, mgm_handle_t handle,
		   const struct mgm_sg *sg, const struct mgm_if *ifc,
		   uint32_t flags);

/** mgm_member_del() - the reverse of mgm_member_add(); same returns. */
int mgm_member_del(struct mgm_session *sess, mgm_handle_t handle,
		   const struct mgm_sg *sg, const struct mgm_if *ifc,
		   uint32_t flags);

/** An interface of a membership entry. */
struct mgm_member_oif {
	struct mgm_if ifc;
	char ifname[IF_NAMESIZE];
	mgm_handle_t component;	/**< owner of the interface when it joined */
	uint32_t by;		/**< MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP */
};

/** A membership entry (all-sources) or a group (any-source). */
struct mgm_member_info {
	struct mgm_sg sg;
	struct mgm_member_oif *oifs;	/**< none for any-source */
	unsigned int n_oifs;
};

typedef int (*mgm_member_cb)(const struct mgm_member_info *info,
			     void *arg);

/**
 * mgm_member_dump() - the namespace's membership table
 * @enum_type: MGM_ENUM_TYPE_ALL_SOURCES or MGM_ENUM_TYPE_ANY_SOURCE
 * @after: resume strictly after this key; NULL from the start
 *
 * Each entry comes once with all its interfaces, however many.  Needs
 * CAP_NET_ADMIN.  Return: as mgm_protocol_dump().
 */
int mgm_member_dump(struct mgm_session *sess, int enum_type,
		    const struct mgm_sg *after, mgm_member_cb cb, void *arg);

/**
 * mgm_member_dump_max() - mgm_member_dump() of at most @max entries
 * @max: 0 for all
 *
 * For paging through a big table: the kernel stops after @max entries, so
 * a page costs what it returns (a callback that stops a dump early still
 * waits for the rest of it to be read).
 */
int mgm_member_dump_max(struct mgm_session *sess, int enum_type,
			const struct mgm_sg *after, uint32_t max,
			mgm_member_cb cb, void *arg);

/* ------------------------------------------------------------------ */
/* Forwarding entries                                                  */
/* ------------------------------------------------------------------ */

/** Counters of a forwarding entry. */
struct mgm_mfe_stats {
	uint64_t in_packets;
	uint64_t in_bytes;
	uint64_t different_if;
	uint64_t queue_overflow;
	uint64_t uninit;
	uint64_t negative;
	uint64_t in_discards;
	uint64_t hdr_errors;
	uint64_t out_packets;
};

/** An outgoing interface of a forwarding entry, with its counters. */
struct mgm_mfe_oif {
	struct mgm_if ifc;
	char ifname[IF_NAMESIZE];
	uint64_t packets;
	uint64_t discards;
	uint64_t ttl_too_low;
	uint64_t frag_needed;
};

/** A forwarding entry. */
struct mgm_mfe_info {
	struct mgm_sg sg;
	struct mgm_if iif;
	uint32_t iif_proto_id;
	union mgm_addr upstream;
	struct mgm_route route;
	uint64_t uptime_ms;
	uint64_t expires_ms;	/**< 0: never ages */
	uint32_t timeout;	/**< seconds, 0: never ages */
	struct mgm_mfe_stats stats;
	struct mgm_mfe_oif *oifs;	/**< ascending (ifindex, nexthop) */
	unsigned int n_oifs;
	int64_t last_use_ms;	/**< since the last packet; -1: none yet */
};

typedef int (*mgm_mfe_cb)(const struct mgm_mfe_info *info, void *arg);

/**
 * mgm_mfe_get() - one forwarding entry, by (source, group)
 * @info: receives an allocated entry, to free with mgm_mfe_free()
 *
 * An entry with any number of outgoing interfaces: one too big for one
 * netlink message is read in parts and joined.
 *
 * Return: 0; -ENOENT if there is no such entry.
 */
int mgm_mfe_get(struct mgm_session *sess, const struct mgm_sg *sg,
		struct mgm_mfe_info **info);

/** mgm_mfe_free() - free what mgm_mfe_get() returned. */
void mgm_mfe_free(struct mgm_mfe_info *info);

/**
 * mgm_mfe_dump() - forwarding entries in (group, source) order
 * @after: resume strictly after this (source, group); NULL from the start
 *
 * The callback gets each entry once, with all its outgoing interfaces,
 * also one that the kernel had to send in parts.  Return: as
 * mgm_protocol_dump().
 */
int mgm_mfe_dump(struct mgm_session *sess, const struct mgm_sg *after,
		 mgm_mfe_cb cb, void *arg);

/** mgm_mfe_dump_max() - mgm_mfe_dump() of at most @max entries (0: all) */
int mgm_mfe_dump_max(struct mgm_session *sess, const struct mgm_sg *after,
		     uint32_t max, mgm_mfe_cb cb, void *arg);

/**
 * mgm_mfe_set() - change an entry's upstream neighbour and lifetime
 * @handle: any protocol registered on this session (the kernel requires
 *	one; it need not own the entry's interfaces)
 * @upstream: NULL to keep the neighbour; else the new one
 * @timeout: NULL to keep the lifetime; else seconds (0: never ages).  A
 *	new lifetime restarts the entry's countdown.
 *
 * Return: 0; -ENOENT if there is no such entry; -EINVAL for a bad handle.
 */
int mgm_mfe_set(struct mgm_session *sess, mgm_handle_t handle,
		const struct mgm_sg *sg, const union mgm_addr *upstream,
		const uint32_t *timeout);

/* ------------------------------------------------------------------ */
/* Limits and timers                                                   */
/* ------------------------------------------------------------------ */

/** Limits, timers and usage of the namespace. */
struct mgm_config {
	uint32_t max_protocols;
	uint32_t max_interfaces;
	uint32_t max_memberships;
	uint32_t max_mfes;
	uint32_t max_pending;
	uint32_t max_backlog;
	uint32_t mfe_timeout;		/**< seconds */
	uint32_t callback_timeout;	/**< milliseconds */
	/* read only */
	uint32_t protocols;
	uint32_t interfaces;
	uint32_t memberships;
	uint32_t mfes;
	uint32_t pending;
	/** packets of new (S,G)s dropped at the limits (wraps) */
	uint32_t pending_drops;
};

/* Which fields mgm_config_set() changes. */
#define MGM_CONFIG_MAX_PROTOCOLS	(1u << 0)
#define MGM_CONFIG_MAX_INTERFACES	(1u << 1)
#define MGM_CONFIG_MAX_MEMBERSHIPS	(1u << 2)
#define MGM_CONFIG_MAX_MFES		(1u << 3)
#define MGM_CONFIG_MAX_PENDING		(1u << 4)
#define MGM_CONFIG_MAX_BACKLOG		(1u << 5)
#define MGM_CONFIG_MFE_TIMEOUT		(1u << 6)
#define MGM_CONFIG_CALLBACK_TIMEOUT	(1u << 7)

int mgm_config_get(struct mgm_session *sess, struct mgm_config *cfg);

/** mgm_config_set() - change the fields named by @mask (CAP_NET_ADMIN). */
int mgm_config_set(struct mgm_session *sess, const struct mgm_config *cfg,
		   uint32_t mask);

/**
 * mgm_inject() - test hook: hand the forwarding code a packet
 * @sg: (S, G) of the packet (full lengths)
 * @ifc: arrival interface
 * @pkt_len: packet length, for the byte counters
 * @ttl: its TTL
 * @hdr: IP header and payload start, or NULL
 *
 * Only modules built with MGM_TEST=1 have it.  Return: 0;
 * -EOPNOTSUPP otherwise.
 */
int mgm_inject(struct mgm_session *sess, const struct mgm_sg *sg,
	       const struct mgm_if *ifc, uint32_t pkt_len, uint8_t ttl,
	       const void *hdr, size_t hdr_len);

/* Helpers for IPv4 keys; addresses in network byte order. */
static inline struct mgm_sg mgm_sg4(uint32_t src_be, uint8_t src_len,
				    uint32_t grp_be, uint8_t grp_len)
{
	struct mgm_sg sg = { .family = AF_INET, .src_len = src_len,
			     .grp_len = grp_len };

	sg.src.v4.s_addr = src_be;
	sg.grp.v4.s_addr = grp_be;
	return sg;
}

static inline struct mgm_if mgm_if4(uint32_t ifindex, uint32_t nexthop_be)
{
	struct mgm_if ifc = { .ifindex = ifindex };

	ifc.nexthop.v4.s_addr = nexthop_be;
	return ifc;
}

#ifdef __cplusplus
}
#endif

#endif /* _MGM_MGM_H */
