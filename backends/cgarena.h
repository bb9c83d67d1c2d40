/* cgraph memory disciplines that allocate a graph from one arena. */
#ifndef HVNET_CGARENA_H
#define HVNET_CGARENA_H

#include <cgraph.h>

/* Frees nothing one by one; agclose() releases the arena whole at its end. */
extern Agmemdisc_t cgarenadisc;

#endif
