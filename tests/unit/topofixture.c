/* Hand-resolved topologies (see topofixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topofixture.h"

static void
fixturehost(struct topo *t)
{
	static const struct pciaddr pf[NPORTS] = {
		{ 0, 0x41, 0, 0 }, { 0, 0x42, 0, 0 }, { 0, 0x41, 0, 1 }, { 0, 0x42, 0, 1 },
	};
	int p;

	t->host.name = astrdup("dut");
	t->host.memory = 128ull << 30;
	t->host.reserve = 4ull << 30;
	t->host.hugepage = 1ull << 30;
	t->host.housekeeping.v = amalloc(sizeof(int));
	t->host.housekeeping.n = 1;
	for (p = 0; p < NPORTS; p++) {
		t->host.port[p].pf = pf[p];
		t->host.port[p].vfoffset = p < PORT_INGRESS ? 16 : 79;
		t->host.port[p].vfstride = 1;
		t->host.port[p].maxvfs = 64;
		t->host.port[p].speed = 10000000000ull;
		t->host.port[p].peermac[5] = (uint8_t)(p - 1);
		t->host.port[p].haspeermac = p >= PORT_INGRESS;
	}
	t->meas.duration = 180;
	t->meas.repetitions = 3;
	t->meas.seed = 1;
	t->meas.loadgen = astrdup("loadgen");
	t->meas.lgtx = 0;
	t->meas.lgrx = 1;
	t->meas.timestamper = astrdup("timestamper");
	t->meas.tspre = 0;
	t->meas.tspost = 1;
}

static void
setiface(struct iface *f, enum role role, enum portid port, size_t vf, uint32_t addr)
{
	f->role = role;
	f->link = -1;
	f->port = port;
	f->vf = vf;
	f->pci = (struct pciaddr){ 0, port == PORT_A || port == PORT_INGRESS ? 0x41 : 0x42,
		(unsigned)(2 + vf / 8), (unsigned)(vf % 8) };
	f->mac[0] = 2, f->mac[1] = 0x48, f->mac[2] = 0x56;
	f->mac[3] = (uint8_t)port, f->mac[4] = (uint8_t)(vf >> 8), f->mac[5] = (uint8_t)vf;
	f->addr.addr = addr;
	f->addr.plen = 30;
	f->peeraddr = addr - 1;
	f->table = role == ROLE_INGRESS ? -1 : 999;
}

static void
fixturenodes(struct topo *t, size_t n)
{
	size_t j, c = 1;

	t->nodes = xcalloc(n, sizeof(*t->nodes));
	t->nnodes = n;
	for (j = 0; j < n; j++) {
		struct node *v = &t->nodes[j];
		char name[32];

		snprintf(name, sizeof(name), "vm%zu", j + 1);
		v->name = astrdup(name);
		v->index = j;
		v->vcpus = 2;
		v->memory = 8ull << 30;
		v->host = &t->host;
		v->cores.v = amalloc(2 * sizeof(int));
		v->cores.v[0] = (int)c++, v->cores.v[1] = (int)c++;
		v->cores.n = 2;
		v->numanode = -1;
		v->ifaces = amalloc((2 + n) * sizeof(struct iface));
		v->nifaces = 2;
		setiface(&v->ifaces[0], ROLE_INGRESS, PORT_INGRESS, j, 0x0afe0002u + 4 * (uint32_t)j);
		setiface(&v->ifaces[1], ROLE_EGRESS, PORT_EGRESS, j, 0x0aff0002u + 4 * (uint32_t)j);
		v->adj = amalloc((n + 1) * sizeof(size_t));
		v->rules = amalloc(64 * sizeof(struct rule));
	}
}

static void
fixturelinks(struct topo *t, const int (*links)[2], size_t nlinks)
{
	size_t i, k;

	t->links = xcalloc(nlinks ? nlinks : 1, sizeof(*t->links));
	t->nlinks = nlinks;
	for (i = 0; i < nlinks; i++) {
		struct link *l = &t->links[i];

		l->index = i;
		l->vlan = 401 + (int)i;
		l->ratemode = RATE_AUTO;
		l->maxrate = 9500000000ull / nlinks / 1000000 * 1000000;
		l->net = (struct net4){ 0x0a000000u + 4 * (uint32_t)i, 30 };
		for (k = 0; k < 2; k++) {
			struct node *v = &t->nodes[links[i][k]];
			struct iface *f = &v->ifaces[v->nifaces];

			l->ends[k] = v;
			l->endname[k] = v->name;
			l->iface[k] = v->nifaces++;
			v->adj[v->nadj++] = i;
			setiface(f, ROLE_LINK, k ? PORT_B : PORT_A, i, l->net.addr + 1 + (uint32_t)k);
			f->link = (long)i;
			f->vlan = l->vlan;
			f->table = 1000 + (long)i;
		}
		for (k = 0; k < 2; k++) {
			struct iface *f = &l->ends[k]->ifaces[l->iface[k]];
			struct iface *g = &l->ends[!k]->ifaces[l->iface[!k]];

			f->peer = l->ends[!k];
			f->peeraddr = g->addr.addr;
			memcpy(f->peermac, g->mac, 6);
		}
	}
}

/* The link joining a and b, and the interface of a on it. */
static size_t
hop(const struct node *a, const struct node *b, size_t *iface)
{
	size_t i;

	for (i = 2; i < a->nifaces; i++)
		if (a->ifaces[i].peer == b)
			return *iface = i, (size_t)a->ifaces[i].link;
	abort();
}

