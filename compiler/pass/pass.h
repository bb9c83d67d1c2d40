/*
 * The resolution passes (hvnet.yaml(5), Resolution), one file each, named for it, in the
 * order compile.c runs them; and what they share (pass.c).
 */
#ifndef HVNET_PASS_H
#define HVNET_PASS_H

#include <stdint.h>

#include "diag.h"
#include "fmt.h"
#include "front.h"
#include "model.h"
#include "util.h"

void vlanalloc(struct topo *t);		/* vlan.c: link VLANs */
void ifacealloc(struct topo *t);	/* iface.c: VFs, PCI, MACs, addresses, tables */
void corealloc(struct topo *t);		/* cores.c: cores, NUMA, memory, hugepages */
void pathalloc(struct topo *t);		/* path.c: flow paths and hops */
void portalloc(struct topo *t);		/* port.c: UDP ports */
void routealloc(struct topo *t);	/* route.c: per-node rules, flow addresses, link loads */
void capacitycheck(struct topo *t);	/* capacity.c: link and LoadGen capacity */
void orderalloc(struct topo *t);	/* order.c: the packet-order table */
void uuidalloc(struct topo *t);		/* uuid.c: domain UUIDs */

/* order.c: SplitMix64, and the Fisher-Yates shuffle the LoadGen repeats. */
uint64_t splitmix64(uint64_t *state);
void ordershuffle(uint32_t *v, size_t n, uint64_t seed);
/* The packet-order table of repetition 1 (0-based flow indices, norder of
 * them), malloc'ed, or NULL when empty: the flows laid out by ordercount,
 * shuffled with the seed (what the userscript computes). */
uint32_t *orderexpand(const struct topo *t);

/* pass.c: record that space ran out; warns once (only with --allow-overcommit). */
void overcommitted(struct topo *t, enum space s, const struct loc *loc);
/* Name lists in messages: the first 8 names, quoted, then "and N more".
 * namesadd() counts name as the n-th (from 1); namesend() closes the list. */
void namesadd(struct buf *b, size_t n, const char *name);
void namesend(struct buf *b, size_t n);

#endif
