/*
 * capgen: a synthetic Timestamper capture pair of one repetition, for
 * tests/ext/results.sh and make bench.
 *
 *   capgen FLOWS SEED REP pcap|mscap|csv N PRE POST TRUTH EXPECT [-p] [-w] [-sX]
 *
 * FLOWS has a line per flow: name src_address port size rate ttl count.
 * N packets leave at the flows' aggregate rate in the order of repetition
 * REP's packet-order table (its own SplitMix64 and Fisher-Yates, as hvnetc(1) FILES says),
 * with real headers and ids; each one's latency is drawn from a heavy-
 * tailed mixture (log-normal body, 1% Pareto tail up to 4 s).  TRUTH gets
 * "flow latency_ns" per packet sent, in sending order ("-" when it is
 * lost), EXPECT the counts results must report.  -p plants loss,
 * duplicates, misrouted packets (TTL), a wrong port, a packet of no flow
 * and a truncated last record; -w starts the ids 2^31 before 2^32 (the id
 * wraps); -sX multiplies every latency by X.  csv writes the same packets
 * as lines id,src,port,ts for PostgreSQL (tests/benchpg.sh).  It streams:
 * memory holds the packets on their way to post, not the capture.
 * Deterministic: the same arguments give the same files.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct flow {
	char name[64];
	unsigned src, port, size, ttl;
	double rate;
	size_t count;
};

struct ev {
	uint64_t ts, id;
	unsigned flow, ttl, port, src, stray, copy;
};

static struct flow fl[4096];
static size_t nfl;
static uint64_t rng = 42;
static double scale = 1;	/* -sX: every latency times X */

static uint64_t
mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double
uniform(void)
{
	return ((double)(mix(&rng) >> 11) + 0.5) / 9007199254740992.0;
}

