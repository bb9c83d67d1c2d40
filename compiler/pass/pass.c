/* What the passes share: name lists in messages and the overcommit record. */
#include <stdarg.h>
#include <stdio.h>

#include "pass.h"

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

