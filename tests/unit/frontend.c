/* The front end on small inputs in memory: limits, defaults, locations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define GIB ((uint64_t)1 << 30)

static const char head[] =
    "hvnet: 1\n"
    "name: t\n"
    "host:\n"
    "  cpu: { cores: 0-7 }\n"
    "  memory: 64GiB\n"
    "  wire:\n"
    "    a: { pf: \"0000:41:00.0\", vf_offset: 16, vf_stride: 1 }\n"
    "    b: { pf: \"0000:42:00.0\", vf_offset: 16, vf_stride: 1 }\n"
    "  loadgen:\n"
    "    ingress: { pf: \"0000:41:00.1\", vf_offset: 79, vf_stride: 1 }\n"
    "    egress: { pf: \"0000:42:00.1\", vf_offset: 79, vf_stride: 1 }\n";

static struct topo t;
static char *out;

/* Load and check head + body; diagnostics into out. */
static int
run(const char *body, int pcidump)
{
	size_t n, len;
	char *s;
	FILE *mem;
	int status;

	free(out);
	mem = open_memstream(&out, &len);
	n = strlen(head) + strlen(body) + 1;
	s = malloc(n);
	snprintf(s, n, "%s%s", head, body);
	topofree(&t);	/* the previous run's */
	diagout = mem;
	status = loadmem(&t, "t.yaml", s, strlen(s));
	if (status == EXIT_OK || (status == EXIT_INVALID && t.complete)) {
		t.pcidump = pcidump;
		check(&t);
		if (diagerrors())
			status = EXIT_INVALID;
	}
	diagout = NULL;
	fclose(mem);
	free(s);
	return status;
}

Test(frontend, defaults_after_nodes)
{
	cr_assert_eq(run("nodes:\n  vm1: {}\n  vm2: { vcpus: 4, memory: 2GiB }\n  vm3: {}\n"
	    "links:\n  - vm1 -- vm2\n  - { ends: [vm2, vm3], max_rate: none }\n"
	    "flows:\n  - { from: vm1, to: vm2 }\n  - { name: x, from: vm2, to: vm2, rate: 5Mbit/s, size: 64, port: 7 }\n"
	    "defaults:\n  vm: { vcpus: 3, memory: 16GiB, image: /i.qcow2 }\n"
	    "  flow: { size: 1500, rate: 2Mbit/s }\n  link: { max_rate: 1Gbit/s }\n", 0), EXIT_OK, "%s", out);
	cr_assert(t.nodes[0].vcpus == 3 && t.nodes[0].memory == 16 * GIB);
	cr_assert_str_eq(t.nodes[0].image, "/i.qcow2");
	cr_assert(t.nodes[0].vcpusloc.line == 23 && t.nodes[0].vcpusloc.col == 16);
	cr_assert(t.nodes[1].vcpus == 4 && t.nodes[1].memory == 2 * GIB);
	cr_assert(t.links[0].ratemode == RATE_SET && t.links[0].rate == 1000000000);
	cr_assert(t.links[1].ratemode == RATE_NONE);
	cr_assert(t.links[1].endloc[1].line == 18 && t.links[1].endloc[1].col == 19);
	cr_assert_str_eq(t.flows[0].name, "f0");	/* no name: f<index> */
	cr_assert(t.flows[0].size == 1500 && t.flows[0].rate == 2000000 && !t.flows[0].dportset);
	cr_assert(!t.flows[0].path && t.flows[0].from == &t.nodes[0]);
	cr_assert(t.flows[1].size == 64 && t.flows[1].rate == 5000000 && t.flows[1].dport == 7);
	cr_assert(t.flows[1].dportset && t.flows[1].dportloc.line == 21);
}

Test(frontend, builtin_defaults)
{
	cr_assert_eq(run("nodes:\n  vm1:\n", 0), EXIT_OK, "%s", out);
	cr_assert(t.nodes[0].vcpus == 1 && t.nodes[0].memory == 8 * GIB);
	cr_assert_str_eq(t.nodes[0].image, "/var/lib/hvnet/debian-rt.qcow2");
	cr_assert_str_eq(t.host.name, "dut");
	cr_assert(t.host.reserve == 4 * GIB && t.host.hugepage == GIB && !t.host.mgmt);
	cr_assert(t.host.housekeeping.n == 1 && t.host.housekeeping.v[0] == 0);
	cr_assert(t.host.port[PORT_INGRESS].haspeermac && t.host.port[PORT_INGRESS].peermac[5] == 1);
	cr_assert(t.host.port[PORT_A].maxvfs == 64 && t.host.port[PORT_A].speed == 10000000000u);
	cr_assert(t.pools.ingress4.addr == (10u << 24 | 254u << 16) && t.pools.egress4.plen == 16);
	cr_assert_str_eq(t.meas.timestamper, "timestamper");
	cr_assert(t.meas.duration == 180 && t.meas.tspre == 0 && t.meas.tspost == 1);
}

