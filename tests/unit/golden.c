/*
 * Golden-file tests: every backend's output for every sample equals the
 * reviewed tree under tests/golden/<sample>/ (rewrite with `make golden`),
 * and compiling twice gives the same bytes.
 */
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

static int
readfile(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bufput(b, chunk, n);
	fclose(f);
	if (!b->s)
		bufputs(b, "");
	return 0;
}

static int
buildset(const char *file, struct outset *set)
{
	struct topo t = { 0 };
	struct options o = { 0 };
	int r = compile(&t, file, &o);

	if (r == EXIT_OK)
		r = emit(&t, set, NULL);
	topofree(&t);
	return r;
}

/* Count files under dir that the set lacks. */
static size_t
extra(const char *root, const char *rel, const struct outset *set)
{
	char path[8192];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (!(d = opendir(path)))
		return 0;
	while ((e = readdir(d))) {
		char sub[2048];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			n += extra(root, sub, set);
		else if (!outfind(set, sub)) {
			cr_log_error("%s: in the golden tree, not in the output", path);
			n++;
		}
	}
	closedir(d);
	return n;
}

Test(golden, samples)
{
	glob_t g;
	size_t i, j, bad = 0;

	cr_assert(glob("samples/*.yaml", 0, NULL, &g) == 0, "no samples found");
	for (i = 0; i < g.gl_pathc; i++) {
		char root[1024], path[2048];
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		struct outset set = { 0 };

		snprintf(root, sizeof(root), "tests/golden/%.*s", (int)(strlen(base) - 5), base);
		cr_assert(buildset(g.gl_pathv[i], &set) == EXIT_OK, "%s does not compile",
		    g.gl_pathv[i]);
		for (j = 0; j < set.n; j++) {
			struct buf want = { 0 };

			snprintf(path, sizeof(path), "%s/%s", root, set.v[j].path);
			if (readfile(path, &want) < 0) {
				cr_log_error("%s: missing golden file (run make golden)", path);
				bad++;
			} else if (want.len != set.v[j].data.len ||
			    memcmp(want.s, set.v[j].data.s, want.len)) {
				cr_log_error("%s: output differs from the golden file", path);
				bad++;
			}
			buffree(&want);
		}
		bad += extra(root, "", &set);
		outfree(&set);
	}
	globfree(&g);
	cr_assert(bad == 0, "%zu golden mismatches", bad);
}

Test(golden, deterministic)
{
	struct outset a = { 0 }, b = { 0 };
	size_t j;

	cr_assert(buildset("samples/nw.yaml", &a) == EXIT_OK);
	cr_assert(buildset("samples/nw.yaml", &b) == EXIT_OK);
	cr_assert_eq(a.n, b.n);
	for (j = 0; j < a.n; j++) {
		cr_assert_str_eq(a.v[j].path, b.v[j].path);
		cr_assert(a.v[j].data.len == b.v[j].data.len &&
		    !memcmp(a.v[j].data.s, b.v[j].data.s, a.v[j].data.len),
		    "%s differs between two compiles", a.v[j].path);
	}
	outfree(&a);
	outfree(&b);
}

/*
 * The table of `hvnetc plan --allow-overcommit` for every sample and every
 * tests/plan/ input equals tests/golden/<name>.plan.txt.
 */
Test(golden, plan_tables)
{
	glob_t g;
	size_t i, bad = 0;
	struct options o = { 0 };

	o.overcommit = 1;
	cr_assert(glob("samples/*.yaml", 0, NULL, &g) == 0, "no samples found");
	cr_assert(glob("tests/plan/*.yaml", GLOB_APPEND, NULL, &g) == 0, "no tests/plan/*.yaml");
	for (i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		char path[1024];
		struct topo t = { 0 };
		struct buf got = { 0 }, want = { 0 };
		FILE *quiet = fopen("/dev/null", "w");

		snprintf(path, sizeof(path), "tests/golden/%.*s.plan.txt", (int)(strlen(base) - 5),
		    base);
		diagout = quiet;	/* tests/plan/over.yaml warns */
		cr_assert(compile(&t, g.gl_pathv[i], &o) == EXIT_OK, "%s does not compile",
		    g.gl_pathv[i]);
		diagout = NULL;
		fclose(quiet);
		plantable(&t, &got);
		if (readfile(path, &want) < 0) {
			cr_log_error("%s: missing golden file (run make golden)", path);
			bad++;
		} else if (want.len != got.len || memcmp(want.s, got.s, want.len)) {
			cr_log_error("%s: the plan table differs:\n%s", path, got.s);
			bad++;
		}
		buffree(&got);
		buffree(&want);
		topofree(&t);
	}
	globfree(&g);
	cr_assert(bad == 0, "%zu plan tables differ", bad);
}
