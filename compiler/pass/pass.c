/* What the passes share: capacity diagnostics and the overcommit record. */
#include <stdarg.h>
#include <stdio.h>

#include "pass.h"

void
capdiag(enum msg id, const struct loc *loc, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&b, fmt, ap);
	va_end(ap);
	diag(id, loc, b.s);
	buffree(&b);
}


void
namesadd(struct buf *b, size_t n, const char *name)
{
	if (n <= 8)
		bufprintf(b, "%s'%s'", n > 1 ? ", " : "", name);
}

void
namesend(struct buf *b, size_t n)
{
	if (n > 8)
		bufprintf(b, " and %zu more", n - 8);
}

void
overcommitted(struct topo *t, enum space s, const struct loc *loc)
{
	if (t->overcommitted & 1u << s)
		return;
	t->overcommitted |= 1u << s;
	diag(W_OVERCOMMIT, loc, spacenames[s].message);
}

