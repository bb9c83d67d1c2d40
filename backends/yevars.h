/* The resolved model's values as YAML (yamlout.h), for the inventory and pos. */
#ifndef HVNET_YEVARS_H
#define HVNET_YEVARS_H

#include "backends.h"
#include "yamlout.h"

/* A flow sequence of CPU numbers. */
void ycpus(struct yout *y, const struct cpulist *c);

/* A VM's scalar settings as key/value pairs (in an open mapping), keys prefixed. */
void yvnode(struct yout *y, const struct node *n, const char *prefix);
/* A VM's interfaces (one flow mapping each) and next hops, keys unprefixed. */
void yvnodenet(struct yout *y, const struct node *n);
/* A flow as a mapping; count: its entries in the packet-order table. */
void yvflow(struct yout *y, const struct flow *f, size_t count);
/* One interface of a VM, as plan.yaml lists it; flow selects the inline style. */
void yviface(struct yout *y, const struct iface *f, int flow);
/* The DuT's ports as a mapping under key "ports" (prefixed). */
void yvports(struct yout *y, const struct topo *t, const char *prefix);
/* The flows under key k, one mapping each (as plan.yaml lists them). */
void yvflows(struct yout *y, const struct topo *t, const char *k);
/* The LoadGen's ports and MACs (not its flows) and the Timestamper's
 * settings as key/value pairs, keys prefixed. */
void yvloadgen(struct yout *y, const struct topo *t, const char *prefix);
void yvtimestamper(struct yout *y, const struct topo *t, const char *prefix);
/* The DuT's housekeeping cores, hugepages (in all and per NUMA node) and
 * ports as key/value pairs, keys prefixed. */
void yvdut(struct yout *y, const struct topo *t, const char *prefix);
/* A boolean; a printf-formatted plain string. */
void yvbool(struct yout *y, int v);
void yvstrf(struct yout *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* End a document: EXIT_OK, or EXIT_IO when the emitter failed. */
int yvclose(struct yout *y);

#endif
