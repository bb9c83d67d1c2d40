/*
 * Interfaces (hvnet.yaml(5), Resolution): every VM gets VF j on the LoadGen ports (j = node
 * index) and, for link i, VF i on wire port a (first end) or b (second
 * end), so every link crosses the cable.  From the VF index follow its PCI
 * address (routing-ID arithmetic), its MAC (prefix, port byte, index), its
 * /30 and its routing table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass.h"

/* VF index n on port p, wrapped when its space is overcommitted. */
static size_t
vfindex(struct topo *t, enum portid p, size_t n)
{
	const struct port *pt = &t->host.port[p];

	if (pt->maxvfs > 0 && n >= (size_t)pt->maxvfs)
		n %= (size_t)pt->maxvfs;
	if (n > 0xffff)
		n &= 0xffff;	/* the MAC holds two bytes of index */
	return n;
}

static void
setvf(struct topo *t, struct iface *f, enum portid p, size_t n)
{
	const struct port *pt = &t->host.port[p];
	int overflow = 0;

	f->port = p;
	f->vf = vfindex(t, p, n);
	/* A veth keeps the MAC its VF would have: worlds differ in VFs only. */
	if (f->medium == MEDIUM_VETH)
		goto mac;
	f->pci = vfaddr(pt->pf, pt->vfoffset < 0 ? 0 : pt->vfoffset,
	    pt->vfstride < 0 ? 0 : pt->vfstride, f->vf, &overflow);
	if (overflow) {
		if (t->overcommit)
			overcommitted(t, SPACE_PCI, &pt->pfloc);
		else
			diag(E_VFBUS, &pt->pfloc, portnames[p], f->vf);
	}
mac:
	memcpy(f->mac, t->pools.mac, 3);
	f->mac[3] = (uint8_t)p;
	f->mac[4] = (uint8_t)(f->vf >> 8);
	f->mac[5] = (uint8_t)f->vf;
}

/* The LoadGen-facing VFs of node j. */
static void
lgifaces(struct topo *t, struct node *n, size_t *k)
{
	enum portid p;

	for (p = PORT_INGRESS; p <= PORT_EGRESS; p++) {
		struct iface *f = &n->ifaces[(*k)++];
		struct net4 pool = p == PORT_INGRESS ? t->pools.ingress4 : t->pools.egress4;

		if (!t->host.port[p].declared && t->lgmedium != MEDIUM_VETH) {
			(*k)--;
			continue;
		}
		f->medium = t->lgmedium;
		f->role = p == PORT_INGRESS ? ROLE_INGRESS : ROLE_EGRESS;
		f->link = -1;
		setvf(t, f, p, n->index);
		f->addr.addr = net30(pool, n->index, 2);
		f->addr.plen = 30;
		f->peer = NULL;
		f->peeraddr = net30(pool, n->index, 1);
		memcpy(f->peermac, t->host.port[p].peermac, 6);
		f->table = p == PORT_INGRESS ? -1 : 999;
	}
}

static void
linkifaces(struct topo *t, struct node *n, size_t *k)
{
	size_t a;

	for (a = 0; a < n->nadj; a++) {
		struct link *l = &t->links[n->adj[a]];
		int end = l->ends[0] != n;
		struct iface *f = &n->ifaces[*k];

		f->role = ROLE_LINK;
		f->link = (long)l->index;
		f->medium = l->medium;
		setvf(t, f, end ? PORT_B : PORT_A, l->index);
		f->vlan = l->vlan;
		f->addr.addr = net30(t->pools.link4, l->index, 1 + (unsigned)end);
		f->addr.plen = 30;
		f->peer = l->ends[!end];
		f->peeraddr = net30(t->pools.link4, l->index, 2 - (unsigned)end);
		f->table = 1000 + (long)l->index;
		l->iface[end] = (*k)++;
		if (!end)
			l->net = (struct net4){ net30(t->pools.link4, l->index, 0), 30 };
	}
}

