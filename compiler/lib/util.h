/* The generic library: memory, one arena, buffers, maps, names, plain I/O. */
#ifndef HVNET_UTIL_H
#define HVNET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>


#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses (hvnetc(1)). */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* malloc family that exits with status 3 on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

/* a + b, or UINT64_MAX when the sum does not fit (sums of a million values). */
uint64_t addsat(uint64_t a, uint64_t b);

/* Grow *v (of *cap elements of size) to hold at least need elements. */
void *xgrow(void *v, size_t *cap, size_t need, size_t size);

/* An arena: blocks bump-allocated and freed at once (one allocator for the
 * model and for the loader's per-entry scratch). */
struct block;
struct arena {
	struct block *top;
};
/* n zeroed bytes at a multiple of align (a power of two). */
void *arenaalloc(struct arena *a, size_t n, size_t align);
/* Empty a, keeping one block for what comes next. */
void arenareset(struct arena *a);
void arenafree(struct arena *a);

/* The compile's arena: everything a compile allocates for the model, freed
 * at once by afreeall(). */
void *amalloc(size_t n);	/* zeroed, aligned for any type */
char *astrdup(const char *s);
char *astrndup(const char *s, size_t n);
void afreeall(void);

/* A growable byte buffer, always NUL-terminated.  drain, when set, takes
 * what the buffer holds once bufdrain() finds it past BUFDRAIN bytes. */
struct buf {
	char *s;
	size_t len, cap;
	void (*drain)(void *ctx, struct buf *b);
	void *ctx;
};
enum { BUFDRAIN = 1 << 18 };
/* Hand b to its drain when it holds BUFDRAIN bytes or more; else nothing.
 * Writers call it where nothing before the end will be looked at again. */
void bufdrain(struct buf *b);
void bufputs(struct buf *b, const char *s);
void bufput(struct buf *b, const void *p, size_t n);
/* Room for n more bytes at b->s + b->len; the caller advances len (and NULs). */
char *bufroom(struct buf *b, size_t n);
void bufprintf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bufvprintf(struct buf *b, const char *fmt, va_list ap);
void buffree(struct buf *b);
/* An open-addressing map from unordered node pairs to a value (a link). */
struct pairmap {
	uint64_t *keys;			/* (min << 32 | max) + 1; 0 = empty */
	size_t *vals;
	size_t cap;
};
/* Room for n pairs; pairfree() releases it. */
void pairinit(struct pairmap *m, size_t n);
void pairfree(struct pairmap *m);
/* The value of pair {a, b}, or (size_t)-1; with put, add val when absent. */
size_t pairget(struct pairmap *m, size_t a, size_t b, int put, size_t val);
/* Write all n bytes at p to fd, through EINTR; 0, or -1 with errno. */
int writeall(int fd, const char *p, size_t n);

/* Whether name is in a comma-separated list; a NULL list holds every name. */
int listed(const char *name, const char *list);

/* Open-addressing map from names to indices. */
struct namemap {
	const char **keys;
	size_t *vals;
	size_t cap, n;
};
void mapput(struct namemap *m, const char *key, size_t val);	/* replaces */
int mapget(const struct namemap *m, const char *key, size_t *val);
void mapfree(struct namemap *m);

/* Damerau-free Levenshtein distance, capped; for did-you-mean. */
size_t editdist(const char *a, const char *b);
/* The candidate closest to s (distance <= max(1, strlen/3)), or NULL. */
const char *closest(const char *s, const char *const *cands, size_t n);

#endif
