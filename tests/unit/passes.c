/* Unit tests of the resolution passes (hvnet.yaml(5), Resolution) on small inline topologies. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct topo t;
static char *msgs;

static void
teardown(void)
{
	topofree(&t);
	free(msgs);
	msgs = NULL;
}

TestSuite(passes, .fini = teardown);

#define TRI "nodes: { vm1: {}, vm2: {}, vm3: {} }\n"

Test(passes, vlan_explicit_and_lowest_free)
{
	int r = compileyaml(&t, HOST TRI "links:\n"
	    "  - { ends: [vm1, vm2], vlan: 402 }\n  - vm1 -- vm3\n  - vm2 -- vm3\n", 0, &msgs);

	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert_eq(t.links[0].vlan, 402);
	cr_assert_eq(t.links[1].vlan, 401);
	cr_assert_eq(t.links[2].vlan, 403);
}

Test(passes, vlan_clash_names_free_one)
{
	int r = compileyaml(&t, HOST TRI "links:\n"
	    "  - vm1 -- vm2\n  - { ends: [vm1, vm3], vlan: 401 }\n", 0, &msgs);

	cr_assert_eq(r, EXIT_INVALID);
	cr_assert(strstr(msgs, "t.yaml:15:31: error: link 'vm1 -- vm3': VLAN 401 is already "
	    "used by link 'vm1 -- vm2'; VLAN 402 is free"), "%s", msgs);
}

Test(passes, vlan_pool_exhausted_and_overcommit)
{
	const char *y = HOST "pools: { vlan: 401-402 }\n" TRI
	    "links: [vm1 -- vm2, vm1 -- vm3, vm2 -- vm3]\n";
	int r = compileyaml(&t, y, 0, &msgs);

	cr_assert_eq(r, EXIT_INVALID);
	cr_assert(strstr(msgs, "error: pool 'vlan' 401-402 holds 2 links, the topology "
	    "has 3 without a VLAN"), "%s", msgs);
	teardown();
	r = compileyaml(&t, y, 1, &msgs);
	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert(strstr(msgs, "warning: VLAN pool exhausted"), "%s", msgs);
	cr_assert_eq(t.links[2].vlan, 401);
	cr_assert(t.overcommitted & 1u << SPACE_VLAN);
}

Test(passes, vf_addresses_carry_into_next_bus)
{
	struct buf y = { 0 };
	char s[13];
	int r, i;

	bufputs(&y, "hvnet: 1\nname: t\nhost:\n  cpu: { cores: 0-31 }\n  memory: 128GiB\n"
	    "  wire:\n    a: { pf: \"0000:41:00.0\", vf_offset: 250, vf_stride: 1 }\n"
	    "    b: { pf: \"0000:43:00.0\", vf_offset: 16, vf_stride: 2 }\n" LOADGEN "nodes:\n");
	for (i = 0; i < 8; i++)
		bufprintf(&y, "  n%d: {}\n", i);
	bufputs(&y, "links:\n");
	for (i = 1; i < 8; i++)
		bufprintf(&y, "  - n0 -- n%d\n", i);
	r = compileyaml(&t, y.s, 0, &msgs);
	buffree(&y);
	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	/* n0 is the first end of every link: port a, VF = link index. */
	cr_assert_str_eq(fmtpci(s, t.nodes[0].ifaces[2].pci), "0000:41:1f.2");
	cr_assert_str_eq(fmtpci(s, t.nodes[0].ifaces[7].pci), "0000:41:1f.7");
	cr_assert_str_eq(fmtpci(s, t.nodes[0].ifaces[8].pci), "0000:42:00.0");
	/* n3 is the second end of link 2: port b, 0x4300 + 16 + 2*2. */
	cr_assert_str_eq(fmtpci(s, t.nodes[3].ifaces[2].pci), "0000:43:02.4");
}

