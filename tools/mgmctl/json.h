/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer for mgmctl's -j output. */
#ifndef _MGMCTL_JSON_H
#define _MGMCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

struct json_writer *jw_new(FILE *f, bool pretty);
/* Ends the document with a newline and frees the writer. */
void jw_destroy(struct json_writer *jw);

/* Values: array elements, or the document itself. */
void jw_start_object(struct json_writer *jw);
void jw_end_object(struct json_writer *jw);
void jw_start_array(struct json_writer *jw);
void jw_end_array(struct json_writer *jw);
/* An object or array as a member of the current object. */
void jw_start_object_member(struct json_writer *jw, const char *name);
void jw_start_array_member(struct json_writer *jw, const char *name);

/* Object members; the name is written as given (callers pass literals). */
void jw_uint(struct json_writer *jw, const char *name, uint64_t v);
void jw_string(struct json_writer *jw, const char *name, const char *s);
void jw_bool(struct json_writer *jw, const char *name, bool v);
/* Milliseconds written as seconds with three decimals: 1.250 */
void jw_msecs(struct json_writer *jw, const char *name, uint64_t ms);

#endif /* _MGMCTL_JSON_H */
