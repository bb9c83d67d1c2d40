/*
 * hvnetc results OUT PRE POST [PRE POST ...] -o DIR [--trim DURATION]:
 * match every repetition's captures, then write DIR as `build` writes a
 * tree (staged beside it, swapped in whole): flows.csv, hops.csv,
 * worst.csv, timeline.csv, summary.csv, hgrm/FLOW.hgrm and plots/.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "diag.h"
#include "hvnetc.h"
#include "results.h"

enum { K_OUT = 'o', K_TRIM = 256, K_TOPO };

static const struct opt resultsopts[] = {
	{ "o", 1, K_OUT }, { "trim", 1, K_TRIM }, { "topo", 1, K_TOPO }, { NULL, 0, 0 },
};

static const struct cmdargs resultsargs = {
	"results",
	"usage: hvnetc results OUT PRE POST [PRE POST ...] -o DIR [--trim DURATION] [--topo N]\n",
	"Match the Timestamper's captures of each repetition (pcap or .mscap, in\n"
	"repetition order) against the flows of the output tree OUT and write the\n"
	"per-flow latencies into DIR (replaced atomically).\n"
	"  -o DIR            the results directory\n"
	"  --trim DURATION   warm-up left out of each repetition (default 1s; 0s keeps all)\n"
	"  --topo N          topo_num in flows.csv (default 0)\n",
	resultsopts,
};

void
reswarn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsysmsg("warning", fmt, ap);
	va_end(ap);
}

/* "1s", "250ms", "10us", "0": ns; 0, or -1. */
static int
parsedur(const char *s, uint64_t *ns)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 }, { "", 1e9 },
	};
	char *end;
	double v = strtod(s, &end);
	size_t i;

	if (end == s || v < 0 || !isfinite(v))
		return -1;
	for (i = 0; i < LEN(units); i++)
		if (!strcmp(end, units[i].unit)) {
			*ns = (uint64_t)llround(v * units[i].scale);
			return 0;
		}
	return -1;
}

struct rargs {
	const char *dir, *out;
	char **caps;
	int ncaps;
	uint64_t trim;
	long topo;
};

static int
rset(void *ctx, int key, const char *v)
{
	struct rargs *a = ctx;
	char *end;

	switch (key) {
	case K_OUT: a->dir = v; break;
	case K_TRIM:
		if (parsedur(v, &a->trim))
			return argusage(&resultsargs, "--trim takes a duration such as 1s, 500ms or 0s, not '%s'", v);
		break;
	case K_TOPO:
		a->topo = strtol(v, &end, 10);
		if (*end || end == v || a->topo < 0)
			return argusage(&resultsargs, "--topo takes a number, not '%s'", v);
		break;
	}
	return 0;
}

static int
parse(int argc, char **argv, struct rargs *a)
{
	char **ops;
	int nops, r;

	memset(a, 0, sizeof(*a));
	a->trim = TRIM_DEFAULT_NS;
	if ((r = argparse(&resultsargs, argc, argv, rset, a, &nops, &ops)))
		return r;
	if (nops < 3 || (nops - 1) % 2)
		return argusage(&resultsargs, "expected OUT and a PRE POST pair per repetition");
	if (!a->dir)
		return argusage(&resultsargs, "missing '-o DIR'");
	a->out = ops[0];
	a->caps = ops + 1;
	a->ncaps = nops - 1;
	return 0;
}

static int
onerep(struct run *r, unsigned rep, const char *pre, const char *post)
{
	struct capture a, b;
	uint32_t *order = planorder(r->plan, rep);
	int s = capopen(&a, pre, r->plan, order);

	if (s == EXIT_OK && (s = capopen(&b, post, r->plan, order)) != EXIT_OK)
		capclose(&a);
	if (s == EXIT_OK) {
		s = matchrep(r, rep, &a, &b);
		capclose(&a);
		capclose(&b);
	}
	free(order);
	return s;
}

/*
 * Packets of no flow outnumber those of the plan's flows, or most of them
 * arrive with a TTL their path does not give: captures of another
 * topology (whose flows may share sources and ports with this one's).
 */