Test(passes, macs_and_addresses)
{
	char s[19];
	int r = compileyaml(&t, HOST TRI "links: [vm1 -- vm3, vm1 -- vm2]\n"
	    "flows: [{ name: f0, from: vm1, to: vm3 }]\n", 0, &msgs);
	struct node *vm1, *vm3;

	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	vm1 = nodenamed(&t, "vm1");
	vm3 = nodenamed(&t, "vm3");
	/* ingress, egress, then links in link order */
	cr_assert_eq(vm1->ifaces[2].role, ROLE_LINK);
	cr_assert_str_eq(fmtmac(s, vm1->ifaces[2].mac), "02:48:56:00:00:00");
	cr_assert_str_eq(fmtmac(s, vm3->ifaces[2].mac), "02:48:56:01:00:00");
	cr_assert_str_eq(fmtmac(s, vm3->ifaces[0].mac), "02:48:56:02:00:02");
	cr_assert_str_eq(fmtmac(s, vm1->ifaces[2].peermac), "02:48:56:01:00:00");
	cr_assert_str_eq(fmtnet(s, vm1->ifaces[2].addr), "10.0.0.1/30");
	cr_assert_str_eq(fmtnet(s, vm3->ifaces[2].addr), "10.0.0.2/30");
	cr_assert_str_eq(fmtnet(s, vm1->ifaces[3].addr), "10.0.0.5/30");
	cr_assert_str_eq(fmtnet(s, vm3->ifaces[0].addr), "10.254.0.10/30");
	cr_assert_str_eq(fmtip(s, vm3->ifaces[1].peeraddr), "10.255.0.9");
	cr_assert_eq(vm1->ifaces[1].table, 999);
	cr_assert_eq(vm1->ifaces[0].table, -1);
	cr_assert_eq(vm1->ifaces[3].table, 1001);
	cr_assert_str_eq(fmtip(s, t.flows[0].srcaddr), "10.254.0.1");
	cr_assert_str_eq(fmtip(s, t.flows[0].dstaddr), "10.255.0.9");
	cr_assert_str_eq(fmtmac(s, t.flows[0].dstmac), "02:48:56:02:00:00");
}

Test(passes, link_pool_too_small)
{
	struct buf y = { 0 };
	int r, i;

	bufputs(&y, HOST "pools: { link4: 10.0.0.0/28 }\nnodes:\n");
	for (i = 0; i < 10; i++)
		bufprintf(&y, "  n%d: { vcpus: 1, memory: 1GiB }\n", i);
	bufputs(&y, "links:\n");
	for (i = 1; i < 10; i++)
		bufprintf(&y, "  - n0 -- n%d\n", i);
	r = compileyaml(&t, y.s, 0, &msgs);
	buffree(&y);
	cr_assert_eq(r, EXIT_INVALID);
	cr_assert(strstr(msgs, "error: pool 'link4' 10.0.0.0/28 holds 4 links, the topology "
	    "has 9; use a /26 or larger"), "%s", msgs);
}

Test(passes, cores_lowest_free_and_exhaustion)
{
	const char *base = "hvnet: 1\nname: t\nhost:\n  cpu: { cores: 0-3, housekeeping: 0 }\n"
	    "  memory: 64GiB\n" LOADGEN "nodes:\n  a: { vcpus: 2 }\n  b: {}\n";
	struct buf y = { 0 };
	int r = compileyaml(&t, base, 0, &msgs);

	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert_eq(t.nodes[0].cores.n, 2);
	cr_assert_eq(t.nodes[0].cores.v[0], 1);
	cr_assert_eq(t.nodes[0].cores.v[1], 2);
	cr_assert_eq(t.nodes[1].cores.v[0], 3);
	cr_assert_eq(t.host.hugecount, 16);
	teardown();
	bufprintf(&y, "%s  c: {}\n", base);
	r = compileyaml(&t, y.s, 0, &msgs);
	cr_assert_eq(r, EXIT_INVALID);
	cr_assert(strstr(msgs, "error: pool 'cores' 1-3 holds 3 cores, the topology has 4 vCPUs"),
	    "%s", msgs);
	teardown();
	r = compileyaml(&t, y.s, 1, &msgs);
	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert_eq(t.nodes[2].cores.v[0], 1);
	buffree(&y);
}

Test(passes, numa_first_fit_and_hugepages_per_node)
{
	int r = compileyaml(&t, "hvnet: 1\nname: t\nhost:\n"
	    "  cpu: { cores: 0-7, housekeeping: 0, numa: [0-3, 4-7] }\n  memory: 64GiB\n"
	    "  reserve: 4GiB\n" LOADGEN "nodes:\n  a: { vcpus: 2 }\n  b: { vcpus: 2 }\n  c: { vcpus: 1 }\n",
	    0, &msgs);

	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert_eq(t.nodes[0].numanode, 0);
	cr_assert_eq(t.nodes[0].cores.v[0], 1);
	cr_assert_eq(t.nodes[1].numanode, 1);	/* node 0 has only core 3 left */
	cr_assert_eq(t.nodes[1].cores.v[0], 4);
	cr_assert_eq(t.nodes[2].numanode, 0);
	cr_assert_eq(t.nodes[2].cores.v[0], 3);
	cr_assert_eq(t.host.hugecounts[0], 16);
	cr_assert_eq(t.host.hugecounts[1], 8);
}

