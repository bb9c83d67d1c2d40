/*
 * What results needs of an output tree: plan.yaml's name and flows (SPEC
 * §5) through libyaml, and loadgen/flows.lua's seed and each flow's share
 * of the packet-order table (SPEC §6: per-flow `count`; an older
 * flows.lua holds repetition 1's table as `order`, whose entries are
 * counted instead).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "hvnetc.h"
#include "results.h"

static yaml_node_t *
ymapget(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);

		if (k && k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

static const char *
scalar(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	yaml_node_t *n = ymapget(d, m, key);

	return n && n->type == YAML_SCALAR_NODE ? (char *)n->data.scalar.value : NULL;
}

static int
number(yaml_document_t *d, yaml_node_t *m, const char *key, uint64_t *v)
{
	const char *s = scalar(d, m, key);
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return *end || errno ? -1 : 0;
}

static int
ipv4(const char *s, uint32_t *a)
{
	unsigned b[4];
	char tail;

	if (!s || sscanf(s, "%u.%u.%u.%u%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4 ||
	    b[0] > 255 || b[1] > 255 || b[2] > 255 || b[3] > 255)
		return -1;
	*a = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return 0;
}

/* One flow of plan.yaml's flows; 0, or -1 when a key is missing. */
static int
flowread(yaml_document_t *d, yaml_node_t *m, struct rflow *f)
{
	uint64_t hops, port, size, rate;
	yaml_node_t *path = ymapget(d, m, "path");
	const char *name = scalar(d, m, "name");

	if (!name || number(d, m, "hops", &hops) || number(d, m, "port", &port) ||
	    number(d, m, "size", &size) || number(d, m, "rate", &rate) ||
	    ipv4(scalar(d, m, "src_address"), &f->src) || !path ||
	    path->type != YAML_SEQUENCE_NODE || port > 65535)
		return -1;
	f->name = xstrdup(name);
	f->hops = (unsigned)hops;
	f->port = (unsigned)port;
	f->size = (unsigned)size;
	f->rate = rate;
	/* every VM on the path routes it once */
	f->ttl = 64 - (unsigned)(path->data.sequence.items.top - path->data.sequence.items.start);
	return 0;
}

static int
keycmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The look-up tables of planflow(). */
static void
plankeys(struct rplan *p)
{
	size_t i;

	p->keys = xcalloc(p->nflows + 1, sizeof(*p->keys));
	p->srcs = xcalloc(p->nflows + 1, sizeof(*p->srcs));
	for (i = 0; i < p->nflows; i++) {
		p->keys[i] = ((uint64_t)p->flows[i].src << 32) | ((uint64_t)p->flows[i].port << 16) | i;
		p->srcs[i] = p->flows[i].src;
	}
	qsort(p->keys, p->nflows, sizeof(*p->keys), keycmp);
	qsort(p->srcs, p->nflows, sizeof(*p->srcs), keycmp);
}

int
planflow(const struct rplan *p, uint32_t src, unsigned port)
{
	uint64_t want = ((uint64_t)src << 32) | ((uint64_t)port << 16);
	size_t lo = 0, hi = p->nflows;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if ((p->keys[mid] & ~0xffffull) < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nflows && (p->keys[lo] & ~0xffffull) == want)
		return (int)(p->keys[lo] & 0xffff);
	return bsearch(&(uint64_t){ src }, p->srcs, p->nflows, sizeof(*p->srcs), keycmp)
	    ? FLOW_WRONGPORT : FLOW_NONE;
}

static int
planyaml(struct rplan *p, const char *path, yaml_document_t *d)
{
	yaml_node_t *root = yaml_document_get_root_node(d), *fl;
	yaml_node_item_t *it;
	const char *name = scalar(d, root, "name");

	fl = ymapget(d, root, "flows");
	if (!name || !scalar(d, root, "hvnet") || !fl || fl->type != YAML_SEQUENCE_NODE) {
		syserr("'%s' is not an hvnetc plan.yaml (no name, hvnet or flows)", path);
		return EXIT_INVALID;
	}
	p->name = xstrdup(name);
	p->flows = xcalloc((size_t)(fl->data.sequence.items.top - fl->data.sequence.items.start) + 1,
	    sizeof(*p->flows));
	for (it = fl->data.sequence.items.start; it < fl->data.sequence.items.top; it++)
		if (flowread(d, yaml_document_get_node(d, *it), &p->flows[p->nflows++])) {
			syserr("%s: flow %zu lacks name, hops, port, size, rate, src_address or path",
			    path, p->nflows);
			return EXIT_INVALID;
		}
	if (!p->nflows || p->nflows > 65535) {
		syserr("%s: %zu flows: results measures 1 to 65535", path, p->nflows);
		return EXIT_INVALID;
	}
	plankeys(p);
	return EXIT_OK;
}