static int
sane(const struct run *r)
{
	uint64_t known = r->t.trimmed, stray = r->t.prestray, got = 0, off = 0;
	size_t i;

	for (i = 0; i < r->plan->nflows; i++) {
		known += r->fs[i].packets;
		got += r->fs[i].lat.n;
		off += r->fs[i].misrouted;
	}
	if (!known || stray > known || (got && off > got / 2)) {
		syserr("the captures hold %llu packets of the flows of '%s' (%llu of them on a "
		    "path of another length) and %llu of no flow: captures of another topology, "
		    "or empty", (unsigned long long)known, r->plan->name, (unsigned long long)off,
		    (unsigned long long)stray);
		return EXIT_INVALID;
	}
	return EXIT_OK;
}

static void
us(struct buf *b, uint64_t ns)
{
	bufprintf(b, ",%.3f", (double)ns / 1e3);
}

static const double levels[] = { 0, .25, .5, .75, .95, .99, .999, .9999, .99999 };
static const double jlevels[] = { .5, .99, .999, .9999 };

static void
flowrow(struct buf *b, const struct run *r, long topo, size_t i)
{
	const struct fstat *f = &r->fs[i];
	const struct rflow *fl = &r->plan->flows[i];
	uint64_t q[LEN(levels)], jq[LEN(jlevels)];
	size_t k;

	bufprintf(b, "%ld,%zu", topo, i);
	histquant(&f->lat, levels, LEN(levels), q);
	histquant(&f->jit, jlevels, LEN(jlevels), jq);
	if (f->lat.n)
		bufprintf(b, ",%.3f", histmean(&f->lat) / 1e3);
	else
		bufputs(b, ",");
	for (k = 0; k < LEN(levels); k++)
		f->lat.n ? us(b, q[k]) : bufputs(b, ",");
	bufprintf(b, ",%u,%llu,%llu,%llu", fl->hops, (unsigned long long)fl->rate,
	    (unsigned long long)f->packets, (unsigned long long)f->lost);
	f->lat.n ? us(b, f->lat.max) : bufputs(b, ",");
	if (f->jit.n) {
		bufprintf(b, ",%.3f", histmean(&f->jit) / 1e3);
		for (k = 0; k < LEN(jlevels); k++)
			us(b, jq[k]);
		us(b, f->jit.max);
		bufprintf(b, ",%.3f,%.3f", (double)f->ipdvmin / 1e3, (double)f->ipdvmax / 1e3);
	} else
		bufputs(b, ",,,,,,,,");
	bufprintf(b, ",%s,%llu,%llu,%llu,%llu,%llu,%llu\n", fl->name,
	    (unsigned long long)f->lat.n, (unsigned long long)f->dups,
	    (unsigned long long)f->reordered, (unsigned long long)f->misrouted,
	    (unsigned long long)f->predups, (unsigned long long)f->unmatched);
}

static void
flowscsv(const struct run *r, struct outset *set, long topo)
{
	struct buf *b = outnew(set, 0, "flows.csv");
	size_t i;

	bufputs(b, "topo_num,flow_num,mean,min,p25,p50,p75,p95,p99,p99.9,p99.99,p99.999,"
	    "hops,rate,packets,loss,max,jitter_mean,jitter_p50,jitter_p99,jitter_p99.9,"
	    "jitter_p99.99,jitter_max,ipdv_min,ipdv_max,flow,received,duplicates,reordered,"
	    "misrouted,pre_duplicates,unmatched\n");
	for (i = 0; i < r->plan->nflows; i++)
		flowrow(b, r, topo, i);
}

static void
hgrms(const struct run *r, struct outset *set)
{
	size_t i;

	for (i = 0; i < r->plan->nflows; i++) {
		histhgrm(&r->fs[i].lat, outnew(set, 0, "hgrm/%s.hgrm", r->plan->flows[i].name));
		histhgrm(&r->fs[i].jit, outnew(set, 0, "hgrm/%s.jitter.hgrm", r->plan->flows[i].name));
	}
}

