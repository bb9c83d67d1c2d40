/* The front end: value grammars, and the samples loaded into the model. */
#include <limits.h>
#include <string.h>

#include "load.h"
#include "unit.h"

#define GIB ((uint64_t)1 << 30)

Test(grammar, sizes)
{
	uint64_t v;

	cr_assert(!parsesize("8GiB", &v) && v == 8 * GIB);
	cr_assert(!parsesize("8G", &v) && v == 8 * GIB);
	cr_assert(!parsesize("512MiB", &v) && v == 512u << 20);
	cr_assert(!parsesize("2M", &v) && v == 2u << 20);
	cr_assert(!parsesize("4096", &v) && v == 4096);
	cr_assert(!parsesize("1TiB", &v) && v == (uint64_t)1 << 40);
	cr_assert(!parsesize("16777215TiB", &v) && v == (uint64_t)16777215 << 40);
	cr_assert(parsesize("16777216TiB", &v));	/* 2^64 */
	cr_assert(parsesize("99999999999GiB", &v));
	cr_assert(parsesize("99999999999999999999999", &v));
	cr_assert(parsesize("8GB", &v));
	cr_assert(parsesize("8 gib", &v));
	cr_assert(parsesize("", &v));
	cr_assert(parsesize("GiB", &v));
	cr_assert(parsesize("-1GiB", &v));
	cr_assert(parsesize("1.5GiB", &v));
}

Test(grammar, rates)
{
	uint64_t v;

	cr_assert(!parserate("1Mbit/s", &v) && v == 1000000);
	cr_assert(!parserate("94Mbit/s", &v) && v == 94000000);
	cr_assert(!parserate("10Gbit/s", &v) && v == 10000000000u);
	cr_assert(!parserate("500kbit/s", &v) && v == 500000);
	cr_assert(!parserate("791.67Mbit/s", &v) && v == 791670000);
	cr_assert(!parserate("0.0000015Mbit/s", &v) && v == 2);	/* 1.5 bit/s rounds up */
	cr_assert(!parserate("0.0000014Mbit/s", &v) && v == 1);
	cr_assert(!parserate("1.5bit/s", &v) && v == 2);
	cr_assert(!parserate("123", &v) && v == 123);
	cr_assert(!parserate("18446744073709551615bit/s", &v) && v == UINT64_MAX);
	cr_assert(parserate("18446744073709551616bit/s", &v));
	cr_assert(parserate("18446744073.709551616Gbit/s", &v));
	cr_assert(parserate("99999999999Gbit/s", &v));
	cr_assert(parserate("10Gbps", &v));
	cr_assert(parserate("10GB/s", &v));
	cr_assert(parserate("1.Mbit/s", &v));
	cr_assert(parserate(".5Mbit/s", &v));
	cr_assert(parserate("1..5Mbit/s", &v));
	cr_assert(parserate("Mbit/s", &v));
	cr_assert(parserate("-1Mbit/s", &v));
}

Test(grammar, durations)
{
	uint64_t v;

	cr_assert(!parseduration("180s", &v) && v == 180);
	cr_assert(!parseduration("3m", &v) && v == 180);
	cr_assert(!parseduration("1h", &v) && v == 3600);
	cr_assert(!parseduration("42", &v) && v == 42);
	cr_assert(parseduration("1d", &v));
	cr_assert(parseduration("s", &v));
	cr_assert(parseduration("1.5h", &v));
	cr_assert(parseduration("9999999999999999999h", &v));
	cr_assert(parseduration("5124095576030432h", &v));	/* * 3600 > 2^64 */
}

Test(grammar, cpulists)
{
	struct cpulist c;

	cr_assert(!parsecpus("0-3,8,10-11", &c));
	cr_assert(c.n == 7 && c.v[0] == 0 && c.v[3] == 3 && c.v[4] == 8 && c.v[6] == 11);
	cr_assert(!parsecpus("8,0-1", &c) && c.n == 3 && c.v[0] == 0 && c.v[2] == 8);
	cr_assert(!parsecpus("5", &c) && c.n == 1 && c.v[0] == 5);
	cr_assert(!parsecpus("8191", &c) && c.n == 1);
	cr_assert(!parsecpus("0-8191", &c) && c.n == 8192);
	cr_assert(parsecpus("8192", &c));
	cr_assert(parsecpus("3-0", &c));
	cr_assert(parsecpus("0-3,2", &c));
	cr_assert(parsecpus("1,1", &c));
	cr_assert(parsecpus("0-", &c));
	cr_assert(parsecpus("0,", &c));
	cr_assert(parsecpus(",0", &c));
	cr_assert(parsecpus("", &c));
	cr_assert(parsecpus("a", &c));
	cr_assert(parsecpus("0 - 3", &c));
	cr_assert(parsecpus("99999999999999999999999", &c));
}

