#include <stdlib.h>

#include "defaults.h"
#include "pass.h"

/*
 * UDP ports: explicit, or exactly DEF_FLOWPORT (1001) + the flow's index
 * (HVNet's convention); unique.  Past 65535 the space is exhausted: an
 * error, or with --allow-overcommit a wrap within 1001-65535.
 */
void
portalloc(struct topo *t)
{
	/* owner[port]: 1 + the flow that has it, 0 = free.  calloc'ed, so only
	 * the pages of ports in use are ever touched. */
	size_t *owner = xcalloc(65536, sizeof(*owner));
	size_t i;

	for (i = 0; i < t->nflows; i++) {
		struct flow *f = &t->flows[i];
		const struct loc *loc = f->dportset ? &f->dportloc : &f->loc;

		if (!f->dportset) {
			f->dport = DEF_FLOWPORT + (long)i;
			if (f->dport > 65535) {
				if (!t->overcommit) {
					diag(E_NOPORT, &f->loc, f->name, i);
					continue;
				}
				overcommitted(t, SPACE_PORT, &t->flowsloc);
				f->dport = DEF_FLOWPORT + (long)(i % (65536 - DEF_FLOWPORT));
			}
		}
		if (f->dport < 1 || f->dport > 65535)
			continue;	/* reported by check */
		if (owner[f->dport] && !(t->overcommitted & 1u << SPACE_PORT))
			diag(E_PORTCLASH, loc, f->name, f->dport, t->flows[owner[f->dport] - 1].name);
		else
			owner[f->dport] = i + 1;
	}
	free(owner);
}
