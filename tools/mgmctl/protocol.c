// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl protocol: the registered multicast routing protocols.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmctl.h"

struct proto_list {
	struct mgm_protocol_info *v;
	size_t n, cap;
};

static int collect(const struct mgm_protocol_info *info, void *arg)
{
	struct proto_list *l = arg;
	struct mgm_protocol_info *v;

	v = mgmctl_grow(l->v, &l->cap, l->n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->v[l->n++] = *info;
	return 0;
}

static void print_text(const void *rec)
{
	const struct mgm_protocol_info *p = rec;
	const char *name = mgmctl_proto_name(p->proto_id);

	printf("handle %llu proto %u", (unsigned long long)p->handle,
	       p->proto_id);
	if (name)
		printf(" (%s)", name);
	printf(" component %u pid %u comm %s portid %u\n", p->component_id,
	       p->pid, p->comm, p->portid);
}

static void print_json(struct json_writer *jw, const void *rec)
{
	const struct mgm_protocol_info *p = rec;
	const char *name = mgmctl_proto_name(p->proto_id);

	jw_start_object(jw);
	jw_uint(jw, "handle", p->handle);
	jw_uint(jw, "proto", p->proto_id);
	if (name)
		jw_string(jw, "proto_name", name);
	jw_uint(jw, "component", p->component_id);
	jw_uint(jw, "pid", p->pid);
	jw_string(jw, "comm", p->comm);
	jw_uint(jw, "portid", p->portid);
	jw_end_object(jw);
}

static const struct mgmctl_printer printer = {
	.json = print_json,
	.text = print_text,
};

static int protocol_show(struct mgmctl *ctl, int argc, char **argv)
{
	struct proto_list l = { };
	int tries = 0;
	int ret;

	if (argc > 0)
		return mgmctl_usage_error("protocol show: unexpected argument \"%s\"",
					  argv[0]);
	if (mgmctl_session(ctl))
		return EXIT_ERROR;

	/* Collect first: a dump interrupted by a change is simply redone. */
	do {
		l.n = 0;
		ret = mgm_protocol_dump(ctl->sess, collect, &l);
	} while (ret == -EAGAIN && ++tries < MGMCTL_DUMP_TRIES);
	if (ret) {
		mgmctl_error(ctl, "cannot list protocols", ret);
		free(l.v);
		return EXIT_ERROR;
	}

	ret = mgmctl_print_list(ctl, l.v, l.n, sizeof(*l.v), &printer);
	free(l.v);
	return ret;
}

int do_protocol(struct mgmctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return protocol_show(ctl, argc ? argc - 1 : 0, argv + 1);
	if (matches(argv[0], "help")) {
		printf("Usage: mgmctl protocol show\n");
		return EXIT_OK;
	}
	return mgmctl_usage_error("protocol: unknown command \"%s\"", argv[0]);
}