/* Table I: per hop count, the flows' latencies and jitter together. */
static void
hopscsv(const struct run *r, struct outset *set)
{
	static const double hl[] = { .5, .99, .9999 };
	struct buf *b = outnew(set, 0, "hops.csv");
	unsigned h, maxh = 0;
	size_t i;

	for (i = 0; i < r->plan->nflows; i++)
		maxh = r->plan->flows[i].hops > maxh ? r->plan->flows[i].hops : maxh;
	bufputs(b, "hops,flows,packets,loss,mean,p50,p99,p99.99,max,jitter_p50,jitter_p99,"
	    "jitter_p99.99,jitter_max\n");
	for (h = 0; h <= maxh; h++) {
		struct hist lat = { 0 }, jit = { 0 };
		uint64_t packets = 0, lost = 0, q[3], jq[3];
		size_t nf = 0, k;

		for (i = 0; i < r->plan->nflows; i++)
			if (r->plan->flows[i].hops == h) {
				histmerge(&lat, &r->fs[i].lat);
				histmerge(&jit, &r->fs[i].jit);
				packets += r->fs[i].packets;
				lost += r->fs[i].lost;
				nf++;
			}
		if (nf && lat.n) {
			histquant(&lat, hl, 3, q);
			histquant(&jit, hl, 3, jq);
			bufprintf(b, "%u,%zu,%llu,%llu,%.3f", h, nf, (unsigned long long)packets,
			    (unsigned long long)lost, histmean(&lat) / 1e3);
			for (k = 0; k < 3; k++)
				us(b, q[k]);
			us(b, lat.max);
			for (k = 0; k < 3; k++)
				us(b, jit.n ? jq[k] : 0);
			us(b, jit.max);
			bufputs(b, "\n");
		}
		histfree(&lat);
		histfree(&jit);
	}
}

static int
worstcmp(const void *a, const void *b)
{
	const struct worst *x = a, *y = b;

	return x->lat != y->lat ? (x->lat < y->lat ? 1 : -1) : (x->pre > y->pre) - (x->pre < y->pre);
}

static void
worstcsv(struct run *r, struct outset *set)
{
	struct buf *b = outnew(set, 0, "worst.csv");
	size_t i;

	qsort(r->w, r->nw, sizeof(*r->w), worstcmp);
	bufputs(b, "rank,flow,flow_num,hops,repetition,id,time_s,pre_ns,post_ns,latency_us\n");
	for (i = 0; i < r->nw; i++) {
		const struct worst *w = &r->w[i];

		bufprintf(b, "%zu,%s,%d,%u,%u,%llu,%.9f,%llu,%llu,%.3f\n", i + 1,
		    r->plan->flows[w->flow].name, w->flow, r->plan->flows[w->flow].hops, w->rep,
		    (unsigned long long)w->id, (double)(w->pre - w->t0) / 1e9,
		    (unsigned long long)w->pre, (unsigned long long)w->post, (double)w->lat / 1e3);
	}
}

static void
timelinecsv(const struct run *r, struct outset *set)
{
	struct buf *b = outnew(set, 0, "timeline.csv");
	size_t k, s;

	bufputs(b, "repetition,second,packets,max_us\n");
	for (k = 0; k < LEN(r->secs); k++)
		for (s = 0; s < r->nsecs[k]; s++)
			if (r->secs[k][s].packets)
				bufprintf(b, "%zu,%zu,%llu,%.3f\n", k + 1, s,
				    (unsigned long long)r->secs[k][s].packets,
				    (double)r->secs[k][s].max / 1e3);
}

/* Every count of the run: what was matched, left out or wrong. */
static void
totals(const struct run *r, uint64_t v[8])
{
	size_t i;

	memset(v, 0, 8 * sizeof(*v));
	for (i = 0; i < r->plan->nflows; i++) {
		const struct fstat *f = &r->fs[i];

		v[0] += f->packets, v[1] += f->lat.n, v[2] += f->lost, v[3] += f->dups;
		v[4] += f->reordered, v[5] += f->misrouted, v[6] += f->predups, v[7] += f->unmatched;
	}
}