/* ns: 10 µs a hop plus a log-normal body, 1% Pareto (α = 1.3) tail. */
static uint64_t
latency(unsigned ttl)
{
	double hops = 64 - ttl, u1 = uniform(), u2 = uniform();
	double body = exp(log(8000.0) + 0.6 * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
	double v = 10000.0 * hops + body;

	if (uniform() < 0.01)
		v += 50000.0 * pow(uniform(), -1 / 1.3);
	v *= scale;
	return v > 4e9 ? 4000000000ull : (uint64_t)v;
}

static void
readflows(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned a, b, c, d;
	char line[512];

	if (!f)
		perror(path), exit(2);
	while (fgets(line, sizeof(line), f) && nfl < 4096) {
		struct flow *x = &fl[nfl];

		if (sscanf(line, "%63s %u.%u.%u.%u %u %u %lf %u %zu", x->name, &a, &b, &c, &d,
		    &x->port, &x->size, &x->rate, &x->ttl, &x->count) != 10)
			fprintf(stderr, "capgen: bad line: %s", line), exit(2);
		x->src = a << 24 | b << 16 | c << 8 | d;
		nfl++;
	}
	fclose(f);
}

static uint32_t *
order(uint64_t seed, unsigned rep, size_t *len)
{
	size_t i, k, n = 0;
	uint32_t *v;
	uint64_t s = seed + rep - 1;

	for (i = 0; i < nfl; i++)
		n += fl[i].count;
	v = malloc(n * sizeof(*v));
	for (i = 0, n = 0; i < nfl; i++)
		for (k = 0; k < fl[i].count; k++)
			v[n++] = (uint32_t)i;
	for (i = n; i-- > 1;) {
		size_t j = (size_t)(mix(&s) % (i + 1));
		uint32_t x = v[i];

		v[i] = v[j], v[j] = x;
	}
	*len = n;
	return v;
}

static void
put32le(unsigned char *p, uint32_t v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

static void
put16be(unsigned char *p, unsigned v)
{
	p[0] = v >> 8, p[1] = v;
}

/* One pcap record: Ethernet, IPv4, UDP and the id, cut to 64 bytes. */
static void
pcaprec(FILE *f, const struct ev *e, int cut)
{
	unsigned char b[64] = { 0x02, 0x48, 0x56, 0x02, 0, 0, 0x02, 0x4c, 0x47, 0, 0, 1, 0x08, 0 };
	unsigned char h[16];
	unsigned size = fl[e->flow].size, sum = 0, i, cap = size + 14 < 64 ? size + 14 : 64;

	b[14] = 0x45;
	put16be(b + 16, size);
	b[22] = (unsigned char)e->ttl;
	b[23] = 17;
	put16be(b + 26, e->src >> 16), put16be(b + 28, e->src & 0xffff);
	put16be(b + 30, 0x0aff), put16be(b + 32, 0x0009);
	for (i = 14; i < 34; i += 2)
		sum += (unsigned)b[i] << 8 | b[i + 1];
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	put16be(b + 24, ~sum & 0xffff);
	put16be(b + 34, e->port), put16be(b + 36, e->port), put16be(b + 38, size - 20);
	put32le(b + 42, (uint32_t)e->id);
	put32le(h, (uint32_t)(e->ts / 1000000000u));
	put32le(h + 4, (uint32_t)(e->ts % 1000000000u));
	put32le(h + 8, cap);
	put32le(h + 12, size + 14);
	fwrite(h, 1, 16, f);
	fwrite(b, 1, cut ? cap / 3 : cap, f);
}

static void
mscaprec(FILE *f, const struct ev *e, int cut)
{
	unsigned char r[12];

	put32le(r, (uint32_t)e->ts), put32le(r + 4, (uint32_t)(e->ts >> 32));
	put32le(r + 8, (uint32_t)e->id);
	fwrite(r, 1, cut ? 5 : 12, f);
}

/* One CSV line, for PostgreSQL's COPY: id,src,port,ts. */
static void
csvrec(FILE *f, const struct ev *e)
{
	fprintf(f, "%llu,%u,%u,%llu\n", (unsigned long long)e->id, e->src, e->port,
	    (unsigned long long)e->ts);
}

static const unsigned char pcaphead[24] = { 0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 1, 0, 0, 0 };

/* One record of the format: 1 pcap, 2 csv, 0 mscap; cut: a truncated one. */
static void
record(FILE *f, int fmt, const struct ev *e, int cut)
{
	if (fmt == 2)
		csvrec(f, e);
	else if (fmt == 1)
		pcaprec(f, e, cut);
	else
		mscaprec(f, e, cut);
}

/*
 * The post side in arrival order without holding the capture: a min-heap
 * of the packets on their way, by arrival (then id); one is written once
 * pre has passed its arrival, as no later packet can arrive before it.
 */
struct gen {
	FILE *post;
	int fmt;
	struct ev *heap, last;
	size_t n, cap;
	uint64_t *maxid, reordered;
	char *seen;
};

static int
before(const struct ev *x, const struct ev *y)
{
	return x->ts != y->ts ? x->ts < y->ts : x->id < y->id;
}

static void
push(struct gen *g, struct ev e)
{
	size_t i = g->n++;

	if (g->n > g->cap) {
		g->cap = g->cap ? 2 * g->cap : 4096;
		if (!(g->heap = realloc(g->heap, g->cap * sizeof(*g->heap))))
			perror("capgen"), exit(2);
	}
	for (; i && before(&e, &g->heap[(i - 1) / 2]); i = (i - 1) / 2)
		g->heap[i] = g->heap[(i - 1) / 2];
	g->heap[i] = e;
}

static struct ev
pop(struct gen *g)
{
	struct ev top = g->heap[0], x = g->heap[--g->n];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < g->n) {
		if (c + 1 < g->n && before(&g->heap[c + 1], &g->heap[c]))
			c++;
		if (!before(&g->heap[c], &x))
			break;
		g->heap[i] = g->heap[c];
		i = c;
	}
	if (g->n)
		g->heap[i] = x;
	return top;
}

/* Write the packets arrived by upto; count the reordered first copies
 * (below an id of their flow that arrived before them). */
static void
drain(struct gen *g, uint64_t upto)
{
	while (g->n && g->heap[0].ts <= upto) {
		struct ev e = pop(g);

		record(g->post, g->fmt, &e, 0);
		g->last = e;
		if (e.stray || e.copy)
			continue;
		if (g->seen[e.flow] && e.id < g->maxid[e.flow])
			g->reordered++;
		else
			g->maxid[e.flow] = e.id, g->seen[e.flow] = 1;
	}
}

static FILE *
create(const char *path, int fmt)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		perror(path), exit(2);
	if (fmt == 1)
		fwrite(pcaphead, 1, sizeof(pcaphead), f);
	return f;
}

static void
done(FILE *f, const char *path)
{
	if (fclose(f))
		perror(path), exit(2);
}

struct counts {
	uint64_t lost, dups, misrouted, trimmed;
};

