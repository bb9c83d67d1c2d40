/*
 * Command 'random': a random valid topology, the same bytes for the same
 * seed on every machine (SplitMix64, never rand()), in time linear in its
 * size.
 *
 * The graph is a random recursive tree over a shuffled node order (so it
 * is connected and shallow) plus extra links between random distinct
 * pairs, each pair at most once.  Each flow follows a random walk without
 * revisits from a random node, of up to max-hops links.  Rates: each flow
 * draws a weight (mostly 1, some up to R), and one unit rate is scaled so
 * that every link direction, the cable in each direction and the LoadGen
 * ports stay within their limits: rate = weight * unit, all integers, so
 * the compiler's sums match ours exactly.  R keeps the packet-order table
 * under its cap (Σ rates / min rate <= 10^4, hvnetc(1), FILES) where that can be.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "gen.h"
#include "hvnetc.h"

/* Uniform in 0..n-1 (n > 0), without modulo bias. */
static uint64_t
rbelow(uint64_t *s, uint64_t n)
{
	uint64_t x, min = -n % n;

	do
		x = splitmix64(s);
	while (x < min);
	return x % n;
}

/* Add pair {a, b} to p; 0 when it was there already. */
static int
pairadd(struct pairmap *p, size_t a, size_t b)
{
	return pairget(p, a, b, 1, 0) == (size_t)-1;
}

/* Adjacency in CSR form: node i's links are adj[off[i] .. off[i+1]). */
struct graph {
	size_t *off;
	size_t *adj;		/* link index << 1 | (1 when the node is end[1]) */
};

static void
mkgraph(const struct gtopo *g, struct graph *gr)
{
	size_t i, k, *fill = xcalloc(g->nnodes + 1, sizeof(*fill));

	gr->off = xcalloc(g->nnodes + 1, sizeof(*gr->off));
	gr->adj = xmalloc(2 * g->nlinks * sizeof(*gr->adj) + 1);
	for (i = 0; i < g->nlinks; i++)
		for (k = 0; k < 2; k++)
			gr->off[g->links[i].end[k] + 1]++;
	for (i = 0; i < g->nnodes; i++)
		gr->off[i + 1] += gr->off[i];
	for (i = 0; i < g->nlinks; i++)
		for (k = 0; k < 2; k++) {
			size_t n = g->links[i].end[k];

			gr->adj[gr->off[n] + fill[n]++] = i << 1 | k;
		}
	free(fill);
}

/* A spanning tree, then extra links between random new pairs; shuffled. */
static void
mklinks(struct gtopo *g, uint64_t *s)
{
	size_t n = g->nnodes, i, *perm = xmalloc(n * sizeof(*perm) + 1), m = 0;
	uint64_t pairs = (uint64_t)n * (n - 1) / 2;
	struct pairmap ps;

	pairinit(&ps, 2 * g->nlinks + 1);
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n; i > 1; i--) {
		size_t j = (size_t)rbelow(s, i), t = perm[i - 1];

		perm[i - 1] = perm[j], perm[j] = t;
	}
	for (i = 1; i < n; i++, m++) {
		g->links[m].end[0] = perm[rbelow(s, i)];
		g->links[m].end[1] = perm[i];
		pairadd(&ps, g->links[m].end[0], g->links[m].end[1]);
	}
	if (2 * (uint64_t)g->nlinks > pairs) {
		/* Dense: walk every pair, take each with the probability still needed. */
		size_t a, b;
		uint64_t left = pairs - m;

		for (a = 0; a < n && m < g->nlinks; a++)
			for (b = a + 1; b < n && m < g->nlinks; b++)
				if (pairadd(&ps, a, b) && rbelow(s, left--) < g->nlinks - m) {
					g->links[m].end[0] = a;
					g->links[m++].end[1] = b;
				}
	}
	while (m < g->nlinks) {
		size_t a = (size_t)rbelow(s, n), b = (size_t)rbelow(s, n);

		if (a != b && pairadd(&ps, a, b)) {
			g->links[m].end[0] = a;
			g->links[m++].end[1] = b;
		}
	}
	for (i = g->nlinks; i > 1; i--) {
		size_t j = (size_t)rbelow(s, i);
		struct glink t = g->links[i - 1];

		g->links[i - 1] = g->links[j], g->links[j] = t;
	}
	pairfree(&ps);
	free(perm);
}

