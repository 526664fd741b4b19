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
 * acknowledgement).  A session may be used by one thread at a time.
 */
#ifndef _MGM_MGM_H
#define _MGM_MGM_H

#include <stdint.h>

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
 * NULL if the last request succeeded or the kernel gave no message.
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
 * Return: 0; -EINVAL for a handle that is unknown or not this session's.
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

#ifdef __cplusplus
}
#endif

#endif /* _MGM_MGM_H */
