// SPDX-License-Identifier: GPL-2.0
/*
 * mgm-static: the configuration file.
 *
 *   # comment (also after a statement)
 *   protocol-id NUMBER          default 3 (PROTO_IP_NETMGMT)
 *   component-id NUMBER         default 1
 *   interface IF                take ownership of IF (name or index)
 *   join GROUP IF               (*,G) membership on IF
 *   join SOURCE GROUP IF        (S,G) membership on IF ("*" as SOURCE: (*,G))
 *
 * Words are separated by blanks; the order of the lines does not matter.
 * The file is read in two passes: each line on its own, then, if every
 * line was good, what needs the whole file (a join's interface must have
 * an "interface" line; no duplicate joins).  Every error of a pass is
 * reported, not only the first.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "config.h"

/* The longest statement has four words; one more tells "too many". */
#define MAX_WORDS	5

struct parser {
	const char *file;
	unsigned int line;
	int errors;
	struct static_config *cfg;
	unsigned int cap_ifs;
	unsigned int cap_joins;
	/* Per join, until the second pass: its interface as written. */
	struct pending_if {
		uint32_t ifindex;
		char word[IF_NAMESIZE];
	} *pending;
};

static void __attribute__((format(printf, 3, 4)))
error_at(struct parser *p, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mgm-static: %s:%u: ", p->file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	p->errors++;
}

#define error(p, ...)	error_at(p, (p)->line, __VA_ARGS__)

const char *sg_str(const struct mgm_sg *sg, char buf[SG_STRLEN])
{
	char src[INET_ADDRSTRLEN] = "*", grp[INET_ADDRSTRLEN] = "*";

	if (sg->src_len)
		inet_ntop(AF_INET, &sg->src.v4, src, sizeof(src));
	if (sg->grp_len)
		inet_ntop(AF_INET, &sg->grp.v4, grp, sizeof(grp));
	snprintf(buf, SG_STRLEN, "(%s, %s)", src, grp);
	return buf;
}

void config_init(struct static_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->proto_id = STATIC_PROTO_ID_DEFAULT;
	cfg->component_id = STATIC_COMPONENT_ID_DEFAULT;
}

void config_free(struct static_config *cfg)
{
	free(cfg->ifs);
	free(cfg->joins);
	config_init(cfg);
}

/* Split @line into words, dropping the comment; return how many. */
static int split(char *line, char *words[MAX_WORDS])
{
	char *hash = strchr(line, '#'), *save, *w;
	int n = 0;

	if (hash)
		*hash = '\0';
	for (w = strtok_r(line, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (n < MAX_WORDS)
			words[n] = w;
		n++;
	}
	return n;
}

/* A 32-bit number, decimal or 0x-prefixed hexadecimal. */
static bool parse_u32(const char *s, uint32_t *v)
{
	int base = 10;
	unsigned long long n;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno || *end || end == s || n > UINT32_MAX)
		return false;
	*v = n;
	return true;
}

/*
 * An interface of the caller's network namespace, by name, else by index
 * (as mgmctl reads them).  Fills the kernel's name of the device.
 */
static bool resolve_if(const char *word, uint32_t *ifindex,
		       char name[IF_NAMESIZE], bool *by_index)
{
	uint32_t v;

	*by_index = false;
	*ifindex = if_nametoindex(word);
	if (*ifindex && if_indextoname(*ifindex, name))
		return true;
	if (!parse_u32(word, &v) || !v || !if_indextoname(v, name))
		return false;
	*ifindex = v;
	*by_index = true;
	return true;
}

static void *grow(void *v, unsigned int *cap, unsigned int n, size_t size)
{
	unsigned int ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? 2 * *cap : 16;
	v = realloc(v, (size_t)ncap * size);
	if (!v) {
		fprintf(stderr, "mgm-static: %s\n", strerror(ENOMEM));
		exit(1);
	}
	*cap = ncap;
	return v;
}

