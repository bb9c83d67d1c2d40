/* Helpers shared by the criterion unit tests. */
#ifndef HVNET_UNIT_H
#define HVNET_UNIT_H

#include <criterion/criterion.h>

#include "diag.h"
#include "hvnetc.h"

/* A host section that fits small topologies; tests append nodes, links, flows. */
#define HOST \
	"hvnet: 1\n" \
	"name: t\n" \
	"host:\n" \
	"  cpu: { vendor: amd, cores: 0-31, housekeeping: 0 }\n" \
	"  memory: 128GiB\n" \
	"  wire:\n" \
	"    a: { pf: \"0000:41:00.0\", vf_offset: 16, vf_stride: 1 }\n" \
	"    b: { pf: \"0000:42:00.0\", vf_offset: 16, vf_stride: 1 }\n" \
	LOADGEN

/* The LoadGen ports, which every topology needs. */
#define LOADGEN \
	"  loadgen:\n" \
	"    ingress: { pf: \"0000:41:00.1\", vf_offset: 79, vf_stride: 1, peer_mac: \"02:4c:47:00:00:01\" }\n" \
	"    egress: { pf: \"0000:42:00.1\", vf_offset: 79, vf_stride: 1, peer_mac: \"02:4c:47:00:00:02\" }\n"

/* Compile yaml from memory; the diagnostics land in *msgs (free it). */
static inline int
compileyaml(struct topo *t, const char *yaml, int overcommit, char **msgs)
{
	struct options o = { .overcommit = overcommit };
	size_t len;
	FILE *f = open_memstream(msgs, &len);
	int r;

	diagout = f;
	r = compilemem(t, "t.yaml", yaml, strlen(yaml), &o);
	diagout = NULL;
	fclose(f);
	return r;
}

/* The node named name, or NULL. */
static inline struct node *
nodenamed(const struct topo *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nnodes; i++)
		if (!strcmp(t->nodes[i].name, name))
			return &t->nodes[i];
	return NULL;
}

#endif