Test(passes, memory_at_and_past_the_bound)
{
	const char *at = "hvnet: 1\nname: t\nhost:\n  cpu: { cores: 0-7 }\n  memory: 20GiB\n"
	    LOADGEN "nodes:\n  a: {}\n  b: {}\n";	/* 2 x 8 + 4 reserve = 20 */
	const char *past = "hvnet: 1\nname: t\nhost:\n  cpu: { cores: 0-7 }\n  memory: 19GiB\n"
	    LOADGEN "nodes:\n  a: {}\n  b: {}\n";

	cr_assert_eq(compileyaml(&t, at, 0, &msgs), EXIT_OK, "%s", msgs);
	teardown();
	cr_assert_eq(compileyaml(&t, past, 0, &msgs), EXIT_INVALID);
	cr_assert(strstr(msgs, "t.yaml:5:11: error: the VMs need 16 GiB and the host keeps "
	    "4 GiB, but host memory is 19 GiB"), "%s", msgs);
}

Test(passes, shortest_path_bytewise_tiebreak)
{
	int r = compileyaml(&t, HOST "nodes: { s: {}, vm2: {}, vm10: {}, d: {} }\n"
	    "links: [s -- vm2, s -- vm10, vm2 -- d, vm10 -- d]\n"
	    "flows: [{ name: f0, from: s, to: d }, { name: f1, from: d, to: d }]\n", 0, &msgs);

	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert_eq(t.flows[0].npath, 3);
	cr_assert_str_eq(t.flows[0].path[1]->name, "vm10");
	cr_assert_eq(t.flows[0].hops[0], 1);
	cr_assert_eq(t.flows[0].hops[1], 3);
	cr_assert_eq(t.flows[1].npath, 1);	/* from == to: one VM */
	cr_assert_eq(nodenamed(&t, "d")->nrules, 2);
}

Test(passes, ports_default_and_clash)
{
	int r = compileyaml(&t, HOST TRI "links: [vm1 -- vm2]\n"
	    "flows:\n  - { name: f0, from: vm1, to: vm2 }\n"
	    "  - { name: f1, from: vm1, to: vm2, port: 1001 }\n", 0, &msgs);

	cr_assert_eq(r, EXIT_INVALID);
	cr_assert(strstr(msgs, "t.yaml:16:43: error: flow 'f1': UDP port 1001 is already used "
	    "by flow 'f0'"), "%s", msgs);
	teardown();
	r = compileyaml(&t, HOST TRI "links: [vm1 -- vm2]\n"
	    "flows:\n  - { name: f0, from: vm1, to: vm2 }\n  - { name: f1, from: vm2, to: vm1 }\n",
	    0, &msgs);
	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	cr_assert_eq(t.flows[1].dport, 1002);
}

/* 10G over 4 links: auto = floor(0.95 * 10000 / 4) = 2375 Mbit/s. */
static const char *
loadyaml(const char *rate)
{
	static char y[2048];

	snprintf(y, sizeof(y), HOST "nodes: { a: {}, b: {}, c: {}, d: {} }\n"
	    "links: [a -- b, b -- c, c -- d, d -- a]\n"
	    "flows:\n  - { name: f0, from: a, to: b, rate: 2000Mbit/s }\n"
	    "  - { name: f1, from: a, to: b, path: [a, b], rate: %s }\n"
	    "  - { name: f2, from: b, to: a, rate: 2375Mbit/s }\n", rate);
	return y;
}

Test(passes, link_capacity_at_and_past_the_bound)
{
	cr_assert_eq(compileyaml(&t, loadyaml("375Mbit/s"), 0, &msgs), EXIT_OK, "%s", msgs);
	cr_assert_eq(t.links[0].maxrate, 2375000000u);
	cr_assert_eq(t.links[0].load[0], 2375000000u);
	cr_assert_eq(t.links[0].load[1], 2375000000u);
	teardown();
	cr_assert_eq(compileyaml(&t, loadyaml("375000001bit/s"), 0, &msgs), EXIT_INVALID);
	cr_assert(strstr(msgs, "error: link 'a -- b': flows from 'a' to 'b' need 2375.000001 "
	    "Mbit/s, more than its transmit limit of 2375 Mbit/s ('f0', 'f1')"), "%s", msgs);
	teardown();
	cr_assert_eq(compileyaml(&t, loadyaml("375000001bit/s"), 1, &msgs), EXIT_OK);
	cr_assert(strstr(msgs, "warning: link 'a -- b'"), "%s", msgs);
}