Test(grammar, pci)
{
	struct pciaddr a;

	cr_assert(!parsepci("0000:41:00.0", &a) && a.domain == 0 && a.bus == 0x41 && a.dev == 0 && a.fn == 0);
	cr_assert(!parsepci("ffff:FF:1f.7", &a) && a.domain == 0xffff && a.bus == 0xff && a.dev == 31 && a.fn == 7);
	cr_assert(parsepci("0000:41:20.0", &a));	/* device 32 */
	cr_assert(parsepci("0000:41:00.8", &a));	/* function 8 */
	cr_assert(parsepci("41:00.0", &a));
	cr_assert(parsepci("0000:41:00", &a));
	cr_assert(parsepci("0000:41:00.0 ", &a));
	cr_assert(parsepci("00000:41:00.0", &a));
	cr_assert(parsepci("0000:4g:00.0", &a));
}

Test(grammar, mac)
{
	uint8_t m[6];

	cr_assert(!parsemac("02:4c:47:00:00:01", m, 6) && m[0] == 2 && m[1] == 0x4c && m[5] == 1);
	cr_assert(!parsemac("02:4C:47:00:00:FF", m, 6) && m[5] == 0xff);
	cr_assert(parsemac("01:00:5e:00:00:01", m, 6));	/* multicast */
	cr_assert(parsemac("ff:ff:ff:ff:ff:ff", m, 6));	/* broadcast */
	cr_assert(parsemac("00:00:00:00:00:00", m, 6));
	cr_assert(parsemac("02:4c:47:00:00", m, 6));
	cr_assert(parsemac("02:4c:47:00:00:01:02", m, 6));
	cr_assert(parsemac("02-4c-47-00-00-01", m, 6));
	cr_assert(parsemac("2:4c:47:0:0:1", m, 6));
	cr_assert(!parsemac("02:48:56", m, 3) && m[2] == 0x56);
	cr_assert(parsemac("03:48:56", m, 3));
}

Test(grammar, cidr)
{
	struct net4 n;

	cr_assert(!parsenet("10.0.0.0/16", &n) && n.addr == 10u << 24 && n.plen == 16);
	cr_assert(!parsenet("10.254.0.0/16", &n) && n.addr == (10u << 24 | 254u << 16));
	cr_assert(!parsenet("0.0.0.0/0", &n) && n.plen == 0);
	cr_assert(!parsenet("192.168.1.4/30", &n));
	cr_assert(!parsenet("192.168.1.1/32", &n));
	cr_assert(parsenet("10.0.0.1/16", &n));	/* host bits */
	cr_assert(parsenet("10.0.0.0/33", &n));
	cr_assert(parsenet("10.0.0.0", &n));
	cr_assert(parsenet("256.0.0.0/8", &n));
	cr_assert(parsenet("010.0.0.0/8", &n));
	cr_assert(parsenet("10.0.0/8", &n));
	cr_assert(parsenet("10.0.0.0.0/8", &n));
	cr_assert(parsenet("10.0.0.0/", &n));
	cr_assert(parsenet("10.0.0.0/8x", &n));
}

Test(grammar, names)
{
	cr_assert(!checkname("vm1", 15));
	cr_assert(!checkname("a", 15));
	cr_assert(!checkname("a-b-c", 15));
	cr_assert(!checkname("abcdefghijklmno", 15));	/* 15 */
	cr_assert(checkname("abcdefghijklmnop", 15));	/* 16 */
	cr_assert(!checkname("abcdefghijklmnop", 32));
	cr_assert(checkname("a;b", 15));
	cr_assert(checkname("../x", 15));
	cr_assert(checkname("$(x)", 15));
	cr_assert(checkname("a b", 15));
	cr_assert(checkname("Vm1", 15));
	cr_assert(checkname("vM1", 15));
	cr_assert(checkname("1vm", 15));
	cr_assert(checkname("-vm", 15));
	cr_assert(checkname("", 15));
	cr_assert(checkname("vm_1", 15));
	cr_assert(checkname("vm.1", 15));
	cr_assert(isreserved("loadgen") && isreserved("all") && isreserved("yes")
	    && isreserved("null") && isreserved("n") && isreserved("localhost"));
	cr_assert(!isreserved("vm1") && !isreserved("nn"));
}

