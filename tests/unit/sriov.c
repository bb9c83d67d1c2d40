/* Backend 'sriov': the tables of the host scripts, on a hand-built topology. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"
#include "unit.h"

static struct topo t;
static struct outset set;

static void
teardown(void)
{
	outfree(&set);
	topofree(&t);
}

TestSuite(sriov, .fini = teardown);

/*
 * Figure 1 as the loader and check leave it (three VMs, a triangle of
 * links), resolved by the real passes; nlinks links vm_i -- vm_i+1 mod n.
 */
static void
mktopo(size_t nnodes, uint64_t maxrate)
{
	static const struct pciaddr pf[NPORTS] = {
		{ 0, 0x41, 0, 0 }, { 0, 0x42, 0, 0 }, { 0, 0x41, 0, 1 }, { 0, 0x42, 0, 1 },
	};
	static const long off[NPORTS] = { 16, 16, 79, 79 };
	size_t i;
	int p;

	memset(&t, 0, sizeof(t));
	t.name = "fig1";
	t.host.name = "dut";
	t.host.memory = 128ull << 30;
	t.host.hugepage = 1ull << 30;
	t.host.cores.v = amalloc(32 * sizeof(int));
	for (i = 0; i < 32; i++)
		t.host.cores.v[i] = (int)i;
	t.host.cores.n = 32;
	t.host.housekeeping.v = amalloc(sizeof(int));
	t.host.housekeeping.n = 1;
	for (p = 0; p < NPORTS; p++) {
		t.host.port[p].declared = 1;
		t.host.port[p].pf = pf[p];
		t.host.port[p].vfoffset = off[p];
		t.host.port[p].vfstride = 1;
		t.host.port[p].maxvfs = 64;
		t.host.port[p].speed = 10000000000ull;
	}
	t.pools.vlanlo = 401;
	t.pools.vlanhi = 4094;
	t.pools.link4 = (struct net4){ 0x0a000000, 16 };
	t.pools.ingress4 = (struct net4){ 0x0afe0000, 16 };
	t.pools.egress4 = (struct net4){ 0x0aff0000, 16 };
	memcpy(t.pools.mac, "\x02\x48\x56", 3);
	t.nnodes = t.nlinks = nnodes;
	t.nodes = xcalloc(nnodes, sizeof(*t.nodes));
	t.links = xcalloc(nnodes, sizeof(*t.links));
	for (i = 0; i < nnodes; i++) {
		struct node *n = &t.nodes[i];
		char name[24];

		snprintf(name, sizeof(name), "vm%zu", i + 1);
		n->name = astrdup(name);
		n->index = i;
		n->vcpus = 1;
		n->memory = 8ull << 30;
		n->host = &t.host;
		n->adj = amalloc(2 * sizeof(size_t));
	}
	for (i = 0; i < nnodes; i++) {
		struct link *l = &t.links[i];

		l->index = i;
		l->ends[0] = &t.nodes[i];
		l->ends[1] = &t.nodes[(i + 1) % nnodes];
		l->endname[0] = l->ends[0]->name;
		l->endname[1] = l->ends[1]->name;
		l->ratemode = maxrate ? RATE_SET : RATE_NONE;
		l->rate = maxrate;
		l->ends[0]->adj[l->ends[0]->nadj++] = i;
		l->ends[1]->adj[l->ends[1]->nadj++] = i;
	}
	vlanalloc(&t);
	ifacealloc(&t);
	corealloc(&t);
	capacitycheck(&t);
	cr_assert_eq(diagerrors(), 0);
	cr_assert_eq(sriovemit(&t, &set), EXIT_OK);
}

/* The file at path in the set. */
static const char *
file(const char *path)
{
	const struct outfile *f = NULL;
	size_t i;

	for (i = 0; i < set.n; i++)
		if (!strcmp(set.v[i].path, path))
			f = &set.v[i];
	cr_assert_not_null(f, "%s not emitted", path);
	return f->data.s;
}

/* The here-document of table name in script s, as one string. */
static char *
table(const char *s, const char *name)
{
	char head[64];
	const char *a, *b;

	snprintf(head, sizeof(head), "\n%s() {\n\tcat <<'EOF'\n", name);
	a = strstr(s, head);
	cr_assert_not_null(a, "no table %s", name);
	a += strlen(head);
	b = strstr(a, "EOF\n}\n");
	cr_assert_not_null(b);
	return strndup(a, (size_t)(b - a));
}

Test(sriov, six_executable_scripts)
{
	static const char *const names[] = {
		"host/preflight.sh", "host/sriov-down.sh", "host/sriov-up.sh",
		"host/verify.sh", "host/vms-down.sh", "host/vms-up.sh",
	};
	size_t i;

	mktopo(3, 0);
	cr_assert_eq(set.n, 6);
	for (i = 0; i < 6; i++) {
		const char *s = file(names[i]);

		cr_assert(set.v[i].exec);
		cr_assert(!strncmp(s, "#!/bin/sh\n", 10), "%s", names[i]);
		cr_assert(strstr(s, "\nset -eu\n"), "%s", names[i]);
		cr_assert(strstr(s, "\ntopology=fig1\nhost=dut\n"), "%s", names[i]);
		cr_assert(!strstr(names[i], "down") == !!strstr(s, "\novercommitted=no\n"),
		    "%s", names[i]);
	}
}

