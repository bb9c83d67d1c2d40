/*
 * Resource limits on input (hvnet.yaml(5)): hostile inputs generated in memory are
 * refused with a clear diagnostic, quickly and without crashing; the largest
 * real inputs are admitted.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

/* A small valid topology; @KEY@ tokens take a test's value or the default. */
static const char base[] =
    "hvnet: 1\n"
    "name: lim\n"
    "host:\n"
    "  cpu: { vendor: amd, cores: @CORES@, housekeeping: @HK@ }\n"
    "  memory: @HOSTMEM@\n"
    "  wire:\n"
    "    a: { pf: \"0000:41:00.0\", vf_offset: @VFOFF@, vf_stride: 1, max_vfs: @MAXVFS@, speed: @SPEED@ }\n"
    "    b: { pf: \"0000:42:00.0\", vf_offset: 16, vf_stride: 1 }\n"
    "  loadgen:\n"
    "    ingress: { pf: \"0000:41:00.1\", vf_offset: 79, vf_stride: 1, peer_mac: \"02:4c:47:00:00:01\" }\n"
    "    egress: { pf: \"0000:42:00.1\", vf_offset: 79, vf_stride: 1, peer_mac: \"02:4c:47:00:00:02\" }\n"
    "pools:\n"
    "  vlan: @VLANS@\n"
    "  link4: @LINK4@\n"
    "nodes:\n"
    "  vm1: { vcpus: @VCPUS@, memory: @MEM@ }\n"
    "  vm2: { image: @IMAGE@, cmdline: @CMDLINE@ }\n"
    "links:\n"
    "  - { ends: [vm1, vm2], vlan: @VLAN@, max_rate: @MAXRATE@ }\n"
    "flows:\n"
    "  - { name: f0, from: vm1, to: vm2, rate: @RATE@, size: @SIZE@, port: @PORT@ }\n"
    "measurement:\n"
    "  duration: @DURATION@\n"
    "  repetitions: @REPS@\n"
    "  seed: @SEED@\n"
    "  order_table: @ORDER@\n"
    "  order_table_max: @ORDERMAX@\n";

static const char *const defaults[] = {
	"CORES", "0-31", "HK", "0", "HOSTMEM", "128GiB", "VFOFF", "16",
	"MAXVFS", "64", "SPEED", "10Gbit/s", "VLANS", "401-4094",
	"LINK4", "10.0.0.0/16", "VCPUS", "1", "MEM", "8GiB",
	"IMAGE", "/var/lib/hvnet/debian-rt.qcow2", "CMDLINE", "console=ttyS0",
	"VLAN", "402", "MAXRATE", "auto", "RATE", "1Mbit/s", "SIZE", "363",
	"PORT", "1001", "DURATION", "180s", "REPS", "3", "SEED", "1",
	"ORDER", "4096", "ORDERMAX", "1000000", NULL,
};

static const char *
lookup(const char *const *kv, const char *key, size_t n)
{
	for (; kv && kv[0]; kv += 2)
		if (strlen(kv[0]) == n && !strncmp(kv[0], key, n))
			return kv[1];
	return NULL;
}

/* The base document with key/value overrides (NULL-terminated). */
static void
mkdoc(struct buf *b, const char *const *kv)
{
	const char *p = base, *q, *v;

	while ((q = strchr(p, '@'))) {
		const char *end = strchr(q + 1, '@');
		size_t n = (size_t)(end - q - 1);

		bufput(b, p, (size_t)(q - p));
		v = lookup(kv, q + 1, n);
		if (!v)
			v = lookup(defaults, q + 1, n);
		cr_assert(v, "no default for a token");
		bufputs(b, v);
		p = end + 1;
	}
	bufputs(b, p);
}

