/*
 * Flow paths and UDP ports (SPEC §2–§3).  An explicit path is taken as
 * given (check.c validated it); otherwise the shortest path, ties broken
 * by the lexicographically smallest sequence of node names (bytewise):
 * a breadth-first search from the destination, stopped as soon as it
 * reaches the source, then a greedy walk that always steps to the
 * smallest-named neighbour one level closer.  Greedy is exact here
 * because all candidate sequences have the same length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass.h"

/* The link joining u and v, or -1. */
static long
linkof(const struct topo *t, const struct node *u, const struct node *v)
{
	const struct node *s = u->nadj <= v->nadj ? u : v;
	const struct node *o = s == u ? v : u;
	size_t i;

	for (i = 0; i < s->nadj; i++) {
		const struct link *l = &t->links[s->adj[i]];

		if (l->ends[0] == o || l->ends[1] == o)
			return (long)l->index;
	}
	return -1;
}

static struct node *
neighbour(const struct topo *t, const struct node *n, size_t a)
{
	const struct link *l = &t->links[n->adj[a]];

	return l->ends[0] == n ? l->ends[1] : l->ends[0];
}

/* Scratch space of the searches, reused across flows. */
struct bfs {
	unsigned *stamp, gen;
	size_t *dist, *queue;
};

/* Distances towards dst, at least for every node closer than src. */
static int
search(const struct topo *t, struct bfs *b, const struct node *src,
    const struct node *dst)
{
	size_t head = 0, tail = 0;

	b->gen++;
	b->stamp[dst->index] = b->gen;
	b->dist[dst->index] = 0;
	b->queue[tail++] = dst->index;
	while (head < tail) {
		const struct node *n = &t->nodes[b->queue[head++]];
		size_t a;

		for (a = 0; a < n->nadj; a++) {
			const struct node *w = neighbour(t, n, a);

			if (b->stamp[w->index] == b->gen)
				continue;
			b->stamp[w->index] = b->gen;
			b->dist[w->index] = b->dist[n->index] + 1;
			if (w == src)
				return 1;
			b->queue[tail++] = w->index;
		}
	}
	return src == dst;
}

static void
shortest(struct topo *t, struct bfs *b, struct flow *f)
{
	struct node *cur = f->from;
	size_t k;

	if (!search(t, b, f->from, f->to)) {
		diag(E_NOROUTE, &f->loc, f->name, f->from->name, f->to->name);
		return;
	}
	f->npath = b->dist[f->from->index] + 1;
	f->path = amalloc(f->npath * sizeof(*f->path));
	f->path[0] = cur;
	for (k = 1; k < f->npath; k++) {
		struct node *best = NULL;
		size_t a;

		for (a = 0; a < cur->nadj; a++) {
			struct node *w = neighbour(t, cur, a);

			if (b->stamp[w->index] != b->gen ||
			    b->dist[w->index] + k != f->npath - 1)
				continue;
			if (!best || strcmp(w->name, best->name) < 0)
				best = w;
		}
		f->path[k] = cur = best;
	}
}

static void
explicitpath(struct topo *t, struct namemap *m, struct flow *f)
{
	size_t k, idx;

	if (!m->n)
		for (k = 0; k < t->nnodes; k++)
			mapput(m, t->nodes[k].name, k);
	f->npath = f->npathname;
	f->path = amalloc(f->npath * sizeof(*f->path));
	for (k = 0; k < f->npath; k++) {
		if (!mapget(m, f->pathname[k], &idx))
			return;	/* check.c reported it */
		f->path[k] = &t->nodes[idx];
	}
}

void
pathalloc(struct topo *t)
{
	struct bfs b = { 0 };
	struct namemap m = { 0 };
	size_t i, k;

	b.stamp = xcalloc(t->nnodes + 1, sizeof(*b.stamp));
	b.dist = xcalloc(t->nnodes + 1, sizeof(*b.dist));
	b.queue = xcalloc(t->nnodes + 1, sizeof(*b.queue));
	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];

		if (f->path)
			;	/* resolved by check */
		else if (f->pathname)
			explicitpath(t, &m, f);
		else
			shortest(t, &b, f);
		if (!f->path || f->npath < 1 || f->hops)
			continue;	/* check found an explicit path's links already */
		f->hops = amalloc(f->npath * sizeof(*f->hops));
		for (k = 0; k + 1 < f->npath; k++) {
			long l = linkof(t, f->path[k], f->path[k + 1]);

			f->hops[k] = l < 0 ? 0 : (size_t)l;
		}
	}
	mapfree(&m);
	free(b.stamp);
	free(b.dist);
	free(b.queue);
}

/*
 * UDP ports: explicit, or exactly 1001 + the flow's index (HVNet's
 * convention); unique.  Past 65535 the space is exhausted: an error, or
 * with --allow-overcommit a wrap within 1001-65535.
 */
void
portalloc(struct topo *t)
{
	long *owner = xmalloc(65536 * sizeof(long));
	size_t i;

	for (i = 0; i < 65536; i++)
		owner[i] = -1;
	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];
		const struct loc *loc = f->dportset ? &f->dportloc : &f->loc;

		if (!f->dportset) {
			f->dport = 1001 + (long)i;
			if (f->dport > 65535) {
				if (!t->overcommit) {
					capdiag(E_CAPACITY, &f->loc, "flow '%s': no UDP port is left: "
					    "port 1001 + %zu is past 65535", f->name, i);
					continue;
				}
				overcommitted(t, SPACE_PORT, &t->flowsloc);
				f->dport = 1001 + (long)(i % 64535);
			}
		}
		if (f->dport < 1 || f->dport > 65535)
			continue;	/* reported by check */
		if (owner[f->dport] >= 0 && !(t->overcommitted & 1u << SPACE_PORT))
			diag(E_PORTCLASH, loc, f->name, f->dport, t->flows[owner[f->dport]].name);
		else
			owner[f->dport] = (long)i;
	}
	free(owner);
}
