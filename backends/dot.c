/*
 * Backend 'dot' and the 'graph' command: the topology as a cgraph graph.
 *
 * VMs are nodes labelled with their vCPUs, cores and memory; links are
 * edges labelled with their VLAN and the VF on NIC A and NIC B; the LoadGen
 * is one node with its ingress and egress ports.  With flows, each flow's
 * path is drawn over the links as arrows of its own colour, with a legend.
 * Attributes are declared once, in a fixed order, so agwrite's output is
 * byte-identical run to run; the layout engine is named in the graph so
 * `dot -Tsvg topology.dot` draws what `hvnetc graph` draws.
 *
 * Labels are set through attribute symbols looked up once (agxset).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cgraph.h>

#include "backends.h"
#include "diag.h"
#include "dot.h"

/* Flow colours: distinguishable on white; past them, line styles repeat the cycle. */
static const char *const palette[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
	"#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39",
	"#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
	"#000000", "#e7ba52",
};
static const char *const styles[] = { "solid", "dashed", "dotted" };

static const char *
flowcolor(size_t i)
{
	return palette[i % LEN(palette)];
}

static const char *
flowstyle(size_t i)
{
	return styles[i / LEN(palette) % LEN(styles)];
}

/* agwrite into a struct buf. */
static int
bufputstr(void *chan, const char *s)
{
	bufputs(chan, s);
	bufdrain(chan);
	return 0;
}

static int
bufflush(void *chan)
{
	(void)chan;
	return 0;
}

static int
noread(void *chan, char *buf, int n)
{
	(void)chan, (void)buf, (void)n;
	return 0;
}

static Agiodisc_t bufio = { noread, bufputstr, bufflush };

/* cgraph's own memory and ids; output into a struct buf. */
static Agdisc_t bufdisc = { &AgMemDisc, &AgIdDisc, &bufio };

/* Attribute defaults, declared in this order (agwrite keeps it). */
static const char *const graphattrs[][2] = {
	{ "layout", "neato" }, { "mode", "major" }, { "model", "subset" }, { "overlap", "false" },
	{ "sep", "+16" }, { "splines", "polyline" }, { "outputorder", "edgesfirst" },
	{ "fontname", "Helvetica" }, { "fontsize", "16" }, { "labelloc", "t" },
	{ "label", "" },
};
static const char *const nodeattrs[][2] = {
	{ "shape", "box" }, { "style", "rounded,filled" }, { "fillcolor", "#eef3fb" },
	{ "color", "#4a6fa5" }, { "fontname", "Helvetica" }, { "fontsize", "11" },
	{ "margin", "0.08,0.04" }, { "label", "\\N" },
};
static const char *const edgeattrs[][2] = {
	{ "fontname", "Helvetica" }, { "fontsize", "9" }, { "fontcolor", "#444444" },
	{ "color", "#9a9a9a" }, { "penwidth", "2" }, { "len", "2.2" },
	{ "dir", "none" }, { "style", "solid" }, { "arrowsize", "0.7" },
	{ "label", "" },
};

static void
declare(Agraph_t *g, int kind, const char *const (*a)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		agattr(g, kind, (char *)a[i][0], (char *)a[i][1]);
}

static void
set(void *obj, const char *name, const char *value)
{
	agset(obj, (char *)name, (char *)value);
}

static void
setf(void *obj, const char *name, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&b, fmt, ap);
	va_end(ap);
	set(obj, name, b.s ? b.s : "");
	buffree(&b);
}

/* The per-object attributes, looked up once: agxset needs no name search. */
struct syms {
	Agsym_t *nlabel, *elabel;
	struct buf b;	/* the label being formatted */
};

static Agnode_t *
vmnode(Agraph_t *g, struct syms *y, const struct node *n)
{
	Agnode_t *v = agnode(g, n->name, 1);
	struct buf *b = &y->b;
	char mem[32];

	b->len = 0;
	bufputs(b, n->name);
	bufprintf(b, "\\n%ld %s", n->vcpus, n->vcpus == 1 ? "vCPU" : "vCPUs");
	if (n->cores.n) {
		bufputs(b, n->cores.n == 1 ? " on core " : " on cores ");
		fmtcpus(b, &n->cores);
	}
	bufprintf(b, "\\n%s", fmtbytes(mem, n->memory));
	if (n->numanode >= 0)
		bufprintf(b, ", NUMA %ld", n->numanode);
	agxset(v, y->nlabel, b->s);
	return v;
}

static void
loadgennode(Agraph_t *g, const struct topo *t)
{
	Agnode_t *v = agnode(g, "LoadGen", 1);
	const struct port *in = &t->host.port[PORT_INGRESS];
	const struct port *out = &t->host.port[PORT_EGRESS];
	char a[13], b[13];

	set(v, "shape", "box3d");
	set(v, "style", "filled");
	set(v, "fillcolor", "#fdf3e1");
	set(v, "color", "#b07d2b");
	setf(v, "label", "LoadGen %s\\ningress PF %s (tx port %ld)\\n"
	    "egress PF %s (rx port %ld)\\nVM j: ingress VF j, egress VF j\\nTimestamper %s",
	    t->meas.loadgen, fmtpci(a, in->pf),
	    t->meas.lgtx, fmtpci(b, out->pf), t->meas.lgrx,
	    t->meas.timestamper);
}