Test(grammar, paths_and_cmdlines)
{
	char *s;

	cr_assert(!checkpath("/var/lib/hvnet/debian-rt.qcow2"));
	cr_assert(!checkpath("/boot/vmlinuz-6.1+rt_x"));
	cr_assert(checkpath("boot/vmlinuz"));
	cr_assert(checkpath("/boot/../etc/shadow"));
	cr_assert(checkpath("/boot/a b"));
	cr_assert(checkpath("/boot/$(x)"));
	cr_assert(checkpath("/boot/a;b"));
	cr_assert(!parsecmdline("console=ttyS0  isolcpus=1-3,5 ", &s) && strcmp(s, "console=ttyS0 isolcpus=1-3,5") == 0);
	cr_assert(!parsecmdline("a.b:c/d+e_f", &s) && strcmp(s, "a.b:c/d+e_f") == 0);
	cr_assert(!parsecmdline("", &s) && s == NULL);
	cr_assert(parsecmdline("a;reboot", &s));
	cr_assert(parsecmdline("a=$(x)", &s));
	cr_assert(parsecmdline("a=\"b c\"", &s));
	cr_assert(parsecmdline("a\tb", &s));
}

Test(grammar, ints_and_vlans)
{
	long v;
	int lo, hi;

	cr_assert(!parseint("42", 0, 100, &v) && v == 42);
	cr_assert(!parseint("-1", -5, 5, &v) && v == -1);
	cr_assert(parseint("101", 0, 100, &v));
	cr_assert(parseint("-6", -5, 5, &v));
	cr_assert(parseint("99999999999999999999", 0, 100, &v));
	cr_assert(parseint("9223372036854775808", 0, 100, &v));
	cr_assert(!parseint("-9223372036854775808", LONG_MIN, LONG_MAX, &v) && v == LONG_MIN);
	cr_assert(!parseint("9223372036854775807", LONG_MIN, LONG_MAX, &v) && v == LONG_MAX);
	cr_assert(parseint("-9223372036854775809", LONG_MIN, LONG_MAX, &v));
	cr_assert(parseint("9223372036854775808", LONG_MIN, LONG_MAX, &v));
	cr_assert(parseint("1.0", 0, 100, &v));
	cr_assert(parseint("0x10", 0, 100, &v));
	cr_assert(parseint("-", 0, 100, &v));
	cr_assert(!parsevlans("401-4094", &lo, &hi) && lo == 401 && hi == 4094);
	cr_assert(!parsevlans("7", &lo, &hi) && lo == 7 && hi == 7);
	cr_assert(parsevlans("0-10", &lo, &hi));
	cr_assert(parsevlans("1-4095", &lo, &hi));
	cr_assert(parsevlans("10-5", &lo, &hi));
}

static struct topo t;

static void
loadsample(const char *file)
{
	memset(&t, 0, sizeof(t));
	cr_assert_eq(load(&t, file), EXIT_OK);
	check(&t);
	cr_assert_eq(diagerrors(), 0);
}

