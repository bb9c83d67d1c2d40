/*
 * Rules between entries (hvnet.yaml(5)): names resolve to declared nodes, links
 * join distinct nodes once, explicit paths follow links.  Resolves names to
 * pointers and fills node adjacency for the passes.  Everything is linear:
 * name and node-pair hashes, never a loop over pairs of entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "front.h"
#include "load.h"

/* Did-you-mean compares with every node: only for files of this size. */
#define HINTNODES 10000

/* What check needs while it runs. */
struct cctx {
	struct topo *t;
	struct namemap nodes;
	struct namemap rejected;	/* invalid node names and their lower-case spellings */
	const char **names;		/* for did-you-mean */
	struct pairmap pairs;
	size_t *stamp;			/* per node: 1 + the flow whose path visited it */
};

/*
 * The node called name, or NULL: reported, with a hint and a note, in
 * the context fmt made of a and b (only when needed: this is the hot path).
 */
static struct node *
nodeget(struct cctx *c, const char *name, const struct loc *l, const char *fmt,
    const char *a, const char *b)
{
	struct topo *t = c->t;
	const char *hint = NULL;
	char what[128];
	size_t i;

	if (mapget(&c->nodes, name, &i))
		return &t->nodes[i];
	if (!t->nnodes || mapget(&c->rejected, name, &i))
		return NULL;	/* no or invalid nodes: reported by load */
	snprintf(what, sizeof(what), fmt, shown(a), shown(b));
	if (t->nnodes <= HINTNODES && diagerrors() < DIAGCAP) {
		if (!c->names) {
			c->names = xmalloc(t->nnodes * sizeof(*c->names));
			for (i = 0; i < t->nnodes; i++)
				c->names[i] = t->nodes[i].name;
		}
		hint = closest(name, c->names, t->nnodes);
	}
	if (hint)
		diag(E_UNKNOWNNODEHINT, l, what, shown(name), hint);
	else
		diag(E_UNKNOWNNODE, l, what, shown(name));
	if (t->nodesloc.line)
		diag(N_NODESHERE, &t->nodesloc);
	return NULL;
}

static void
nodescheck(struct cctx *c)
{
	struct topo *t = c->t;
	const char *fix;
	size_t i, j;

	for (i = 0; i < t->nnodes; i++) {
		struct node *n = &t->nodes[i];

		/* An invalid name is load's error: what refers to it, as written
		 * or as the fix spells it, is not an error again. */
		if (checkname(n->name, 15) || isreserved(n->name)) {
			mapput(&c->rejected, n->name, i);
			if ((fix = namefix(n->name, 15)))
				mapput(&c->rejected, fix, i);
			continue;
		}
		if (mapget(&c->nodes, n->name, &j)) {
			diag(E_DUPNAME, &n->loc, "node", shown(n->name));
			diag(N_FIRSTHERE, &t->nodes[j].loc);
			continue;
		}
		mapput(&c->nodes, n->name, i);
		if (t->host.name && strcmp(n->name, t->host.name) == 0)
			diag(E_HOSTNAMEUSED, &n->loc, "node", n->name);
	}
}

static void
linkscheck(struct cctx *c)
{
	struct topo *t = c->t;
	char name[96];
	size_t i, k, j;

	for (i = 0; i < t->nlinks; i++) {
		struct link *l = &t->links[i];

		if (!l->endname[0] || !l->endname[1])
			continue;
		for (k = 0; k < 2; k++)
			l->ends[k] = nodeget(c, l->endname[k], &l->endloc[k], "link '%s -- %s'",
			    l->endname[0], l->endname[1]);
		if (!l->ends[0] || !l->ends[1] || l->ends[0] == l->ends[1]) {
			if (l->ends[0] && l->ends[0] == l->ends[1])
				diag(E_SELFLINK, &l->loc, linkname(name, l));
			l->ends[0] = l->ends[1] = NULL;
			continue;
		}
		j = pairget(&c->pairs, l->ends[0]->index, l->ends[1]->index, 1, i);
		if (j != (size_t)-1) {
			diag(E_DUPLINK, &l->loc, linkname(name, l), l->ends[0]->name, l->ends[1]->name);
			diag(N_FIRSTHERE, &t->links[j].loc);
			l->ends[0] = l->ends[1] = NULL;
		}
	}
}

/* node.adj: each node's links in link order, for the passes. */
static void
adjfill(struct topo *t)
{
	size_t i, k;

	for (i = 0; i < t->nlinks; i++)
		for (k = 0; k < 2 && t->links[i].ends[1]; k++)
			t->links[i].ends[k]->nadj++;
	for (i = 0; i < t->nnodes; i++) {
		t->nodes[i].adj = amalloc(t->nodes[i].nadj * sizeof(size_t));
		t->nodes[i].nadj = 0;
	}
	for (i = 0; i < t->nlinks; i++)
		for (k = 0; k < 2 && t->links[i].ends[1]; k++) {
			struct node *n = t->links[i].ends[k];

			n->adj[n->nadj++] = i;
		}
}

