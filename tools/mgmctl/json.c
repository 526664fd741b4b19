// SPDX-License-Identifier: GPL-2.0
/*
 * A small streaming JSON writer: objects, arrays, unsigned integers,
 * booleans, fixed-point numbers and strings, compact or pretty-printed,
 * with string escaping per RFC 8259.
 */

#include <inttypes.h>
#include <stdlib.h>

#include "json.h"

#define JW_MAX_DEPTH 16

struct json_writer {
	FILE *f;
	bool pretty;
	int depth;
	bool first[JW_MAX_DEPTH];	/* nothing written yet at this depth */
};

struct json_writer *jw_new(FILE *f, bool pretty)
{
	struct json_writer *jw = calloc(1, sizeof(*jw));

	if (!jw)
		return NULL;
	jw->f = f;
	jw->pretty = pretty;
	jw->first[0] = true;
	return jw;
}

void jw_destroy(struct json_writer *jw)
{
	fputc('\n', jw->f);
	free(jw);
}

static void jw_indent(struct json_writer *jw)
{
	int i;

	if (!jw->pretty)
		return;
	fputc('\n', jw->f);
	for (i = 0; i < jw->depth; i++)
		fputs("    ", jw->f);
}

static void jw_escape(struct json_writer *jw, const char *s)
{
	const unsigned char *p;

	fputc('"', jw->f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", jw->f);
			break;
		case '\\':
			fputs("\\\\", jw->f);
			break;
		case '\n':
			fputs("\\n", jw->f);
			break;
		case '\t':
			fputs("\\t", jw->f);
			break;
		default:
			if (*p < 0x20)
				fprintf(jw->f, "\\u%04x", *p);
			else
				fputc(*p, jw->f);
		}
	}
	fputc('"', jw->f);
}

/* Separator and indentation before a value, then its name if any. */
static void jw_member(struct json_writer *jw, const char *name)
{
	if (!jw->first[jw->depth])
		fputc(',', jw->f);
	if (jw->depth > 0)
		jw_indent(jw);
	jw->first[jw->depth] = false;
	if (name) {
		jw_escape(jw, name);
		fputs(jw->pretty ? ": " : ":", jw->f);
	}
}

static void jw_open(struct json_writer *jw, const char *name, char c)
{
	jw_member(jw, name);
	fputc(c, jw->f);
	if (jw->depth < JW_MAX_DEPTH - 1)
		jw->depth++;
	jw->first[jw->depth] = true;
}

static void jw_close(struct json_writer *jw, char c)
{
	bool empty = jw->first[jw->depth];

	if (jw->depth > 0)
		jw->depth--;
	if (!empty)
		jw_indent(jw);
	fputc(c, jw->f);
}

void jw_start_object(struct json_writer *jw)
{
	jw_open(jw, NULL, '{');
}

void jw_start_object_member(struct json_writer *jw, const char *name)
{
	jw_open(jw, name, '{');
}

void jw_end_object(struct json_writer *jw)
{
	jw_close(jw, '}');
}

void jw_start_array(struct json_writer *jw)
{
	jw_open(jw, NULL, '[');
}

void jw_start_array_member(struct json_writer *jw, const char *name)
{
	jw_open(jw, name, '[');
}

void jw_end_array(struct json_writer *jw)
{
	jw_close(jw, ']');
}

void jw_uint(struct json_writer *jw, const char *name, uint64_t v)
{
	jw_member(jw, name);
	fprintf(jw->f, "%" PRIu64, v);
}

void jw_string(struct json_writer *jw, const char *name, const char *s)
{
	jw_member(jw, name);
	jw_escape(jw, s);
}

void jw_bool(struct json_writer *jw, const char *name, bool v)
{
	jw_member(jw, name);
	fputs(v ? "true" : "false", jw->f);
}

void jw_msecs(struct json_writer *jw, const char *name, uint64_t ms)
{
	jw_member(jw, name);
	fprintf(jw->f, "%" PRIu64 ".%03u", ms / 1000, (unsigned int)(ms % 1000));
}
