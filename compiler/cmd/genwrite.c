/*
 * Writing generated topologies ('import', 'random') in the topology
 * language, with libyaml's emitter: the paper's DuT where the topology fits
 * it, a host grown to fit otherwise, and --allow-overcommit named in a
 * comment where no host can (hvnet.yaml(5): 128 VFs per NIC, 4094 VLANs, 64535
 * UDP ports).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "gen.h"
#include "yamlout.h"

#define GIB (1ull << 30)
#define PAPERCORES 32		/* AMD EPYC 7551P: cores 0-31, 4 NUMA nodes of 8 */
#define PAPERNUMA 4
#define MAXCORES 8192		/* Linux's largest NR_CPUS; the loader's bound */
#define PAPERMEM (128 * GIB)
#define NICVFS 128		/* i40e's limit per NIC */
/* A port of the paper's X710 has DEF_MAXVFS VFs (its NVM's TotalVFs per PF). */

static uint64_t
vcpusof(const struct gtopo *g, size_t i)
{
	return (uint64_t)(g->nodes[i].vcpus ? g->nodes[i].vcpus : g->vcpus);
}

static uint64_t
memoryof(const struct gtopo *g, size_t i)
{
	return g->nodes[i].memory ? g->nodes[i].memory : g->memory;
}

/*
 * Whether the nodes fit the paper's DuT as the compiler places them: cores
 * in node order, each VM inside the first NUMA node with enough free cores
 * (node 0 loses core 0 to housekeeping), and each NUMA node's VMs within
 * its share of the memory (node 0's less the host's reserve; cores.c).
 */
static int
paperfits(const struct gtopo *g)
{
	uint64_t freecores[PAPERNUMA], mem[PAPERNUMA] = { 0 }, total = DEF_RESERVE;
	size_t i, k;

	if (g->nnodes > DEF_MAXVFS || g->nlinks > DEF_MAXVFS)
		return 0;
	for (k = 0; k < PAPERNUMA; k++)
		freecores[k] = PAPERCORES / PAPERNUMA - (k == 0);
	for (i = 0; i < g->nnodes; i++) {
		uint64_t c = vcpusof(g, i);

		for (k = 0; k < PAPERNUMA && freecores[k] < c; k++)
			;
		if (k == PAPERNUMA)
			return 0;
		freecores[k] -= c;
		mem[k] += memoryof(g, i);
		total += memoryof(g, i);
		if (mem[k] > PAPERMEM / PAPERNUMA - (k == 0 ? DEF_RESERVE : 0))
			return 0;
	}
	return total <= PAPERMEM;
}

/* Smallest prefix length >= lo whose /30s number at least n, at most the default's. */
static int
poolplen(size_t n, int lo, int dflt)
{
	int plen = 30;

	while (plen > lo && ((uint64_t)1 << (30 - plen)) < n)
		plen--;
	return plen > dflt ? dflt : plen;
}

static void
fitvfs(const struct gtopo *g, struct ghost *h)
{
	h->wirevfs = h->lgvfs = DEF_MAXVFS;
	if (g->nlinks <= DEF_MAXVFS && g->nnodes <= DEF_MAXVFS)
		return;
	if (g->nlinks + g->nnodes > NICVFS) {
		h->over[h->nover++] = "VFs";
		return;
	}
	/* One NIC's 128 VFs split between its wire and its loadgen port. */
	if (g->nlinks > DEF_MAXVFS)
		h->wirevfs = (long)(NICVFS - g->nnodes);
	else
		h->wirevfs = (long)g->nlinks;
	h->lgvfs = NICVFS - h->wirevfs;
}

void
genhost(const struct gtopo *g, struct ghost *h)
{
	uint64_t cores = 1, memory = DEF_RESERVE;
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < g->nnodes; i++) {
		cores += vcpusof(g, i);
		memory += memoryof(g, i);
	}
	h->paper = paperfits(g);
	h->ncores = h->paper || cores < PAPERCORES ? PAPERCORES : cores;
	if (h->ncores > MAXCORES) {
		h->ncores = MAXCORES;
		h->over[h->nover++] = "cores";
	}
	h->memory = h->paper || memory < PAPERMEM ? PAPERMEM : memory;
	fitvfs(g, h);
	h->vlanlo = g->nlinks <= DEF_VLANHI - DEF_VLANLO + 1 ? DEF_VLANLO : 1;
	if (g->nlinks > 4094)
		h->over[h->nover++] = "VLANs";
	h->link4 = poolplen(g->nlinks, 9, DEF_LINK4.plen);
	h->host4 = poolplen(g->nnodes, 10, DEF_INGRESS4.plen);
	if (g->nflows > 65535 - DEF_FLOWPORT + 1)
		h->over[h->nover++] = "UDP ports";
}