Test(frontend, short_link_locations)
{
	cr_assert_eq(run("nodes: { vm1: {}, vm22: {} }\nlinks:\n  - \"vm22 --  vm1\"\n  - vm1   --   vm22\n", 0),
	    EXIT_INVALID, "%s", out);	/* the second is a duplicate */
	cr_assert(t.links[0].endloc[0].col == 6 && t.links[0].endloc[1].col == 15);
	cr_assert(t.links[1].endloc[0].col == 5 && t.links[1].endloc[1].col == 16);
	cr_assert(strstr(out, "t.yaml:15:5: error: link 'vm1 -- vm22': nodes 'vm1' and 'vm22' are already linked\n"
	    "t.yaml:14:5: note: first given here\n"), "%s", out);
}

Test(frontend, pcidump_supplies_offsets)
{
	const char *body = "nodes: { vm1: {} }\n";
	char *s = strdup(head), *p;

	/* Drop every vf_offset and vf_stride from the ports. */
	while ((p = strstr(s, ", vf_offset")))
		memmove(p, strchr(p, '}') - 1, strlen(strchr(p, '}') - 1) + 1);
	cr_assert_null(strstr(s, "vf_"));
	memset(&t, 0, sizeof(t));
	{
		char buf[2048];
		size_t len;
		FILE *mem = open_memstream(&out, &len);

		snprintf(buf, sizeof(buf), "%s%s", s, body);
		diagout = mem;
		cr_assert_eq(loadmem(&t, "t.yaml", buf, strlen(buf)), EXIT_OK);
		t.pcidump = 1;
		check(&t);
		cr_assert_eq(diagerrors(), 0);
		t.pcidump = 0;
		check(&t);
		cr_assert_eq(diagerrors(), 8);	/* 2 keys x 4 ports */
		diagout = NULL;
		fclose(mem);
		cr_assert(strstr(out, "t.yaml:11:13: error: missing required key 'vf_stride' in "
		    "host.loadgen.egress (or give --pci-dump)\n"), "%s", out);
	}
	free(s);
}

/* body with a node image nested k lists deep. */
static int
nested(int k)
{
	char *body = malloc(2 * (size_t)k + 64), *p;

	sprintf(body, "nodes:\n  vm1: { image: %*s%*s }\n", k, "", k, "");
	p = strstr(body, "image: ") + 7;
	memset(p, '[', (size_t)k);
	memset(p + k, ']', (size_t)k);
	run(body, 0);
	free(body);
	return strstr(out, "nesting deeper than 64 levels") != NULL;
}

Test(frontend, depth_limit)
{
	/* topology, nodes, vm1: 3 levels, then k lists. */
	cr_assert(!nested(61), "%s", out);
	cr_assert(strstr(out, "'image' must be a string"));
	cr_assert(nested(62), "%s", out);
	cr_assert(nested(100000), "%s", out);	/* libyaml itself keeps a stack, not recursion */
}

Test(frontend, too_big)
{
	static const char small[] = "hvnet: 1\n";
	size_t len;
	FILE *mem = open_memstream(&out, &len);

	diagout = mem;
	/* The size is checked before a byte is read. */
	cr_assert_eq(loadmem(&t, "huge.yaml", small, MAXINPUT + 1), EXIT_INVALID);
	diagout = NULL;
	fclose(mem);
	cr_assert_str_eq(out, "huge.yaml:1:1: error: input larger than 64 MiB\n");
}

Test(frontend, missing_file)
{
	size_t len;
	FILE *mem = open_memstream(&out, &len);

	diagout = mem;
	cr_assert_eq(load(&t, "tests/bad/no-such-file.yaml"), EXIT_IO);
	cr_assert_eq(load(&t, "tests"), EXIT_IO);	/* a directory */
	diagout = NULL;
	fclose(mem);
	cr_assert(strstr(out, "hvnetc: error: cannot open 'tests/bad/no-such-file.yaml': "), "%s", out);
	cr_assert(strstr(out, "hvnetc: error: cannot read 'tests': "), "%s", out);
}

Test(frontend, many_entries_linear)
{
	size_t n = 100000, i;
	struct buf b = { 0 };

	bufputs(&b, "nodes:\n");
	for (i = 0; i < n; i++)
		bufprintf(&b, "  n%zu: {}\n", i);
	bufputs(&b, "links:\n");
	for (i = 0; i + 1 < n; i++)
		bufprintf(&b, "  - n%zu -- n%zu\n", i, i + 1);
	bufputs(&b, "flows:\n");
	for (i = 0; i + 2 < n; i += 10)
		bufprintf(&b, "  - { from: n%zu, to: n%zu, path: [n%zu, n%zu, n%zu] }\n", i, i + 2, i, i + 1, i + 2);
	cr_assert_eq(run(b.s, 0), EXIT_OK, "%s", out);
	cr_assert(t.nnodes == n && t.nlinks == n - 1 && t.nflows == n / 10);
	cr_assert(t.nodes[5].nadj == 2 && t.nodes[5].adj[0] == 4 && t.nodes[5].adj[1] == 5);
	cr_assert(t.flows[7].npath == 3 && t.flows[7].hops[1] == 71);
	buffree(&b);
}
