/*
 * The table `hvnetc plan` prints: each link's load per direction against
 * its limit, the LoadGen ports' load, the nodes, the flows, and the
 * host's cores, memory and hugepages against what the VMs use.  Names are
 * left-aligned in columns as wide as the longest, numbers right-aligned.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backends.h"

/* Spaces up to column col of the line that starts at b->s[at]. */
static void
padto(struct buf *b, size_t at, size_t col)
{
	while (b->len - at < col)
		bufputs(b, " ");
}

/* Text left-aligned from column col (one space at least after the last). */
static void
left(struct buf *b, size_t at, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (b->len > at && b->len - at >= col)
		bufputs(b, " ");
	padto(b, at, col);
	va_start(ap, fmt);
	bufvprintf(b, fmt, ap);
	va_end(ap);
}

/* Text right-aligned to end at column end (one space at least before it). */
static void
right(struct buf *b, size_t at, size_t end, const char *fmt, ...)
{
	char s[64];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	n = strlen(s);
	if (b->len > at)
		bufputs(b, " ");
	padto(b, at, end > n ? end - n : 0);
	bufputs(b, s);
}

static double
mbits(uint64_t bps)
{
	return (double)bps / 1e6;
}

static double
gib(uint64_t bytes)
{
	return (double)bytes / (1 << 30);
}

/* The use column: load as a share of limit, OVER beyond it. */
static void
use(struct buf *b, size_t at, size_t end, uint64_t load, uint64_t limit)
{
	if (!limit) {
		right(b, at, end, "none");
		return;
	}
	right(b, at, end, "%.0f%%", 100.0 * (double)load / (double)limit);
	if (load > limit)
		bufputs(b, "  OVER");
}

static size_t
linkwidth(const struct topo *t)
{
	size_t i, w = strlen("link");
	char s[64];

	for (i = 0; i < t->nlinks; i++) {
		const struct link *l = &t->links[i];
		int n = snprintf(s, sizeof(s), "%zu %s -- %s", l->index, l->ends[0]->name,
		    l->ends[1]->name);

		if ((size_t)n > w)
			w = (size_t)n;
	}
	return w;
}

static size_t
nodewidth(const struct topo *t)
{
	size_t i, w = strlen("flow");

	for (i = 0; i < t->nnodes; i++)
		if (strlen(t->nodes[i].name) > w)
			w = strlen(t->nodes[i].name);
	for (i = 0; i < t->nflows; i++)
		if (strlen(t->flows[i].name) > w)
			w = strlen(t->flows[i].name);
	return w;
}

/*
 * link | vlan | vf | direction | load | limit | use: the column ends of the
 * right-aligned numbers follow from the widths of the names before them.
 */
static void
links(struct buf *b, const struct topo *t, size_t lw, size_t nw)
{
	size_t dw = 3 + nw > 9 ? 3 + nw : 9;	/* "-> name", "direction" */
	size_t vlan = lw + 6, vf = vlan + 5, dir = vf + 2, load = dir + dw + 13;
	size_t limit = load + 14, pct = limit + 6, i, at;
	int d;

	at = b->len;
	left(b, at, 0, "link");
	right(b, at, vlan, "vlan");
	right(b, at, vf, "vf");
	left(b, at, dir, "direction");
	right(b, at, load, "load Mbit/s");
	right(b, at, limit, "limit Mbit/s");
	right(b, at, pct, "use");
	bufputs(b, "\n");
	for (i = 0; i < t->nlinks; i++) {
		const struct link *l = &t->links[i];

		for (d = 0; d < 2; d++) {
			at = b->len;
			if (!d) {
				bufprintf(b, "%zu %s -- %s", l->index, l->ends[0]->name,
				    l->ends[1]->name);
				right(b, at, vlan, "%d", l->vlan);
				if (l->medium == MEDIUM_VETH)
					right(b, at, vf, "veth");
				else
					right(b, at, vf, "%zu", l->ends[0]->ifaces[l->iface[0]].vf);
			}
			left(b, at, dir, "%s %s", d ? "<-" : "->", l->ends[!d]->name);
			right(b, at, load, "%.2f", mbits(l->load[d]));
			if (l->maxrate)
				right(b, at, limit, "%.2f", mbits(l->maxrate));
			else
				right(b, at, limit, "-");
			use(b, at, pct, l->load[d], l->maxrate);
			bufputs(b, "\n");
		}
	}
}

/* The LoadGen's two ports carry every flow once, on the wire (lgcheck). */
static void
loadgen(struct buf *b, const struct topo *t)
{
	static const char *const name[] = { [PORT_INGRESS] = "ingress", [PORT_EGRESS] = "egress" };
	enum portid p;
	size_t at;
	char s[13];

	at = b->len;
	left(b, at, 0, "loadgen port");
	left(b, at, 14, "pf");
	right(b, at, 34, "vfs");
	right(b, at, 47, "load Mbit/s");
	right(b, at, 61, "limit Mbit/s");
	right(b, at, 67, "use");
	bufputs(b, "\n");
	for (p = PORT_INGRESS; p <= PORT_EGRESS; p++) {
		const struct port *pt = &t->host.port[p];

		if (!pt->declared)
			continue;
		at = b->len;
		bufputs(b, name[p]);
		left(b, at, 14, "%s", fmtpci(s, pt->pf));
		right(b, at, 34, "%zu", pt->nvfs);
		right(b, at, 47, "%.2f", mbits(t->lgwire));
		right(b, at, 61, "%.2f", mbits(pt->speed));
		use(b, at, 67, t->lgwire, pt->speed);
		bufputs(b, "\n");
	}
}

