/*
 * hvnetc random: for 200 seeds at several sizes the output compiles with
 * no error and no warning (only overcommit warnings for sizes beyond one
 * host), is connected, keeps paths within --max-hops and every link within
 * its limit; equal seeds give equal bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "unit.h"

/* Every node reached from node 0 over the links. */
static int
connected(const struct topo *t)
{
	size_t *queue = xmalloc(t->nnodes * sizeof(*queue) + 1), head = 0, tail = 0, i, k;
	char *seen = xcalloc(t->nnodes + 1, 1);

	if (t->nnodes)
		seen[0] = 1, queue[tail++] = 0;
	while (head < tail) {
		const struct node *n = &t->nodes[queue[head++]];

		for (k = 0; k < n->nadj; k++) {
			const struct link *l = &t->links[n->adj[k]];

			for (i = 0; i < 2; i++)
				if (!seen[l->ends[i]->index])
					seen[l->ends[i]->index] = 1, queue[tail++] = l->ends[i]->index;
		}
	}
	free(queue);
	free(seen);
	return tail == t->nnodes;
}

/* Generate o, compile it; allow lists the warnings that may appear. */
static void
generate(const struct randopts *o, int overcommit, size_t maxhops)
{
	struct buf out = { 0 };
	struct topo t = { 0 };
	struct options opt = { .overcommit = overcommit };
	char *log = NULL;
	size_t loglen = 0, i;
	int r;

	diagout = open_memstream(&log, &loglen);
	cr_assert_eq(randomgen(o, &out), EXIT_OK);
	r = compilemem(&t, "random.yaml", out.s, out.len, &opt);
	fflush(diagout);
	cr_assert_eq(r, EXIT_OK, "seed %llu: %s", (unsigned long long)o->seed, log);
	if (!overcommit)
		cr_assert_eq(diagwarnings(), 0, "seed %llu: %s", (unsigned long long)o->seed, log);
	else
		cr_assert(!strstr(log, "warning: ") || strstr(log, "exhausted")
		    || strstr(log, "order table"), "seed %llu: %s", (unsigned long long)o->seed, log);
	cr_assert(connected(&t), "seed %llu: not connected", (unsigned long long)o->seed);
	if (o->nodes)
		cr_assert_eq(t.nnodes, o->nodes);
	if (o->haslinks)
		cr_assert_eq(t.nlinks, o->links);
	for (i = 0; i < t.nflows; i++)
		cr_assert_leq(t.flows[i].npath - 1, maxhops);
	for (i = 0; i < t.nlinks; i++)
		cr_assert(!t.links[i].maxrate || (t.links[i].load[0] <= t.links[i].maxrate
		    && t.links[i].load[1] <= t.links[i].maxrate));
	topofree(&t);
	fclose(diagout);
	diagout = NULL;
	free(log);
	buffree(&out);
}

Test(random, paper_defaults_200_seeds)
{
	struct randopts o = { .maxhops = -1 };

	for (o.seed = 0; o.seed < 200; o.seed++)
		generate(&o, 0, 14);
}

Test(random, medium_200_seeds)
{
	struct randopts o = { .nodes = 40, .links = 85, .flows = 120, .maxhops = 6,
		.haslinks = 1, .hasflows = 1 };

	for (o.seed = 1000; o.seed < 1200; o.seed++)
		generate(&o, 0, 6);
}

Test(random, dense_and_tiny_200_seeds)
{
	struct randopts o = { .maxhops = -1, .haslinks = 1, .hasflows = 1 };

	for (o.seed = 0; o.seed < 200; o.seed++) {
		o.nodes = 1 + o.seed % 6;
		o.links = o.nodes * (o.nodes - 1) / 2 - o.seed % 2 * (o.nodes > 2);
		o.flows = o.seed % 30;
		generate(&o, 0, 14);
	}
}

Test(random, large_overcommitted)
{
	struct randopts o = { .nodes = 3000, .links = 12000, .flows = 3000, .maxhops = 14,
		.haslinks = 1, .hasflows = 1 };

	for (o.seed = 0; o.seed < 3; o.seed++)
		generate(&o, 1, 14);
}

Test(random, deterministic)
{
	struct randopts o = { .seed = 42, .maxhops = -1 }, p = o;
	struct buf a = { 0 }, b = { 0 }, c = { 0 };
	char *args;

	cr_assert_eq(randomgen(&o, &a), EXIT_OK);
	cr_assert_eq(randomgen(&o, &b), EXIT_OK);
	cr_assert(a.len == b.len && !memcmp(a.s, b.s, a.len));
	/* The first comment line names the parameters: they give the same bytes. */
	args = strstr(a.s, "--nodes ");
	cr_assert(args);
	cr_assert_eq(sscanf(args, "--nodes %zu --links %zu --flows %zu --max-hops %ld",
	    &p.nodes, &p.links, &p.flows, &p.maxhops), 4);
	p.haslinks = p.hasflows = 1;
	cr_assert_eq(randomgen(&p, &c), EXIT_OK);
	cr_assert(a.len == c.len && !memcmp(a.s, c.s, a.len));
	buffree(&c);
	o.seed = 43;
	cr_assert_eq(randomgen(&o, &c), EXIT_OK);
	cr_assert(a.len != c.len || memcmp(a.s, c.s, a.len));
	buffree(&a);
	buffree(&b);
	buffree(&c);
}

Test(random, impossible_sizes)
{
	struct randopts o = { .seed = 1, .nodes = 10, .links = 8, .haslinks = 1, .maxhops = -1 };
	struct buf out = { 0 };
	char *log = NULL;
	size_t loglen = 0;

	diagout = open_memstream(&log, &loglen);
	cr_assert_eq(randomgen(&o, &out), EXIT_USAGE);
	o.links = 46;
	cr_assert_eq(randomgen(&o, &out), EXIT_USAGE);
	fclose(diagout);
	diagout = NULL;
	cr_assert(strstr(log, "10 nodes need at least 9 links"), "%s", log);
	cr_assert(strstr(log, "10 nodes have only 45 pairs"), "%s", log);
	cr_assert_eq(out.len, 0);
	free(log);
}
