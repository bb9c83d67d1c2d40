/* cgraph memory disciplines that allocate a graph from one arena. */
#ifndef HVNET_CGARENA_H
#define HVNET_CGARENA_H

#include <cgraph.h>

/* Frees nothing one by one; agclose() releases the arena whole at its end. */
extern Agmemdisc_t cgarenadisc;
/* The same, but the graph must be closed with cgarenaclose(), not agclose(). */
extern Agmemdisc_t cgarenafastdisc;
/* Close a graph opened with cgarenafastdisc: its arena goes at once. */
void cgarenaclose(Agraph_t *g);

#endif