Test(load, fig1)
{
	const struct node *n;
	const struct flow *f;

	loadsample("samples/fig1.yaml");
	cr_assert_str_eq(t.name, "fig1");
	cr_assert(t.nameloc.line == 6 && t.nameloc.col == 7);
	cr_assert_str_eq(t.host.name, "dut");
	cr_assert(t.host.cores.n == 32 && t.host.housekeeping.n == 1 && t.host.housekeeping.v[0] == 0);
	cr_assert(t.host.coresloc.line == 9 && t.host.coresloc.col == 30);
	cr_assert(t.host.memory == 128 * GIB && t.host.reserve == 4 * GIB && t.host.hugepage == GIB);
	cr_assert(t.host.vendor == VENDOR_AMD && !t.host.mgmt && !t.host.numa);
	cr_assert(t.host.port[PORT_A].pf.bus == 0x41 && t.host.port[PORT_A].vfoffset == 16);
	cr_assert(t.host.port[PORT_EGRESS].pf.bus == 0x42 && t.host.port[PORT_EGRESS].pf.fn == 1);
	cr_assert(t.host.port[PORT_EGRESS].vfoffset == 79 && t.host.port[PORT_EGRESS].peermac[5] == 2);
	cr_assert(t.host.port[PORT_B].speed == 10000000000u && t.host.port[PORT_B].maxvfs == 64);
	cr_assert(t.host.port[PORT_A].pfloc.line == 14 && t.host.port[PORT_A].pfloc.col == 14);
	cr_assert(t.nnodes == 3 && t.nlinks == 3 && t.nflows == 4);
	n = &t.nodes[2];
	cr_assert_str_eq(n->name, "vm3");
	cr_assert(n->loc.line == 26 && n->loc.col == 3);
	cr_assert(n->vcpus == 2 && n->vcpusloc.line == 26 && n->vcpusloc.col == 17);
	cr_assert(n->memory == 8 * GIB && n->memoryloc.line == 21);	/* from defaults.vm */
	cr_assert_str_eq(n->kernel, "/boot/vmlinuz-rt");
	cr_assert_str_eq(n->cmdline, "net.ifnames=0");
	cr_assert_str_eq(n->image, "/var/lib/hvnet/debian-rt.qcow2");
	cr_assert(t.nodes[0].vcpus == 1 && !t.nodes[0].kernel && !t.nodes[0].cmdline);
	cr_assert(t.links[0].ends[0] == &t.nodes[0] && t.links[0].ends[1] == &t.nodes[2]);
	cr_assert(t.links[2].endloc[1].line == 30 && t.links[2].endloc[1].col == 12);
	cr_assert(t.links[0].ratemode == RATE_AUTO && !t.links[0].vlanset);
	cr_assert(t.nodes[0].nadj == 2 && t.nodes[0].adj[0] == 0 && t.nodes[0].adj[1] == 1);
	cr_assert(t.nodes[2].nadj == 2 && t.nodes[2].adj[0] == 0 && t.nodes[2].adj[1] == 2);
	f = &t.flows[1];
	cr_assert_str_eq(f->name, "f1");
	cr_assert(f->from == &t.nodes[1] && f->to == &t.nodes[2] && f->rate == 94000000);
	cr_assert(f->npathname == 3 && f->npath == 3 && f->path[1] == &t.nodes[0]);
	cr_assert(f->hops[0] == 1 && f->hops[1] == 0);
	cr_assert(f->pathloc[2].line == 33 && f->pathloc[2].col == 54);
	cr_assert(f->size == 363 && f->dport == -1 && !f->dportset);
	cr_assert(t.flows[3].rate == 1000000 && t.flows[3].from == t.flows[3].to);
	cr_assert(t.pools.vlanlo == 401 && t.pools.vlanhi == 4094 && t.pools.link4.plen == 16);
	cr_assert(t.pools.mac[0] == 2 && t.pools.mac[2] == 0x56);
	cr_assert(t.meas.duration == 180 && t.meas.repetitions == 3 && t.meas.seed == 1);
	cr_assert(t.meas.ordertable == 4096 && t.meas.ordertablemax == 1000000);
	cr_assert_str_eq(t.meas.loadgen, "loadgen");
	cr_assert(t.meas.lgtx == 0 && t.meas.lgrx == 1 && t.meas.tspost == 1);
}

Test(load, nw)
{
	loadsample("samples/nw.yaml");
	cr_assert_str_eq(t.name, "nw");
	cr_assert(t.nnodes == 15 && t.nlinks == 20 && t.nflows == 19);
	cr_assert(t.host.nnuma == 4 && t.host.numa[1].n == 8 && t.host.numa[1].v[0] == 8);
	cr_assert(t.nodes[14].vcpus == 2 && t.nodes[14].memory == 8 * GIB);
	cr_assert(t.links[19].ends[0] == &t.nodes[3] && t.links[19].ends[1] == &t.nodes[11]);
	cr_assert(t.flows[18].rate == 12000000 && t.flows[18].npath == 4);
	cr_assert(t.flows[0].size == 363 && t.flows[0].sizeloc.line == 23);
	cr_assert(t.nodes[0].nadj == 2 && t.nodes[0].adj[1] == 14);
}

/* A whole document as one tree: items counted, a mapping's keys and values alternate. */
Test(load, ydoc)
{
	const char *text = "a: [1, 'two', {b: c}]\nd: e\n";
	struct ydoc d = { E_IMPORTEMPTY, E_IMPORTALIAS, E_IMPORTDOCS, NULL, NULL };
	const struct ynode *r, *l;

	cr_assert_eq(ydocread(&d, "t.yaml", text, strlen(text)), 0);
	r = d.root;
	cr_assert(r->kind == YMAP && r->n == 4 && r->loc.line == 1 && r->loc.col == 1);
	cr_assert_str_eq(r->child->s, "a");
	l = r->child->next;
	cr_assert(l->kind == YSEQ && l->n == 3 && l->child->plain && !l->child->next->plain);
	cr_assert(l->last->kind == YMAP && l->last->n == 2 && l->last->loc.col == 15);
	cr_assert_str_eq(r->last->s, "e");
	cr_assert(r->last->loc.line == 2 && r->last->loc.col == 4);
	ydocfree(&d);
	diagout = fopen("/dev/null", "w");
	cr_assert_eq(ydocread(&d, "t.yaml", "", 0), -1);
	cr_assert(!d.root && diagerrors() == 1);
	ydocfree(&d);
	cr_assert_eq(ydocread(&d, "t.yaml", "a\n---\nb\n", 8), -1);
	cr_assert(diagerrors() == 2);
	ydocfree(&d);
	fclose(diagout);
	diagout = NULL;
	diagreset();
}
