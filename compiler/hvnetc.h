/*
 * The pipeline: front end, passes, backends, and the output set.
 * main.c calls these in order, one call a line.
 */
#ifndef HVNET_HVNETC_H
#define HVNET_HVNETC_H

#include <stddef.h>

#include "model.h"
#include "util.h"

/* Exit statuses (SPEC §1). */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* Input limits (SPEC §2): they admit the largest real use. */
#define MAXINPUT (64u << 20)	/* bytes */
#define MAXDEPTH 64		/* nesting levels */
#define MAXITEMS 1000000	/* nodes, links or flows each */

/* Options every compiling command accepts. */
struct options {
	int overcommit;		/* --allow-overcommit */
	int force;		/* --force */
	const char *pcidump;	/* --pci-dump FILE */
};

/* load.c: read FILE ("-" is stdin) into t; EXIT_OK, EXIT_INVALID or EXIT_IO. */
int load(struct topo *t, const char *file);
/* The same from memory; name is used in diagnostics. */
int loadmem(struct topo *t, const char *name, const char *data, size_t len);
/* load.c: file ("-": standard input) into a malloc'ed *data, up to MAXINPUT + 1
 * bytes; EXIT_OK, or EXIT_IO (reported). */
int readinput(const char *file, char **data, size_t *len);
/* load.c: line and column of byte off in data, columns in characters as libyaml
 * counts them (its reader errors carry only an offset). */
struct loc byteloc(const char *file, const char *data, size_t len, size_t off);

/* check.c: rules between entries; resolves names to pointers. */
void check(struct topo *t);

/* probe.c: take vf_offset, vf_stride and TotalVFs of t's PFs from an lspci -xxxx dump. */
int pcidump(struct topo *t, const char *dumpfile);

/* Resolution passes (SPEC §3), in the order main runs them. */
void vlanalloc(struct topo *t);		/* vlan.c */
void ifacealloc(struct topo *t);	/* iface.c: VFs, PCI, MACs, addresses, tables */
void corealloc(struct topo *t);		/* cores.c: cores, NUMA, memory, hugepages */
void pathalloc(struct topo *t);		/* path.c: flow paths and hops */
void portalloc(struct topo *t);		/* path.c: UDP ports */
void routealloc(struct topo *t);	/* route.c: per-node rules, flow addresses, link loads */
void loadcheck(struct topo *t);		/* route.c: link and LoadGen capacity */
/* kparams.c: the kernel parameters hvnetc generates. */
extern const char kquiet[];		/* timers, watchdogs, idle states: " a=b c ..." */
void kisolate(struct buf *b, const struct cpulist *c);	/* " isolcpus=... nohz_full=..." */
void guestparams(const struct node *n, struct buf *b);	/* a guest's, without its cmdline */
void cmdlinecheck(struct topo *t);	/* warns: a cmdline gives a generated parameter another value */
void orderalloc(struct topo *t);	/* order.c: the packet-order table */
void uuidalloc(struct topo *t);		/* iface.c: domain UUIDs */
/* order.c: SplitMix64, and the Fisher-Yates shuffle the LoadGen repeats. */
uint64_t splitmix64(uint64_t *state);
void ordershuffle(uint32_t *v, size_t n, uint64_t seed);
/* The packet-order table of repetition 1 (0-based flow indices, norder of
 * them), malloc'ed, or NULL when empty: the flows laid out by ordercount,
 * shuffled with the seed.  Backends expand it only while they write it. */
uint32_t *orderexpand(const struct topo *t);

/* entry.c: "vm1 -- vm3" for messages, or "#index" when its ends are unknown. */
char *linkname(char buf[96], const struct link *l);

/* Run the whole front end and every pass; EXIT_OK, EXIT_INVALID or EXIT_IO. */
int compile(struct topo *t, const char *file, const struct options *o);
/* The same on a buffer (tests, fuzzing). */
int compilemem(struct topo *t, const char *name, const char *data, size_t len,
	const struct options *o);
/* Free everything a compile allocated. */
void topofree(struct topo *t);

/* One file of output. */
struct outfile {
	char *path;		/* relative to DIR, no "./" */
	struct buf data;	/* its bytes (staged: those not yet written) */
	int exec;		/* mode 0755 rather than 0644 */
	const char *backend;
	char hash[65];		/* staged: SHA-256 in hex once written */
};

/*
 * Output is a value: backends append files and never touch disk.  Alone,
 * a set keeps every file in memory (tests, `plan --yaml`); after
 * outbegin(), each file is written to a staging directory as it is made
 * and only its path and hash are kept, until outend() puts the tree in place.
 */
struct outset {
	struct outfile *v;
	size_t n, cap;
	const char *backend;	/* the backend now emitting */
	struct stage *stage;	/* outbegin()'s staging, or NULL */
	int failed;		/* staging failed or was interrupted (reported) */
};

/* A new file in set; fill the returned buffer. */
struct buf *outnew(struct outset *set, int exec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The file at path, or NULL. */
const struct outfile *outfind(const struct outset *set, const char *path);
void outfree(struct outset *set);
/* Sort by path; then MANIFEST's order is the set's. */
void outsort(struct outset *set);
/* outbegin() flags: write into foreign or edited DIRs; sync before the swap. */
enum { OUTFORCE = 1, OUTSYNC = 2 };
/* Stage set's files beside DIR from now on; only: backends rewritten, NULL = all. */
int outbegin(struct outset *set, const char *dir, const char *only, int flags);
/* Write out the file being made (staged sets; outnew() calls it). */
void outclose(struct outset *set);
/* After the backends: replace DIR by the staged tree atomically (SPEC §4),
 * or, when status is not EXIT_OK or staging failed, remove it; the status. */
int outend(struct outset *set, int status);

/* A backend: reads the resolved model, appends files, decides nothing. */
struct backend {
	const char *name;
	int (*emit)(const struct topo *t, struct outset *set);	/* 0, or EXIT_IO */
};
extern const struct backend backends[];
extern const size_t nbackends;
/* Run the backends named in only (comma-separated; NULL = all). */
int emit(const struct topo *t, struct outset *set, const char *only);

/* backends/plan.c: the human-readable plan table. */
void plantable(const struct topo *t, struct buf *b);

/* Templates embedded at build time (templates/). */
const char *template(const char *name, size_t *len);

/* Commands implemented beside their backends. */
int cmdprobe(int argc, char **argv);	/* probe.c */
/* backends/graph.c: the diagram of t as format (dot, svg, png) into out ("-" or
 * NULL: standard output), with the flows when flows; an exit status. */
int graphwrite(const struct topo *t, const char *format, int flows, const char *out);
int cmdrandom(int argc, char **argv);	/* random.c */
int cmdimport(int argc, char **argv);	/* import.c */

#endif
