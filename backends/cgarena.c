/*
 * cgraph memory disciplines: each graph allocates from an arena of large
 * zeroed chunks and frees nothing one by one.  Each block keeps its size in
 * front of it, so resize copies no more than the block has.
 *
 * cgarenadisc keeps agclose's ordinary path, which deletes every node,
 * edge, attribute and interned string one by one; its last free, of the
 * graph's closure (the arena's first block), releases the arena whole.
 *
 * cgarenafastdisc has a close function, and then agclose frees the whole
 * heap at once ("free entire heap" in cgraph's graph.c) instead: a third
 * of the dot backend's time at 10,000 nodes.  That path forgets the
 * headers of the graph's dictionaries, which cdt's dtopen takes from
 * malloc rather than from the discipline; cgarenaclose() collects them
 * first and frees them after.  valgrind.sh and the ASan unit tests check
 * that nothing leaks and nothing is freed twice.
 */
#include <stdlib.h>
#include <string.h>

#include "cgarena.h"
#include "hvnetc.h"

#define CHUNK (256 * 1024)
#define HDR 16			/* block header: its size, keeping 16-byte alignment */

struct arena {
	char **chunks;		/* every chunk, to free */
	size_t nchunks, cap;
	char *p, *end;		/* the free room of the newest chunk */
	void *first;		/* the first block: the graph's closure */
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
	a->chunks = xgrow(a->chunks, &a->cap, a->nchunks + 1, sizeof(*a->chunks));
	return a->chunks[a->nchunks++] = xcalloc(1, n);
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
	if (!a->first)
		a->first = b + HDR;
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
		free(a->chunks[i]);
	free(a->chunks);
	free(a);
}

/* Nothing is freed alone; the closure, freed last by agclose, takes all. */
static void
arenafree(void *heap, void *ptr)
{
	struct arena *a = heap;

	if (ptr == a->first)
		arenaclose(a);
}

/* Under cgarenafastdisc, agclose frees nothing alone. */
static void
arenakeep(void *heap, void *ptr)
{
	(void)heap, (void)ptr;
}

Agmemdisc_t cgarenadisc = { arenaopen, arenaalloc, arenaresize, arenafree, NULL };
Agmemdisc_t cgarenafastdisc = { arenaopen, arenaalloc, arenaresize, arenakeep, arenaclose };

void
cgarenaclose(Agraph_t *g)
{
	/* cgraph's per-graph attribute dictionaries (attr.c's DataDictName) */
	Agdatadict_t *dd = (Agdatadict_t *)aggetrec(g, "_AG_datadict", 0);
	Dict_t *d[] = {
		g->n_seq, g->n_id, g->e_seq, g->e_id, g->g_dict, g->clos->strdict,
		dd ? dd->dict.n : NULL, dd ? dd->dict.e : NULL, dd ? dd->dict.g : NULL,
		g->clos->lookup_by_name[0], g->clos->lookup_by_name[1],
		g->clos->lookup_by_name[2], g->clos->lookup_by_id[0],
		g->clos->lookup_by_id[1], g->clos->lookup_by_id[2],
	};
	size_t i;

	agclose(g);
	for (i = 0; i < LEN(d); i++)
		free(d[i]);
}
