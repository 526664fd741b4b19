/* SPDX-License-Identifier: GPL-2.0 */
/* mgmctl: shared state of the command-line tool. */
#ifndef _MGMCTL_H
#define _MGMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>

#include <mgm/mgm.h>

#include "json.h"

/* Exit statuses: as iproute2 and most tools. */
#define EXIT_OK		0
#define EXIT_ERROR	1
#define EXIT_USAGE	2

struct mgmctl {
	bool json;
	bool pretty;
	bool stats;
	struct mgm_session *sess;
};

/* Open the session on first use; prints why on failure. */
int mgmctl_session(struct mgmctl *ctl);
/* Print "mgmctl: what: strerror (kernel: message)" to stderr. */
void mgmctl_error(const struct mgmctl *ctl, const char *what, int err);
/* The same with the kernel's message given (NULL: none). */
void mgmctl_error_msg(const char *what, int err, const char *kmsg);
/* Print a usage error to stderr and return EXIT_USAGE. */
int mgmctl_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
bool matches(const char *arg, const char *word);
/*
 * Note that keyword @key of command @cmd ("mfe show") was given, in
 * *@seen.  Return: true, after the usage error "CMD: KEY given twice",
 * when it already was (the caller returns EXIT_USAGE).
 */
bool mgmctl_twice(bool *seen, const char *cmd, const char *key);

/* A dump interrupted by a change (-EAGAIN) is redone this many times. */
#define MGMCTL_DUMP_TRIES	5

/*
 * Room for one more element in the array @v of @n elements of @size, of
 * room for *@cap: @v or its reallocation; NULL (and @v intact) on ENOMEM.
 */
void *mgmctl_grow(void *v, size_t *cap, size_t n, size_t size);
/* A JSON writer on stdout as -p says; NULL (with a message) on ENOMEM. */
struct json_writer *mgmctl_json(const struct mgmctl *ctl);

/* How a show command prints one of its records. */
struct mgmctl_printer {
	void (*json)(struct json_writer *jw, const void *rec);
	void (*text)(const void *rec);
};

/*
 * Print the @n records of @size bytes at @v: a JSON array with -j, else
 * one text line each.  Return: EXIT_OK; EXIT_ERROR (out of memory).
 */
int mgmctl_print_list(const struct mgmctl *ctl, const void *v, size_t n,
		      size_t size, const struct mgmctl_printer *p);

/* Name of a well-known multicast protocol id of routprot.h, or NULL. */
const char *mgmctl_proto_name(uint32_t id);

/* An interface argument: a name in this namespace, else an index. */
bool mgmctl_parse_if(const char *arg, uint32_t *ifindex);
/* An IPv4 address argument. */
bool mgmctl_parse_addr(const char *arg, union mgm_addr *addr);

/* Text of an address of @family (AF_INET if 0). */
const char *mgmctl_addr(uint8_t family, const union mgm_addr *addr,
			char buf[INET6_ADDRSTRLEN]);
bool mgmctl_addr_is_zero(const union mgm_addr *addr);
/*
 * The name to show for an interface: @kname (the kernel's) if set, else
 * the local name of @ifindex, else the index itself.  Return: false when
 * only the index is known.
 */
bool mgmctl_ifname(const char *kname, uint32_t ifindex,
		   char buf[IF_NAMESIZE]);
/* JSON members @name_key (when a name is known) and @index_key. */
void mgmctl_jw_if(struct json_writer *jw, const char *name_key,
		  const char *index_key, const char *kname, uint32_t ifindex);
/* A "route" member: the unicast route of an RPF check. */
void mgmctl_jw_route(struct json_writer *jw, uint8_t family,
		     const struct mgm_route *rt);
/* A decimal number argument, 0 to 2^32 - 1. */
bool mgmctl_parse_u32(const char *arg, uint32_t *v);

int do_protocol(struct mgmctl *ctl, int argc, char **argv);
int do_interface(struct mgmctl *ctl, int argc, char **argv);
int do_group(struct mgmctl *ctl, int argc, char **argv);
int do_mfe(struct mgmctl *ctl, int argc, char **argv);
int do_config(struct mgmctl *ctl, int argc, char **argv);
int do_monitor(struct mgmctl *ctl, int argc, char **argv);

#endif /* _MGMCTL_H */
