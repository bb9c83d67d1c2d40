/* Hand-resolved topologies for backend tests that need no front end. */
#ifndef HVNET_TOPOFIXTURE_H
#define HVNET_TOPOFIXTURE_H

#include "hvnetc.h"

/*
 * Fill t with n nodes vm1..vmN, the links given as pairs of 0-based node
 * indices, and the flows given as paths (arrays of node indices ending in -1),
 * resolved the way hvnet.yaml(5), Resolution says (VLANs from 401, VF i for link i, node j's
 * ingress and egress VF j, two cores a VM from core 1, ports 1001 + i).
 * Free with topofree().
 */
void fixture(struct topo *t, const char *name, size_t n, const int (*links)[2],
	size_t nlinks, const int *const *paths, size_t nflows);
/* Figure 1 of the paper: the triangle vm1--vm3, vm1--vm2, vm2--vm3. */
void fixturefig1(struct topo *t);
/* A ring of n nodes with chords every 5 nodes and n/2 flows of 2-4 hops. */
void fixturering(struct topo *t, size_t n);

#endif
