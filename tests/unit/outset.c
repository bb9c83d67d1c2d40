/* The staged output set: files go to disk as they are made, in parts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "unit.h"

static char tmp[64];

static void
mktmp(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/hvnetc-outset.XXXXXX");
	cr_assert(mkdtemp(tmp));
}

static void
rmtmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	cr_assert_eq(system(cmd), 0);
}

/* The bytes of tmp/rel, or NULL. */
static char *
slurp(const char *rel, size_t *n)
{
	char path[256];
	FILE *f;
	char *s;
	long len;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	if (!(f = fopen(path, "rb")))
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	s = malloc((size_t)len + 1);
	cr_assert_eq(fread(s, 1, (size_t)len, f), (size_t)len);
	s[len] = 0;
	fclose(f);
	*n = (size_t)len;
	return s;
}

static void
hex(const char *p, size_t n, char out[65])
{
	struct sha256_ctx c;
	uint8_t d[32];
	int i;

	sha256_init(&c);
	sha256_update(&c, n, (const uint8_t *)p);
	sha256_digest(&c, 32, d);
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

Test(outset, spills_large_files_and_hashes_what_it_wrote)
{
	struct outset set = { 0 };
	char line[1024], want[200], h[65];
	struct buf *b;
	size_t i, n, peak = 0;
	char *big, *man;

	mktmp();
	snprintf(line, sizeof(line), "%s/out", tmp);
	cr_assert_eq(outbegin(&set, line, NULL, 0), EXIT_OK);
	set.backend = "plan";
	b = outnew(&set, 0, "big.txt");
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (i = 0; i < 4096; i++) {	/* 4 MiB */
		bufput(b, line, sizeof(line));
		bufdrain(b);
		peak = b->len > peak ? b->len : peak;
	}
	cr_assert_lt(peak, (size_t)BUFDRAIN + sizeof(line), "the buffer held %zu bytes", peak);
	bufputs(outnew(&set, 1, "sub/small.sh"), "#!/bin/sh\n");
	cr_assert_eq(outend(&set, EXIT_OK), EXIT_OK);

	big = slurp("out/big.txt", &n);
	cr_assert(big);
	cr_assert_eq(n, (size_t)4096 * sizeof(line));
	for (i = 0; i < n; i++)
		if (big[i] != (i % sizeof(line) == sizeof(line) - 1 ? '\n' : 'x'))
			cr_assert_fail("byte %zu of big.txt is wrong", i);
	hex(big, n, h);
	snprintf(want, sizeof(want), "%s  big.txt\n", h);
	hex("#!/bin/sh\n", 10, h);
	snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s  sub/small.sh\n", h);
	man = slurp("out/MANIFEST", &n);
	cr_assert(man);
	cr_assert_str_eq(man, want);
	free(big);
	free(man);
	outfree(&set);
	rmtmp();
}

Test(outset, a_failed_build_leaves_nothing)
{
	struct outset set = { 0 };
	char dir[128];
	struct stat st;
	size_t n;
	char *s;

	mktmp();
	snprintf(dir, sizeof(dir), "%s/out", tmp);
	cr_assert_eq(outbegin(&set, dir, NULL, 0), EXIT_OK);
	set.backend = "plan";
	bufputs(outnew(&set, 0, "plan.yaml"), "first\n");
	cr_assert_eq(outend(&set, EXIT_OK), EXIT_OK);

	/* A second build that a backend abandons: DIR keeps the first. */
	cr_assert_eq(outbegin(&set, dir, NULL, 0), EXIT_OK);
	set.backend = "plan";
	bufputs(outnew(&set, 0, "plan.yaml"), "second\n");
	outclose(&set);
	cr_assert_eq(outend(&set, EXIT_INVALID), EXIT_INVALID);
	s = slurp("out/plan.yaml", &n);
	cr_assert_str_eq(s, "first\n");
	free(s);
	snprintf(dir, sizeof(dir), "%s/.out.hvnetc-%ld", tmp, (long)getpid());
	cr_assert_neq(stat(dir, &st), 0, "the staging directory was left behind");
	outfree(&set);
	rmtmp();
}
