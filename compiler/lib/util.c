#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void
oom(void)
{
	fputs("hvnetc: error: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	p = realloc(p, n * size > 0 ? n * size : 1);
	if (!p)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void *
xgrow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return v;
	if (c < 8)
		c = 8;
	while (c < need)
		c *= 2;
	*cap = c;
	return xreallocarray(v, c, size);
}

uint64_t
addsat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Arena blocks: a chain of large chunks, bump-allocated, newest first. */
struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

void *
arenaalloc(struct arena *a, size_t n, size_t align)
{
	struct block *b = a->top;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	void *p;

	if (!b || at > b->size || b->size - at < n) {
		size_t size = n > 65536 ? n : 65536;

		b = xmalloc(sizeof(*b) + size);
		b->next = a->top;
		b->size = size;
		a->top = b;
		at = 0;
	}
	p = (char *)b->data + at;
	b->used = at + n;
	memset(p, 0, n);
	return p;
}

void
arenareset(struct arena *a)
{
	while (a->top && a->top->next) {
		struct block *b = a->top;

		a->top = b->next;
		free(b);
	}
	if (a->top)
		a->top->used = 0;
}

void
arenafree(struct arena *a)
{
	arenareset(a);
	free(a->top);
	a->top = NULL;
}

/* The compile's arena: the model and everything it points to. */
static struct arena model;

void *
amalloc(size_t n)
{
	return arenaalloc(&model, n, sizeof(max_align_t));
}

/* Strings are packed: names are short and there are millions of them. */
char *
astrndup(const char *s, size_t n)
{
	char *p = arenaalloc(&model, n + 1, 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *
astrdup(const char *s)
{
	return astrndup(s, strlen(s));
}

void
afreeall(void)
{
	arenafree(&model);
}

void
bufput(struct buf *b, const void *p, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

char *
bufroom(struct buf *b, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
	return b->s + b->len;
}

void
bufputs(struct buf *b, const char *s)
{
	bufput(b, s, strlen(s));
}

void
bufvprintf(struct buf *b, const char *fmt, va_list ap)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list aq;
	int n;

	/* Format into the spare room first; only a miss formats twice. */
	va_copy(aq, ap);
	n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		b->s = xgrow(b->s, &b->cap, b->len + (size_t)n + 1, 1);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
bufprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(b, fmt, ap);
	va_end(ap);
}

void
bufdrain(struct buf *b)
{
	if (b->drain && b->len >= BUFDRAIN)
		b->drain(b->ctx, b);
}

void
buffree(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int
listed(const char *name, const char *list)
{
	size_t n = strlen(name);
	const char *p;

	if (!list)
		return 1;
	for (p = list; *p; p += strcspn(p, ","), p += *p == ',')
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == 0))
			return 1;
	return 0;
}

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

void
mapput(struct namemap *m, const char *key, size_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct namemap old = *m;

		m->cap = m->cap ? m->cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i])
				mapput(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	for (i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

int
mapget(const struct namemap *m, const char *key, size_t *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	for (i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			if (val)
				*val = m->vals[i];
			return 1;
		}
	return 0;
}

void
mapfree(struct namemap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

size_t
editdist(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[65];

	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *
closest(const char *s, const char *const *cands, size_t n)
{
	size_t i, best = (size_t)-1, limit = strlen(s) / 3;
	const char *r = NULL;

	if (limit < 1)
		limit = 1;
	for (i = 0; i < n; i++) {
		size_t d = editdist(s, cands[i]);

		if (d < best) {
			best = d;
			r = cands[i];
		}
	}
	return best <= limit ? r : NULL;
}

int
writeall(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;	/* no progress: do not spin */
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void
pairinit(struct pairmap *m, size_t n)
{
	for (m->cap = 64; m->cap < 2 * n; m->cap *= 2)
		;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
}

void
pairfree(struct pairmap *m)
{
	free(m->keys);
	free(m->vals);
}

size_t
pairget(struct pairmap *m, size_t a, size_t b, int put, size_t val)
{
	uint64_t k = (a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a) + 1, h = k;
	size_t i;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	for (i = (size_t)h & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k)
			return m->vals[i];
	if (put) {
		m->keys[i] = k;
		m->vals[i] = val;
	}
	return (size_t)-1;
}

