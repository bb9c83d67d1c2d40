/* cgraph memory disciplines that allocate a graph from one arena. */
#ifndef HVNET_CGARENA_H
#define HVNET_CGARENA_H

#include <cgraph.h>

/* Frees nothing one by one; cgarenaclose() releases the arena whole. */
extern Agmemdisc_t cgarenadisc;
/* agclose() for a root graph of cgarenadisc: what the arena and cgraph's
 * "free entire heap" path leave (cdt's malloc'd dictionary headers) too. */
void cgarenaclose(Agraph_t *g);

#endif
