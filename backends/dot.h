/* The topology as a cgraph graph: shared by the 'dot' backend and 'hvnetc graph'. */
#ifndef HVNET_DOT_H
#define HVNET_DOT_H

#include <cgraph.h>

#include "backends.h"

/* A new graph of t; flows adds each flow's path and a legend.  agclose() it. */
Agraph_t *dotgraph(const struct topo *t, int flows);
/* DOT text of g into b (agwrite); EXIT_OK or EXIT_IO. */
int dotwrite(Agraph_t *g, struct buf *b);

#endif