Test(passes, order_table_shares_within_one_percent)
{
	size_t count[3] = { 0 }, i;
	int r = compileyaml(&t, HOST TRI "links: [vm1 -- vm2]\n"
	    "flows:\n  - { name: f0, from: vm1, to: vm2, rate: 1Mbit/s }\n"
	    "  - { name: f1, from: vm1, to: vm2, rate: 294Mbit/s }\n"
	    "  - { name: f2, from: vm2, to: vm1, rate: 7Mbit/s, size: 1500 }\n", 0, &msgs);
	double p[3], sum = 0;

	uint32_t *order;

	cr_assert_eq(r, EXIT_OK, "%s", msgs);
	order = orderexpand(&t);
	cr_assert(order);
	for (i = 0; i < t.norder; i++)
		count[order[i]]++;
	free(order);
	for (i = 0; i < 3; i++)
		cr_assert_eq(count[i], t.ordercount[i]);
	for (i = 0; i < 3; i++) {
		p[i] = (double)t.flows[i].rate / (8.0 * (t.flows[i].size + 18));
		sum += p[i];
	}
	cr_assert_geq(count[0], 100);
	for (i = 0; i < 3; i++) {
		double exact = p[i] / sum, got = (double)count[i] / (double)t.norder;

		cr_assert(got >= exact * 0.99 && got <= exact * 1.01, "flow %zu: %f vs %f",
		    i, got, exact);
	}
}

Test(passes, splitmix64_reference_values)
{
	uint64_t s = 0;

	/* Reference outputs of SplitMix64 seeded with 0. */
	cr_assert_eq(splitmix64(&s), 0xe220a8397b1dcdafull);
	cr_assert_eq(splitmix64(&s), 0x6e789e6aa1b965f4ull);
}

/* The shuffle is hvnetc(1), FILES's Fisher-Yates with j = splitmix64() mod (i + 1),
 * whatever division it uses: against the plain one, past FASTMODMIN too. */
Test(passes, ordershuffle_matches_plain_modulo)
{
	static const uint64_t seeds[] = { 0, 1, 42, 0xffffffffffffffffull };
	size_t n = 300000, i, k;
	uint32_t *got = malloc(n * sizeof(*got)), *want = malloc(n * sizeof(*want));

	cr_assert(got && want);
	for (k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		uint64_t s = seeds[k];

		for (i = 0; i < n; i++)
			got[i] = want[i] = (uint32_t)i;
		ordershuffle(got, n, seeds[k]);
		for (i = n; i-- > 1;) {
			size_t j = (size_t)(splitmix64(&s) % (i + 1));
			uint32_t x = want[i];

			want[i] = want[j];
			want[j] = x;
		}
		cr_assert(!memcmp(got, want, n * sizeof(*got)), "seed %llu",
		    (unsigned long long)seeds[k]);
	}
	free(got);
	free(want);
}

/* Appending a node, a link and a flow changes nothing allocated before. */
Test(passes, append_stable)
{
	const char *base = HOST "nodes:\n  vm1: {}\n  vm2: {}\n  vm3: {}\n  vm4: {}\n" "links: [vm1 -- vm2, vm2 -- vm3, vm3 -- vm4]\n"
	    "flows: [{ name: f0, from: vm1, to: vm4 }]\n";
	const char *more = HOST "nodes:\n  vm1: {}\n  vm2: {}\n  vm3: {}\n  vm4: {}\n"
	    "  vm5: { vcpus: 2 }\n"
	    "links: [vm1 -- vm2, vm2 -- vm3, vm3 -- vm4, vm5 -- vm1]\n"
	    "flows: [{ name: f0, from: vm1, to: vm4 }, { name: f1, from: vm5, to: vm4 }]\n";
	struct topo a;
	char *m2 = NULL;
	size_t i, k;

	cr_assert_eq(compileyaml(&t, base, 0, &msgs), EXIT_OK, "%s", msgs);
	a = t;
	memset(&t, 0, sizeof(t));
	cr_assert_eq(compilemem(&t, "b", more, strlen(more), NULL), EXIT_OK);
	for (i = 0; i < a.nlinks; i++)
		cr_assert_eq(a.links[i].vlan, t.links[i].vlan);
	for (i = 0; i < a.nnodes; i++) {
		struct node *x = &a.nodes[i], *y = &t.nodes[i];

		cr_assert_eq(x->cores.v[0], y->cores.v[0]);
		cr_assert(!memcmp(x->uuid, y->uuid, 16));
		for (k = 0; k < x->nifaces; k++) {
			cr_assert(!memcmp(x->ifaces[k].mac, y->ifaces[k].mac, 6));
			cr_assert_eq(x->ifaces[k].addr.addr, y->ifaces[k].addr.addr);
			cr_assert_eq(x->ifaces[k].pci.dev, y->ifaces[k].pci.dev);
			cr_assert_eq(x->ifaces[k].pci.fn, y->ifaces[k].pci.fn);
		}
	}
	cr_assert_eq(a.flows[0].dport, t.flows[0].dport);
	free(m2);
	/* a's arena was freed with t's: both compiles share the process arena. */
	free(a.nodes);
	free(a.links);
	free(a.flows);
}