/* Fill each iface's peer MAC from the other end of its link. */
static void
peermacs(struct topo *t)
{
	size_t i;

	for (i = 0; i < t->nlinks; i++) {
		struct link *l = &t->links[i];
		struct iface *f0 = &l->ends[0]->ifaces[l->iface[0]];
		struct iface *f1 = &l->ends[1]->ifaces[l->iface[1]];

		memcpy(f0->peermac, f1->mac, 6);
		memcpy(f1->peermac, f0->mac, 6);
	}
}

/* An address pool too small is one error naming it (hvnet.yaml(5)). */
static void
poolcheck(const char *name, struct net4 n, const struct loc *loc, size_t need,
    const char *what)
{
	char a[19], b[48], c[32], hint[64];
	int plen = 30;

	if (need <= pool30(n))
		return;
	while (plen > 0 && ((uint64_t)1 << (30 - plen)) < need)
		plen--;
	fmtnet(a, n);
	snprintf(b, sizeof(b), "%llu %s", (unsigned long long)pool30(n), what);
	snprintf(c, sizeof(c), "%zu", need);
	snprintf(hint, sizeof(hint), "use a /%d or larger", plen);
	diag(E_POOL, loc, name, a, b, c, hint);
}

/* VFs per port <= max_vfs, per NIC <= 128 (i40e). */
static void
vfcheck(struct topo *t)
{
	size_t need[NPORTS] = { 0, 0, t->nnodes, t->nnodes }, i;
	enum portid p, q;

	/* VF i serves link i: the wire ports need VFs up to the last SR-IOV link. */
	for (i = t->nlinks; i-- > 0;)
		if (t->links[i].medium == MEDIUM_SRIOV) {
			need[PORT_A] = need[PORT_B] = i + 1;
			break;
		}
	if (t->lgmedium == MEDIUM_VETH)
		need[PORT_INGRESS] = need[PORT_EGRESS] = 0;

	for (p = 0; p < NPORTS; p++) {
		struct port *pt = &t->host.port[p];
		size_t nic = 0;

		if (!pt->declared)
			continue;
		pt->nvfs = need[p];
		if (pt->maxvfs > 0 && need[p] > (size_t)pt->maxvfs) {
			if (t->overcommit)
				overcommitted(t, SPACE_VF, &pt->loc);
			else
				diag(E_MAXVFS, &pt->loc, portnames[p], pt->pf.domain, pt->pf.bus,
				    pt->pf.dev, pt->pf.fn, pt->maxvfs, need[p]);
			pt->nvfs = (size_t)pt->maxvfs;
		}
		/* The NIC's first declared port checks the NIC's total. */
		for (q = 0; q < NPORTS; q++) {
			const struct port *o = &t->host.port[q];

			if (!o->declared || !samenic(o->pf, pt->pf))
				continue;
			if (q < p)
				break;
			nic += need[q];
		}
		if (q < p || nic <= 128)
			continue;
		if (t->overcommit)
			overcommitted(t, SPACE_VF, &pt->loc);
		else
			diag(E_NICVFS, &pt->loc, pt->pf.domain, pt->pf.bus, pt->pf.dev, nic);
	}
	if ((t->nlinks > 0x10000 || t->nnodes > 0x10000) && t->overcommit)
		overcommitted(t, SPACE_MAC, &t->pools.macloc);
}

/* Routing IDs of one PCI domain: which port owns each, as PF or as VF. */
struct ridowner {
	signed char port[0x10000];	/* -1: free */
	uint16_t vf[0x10000];		/* VF index; 0xffff for the PF */
};

static unsigned
pfrid(struct pciaddr a)
{
	return a.bus << 8 | a.dev << 3 | a.fn;
}

