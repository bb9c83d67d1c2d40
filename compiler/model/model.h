/*
 * hvnetc's intermediate representation: one struct topo per compile.
 *
 * The front end (load.c) fills the "input" fields of every element, with
 * locations; check.c validates and resolves names to pointers; every pass
 * then fills only its own "resolved" fields.  Backends read the resolved
 * model and decide nothing.
 *
 * Memory: the arrays topo.nodes, topo.links and topo.flows (grown by the
 * loader) are malloc'ed; everything else, strings and
 * per-element arrays alike, lives in the compile's arena (util.h).
 * model.c holds the language's rules that several layers apply.
 */
#ifndef HVNET_MODEL_H
#define HVNET_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/* The four SR-IOV ports of a host, in the order of their MAC port byte. */
enum portid { PORT_A, PORT_B, PORT_INGRESS, PORT_EGRESS, NPORTS };

/* A PCI address domain:bus:device.function. */
struct pciaddr {
	unsigned domain, bus, dev, fn;
};

/* An IPv4 network or address with prefix length (host byte order). */
struct net4 {
	uint32_t addr;
	int plen;
};

/* A list of CPU numbers, ascending. */
struct cpulist {
	int *v;
	size_t n;
};

/* One SR-IOV physical function. */
struct port {
	struct loc loc;
	int declared;			/* present in the input */
	struct pciaddr pf;
	struct loc pfloc;
	long vfoffset, vfstride;	/* -1 until given or probed */
	struct loc vfoffsetloc, vfstrideloc;
	long maxvfs;			/* DEF_MAXVFS, or TotalVFs from --pci-dump */
	struct loc maxvfsloc;		/* line 0: max_vfs not given */
	uint64_t speed;			/* bit/s, DEF_PORTSPEED */
	uint8_t peermac[6];		/* loadgen ports: the LoadGen's MAC */
	int haspeermac;
	/* resolved */
	size_t nvfs;			/* VFs in use */
};

enum vendor { VENDOR_AMD, VENDOR_INTEL };

/* The physical host (the DuT). */
struct host {
	struct loc loc;
	char *name;			/* DEF_HOSTNAME */
	enum vendor vendor;
	struct cpulist cores;
	struct loc coresloc;
	struct cpulist housekeeping;	/* default: the lowest core */
	struct cpulist *numa;		/* cores of each NUMA node, or NULL */
	size_t nnuma;
	uint64_t memory, reserve;	/* bytes; reserve DEF_RESERVE */
	struct loc memoryloc;
	uint64_t hugepage;		/* page size in bytes, 0 = none; DEF_HUGEPAGE */
	struct port port[NPORTS];
	char *mgmt;			/* libvirt network name, or NULL */
	/* resolved */
	uint64_t hugecount;		/* pages reserved in all */
	uint64_t *hugecounts;		/* per NUMA node, when numa */
};

enum role { ROLE_INGRESS, ROLE_EGRESS, ROLE_LINK };

/* What a node runs as, and what carries a link (hvnet.yaml(5), Worlds). */
enum kind { KIND_VM, KIND_NETNS };
enum medium { MEDIUM_SRIOV, MEDIUM_VETH };

/* One VF passed into a VM (fields ordered by size: there are millions). */
struct iface {
	int link;			/* index into topo.links, or -1 */
	int table;			/* routing table, -1 for ingress */
	size_t vf;			/* VF index on its port */
	struct node *peer;		/* NULL: the LoadGen */
	struct pciaddr pci;
	struct net4 addr;		/* with prefix length 30 */
	enum role role;
	enum portid port;
	enum medium medium;		/* veth: no VF, vf and pci unused */
	int vlan;			/* 0 for ingress/egress */
	uint32_t peeraddr;
	uint8_t mac[6];
	uint8_t peermac[6];
};

/* A policy-routing rule in a guest: UDP to dport leaves by ifaces[iface]. */
struct rule {
	int dport;
	unsigned iface;			/* index into node.ifaces */
	struct flow *flow;
};

/* A VM. */
struct node {
	struct loc loc;
	char *name;
	size_t index;
	long vcpus;
	struct loc vcpusloc;
	uint64_t memory;
	struct loc memoryloc;
	char *image, *kernel, *initrd, *cmdline;	/* NULL when absent */
	struct loc cmdlineloc;
	struct host *host;		/* its DuT: one today, the model is ready for several */
	enum kind kind;
	int kindset;			/* given in the node */
	struct loc kindloc;
	/* resolved */
	struct cpulist cores;		/* dedicated cores, one per vCPU */
	long numanode;			/* -1 without host.cpu.numa */
	uint8_t uuid[16];
	struct iface *ifaces;		/* ingress, egress, then links in link order */
	size_t nifaces;
	struct rule *rules;		/* in flow order */
	size_t nrules;
	size_t *adj;			/* indices of this node's links, in link order */
	size_t nadj;
};

enum ratemode { RATE_AUTO, RATE_NONE, RATE_SET };

/* A point-to-point link. */
struct link {
	struct loc loc;
	size_t index;
	char *endname[2];
	struct loc endloc[2];
	struct node *ends[2];		/* set by check */
	int vlan;			/* 0 until allocated when not given */
	int vlanset;			/* given in the input */
	struct loc vlanloc;
	enum ratemode ratemode;
	uint64_t rate;			/* RATE_SET: the given limit */
	struct loc rateloc;
	enum medium medium;
	int mediumset;			/* given in the link */
	struct loc mediumloc;
	/* resolved */
	uint64_t maxrate;		/* transmit limit in bit/s, 0 = none */
	size_t iface[2];		/* index into ends[k]->ifaces */
	struct net4 net;		/* the /30 */
	uint64_t load[2];		/* Σ flow rates leaving ends[0], ends[1] */
};

