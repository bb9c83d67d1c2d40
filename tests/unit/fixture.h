/* A resolved model built by hand, for backend tests independent of the passes. */
#ifndef HVNET_FIXTURE_H
#define HVNET_FIXTURE_H

#include "hvnetc.h"

/* Fill t with the paper's Figure 1 (samples/fig1.yaml) resolved as hvnet.yaml(5), Resolution says. */
void fixfig1(struct topo *t);
/* Free what fixfig1 allocated outside the arena. */
void fixfree(struct topo *t);

#endif
