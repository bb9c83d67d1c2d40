/*
 * The packet-order table (hvnetc(1), FILES).  Flow i's packet rate is
 * p_i = rate / (8 · (size + 18)); the table has
 * L = max(order_table, ⌈100 · Σp / min p⌉) entries, capped at
 * order_table_max, so the smallest flow gets at least 100 entries and every
 * largest-remainder share is within 1% of exact.  Laid out flow by flow,
 * then shuffled by Fisher–Yates from the last index down with SplitMix64
 * seeded by `seed` + r - 1 for repetition r, as the userscript does, so
 * every machine builds the same table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass.h"

uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void
ordershuffle(uint32_t *v, size_t n, uint64_t seed)
{
	uint64_t s = seed;
	size_t i;

	for (i = n; i-- > 1;) {
		size_t j = (size_t)(splitmix64(&s) % (i + 1));
		uint32_t x = v[i];

		v[i] = v[j];
		v[j] = x;
	}
}

/* Order of remainders: largest first, then the lower index. */
struct rem {
	double frac;
	size_t i;
};

static int
remcmp(const void *a, const void *b)
{
	const struct rem *x = a, *y = b;

	if (x->frac != y->frac)
		return x->frac < y->frac ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Largest-remainder shares of L, at least 1 each; returns Σ shares. */
static size_t
apportion(const double *p, double sum, size_t n, size_t len, size_t *count)
{
	struct rem *r = xmalloc(n * sizeof(*r));
	size_t i, total = 0;

	for (i = 0; i < n; i++) {
		double exact = (double)len * p[i] / sum;

		count[i] = (size_t)floor(exact);
		r[i].frac = exact - floor(exact);
		r[i].i = i;
		if (!count[i]) {
			count[i] = 1;
			r[i].frac = -1;	/* already raised */
		}
		total += count[i];
	}
	qsort(r, n, sizeof(*r), remcmp);
	for (i = 0; total < len && i < n; i++, total++)
		count[r[i].i]++;
	free(r);
	return total;
}

/* Name the flows off their share by more than 1% (relative). */
static void
offshare(struct topo *t, const double *p, double sum, const size_t *count,
    size_t len)
{
	struct buf names = { 0 };
	size_t i, off = 0;

	for (i = 0; i < t->nflows; i++) {
		double exact = p[i] / sum, got = (double)count[i] / (double)len;

		if (fabs(got - exact) <= 0.01 * exact)
			continue;
		namesadd(&names, ++off, t->flows[i].name);
	}
	namesend(&names, off);
	if (off)
		diag(W_ORDERCAP, &t->flowsloc, t->meas.ordertablemax, names.s);
	buffree(&names);
}

void
orderalloc(struct topo *t)
{
	size_t n = t->nflows, i, len, *count;
	double *p, sum = 0, min = 0, want;

	if (!n)
		return;
	p = xmalloc(n * sizeof(*p));
	count = xmalloc(n * sizeof(*count));
	for (i = 0; i < n; i++) {
		p[i] = (double)t->flows[i].rate / (8.0 * (double)(t->flows[i].size + 18));
		sum += p[i];
		if (!i || p[i] < min)
			min = p[i];
	}
	want = min > 0 ? ceil(100.0 * sum / min) : (double)t->meas.ordertablemax;
	if (want < (double)t->meas.ordertable)
		want = (double)t->meas.ordertable;
	if (want > (double)t->meas.ordertablemax)
		want = (double)t->meas.ordertablemax;
	len = (size_t)want;
	if (sum > 0) {
		t->norder = apportion(p, sum, n, len, count);
		t->ordercount = amalloc(n * sizeof(*t->ordercount));
		memcpy(t->ordercount, count, n * sizeof(*count));
		offshare(t, p, sum, count, t->norder);
	}
	free(p);
	free(count);
}

uint32_t *
orderexpand(const struct topo *t)
{
	uint32_t *v;
	size_t i, k, len = 0;

	if (!t->norder || !t->ordercount)
		return NULL;
	v = xmalloc(t->norder * sizeof(*v));
	for (i = 0; i < t->nflows; i++)
		for (k = 0; k < t->ordercount[i] && len < t->norder; k++)
			v[len++] = (uint32_t)i;
	ordershuffle(v, len, t->meas.seed);
	return v;
}
