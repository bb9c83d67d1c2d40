/*
 * The resolved model's values as YAML, for the Ansible inventory and the
 * pos variables files: the same keys and units as plan.yaml (rates in bit/s,
 * sizes in bytes, MACs and PCI addresses quoted).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <uuid/uuid.h>

#include "yevars.h"

/* prefix + key, into a static buffer (keys are short); k itself without a prefix. */
static const char *
key(const char *prefix, const char *k)
{
	static char s[64];
	size_t p, n;

	if (!*prefix)
		return k;
	p = strlen(prefix);
	n = strlen(k);
	if (p + n >= sizeof(s))
		n = sizeof(s) - 1 - p;
	memcpy(s, prefix, p);
	memcpy(s + p, k, n);
	s[p + n] = 0;
	return s;
}

static void
yemac(struct yout *y, const char *k, const uint8_t mac[6])
{
	char s[18];

	ykquoted(y, k, fmtmac(s, mac));
}

static void
yeip(struct yout *y, const char *k, uint32_t addr)
{
	char s[16];

	ykquoted(y, k, fmtip(s, addr));
}

void
yviface(struct yout *y, const struct iface *f, int flow)
{
	char s[19];

	ymap(y, flow);
	ykstr(y, "role", rolenames[f->role]);
	if (f->role == ROLE_LINK)
		ykint(y, "link", f->link);
	ykstr(y, "port", portnames[f->port]);
	ykstr(y, "medium", mediumnames[f->medium]);
	if (f->medium == MEDIUM_SRIOV) {
		ykint(y, "vf", (long long)f->vf);
		ykquoted(y, "pci", fmtpci(s, f->pci));
	}
	yemac(y, "mac", f->mac);
	if (f->role == ROLE_LINK)
		ykint(y, "vlan", f->vlan);
	ykstr(y, "address", fmtnet(s, f->addr));
	ykstr(y, "peer", f->peer ? f->peer->name : "loadgen");
	ykstr(y, "peer_address", fmtip(s, f->peeraddr));
	yemac(y, "peer_mac", f->peermac);
	if (f->table >= 0)
		ykint(y, "table", f->table);
	yend(y);
}

/* A rule as the next hop of a flow: out of which interface, to whom. */
static void
yerule(struct yout *y, const struct node *n, const struct rule *r)
{
	const struct iface *f = &n->ifaces[r->iface];

	ymap(y, 1);
	ykstr(y, "flow", r->flow->name);
	ykint(y, "dport", r->dport);
	yemac(y, "out_mac", f->mac);
	ykstr(y, "next_hop", f->peer ? f->peer->name : "loadgen");
	yeip(y, "via", f->peeraddr);
	ykint(y, "table", f->table);
	yend(y);
}

void
yvnode(struct yout *y, const struct node *n, const char *prefix)
{
	char uuid[37];

	ykstr(y, key(prefix, "kind"), kindnames[n->kind]);
	ykint(y, key(prefix, "vcpus"), n->vcpus);
	ystr(y, key(prefix, "cores"));
	ycpus(y, &n->cores);
	ykint(y, key(prefix, "memory"), (long long)n->memory);
	if (n->numanode >= 0)
		ykint(y, key(prefix, "numa_node"), n->numanode);
	uuid_unparse_lower(n->uuid, uuid);
	ykquoted(y, key(prefix, "uuid"), uuid);
	if (n->image)
		ykstr(y, key(prefix, "image"), n->image);
	if (n->kernel)
		ykstr(y, key(prefix, "kernel"), n->kernel);
}

void
yvnodenet(struct yout *y, const struct node *n)
{
	size_t i;

	ystr(y, "interfaces");
	yseq(y, 0);
	for (i = 0; i < n->nifaces; i++)
		yviface(y, &n->ifaces[i], 1);
	yendseq(y);
	ystr(y, "next_hops");
	yseq(y, 0);
	for (i = 0; i < n->nrules; i++)
		yerule(y, n, &n->rules[i]);
	yendseq(y);
}