Test(sriov, vf_table_follows_the_plan)
{
	char *v;

	mktopo(3, 475000000);
	v = table(file("host/sriov-up.sh"), "vfs");
	/* Port a: link i's first end, VF i; then b, ingress (node j), egress. */
	cr_assert_str_eq(v,
	    "0000:41:00.0 0 02:48:56:00:00:00 401 475 0000:41:02.0 vm1 vfio\n"
	    "0000:41:00.0 1 02:48:56:00:00:01 402 475 0000:41:02.1 vm2 vfio\n"
	    "0000:41:00.0 2 02:48:56:00:00:02 403 475 0000:41:02.2 vm3 vfio\n"
	    "0000:42:00.0 0 02:48:56:01:00:00 401 475 0000:42:02.0 vm2 vfio\n"
	    "0000:42:00.0 1 02:48:56:01:00:01 402 475 0000:42:02.1 vm3 vfio\n"
	    "0000:42:00.0 2 02:48:56:01:00:02 403 475 0000:42:02.2 vm1 vfio\n"
	    "0000:41:00.1 0 02:48:56:02:00:00 0 0 0000:41:0a.0 vm1 vfio\n"
	    "0000:41:00.1 1 02:48:56:02:00:01 0 0 0000:41:0a.1 vm2 vfio\n"
	    "0000:41:00.1 2 02:48:56:02:00:02 0 0 0000:41:0a.2 vm3 vfio\n"
	    "0000:42:00.1 0 02:48:56:03:00:00 0 0 0000:42:0a.0 vm1 vfio\n"
	    "0000:42:00.1 1 02:48:56:03:00:01 0 0 0000:42:0a.1 vm2 vfio\n"
	    "0000:42:00.1 2 02:48:56:03:00:02 0 0 0000:42:0a.2 vm3 vfio\n");
	free(v);
}

Test(sriov, rates_in_whole_mbits)
{
	char *v;

	/* No limit is 0; a limit under 1 Mbit/s must not become "none". */
	mktopo(3, 0);
	v = table(file("host/sriov-up.sh"), "vfs");
	cr_assert(strstr(v, "0000:41:00.0 0 02:48:56:00:00:00 401 0 0000:41:02.0 vm1 vfio\n"), "%s", v);
	free(v);
	teardown();
	memset(&set, 0, sizeof(set));
	mktopo(3, 500000);
	v = table(file("host/sriov-up.sh"), "vfs");
	cr_assert(strstr(v, "0000:41:00.0 0 02:48:56:00:00:00 401 1 0000:41:02.0 vm1 vfio\n"), "%s", v);
	free(v);
}

Test(sriov, ports_and_nics)
{
	const char *up;
	char *v;

	mktopo(4, 0);
	up = file("host/sriov-up.sh");
	v = table(up, "ports");
	cr_assert_str_eq(v, "0000:41:00.0 4\n0000:42:00.0 4\n0000:41:00.1 4\n0000:42:00.1 4\n");
	free(v);
	/* One line per NIC: its function 0, whatever port comes first. */
	v = table(up, "nics");
	cr_assert_str_eq(v, "0000:41:00.0\n0000:42:00.0\n");
	free(v);
	v = table(file("host/preflight.sh"), "nics");
	cr_assert_str_eq(v, "0000:41:00.0\n0000:42:00.0\n");
	free(v);
}

Test(sriov, hugepages_and_domains)
{
	char *v;

	mktopo(3, 0);
	v = table(file("host/preflight.sh"), "hugepages");
	cr_assert_str_eq(v, "1048576 all 24\n");
	free(v);
	v = table(file("host/vms-up.sh"), "domains");
	cr_assert_str_eq(v, "vm1\nvm2\nvm3\n");
	free(v);
	v = table(file("host/vms-down.sh"), "domains");
	cr_assert_str_eq(v, "vm1\nvm2\nvm3\n");
	free(v);
}

Test(sriov, overcommitted_plan_is_marked)
{
	size_t i;

	t.overcommitted = 0;
	mktopo(3, 0);
	outfree(&set);
	memset(&set, 0, sizeof(set));
	t.overcommitted = 1u << SPACE_VF | 1u << SPACE_CORE;
	cr_assert_eq(sriovemit(&t, &set), EXIT_OK);
	for (i = 0; i < set.n; i++)
		cr_assert(!strstr(set.v[i].path, "down") ==
		    !!strstr(set.v[i].data.s, "\novercommitted='VFs, cores'\n"), "%s",
		    set.v[i].path);
}

Test(sriov, vf_rows_by_port_then_vf_ties_in_node_order)
{
	char *v, *line, *save = NULL;
	struct buf got = { 0 };
	size_t i, j;

	mktopo(5, 0);
	/* An overcommitted plan reuses VF indices: port a's VF i becomes i % 2. */
	for (i = 0; i < t.nnodes; i++)
		for (j = 0; j < t.nodes[i].nifaces; j++)
			if (t.nodes[i].ifaces[j].port == PORT_A)
				t.nodes[i].ifaces[j].vf = i % 2;
	outfree(&set);
	memset(&set, 0, sizeof(set));
	cr_assert_eq(sriovemit(&t, &set), EXIT_OK);
	v = table(file("host/sriov-up.sh"), "vfs");
	for (line = strtok_r(v, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "0000:41:00.0 ", 13)) {
			char *use = strrchr(line, ' ');

			*use = '\0';	/* the node is the last word but one */
			bufputs(&got, strrchr(line, ' ') + 1);
			bufputs(&got, line[13] == '0' ? "/0 " : "/1 ");
		}
	cr_assert_str_eq(got.s, "vm1/0 vm3/0 vm5/0 vm2/1 vm4/1 ");
	buffree(&got);
	free(v);
}
