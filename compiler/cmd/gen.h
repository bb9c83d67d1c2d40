/*
 * Topologies made by program ('import' and 'random'), written out in the
 * topology language with libyaml's emitter on the paper's DuT, grown where
 * the topology does not fit it.  Every port runs at the default speed
 * (DEF_PORTSPEED), every flow has the default size (DEF_FLOWSIZE).
 */
#ifndef HVNET_GEN_H
#define HVNET_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "defaults.h"
#include "util.h"

/* Memory of a generated VM: the dataset's 7100 MiB in whole 1 GiB pages. */
#define GENVMMEM (7ull << 30)

/* A node, named vm<id>; vcpus and memory (bytes) 0 take the defaults. */
struct gnode {
	unsigned long id;
	long vcpus;
	uint64_t memory;
};

/* A link between node indices end[0] and end[1]; maxrate 0 = the default. */
struct glink {
	size_t end[2];
	uint64_t maxrate;
};

/*
 * A flow from node index from to to, along path (node indices; npath 0:
 * the compiler's shortest path); name NULL = f<index>, port -1 = default.
 */
struct gflow {
	const char *name;
	size_t from, to;
	size_t *path;
	size_t npath;
	uint64_t rate;
	long port;
};

/* A generated topology. */
struct gtopo {
	const char *name;
	struct buf comment;	/* lines written as '# ' comments before the document */
	long vcpus;		/* defaults.vm.vcpus */
	uint64_t memory;	/* defaults.vm.memory, bytes, a multiple of 1 GiB */
	int ratenone;		/* defaults.link.max_rate: none (auto would be 0) */
	struct gnode *nodes;
	size_t nnodes;
	struct glink *links;
	size_t nlinks;
	struct gflow *flows;
	size_t nflows;
};

/* The host a generated topology is written for (genhost). */
struct ghost {
	int paper;		/* the paper's DuT unchanged, with NUMA */
	uint64_t ncores;	/* cores 0..ncores-1, housekeeping 0 */
	uint64_t memory;	/* bytes */
	long wirevfs, lgvfs;	/* max_vfs of the wire and loadgen ports */
	int vlanlo;		/* VLAN pool vlanlo-4094 */
	int link4, host4;	/* prefix lengths of link4 and ingress4/egress4 */
	const char *over[5];	/* value spaces exhausted: needs --allow-overcommit */
	size_t nover;
};

/* Fit a host to g: the paper's DuT where g fits it, else a grown one. */
void genhost(const struct gtopo *g, struct ghost *h);
/* Write g in the topology language (comment, then the document) to out. */
int genwrite(const struct gtopo *g, const struct ghost *h, struct buf *out);

/* import.c: translate an HVNet dataset file (JSON) in data to out. */
int importmem(const char *name, const char *data, size_t len, struct buf *out);

/* Parameters of 'random'; 0 (or -1 for maxhops) = the paper's defaults. */
struct randopts {
	uint64_t seed;
	size_t nodes, links, flows;
	long maxhops;
	int haslinks, hasflows;	/* links/flows given (0 is a value) */
};
/* random.c: a random valid topology for o, written to out. */
int randomgen(const struct randopts *o, struct buf *out);

#endif