static void
summary(const struct run *r, struct outset *set)
{
	static const char *const names[] = { "packets", "received", "loss", "duplicates",
		"reordered", "misrouted", "pre_duplicates", "unmatched" };
	struct buf *b = outnew(set, 0, "summary.csv");
	uint64_t v[8];
	size_t i;

	totals(r, v);
	bufprintf(b, "key,value\ntopology,%s\nflows,%zu\nrepetitions,%u\ntrim_ns,%llu\n",
	    r->plan->name, r->plan->nflows, r->nreps, (unsigned long long)r->trim);
	for (i = 0; i < LEN(names); i++)
		bufprintf(b, "%s,%llu\n", names[i], (unsigned long long)v[i]);
	bufprintf(b, "pre_records,%llu\npost_records,%llu\ntrimmed,%llu\nno_flow,%llu\n"
	    "wrong_port,%llu\nwrong_flow,%llu\nnot_udp,%llu\nid_wraps,%llu\ntruncated,%llu\n"
	    "backwards,%llu\npre_old,%llu\npre_no_flow,%llu\n", (unsigned long long)r->t.pre, (unsigned long long)r->t.post,
	    (unsigned long long)r->t.trimmed, (unsigned long long)r->t.noflow,
	    (unsigned long long)r->t.wrongport, (unsigned long long)r->t.wrongflow,
	    (unsigned long long)r->t.notudp, (unsigned long long)r->t.wraps,
	    (unsigned long long)r->t.truncated, (unsigned long long)r->t.backwards,
	    (unsigned long long)r->t.preold, (unsigned long long)r->t.prestray);
}

/* The one-line account on standard error: nothing dropped silently. */
static void
report(const struct run *r, const char *dir)
{
	uint64_t v[8];

	totals(r, v);
	fprintf(stderr, "hvnetc results: %s: %llu packets in %zu flows, %llu received, %llu lost, "
	    "%llu duplicates, %llu reordered, %llu misrouted; %llu of no flow, %llu wrong port, "
	    "%llu unmatched on post; %llu trimmed; %llu id wraps -> %s\n", r->plan->name,
	    (unsigned long long)v[0], r->plan->nflows, (unsigned long long)v[1],
	    (unsigned long long)v[2], (unsigned long long)v[3], (unsigned long long)v[4],
	    (unsigned long long)v[5], (unsigned long long)r->t.noflow,
	    (unsigned long long)r->t.wrongport, (unsigned long long)v[7],
	    (unsigned long long)r->t.trimmed, (unsigned long long)r->t.wraps, dir);
}

static int
writeresults(struct run *r, const struct rargs *a)
{
	struct outset set = { 0 };
	int s = outbegin(&set, a->dir, NULL, 0);

	if (s != EXIT_OK)
		return s;
	set.backend = "results";
	flowscsv(r, &set, a->topo);
	hopscsv(r, &set);
	worstcsv(r, &set);
	timelinecsv(r, &set);
	summary(r, &set);
	hgrms(r, &set);
	s = plotall(r, &set);
	s = outend(&set, s);
	outfree(&set);
	return s;
}

/* DIR must not be a build's tree: results would replace it. */
static int
notatree(const char *dir)
{
	struct buf p = { 0 };
	struct stat st;
	int r;

	bufprintf(&p, "%s/plan.yaml", dir);
	r = stat(p.s, &st) == 0;
	buffree(&p);
	if (r)
		syserr("'%s' holds a plan.yaml: an output tree, not a results directory", dir);
	return r ? EXIT_USAGE : EXIT_OK;
}

int
cmdresults(int argc, char **argv)
{
	struct rplan plan;
	struct run r = { 0 };
	struct rargs a;
	int s = parse(argc, argv, &a), i;

	if (s < 0)
		return EXIT_OK;
	if (s || (s = notatree(a.dir)))
		return s;
	if ((s = planread(&plan, a.out)) != EXIT_OK)
		return planfree(&plan), s;
	r.plan = &plan;
	r.trim = a.trim;
	r.fs = xcalloc(plan.nflows, sizeof(*r.fs));
	for (i = 0; s == EXIT_OK && i < a.ncaps; i += 2) {
		r.nreps++;
		s = onerep(&r, r.nreps, a.caps[i], a.caps[i + 1]);
	}
	if (s == EXIT_OK && (s = sane(&r)) == EXIT_OK && (s = writeresults(&r, &a)) == EXIT_OK)
		report(&r, a.dir);
	runfree(&r);
	planfree(&plan);
	return s;
}