static int
yamlread(struct rplan *p, const char *path)
{
	yaml_parser_t parser;
	yaml_document_t d;
	FILE *f = fopen(path, "rb");
	int r;

	if (!f) {
		syserr("cannot open '%s': %s (OUT must be a 'hvnetc build' output tree)",
		    path, strerror(errno));
		return EXIT_IO;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &d)) {
		syserr("%s:%zu: %s", path, parser.problem_mark.line + 1,
		    parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		fclose(f);
		return EXIT_INVALID;
	}
	r = planyaml(p, path, &d);
	yaml_document_delete(&d);
	yaml_parser_delete(&parser);
	fclose(f);
	return r;
}

/* The next identifier of Lua text s at *i, skipping strings and comments. */
static const char *
luaword(const char *s, size_t *i, size_t *n)
{
	while (s[*i]) {
		const char *c = s + *i;

		if (c[0] == '-' && c[1] == '-')
			*i += strcspn(c, "\n");
		else if (*c == '"')
			*i += 1 + strcspn(c + 1, "\"") + (c[1 + strcspn(c + 1, "\"")] != 0);
		else if (isalpha((unsigned char)*c) || *c == '_') {
			*n = strspn(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
			*i += *n;
			return c;
		} else
			(*i)++;
	}
	return NULL;
}

/* After a word: " = value"; the number, or -1 when none follows. */
static long long
luavalue(const char *s, size_t *i)
{
	char *end;
	long long v;

	*i += strspn(s + *i, " \t");
	if (s[*i] != '=')
		return -1;
	(*i)++;
	*i += strspn(s + *i, " \t");
	if (!isdigit((unsigned char)s[*i]))
		return -1;
	v = strtoll(s + *i, &end, 10);
	*i = (size_t)(end - s);
	return v;
}

/* order = { 2, 1, ... }: count each flow's entries. */
static int
luaorder(struct rplan *p, const char *s, size_t *i)
{
	char *end;

	*i += strspn(s + *i, " \t=");
	if (s[*i] != '{')
		return -1;
	for ((*i)++; s[*i] && s[*i] != '}';) {
		long v;

		if (!isdigit((unsigned char)s[*i])) {
			(*i)++;
			continue;
		}
		v = strtol(s + *i, &end, 10);
		*i = (size_t)(end - s);
		if (v < 1 || (size_t)v > p->nflows)
			return -1;
		p->flows[v - 1].count++;
		p->norder++;
	}
	return 0;
}

static int
luaparse(struct rplan *p, const char *s)
{
	size_t i = 0, n, nc = 0, k;
	const char *w;
	long long v;

	while ((w = luaword(s, &i, &n))) {
		if (n == 4 && !strncmp(w, "seed", 4) && (v = luavalue(s, &i)) >= 0)
			p->seed = (uint64_t)v;
		else if (n == 5 && !strncmp(w, "count", 5) && (v = luavalue(s, &i)) >= 0 && nc < p->nflows)
			p->flows[nc++].count = (size_t)v;
		else if (n == 5 && !strncmp(w, "order", 5) && luaorder(p, s, &i))
			return -1;
	}
	for (k = 0; k < nc; k++)
		p->norder += p->flows[k].count;
	return nc && nc != p->nflows ? -1 : 0;
}

static int
luaread(struct rplan *p, const char *path)
{
	struct buf b = { 0 };
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int r = EXIT_OK;

	if (!f)
		return EXIT_OK;		/* pcap captures do without it */
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bufput(&b, chunk, n);
	fclose(f);
	if (b.s && luaparse(p, b.s)) {
		syserr("%s: its flows or packet-order table do not match plan.yaml's", path);
		r = EXIT_INVALID;
	}
	buffree(&b);
	return r;
}

int
planread(struct rplan *p, const char *out)
{
	struct buf path = { 0 };
	int r;

	memset(p, 0, sizeof(*p));
	bufprintf(&path, "%s/plan.yaml", out);
	r = yamlread(p, path.s);
	path.len = 0;
	bufprintf(&path, "%s/loadgen/flows.lua", out);
	if (r == EXIT_OK)
		r = luaread(p, path.s);
	buffree(&path);
	return r;
}

uint32_t *
planorder(const struct rplan *p, unsigned r)
{
	uint32_t *v;
	size_t i, k, len = 0;

	if (!p->norder)
		return NULL;
	v = xmalloc(p->norder * sizeof(*v));
	for (i = 0; i < p->nflows; i++)
		for (k = 0; k < p->flows[i].count; k++)
			v[len++] = (uint32_t)i;
	ordershuffle(v, len, p->seed + r - 1);
	return v;
}

void
planfree(struct rplan *p)
{
	size_t i;

	for (i = 0; i < p->nflows; i++)
		free(p->flows[i].name);
	free(p->flows);
	free(p->name);
	free(p->keys);
	free(p->srcs);
	memset(p, 0, sizeof(*p));
}
