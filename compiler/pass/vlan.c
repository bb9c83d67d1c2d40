/*
 * VLANs (hvnet.yaml(5), Resolution): an explicit VLAN is honoured; a link without one takes
 * the lowest pool VLAN that no earlier link uses, so appending links never
 * changes earlier allocations.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pass.h"

/* Lowest VLAN >= v in the pool that no link uses yet, or hi + 1. */
static int
nextfree(const long *owner, int v, int hi)
{
	while (v <= hi && owner[v] >= 0)
		v++;
	return v;
}

void
vlanalloc(struct topo *t)
{
	long owner[4096];
	int lo = t->pools.vlanlo, hi = t->pools.vlanhi, cursor = lo;
	size_t i, wrapped = 0, autos = 0;
	char a[96], b[96], c[40];
	const struct loc *loc;

	for (i = 0; i < LEN(owner); i++)
		owner[i] = -1;
	for (i = 0; i < t->nlinks; i++) {
		struct link *l = &t->links[i];

		if (!l->vlanset) {
			autos++;
			cursor = nextfree(owner, cursor, hi);
			if (cursor > hi) {
				/* Pool exhausted: wrap around (overcommit) or fail below. */
				l->vlan = lo + (int)(wrapped++ % (size_t)(hi - lo + 1));
				continue;
			}
			l->vlan = cursor;
			owner[cursor] = (long)i;
			continue;
		}
		if (l->vlan < 1 || l->vlan > 4094)
			continue;	/* never: entry.c sets vlanset only in range; owner[] stays safe */
		if (owner[l->vlan] >= 0 && !wrapped) {
			diag(E_VLANCLASH, &l->vlanloc, linkname(a, l), l->vlan,
			    linkname(b, &t->links[owner[l->vlan]]),
			    nextfree(owner, lo, hi) <= hi ? nextfree(owner, lo, hi)
			    : nextfree(owner, 1, 4094));
			continue;
		}
		if (owner[l->vlan] < 0)
			owner[l->vlan] = (long)i;
	}
	if (!wrapped)
		return;
	loc = t->pools.vlanloc.line ? &t->pools.vlanloc : &t->linksloc;
	if (t->overcommit) {
		overcommitted(t, SPACE_VLAN, loc);
		return;
	}
	snprintf(a, sizeof(a), "%d-%d", lo, hi);
	snprintf(b, sizeof(b), "%d links", hi - lo + 1);
	snprintf(c, sizeof(c), "%zu without a VLAN", autos);
	diag(E_POOL, loc, "vlan", a, b, c,
	    "widen 'pools.vlan' (at most 1-4094)");
}