/* A plain scalar made by printf, for the composite values (0-31, 7GiB). */
static void
yfmt(struct yout *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
yfmt(struct yout *y, const char *fmt, ...)
{
	char s[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	ystr(y, s);
}

static void
writeport(struct yout *y, const char *name, const char *pf, long offset, long maxvfs,
    const char *peermac)
{
	char rate[32];

	ystr(y, name);
	ymap(y, 1);
	ykquoted(y, "pf", pf);
	ykint(y, "vf_offset", offset);
	ykstr(y, "vf_stride", "1");
	ykint(y, "max_vfs", maxvfs);
	ykstr(y, "speed", fmtratelang(rate, DEF_PORTSPEED));
	if (peermac)
		ykquoted(y, "peer_mac", peermac);
	yend(y);
}

static void
writecpu(struct yout *y, const struct ghost *h)
{
	static const char *const numa[] = { "0-7", "8-15", "16-23", "24-31" };
	size_t i;

	ystr(y, "cpu");
	ymap(y, 1);
	ykstr(y, "vendor", "amd");
	ystr(y, "cores");
	yfmt(y, "0-%" PRIu64, h->ncores - 1);
	ykstr(y, "housekeeping", "0");
	if (h->paper) {
		ystr(y, "numa");
		yseq(y, 1);
		for (i = 0; i < LEN(numa); i++)
			ystr(y, numa[i]);
		yendseq(y);
	}
	yend(y);
}

/* The paper's DuT (samples/nw.yaml), grown by h. */
static void
writehost(struct yout *y, const struct ghost *h)
{
	/* The loadgen port's first VF follows the wire port's last (PF + 1). */
	long lgoffset = 16 + h->wirevfs - 1;
	static const uint8_t lgmac[2][6] = { DEF_PEERMAC_INGRESS, DEF_PEERMAC_EGRESS };
	char size[32], mac[18];

	ystr(y, "host");
	ymap(y, 0);
	ykstr(y, "name", DEF_HOSTNAME);
	writecpu(y, h);
	ystr(y, "memory");
	yfmt(y, "%" PRIu64 "GiB", h->memory >> 30);
	ykstr(y, "reserve", fmtsize(size, DEF_RESERVE));
	ykstr(y, "hugepages", fmtsize(size, DEF_HUGEPAGE));
	ystr(y, "wire");
	ymap(y, 0);
	writeport(y, "a", "0000:41:00.0", 16, h->wirevfs, NULL);
	writeport(y, "b", "0000:42:00.0", 16, h->wirevfs, NULL);
	yend(y);
	ystr(y, "loadgen");
	ymap(y, 0);
	writeport(y, "ingress", "0000:41:00.1", lgoffset, h->lgvfs, fmtmac(mac, lgmac[0]));
	writeport(y, "egress", "0000:42:00.1", lgoffset, h->lgvfs, fmtmac(mac, lgmac[1]));
	yend(y);
	yend(y);
}

/* Pools only where the defaults are too small. */
static void
writepools(struct yout *y, const struct ghost *h)
{
	char ip[16];

	if (h->vlanlo == DEF_VLANLO && h->link4 == DEF_LINK4.plen && h->host4 == DEF_INGRESS4.plen)
		return;
	ystr(y, "pools");
	ymap(y, 0);
	if (h->vlanlo != DEF_VLANLO) {
		ystr(y, "vlan");
		yfmt(y, "%d-%d", h->vlanlo, DEF_VLANHI);
	}
	if (h->link4 != DEF_LINK4.plen) {
		ystr(y, "link4");
		yfmt(y, "%s/%d", fmtip(ip, DEF_LINK4.addr), h->link4);
	}
	if (h->host4 != DEF_INGRESS4.plen) {
		ystr(y, "ingress4");
		yfmt(y, "10.128.0.0/%d", h->host4);
		ystr(y, "egress4");
		yfmt(y, "10.192.0.0/%d", h->host4);
	}
	yend(y);
}

static void
writedefaults(struct yout *y, const struct gtopo *g)
{
	ystr(y, "defaults");
	ymap(y, 0);
	ystr(y, "vm");
	ymap(y, 1);
	ykint(y, "vcpus", g->vcpus);
	ystr(y, "memory");
	yfmt(y, "%" PRIu64 "GiB", g->memory >> 30);
	ykstr(y, "image", DEF_IMAGE);
	yend(y);
	ystr(y, "flow");
	ymap(y, 1);
	ykint(y, "size", DEF_FLOWSIZE);
	yend(y);
	if (g->ratenone) {
		ystr(y, "link");
		ymap(y, 1);
		ykstr(y, "max_rate", "none");
		yend(y);
	}
	yend(y);
}

static void
nodename(char buf[24], const struct gtopo *g, size_t i)
{
	snprintf(buf, 24, "vm%lu", g->nodes[i].id);
}

static void
writenodes(struct yout *y, const struct gtopo *g)
{
	char name[24];
	size_t i;

	ystr(y, "nodes");
	ymap(y, 0);
	for (i = 0; i < g->nnodes; i++) {
		nodename(name, g, i);
		ystr(y, name);
		ymap(y, 1);
		if (g->nodes[i].vcpus)
			ykint(y, "vcpus", g->nodes[i].vcpus);
		if (g->nodes[i].memory) {
			ystr(y, "memory");
			yfmt(y, "%" PRIu64 "GiB", g->nodes[i].memory >> 30);
		}
		yend(y);
	}
	yend(y);
}

static void
writelinks(struct yout *y, const struct gtopo *g)
{
	char a[24], b[24], rate[32], s[56];
	size_t i;

	ystr(y, "links");
	yseq(y, 0);
	for (i = 0; i < g->nlinks; i++) {
		const struct glink *l = &g->links[i];

		nodename(a, g, l->end[0]);
		nodename(b, g, l->end[1]);
		if (!l->maxrate) {
			snprintf(s, sizeof(s), "%s -- %s", a, b);
			ystr(y, s);
			continue;
		}
		ymap(y, 1);
		ystr(y, "ends");
		yseq(y, 1);
		ystr(y, a);
		ystr(y, b);
		yendseq(y);
		ykstr(y, "max_rate", fmtratelang(rate, l->maxrate));
		yend(y);
	}
	yendseq(y);
}

static void
writeflow(struct yout *y, const struct gtopo *g, size_t i)
{
	const struct gflow *f = &g->flows[i];
	char name[24], rate[32];
	size_t k;

	ymap(y, 1);
	ystr(y, "name");
	if (f->name)
		ystr(y, f->name);
	else
		yfmt(y, "f%zu", i);
	ystr(y, "from");
	nodename(name, g, f->from);
	ystr(y, name);
	ystr(y, "to");
	nodename(name, g, f->to);
	ystr(y, name);
	if (f->npath) {
		ystr(y, "path");
		yseq(y, 1);
		for (k = 0; k < f->npath; k++) {
			nodename(name, g, f->path[k]);
			ystr(y, name);
		}
		yendseq(y);
	}
	ykstr(y, "rate", fmtratelang(rate, f->rate));
	if (f->port >= 0)
		ykint(y, "port", f->port);
	yend(y);
}

static void
writedoc(struct yout *y, const struct gtopo *g, const struct ghost *h)
{
	size_t i;

	ymap(y, 0);
	ykstr(y, "hvnet", "1");
	ykstr(y, "name", g->name);
	writehost(y, h);
	writepools(y, h);
	writedefaults(y, g);
	writenodes(y, g);
	writelinks(y, g);
	ystr(y, "flows");
	yseq(y, 0);
	for (i = 0; i < g->nflows; i++)
		writeflow(y, g, i);
	yendseq(y);
	yend(y);
}

int
genwrite(const struct gtopo *g, const struct ghost *h, struct buf *out)
{
	struct yout y;
	const char *p, *q;
	size_t i;

	for (p = g->comment.s; p && *p; p = q + (*q == '\n')) {
		q = p + strcspn(p, "\n");
		bufprintf(out, "#%s%.*s\n", q > p ? " " : "", (int)(q - p), p);
	}
	if (h->nover) {
		bufputs(out, "# This topology exceeds what one host offers:");
		for (i = 0; i < h->nover; i++)
			bufprintf(out, "%s %s", i ? "," : "", h->over[i]);
		bufputs(out, ".\n# Compile it with --allow-overcommit: a plan for benchmarks,"
		    " not deployable.\n");
	}
	yopen(&y, out);
	writedoc(&y, g, h);
	return yclose(&y);
}
