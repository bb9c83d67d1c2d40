/* Worlds (hvnet.yaml(5), Worlds): kind, medium, defaults and --world. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct topo t;

static void
done(void)
{
	topofree(&t);
}

TestSuite(worlds, .fini = done);

/* What every world must keep: per interface MAC, address, peer, table;
 * per flow port and path; per link VLAN and network. */
static char *
keep(const struct topo *x)
{
	char *s = NULL, mac[18], a[19], b[19];
	size_t len, i, k;
	FILE *f = open_memstream(&s, &len);

	for (i = 0; i < x->nnodes; i++)
		for (k = 0; k < x->nodes[i].nifaces; k++) {
			const struct iface *y = &x->nodes[i].ifaces[k];

			fprintf(f, "%s %s %s %s %s %d %d\n", x->nodes[i].name, fmtmac(mac, y->mac),
			    fmtnet(a, y->addr), fmtip(b, y->peeraddr), fmtmac(mac, y->peermac),
			    y->table, y->vlan);
		}
	for (i = 0; i < x->nlinks; i++)
		fprintf(f, "link %zu %d %s\n", i, x->links[i].vlan, fmtnet(a, x->links[i].net));
	for (i = 0; i < x->nflows; i++) {
		fprintf(f, "flow %s %ld %s", x->flows[i].name, x->flows[i].dport,
		    fmtmac(mac, x->flows[i].dstmac));
		for (k = 0; k < x->flows[i].npath; k++)
			fprintf(f, " %s", x->flows[i].path[k]->name);
		fputc('\n', f);
	}
	fclose(f);
	return s;
}

Test(worlds, every_world_keeps_addresses_macs_ports_tables, .timeout = 60)
{
	glob_t g;
	size_t i, w, k;

	cr_assert_eq(glob("samples/*.yaml", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		struct options o = { 0 };
		char *base;

		cr_assert_eq(compile(&t, g.gl_pathv[i], &o), EXIT_OK, "%s", g.gl_pathv[i]);
		base = keep(&t);
		topofree(&t);
		for (w = 0; w < nworlds; w++) {
			char *s;

			o.world = &worlds[w];
			cr_assert_eq(compile(&t, g.gl_pathv[i], &o), EXIT_OK, "%s in %s",
			    g.gl_pathv[i], worlds[w].name);
			s = keep(&t);
			cr_expect_str_eq(s, base, "%s: world %s moved an address, MAC, port or table",
			    g.gl_pathv[i], worlds[w].name);
			for (k = 0; k < t.nnodes; k++) {
				cr_expect_eq(t.nodes[k].kind, worlds[w].kind);
				if (worlds[w].kind == KIND_NETNS)
					cr_expect_eq(t.nodes[k].memory, 0, "a namespace has no memory");
				cr_expect_eq(t.nodes[k].cores.n, (size_t)t.nodes[k].vcpus,
				    "a namespace keeps its cores");
			}
			if (worlds[w].kind == KIND_NETNS)
				cr_expect_eq(t.host.hugecount, 0, "%s: hugepages for namespaces",
				    g.gl_pathv[i]);
			if (worlds[w].medium == MEDIUM_VETH && t.nlinks)
				cr_expect_eq(t.host.port[PORT_A].nvfs + t.host.port[PORT_B].nvfs, 0,
				    "%s: VFs for veth links", g.gl_pathv[i]);
			free(s);
			topofree(&t);
		}
		free(base);
	}
	globfree(&g);
}

#define TWO "nodes:\n  vm1: { kind: vm }\n  vm2: {}\n"

Test(worlds, kind_and_medium_with_defaults)
{
	char *m;

	cr_assert_eq(compileyaml(&t, HOST "defaults:\n  vm: { kind: netns }\n  link: { medium: veth }\n"
	    "nodes:\n  vm1: { kind: vm }\n  vm2: {}\n  vm3: {}\n"
	    "links:\n  - vm1 -- vm2\n  - { ends: [vm2, vm3], medium: sriov }\n", 0, &m), EXIT_OK, "%s", m);
	free(m);
	cr_expect_eq(t.nodes[0].kind, KIND_VM);
	cr_expect_eq(t.nodes[1].kind, KIND_NETNS);
	cr_expect_eq(t.links[0].medium, MEDIUM_VETH);
	cr_expect_eq(t.links[1].medium, MEDIUM_SRIOV);
	cr_expect_eq(t.host.port[PORT_A].nvfs, 2, "VF 1 serves link 1; VF 0 is unused");
	cr_expect_eq(t.host.hugecount, 8, "only vm1's 8 GiB");
	cr_expect_eq(t.lgmedium, MEDIUM_SRIOV);
	cr_expect_eq(t.nodes[1].ifaces[0].medium, MEDIUM_SRIOV, "a namespace's LoadGen VF");
}

Test(worlds, bad_kind_and_medium)
{
	char *m;

	cr_assert_eq(compileyaml(&t, HOST "nodes:\n  vm1: { kind: container }\n  vm2: {}\n"
	    "links:\n  - { ends: [vm1, vm2], medium: wire }\n", 0, &m), EXIT_INVALID);
	cr_expect(strstr(m, "t.yaml:13:16: error: 'kind': invalid value 'container': must be vm or netns"), "%s", m);
	cr_expect(strstr(m, "t.yaml:16:33: error: 'medium': invalid value 'wire': must be sriov or veth"), "%s", m);
	free(m);
}

Test(worlds, rehearsal_needs_no_ports)
{
	char *m;

	cr_assert_eq(compileyaml(&t, "hvnet: 1\nname: t\nhost:\n"
	    "  cpu: { cores: 0-7 }\n  memory: 16GiB\n"
	    "defaults:\n  vm: { kind: netns }\n  link: { medium: veth }\n"
	    TWO "links:\n  - vm1 -- vm2\nflows:\n  - { from: vm1, to: vm2 }\n", 0, &m), EXIT_INVALID,
	    "vm1 is a VM: the LoadGen ports are needed");
	cr_expect(strstr(m, "'ingress'") && !strstr(m, "'a'"), "%s", m);
	free(m);
	topofree(&t);
	cr_assert_eq(compileyaml(&t, "hvnet: 1\nname: t\nhost:\n"
	    "  cpu: { cores: 0-7 }\n  memory: 16GiB\n"
	    "defaults:\n  vm: { kind: netns }\n  link: { medium: veth }\n"
	    "nodes:\n  vm1: {}\n  vm2: {}\n"
	    "links:\n  - vm1 -- vm2\nflows:\n  - { from: vm1, to: vm2 }\n", 0, &m), EXIT_OK, "%s", m);
	free(m);
	cr_expect_eq(t.lgmedium, MEDIUM_VETH);
	cr_expect_eq(t.nodes[0].nifaces, 3, "ingress, egress and the link");
	cr_expect_eq(t.nodes[0].ifaces[0].medium, MEDIUM_VETH);
}
