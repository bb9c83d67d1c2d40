/*
 * Backend 'plan': plan.yaml, the resolved model (hvnet.yaml(5), FILES), written with
 * libyaml's emitter; MACs and PCI addresses are double-quoted so that no
 * YAML 1.1 reader takes them for numbers.  The `hvnetc plan` table is
 * plantable.c.
 */
#include <stdio.h>

#include <uuid/uuid.h>

#include "backends.h"
#include "diag.h"
#include "yamlout.h"
#include "yevars.h"


static void
hostyaml(struct yout *y, const struct topo *t)
{
	const struct host *h = &t->host;
	char s[19];
	enum portid p;
	size_t i;

	ystr(y, "host");
	ymap(y, 0);
	ykstr(y, "name", h->name);
	ykstr(y, "vendor", h->vendor == VENDOR_AMD ? "amd" : "intel");
	ystr(y, "cores");
	ycpus(y, &h->cores);
	ystr(y, "housekeeping");
	ycpus(y, &h->housekeeping);
	if (h->nnuma) {
		ystr(y, "numa");
		yseq(y, 0);
		for (i = 0; i < h->nnuma; i++)
			ycpus(y, &h->numa[i]);
		yendseq(y);
	}
	ykuint(y, "memory", h->memory);
	ykuint(y, "reserve", h->reserve);
	ystr(y, "hugepages");
	ymap(y, 1);
	ykuint(y, "size", h->hugepage);
	if (h->nnuma) {
		ystr(y, "counts");
		yseq(y, 1);
		for (i = 0; i < h->nnuma; i++)
			yuint(y, h->hugecounts[i]);
		yendseq(y);
	} else
		ykuint(y, "count", h->hugecount);
	yend(y);
	ystr(y, "ports");
	ymap(y, 0);
	for (p = 0; p < NPORTS; p++) {
		const struct port *pt = &h->port[p];

		if (!pt->declared)
			continue;
		ystr(y, portnames[p]);
		ymap(y, 1);
		ykquoted(y, "pf", fmtpci(s, pt->pf));
		ykuint(y, "vfs", pt->nvfs);
		ykint(y, "vf_offset", pt->vfoffset);
		ykint(y, "vf_stride", pt->vfstride);
		ykint(y, "max_vfs", pt->maxvfs);
		ykuint(y, "speed", pt->speed);
		if (pt->haspeermac)
			ykquoted(y, "peer_mac", fmtmac(s, pt->peermac));
		yend(y);
	}
	yend(y);
	ykstr(y, "mgmt", h->mgmt ? h->mgmt : "none");
	yend(y);
}

static void
nodeyaml(struct yout *y, const struct node *n)
{
	char uuid[37];
	size_t i;

	uuid_unparse_lower(n->uuid, uuid);
	ystr(y, n->name);
	ymap(y, 0);
	ykint(y, "index", (long long)n->index);
	ykstr(y, "kind", kindnames[n->kind]);
	ykint(y, "vcpus", n->vcpus);
	ystr(y, "cores");
	ycpus(y, &n->cores);
	if (n->numanode >= 0)
		ykint(y, "numa_node", n->numanode);
	ykuint(y, "memory", n->memory);
	ykstr(y, "uuid", uuid);
	ykstr(y, "image", n->image);
	if (n->kernel)
		ykstr(y, "kernel", n->kernel);
	if (n->initrd)
		ykstr(y, "initrd", n->initrd);
	if (n->cmdline)
		ykquoted(y, "cmdline", n->cmdline);
	ystr(y, "interfaces");
	yseq(y, 0);
	for (i = 0; i < n->nifaces; i++)
		yviface(y, &n->ifaces[i], 0);
	yendseq(y);
	ystr(y, "rules");
	yseq(y, 0);
	for (i = 0; i < n->nrules; i++) {
		const struct rule *r = &n->rules[i];

		ymap(y, 1);
		ykstr(y, "flow", r->flow->name);
		ykint(y, "port", r->dport);
		ykuint(y, "interface", r->iface);
		ykint(y, "table", n->ifaces[r->iface].table);
		yend(y);
	}
	yendseq(y);
	yend(y);
}

static void
linkyaml(struct yout *y, const struct link *l)
{
	char s[19];

	ymap(y, 1);
	ykuint(y, "index", l->index);
	ystr(y, "ends");
	yseq(y, 1);
	ystr(y, l->ends[0]->name);
	ystr(y, l->ends[1]->name);
	yendseq(y);
	ykstr(y, "medium", mediumnames[l->medium]);
	ykint(y, "vlan", l->vlan);
	ykuint(y, "max_rate", l->maxrate);
	ystr(y, "load");
	yseq(y, 1);
	yuint(y, l->load[0]);
	yuint(y, l->load[1]);
	yendseq(y);
	ykstr(y, "network", fmtnet(s, l->net));
	yend(y);
}

static void
measyaml(struct yout *y, const struct topo *t)
{
	const struct measurement *m = &t->meas;

	ystr(y, "measurement");
	ymap(y, 0);
	ykuint(y, "duration", m->duration);
	ykint(y, "repetitions", m->repetitions);
	ykuint(y, "seed", m->seed);
	ykuint(y, "order_table", t->norder);
	ystr(y, "loadgen");
	ymap(y, 1);
	ykstr(y, "host", m->loadgen);
	ykint(y, "tx", m->lgtx);
	ykint(y, "rx", m->lgrx);
	yend(y);
	ystr(y, "timestamper");
	ymap(y, 1);
	ykstr(y, "host", m->timestamper);
	ykint(y, "pre", m->tspre);
	ykint(y, "post", m->tspost);
	yend(y);
	yend(y);
}

int
planemit(const struct topo *t, struct outset *set)
{
	struct yout y;
	size_t i;
	int s;

	yopen(&y, outnew(set, 0, "plan.yaml"));
	ymap(&y, 0);
	ykint(&y, "hvnet", 1);
	ykstr(&y, "name", t->name);
	hostyaml(&y, t);
	if (t->overcommitted) {
		ystr(&y, "overcommitted");
		yseq(&y, 1);
		for (s = 0; s < NSPACES; s++)
			if (t->overcommitted & 1u << s)
				ystr(&y, spacenames[s].key);
		yendseq(&y);
	}
	ystr(&y, "nodes");
	ymap(&y, 0);
	for (i = 0; i < t->nnodes; i++)
		nodeyaml(&y, &t->nodes[i]);
	yend(&y);
	ystr(&y, "links");
	yseq(&y, 0);
	for (i = 0; i < t->nlinks; i++)
		linkyaml(&y, &t->links[i]);
	yendseq(&y);
	yvflows(&y, t, "flows");
	measyaml(&y, t);
	yend(&y);
	if (yclose(&y) < 0) {
		syserr("cannot emit plan.yaml: libyaml's emitter failed");
		return EXIT_IO;
	}
	return EXIT_OK;
}
