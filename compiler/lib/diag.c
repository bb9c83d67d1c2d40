#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

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

void
diag(enum msg id, const struct loc *loc, ...)
{
	FILE *f = diagout ? diagout : stderr;
	enum severity sev = catalogue[id].sev;
	va_list ap;

	if (sev == ERROR && ++nerrors > DIAGCAP) {
		if (nerrors == DIAGCAP + 1)
			fprintf(f, "hvnetc: error: %s\n", catalogue[E_TOOMANY].fmt);
		return;
	}
	if (sev == NOTE && nerrors > DIAGCAP)
		return;
	if (sev == WARNING)
		nwarnings++;
	if (loc && loc->file && loc->line)
		fprintf(f, "%s:%d:%d: ", loc->file, loc->line, loc->col);
	else if (loc && loc->file)
		fprintf(f, "%s: ", loc->file);
	else
		fputs("hvnetc: ", f);
	fprintf(f, "%s: ", sevname[sev]);
	va_start(ap, loc);
	vfprintf(f, catalogue[id].fmt, ap);
	va_end(ap);
	fputc('\n', f);
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
