/* The output set in memory (outset.h); out/stage.c is its sink on disk. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "outset.h"

struct buf *
outnew(struct outset *set, int exec, const char *fmt, ...)
{
	struct outfile *f;
	struct buf path = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&path, fmt, ap);
	va_end(ap);
	outclose(set);
	set->v = xgrow(set->v, &set->cap, set->n + 1, sizeof(*set->v));
	f = &set->v[set->n++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path.s);	/* kept for MANIFEST: no slack */
	buffree(&path);
	f->exec = exec;
	f->backend = set->backend;
	bufputs(&f->data, "");
	set->cur = set->n;
	if (set->sink) {
		f->data.drain = set->sink->drain;
		f->data.ctx = set;
		set->sink->open(set, f);
	}
	return &f->data;
}

static int
pathcmp(const void *a, const void *b)
{
	return strcmp(((const struct outfile *)a)->path,
	    ((const struct outfile *)b)->path);
}

void
outsort(struct outset *set)
{
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), pathcmp);
}

const struct outfile *
outfind(const struct outset *set, const char *path)
{
	struct outfile key = { .path = (char *)path };

	if (!set->n)
		return NULL;
	return bsearch(&key, set->v, set->n, sizeof(*set->v), pathcmp);
}

void
outfree(struct outset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].path);
		buffree(&set->v[i].data);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
}

void
outclose(struct outset *set)
{
	size_t cur = set->cur;

	set->cur = 0;
	if (cur && set->sink)
		set->sink->close(set, &set->v[cur - 1]);
}