/* Port p (its VF n, or its PF when n is 0xffff) takes rid. */
static void
ridtake(struct topo *t, struct ridowner *o, unsigned rid, enum portid p, size_t n,
    int reported[NPORTS][NPORTS])
{
	const struct port *pt = &t->host.port[p];
	enum portid q = (enum portid)o->port[rid];
	const struct loc *vfloc = pt->vfoffsetloc.line ? &pt->vfoffsetloc : &pt->pfloc;
	char a[13];
	struct pciaddr addr = { pt->pf.domain, rid >> 8, (rid >> 3) & 31, rid & 7 };

	if (o->port[rid] < 0) {
		o->port[rid] = (signed char)p;
		o->vf[rid] = (uint16_t)n;
		return;
	}
	if (q == p || reported[p][q])
		return;
	reported[p][q] = reported[q][p] = 1;	/* one error for each pair */
	fmtpci(a, addr);
	if (n == 0xffff)	/* PFs are taken first: q's is the same */
		diag(E_PFSHARED, &pt->pfloc, portnames[p], a, portnames[q]);
	else if (o->vf[rid] == 0xffff)
		diag(E_VFISPF, vfloc, portnames[p], n, a, portnames[q]);
	else
		diag(E_VFOVERLAP, vfloc, portnames[p], n, a,
		    (size_t)o->vf[rid], portnames[q]);
	diag(N_PORTHERE, &t->host.port[q].pfloc, portnames[q]);
}

/* Every PCI address the plan hands out (PFs, and the VFs in use) is unique. */
static void
pcicheck(struct topo *t)
{
	struct ridowner *o = xmalloc(sizeof(*o));
	int done[NPORTS] = { 0 }, reported[NPORTS][NPORTS] = { { 0 } };
	enum portid d, p;
	size_t i;

	for (d = 0; d < NPORTS; d++) {
		unsigned dom = t->host.port[d].pf.domain;

		if (!t->host.port[d].declared || done[d])
			continue;
		memset(o->port, -1, sizeof(o->port));
		for (p = d; p < NPORTS; p++) {
			if (!t->host.port[p].declared || t->host.port[p].pf.domain != dom)
				continue;
			done[p] = 1;
			ridtake(t, o, pfrid(t->host.port[p].pf), p, 0xffff, reported);
		}
		for (p = d; p < NPORTS; p++) {
			const struct port *pt = &t->host.port[p];

			if (!pt->declared || pt->pf.domain != dom || pt->vfoffset < 0 ||
			    pt->vfstride < 0)
				continue;
			for (i = 0; i < pt->nvfs && i < 0x10000; i++) {
				unsigned long long rid = pfrid(pt->pf) + (unsigned long long)pt->vfoffset +
				    i * (unsigned long long)pt->vfstride;

				if (rid > 0xffff)
					break;	/* past bus ff: setvf() reports it */
				ridtake(t, o, (unsigned)rid, p, i, reported);
			}
		}
	}
	free(o);
}

void
ifacealloc(struct topo *t)
{
	size_t i;

	vfcheck(t);
	pcicheck(t);
	/* A default pool is reported where the entries that overflow it start. */
	poolcheck("link4", t->pools.link4, t->pools.link4loc.line ? &t->pools.link4loc :
	    &t->linksloc, t->nlinks, "links");
	poolcheck("ingress4", t->pools.ingress4, t->pools.ingress4loc.line ?
	    &t->pools.ingress4loc : &t->nodesloc, t->nnodes, "nodes");
	poolcheck("egress4", t->pools.egress4, t->pools.egress4loc.line ?
	    &t->pools.egress4loc : &t->nodesloc, t->nnodes, "nodes");
	if (diagerrors())
		return;
	for (i = 0; i < t->nnodes; i++) {
		struct node *n = &t->nodes[i];
		size_t k = 0;

		n->ifaces = amalloc((2 + n->nadj) * sizeof(*n->ifaces));
		lgifaces(t, n, &k);
		linkifaces(t, n, &k);
		n->nifaces = k;
	}
	peermacs(t);
}
