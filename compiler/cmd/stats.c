/*
 * Latency histograms.  Values (ns) below 1024 have a bucket each; above,
 * each octave [1024 · 2^(k-1), 1024 · 2^k) has 1024 buckets of 2^(k-1),
 * so a bucket's middle is within 1/2048 (relative) of every value in it:
 * quantiles within 0.05% of the exact ones, in memory that grows with
 * the octaves in use (8 KiB each), not with the packets.  Quantiles are
 * percentile_disc's: the smallest value with at least ⌈p · n⌉ values at
 * or below it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

static unsigned
octave(uint64_t v)
{
	return v < SUB ? 0 : (unsigned)(63 - __builtin_clzll(v)) - SUBBITS + 1;
}

void
histadd(struct hist *h, uint64_t v)
{
	unsigned k = octave(v);
	uint64_t sub = k ? (v >> (k - 1)) - SUB : v;

	if (!h->oct[k])
		h->oct[k] = xcalloc(SUB, sizeof(uint64_t));
	h->oct[k][sub]++;
	if (!h->n || v < h->min)
		h->min = v;
	if (!h->n || v > h->max)
		h->max = v;
	h->n++;
	h->sum += (long double)v;
	h->sumsq += (long double)v * (long double)v;
}

void
histmerge(struct hist *into, const struct hist *h)
{
	unsigned k, i;

	if (!h->n)
		return;
	for (k = 0; k < OCTAVES; k++) {
		if (!h->oct[k])
			continue;
		if (!into->oct[k])
			into->oct[k] = xcalloc(SUB, sizeof(uint64_t));
		for (i = 0; i < SUB; i++)
			into->oct[k][i] += h->oct[k][i];
	}
	if (!into->n || h->min < into->min)
		into->min = h->min;
	if (!into->n || h->max > into->max)
		into->max = h->max;
	into->n += h->n;
	into->sum += h->sum;
	into->sumsq += h->sumsq;
}

void
histfree(struct hist *h)
{
	unsigned k;

	for (k = 0; k < OCTAVES; k++)
		free(h->oct[k]);
	memset(h, 0, sizeof(*h));
}

/* The middle of bucket (k, sub), within [min, max]. */
static uint64_t
middle(const struct hist *h, unsigned k, uint64_t sub)
{
	uint64_t lo = k ? (SUB + sub) << (k - 1) : sub;
	uint64_t w = k ? 1ull << (k - 1) : 1, v = lo + (w - 1) / 2;

	return v < h->min ? h->min : v > h->max ? h->max : v;
}

/* Ranks ⌈p · n⌉ (at least 1) of the sorted levels p. */
static uint64_t
rank(const struct hist *h, double p)
{
	double r = ceil(p * (double)h->n);

	return r < 1 ? 1 : r > (double)h->n ? h->n : (uint64_t)r;
}

/* histquant(), and the count at or below each value when cum != NULL. */
static void
sweep(const struct hist *h, const double *p, size_t np, uint64_t *out, uint64_t *cum)
{
	uint64_t seen = 0, sub;
	size_t j = 0;
	unsigned k;

	for (k = 0; k < OCTAVES && j < np; k++)
		for (sub = 0; h->oct[k] && sub < SUB && j < np; sub++) {
			seen += h->oct[k][sub];
			while (j < np && h->oct[k][sub] && seen >= rank(h, p[j])) {
				/* the ends are known exactly */
				out[j] = p[j] <= 0 ? h->min : p[j] >= 1 ? h->max : middle(h, k, sub);
				if (cum)
					cum[j] = seen;
				j++;
			}
		}
	for (; j < np; j++) {
		out[j] = h->max;
		if (cum)
			cum[j] = h->n;
	}
}

void
histquant(const struct hist *h, const double *p, size_t np, uint64_t *out)
{
	sweep(h, p, np, out, NULL);
}

double
histmean(const struct hist *h)
{
	return h->n ? (double)(h->sum / (long double)h->n) : 0;
}

static double
histstd(const struct hist *h)
{
	long double m, v;

	if (!h->n)
		return 0;
	m = h->sum / (long double)h->n;
	v = h->sumsq / (long double)h->n - m * m;
	return v > 0 ? sqrt((double)v) : 0;
}

/*
 * HdrHistogram's percentile iterator: from 0 in steps of 100 / ticks
 * percent, ticks = 5 · 2^(⌊log2(100 / (100 - level))⌋ + 1), that is 10%
 * steps up to 50%, 5% up to 75%, and so on, while 1 / (1 - level) is within
 * the sample count; then 100%.
 */
size_t
histladder(uint64_t n, double **levels)
{
	size_t cap = 64, len = 0;
	double level = 0, *v = xmalloc(cap * sizeof(*v));

	for (;;) {
		double half = pow(2, floor(log2(100.0 / (100.0 - level))) + 1);

		v = xgrow(v, &cap, len + 2, sizeof(*v));
		v[len++] = level / 100.0;
		level += 100.0 / (5.0 * half);
		if (level >= 100.0 || 1.0 / (1.0 - level / 100.0) > (double)(n ? n : 1))
			break;
	}
	v[len++] = 1.0;
	*levels = v;
	return len;
}

void
histhgrm(const struct hist *h, struct buf *b)
{
	double *lv;
	size_t n = histladder(h->n, &lv), i;
	uint64_t *val = xmalloc(n * sizeof(*val)), *cum = xmalloc(n * sizeof(*cum));

	bufprintf(b, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
	sweep(h, lv, n, val, cum);
	for (i = 0; h->n && i < n; i++) {
		if (lv[i] < 1.0)
			bufprintf(b, "%12.3f %2.12f %10llu %14.2f\n", (double)val[i] / 1e3, lv[i],
			    (unsigned long long)cum[i], 1.0 / (1.0 - lv[i]));
		else
			bufprintf(b, "%12.3f %2.12f %10llu\n", (double)val[i] / 1e3, lv[i],
			    (unsigned long long)cum[i]);
	}
	bufprintf(b, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", histmean(h) / 1e3,
	    histstd(h) / 1e3);
	bufprintf(b, "#[Max     = %12.3f, Total count    = %12llu]\n", (double)h->max / 1e3,
	    (unsigned long long)h->n);
	bufprintf(b, "#[Buckets = %12d, SubBuckets     = %12d]\n", OCTAVES, SUB);
	free(lv);
	free(val);
	free(cum);
}