/* protocol-id NUMBER, component-id NUMBER */
static void parse_id(struct parser *p, char **w, int n, uint32_t *id,
		     unsigned int *line)
{
	if (n != 2) {
		error(p, "expected \"%s NUMBER\"", w[0]);
		return;
	}
	if (*line) {
		error(p, "duplicate %s (already on line %u)", w[0], *line);
		return;
	}
	*line = p->line;
	if (!parse_u32(w[1], id)) {
		error(p, "bad number \"%s\"", w[1]);
		return;
	}
	if (!strcmp(w[0], "protocol-id") && *id == MGM_PROTO_IGMP) {
		error(p, "protocol-id %u is IGMP's; a static protocol cannot be IGMP",
		      *id);
	}
}

/* interface IF */
static void parse_interface(struct parser *p, char **w, int n)
{
	struct static_config *cfg = p->cfg;
	struct static_if ifc = { .line = p->line };
	unsigned int i;

	if (n != 2) {
		error(p, "expected \"interface IF\"");
		return;
	}
	if (!resolve_if(w[1], &ifc.ifindex, ifc.name, &ifc.by_index)) {
		error(p, "unknown interface \"%s\"", w[1]);
		return;
	}
	for (i = 0; i < cfg->n_ifs; i++) {
		if (cfg->ifs[i].ifindex != ifc.ifindex)
			continue;
		if (strcmp(w[1], ifc.name))	/* "3" for eth1 */
			error(p, "duplicate interface \"%s\" (%s, already on line %u)",
			      w[1], ifc.name, cfg->ifs[i].line);
		else
			error(p, "duplicate interface \"%s\" (already on line %u)",
			      w[1], cfg->ifs[i].line);
		return;
	}
	cfg->ifs = grow(cfg->ifs, &p->cap_ifs, cfg->n_ifs, sizeof(ifc));
	cfg->ifs[cfg->n_ifs++] = ifc;
}

/* A group: a multicast address that the MGM forwards (not 224.0.0.0/24). */
static bool parse_group(struct parser *p, const char *s, struct mgm_sg *sg)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		error(p, "bad address \"%s\"", s);
		return false;
	}
	if (!IN_MULTICAST(ntohl(a.s_addr))) {
		error(p, "\"%s\" is not a multicast group address", s);
		return false;
	}
	if ((ntohl(a.s_addr) & 0xffffff00) == 0xe0000000) {
		error(p, "\"%s\" is a link-local group (224.0.0.0/24), never forwarded",
		      s);
		return false;
	}
	sg->grp.v4 = a;
	sg->grp_len = 32;
	return true;
}

/* A source: "*" (any source) or a unicast address. */
static bool parse_source(struct parser *p, const char *s, struct mgm_sg *sg)
{
	struct in_addr a;
	uint32_t h;

	if (!strcmp(s, "*"))
		return true;
	if (inet_pton(AF_INET, s, &a) != 1) {
		error(p, "bad address \"%s\"", s);
		return false;
	}
	h = ntohl(a.s_addr);
	if (!h || h == INADDR_BROADCAST || IN_MULTICAST(h)) {
		error(p, "\"%s\" is not a unicast source address", s);
		return false;
	}
	sg->src.v4 = a;
	sg->src_len = 32;
	return true;
}

/* "join GROUP SOURCE IF", a common slip. */
static bool swapped(const char *src, const char *grp)
{
	struct in_addr s, g;

	return inet_pton(AF_INET, src, &s) == 1 &&
	       inet_pton(AF_INET, grp, &g) == 1 &&
	       IN_MULTICAST(ntohl(s.s_addr)) && !IN_MULTICAST(ntohl(g.s_addr));
}