void
yvflow(struct yout *y, const struct flow *f, size_t count)
{
	size_t k;

	ymap(y, 0);
	ykstr(y, "name", f->name);
	ykstr(y, "from", f->from->name);
	ykstr(y, "to", f->to->name);
	ystr(y, "path");
	yseq(y, 1);
	for (k = 0; k < f->npath; k++)
		ystr(y, f->path[k]->name);
	yendseq(y);
	ystr(y, "links");
	yseq(y, 1);
	for (k = 0; k + 1 < f->npath; k++)
		yint(y, (long long)f->hops[k]);
	yendseq(y);
	ykint(y, "hops", f->npath ? (long long)f->npath - 1 : 0);
	ykint(y, "port", f->dport);
	ykint(y, "rate", (long long)f->rate);
	ykint(y, "size", f->size);
	ykuint(y, "count", count);
	yeip(y, "src_address", f->srcaddr);
	yeip(y, "dst_address", f->dstaddr);
	yemac(y, "dst_mac", f->dstmac);
	yend(y);
}

void
yvloadgen(struct yout *y, const struct topo *t, const char *prefix)
{
	ykint(y, key(prefix, "tx_port"), t->meas.lgtx);
	ykint(y, key(prefix, "rx_port"), t->meas.lgrx);
	yemac(y, key(prefix, "src_mac"), t->host.port[PORT_INGRESS].peermac);
	yemac(y, key(prefix, "rx_mac"), t->host.port[PORT_EGRESS].peermac);
}

void
yvdut(struct yout *y, const struct topo *t, const char *prefix)
{
	const struct host *h = &t->host;
	size_t i;

	ystr(y, key(prefix, "housekeeping"));
	ycpus(y, &h->housekeeping);
	ykint(y, key(prefix, "hugepage_size"), (long long)h->hugepage);
	ykint(y, key(prefix, "hugepages"), (long long)h->hugecount);
	if (h->nnuma) {
		ystr(y, key(prefix, "hugepages_per_numa_node"));
		yseq(y, 1);
		for (i = 0; i < h->nnuma; i++)
			yint(y, (long long)h->hugecounts[i]);
		yendseq(y);
	}
	yvports(y, t, prefix);
}

void
yvflows(struct yout *y, const struct topo *t, const char *k)
{
	size_t i;

	ystr(y, k);
	yseq(y, 0);
	for (i = 0; i < t->nflows; i++)
		yvflow(y, &t->flows[i], t->ordercount ? t->ordercount[i] : 0);
	yendseq(y);
}

void
yvtimestamper(struct yout *y, const struct topo *t, const char *prefix)
{
	ykint(y, key(prefix, "pre_port"), t->meas.tspre);
	ykint(y, key(prefix, "post_port"), t->meas.tspost);
	ykint(y, key(prefix, "duration"), (long long)t->meas.duration);
	ykint(y, key(prefix, "repetitions"), t->meas.repetitions);
}

void
yvports(struct yout *y, const struct topo *t, const char *prefix)
{
	char pf[13];
	int p;

	ystr(y, key(prefix, "ports"));
	ymap(y, 0);
	for (p = 0; p < NPORTS; p++) {
		ystr(y, portnames[p]);
		ymap(y, 1);
		ykquoted(y, "pf", fmtpci(pf, t->host.port[p].pf));
		ykint(y, "vfs", (long long)t->host.port[p].nvfs);
		yend(y);
	}
	yend(y);
}

void
yvbool(struct yout *y, int v)
{
	ystr(y, v ? "true" : "false");
}

void
yvstrf(struct yout *y, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&b, fmt, ap);
	va_end(ap);
	ystr(y, b.s ? b.s : "");
	buffree(&b);
}

int
yvclose(struct yout *y)
{
	return yclose(y) == 0 ? EXIT_OK : EXIT_IO;
}

void
ycpus(struct yout *y, const struct cpulist *c)
{
	size_t i;

	yseq(y, 1);
	for (i = 0; i < c->n; i++)
		yint(y, c->v[i]);
	yendseq(y);
}
