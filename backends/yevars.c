/*
 * The resolved model's values as YAML, for the Ansible inventory and the
 * pos variables files: the same keys and units as plan.yaml (rates in bit/s,
 * sizes in bytes, MACs and PCI addresses quoted).
 */
#include <stdio.h>
#include <string.h>

#include "hvnetc.h"
#include "yemit.h"

static const char *const rolename[] = { "ingress", "egress", "link" };
static const char *const portname[NPORTS] = { "a", "b", "ingress", "egress" };

/* prefix + key, into a static buffer (keys are short). */
static const char *
key(const char *prefix, const char *k)
{
	static char s[64];

	snprintf(s, sizeof(s), "%s%s", prefix, k);
	return s;
}

static void
yemac(struct yemit *y, const char *k, const uint8_t mac[6])
{
	char s[18];

	yekquoted(y, k, fmtmac(s, mac));
}

static void
yeip(struct yemit *y, const char *k, uint32_t addr)
{
	char s[16];

	yekquoted(y, k, fmtip(s, addr));
}

static void
yeiface(struct yemit *y, const struct iface *f)
{
	char s[19];

	yemap(y, 0);
	yekstr(y, "role", rolename[f->role]);
	if (f->role == ROLE_LINK)
		yekint(y, "link", f->link);
	yekstr(y, "port", portname[f->port]);
	yekint(y, "vf", (long long)f->vf);
	yekquoted(y, "pci", fmtpci(s, f->pci));
	yemac(y, "mac", f->mac);
	if (f->role == ROLE_LINK)
		yekint(y, "vlan", f->vlan);
	yekquoted(y, "address", fmtnet(s, f->addr));
	yekstr(y, "peer", f->peer ? f->peer->name : "loadgen");
	yeip(y, "peer_address", f->peeraddr);
	yemac(y, "peer_mac", f->peermac);
	if (f->table >= 0)
		yekint(y, "table", f->table);
	yemapend(y);
}

/* A rule as the next hop of a flow: out of which interface, to whom. */
static void
yerule(struct yemit *y, const struct node *n, const struct rule *r)
{
	const struct iface *f = &n->ifaces[r->iface];

	yemap(y, 1);
	yekstr(y, "flow", r->flow->name);
	yekint(y, "dport", r->dport);
	yemac(y, "out_mac", f->mac);
	yekstr(y, "next_hop", f->peer ? f->peer->name : "loadgen");
	yeip(y, "via", f->peeraddr);
	yekint(y, "table", f->table);
	yemapend(y);
}

void
yenodevars(struct yemit *y, const struct node *n, const char *prefix)
{
	char uuid[37];
	size_t i;
	const uint8_t *u = n->uuid;

	yekint(y, key(prefix, "vcpus"), n->vcpus);
	yekints(y, key(prefix, "cores"), n->cores.v, n->cores.n);
	yekint(y, key(prefix, "memory"), (long long)n->memory);
	if (n->numanode >= 0)
		yekint(y, key(prefix, "numa_node"), n->numanode);
	snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
	    u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	yekquoted(y, key(prefix, "uuid"), uuid);
	if (n->image)
		yekstr(y, key(prefix, "image"), n->image);
	if (n->kernel)
		yekstr(y, key(prefix, "kernel"), n->kernel);
	yestr(y, key(prefix, "interfaces"));
	yeseq(y, 0);
	for (i = 0; i < n->nifaces; i++)
		yeiface(y, &n->ifaces[i]);
	yeseqend(y);
	yestr(y, key(prefix, "next_hops"));
	yeseq(y, 0);
	for (i = 0; i < n->nrules; i++)
		yerule(y, n, &n->rules[i]);
	yeseqend(y);
}

void
yeflow(struct yemit *y, const struct flow *f)
{
	size_t k;

	yemap(y, 0);
	yekstr(y, "name", f->name);
	yekstr(y, "from", f->from->name);
	yekstr(y, "to", f->to->name);
	yestr(y, "path");
	yeseq(y, 1);
	for (k = 0; k < f->npath; k++)
		yestr(y, f->path[k]->name);
	yeseqend(y);
	yekint(y, "hops", f->npath ? (long long)f->npath - 1 : 0);
	yekint(y, "port", f->dport);
	yekint(y, "rate", (long long)f->rate);
	yekint(y, "size", f->size);
	yeip(y, "src_address", f->srcaddr);
	yeip(y, "dst_address", f->dstaddr);
	yemac(y, "dst_mac", f->dstmac);
	yemapend(y);
}

void
yeloadgenvars(struct yemit *y, const struct topo *t, const char *prefix)
{
	size_t i;

	yekint(y, key(prefix, "tx_port"), t->meas.lgtx);
	yekint(y, key(prefix, "rx_port"), t->meas.lgrx);
	yemac(y, key(prefix, "src_mac"), t->host.port[PORT_INGRESS].peermac);
	yemac(y, key(prefix, "rx_mac"), t->host.port[PORT_EGRESS].peermac);
	yestr(y, key(prefix, "flows"));
	yeseq(y, 0);
	for (i = 0; i < t->nflows; i++)
		yeflow(y, &t->flows[i]);
	yeseqend(y);
}

void
yetimestampervars(struct yemit *y, const struct topo *t, const char *prefix)
{
	yekint(y, key(prefix, "pre_port"), t->meas.tspre);
	yekint(y, key(prefix, "post_port"), t->meas.tspost);
	yekint(y, key(prefix, "duration"), (long long)t->meas.duration);
	yekint(y, key(prefix, "repetitions"), t->meas.repetitions);
}