/* What flows need while they are made. */
struct flowgen {
	struct graph gr;
	size_t *stamp;		/* per node: 1 + the flow whose walk visited it */
	size_t *pool;		/* every path, one after the other */
	size_t npool, cappool;
	size_t *start;		/* per flow: its path's offset in pool */
	uint64_t *weight;	/* per flow */
	uint64_t *load;		/* Σ weights per link direction: 2 * link + side left */
	uint64_t wire[2];	/* Σ weight-hops over the cable a -> b and b -> a */
	uint64_t total;		/* Σ weights */
};

/* Node at the far end of adjacency entry e. */
static size_t
farend(const struct gtopo *g, size_t e)
{
	return g->links[e >> 1].end[!(e & 1)];
}

/* One step from cur to a random unvisited neighbour; the entry, or -1. */
static long
step(const struct gtopo *g, struct flowgen *fg, uint64_t *s, size_t cur, size_t mark)
{
	size_t lo = fg->gr.off[cur], hi = fg->gr.off[cur + 1], k, nfree = 0;
	uint64_t pick;

	for (k = lo; k < hi; k++)
		nfree += fg->stamp[farend(g, fg->gr.adj[k])] != mark;
	if (!nfree)
		return -1;
	pick = rbelow(s, nfree);
	for (k = lo;; k++)
		if (fg->stamp[farend(g, fg->gr.adj[k])] != mark && !pick--)
			return (long)fg->gr.adj[k];
}

static void
poolput(struct flowgen *fg, size_t v)
{
	fg->pool = xgrow(fg->pool, &fg->cappool, fg->npool + 1, sizeof(*fg->pool));
	fg->pool[fg->npool++] = v;
}

/* Flow i: a random walk of up to maxhops links without revisits. */
static void
walk(struct gtopo *g, struct flowgen *fg, uint64_t *s, size_t i, long maxhops, uint64_t r)
{
	struct gflow *f = &g->flows[i];
	size_t cur = (size_t)rbelow(s, g->nnodes), hops, mark = i + 1;
	long e;

	hops = maxhops > 0 ? 1 + (size_t)rbelow(s, (uint64_t)maxhops) : 0;
	fg->weight[i] = rbelow(s, 4) ? 1 : 1 + rbelow(s, r);
	fg->total += fg->weight[i];
	fg->start[i] = fg->npool;
	f->from = cur;
	fg->stamp[cur] = mark;
	poolput(fg, cur);
	for (f->npath = 1; f->npath <= hops; f->npath++) {
		if ((e = step(g, fg, s, cur, mark)) < 0)
			break;
		fg->load[e] += fg->weight[i];
		fg->wire[e & 1] += fg->weight[i];
		cur = farend(g, (size_t)e);
		fg->stamp[cur] = mark;
		poolput(fg, cur);
	}
	f->to = cur;
	f->port = -1;
}

/* The largest unit rate (bit/s) that keeps every limit; see the top. */
static uint64_t
unitrate(const struct gtopo *g, const struct flowgen *fg)
{
	uint64_t unit = 1000000, lim = autorate(DEF_PORTSPEED, g->nlinks);
	uint64_t cable = DEF_PORTSPEED / 100 * 95;
	size_t i;

	for (i = 0; i < 2 * g->nlinks && !g->ratenone; i++)
		if (fg->load[i] && lim / fg->load[i] < unit)
			unit = lim / fg->load[i];
	for (i = 0; i < 2 && g->ratenone; i++)
		if (fg->wire[i] && cable / fg->wire[i] < unit)
			unit = cable / fg->wire[i];
	/* LoadGen ports: each packet of size bytes takes size + 38 on the wire. */
	if (fg->total && cable * DEF_FLOWSIZE / (DEF_FLOWSIZE + 38) / fg->total < unit)
		unit = cable * DEF_FLOWSIZE / (DEF_FLOWSIZE + 38) / fg->total;
	if (unit >= 1000)
		unit -= unit % 1000;
	return unit ? unit : 1;
}

