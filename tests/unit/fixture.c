/*
 * samples/fig1.yaml resolved by hand as hvnet.yaml(5), Resolution fixes it: the guest and
 * moongen backends are tested against this model, whatever the passes do.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static const char *const fignodes[] = { "vm1", "vm2", "vm3" };
static const int figlinks[][2] = { { 0, 2 }, { 0, 1 }, { 1, 2 } };
static const struct {
	const char *name;
	int path[3];
	size_t npath;
	uint64_t rate;
} figflows[] = {
	{ "f0", { 0, 2 }, 2, 1000000 },
	{ "f1", { 1, 0, 2 }, 3, 94000000 },
	{ "f2", { 2, 1 }, 2, 10000000 },
	{ "f3", { 1 }, 1, 1000000 },
};

static void
mkmac(uint8_t mac[6], int port, size_t vf)
{
	static const uint8_t prefix[3] = { 0x02, 0x48, 0x56 };

	memcpy(mac, prefix, 3);
	mac[3] = (uint8_t)port;
	mac[4] = (uint8_t)(vf >> 8);
	mac[5] = (uint8_t)vf;
}

static void
lgiface(struct topo *t, struct iface *f, size_t j, int egress)
{
	uint32_t base = egress ? 0x0aff0000 : 0x0afe0000;	/* 10.255 / 10.254 */

	f->role = egress ? ROLE_EGRESS : ROLE_INGRESS;
	f->link = -1;
	f->port = egress ? PORT_EGRESS : PORT_INGRESS;
	f->vf = j;
	mkmac(f->mac, f->port, j);
	f->addr.addr = base + 4 * (uint32_t)j + 2;
	f->addr.plen = 30;
	f->peeraddr = base + 4 * (uint32_t)j + 1;
	memcpy(f->peermac, t->host.port[f->port].peermac, 6);
	f->table = egress ? 999 : -1;
}

static void
linkiface(struct topo *t, struct iface *f, size_t i, int k)
{
	struct link *l = &t->links[i];

	f->role = ROLE_LINK;
	f->link = (long)i;
	f->port = k ? PORT_B : PORT_A;
	f->vf = i;
	mkmac(f->mac, f->port, i);
	f->vlan = 401 + (int)i;
	f->addr.addr = 0x0a000000 + 4 * (uint32_t)i + 1 + (uint32_t)k;
	f->addr.plen = 30;
	f->peer = l->ends[!k];
	f->peeraddr = 0x0a000000 + 4 * (uint32_t)i + 2 - (uint32_t)k;
	mkmac(f->peermac, k ? PORT_A : PORT_B, i);
	f->table = 1000 + (long)i;
}

static void
mknodes(struct topo *t)
{
	size_t j, i, k;

	t->nnodes = LEN(fignodes);
	t->nodes = xcalloc(t->nnodes, sizeof(*t->nodes));
	t->nlinks = LEN(figlinks);
	t->links = xcalloc(t->nlinks, sizeof(*t->links));
	for (i = 0; i < t->nlinks; i++) {
		t->links[i].index = i;
		for (k = 0; k < 2; k++)
			t->links[i].ends[k] = &t->nodes[figlinks[i][k]];
		t->links[i].vlan = 401 + (int)i;
		t->links[i].net.addr = 0x0a000000 + 4 * (uint32_t)i;
		t->links[i].net.plen = 30;
	}
	for (j = 0; j < t->nnodes; j++) {
		struct node *n = &t->nodes[j];

		n->name = astrdup(fignodes[j]);
		n->image = astrdup("/var/lib/hvnet/debian-rt.qcow2");
		n->vcpus = 1;
		n->numanode = -1;
		n->index = j;
		n->ifaces = amalloc(5 * sizeof(*n->ifaces));
		lgiface(t, &n->ifaces[n->nifaces++], j, 0);
		lgiface(t, &n->ifaces[n->nifaces++], j, 1);
		for (i = 0; i < t->nlinks; i++)
			for (k = 0; k < 2; k++)
				if (figlinks[i][k] == (int)j) {
					t->links[i].iface[k] = n->nifaces;
					linkiface(t, &n->ifaces[n->nifaces++], i, (int)k);
				}
		n->rules = amalloc(LEN(figflows) * sizeof(*n->rules));
	}
}

/* The interface of n that leads to m (a link), or egress when m is NULL. */
static size_t
ifaceto(const struct node *n, const struct node *m)
{
	size_t i;

	for (i = 2; m && i < n->nifaces; i++)
		if (n->ifaces[i].peer == m)
			return i;
	return 1;
}

static void
mkflows(struct topo *t)
{
	size_t i, p;

	t->nflows = LEN(figflows);
	t->flows = xcalloc(t->nflows, sizeof(*t->flows));
	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];

		f->name = astrdup(figflows[i].name);
		f->index = i;
		f->rate = figflows[i].rate;
		f->size = 363;
		f->dport = 1001 + (long)i;
		f->npath = figflows[i].npath;
		f->path = amalloc(f->npath * sizeof(*f->path));
		for (p = 0; p < f->npath; p++)
			f->path[p] = &t->nodes[figflows[i].path[p]];
		f->from = f->path[0];
		f->to = f->path[f->npath - 1];
		f->hops = amalloc(f->npath * sizeof(*f->hops));
		for (p = 0; p < f->npath; p++) {
			struct node *n = f->path[p];
			struct rule *r = &n->rules[n->nrules++];

			r->dport = (int)f->dport;
			r->flow = f;
			r->iface = ifaceto(n, p + 1 < f->npath ? f->path[p + 1] : NULL);
			if (p + 1 < f->npath)
				f->hops[p] = (size_t)n->ifaces[r->iface].link;
		}
		f->srcaddr = f->from->ifaces[0].peeraddr;
		f->dstaddr = f->to->ifaces[1].peeraddr;
		memcpy(f->dstmac, f->from->ifaces[0].mac, 6);
	}
}

void
fixfig1(struct topo *t)
{
	static const uint8_t lgin[6] = { 2, 0x4c, 0x47, 0, 0, 1 };
	static const uint8_t lgout[6] = { 2, 0x4c, 0x47, 0, 0, 2 };

	memset(t, 0, sizeof(*t));
	t->file = "fig1.yaml";
	t->name = astrdup("fig1");
	t->host.name = astrdup("dut");
	memcpy(t->host.port[PORT_INGRESS].peermac, lgin, 6);
	memcpy(t->host.port[PORT_EGRESS].peermac, lgout, 6);
	t->host.port[PORT_INGRESS].speed = 10000000000u;
	t->host.port[PORT_EGRESS].speed = 10000000000u;
	mknodes(t);
	mkflows(t);
	t->meas.duration = 180;
	t->meas.repetitions = 3;
	t->meas.seed = 1;
	t->meas.ordertable = 4096;
	t->meas.ordertablemax = 1000000;
	t->meas.loadgen = astrdup("loadgen");
	t->meas.lgtx = 0;
	t->meas.lgrx = 1;
	t->meas.timestamper = astrdup("timestamper");
	t->meas.tspre = 0;
	t->meas.tspost = 1;
	orderalloc(t);
}

void
fixfree(struct topo *t)
{
	topofree(t);
}
