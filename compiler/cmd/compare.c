/*
 * hvnetc compare A B: Table I of the paper from two results directories
 * of the same topology (HVNet's A, say, and Mininet's B): per hop count,
 * the worst-case delay and jitter of each and B's over A's, the factor by
 * which A improves on B; also the 99.99th percentiles, which one outlier
 * does not decide.  CSV on standard output.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "diag.h"
#include "hvnetc.h"
#include "results.h"

static const struct opt compareopts[] = { { NULL, 0, 0 } };

static const struct cmdargs compareargs = {
	"compare",
	"usage: hvnetc compare DIR DIR\n",
	"Table I's improvement factors of two 'hvnetc results' directories of the same\n"
	"topology (e.g. HVNet's, then Mininet's): per hop count the worst-case and\n"
	"99.99th-percentile delay and jitter of both, and the second over the first.\n",
	compareopts,
};

static int
noset(void *ctx, int key, const char *v)
{
	(void)ctx, (void)key, (void)v;
	return 0;
}

/* The columns compare reads from hops.csv. */
static const char *const cols[] = { "hops", "max", "jitter_max", "p99.99", "jitter_p99.99" };
enum { NCOL = 5, MAXHOPS = 256 };

struct table {
	double v[MAXHOPS][NCOL];
	int have[MAXHOPS];
	char topo[256];
};

static int
slurp(const char *dir, const char *name, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f;

	b->len = 0;
	bufprintf(b, "%s/%s", dir, name);
	if (!(f = fopen(b->s, "r"))) {
		syserr("cannot open '%s': %s (not an 'hvnetc results' directory?)", b->s, strerror(errno));
		return -1;
	}
	b->len = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bufput(b, chunk, n);
	fclose(f);
	if (!b->s)
		bufputs(b, "");
	return 0;
}

/* Which column of the header line is each of cols; -1 when one is missing. */
static int
header(char *line, int idx[NCOL])
{
	char *tok, *save;
	int i, k;

	for (k = 0; k < NCOL; k++)
		idx[k] = -1;
	for (i = 0, tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++)
		for (k = 0; k < NCOL; k++)
			if (!strcmp(tok, cols[k]))
				idx[k] = i;
	for (k = 0; k < NCOL; k++)
		if (idx[k] < 0)
			return -1;
	return 0;
}

static void
row(char *line, const int idx[NCOL], struct table *t)
{
	double v[NCOL] = { 0 };
	char *tok, *save;
	int i, k;

	for (i = 0, tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++)
		for (k = 0; k < NCOL; k++)
			if (idx[k] == i)
				v[k] = strtod(tok, NULL);
	if (v[0] >= 0 && v[0] < MAXHOPS) {
		memcpy(t->v[(int)v[0]], v, sizeof(v));
		t->have[(int)v[0]] = 1;
	}
}

static int
tableread(const char *dir, struct table *t)
{
	struct buf b = { 0 };
	char *line, *save, *p;
	int idx[NCOL], r = -1;

	memset(t, 0, sizeof(*t));
	if (slurp(dir, "summary.csv", &b) == 0 && (p = strstr(b.s, "\ntopology,"))) {
		snprintf(t->topo, sizeof(t->topo), "%.*s", (int)strcspn(p + 10, "\n"), p + 10);
		if (slurp(dir, "hops.csv", &b) == 0) {
			line = strtok_r(b.s, "\n", &save);
			if (line && header(line, idx) == 0) {
				while ((line = strtok_r(NULL, "\n", &save)))
					row(line, idx, t);
				r = 0;
			} else
				syserr("%s/hops.csv: not the table 'hvnetc results' writes", dir);
		}
	} else if (b.s)
		syserr("%s/summary.csv names no topology", dir);
	buffree(&b);
	return r;
}

static double
factor(double a, double b)
{
	return a > 0 ? b / a : 0;
}

int
cmdcompare(int argc, char **argv)
{
	struct table *a, *b;
	struct buf out = { 0 };
	char **ops;
	int h, nops, r = argparse(&compareargs, argc, argv, noset, NULL, &nops, &ops);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (nops != 2)
		return argusage(&compareargs, "expected two results directories");
	a = xmalloc(sizeof(*a));
	b = xmalloc(sizeof(*b));
	if (tableread(ops[0], a) || tableread(ops[1], b))
		r = EXIT_INVALID;
	else if (strcmp(a->topo, b->topo)) {
		syserr("'%s' has results of topology '%s', '%s' of '%s': compare the same topology",
		    ops[0], a->topo, ops[1], b->topo);
		r = EXIT_INVALID;
	}
	if (r == EXIT_OK) {
		bufputs(&out, "hops,delay_max_a,delay_max_b,delay_max_factor,jitter_max_a,jitter_max_b,"
		    "jitter_max_factor,delay_p99.99_a,delay_p99.99_b,delay_p99.99_factor,"
		    "jitter_p99.99_a,jitter_p99.99_b,jitter_p99.99_factor\n");
		for (h = 0; h < MAXHOPS; h++)
			if (a->have[h] && b->have[h]) {
				const double *x = a->v[h], *y = b->v[h];

				bufprintf(&out, "%d,%.3f,%.3f,%.2f,%.3f,%.3f,%.2f,%.3f,%.3f,%.2f,%.3f,%.3f,%.2f\n", h,
				    x[1], y[1], factor(x[1], y[1]), x[2], y[2], factor(x[2], y[2]),
				    x[3], y[3], factor(x[3], y[3]), x[4], y[4], factor(x[4], y[4]));
			}
		r = putout(&out);
	}
	buffree(&out);
	free(a);
	free(b);
	return r;
}
