/*
 * Cores, memory and hugepages (hvnet.yaml(5), Resolution).  Housekeeping cores run the host
 * and every emulator thread; VMs get dedicated cores in node order, the
 * lowest free first, never shared.  With host.cpu.numa a VM's cores lie in
 * one NUMA node (the first with enough free cores) and its memory is bound
 * there; a node's memory share is host memory / NUMA nodes, less the
 * host's reserve on the node of the first housekeeping core.
 */
#include <stdio.h>
#include <string.h>

#include "pass.h"

/* The free cores: host cores less housekeeping, ascending. */
static struct cpulist
freecores(const struct host *h)
{
	struct cpulist f = { amalloc((h->cores.n + 1) * sizeof(int)), 0 };
	size_t i, j = 0;

	for (i = 0; i < h->cores.n; i++) {
		while (j < h->housekeeping.n && h->housekeeping.v[j] < h->cores.v[i])
			j++;
		if (j < h->housekeeping.n && h->housekeeping.v[j] == h->cores.v[i])
			continue;
		f.v[f.n++] = h->cores.v[i];
	}
	return f;
}

static int
member(const struct cpulist *c, int cpu)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i] == cpu)
			return 1;
	return 0;
}

/* Without NUMA: take from one list in order; wrap when overcommitted. */
static void
flatcores(struct topo *t, const struct cpulist *f)
{
	size_t i, next = 0, need = 0;
	char b[32], c[32];
	struct buf cl = { 0 };

	for (i = 0; i < t->nnodes; i++)
		need += (size_t)t->nodes[i].vcpus;
	if (need > f->n) {
		if (!t->overcommit || !f->n) {
			fmtcpus(&cl, f);
			snprintf(b, sizeof(b), "%zu cores", f->n);
			snprintf(c, sizeof(c), "%zu vCPUs", need);
			diag(E_POOL, &t->host.coresloc, "cores",
			    cl.s ? cl.s : "(none)", b, c,
			    "add cores or lower the VMs' vcpus");
			buffree(&cl);
			return;
		}
		overcommitted(t, SPACE_CORE, &t->host.coresloc);
	}
	for (i = 0; i < t->nnodes; i++) {
		struct node *n = &t->nodes[i];
		long k;

		n->cores.v = amalloc((size_t)n->vcpus * sizeof(int));
		n->cores.n = (size_t)n->vcpus;
		n->numanode = -1;
		for (k = 0; k < n->vcpus; k++)
			n->cores.v[k] = f->v[next++ % f->n];
	}
}

/* With NUMA: the first node with enough free cores. */
static void
numacores(struct topo *t, const struct cpulist *f)
{
	size_t nn = t->host.nnuma, i, j, nfree = 0;
	size_t *used = amalloc(nn * sizeof(size_t));
	struct cpulist *free = amalloc(nn * sizeof(*free));

	for (j = 0; j < nn; j++) {
		free[j].v = amalloc((t->host.numa[j].n + 1) * sizeof(int));
		for (i = 0; i < t->host.numa[j].n; i++)
			if (member(f, t->host.numa[j].v[i]))
				free[j].v[free[j].n++] = t->host.numa[j].v[i];
		nfree += free[j].n;
	}
	for (i = 0; i < t->nnodes; i++) {
		struct node *n = &t->nodes[i];
		size_t want = (size_t)n->vcpus, best = 0;
		long k;

		for (j = 0; j < nn && free[j].n - used[j] < want; j++)
			if (free[j].n - used[j] > free[best].n - used[best])
				best = j;
		if (j == nn) {
			if (!t->overcommit || !nfree) {	/* nothing to wrap around in */
				diag(E_NUMAFULL, &n->vcpusloc, n->name, want, free[best].n - used[best]);
				continue;
			}
			overcommitted(t, SPACE_CORE, &n->vcpusloc);
			j = i % nn;
			while (!free[j].n)
				j = (j + 1) % nn;
		}
		n->numanode = (long)j;
		n->cores.v = amalloc(want * sizeof(int));
		n->cores.n = want;
		for (k = 0; k < n->vcpus; k++)
			n->cores.v[k] = free[j].v[used[j]++ % free[j].n];
	}
}

/* Σ VM memory + reserve <= host memory; per NUMA node shares. */
static void
memcheck(struct topo *t)
{
	struct host *h = &t->host;
	uint64_t total = 0, *used;
	size_t i, hk = 0;
	char a[32], b[32], c[32];

	/* A namespace's memory is 0 (finish.c): only VMs take memory and hugepages. */
	for (i = 0; i < t->nnodes; i++)
		total = addsat(total, t->nodes[i].memory);
	if (addsat(total, h->reserve) > h->memory) {
		if (t->overcommit)
			overcommitted(t, SPACE_MEMORY, &h->memoryloc);
		else
			diag(E_MEMORY, &h->memoryloc, fmtbytes(a, total), fmtbytes(b, h->reserve),
			    fmtbytes(c, h->memory));
	}
	if (h->hugepage)
		h->hugecount = total / h->hugepage;
	if (!h->nnuma)
		return;
	h->hugecounts = amalloc(h->nnuma * sizeof(uint64_t));
	used = amalloc(h->nnuma * sizeof(uint64_t));
	for (i = 0; i < h->nnuma; i++)
		if (h->housekeeping.n && member(&h->numa[i], h->housekeeping.v[0]))
			hk = i;
	for (i = 0; i < t->nnodes; i++) {
		long nn = t->nodes[i].numanode;

		if (nn < 0)
			continue;
		used[nn] = addsat(used[nn], t->nodes[i].memory);
		if (h->hugepage)
			h->hugecounts[nn] += t->nodes[i].memory / h->hugepage;
	}
	for (i = 0; i < h->nnuma; i++) {
		uint64_t share = h->memory / h->nnuma;

		if (i == hk)
			share = share > h->reserve ? share - h->reserve : 0;
		if (used[i] <= share)
			continue;
		if (t->overcommit)
			overcommitted(t, SPACE_MEMORY, &h->memoryloc);
		else
			diag(E_NUMAMEMORY, &h->memoryloc, i, fmtbytes(a, share), fmtbytes(b, used[i]));
	}
}

void
corealloc(struct topo *t)
{
	struct cpulist f = freecores(&t->host);
	size_t i, vcpus = 0;

	/* Wrapping around (--allow-overcommit) must not turn a small file into
	 * billions of pinned vCPUs: a million in all, like nodes and links. */
	for (i = 0; i < t->nnodes; i++)
		vcpus += (size_t)t->nodes[i].vcpus;
	if (vcpus > MAXITEMS) {
		diag(E_VCPUS, &t->host.coresloc, vcpus, MAXITEMS);
		return;
	}
	if (t->host.nnuma)
		numacores(t, &f);
	else
		flatcores(t, &f);
	memcheck(t);
}