static void
fixtureflow(struct topo *t, struct flow *f, const int *path)
{
	size_t k, n = 0, iface;

	while (path[n] >= 0)
		n++;
	f->path = amalloc(n * sizeof(*f->path));
	f->hops = amalloc(n * sizeof(*f->hops));
	f->npath = n;
	for (k = 0; k < n; k++)
		f->path[k] = &t->nodes[path[k]];
	f->from = f->path[0], f->to = f->path[n - 1];
	f->fromname = f->from->name, f->toname = f->to->name;
	for (k = 0; k < n; k++) {
		struct node *v = f->path[k];
		struct rule *r = &v->rules[v->nrules++];

		r->dport = (int)f->dport;
		r->flow = f;
		if (k + 1 < n) {
			f->hops[k] = hop(v, f->path[k + 1], &iface);
			r->iface = iface;
		} else
			r->iface = ROLE_EGRESS;
	}
	f->srcaddr = f->from->ifaces[0].peeraddr;
	f->dstaddr = f->to->ifaces[1].peeraddr;
	memcpy(f->dstmac, f->from->ifaces[0].mac, 6);
}

void
fixture(struct topo *t, const char *name, size_t n, const int (*links)[2],
    size_t nlinks, const int *const *paths, size_t nflows)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->file = "fixture.yaml";
	t->name = astrdup(name);
	fixturehost(t);
	t->pools.vlanlo = 401, t->pools.vlanhi = 4094;
	fixturenodes(t, n);
	fixturelinks(t, links, nlinks);
	t->flows = xcalloc(nflows ? nflows : 1, sizeof(*t->flows));
	t->nflows = nflows;
	for (i = 0; i < nflows; i++) {
		struct flow *f = &t->flows[i];
		char fname[32];

		snprintf(fname, sizeof(fname), "f%zu", i);
		f->name = astrdup(fname);
		f->index = i;
		f->rate = 1000000 * (1 + i * 7 % 50);
		f->size = 363;
		f->dport = 1001 + (long)i;
		fixtureflow(t, f, paths[i]);
	}
	t->host.hugecount = 8 * n;
}

void
fixturefig1(struct topo *t)
{
	static const int links[][2] = { { 0, 2 }, { 0, 1 }, { 1, 2 } };
	static const int p0[] = { 0, 2, -1 }, p1[] = { 1, 0, 2, -1 }, p2[] = { 2, 1, -1 };
	static const int *const paths[] = { p0, p1, p2 };

	fixture(t, "fig1", 3, links, LEN(links), paths, LEN(paths));
}

void
fixturering(struct topo *t, size_t n)
{
	int (*links)[2] = xcalloc(2 * n, sizeof(*links));
	int **paths = xcalloc(n, sizeof(*paths));
	size_t i, nl = 0, nf = n / 2;

	for (i = 0; i < n; i++) {
		links[nl][0] = (int)i, links[nl++][1] = (int)((i + 1) % n);
		if (i % 5 == 0 && n > 10)
			links[nl][0] = (int)i, links[nl++][1] = (int)((i + n / 3) % n);
	}
	for (i = 0; i < nf; i++) {
		size_t k, len = 2 + i % 3;

		paths[i] = xcalloc(len + 1, sizeof(int));
		for (k = 0; k < len; k++)
			paths[i][k] = (int)((2 * i + k) % n);
		paths[i][len] = -1;
	}
	fixture(t, "ring", n, (const int (*)[2])links, nl, (const int *const *)paths, nf);
	for (i = 0; i < nf; i++)
		free(paths[i]);
	free(paths);
	free(links);
}