static void
nodes(struct buf *b, const struct topo *t, size_t nw)
{
	size_t vcpus = nw + 7, cores = vcpus + 2, numa = cores + 15, mem = numa + 12;
	size_t i, k, at;
	char s[13];

	at = b->len;
	left(b, at, 0, "node");
	right(b, at, vcpus, "vcpus");
	left(b, at, cores, "cores");
	right(b, at, numa, "numa");
	right(b, at, mem, "memory GiB");
	left(b, at, mem + 2, "ingress VF pci");
	left(b, at, mem + 18, "egress VF pci");
	bufputs(b, "\n");
	for (i = 0; i < t->nnodes; i++) {
		const struct node *n = &t->nodes[i];

		at = b->len;
		bufputs(b, n->name);
		right(b, at, vcpus, "%ld", n->vcpus);
		padto(b, at, cores);
		fmtcpus(b, &n->cores);
		if (n->numanode >= 0)
			right(b, at, numa, "%ld", n->numanode);
		else
			right(b, at, numa, "-");
		right(b, at, mem, "%.1f", gib(n->memory));
		for (k = 0; k < n->nifaces && n->ifaces[k].role != ROLE_LINK; k++)
			left(b, at, mem + 2 + 16 * k, "%s", n->ifaces[k].medium == MEDIUM_VETH ?
			    "veth" : fmtpci(s, n->ifaces[k].pci));
		bufputs(b, "\n");
	}
}

static void
flows(struct buf *b, const struct topo *t, size_t nw)
{
	size_t port = nw + 7, rate = port + 13, hops = rate + 6, i, k, at;

	at = b->len;
	left(b, at, 0, "flow");
	right(b, at, port, "port");
	right(b, at, rate, "rate Mbit/s");
	right(b, at, hops, "hops");
	left(b, at, hops + 2, "path");
	bufputs(b, "\n");
	for (i = 0; i < t->nflows; i++) {
		const struct flow *f = &t->flows[i];

		at = b->len;
		bufputs(b, f->name);
		right(b, at, port, "%ld", f->dport);
		right(b, at, rate, "%.2f", mbits(f->rate));
		right(b, at, hops, "%zu", f->npath ? f->npath - 1 : 0);
		padto(b, at, hops + 2);
		for (k = 0; k < f->npath; k++)
			bufprintf(b, "%s%s", k ? " " : "", f->path[k]->name);
		bufputs(b, "\n");
	}
}

static int
ishousekeeping(const struct host *h, int cpu)
{
	size_t i;

	for (i = 0; i < h->housekeeping.n; i++)
		if (h->housekeeping.v[i] == cpu)
			return 1;
	return 0;
}

/*
 * What the VMs take of the host, as check counts it: cores besides the
 * housekeeping ones, memory less the reserve, hugepages of that memory.
 */
static void
totals(struct buf *b, const struct topo *t)
{
	const struct host *h = &t->host;
	uint64_t memory = 0, vmmem = h->memory > h->reserve ? h->memory - h->reserve : 0;
	size_t i, at, vcpus = 0, free = 0;

	for (i = 0; i < t->nnodes; i++) {
		vcpus += (size_t)t->nodes[i].vcpus;
		memory += t->nodes[i].memory;
	}
	for (i = 0; i < h->cores.n; i++)
		free += !ishousekeeping(h, h->cores.v[i]);
	at = b->len;
	left(b, at, 0, "host %s", h->name);
	right(b, at, 28, "VMs");
	right(b, at, 38, "host");
	right(b, at, 44, "use");
	bufputs(b, "\n");
	at = b->len;
	bufputs(b, "cores");
	right(b, at, 28, "%zu", vcpus);
	right(b, at, 38, "%zu", free);
	use(b, at, 44, vcpus, free);
	bufprintf(b, "  (%zu cores, %zu for housekeeping)\n", h->cores.n, h->cores.n - free);
	at = b->len;
	bufputs(b, "memory GiB");
	right(b, at, 28, "%.1f", gib(memory));
	right(b, at, 38, "%.1f", gib(vmmem));
	use(b, at, 44, memory, vmmem);
	bufprintf(b, "  (%.1f, %.1f kept for the host)\n", gib(h->memory), gib(h->reserve));
	if (!h->hugepage)
		return;
	at = b->len;
	bufprintf(b, "hugepages of %s", h->hugepage == 1u << 30 ? "1 GiB" : "2 MiB");
	right(b, at, 28, "%llu", (unsigned long long)h->hugecount);
	right(b, at, 38, "%llu", (unsigned long long)(vmmem / h->hugepage));
	use(b, at, 44, h->hugecount, vmmem / h->hugepage);
	bufputs(b, "\n");
}

void
plantable(const struct topo *t, struct buf *b)
{
	size_t nw = nodewidth(t);

	/* Each table after a blank line; those that would be empty are left out. */
	bufprintf(b, "topology %s on %s: %zu nodes, %zu links, %zu flows\n",
	    t->name, t->host.name, t->nnodes, t->nlinks, t->nflows);
	if (t->nlinks) {
		bufputs(b, "\n");
		links(b, t, linkwidth(t), nw);
	}
	if (t->host.port[PORT_INGRESS].declared || t->host.port[PORT_EGRESS].declared) {
		bufputs(b, "\n");
		loadgen(b, t);
	}
	bufputs(b, "\n");
	nodes(b, t, nw);
	if (t->nflows) {
		bufputs(b, "\n");
		flows(b, t, nw);
	}
	bufputs(b, "\n");
	totals(b, t);
	if (t->overcommitted)
		bufputs(b, "\novercommitted: this plan cannot be deployed (see plan.yaml)\n");
}
