/* Backend 'moongen' on a hand-resolved Figure 1: flows.lua and the scripts. */
#include <string.h>

#include "backends.h"
#include "fixture.h"
#include "unit.h"

static struct topo t;
static struct outset set;

static void
setup(void)
{
	static size_t count[] = { 1, 4, 1, 1 };

	fixfig1(&t);
	cr_assert_eq(t.nflows, LEN(count));
	t.norder = 7;
	t.ordercount = count;
	cr_assert(moongenemit(&t, &set) == EXIT_OK);
	outsort(&set);
}

static void
teardown(void)
{
	outfree(&set);
	fixfree(&t);
}

static const struct outfile *
file(const char *path)
{
	const struct outfile *f = outfind(&set, path);

	cr_assert(f, "no %s", path);
	return f;
}

TestSuite(moongen, .init = setup, .fini = teardown);

Test(moongen, four_files)
{
	cr_assert_eq(set.n, 4);
	cr_assert(!file("loadgen/flows.lua")->exec);
	cr_assert(!file("loadgen/hvnet-load.lua")->exec);
	cr_assert(file("loadgen/run.sh")->exec);
	cr_assert(file("loadgen/timestamper.sh")->exec);
}

Test(moongen, flows_as_spec)
{
	const char *s = file("loadgen/flows.lua")->data.s;

	cr_assert(strstr(s, "\nreturn {\n  name = \"fig1\",\n"));
	cr_assert(strstr(s, "  duration = 180, repetitions = 3, seed = 1,\n"));
	cr_assert(strstr(s, "  src_mac = \"02:4c:47:00:00:01\",\n"));
	cr_assert(strstr(s, "{ name = \"f1\", port = 1002, size = 363, rate = 94000000, count = 4,\n"
		"      dst_mac = \"02:48:56:02:00:01\", src_address = \"10.254.0.5\", "
		"dst_address = \"10.255.0.9\" },\n"));
	/* The table itself is the userscript's to lay out: only its length. */
	cr_assert(strstr(s, "  },\n  order_length = 7,\n}\n"), "%s", s);
	cr_assert(!strstr(s, "order = {"), "%s", s);
}

Test(moongen, order_expands_counts)
{
	/* 0-based in the model: flow 2 four times, shuffled. */
	uint32_t *order = orderexpand(&t);
	size_t i, twos = 0;

	cr_assert(order);
	for (i = 0; i < 7; i++)
		twos += order[i] == 1;
	cr_assert_eq(twos, 4);
	free(order);
}

Test(moongen, big_seed_exact)
{
	outfree(&set);
	t.meas.seed = 18446744073709551615ULL;
	cr_assert(moongenemit(&t, &set) == EXIT_OK);
	outsort(&set);
	cr_assert(strstr(file("loadgen/flows.lua")->data.s,
		"seed = 18446744073709551615ULL,"));
}

Test(moongen, userscript_is_template)
{
	size_t len;
	const char *tpl = template("hvnet-load.lua", &len);
	const struct outfile *f = file("loadgen/hvnet-load.lua");

	cr_assert(tpl && len > 0);
	cr_assert_eq(f->data.len, len);
	cr_assert(!memcmp(f->data.s, tpl, len));
}

Test(moongen, scripts_carry_measurement)
{
	const char *run = file("loadgen/run.sh")->data.s;
	const char *ts = file("loadgen/timestamper.sh")->data.s;

	cr_assert(strstr(run, "\nREPETITIONS=3\n"));
	cr_assert(strstr(run, "\nTIMESTAMPER=timestamper\nPRE=0\nPOST=1\n"));
	cr_assert(strstr(ts, "\nDURATION=180\n"));
	cr_assert(strstr(ts, "\nIDOFFSET=42\n"));
}
