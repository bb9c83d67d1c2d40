#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static const struct {
	enum severity sev;
	const char *fmt;
} catalogue[] = {
#define M(id, sev, fmt) { sev, fmt },
#include "msgs.def"
#undef M
};

static const char *const sevname[] = { "note", "warning", "error" };

FILE *diagout;
static size_t nerrors, nwarnings;

/*
 * A held diagnostic: its text and the position of the error or warning it
 * belongs to (a note belongs to the one before it), so that a sort by
 * position keeps every note with its error.
 */
struct held {
	const char *file;	/* NULL: no position, after all positioned ones */
	int line, col;
	size_t group, seq;
	char *text;
};

static int holding;
static struct held *held;
static size_t nheld, capheld;

void
diaghold(void)
{
	holding = 1;
}

static int
heldcmp(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;
	int c;

	if (!a->file != !b->file)
		return a->file ? -1 : 1;
	if (a->file && (c = strcmp(a->file, b->file)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diagflush(void)
{
	FILE *f = diagout ? diagout : stderr;
	size_t i;

	if (nheld)
		qsort(held, nheld, sizeof(*held), heldcmp);
	for (i = 0; i < nheld; i++) {
		fputs(held[i].text, f);
		free(held[i].text);
	}
	free(held);
	held = NULL;
	nheld = capheld = 0;
	holding = 0;
}

/* Keep text with the position of its group (the last error or warning). */
static void
hold(enum severity sev, const struct loc *loc, char *text)
{
	struct held *h;

	if (nheld == capheld) {
		capheld = capheld ? 2 * capheld : 64;
		held = xreallocarray(held, capheld, sizeof(*held));
	}
	h = &held[nheld];
	h->seq = nheld;
	h->text = text;
	if (sev == NOTE && nheld) {
		h->file = h[-1].file;
		h->line = h[-1].line;
		h->col = h[-1].col;
		h->group = h[-1].group;
	} else {
		h->file = loc && loc->file ? loc->file : NULL;
		h->line = h->file ? loc->line : 0;
		h->col = h->file ? loc->col : 0;
		h->group = nheld;
	}
	nheld++;
}

/* Write or hold one diagnostic line. */
static void
emit(enum severity sev, const struct loc *loc, const char *fmt, va_list ap)
{
	FILE *out = diagout ? diagout : stderr, *f = out, *mem = NULL;
	char *text = NULL;
	size_t len;

	if (holding && (mem = open_memstream(&text, &len)))
		f = mem;
	if (loc && loc->file && loc->line)
		fprintf(f, "%s:%d:%d: ", loc->file, loc->line, loc->col);
	else if (loc && loc->file)
		fprintf(f, "%s: ", loc->file);
	else
		fputs("hvnetc: ", f);
	fprintf(f, "%s: ", sevname[sev]);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	if (mem) {
		fclose(mem);
		hold(sev, loc, text);
	}
}

static void
emitf(enum severity sev, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(sev, loc, fmt, ap);
	va_end(ap);
}

void
diag(enum msg id, const struct loc *loc, ...)
{
	enum severity sev = catalogue[id].sev;
	va_list ap;

	if (sev == ERROR && ++nerrors > DIAGCAP) {
		if (nerrors == DIAGCAP + 1)
			emitf(ERROR, NULL, "%s", catalogue[E_TOOMANY].fmt);
		return;
	}
	if (sev == NOTE && nerrors > DIAGCAP)
		return;
	if (sev == WARNING)
		nwarnings++;
	va_start(ap, loc);
	emit(sev, loc, catalogue[id].fmt, ap);
	va_end(ap);
}

size_t
diagerrors(void)
{
	return nerrors;
}

size_t
diagwarnings(void)
{
	return nwarnings;
}

void
diagreset(void)
{
	nerrors = nwarnings = 0;
}

void
syserr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsysmsg("error", fmt, ap);
	va_end(ap);
}

void
syswarn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsysmsg("warning", fmt, ap);
	va_end(ap);
}

void
vsysmsg(const char *severity, const char *fmt, va_list ap)
{
	FILE *f = diagout ? diagout : stderr;

	fprintf(f, "hvnetc: %s: ", severity);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

int
putout(const struct buf *b)
{
	if (fwrite(b->s, 1, b->len, stdout) != b->len || fflush(stdout) == EOF) {
		syserr("cannot write to standard output: %s", strerror(errno));
		return EXIT_IO;
	}
	return EXIT_OK;
}