/* Flows with paths and rates; returns the memory of every path, to free. */
static size_t *
mkflows(struct gtopo *g, uint64_t *s, long maxhops)
{
	struct flowgen fg = { 0 };
	uint64_t unit, r = g->nflows ? 10000 / g->nflows : 100;
	size_t i;

	r = r < 1 ? 1 : r > 100 ? 100 : r;
	if (maxhops > (long)g->nnodes - 1)
		maxhops = (long)g->nnodes - 1;
	mkgraph(g, &fg.gr);
	fg.stamp = xcalloc(g->nnodes, sizeof(*fg.stamp));
	fg.start = xmalloc(g->nflows * sizeof(*fg.start) + 1);
	fg.weight = xmalloc(g->nflows * sizeof(*fg.weight) + 1);
	fg.load = xcalloc(2 * g->nlinks + 1, sizeof(*fg.load));
	for (i = 0; i < g->nflows; i++)
		walk(g, &fg, s, i, maxhops, r);
	unit = unitrate(g, &fg);
	for (i = 0; i < g->nflows; i++) {
		g->flows[i].path = fg.pool + fg.start[i];
		g->flows[i].rate = fg.weight[i] * unit;
	}
	free(fg.gr.off);
	free(fg.gr.adj);
	free(fg.stamp);
	free(fg.start);
	free(fg.weight);
	free(fg.load);
	return fg.pool;
}

/*
 * The paper's defaults for what o leaves open: 6-15 nodes, their links
 * (5-23 in the dataset), 19-59 flows, 14 hops; about 4/3 links and one flow
 * per node beyond 15 nodes.  Drawn from a stream of their own, so that the
 * parameters printed in the comment reproduce the same bytes.
 */
static void
fillopts(const struct randopts *o, struct randopts *r)
{
	uint64_t s = o->seed ^ 0x68766e657463ull, pairs, lo, hi;

	*r = *o;
	if (!r->nodes)
		r->nodes = 6 + (size_t)rbelow(&s, 10);
	pairs = (uint64_t)r->nodes * (r->nodes - 1) / 2;
	lo = r->nodes - 1;
	hi = r->nodes <= 15 ? 23 : r->nodes + r->nodes / 3;
	hi = hi > pairs ? pairs : hi < lo ? lo : hi;
	if (!r->haslinks)
		r->links = (size_t)(r->nodes <= 15 ? lo + rbelow(&s, hi - lo + 1) : hi);
	if (!r->hasflows)
		r->flows = r->nodes <= 15 ? 19 + (size_t)rbelow(&s, 41) : r->nodes;
	if (r->maxhops < 0)
		r->maxhops = 14;
}

/* Why r cannot be made, or NULL. */
static const char *
badopts(const struct randopts *r, char *msg, size_t n)
{
	uint64_t pairs = (uint64_t)r->nodes * (r->nodes - 1) / 2;

	if (r->nodes > MAXITEMS || r->links > MAXITEMS || r->flows > MAXITEMS)
		snprintf(msg, n, "at most %d nodes, links and flows", MAXITEMS);
	else if (r->links < r->nodes - 1)
		snprintf(msg, n, "%zu nodes need at least %zu links to be connected",
		    r->nodes, r->nodes - 1);
	else if (r->links > pairs)
		snprintf(msg, n, "%zu nodes have only %" PRIu64 " pairs to link", r->nodes, pairs);
	else
		return NULL;
	return msg;
}