static void
linkedge(Agraph_t *g, struct syms *y, Agnode_t **v, const struct link *l)
{
	Agedge_t *e = agedge(g, v[l->ends[0]->index], v[l->ends[1]->index], NULL, 1);
	const struct iface *a = &l->ends[0]->ifaces[l->iface[0]];
	const struct iface *b = &l->ends[1]->ifaces[l->iface[1]];
	struct buf *s = &y->b;

	s->len = 0;
	bufprintf(s, "VLAN %d", l->vlan);
	if (l->ends[0]->nifaces > l->iface[0] && l->ends[1]->nifaces > l->iface[1])
		bufprintf(s, "\\nA VF %u / B VF %u", (unsigned)a->vf, (unsigned)b->vf);
	agxset(e, y->elabel, s->s);
}

/*
 * One arrow per hop of flow f, over the links, in its colour; a baseline
 * flow (from == to: in from the LoadGen and straight back) is a loop on
 * its node.
 */
static void
flowedges(Agraph_t *g, Agnode_t **v, const struct flow *f)
{
	size_t i;

	for (i = 0; i + 1 < f->npath || (i == 0 && f->npath == 1); i++) {
		Agedge_t *e = agedge(g, v[f->path[i]->index],
		    v[f->path[f->npath == 1 ? i : i + 1]->index], NULL, 1);

		set(e, "color", flowcolor(f->index));
		set(e, "style", flowstyle(f->index));
		set(e, "penwidth", "1.5");
		set(e, "dir", "forward");
	}
}

/* The legend: one row per flow, its colour, path and rate (HTML-like label). */
static void
legend(Agraph_t *g, const struct topo *t)
{
	Agnode_t *v = agnode(g, "Legend", 1);
	struct buf b = { 0 };
	size_t i, k;
	char *h;

	bufputs(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\">"
	    "<TR><TD COLSPAN=\"3\"><B>flows</B></TD></TR>");
	for (i = 0; i < t->nflows; i++) {
		const struct flow *f = &t->flows[i];
		char rate[32];

		fmtrateunit(rate, f->rate);
		bufprintf(&b, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\"><B>%s %s</B></FONT></TD>"
		    "<TD ALIGN=\"LEFT\">", flowcolor(i), flowstyle(i)[1] == 'o' ? "&#9473;" :
		    flowstyle(i)[1] == 'a' ? "- -" : "&#183;&#183;&#183;", f->name);
		for (k = 0; k < f->npath; k++)
			bufprintf(&b, "%s%s", k ? " &#8594; " : "", f->path[k]->name);
		bufprintf(&b, "</TD><TD ALIGN=\"RIGHT\">%s</TD></TR>", rate);
	}
	bufputs(&b, "</TABLE>");
	h = agstrdup_html(g, b.s);
	set(v, "shape", "plaintext");
	set(v, "style", "solid");
	set(v, "fontsize", "10");
	set(v, "label", h);
	agstrfree(g, h);
	buffree(&b);
}

Agraph_t *
dotgraph(const struct topo *t, int flows)
{
	Agraph_t *g = agopen(t->name, Agundirected, &bufdisc);
	Agnode_t **v = xcalloc(t->nnodes ? t->nnodes : 1, sizeof(*v));
	struct syms y = { 0 };
	size_t i;

	declare(g, AGRAPH, graphattrs, LEN(graphattrs));
	declare(g, AGNODE, nodeattrs, LEN(nodeattrs));
	declare(g, AGEDGE, edgeattrs, LEN(edgeattrs));
	y.nlabel = agattr(g, AGNODE, "label", NULL);
	y.elabel = agattr(g, AGEDGE, "label", NULL);
	setf(g, "label", "%s: %zu VMs, %zu links, %zu flows on host %s", t->name,
	    t->nnodes, t->nlinks, t->nflows, t->host.name);
	for (i = 0; i < t->nnodes; i++)
		v[i] = vmnode(g, &y, &t->nodes[i]);
	loadgennode(g, t);
	for (i = 0; i < t->nlinks; i++)
		linkedge(g, &y, v, &t->links[i]);
	if (flows) {
		for (i = 0; i < t->nflows; i++)
			flowedges(g, v, &t->flows[i]);
		if (t->nflows)
			legend(g, t);
	}
	free(v);
	buffree(&y.b);
	return g;
}

int
dotwrite(Agraph_t *g, struct buf *b)
{
	if (agwrite(g, b) != 0) {
		syserr("cannot write the graph of '%s'", agnameof(g));
		return EXIT_IO;
	}
	return EXIT_OK;
}

int
dotemit(const struct topo *t, struct outset *set)
{
	Agraph_t *g = dotgraph(t, 0);
	int r = dotwrite(g, outnew(set, 0, "topology.dot"));

	agclose(g);
	return r;
}