/*
 * The reference the bidirectional search must agree with: a full
 * breadth-first search from the destination, then the greedy walk from the
 * source to the smallest-named neighbour one step closer.
 */
static int
refpath(const struct topo *tp, const struct flow *f, const struct node **out)
{
	size_t n = tp->nnodes, *dist = malloc(n * sizeof(*dist)), *q = malloc(n * sizeof(*q));
	size_t head = 0, tail = 0, i, a, len;
	const struct node *cur;

	for (i = 0; i < n; i++)
		dist[i] = (size_t)-1;
	dist[f->to->index] = 0;
	q[tail++] = f->to->index;
	while (head < tail) {
		const struct node *u = &tp->nodes[q[head++]];

		for (a = 0; a < u->nadj; a++) {
			const struct link *l = &tp->links[u->adj[a]];
			const struct node *w = l->ends[0] == u ? l->ends[1] : l->ends[0];

			if (dist[w->index] == (size_t)-1) {
				dist[w->index] = dist[u->index] + 1;
				q[tail++] = w->index;
			}
		}
	}
	len = dist[f->from->index];
	cur = out[0] = f->from;
	for (i = 1; len != (size_t)-1 && i <= len; i++) {
		const struct node *best = NULL;

		for (a = 0; a < cur->nadj; a++) {
			const struct link *l = &tp->links[cur->adj[a]];
			const struct node *w = l->ends[0] == cur ? l->ends[1] : l->ends[0];

			if (dist[w->index] == len - i && (!best || strcmp(w->name, best->name) < 0))
				best = w;
		}
		cur = out[i] = best;
	}
	free(dist);
	free(q);
	return len == (size_t)-1 ? -1 : (int)len;
}

/* Random meshes with many equal-length paths: every flow's path is the reference's. */
Test(passes, shortest_paths_match_the_reference)
{
	uint64_t seed;

	for (seed = 1; seed <= 12; seed++) {
		struct buf y = { 0 };
		uint64_t s = seed;
		size_t nn = 20 + seed * 7, i, k, nl = 0;
		char *seen = calloc(nn * nn, 1);
		const struct node **ref;

		bufputs(&y, HOST "nodes:\n");
		for (i = 0; i < nn; i++)	/* names whose bytewise order differs from numeric */
			bufprintf(&y, "  n%zu: {}\n", (i * 7919) % 1000);
		bufputs(&y, "links:\n");
		for (i = 0; i < nn * 2 + seed; i++) {
			size_t u = i < nn - 1 ? i + 1 : splitmix64(&s) % nn;
			size_t v = i < nn - 1 ? splitmix64(&s) % (i + 1) : splitmix64(&s) % nn;

			if (u == v || seen[u * nn + v])
				continue;
			seen[u * nn + v] = seen[v * nn + u] = 1;
			bufprintf(&y, "  - n%zu -- n%zu\n", (u * 7919) % 1000, (v * 7919) % 1000);
			nl++;
		}
		bufputs(&y, "flows:\n");
		for (i = 0; i < 3 * nn; i++)
			bufprintf(&y, "  - { from: n%zu, to: n%zu, rate: 1kbit/s }\n",
			    (splitmix64(&s) % nn * 7919) % 1000, (splitmix64(&s) % nn * 7919) % 1000);
		cr_assert_eq(compileyaml(&t, y.s, 1, &msgs), EXIT_OK, "seed %llu: %s",
		    (unsigned long long)seed, msgs);
		ref = malloc(nn * sizeof(*ref));
		for (i = 0; i < t.nflows; i++) {
			const struct flow *f = &t.flows[i];
			int len = refpath(&t, f, ref);

			cr_assert_eq(len + 1, (int)f->npath, "seed %llu flow %zu: length",
			    (unsigned long long)seed, i);
			for (k = 0; k < f->npath; k++)
				cr_assert_eq(f->path[k], ref[k], "seed %llu flow %zu: hop %zu is %s, not %s",
				    (unsigned long long)seed, i, k, f->path[k]->name, ref[k]->name);
		}
		cr_assert_gt(nl, nn);
		free(ref);
		free(seen);
		buffree(&y);
		teardown();
	}
}

