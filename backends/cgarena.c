/*
 * cgraph memory disciplines: each graph allocates from an arena of large
 * zeroed chunks and frees nothing one by one.  Each block keeps its size in
 * front of it, so resize copies no more than the block has.
 *
 * agclose still deletes every node, edge, attribute and interned string
 * one by one (each a no-op here); its last free, of the graph's closure
 * (the arena's first block), releases the arena whole.  cgraph's faster
 * path for a discipline with a close function ("free entire heap") would
 * save a third of the dot backend's time at 10,000 nodes, but it leaks the
 * dictionary headers cdt takes from malloc, and collecting those means
 * reading cgraph's internal records: not worth 55 ms.
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

Agmemdisc_t cgarenadisc = { arenaopen, arenaalloc, arenaresize, arenafree, NULL };
