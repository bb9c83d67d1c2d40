/*
 * Every input the fuzzer ever broke hvnetc with (tests/fuzz/regress/) goes
 * through the whole pipeline and every backend again, quickly; under
 * 'make test' this runs with ASan and UBSan too.  An input whose name ends
 * in ".ok" must compile; any other must be refused with status 1.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"

#define REGRESS "tests/fuzz/regress"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;

	cr_assert(f, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bufput(&b, chunk, n);
	fclose(f);
	bufputs(&b, "");
	*len = b.len;
	return b.s;
}

static void
replay(const char *name)
{
	char path[512], *data, *msgs;
	struct options o = { 0 };
	struct topo t = { 0 };
	struct outset set = { 0 };
	size_t len, n;
	clock_t c0 = clock();
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/%s", REGRESS, name);
	data = slurp(path, &len);
	o.overcommit = memmem(data, len, "#!overcommit", 12) != NULL;
	f = open_memstream(&msgs, &n);
	diagout = f;
	r = compilemem(&t, name, data, len, &o);
	if (r == EXIT_OK)
		r = emit(&t, &set, NULL);
	diagout = NULL;
	fclose(f);
	outfree(&set);
	topofree(&t);
	if (strstr(name, ".ok"))
		cr_expect_eq(r, EXIT_OK, "%s: status %d\n%.2000s", name, r, msgs);
	else
		cr_expect_eq(r, EXIT_INVALID, "%s: status %d\n%.2000s", name, r, msgs);
	cr_expect((double)(clock() - c0) / CLOCKS_PER_SEC < 5, "%s: too slow", name);
	free(msgs);
	free(data);
}

Test(regress, fuzz_inputs, .timeout = 120)
{
	DIR *d = opendir(REGRESS);
	struct dirent *e;
	size_t n = 0;

	cr_assert(d, "no %s (run from the top of the tree)", REGRESS);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "README")) {
			replay(e->d_name);
			n++;
		}
	closedir(d);
	cr_log_info("%zu regression inputs", n);
}
