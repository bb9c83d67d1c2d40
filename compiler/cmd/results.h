/*
 * hvnetc results: from the Timestamper's captures to per-flow latencies.
 * resplan.c reads the output tree (plan.yaml, loadgen/flows.lua),
 * capture.c the captures (pcap or .mscap), match.c pairs pre and post,
 * stats.c keeps the histograms, results.c and plot.c write the results.
 */
#ifndef HVNET_RESULTS_H
#define HVNET_RESULTS_H

#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* A packet counts when it reaches post within this window after pre. */
#define WINDOW_NS 5000000000ull
/* The warm-up trimmed from the start of each repetition, by default. */
#define TRIM_DEFAULT_NS 1000000000ull
/* worst.csv's length. */
enum { WORSTN = 100 };

/* One flow of plan.yaml. */
struct rflow {
	char *name;
	unsigned hops, port, size, ttl;	/* ttl: expected on post */
	uint64_t rate;
	uint32_t src;			/* source address, host order */
	size_t count;			/* its share of the packet-order table */
};

struct rplan {
	char *name;
	struct rflow *flows;
	size_t nflows;
	uint64_t seed;			/* measurement.seed */
	size_t norder;			/* Σ count */
	uint64_t *keys;			/* src << 16 | port, sorted, and the flow */
	uint64_t *srcs;			/* sorted source addresses */
};

/* resplan.c: read OUT's plan.yaml; EXIT_*. */
int planread(struct rplan *p, const char *out);
void planfree(struct rplan *p);
/* The flow of (src, port), FLOW_WRONGPORT or FLOW_NONE. */
int planflow(const struct rplan *p, uint32_t src, unsigned port);
/* Repetition r's packet-order table (hvnetc(1), FILES): flow indices, norder long. */
uint32_t *planorder(const struct rplan *p, unsigned r);

enum { FLOW_NONE = -1, FLOW_WRONGPORT = -2 };

/* One packet of a capture. */
struct pkt {
	uint64_t ts;		/* ns */
	uint64_t id;		/* the 32-bit id, unwrapped */
	int flow;		/* index, FLOW_NONE or FLOW_WRONGPORT */
	unsigned ttl;		/* 0 when unknown (.mscap) */
};

enum { CAP_PCAP = 1, CAP_MSCAP };

struct capture {
	const char *path;
	int kind;
	void *pcap;			/* pcap_t */
	FILE *f;
	const struct rplan *plan;
	const uint32_t *order;		/* .mscap: the repetition's table */
	uint64_t last, packets, wraps, backwards, lastts, notudp;
	int started, truncated;
};

/* capture.c: open path, told pcap or .mscap by its content; EXIT_*. */
int capopen(struct capture *c, const char *path, const struct rplan *p,
    const uint32_t *order);
/* The next packet: 1, 0 at the end, -1 on a read error (reported). */
int capnext(struct capture *c, struct pkt *k);
void capclose(struct capture *c);

/* stats.c: a log-linear histogram, 1024 buckets an octave: quantiles
 * within 1/2048 (relative) of the exact ones; min, max, mean exact. */
enum { SUBBITS = 10, SUB = 1 << SUBBITS, OCTAVES = 64 - SUBBITS + 1 };
struct hist {
	uint64_t *oct[OCTAVES];
	uint64_t n;
	uint64_t min, max;
	long double sum, sumsq;
};
void histadd(struct hist *h, uint64_t v);
void histmerge(struct hist *into, const struct hist *h);
void histfree(struct hist *h);
/* The percentile_disc values at levels p[0] <= p[1] <= ... (0..1). */
void histquant(const struct hist *h, const double *p, size_t np, uint64_t *out);
double histmean(const struct hist *h);
/* The HdrHistogram percentile distribution (.hgrm), values in µs. */
void histhgrm(const struct hist *h, struct buf *b);
/* HdrHistogram's percentile ladder (5 ticks a half distance) up to n
 * samples' resolution, then 1; returns the number of levels. */
size_t histladder(uint64_t n, double **levels);

/* One matched packet for worst.csv. */
struct worst {
	uint64_t lat, pre, post, id, t0;
	unsigned rep;
	int flow;
};

/* Per flow, over every repetition. */
struct fstat {
	struct hist lat, jit;		/* latency, |IPDV| */
	uint64_t packets, lost, dups, reordered, misrouted, predups, unmatched;
	int64_t ipdvmin, ipdvmax;
	/* within a repetition */
	uint64_t prevlat, maxpost;
	int haveprev, havepost;
};

/* Counters of one run, over every repetition. */
struct tally {
	uint64_t pre, post, trimmed, noflow, wrongport, notudp, unmatched;
	uint64_t prestray;		/* pre packets of no flow (noflow, wrongport: post's) */
	uint64_t wraps, truncated, backwards, wrongflow, preold;
};

/* One second of the timeline: packets and the worst latency. */
struct second {
	uint64_t packets, max;
};

struct run {
	const struct rplan *plan;
	struct fstat *fs;
	struct tally t;
	struct worst w[WORSTN];
	size_t nw, wmin;
	uint64_t trim;
	struct second *secs[64];	/* per repetition, up to 64 */
	size_t nsecs[64], capsecs[64];
	unsigned nreps;
};

/* match.c: pair repetition rep's pre and post captures into r; EXIT_*. */
int matchrep(struct run *r, unsigned rep, struct capture *pre, struct capture *post);
void runfree(struct run *r);

/* plot.c: the gnuplot scripts, data and drawings into set. */
struct outset;
int plotall(const struct run *r, struct outset *set);

/* results.c: "hvnetc: warning: ..." on standard error. */
void reswarn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