int
randomgen(const struct randopts *o, struct buf *out)
{
	struct gtopo g = { 0 };
	struct randopts r;
	struct ghost h;
	uint64_t s;
	size_t *paths;
	char name[32], msg[96];
	int status;

	fillopts(o, &r);
	if (badopts(&r, msg, sizeof(msg))) {
		fprintf(diagout ? diagout : stderr, "hvnetc random: %s\n", msg);
		return EXIT_USAGE;
	}
	snprintf(name, sizeof(name), "random-%" PRIu64, r.seed);
	g.name = name;
	g.nnodes = r.nodes, g.nlinks = r.links, g.nflows = r.flows;
	g.vcpus = r.nodes <= 15 ? 2 : 1;
	g.memory = GENVMMEM;
	g.ratenone = autorate(DEF_PORTSPEED, g.nlinks) == 0 && g.nlinks;
	g.nodes = xcalloc(g.nnodes, sizeof(*g.nodes));
	g.links = xcalloc(g.nlinks + 1, sizeof(*g.links));
	g.flows = xcalloc(g.nflows + 1, sizeof(*g.flows));
	for (s = 0; s < g.nnodes; s++)
		g.nodes[s].id = (unsigned long)s + 1;
	s = r.seed;
	mklinks(&g, &s);
	paths = mkflows(&g, &s, r.maxhops);
	bufprintf(&g.comment, "hvnetc random --seed %" PRIu64 " --nodes %zu --links %zu"
	    " --flows %zu --max-hops %ld\n%s", r.seed, r.nodes, r.links, r.flows, r.maxhops,
	    g.ratenone ? "A connected random topology.  Links have no transmit limit (auto\n"
	    "would be 0 Mbit/s for this many); every flow's rate fits the cable's\n"
	    "capacity in each direction and the LoadGen ports.\n"
	    : "A connected random topology; every flow's rate fits each link's\n"
	    "transmit limit and the LoadGen ports.\n");
	genhost(&g, &h);
	status = genwrite(&g, &h, out) ? EXIT_IO : EXIT_OK;
	buffree(&g.comment);
	free(paths);
	free(g.nodes);
	free(g.links);
	free(g.flows);
	return status;
}

enum { K_SEED = 256, K_NODES, K_LINKS, K_FLOWS, K_MAXHOPS };

static const struct opt randomopts[] = {
	{ "seed", 1, K_SEED }, { "nodes", 1, K_NODES }, { "links", 1, K_LINKS },
	{ "flows", 1, K_FLOWS }, { "max-hops", 1, K_MAXHOPS }, { NULL, 0, 0 },
};

static const struct cmdargs randomargs = {
	"random",
	"usage: hvnetc random --seed N [--nodes N] [--links N] [--flows N] [--max-hops N]\n",
	"Write a random valid topology to standard output: connected, flows along\n"
	"explicit paths of at most --max-hops links, rates within every limit.\n"
	"The same seed gives the same bytes.  Defaults follow the paper's dataset:\n"
	"6-15 nodes, 5-23 links, 19-59 flows, 14 hops.  Topologies beyond one\n"
	"host's VFs, VLANs or UDP ports say so in a comment: compile them with\n"
	"--allow-overcommit.\n",
	randomopts,
};

/* What random's command line says, and whether --seed was given. */
struct rargs {
	struct randopts o;
	int seeded;
};

/* A decimal count up to max; -1 when it is not one. */
static int
count(const char *opt, const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end && !errno && *v <= max)
		return 0;
	return argusage(&randomargs, "--%s wants a whole number from %d up to %" PRIu64
	    ", not '%s'", opt, strcmp(opt, "nodes") == 0, max, s);
}

static int
rset(void *ctx, int key, const char *s)
{
	struct rargs *a = ctx;
	const char *name = randomopts[key - K_SEED].name;
	uint64_t v;

	if (count(name, s, key == K_SEED ? UINT64_MAX : MAXITEMS, &v))
		return EXIT_USAGE;
	switch (key) {
	case K_SEED: a->o.seed = v, a->seeded = 1; break;
	case K_NODES:
		if (!v)
			return count(name, s, 0, &v), EXIT_USAGE;
		a->o.nodes = (size_t)v;
		break;
	case K_LINKS: a->o.links = (size_t)v, a->o.haslinks = 1; break;
	case K_FLOWS: a->o.flows = (size_t)v, a->o.hasflows = 1; break;
	case K_MAXHOPS: a->o.maxhops = (long)v; break;
	}
	return 0;
}

int
cmdrandom(int argc, char **argv)
{
	struct rargs a = { .o.maxhops = -1 };
	struct buf out = { 0 };
	char **ops;
	int nops, r = argparse(&randomargs, argc, argv, rset, &a, &nops, &ops);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (nops > 0)
		return argusage(&randomargs, "unexpected argument '%s'", ops[0]);
	if (!a.seeded)
		return argusage(&randomargs, "--seed N is required");
	r = randomgen(&a.o, &out);
	if (r == EXIT_OK)
		r = putout(&out);
	buffree(&out);
	return r;
}