/* join [SOURCE] GROUP IF */
static void parse_join(struct parser *p, char **w, int n)
{
	struct static_config *cfg = p->cfg;
	struct static_join j = { .line = p->line };
	struct pending_if pend;
	unsigned int cap;
	char name[IF_NAMESIZE];
	bool by_index, ok;

	if (n != 3 && n != 4) {
		error(p, "expected \"join [SOURCE] GROUP IF\"");
		return;
	}
	j.sg = mgm_sg4(0, 0, 0, 0);
	if (n == 4 && swapped(w[1], w[2])) {
		error(p, "\"%s\" is a group and \"%s\" is not: expected \"join SOURCE GROUP IF\"",
		      w[1], w[2]);
		return;
	}
	/* Check every word, so that one line reports all its errors. */
	ok = n == 3 || parse_source(p, w[1], &j.sg);
	ok = parse_group(p, w[n - 2], &j.sg) && ok;
	if (!resolve_if(w[n - 1], &pend.ifindex, name, &by_index)) {
		error(p, "unknown interface \"%s\"", w[n - 1]);
		return;
	}
	if (!ok)
		return;
	/* A resolved word is a name or an index: it fits. */
	snprintf(pend.word, sizeof(pend.word), "%s", w[n - 1]);
	cap = p->cap_joins;
	cfg->joins = grow(cfg->joins, &p->cap_joins, cfg->n_joins, sizeof(j));
	if (cap != p->cap_joins)
		p->pending = realloc(p->pending,
				     (size_t)p->cap_joins * sizeof(pend));
	if (!p->pending) {
		fprintf(stderr, "mgm-static: %s\n", strerror(ENOMEM));
		exit(1);
	}
	p->pending[cfg->n_joins] = pend;
	cfg->joins[cfg->n_joins++] = j;
}

static void parse_line(struct parser *p, char *line)
{
	char *w[MAX_WORDS];
	int n = split(line, w);

	if (!n)
		return;
	if (!strcmp(w[0], "interface"))
		parse_interface(p, w, n);
	else if (!strcmp(w[0], "join"))
		parse_join(p, w, n);
	else if (!strcmp(w[0], "protocol-id"))
		parse_id(p, w, n, &p->cfg->proto_id, &p->cfg->proto_line);
	else if (!strcmp(w[0], "component-id"))
		parse_id(p, w, n, &p->cfg->component_id,
			 &p->cfg->component_line);
	else
		error(p, "unknown keyword \"%s\"", w[0]);
}

/* The second pass: each join's interface, duplicate joins. */
static void check_joins(struct parser *p)
{
	struct static_config *cfg = p->cfg;
	struct static_join *j, *k;
	char sg[SG_STRLEN];
	unsigned int i, m;

	for (i = 0; i < cfg->n_joins; i++) {
		j = &cfg->joins[i];
		for (m = 0; m < cfg->n_ifs; m++)
			if (cfg->ifs[m].ifindex == p->pending[i].ifindex)
				break;
		if (m == cfg->n_ifs) {
			error_at(p, j->line,
				 "interface \"%s\" is not declared (add \"interface %s\")",
				 p->pending[i].word, p->pending[i].word);
			continue;
		}
		j->ifc = m;
		for (m = 0; m < i; m++) {
			k = &cfg->joins[m];
			if (p->pending[m].ifindex == p->pending[i].ifindex &&
			    !memcmp(&k->sg, &j->sg, sizeof(j->sg))) {
				error_at(p, j->line,
					 "duplicate join %s on %s (already on line %u)",
					 sg_str(&j->sg, sg),
					 cfg->ifs[j->ifc].name, k->line);
				break;
			}
		}
	}
}

int config_read(const char *file, struct static_config *cfg)
{
	struct parser p = { .file = file, .cfg = cfg };
	char *line = NULL;
	size_t size = 0;
	FILE *f;

	config_init(cfg);
	f = fopen(file, "re");
	if (!f) {
		fprintf(stderr, "mgm-static: %s: %s\n", file, strerror(errno));
		return -1;
	}
	while (getline(&line, &size, f) != -1) {
		p.line++;
		parse_line(&p, line);
	}
	if (ferror(f)) {
		fprintf(stderr, "mgm-static: %s: %s\n", file, strerror(errno));
		p.errors++;
	}
	fclose(f);
	free(line);
	if (!p.errors)
		check_joins(&p);
	free(p.pending);
	if (p.errors) {
		config_free(cfg);
		return -1;
	}
	return 0;
}
