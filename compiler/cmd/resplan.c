/*
 * What results needs of an output tree: plan.yaml's name, seed and flows
 * (hvnet.yaml(5), FILES), each with its share of the packet-order table
 * (its count), read with the front end's YAML reader.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvnetc.h"
#include "results.h"

/* The value of key in mapping m, or NULL. */
static const struct ynode *
get(const struct ynode *m, const char *key)
{
	const struct ynode *k;

	if (!m || m->kind != YMAP)
		return NULL;
	for (k = m->child; k && k->next; k = k->next->next)
		if (k->kind == YSCALAR && !strcmp(k->s, key))
			return k->next;
	return NULL;
}

static const char *
scalar(const struct ynode *m, const char *key)
{
	const struct ynode *v = get(m, key);

	return v && v->kind == YSCALAR ? v->s : NULL;
}

static int
number(const struct ynode *m, const char *key, uint64_t *v)
{
	const char *s = scalar(m, key);
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
flowread(const struct ynode *m, struct rflow *f)
{
	uint64_t hops, port, size, rate, count;
	const struct ynode *path = get(m, "path");
	const char *name = scalar(m, "name");

	if (!name || number(m, "hops", &hops) || number(m, "port", &port) ||
	    number(m, "size", &size) || number(m, "rate", &rate) ||
	    number(m, "count", &count) || ipv4(scalar(m, "src_address"), &f->src) ||
	    !path || path->kind != YSEQ || port > 65535)
		return -1;
	f->name = xstrdup(name);
	f->hops = (unsigned)hops;
	f->port = (unsigned)port;
	f->size = (unsigned)size;
	f->rate = rate;
	f->count = (size_t)count;
	f->ttl = 64 - (unsigned)path->n;	/* every VM on the path routes it once */
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
planyaml(struct rplan *p, const char *path, const struct ynode *root)
{
	const struct ynode *fl = get(root, "flows"), *v;
	const char *name = scalar(root, "name");

	if (!name || !scalar(root, "hvnet") || !fl || fl->kind != YSEQ ||
	    number(get(root, "measurement"), "seed", &p->seed)) {
		syserr("'%s' is not an hvnetc plan.yaml (no name, hvnet, flows or "
		    "measurement seed)", path);
		return EXIT_INVALID;
	}
	p->name = xstrdup(name);
	p->flows = xcalloc(fl->n + 1, sizeof(*p->flows));
	for (v = fl->child; v; v = v->next) {
		if (flowread(v, &p->flows[p->nflows++])) {
			syserr("%s: flow %zu lacks name, hops, port, size, rate, count, "
			    "src_address or path (a plan.yaml of this hvnetc has them all)",
			    path, p->nflows);
			return EXIT_INVALID;
		}
		p->norder += p->flows[p->nflows - 1].count;
	}
	if (!p->nflows || p->nflows > 65535) {
		syserr("%s: %zu flows: results measures 1 to 65535", path, p->nflows);
		return EXIT_INVALID;
	}
	plankeys(p);
	return EXIT_OK;
}

int
planread(struct rplan *p, const char *out)
{
	struct ydoc d = { .empty = E_PLANEMPTY, .alias = E_PLANALIAS, .multidoc = E_PLANDOCS };
	struct buf path = { 0 };
	char *data = NULL;
	size_t len = 0;
	int r;

	memset(p, 0, sizeof(*p));
	bufprintf(&path, "%s/plan.yaml", out);
	r = readinput(path.s, &data, &len);
	if (r == EXIT_OK && ydocread(&d, path.s, data, len) < 0)
		r = EXIT_INVALID;
	if (r == EXIT_OK)
		r = planyaml(p, path.s, d.root);
	ydocfree(&d);
	free(data);
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
