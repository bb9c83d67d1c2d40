/*
 * Flow routing (hvnet.yaml(5), Resolution).  At every node of a flow's path, UDP to the
 * flow's port leaves by the interface towards the next node, or at the
 * last node by the egress VF: one rule per node and flow, in flow order.
 * Each flow's rate loads the links it crosses in its direction
 * (capacity.c checks the limits).
 */
#include <stdio.h>
#include <string.h>

#include "pass.h"

/* The index in n->ifaces of the interface a flow leaves n by at step k. */
static size_t
outiface(const struct topo *t, const struct flow *f, size_t k)
{
	const struct node *n = f->path[k];
	size_t i;

	if (k + 1 < f->npath) {
		const struct link *l = &t->links[f->hops[k]];

		return l->iface[l->ends[0] != n];
	}
	for (i = 0; i < n->nifaces; i++)
		if (n->ifaces[i].role == ROLE_EGRESS)
			return i;
	return 0;
}

void
routealloc(struct topo *t)
{
	size_t i, k;

	for (i = 0; i < t->nflows; i++)
		for (k = 0; k < t->flows[i].npath; k++)
			t->flows[i].path[k]->nrules++;
	for (i = 0; i < t->nnodes; i++) {
		t->nodes[i].rules = amalloc(t->nodes[i].nrules * sizeof(struct rule));
		t->nodes[i].nrules = 0;
	}
	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];

		for (k = 0; k < f->npath; k++) {
			struct node *n = f->path[k];
			struct rule *r = &n->rules[n->nrules++];

			r->dport = (int)f->dport;
			r->iface = outiface(t, f, k);
			r->flow = f;
			if (k + 1 < f->npath) {
				struct link *l = &t->links[f->hops[k]];

				l->load[l->ends[0] != n] = addsat(l->load[l->ends[0] != n], f->rate);
			}
		}
		if (!f->npath)
			continue;
		f->srcaddr = net30(t->pools.ingress4, f->from->index, 1);
		f->dstaddr = net30(t->pools.egress4, f->to->index, 1);
		for (k = 0; k < f->from->nifaces; k++)
			if (f->from->ifaces[k].role == ROLE_INGRESS)
				memcpy(f->dstmac, f->from->ifaces[k].mac, 6);
	}
}
