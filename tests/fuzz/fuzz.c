/*
 * libFuzzer harness: arbitrary bytes through the whole pipeline (load,
 * check, every pass) and every backend into an in-memory output set.
 * Nothing is written to disk.  An input that contains the comment
 * "#!overcommit" is compiled with --allow-overcommit, so the wrapping
 * allocators are fuzzed too.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "hvnetc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static int
hasmarker(const uint8_t *data, size_t len)
{
	static const char m[] = "#!overcommit";

	return len >= sizeof(m) - 1 && memmem(data, len, m, sizeof(m) - 1) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct options o = { .overcommit = hasmarker(data, len) };
	struct topo t = { 0 };
	struct outset set = { 0 };

	if (!diagout)
		diagout = fopen("/dev/null", "w");
	if (compilemem(&t, "fuzz.yaml", (const char *)data, len, &o) == EXIT_OK)
		emit(&t, &set, NULL);
	outfree(&set);
	topofree(&t);
	return 0;
}
