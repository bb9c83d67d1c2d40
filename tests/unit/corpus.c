/*
 * The bad-input corpus: every tests/bad/NAME.yaml must fail with exactly
 * the diagnostics of NAME.err and the status of NAME.status (1 if absent).
 * UPDATE=1 rewrites the .err and .status files for review (never in CI).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* The whole of file, or NULL. */
static char *
readall(const char *file)
{
	FILE *f = fopen(file, "rb");
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bufput(&b, chunk, n);
	fclose(f);
	if (!b.s)
		bufputs(&b, "");
	return b.s;
}

static void
writetext(const char *file, const char *s)
{
	FILE *f = fopen(file, "wb");

	cr_assert(f, "cannot write %s", file);
	fputs(s, f);
	fclose(f);
}

/* Compile yaml with diagnostics into a buffer; the exit status. */
static int
run(const char *yaml, char **out)
{
	struct topo t;
	size_t len;
	FILE *mem = open_memstream(out, &len);
	int status;

	memset(&t, 0, sizeof(t));
	diagout = mem;
	status = compile(&t, yaml, NULL);
	diagout = NULL;
	fclose(mem);
	topofree(&t);
	return status;
}

/* 1 if every line of an exit-1 report names file:line:col (the cap excepted). */
static int
located(const char *yaml, const char *got)
{
	size_t n = strlen(yaml);
	const char *p, *q;

	for (p = got; *p; p = q + 1) {
		unsigned line, col;

		if (!(q = strchr(p, '\n')))
			break;
		if (strncmp(p, "hvnetc: error: too many errors, stopping\n", (size_t)(q - p + 1)) == 0)
			continue;
		if (strncmp(p, yaml, n) != 0 || sscanf(p + n, ":%u:%u: ", &line, &col) != 2 ||
		    !line || !col) {
			cr_log_error("%s: not located: %.*s", yaml, (int)(q - p), p);
			return 0;
		}
	}
	return 1;
}

/* One case; 1 if it matches (or was rewritten). */
static int
corpuscase(const char *yaml, int update)
{
	char base[4096], errfile[4200], statfile[4200], *got, *want, *ws, sbuf[16];
	int status, wantstatus = EXIT_INVALID, ok;

	snprintf(base, sizeof(base), "%.*s", (int)(strlen(yaml) - 5), yaml);
	snprintf(errfile, sizeof(errfile), "%s.err", base);
	snprintf(statfile, sizeof(statfile), "%s.status", base);
	status = run(yaml, &got);
	if ((ws = readall(statfile)))
		wantstatus = atoi(ws);
	free(ws);
	if (update) {
		writetext(errfile, got);
		snprintf(sbuf, sizeof(sbuf), "%d\n", status);
		if (status != EXIT_INVALID)
			writetext(statfile, sbuf);
		else
			remove(statfile);
		free(got);
		return 1;
	}
	want = readall(errfile);
	ok = want && strcmp(got, want) == 0 && status == wantstatus &&
	    (status != EXIT_INVALID || located(yaml, got));
	if (!ok)
		cr_log_error("%s: status %d (want %d)\n--- got:\n%s--- want:\n%s", yaml, status,
		    wantstatus, got, want ? want : "(no .err file)\n");
	free(want);
	free(got);
	return ok;
}

Test(corpus, bad_inputs, .timeout = 120)
{
	const char *update = getenv("UPDATE");
	glob_t g;
	size_t i, failed = 0;

	cr_assert_eq(glob("tests/bad/*.yaml", 0, NULL, &g), 0, "no tests/bad/*.yaml");
	for (i = 0; i < g.gl_pathc; i++)
		failed += !corpuscase(g.gl_pathv[i], update && strcmp(update, "1") == 0);
	cr_expect(g.gl_pathc >= 45, "only %zu bad inputs", g.gl_pathc);
	cr_expect_eq(failed, 0, "%zu of %zu bad inputs differ from their .err", failed, g.gl_pathc);
	globfree(&g);
}
