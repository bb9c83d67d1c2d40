/*
 * After the whole file is read: required keys, the defaults applied to the
 * entries that did not give a value, and rules spanning sections.
 */
#include <stdio.h>
#include <string.h>

#include "defaults.h"
#include "diag.h"
#include "front.h"
#include "load.h"

/* a if it is set, else b. */
static const struct loc *
firstloc(const struct loc *a, const struct loc *b)
{
	return a->line ? a : b;
}

static void
cpusfinish(struct lctx *c)
{
	struct host *h = &c->t->host;
	unsigned char in[MAXCPU] = { 0 };
	size_t i, j;

	for (i = 0; i < h->cores.n; i++)
		in[h->cores.v[i]] = 1;
	if (!h->housekeeping.n && h->cores.n) {
		h->housekeeping.v = amalloc(sizeof(int));
		h->housekeeping.v[0] = h->cores.v[0];
		h->housekeeping.n = 1;
	}
	for (i = 0; h->cores.n && i < h->housekeeping.n; i++)
		if (!in[h->housekeeping.v[i]]) {
			diag(E_HKCORES, &c->hkloc, h->housekeeping.v[i]);
			break;
		}
	for (i = 0; h->cores.n && i < h->nnuma; i++)
		for (j = 0; j < h->numa[i].n; j++) {
			int cpu = h->numa[i].v[j];

			if (in[cpu] != 1) {
				diag(E_NUMACORES, &c->numaloc, cpu, in[cpu] ? "is in two NUMA nodes"
				    : "is not among the host's cores");
				return;
			}
			in[cpu] = 2;
		}
}

/*
 * Worlds: --world sets every node's kind and every link's medium; else
 * the entry's own, else defaults.  The LoadGen ports are namespaces too
 * (veth) when every node is a namespace and every link veth: the
 * rehearsal needs no NIC at all.
 */
static void
worldfinish(struct lctx *c)
{
	struct topo *t = c->t;
	const struct world *w = t->world;
	size_t i, vm = 0, sriov = 0;

	for (i = 0; i < t->nnodes; i++) {
		struct node *n = &t->nodes[i];

		if (w)
			n->kind = w->kind;
		else if (!n->kindset && c->d.kindset)
			n->kind = c->d.kind;
		vm += n->kind == KIND_VM;
	}
	for (i = 0; i < t->nlinks; i++) {
		struct link *l = &t->links[i];

		if (w)
			l->medium = w->medium;
		else if (!l->mediumset && c->d.mediumset)
			l->medium = c->d.medium;
		sriov += l->medium == MEDIUM_SRIOV;
	}
	c->nsriov = sriov;
	t->lgmedium = !vm && !sriov ? MEDIUM_VETH : MEDIUM_SRIOV;
}

/*
 * Required ports: the wire ports when there are links (each link is a VF
 * on each), the LoadGen ports when there are flows (they enter and leave
 * there).  A file of nodes alone needs neither: the passes give VFs only on
 * declared ports.
 */
static void
portsfinish(struct lctx *c)
{
	struct topo *t = c->t;
	const struct loc *hl = firstloc(&t->host.loc, &c->rootloc);
	int i;

	if (t->host.loc.line && !c->hostok)
		return;		/* host: was not a mapping, reported */
	for (i = 0; i < NPORTS; i++) {
		int wire = i < PORT_INGRESS;

		if (t->host.port[i].declared || (wire && !c->nsriov) || (!wire && !t->nflows)
		    || (!wire && t->lgmedium == MEDIUM_VETH))
			continue;
		diag(E_NEEDPORT, wire ? firstloc(&c->wireloc, hl) : firstloc(&c->loadgenloc, hl),
		    portnames[i], wire ? "host.wire" : "host.loadgen",
		    wire ? "every link has a VF on each wire port"
		    : "the flows enter and leave by the LoadGen ports");
	}
}

/* Memory must be whole hugepages. */
static void
hugecheck(struct lctx *c, uint64_t mem, const char *what, const struct loc *l)
{
	uint64_t page = c->t->host.hugepage;
	char a[32], b[32];

	if (page && mem % page)
		diag(E_HUGEMULT, l, what, fmtsize(a, mem), fmtsize(b, page));
}

static void
nodesfinish(struct lctx *c)
{
	struct defaults *d = &c->d;
	char *image = d->image ? d->image : astrdup(DEF_IMAGE);
	size_t i;

	if (d->memory)
		hugecheck(c, d->memory, "defaults.vm", &d->memoryloc);
	for (i = 0; i < c->t->nnodes; i++) {
		struct node *n = &c->t->nodes[i];

		if (n->vcpus < 0) {
			n->vcpus = d->vcpus >= 0 ? d->vcpus : DEF_VCPUS;
			n->vcpusloc = *firstloc(&d->vcpusloc, &n->loc);
		}
		if (!n->memory) {
			n->memory = d->memory ? d->memory : DEF_MEMORY;
			n->memoryloc = *firstloc(&d->memoryloc, &n->loc);
		} else if (n->kind == KIND_VM) {
			char what[64];

			snprintf(what, sizeof(what), "node '%s'", shown(n->name));
			hugecheck(c, n->memory, what, &n->memoryloc);
		}
		if (!n->image)
			n->image = image;
		if (n->kind == KIND_NETNS)
			n->memory = 0;	/* a namespace shares the host's memory */
	}
}

static void
entriesfinish(struct lctx *c)
{
	struct defaults *d = &c->d;
	size_t i;

	for (i = 0; i < c->t->nflows; i++) {
		struct flow *f = &c->t->flows[i];

		if (f->size < 0 && !f->sizeloc.line) {
			f->size = d->size >= 0 ? d->size : DEF_FLOWSIZE;
			f->sizeloc = *firstloc(&d->sizeloc, &f->loc);
		}
		if (!f->rate) {
			f->rate = d->rate ? d->rate : DEF_FLOWRATE;
			f->rateloc = *firstloc(&d->rateloc, &f->loc);
		}
	}
	for (i = 0; d->ratemodeset && i < c->t->nlinks; i++) {
		struct link *l = &c->t->links[i];

		if (!l->rateloc.line) {
			l->ratemode = d->ratemode;
			l->rate = d->maxrate;
			l->rateloc = d->maxrateloc;
		}
	}
}

void
topofinish(struct lctx *c)
{
	struct topo *t = c->t;

	if (!c->hashvnet)
		diag(E_MISSING, &c->rootloc, "hvnet", "the topology");
	if (!c->hasname)
		diag(E_MISSING, &c->rootloc, "name", "the topology");
	if (!t->host.loc.line)
		diag(E_MISSING, &c->rootloc, "host", "the topology");
	if (!c->hasnodes)
		diag(E_MISSING, &c->rootloc, "nodes", "the topology");
	else if (!t->nnodes && c->hasnodes == 1)
		diag(E_NONODES, &t->nodesloc);
	cpusfinish(c);
	worldfinish(c);
	portsfinish(c);
	nodesfinish(c);
	entriesfinish(c);
}