/* An explicit path: from .. to, along links, no node twice; fills path and hops. */
static void
pathcheck(struct cctx *c, struct flow *f)
{
	struct node **p = amalloc(f->npathname * sizeof(*p));
	size_t *hops = amalloc(f->npathname * sizeof(*hops));
	size_t i, ok = 1, h;
	char what[64];

	for (i = 0; i < f->npathname; i++)
		if (!(p[i] = nodeget(c, f->pathname[i], &f->pathloc[i], "flow '%s'%s", f->name, ": path")))
			ok = 0;
	if (!ok)
		return;
	if (f->from && p[0] != f->from) {
		snprintf(what, sizeof(what), "start at '%s'", f->from->name);
		diag(E_PATHENDS, &f->pathloc[0], f->name, what), ok = 0;
	}
	if (f->to && p[f->npathname - 1] != f->to) {
		snprintf(what, sizeof(what), "end at '%s'", f->to->name);
		diag(E_PATHENDS, &f->pathloc[f->npathname - 1], f->name, what), ok = 0;
	}
	for (i = 0; i < f->npathname; i++) {
		if (c->stamp[p[i]->index] == f->index + 1) {
			diag(E_PATHREVISIT, &f->pathloc[i], f->name, p[i]->name), ok = 0;
			continue;
		}
		c->stamp[p[i]->index] = f->index + 1;
		if (i && (h = pairget(&c->pairs, p[i - 1]->index, p[i]->index, 0, 0)) == (size_t)-1)
			diag(E_PATHNOLINK, &f->pathloc[i], f->name, p[i - 1]->name, p[i]->name), ok = 0;
		else if (i)
			hops[i - 1] = h;
	}
	if (ok && f->from && f->to) {
		f->path = p;
		f->npath = f->npathname;
		f->hops = hops;
	}
}

static void
flowscheck(struct cctx *c)
{
	struct topo *t = c->t;
	struct namemap names = { 0 };
	size_t i, j;

	c->stamp = xcalloc(t->nnodes, sizeof(*c->stamp));
	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];

		if (mapget(&names, f->name, &j)) {
			diag(E_DUPNAME, &f->loc, "flow", shown(f->name));
			diag(N_FIRSTHERE, &t->flows[j].loc);
		} else
			mapput(&names, f->name, i);
		if (f->fromname)
			f->from = nodeget(c, f->fromname, &f->fromloc, "flow '%s'%s", f->name, "");
		if (f->toname)
			f->to = nodeget(c, f->toname, &f->toloc, "flow '%s'%s", f->name, "");
		if (f->pathname)
			pathcheck(c, f);
		if (f->size < 64 || f->size > 1500)
			diag(E_FLOWSIZE, &f->sizeloc, f->name, f->size);
		if (f->dportset && (f->dport < 1 || f->dport > 65535))
			diag(E_FLOWPORT, &f->dportloc, f->name, f->dport);
	}
	mapfree(&names);
	free(c->stamp);
}

static int
overlap(struct net4 a, struct net4 b)
{
	int p = a.plen < b.plen ? a.plen : b.plen;
	uint32_t mask = p ? ~(uint32_t)0 << (32 - p) : 0;

	return (a.addr & mask) == (b.addr & mask);
}

static void
poolscheck(struct topo *t)
{
	static const char *const names[] = { "link4", "ingress4", "egress4" };
	const struct net4 *n[] = { &t->pools.link4, &t->pools.ingress4, &t->pools.egress4 };
	const struct loc *l[] = { &t->pools.link4loc, &t->pools.ingress4loc, &t->pools.egress4loc };
	int i, j;

	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (overlap(*n[i], *n[j]))
				diag(E_POOLOVERLAP, l[j]->line ? l[j] : l[i], names[i], names[j]);
}

static void
portscheck(struct topo *t)
{
	int i;

	for (i = 0; i < NPORTS && !t->pcidump; i++) {
		const struct port *p = &t->host.port[i];

		if (p->declared && p->vfoffset < 0)
			diag(E_NOOFFSET, &p->loc, "vf_offset", portpaths[i]);
		if (p->declared && p->vfstride < 0)
			diag(E_NOOFFSET, &p->loc, "vf_stride", portpaths[i]);
	}
}

/* The LoadGen's and the Timestamper's names are neither nodes nor the host. */
static void
machinescheck(struct cctx *c)
{
	struct measurement *m = &c->t->meas;
	const char *name[] = { m->loadgen, m->timestamper };
	const struct loc *l[] = { &m->loadgenloc, &m->timestamperloc };
	char what[64];
	size_t i, j;

	for (i = 0; i < 2; i++) {
		if (!name[i] || !l[i]->line)
			continue;	/* the defaults: node names cannot be reserved words */
		if (mapget(&c->nodes, name[i], &j)) {
			snprintf(what, sizeof(what), "node '%s'", name[i]);
			diag(E_MACHINE, l[i], name[i], what);
		} else if (c->t->host.name && strcmp(name[i], c->t->host.name) == 0)
			diag(E_MACHINE, l[i], name[i], "the host");
		else if (i && m->loadgen && strcmp(name[0], name[1]) == 0)
			diag(E_MACHINE, l[i], name[i], "the LoadGen");
	}
}

void
check(struct topo *t)
{
	struct cctx c;

	memset(&c, 0, sizeof(c));
	c.t = t;
	pairinit(&c.pairs, t->nlinks);
	nodescheck(&c);
	linkscheck(&c);
	adjfill(t);
	flowscheck(&c);
	poolscheck(t);
	portscheck(t);
	machinescheck(&c);
	mapfree(&c.nodes);
	mapfree(&c.rejected);
	free(c.names);
	pairfree(&c.pairs);
}