/* Compile len bytes; the diagnostics land in *msgs (free it). */
static int
run(const char *data, size_t len, int overcommit, char **msgs)
{
	struct options o = { .overcommit = overcommit };
	struct topo t = { 0 };
	size_t n;
	FILE *f = open_memstream(msgs, &n);
	int r;

	diagout = f;
	r = compilemem(&t, "lim.yaml", data, len, &o);
	topofree(&t);
	diagout = NULL;
	fclose(f);
	return r;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Refused: status 1, every wanted text in the diagnostics, the output of a
 * sane size (no echo of megabytes), within secs seconds.
 */
static void
refused(const char *what, const char *data, size_t len, double secs,
    const char *const *want)
{
	char *msgs;
	double t0 = now();
	int r = run(data, len, 0, &msgs);
	double dt = now() - t0;

	cr_expect_eq(r, EXIT_INVALID, "%s: status %d, expected 1; diagnostics:\n%.2000s",
	    what, r, msgs);
	for (; want && *want; want++)
		cr_expect(strstr(msgs, *want), "%s: no '%s' in the diagnostics:\n%.2000s",
		    what, *want, msgs);
	cr_expect(strlen(msgs) < 65536, "%s: %zu bytes of diagnostics", what, strlen(msgs));
	cr_expect(dt < secs, "%s: took %.1f s (limit %.0f s)", what, dt, secs);
	free(msgs);
}

/* One override of the base document is refused, naming key (and msg). */
static void
badvalue(const char *tok, const char *val, const char *key, const char *msg)
{
	const char *kv[] = { tok, val, NULL };
	const char *want[] = { key, msg, NULL };
	struct buf b = { 0 };
	char what[160];

	mkdoc(&b, kv);
	snprintf(what, sizeof(what), "%s: %.100s", key, val);
	refused(what, b.s, b.len, 5, want);
	buffree(&b);
}

Test(limits, base_document_is_valid)
{
	struct buf b = { 0 };
	char *msgs;

	mkdoc(&b, NULL);
	cr_assert_eq(run(b.s, b.len, 0, &msgs), EXIT_OK, "%s", msgs);
	free(msgs);
	buffree(&b);
}

/* --- file size: 64 MiB is admitted, one byte more is not --- */

/* A valid document padded with comment lines to exactly len bytes. */
static char *
padded(size_t len)
{
	struct buf b = { 0 };
	char *p;

	mkdoc(&b, NULL);
	p = xmalloc(len);
	memcpy(p, b.s, b.len);
	memset(p + b.len, ' ', len - b.len);
	for (size_t i = b.len; i + 80 < len; i += 80) {
		p[i] = '#';
		p[i + 79] = '\n';
	}
	p[len - 1] = '\n';
	buffree(&b);
	return p;
}

Test(limits, input_larger_than_64mib, .timeout = 60)
{
	size_t len = (size_t)MAXINPUT + 1;
	char *p = padded(len);
	const char *want[] = { "input larger than", NULL };

	refused("64 MiB + 1 byte", p, len, 5, want);
	free(p);
	len = 65u << 20;
	p = padded(len);
	refused("65 MiB", p, len, 5, want);
	free(p);
}

Test(limits, input_of_64mib_is_admitted, .timeout = 120)
{
	size_t len = MAXINPUT;
	char *p = padded(len), *msgs;

	cr_expect_eq(run(p, len, 0, &msgs), EXIT_OK, "%.2000s", msgs);
	free(msgs);
	free(p);
}

Test(limits, file_larger_than_64mib, .timeout = 60)
{
	char path[] = "/tmp/hvnetc-limits-XXXXXX", *msgs;
	int fd = mkstemp(path);
	struct topo t = { 0 };
	size_t n;
	FILE *f;
	int r;

	cr_assert(fd >= 0);
	cr_assert(write(fd, "hvnet: 1\n#", 10) == 10);
	cr_assert(ftruncate(fd, (off_t)(65u << 20)) == 0);	/* sparse */
	close(fd);
	f = open_memstream(&msgs, &n);
	diagout = f;
	r = load(&t, path);
	diagout = NULL;
	fclose(f);
	topofree(&t);
	unlink(path);
	cr_expect_eq(r, EXIT_INVALID, "status %d: %s", r, msgs);
	cr_expect(strstr(msgs, "input larger than"), "%s", msgs);
	free(msgs);
}

/* --- nesting depth --- */

/* n nested flow sequences or mappings as the value of 'nodes'. */
static void
nested(struct buf *b, size_t n, int map)
{
	size_t i;

	bufputs(b, "hvnet: 1\nname: deep\nnodes: ");
	for (i = 0; i < n; i++)
		bufputs(b, map ? "{a: " : "[");
	bufputs(b, "x");
	for (i = 0; i < n; i++)
		bufputs(b, map ? "}" : "]");
	bufputs(b, "\n");
}

static int
deptherror(size_t n, int map)
{
	struct buf b = { 0 };
	char *msgs;
	int r, has;

	nested(&b, n, map);
	r = run(b.s, b.len, 0, &msgs);
	cr_expect_eq(r, EXIT_INVALID, "depth %zu: status %d", n, r);
	has = strstr(msgs, "nesting deeper than") != NULL;
	cr_expect(strlen(msgs) < 65536, "depth %zu: %zu bytes of diagnostics", n, strlen(msgs));
	free(msgs);
	buffree(&b);
	return has;
}

Test(limits, nesting_depth)
{
	/* The document's mapping is level 1, 'nodes' holds levels 2.. */
	cr_expect(!deptherror(MAXDEPTH - 1, 0), "%d levels refused", MAXDEPTH);
	cr_expect(deptherror(MAXDEPTH, 0), "%d levels admitted", MAXDEPTH + 1);
	cr_expect(!deptherror(MAXDEPTH - 1, 1), "%d levels of mappings refused", MAXDEPTH);
	cr_expect(deptherror(MAXDEPTH, 1), "%d levels of mappings admitted", MAXDEPTH + 1);
}

Test(limits, nesting_a_million_deep, .timeout = 30)
{
	struct buf b = { 0 };
	const char *want[] = { "nesting deeper than", NULL };

	nested(&b, 1000000, 0);
	refused("1,000,000 '['", b.s, b.len, 5, want);
	buffree(&b);
	b.len = 0;
	nested(&b, 300000, 1);
	refused("300,000 '{a: '", b.s, b.len, 5, want);
	buffree(&b);
}

Test(limits, block_nesting, .timeout = 30)
{
	struct buf b = { 0 };
	const char *want[] = { "nesting deeper than", NULL };
	size_t i;

	bufputs(&b, "hvnet: 1\nname: deep\nnodes:\n");
	for (i = 1; i < 2000; i++)
		bufprintf(&b, "%*s-\n", (int)i, "");
	refused("2,000 block sequences", b.s, b.len, 5, want);
	b.len = 0;
	bufputs(&b, "hvnet: 1\nname: deep\nnodes:\n  ");
	for (i = 1; i < 1000000; i++)
		bufputs(&b, "- ");
	bufputs(&b, "x\n");
	refused("1,000,000 compact block sequences", b.s, b.len, 5, want);
	buffree(&b);
}

/* --- anchors and aliases: no billion laughs --- */

Test(limits, billion_laughs, .timeout = 30)
{
	struct buf b = { 0 };
	const char *want[] = { "anchors and aliases", NULL };
	int i;

	bufputs(&b, "hvnet: 1\nname: lol\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (i = 1; i < 10; i++)
		bufprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
		    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	bufputs(&b, "nodes: *a9\n");
	refused("billion laughs", b.s, b.len, 2, want);
	buffree(&b);
}

Test(limits, anchors_aliases_and_merge_keys)
{
	const char *want[] = { "anchors and aliases", NULL };
	static const char *const docs[] = {
		"hvnet: 1\nname: x\nnodes: &n { vm1: {} }\n",
		"hvnet: 1\nname: x\nnodes: { vm1: &v {}, vm2: *v }\n",
		"hvnet: 1\nname: x\nd: &d { vcpus: 2 }\nnodes: { vm1: { <<: *d } }\n",
		"hvnet: 1\nname: &n x\n",
		"hvnet: 1\nname: *undefined\n",
	};
	size_t i;

	for (i = 0; i < LEN(docs); i++)
		refused(docs[i], docs[i], strlen(docs[i]), 2, want);
}

/* --- numbers of nodes, links and flows --- */

/* A file of n nodes (and nothing else that could fail before them). */
static void
manynodes(struct buf *b, size_t n)
{
	size_t i;

	bufputs(b, HOST "nodes:\n");
	for (i = 0; i < n; i++)
		bufprintf(b, "  n%zu: {}\n", i);
}

Test(limits, more_than_a_million_nodes, .timeout = 120)
{
	struct buf b = { 0 };
	const char *want[] = { "entries in 'nodes'", NULL };

	manynodes(&b, (size_t)MAXITEMS + 1);
	refused("1,000,001 nodes", b.s, b.len, 30, want);
	buffree(&b);
}

Test(limits, more_than_a_million_links_and_flows, .timeout = 120)
{
	struct buf b = { 0 };
	const char *wl[] = { "entries in 'links'", NULL };
	const char *wf[] = { "entries in 'flows'", NULL };
	size_t i;

	bufputs(&b, "hvnet: 1\nname: big\nnodes: { a: {}, b: {} }\nlinks:\n");
	for (i = 0; i <= MAXITEMS; i++)
		bufputs(&b, "  - a -- b\n");
	refused("1,000,001 links", b.s, b.len, 30, wl);
	b.len = 0;
	bufputs(&b, "hvnet: 1\nname: big\nnodes: { a: {}, b: {} }\nflows:\n");
	for (i = 0; i <= MAXITEMS; i++)
		bufputs(&b, "  - { from: a, to: b }\n");
	refused("1,000,001 flows", b.s, b.len, 30, wf);
	buffree(&b);
}

/* A million nodes load (the largest real input); the full compile is 'make bench'. */
Test(limits, a_million_nodes_load, .timeout = 120)
{
	struct buf b = { 0 };
	struct topo t = { 0 };
	char *msgs;
	size_t n;
	FILE *f = open_memstream(&msgs, &n);
	int r;

	manynodes(&b, MAXITEMS);
	diagout = f;
	r = loadmem(&t, "big.yaml", b.s, b.len);
	diagout = NULL;
	fclose(f);
	cr_expect_eq(r, EXIT_OK, "%.2000s", msgs);
	cr_expect_eq(t.nnodes, (size_t)MAXITEMS);
	cr_expect(!strstr(msgs, "entries in"), "%.2000s", msgs);
	topofree(&t);
	free(msgs);
	buffree(&b);
}

/* --- string lengths --- */

Test(limits, long_strings)
{
	struct buf v = { 0 }, k = { 0 };
	size_t i;

	bufputs(&v, "/");
	for (i = 0; i < (1u << 20); i++)
		bufputs(&v, "a");
	badvalue("IMAGE", v.s, "image", NULL);
	badvalue("CMDLINE", v.s + 1, "cmdline", NULL);
	badvalue("VCPUS", v.s + 1, "vcpus", NULL);
	/* A megabyte-long unknown key: one diagnostic, not a megabyte of them. */
	bufputs(&k, "hvnet: 1\nname: x\n");
	bufput(&k, v.s + 1, v.len - 1);
	bufputs(&k, ": 1\n");
	refused("1 MiB key", k.s, k.len, 5, NULL);
	buffree(&k);
	bufputs(&k, "hvnet: 1\nname: ");
	bufput(&k, v.s + 1, v.len - 1);
	bufputs(&k, "\n");
	refused("1 MiB name", k.s, k.len, 5, NULL);
	buffree(&k);
	buffree(&v);
}

/* --- numeric overflow --- */

Test(limits, sizes_overflow)
{
	static const char *const v[] = {
		"18446744073709551616", "18446744073709551616B", "16EiB", "16384PiB",
		"17179869184GiB", "99999999999999999999999999GiB", "-1GiB", "1e30GiB",
		"0x10000000000000000",
	};
	size_t i;

	for (i = 0; i < LEN(v); i++) {
		badvalue("HOSTMEM", v[i], "memory", NULL);
		badvalue("MEM", v[i], "memory", NULL);
	}
}

Test(limits, rates_overflow)
{
	static const char *const v[] = {
		"18446744073709551616bit/s", "18446744073709552Gbit/s",
		"99999999999999999999Gbit/s", "1e300Gbit/s", "-1Mbit/s",
		"184467440737095516.16kbit/s", "nanGbit/s", "infGbit/s",
	};
	size_t i;

	for (i = 0; i < LEN(v); i++) {
		badvalue("RATE", v[i], "rate", NULL);
		badvalue("SPEED", v[i], "speed", NULL);
		badvalue("MAXRATE", v[i], "max_rate", NULL);
	}
}

Test(limits, integers_overflow)
{
	static const char *const big[] = {
		"18446744073709551616", "9223372036854775808", "-9223372036854775809",
		"99999999999999999999999",
	};
	static const struct { const char *tok, *key; } keys[] = {
		{ "VCPUS", "vcpus" }, { "VLAN", "vlan" }, { "SIZE", "size" },
		{ "PORT", "port" }, { "VFOFF", "vf_offset" }, { "MAXVFS", "max_vfs" },
		{ "REPS", "repetitions" }, { "SEED", "seed" }, { "ORDER", "order_table" },
		{ "ORDERMAX", "order_table_max" },
	};
	size_t i, j;

	for (i = 0; i < LEN(keys); i++)
		for (j = 0; j < LEN(big); j++)
			if (strcmp(keys[i].key, "seed") || j != 1)	/* 2^63 is a seed */
				badvalue(keys[i].tok, big[j], keys[i].key, NULL);
}

/* Values that fit an integer but would make hvnetc allocate without bound. */
Test(limits, values_that_would_allocate_without_bound, .timeout = 30)
{
	badvalue("VCPUS", "1000000000", "vcpus", NULL);
	badvalue("VCPUS", "2147483648", "vcpus", NULL);
	badvalue("ORDER", "1000000000000", "order_table", NULL);
	badvalue("ORDERMAX", "1000000000000", "order_table_max", NULL);
	badvalue("MAXVFS", "4294967296", "max_vfs", NULL);
	badvalue("DURATION", "18446744073709551616s", "duration", NULL);
	badvalue("DURATION", "5124095576030432h", "duration", NULL);
	badvalue("DURATION", "307445734561825861m", "duration", NULL);
}

Test(limits, vcpus_overcommitted_do_not_allocate_without_bound, .timeout = 30)
{
	const char *kv[] = { "VCPUS", "100000000", NULL };
	struct buf b = { 0 };
	char *msgs;

	mkdoc(&b, kv);
	cr_expect_eq(run(b.s, b.len, 1, &msgs), EXIT_INVALID, "%.2000s", msgs);
	cr_expect(strstr(msgs, "vcpus"), "%.2000s", msgs);
	free(msgs);
	buffree(&b);
}

/* --- CPU lists --- */

Test(limits, cpu_lists, .timeout = 30)
{
	static const char *const v[] = {
		"0-18446744073709551616", "0-4294967296", "0-2147483647", "0-99999999",
		"4294967295", "-1", "0--1", "5-3", "0-", "-",
		"[0, 18446744073709551616]", "[0, -1]", "[0, 2147483648]",
	};
	size_t i;

	for (i = 0; i < LEN(v); i++)
		badvalue("CORES", v[i], "cores", NULL);
	badvalue("HK", "0-2147483647", "housekeeping", NULL);
	badvalue("HK", "99999999999999999999", "housekeeping", NULL);
}

Test(limits, a_long_cpu_list_is_quick, .timeout = 30)
{
	struct buf v = { 0 };
	size_t i;

	/* 100,000 entries of a list with repeats; refused, quickly. */
	bufputs(&v, "\"");
	for (i = 0; i < 100000; i++)
		bufprintf(&v, "%s%zu", i ? "," : "", (100000 - i) % 4096);
	bufputs(&v, "\"");
	badvalue("CORES", v.s, "cores", NULL);
	buffree(&v);
}

/* --- pools --- */

Test(limits, pools)
{
	static const char *const nets[] = {
		"10.0.0.0/33", "10.0.0.0/-1", "300.0.0.0/16", "10.0.0.0/99999999999999999999",
		"10.0.0.0/18446744073709551648", "10.0.0.0", "10.0.0/16", "10.0.0.0.0/16",
		"10.0.0.0/31",
	};
	static const char *const vlans[] = {
		"0-4094", "1-4095", "1-99999", "4094-1", "1-18446744073709551617",
		"18446744073709551616-1", "-1-5",
	};
	size_t i;

	for (i = 0; i < LEN(nets); i++)
		badvalue("LINK4", nets[i], "link4", NULL);
	for (i = 0; i < LEN(vlans); i++)
		badvalue("VLANS", vlans[i], "vlan", NULL);
}

Test(limits, pools_at_the_top_of_the_address_space)
{
	const char *kv[] = { "LINK4", "223.255.255.252/30", NULL };
	const char *top[] = { "LINK4", "255.255.255.252/30", NULL };
	struct buf b = { 0 };
	char *msgs;

	mkdoc(&b, kv);	/* one link: the last unicast /30 fits exactly */
	cr_expect_eq(run(b.s, b.len, 0, &msgs), EXIT_OK, "%.2000s", msgs);
	free(msgs);
	buffree(&b);
	mkdoc(&b, top);	/* the very top is reserved (240/4) */
	cr_expect_eq(run(b.s, b.len, 0, &msgs), EXIT_INVALID, "%.2000s", msgs);
	cr_expect(strstr(msgs, "overlaps 240.0.0.0/4"), "%.2000s", msgs);
	free(msgs);
	buffree(&b);
}

/* 2049 flows of 2^53 - 1 bit/s on one link: the sum must not wrap. */
Test(limits, link_loads_do_not_wrap, .timeout = 30)
{
	struct buf b = { 0 };
	struct topo t = { 0 };
	char *msgs;
	int i;

	bufputs(&b, HOST "nodes: { vm1: {}, vm2: {} }\nlinks: [vm1 -- vm2]\nflows:\n");
	for (i = 0; i < 2049; i++)
		bufprintf(&b, "  - { name: f%d, from: vm1, to: vm2, rate: 9007199254740991bit/s }\n", i);
	/* refused: so many packets a second that Lua cannot count them */
	cr_expect_eq(compileyaml(&t, b.s, 1, &msgs), EXIT_INVALID, "%.2000s", msgs);
	cr_expect_eq(t.links[0].load[0], UINT64_MAX, "load %ju", (uintmax_t)t.links[0].load[0]);
	cr_expect(strstr(msgs, "link 'vm1 -- vm2'"), "%.2000s", msgs);
	topofree(&t);
	free(msgs);
	buffree(&b);
}

/* 2049 VMs of 2^53 - 1 bytes: their sum must not wrap below the host's memory. */
Test(limits, memory_sums_do_not_wrap, .timeout = 30)
{
	struct buf b = { 0 };
	struct topo t = { 0 };
	char *msgs;
	int i;

	bufputs(&b, "hvnet: 1\nname: t\nhost:\n"
	    "  cpu: { vendor: amd, cores: 0-7 }\n"
	    "  memory: 9007199254740991\n"
	    "  hugepages: none\n"
	    "  wire:\n"
	    "    a: { pf: \"0000:41:00.0\", vf_offset: 16, vf_stride: 1 }\n"
	    "    b: { pf: \"0000:42:00.0\", vf_offset: 16, vf_stride: 1 }\n"
	    LOADGEN "nodes:\n");
	for (i = 0; i < 2049; i++)
		bufprintf(&b, "  vm%d: { memory: 9007199254740991 }\n", i);
	cr_expect_eq(compileyaml(&t, b.s, 0, &msgs), EXIT_INVALID, "%.2000s", msgs);
	cr_expect(strstr(msgs, "the VMs need"), "%.2000s", msgs);
	topofree(&t);
	free(msgs);
	buffree(&b);
}

/* 300 VMs of 4096 vCPUs with --allow-overcommit: refused, not 1.2 million pinnings. */
Test(limits, vcpus_in_all_are_bounded, .timeout = 30)
{
	struct buf b = { 0 };
	struct topo t = { 0 };
	char *msgs;
	size_t i;

	bufputs(&b, HOST "defaults: { vm: { vcpus: 4096, memory: 1GiB } }\nnodes:\n");
	for (i = 0; i < 300; i++)
		bufprintf(&b, "  n%zu: {}\n", i);
	cr_expect_eq(compileyaml(&t, b.s, 1, &msgs), EXIT_INVALID, "%.2000s", msgs);
	cr_expect(strstr(msgs, "vCPUs in all"), "%.2000s", msgs);
	topofree(&t);
	free(msgs);
	buffree(&b);
}