/* A measured UDP flow. */
struct flow {
	struct loc loc;
	char *name;
	size_t index;
	char *fromname, *toname;
	struct loc fromloc, toloc;
	struct node *from, *to;		/* set by check */
	char **pathname;		/* explicit path, or NULL */
	struct loc *pathloc;
	size_t npathname;
	uint64_t rate;			/* bit/s */
	struct loc rateloc;
	long size;			/* IP packet bytes */
	struct loc sizeloc;
	long dport;			/* -1 until given or allocated */
	int dportset;
	struct loc dportloc;
	/* resolved */
	struct node **path;		/* from .. to */
	size_t npath;
	size_t *hops;			/* link index of each of npath - 1 hops */
	uint32_t srcaddr, dstaddr;	/* LoadGen sides of from's ingress, to's egress */
	uint8_t dstmac[6];		/* from's ingress VF */
};

/* The `measurement:` section. */
struct measurement {
	uint64_t duration;		/* seconds */
	struct loc durationloc;		/* line 0: the default */
	long repetitions;
	uint64_t seed;
	long ordertable, ordertablemax;
	char *loadgen;			/* machine names */
	long lgtx, lgrx;
	char *timestamper;
	long tspre, tspost;
	struct loc loadgenloc, timestamperloc;
};

/* Value spaces that --allow-overcommit may exhaust. */
enum space {
	SPACE_VLAN, SPACE_VF, SPACE_MAC, SPACE_PCI, SPACE_PORT, SPACE_CORE,
	SPACE_MEMORY, NSPACES
};

/* Address and id pools. */
struct pools {
	int vlanlo, vlanhi;
	struct loc vlanloc;
	struct net4 link4, ingress4, egress4;
	struct loc link4loc, ingress4loc, egress4loc;
	uint8_t mac[3];
	struct loc macloc;
};

struct world;

/* Everything one compile knows. */
struct topo {
	const char *file;		/* as named on the command line, "-" for stdin */
	char *name;
	struct loc nameloc;
	struct host host;
	struct pools pools;
	struct node *nodes;
	size_t nnodes;
	struct loc nodesloc;
	struct link *links;
	size_t nlinks;
	struct loc linksloc;
	struct flow *flows;
	size_t nflows;
	struct loc flowsloc;
	struct measurement meas;
	int overcommit;			/* --allow-overcommit */
	int pcidump;			/* --pci-dump given: it supplies vf_offset, vf_stride */
	int complete;			/* load read the whole YAML: check may run after its errors */
	const struct world *world;	/* --world, or NULL */
	enum medium lgmedium;		/* the LoadGen ports: veth when every node is a netns
					 * and every link veth (the rehearsal), else sriov */
	/* resolved */
	unsigned overcommitted;		/* bit (1 << enum space) per exhausted space */
	uint64_t lgwire;		/* bit/s each LoadGen port carries, on the wire */
	size_t *ordercount;		/* entries of each flow in the packet-order table */
	size_t norder;			/* its length (orderexpand() lays it out) */
};

/* model.c: the language's rules, shared by the passes, backends and commands. */

/* hvnet.yaml(5)'s auto link limit: ⌊0.95 · speed / nlinks⌋ in whole Mbit/s, 0 without links. */
uint64_t autorate(uint64_t speed, size_t nlinks);
/* Routing ID arithmetic: address of VF n of a PF (SR-IOV, with bus carry). */
struct pciaddr vfaddr(struct pciaddr pf, long offset, long stride, size_t n,
	int *overflow);
/* Whether two PCI functions are on one device (one NIC: its ports share VFs). */
int samenic(struct pciaddr a, struct pciaddr b);
/* The /30 number i of pool n, plus host part h; how many /30s n holds. */
uint32_t net30(struct net4 n, size_t i, unsigned h);
uint64_t pool30(struct net4 n);
/* s, shortened and made printable for a diagnostic (arena). */
const char *shown(const char *s);
/* The name of interface f inside a namespace: ingress, egress, or l<link>. */
char *ifacename(char buf[24], const struct iface *f);
/* "vm1 -- vm3" for messages, or "#index" when its ends are unknown. */
char *linkname(char buf[96], const struct link *l);

/* The ports' names, in enum portid order (also their keys in the input). */
extern const char *const portnames[NPORTS];
/* The same as paths in the input, for messages: "host.wire.a", ... */
extern const char *const portpaths[NPORTS];
/* The value spaces of --allow-overcommit, in enum space order: their key in
 * plan.yaml's overcommitted:, a word for scripts, and one for diagnostics. */
struct spacename {
	const char *key, *word, *message;
};
extern const struct spacename spacenames[NSPACES];
/* Worlds (--world): a name, and the kind and medium of every element. */
struct world {
	const char *name;
	enum kind kind;
	enum medium medium;
};
extern const struct world worlds[];
extern const size_t nworlds;
extern const char *const kindnames[2];
extern const char *const mediumnames[2];
/* The index of world name, or -1. */
int worldindex(const char *name);

/* The interfaces' role names, in enum role order (plan.yaml's "role"). */
extern const char *const rolenames[ROLE_LINK + 1];

#endif