static int
pcicmp(const void *a, const void *b)
{
	const struct pciaddr *x = a, *y = b;
	unsigned long long u = (unsigned long long)x->domain << 16 | x->bus << 8 | x->dev << 3 | x->fn;
	unsigned long long v = (unsigned long long)y->domain << 16 | y->bus << 8 | y->dev << 3 | y->fn;

	return (u > v) - (u < v);
}

/* Every PCI address a sample's plan hands out (PFs and VFs) is unique. */
Test(passes, pci_addresses_unique, .timeout = 60)
{
	glob_t g;
	size_t i, j, k, n;

	cr_assert_eq(glob("samples/*.yaml", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		struct options o = { 0 };
		struct pciaddr *a;

		cr_assert_eq(compile(&t, g.gl_pathv[i], &o), EXIT_OK, "%s", g.gl_pathv[i]);
		for (n = NPORTS, j = 0; j < t.nnodes; j++)
			n += t.nodes[j].nifaces;
		a = calloc(n, sizeof(*a));
		for (n = 0, j = 0; j < NPORTS; j++)
			if (t.host.port[j].declared)
				a[n++] = t.host.port[j].pf;
		for (j = 0; j < t.nnodes; j++)
			for (k = 0; k < t.nodes[j].nifaces; k++)
				if (t.nodes[j].ifaces[k].medium == MEDIUM_SRIOV)	/* a veth has none */
					a[n++] = t.nodes[j].ifaces[k].pci;
		qsort(a, n, sizeof(*a), pcicmp);
		for (j = 1; j < n; j++)
			cr_expect(pcicmp(&a[j - 1], &a[j]), "%s: %04x:%02x:%02x.%x handed out twice",
			    g.gl_pathv[i], a[j].domain, a[j].bus, a[j].dev, a[j].fn);
		free(a);
		teardown();
	}
	globfree(&g);
}

/* A clash of two ports' PCI addresses names both ports. */
Test(passes, pci_clash_names_both)
{
	int r = compileyaml(&t, "hvnet: 1\nname: t\nhost:\n"
	    "  cpu: { vendor: amd, cores: 0-31, housekeeping: 0 }\n  memory: 128GiB\n  wire:\n"
	    "    a: { pf: \"0000:41:00.0\", vf_offset: 16, vf_stride: 1 }\n"
	    "    b: { pf: \"0000:41:02.1\", vf_offset: 16, vf_stride: 1 }\n" LOADGEN TRI
	    "links: [vm1 -- vm2, vm1 -- vm3]\n", 0, &msgs);

	cr_assert_eq(r, EXIT_INVALID);
	cr_assert(strstr(msgs, "t.yaml:7:41: error: port 'a': VF 1 would be 0000:41:02.1, "
	    "the PF of port 'b'\nt.yaml:8:14: note: port 'b' is declared here\n"), "%s", msgs);
}

/* A default pool too small is reported at 'nodes:' (it has no line of its own). */
Test(passes, default_pool_located, .timeout = 60)
{
	struct buf y = { 0 };
	int r, i;

	bufputs(&y, HOST "nodes:\n");
	for (i = 0; i < 16385; i++)
		bufprintf(&y, "  n%d: {}\n", i);
	r = compileyaml(&t, y.s, 1, &msgs);
	buffree(&y);
	cr_assert_eq(r, EXIT_INVALID, "%.2000s", msgs);
	cr_assert(strstr(msgs, "t.yaml:12:1: error: pool 'ingress4' 10.254.0.0/16 holds 16384 "
	    "nodes, the topology has 16385; use a /15 or larger\n"), "%.2000s", msgs);
	cr_assert(strstr(msgs, "t.yaml:12:1: error: pool 'egress4'"), "%.2000s", msgs);
}