/* Packet k: on pre, its truth, and its way to post (or its loss). */
static void
packet(struct gen *g, FILE *pre, FILE *truth, struct ev e, int plant, size_t k,
    uint64_t t0, struct counts *c)
{
	uint64_t lat = latency(fl[e.flow].ttl);
	struct ev p = e;

	record(pre, g->fmt, &e, 0);
	drain(g, e.ts);
	c->trimmed += e.ts < t0 + 1000000000ull;
	if (plant && k % 997 == 500) {
		fprintf(truth, "%s -\n", fl[e.flow].name);
		c->lost++;
		return;
	}
	fprintf(truth, "%s %llu\n", fl[e.flow].name, (unsigned long long)lat);
	p.ts += lat;
	p.ttl = fl[e.flow].ttl;
	if (plant && g->fmt == 1 && k % 2003 == 1000)
		p.ttl--, c->misrouted++;
	push(g, p);
	if (plant && k % 1499 == 700) {
		struct ev d = p;

		d.ts += 1000, d.copy = 1;
		push(g, d);
		c->dups++;
	}
	if (plant && g->fmt == 1 && k < 2) {
		/* a wrong port of flow 0's source, a source of no flow */
		struct ev x = p;

		x.ts += 5, x.stray = 1;
		if (k == 0)
			x.port += 7;
		else
			x.src = 0x0a0b0c0d;
		push(g, x);
	}
}

int
main(int argc, char **argv)
{
	int plant = 0, wrap = 0, i;
	size_t len, n, k;
	uint64_t seed, start, t0 = 1000000000ull;
	double pps = 0, gap;
	struct gen g = { 0 };
	struct counts c = { 0 };
	uint32_t *ord;
	FILE *pre, *truth, *expect;

	if (argc < 10)
		fputs("usage: capgen FLOWS SEED REP pcap|mscap|csv N PRE POST TRUTH EXPECT [-p] [-w] [-sX]\n",
		    stderr), exit(2);
	for (i = 10; i < argc; i++) {
		plant |= !strcmp(argv[i], "-p"), wrap |= !strcmp(argv[i], "-w");
		if (!strncmp(argv[i], "-s", 2))
			scale = atof(argv[i] + 2);
	}
	readflows(argv[1]);
	seed = strtoull(argv[2], NULL, 10);
	rng = seed * 1000 + strtoull(argv[3], NULL, 10);
	g.fmt = !strcmp(argv[4], "pcap") ? 1 : !strcmp(argv[4], "csv") ? 2 : 0;
	n = strtoull(argv[5], NULL, 10);
	ord = order(seed, (unsigned)atoi(argv[3]), &len);
	for (k = 0; k < nfl; k++)
		pps += fl[k].rate / (8.0 * (fl[k].size + 18));
	gap = 1e9 / pps;
	start = wrap ? (1ull << 32) - n / 2 : 0;
	g.maxid = calloc(nfl, sizeof(*g.maxid));
	g.seen = calloc(nfl, 1);
	pre = create(argv[6], g.fmt);
	g.post = create(argv[7], g.fmt);
	truth = fopen(argv[8], "w");
	expect = fopen(argv[9], "w");
	if (!truth || !expect)
		perror("capgen"), exit(2);
	for (k = 0; k < n; k++) {
		uint64_t id = start + k;
		struct ev e = { t0 + (uint64_t)((double)k * gap), id, ord[id % len], 64, 0, 0, 0, 0 };

		e.port = fl[e.flow].port, e.src = fl[e.flow].src;
		packet(&g, pre, truth, e, plant, k, t0, &c);
	}
	drain(&g, UINT64_MAX);
	if (plant && k)
		record(g.post, g.fmt, &g.last, 1);	/* a truncated last record */
	done(pre, argv[6]);
	done(g.post, argv[7]);
	fprintf(expect, "loss %llu\nduplicates %llu\nreordered %llu\nmisrouted %llu\n"
	    "wrong_port %d\nno_flow %d\ntruncated %d\nid_wraps %d\ntrimmed_1s %llu\n",
	    (unsigned long long)c.lost, (unsigned long long)c.dups, (unsigned long long)g.reordered,
	    (unsigned long long)c.misrouted, plant && g.fmt == 1, plant && g.fmt == 1, plant, wrap,
	    (unsigned long long)c.trimmed);
	done(truth, argv[8]);
	done(expect, argv[9]);
	free(g.heap), free(g.maxid), free(g.seen), free(ord);
	return 0;
}
