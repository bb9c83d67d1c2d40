/*
 * cgraph memory disciplines: each graph allocates from an arena of large
 * zeroed chunks and frees nothing one by one.  Each block keeps its size in
 * front of it, so resize copies no more than the block has.
 *
 * The discipline has a close function, so agclose() of a root graph takes
 * cgraph's "free entire heap" path: the arena goes at once instead of
 * every node, edge, attribute and interned string being deleted one by one
 * (each a search in a tree of every string: 67 ms at 10,000 nodes, 0.9 s
 * at 100,000).  That path skips the headers cdt takes from malloc for each
 * dictionary the graph opened; cgarenaclose() collects them first.
 */
#include <stdlib.h>
#include <string.h>

#include "cgarena.h"
#include "hvnetc.h"

#define CHUNK (256 * 1024)
#define HDR 16			/* block header: its size, keeping 16-byte alignment */

/* cgraph's record of a graph's attribute dictionaries (cghdr.h's DATADICTNAME). */
#define DATADICT "_AG_datadict"

struct chunk {
	char *p, *end;
};

struct arena {
	struct chunk *chunks;	/* every chunk, to free */
	size_t nchunks, cap;
	char *p, *end;		/* the free room of the newest chunk */
};

static void *
arenaopen(Agdisc_t *d)
{
	(void)d;
	return xcalloc(1, sizeof(struct arena));
}

/* A new zeroed chunk of at least n bytes; returns it. */
static char *
arenachunk(struct arena *a, size_t n)
{
	struct chunk *c;

	a->chunks = xgrow(a->chunks, &a->cap, a->nchunks + 1, sizeof(*a->chunks));
	c = &a->chunks[a->nchunks++];
	c->p = xcalloc(1, n);
	c->end = c->p + n;
	return c->p;
}

static void *
arenaalloc(void *heap, size_t req)
{
	struct arena *a = heap;
	size_t n = (req + HDR + HDR - 1) / HDR * HDR;
	char *b;

	if (n > CHUNK / 4) {
		b = arenachunk(a, n);
	} else {
		if ((size_t)(a->end - a->p) < n) {
			a->p = arenachunk(a, CHUNK);
			a->end = a->p + CHUNK;
		}
		b = a->p;
		a->p += n;
	}
	*(size_t *)b = n - HDR;
	return b + HDR;
}

static void *
arenaresize(void *heap, void *ptr, size_t old, size_t req)
{
	size_t have = *(size_t *)((char *)ptr - HDR);
	void *q;

	if (req <= have) {
		if (req > old)
			memset((char *)ptr + old, 0, req - old);
		return ptr;
	}
	q = arenaalloc(heap, req);
	memcpy(q, ptr, old < have ? old : have);
	return q;
}

static void
arenaclose(void *heap)
{
	struct arena *a = heap;
	size_t i;

	for (i = 0; i < a->nchunks; i++)
		free(a->chunks[i].p);
	free(a->chunks);
	free(a);
}

/* Nothing is freed alone: arenaclose() takes all. */
static void
arenafree(void *heap, void *ptr)
{
	(void)heap, (void)ptr;
}

Agmemdisc_t cgarenadisc = { arenaopen, arenaalloc, arenaresize, arenafree, arenaclose };

static int
inarena(const struct arena *a, const void *p)
{
	size_t i;

	for (i = 0; i < a->nchunks; i++)
		if ((const char *)p >= a->chunks[i].p && (const char *)p < a->chunks[i].end)
			return 1;
	return 0;
}

void
cgarenaclose(Agraph_t *g)
{
	struct arena *a = g->clos->state.mem;
	Agdatadict_t *dd = (Agdatadict_t *)aggetrec(g, DATADICT, 0);
	Dict_t *d[] = {
		g->n_seq, g->n_id, g->e_seq, g->e_id, g->g_dict, g->clos->strdict,
		g->clos->lookup_by_name[0], g->clos->lookup_by_name[1],
		g->clos->lookup_by_name[2], g->clos->lookup_by_id[0],
		g->clos->lookup_by_id[1], g->clos->lookup_by_id[2],
		dd ? dd->dict.n : NULL, dd ? dd->dict.e : NULL, dd ? dd->dict.g : NULL,
	};
	size_t i, n = sizeof(d) / sizeof(d[0]);

	for (i = 0; i < n; i++)
		if (d[i] && inarena(a, d[i]))
			d[i] = NULL;	/* the arena's, not malloc's */
	agclose(g);
	for (i = 0; i < n; i++)
		free(d[i]);
}
