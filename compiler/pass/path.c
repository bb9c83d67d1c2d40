/*
 * Flow paths and UDP ports (hvnet.yaml(5), Resolution).  An explicit path is taken as
 * given (check.c validated it); otherwise the shortest path, ties broken
 * by the lexicographically smallest sequence of node names (bytewise):
 * a bidirectional breadth-first search, then a greedy walk that always
 * steps to the smallest-named neighbour one step closer on a shortest
 * path.  Greedy is exact here because all candidate sequences have the
 * same length.
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

/*
 * One side of a bidirectional search: a breadth-first search whose queue
 * holds the nodes in the order reached, so each layer is contiguous.
 */
struct side {
	unsigned *stamp;		/* == gen: reached */
	size_t *dist;
	size_t *queue, head, tail;
	size_t *layer;			/* layer[k]: queue index where layer k starts */
	size_t radius;			/* layers complete */
};

/* Scratch space of the searches, reused across flows. */
struct bfs {
	unsigned gen;
	struct side s[2];		/* 0 grows from the source, 1 from the destination */
	unsigned *onpath;		/* == gen: on a shortest path (source side) */
};

static void
sidestart(struct bfs *b, struct side *s, const struct node *n)
{
	s->stamp[n->index] = b->gen;
	s->dist[n->index] = 0;
	s->queue[0] = n->index;
	s->head = 0;
	s->tail = 1;
	s->layer[0] = 0;
	s->radius = 0;
}

/* Add the next layer to side x; whether it reached a node of the other side. */
static int
grow(const struct topo *t, struct bfs *b, int x)
{
	struct side *s = &b->s[x], *o = &b->s[!x];
	size_t end = s->tail;
	int met = 0;

	s->layer[++s->radius] = end;
	while (s->head < end) {
		const struct node *n = &t->nodes[s->queue[s->head++]];
		size_t a;

		for (a = 0; a < n->nadj; a++) {
			const struct node *w = neighbour(t, n, a);

			if (s->stamp[w->index] == b->gen)
				continue;
			s->stamp[w->index] = b->gen;
			s->dist[w->index] = s->radius;
			s->queue[s->tail++] = w->index;
			met |= o->stamp[w->index] == b->gen;
		}
	}
	return met;
}

/*
 * Mark the source side's nodes that lie on a shortest path: those of its
 * last layer that the destination side reached (the searches met there),
 * then, layer by layer back to the source, those with a marked neighbour
 * one layer further.
 */
static void
markpaths(const struct topo *t, struct bfs *b)
{
	struct side *f = &b->s[0], *r = &b->s[1];
	size_t k = f->radius, i;

	for (i = f->layer[k]; i < f->tail; i++)
		if (r->stamp[f->queue[i]] == b->gen && r->dist[f->queue[i]] == r->radius)
			b->onpath[f->queue[i]] = b->gen;
	while (k-- > 0)
		for (i = f->layer[k]; i < f->layer[k + 1]; i++) {
			const struct node *n = &t->nodes[f->queue[i]];
			size_t a;

			for (a = 0; a < n->nadj; a++) {
				size_t w = neighbour(t, n, a)->index;

				if (f->stamp[w] == b->gen && f->dist[w] == k + 1 &&
				    b->onpath[w] == b->gen) {
					b->onpath[n->index] = b->gen;
					break;
				}
			}
		}
}

/*
 * The shortest path's length, or -1 without one.  Searches grow from both
 * ends, the smaller frontier first, by whole layers, until they meet: then
 * the distance is the sum of their radii, and each has explored only about
 * half of it (a few hundred nodes of a 10,000-node mesh, not all of them).
 */
static long
search(const struct topo *t, struct bfs *b, const struct node *src,
    const struct node *dst)
{
	b->gen++;
	sidestart(b, &b->s[0], src);
	sidestart(b, &b->s[1], dst);
	if (src == dst)
		return 0;
	for (;;) {
		size_t n0 = b->s[0].tail - b->s[0].head, n1 = b->s[1].tail - b->s[1].head;

		if (!n0 || !n1)
			return -1;	/* one side has seen its whole component */
		if (grow(t, b, n1 < n0))
			break;
	}
	markpaths(t, b);
	return (long)(b->s[0].radius + b->s[1].radius);
}

/*
 * The greedy walk from the source: at each step, the smallest-named
 * neighbour one step closer on a shortest path.  Within the source side's
 * layers that is a marked node of the next layer; beyond them, a node the
 * destination side reached one step closer to the destination.
 */
static void
shortest(struct topo *t, struct bfs *b, struct flow *f)
{
	const struct side *fw = &b->s[0], *bw = &b->s[1];
	struct node *cur = f->from;
	long d = search(t, b, f->from, f->to);
	size_t k;

	if (d < 0) {
		diag(E_NOROUTE, &f->loc, f->name, f->from->name, f->to->name);
		return;
	}
	f->npath = (size_t)d + 1;
	f->path = amalloc(f->npath * sizeof(*f->path));
	f->path[0] = cur;
	for (k = 1; k < f->npath; k++) {
		struct node *best = NULL;
		size_t a;

		for (a = 0; a < cur->nadj; a++) {
			struct node *w = neighbour(t, cur, a);
			size_t i = w->index;
			int next = k <= fw->radius ?
			    fw->stamp[i] == b->gen && fw->dist[i] == k && b->onpath[i] == b->gen :
			    bw->stamp[i] == b->gen && bw->dist[i] == (size_t)d - k;

			if (next && (!best || strcmp(w->name, best->name) < 0))
				best = w;
		}
		f->path[k] = cur = best;
	}
}

void
pathalloc(struct topo *t)
{
	struct bfs b = { 0 };
	size_t i, k;

	for (k = 0; k < 2; k++) {
		b.s[k].stamp = xcalloc(t->nnodes + 1, sizeof(*b.s[k].stamp));
		b.s[k].dist = xcalloc(t->nnodes + 1, sizeof(*b.s[k].dist));
		b.s[k].queue = xcalloc(t->nnodes + 1, sizeof(*b.s[k].queue));
		b.s[k].layer = xcalloc(t->nnodes + 2, sizeof(*b.s[k].layer));
	}
	b.onpath = xcalloc(t->nnodes + 1, sizeof(*b.onpath));
	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];

		if (!f->path)	/* an explicit path is check.c's */
			shortest(t, &b, f);
		if (!f->path || f->npath < 1 || f->hops)
			continue;	/* check found an explicit path's links already */
		f->hops = amalloc(f->npath * sizeof(*f->hops));
		for (k = 0; k + 1 < f->npath; k++) {
			long l = linkof(t, f->path[k], f->path[k + 1]);

			f->hops[k] = l < 0 ? 0 : (size_t)l;
		}
	}
	for (k = 0; k < 2; k++) {
		free(b.s[k].stamp);
		free(b.s[k].dist);
		free(b.s[k].queue);
		free(b.s[k].layer);
	}
	free(b.onpath);
}
