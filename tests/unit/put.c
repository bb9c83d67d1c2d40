/* backends/put.c: every formatter writes printf's (or util.c's) bytes. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "put.h"
#include "unit.h"

/* SplitMix64: many values, the same ones every run. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A value of every magnitude: shift the random word right by 0..63. */
static uint64_t
anysize(uint64_t *s)
{
	uint64_t v = next(s);

	return v >> (next(s) % 64);
}

/* b holds want exactly (and nothing more); b is emptied. */
static void
same(struct buf *b, const char *want)
{
	cr_assert_eq(b->len, strlen(want), "'%.*s' written, '%s' wanted", (int)b->len, b->s, want);
	cr_assert(!memcmp(b->s, want, b->len), "'%.*s' written, '%s' wanted", (int)b->len, b->s, want);
	b->len = 0;
}

Test(put, numbers_as_printf)
{
	static const long long edge[] = { 0, 1, -1, 9, 10, -10, 99, 100, LLONG_MAX, LLONG_MIN };
	struct buf b = { 0 };
	char want[64];
	uint64_t s = 1;
	size_t i;

	for (i = 0; i < LEN(edge); i++) {
		putint(&b, edge[i]);
		snprintf(want, sizeof(want), "%lld", edge[i]);
		same(&b, want);
	}
	putnum(&b, ULLONG_MAX);
	snprintf(want, sizeof(want), "%llu", ULLONG_MAX);
	same(&b, want);
	for (i = 0; i < 10000; i++) {
		uint64_t v = anysize(&s);

		putnum(&b, v);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
		same(&b, want);
		putint(&b, (long long)v);
		snprintf(want, sizeof(want), "%lld", (long long)v);
		same(&b, want);
	}
	buffree(&b);
}

Test(put, addresses_as_util)
{
	struct buf b = { 0 };
	char want[32];
	uint64_t s = 2;
	size_t i;

	for (i = 0; i < 10000; i++) {
		uint64_t v = next(&s), w = next(&s);
		uint8_t mac[6];
		struct net4 n = { (uint32_t)v, (int)(w % 33) };
		struct pciaddr a = { (unsigned)(w >> 8), (unsigned)(w >> 24), (unsigned)(w >> 40),
		    (unsigned)(w >> 56) };

		memcpy(mac, &w, sizeof(mac));
		putmac(&b, mac);
		same(&b, fmtmac(want, mac));
		putip(&b, (uint32_t)v);
		same(&b, fmtip(want, (uint32_t)v));
		putnet(&b, n);
		same(&b, fmtnet(want, n));
		putpci(&b, a);
		same(&b, fmtpci(want, a));
	}
	buffree(&b);
}

/* The kernel's cpulist syntax, written with printf. */
static void
cpulistprintf(struct buf *b, const struct cpulist *c)
{
	size_t i = 0, j;

	while (i < c->n) {
		for (j = i; j + 1 < c->n && c->v[j + 1] == c->v[j] + 1; j++)
			;
		bufprintf(b, "%s%d", i ? "," : "", c->v[i]);
		if (j > i)
			bufprintf(b, "-%d", c->v[j]);
		i = j + 1;
	}
}

Test(put, fmtcpus_as_printf)
{
	struct buf b = { 0 }, want = { 0 };
	int v[64];
	struct cpulist c = { v, 0 };
	uint64_t s = 3;
	size_t i, k;

	for (i = 0; i < 2000; i++) {
		c.n = next(&s) % LEN(v);
		for (k = 0; k < c.n; k++)
			v[k] = (k ? v[k - 1] : -2) + 1 + (int)(next(&s) % 3);
		fmtcpus(&b, &c);
		want.len = 0;
		bufputs(&want, "");
		cpulistprintf(&want, &c);
		same(&b, want.s);
	}
	buffree(&b);
	buffree(&want);
}
