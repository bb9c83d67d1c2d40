/* hvnetc results' pieces: histogram quantiles against an exact sort, the
 * HdrHistogram ladder, flow look-up and the order table of each repetition. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results.h"
#include "unit.h"

static int
u64cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* percentile_disc of sorted v: the value at rank ⌈p · n⌉, at least 1. */
static uint64_t
exact(const uint64_t *v, size_t n, double p)
{
	double r = ceil(p * (double)n);
	size_t k = r < 1 ? 1 : (size_t)r;

	return v[(k > n ? n : k) - 1];
}

Test(results, quantiles_within_1_in_2048)
{
	static const double p[] = { 0, .001, .25, .5, .75, .95, .99, .999, .9999, .99999, 1 };
	enum { N = 200000 };
	uint64_t *v = malloc(N * sizeof(*v)), s = 7, got[LEN(p)];
	struct hist h = { 0 };
	size_t i;

	for (i = 0; i < N; i++) {
		/* 1 ns to about 10 s, heavy-tailed: 10^(uniform · 10) */
		double u = (double)(splitmix64(&s) >> 11) / 9007199254740992.0;

		v[i] = (uint64_t)pow(10, u * 10);
		histadd(&h, v[i]);
	}
	qsort(v, N, sizeof(*v), u64cmp);
	histquant(&h, p, LEN(p), got);
	for (i = 0; i < LEN(p); i++) {
		double want = (double)exact(v, N, p[i]);

		cr_expect(fabs((double)got[i] - want) <= want / 2048.0,
		    "p%g: %llu, exact %.0f", p[i] * 100, (unsigned long long)got[i], want);
	}
	cr_expect_eq(got[0], v[0]);
	cr_expect_eq(got[LEN(p) - 1], v[N - 1]);
	cr_expect_eq(h.n, N);
	histfree(&h);
	free(v);
}

Test(results, merge_is_the_sum)
{
	struct hist a = { 0 }, b = { 0 }, c = { 0 };
	double p = .5;
	uint64_t x, y, i;

	for (i = 1; i <= 1000; i++) {
		histadd(i % 2 ? &a : &b, i * 1000);
		histadd(&c, i * 1000);
	}
	histmerge(&a, &b);
	histquant(&a, &p, 1, &x);
	histquant(&c, &p, 1, &y);
	cr_expect_eq(x, y);
	cr_expect_eq(a.n, 1000);
	cr_expect_eq(a.min, 1000);
	cr_expect_eq(a.max, 1000000);
	histfree(&a);
	histfree(&b);
	histfree(&c);
}

Test(results, hdrhistogram_ladder)
{
	static const double head[] = { 0, .1, .2, .3, .4, .5, .55, .6, .65, .7, .75, .775 };
	double *lv;
	size_t n = histladder(1000000, &lv), i;

	for (i = 0; i < LEN(head); i++)
		cr_expect(fabs(lv[i] - head[i]) < 1e-12, "level %zu: %g, want %g", i, lv[i], head[i]);
	cr_expect_eq(lv[n - 1], 1.0);
	cr_expect(1 / (1 - lv[n - 2]) <= 1000000.0 && 1 / (1 - lv[n - 2]) > 500000.0);
	for (i = 1; i < n; i++)
		cr_expect(lv[i] > lv[i - 1]);
	free(lv);
}

Test(results, hgrm_format)
{
	struct hist h = { 0 };
	struct buf b = { 0 };
	uint64_t i;

	for (i = 1; i <= 100; i++)
		histadd(&h, i * 1000);
	histhgrm(&h, &b);
	const char *head = "       Value     Percentile TotalCount 1/(1-Percentile)\n\n";

	cr_expect(!strncmp(b.s, head, strlen(head)));
	/* 50,000 ns: the middle of its bucket [49,984, 50,016) */
	cr_expect(strstr(b.s, "      49.999 0.500000000000         50           2.00\n"), "%s", b.s);
	cr_expect(strstr(b.s, "     100.000 1.000000000000        100\n"), "%s", b.s);
	cr_expect(strstr(b.s, "#[Max     =      100.000, Total count    =          100]\n"));
	buffree(&b);
	histfree(&h);
}

Test(results, flow_by_source_and_port)
{
	struct rflow f[3] = {
		{ .name = "a", .port = 1001, .src = 0x0afe0001 },
		{ .name = "b", .port = 1002, .src = 0x0afe0005 },
		{ .name = "c", .port = 1004, .src = 0x0afe0005 },
	};
	struct rplan p = { .flows = f, .nflows = 3 };
	size_t i;

	p.keys = xcalloc(4, sizeof(*p.keys));
	p.srcs = xcalloc(4, sizeof(*p.srcs));
	for (i = 0; i < 3; i++) {
		p.keys[i] = (uint64_t)f[i].src << 32 | (uint64_t)f[i].port << 16 | i;
		p.srcs[i] = f[i].src;
	}
	cr_expect_eq(planflow(&p, 0x0afe0005, 1004), 2);
	cr_expect_eq(planflow(&p, 0x0afe0001, 1001), 0);
	cr_expect_eq(planflow(&p, 0x0afe0005, 1001), FLOW_WRONGPORT);
	cr_expect_eq(planflow(&p, 0x0a000001, 1001), FLOW_NONE);
	free(p.keys);
	free(p.srcs);
}

static void
put(const char *dir, const struct outfile *f)
{
	char path[256];
	FILE *out;

	cr_assert(f);
	snprintf(path, sizeof(path), "%s/%s", dir, f->path);
	cr_assert((out = fopen(path, "w")));
	cr_assert_eq(fwrite(f->data.s, 1, f->data.len, out), f->data.len);
	cr_assert_eq(fclose(out), 0);
}

/* Repetition 1's table from plan.yaml's counts is the compiler's; r > 1 reshuffles. */
Test(results, order_table_of_each_repetition)
{
	struct topo t = { 0 };
	struct options o = { 0 };
	struct outset set = { 0 };
	struct rplan p;
	uint32_t *ref, *r1, *r2;
	char dir[] = "/tmp/hvnetc-unit.XXXXXX";
	char cmd[256];

	cr_assert_eq(compile(&t, "samples/fig1.yaml", &o), EXIT_OK);
	ref = orderexpand(&t);
	cr_assert(mkdtemp(dir));
	cr_assert_eq(emit(&t, &set, "plan,moongen"), 0);
	snprintf(cmd, sizeof(cmd), "%s/loadgen", dir);
	cr_assert_eq(mkdir(cmd, 0755), 0);
	put(dir, outfind(&set, "plan.yaml"));
	put(dir, outfind(&set, "loadgen/flows.lua"));
	cr_assert_eq(planread(&p, dir), EXIT_OK);
	cr_assert_eq(p.norder, t.norder);
	r1 = planorder(&p, 1);
	r2 = planorder(&p, 2);
	cr_expect(!memcmp(r1, ref, t.norder * sizeof(*ref)));
	cr_expect(memcmp(r2, ref, t.norder * sizeof(*ref)));
	free(ref);
	free(r1);
	free(r2);
	planfree(&p);
	outfree(&set);
	topofree(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}
