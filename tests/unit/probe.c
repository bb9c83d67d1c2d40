/* probe.c: libpci dump parsing, SR-IOV registers, VF arithmetic, --pci-dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci.h"
#include "unit.h"

#define PCI(d, b, s, f) ((struct pciaddr){ d, b, s, f })

static int
sameaddr(struct pciaddr a, struct pciaddr b)
{
	return a.domain == b.domain && a.bus == b.bus && a.dev == b.dev && a.fn == b.fn;
}

/* An address as one ordered number. */
static unsigned long long
rid(struct pciaddr a)
{
	return (unsigned long long)a.domain << 16 | a.bus << 8 | a.dev << 3 | a.fn;
}

/* Scan fixture name (in tests/pci/), which must succeed. */
static struct pciinfo *
scanok(const char *name, size_t *n)
{
	char path[256], err[300] = "";
	struct pciinfo *v;

	snprintf(path, sizeof(path), "tests/pci/%s", name);
	cr_assert_eq(pciscan(path, &v, n, err, sizeof(err)), 0, "%s: %s", name, err);
	return v;
}

Test(probe, x710_registers)
{
	size_t n;
	struct pciinfo *v = scanok("x710.lspci", &n);
	const struct pciinfo *p;

	cr_assert_eq(n, 5);
	/* libpci returns devices in reverse file order; pciscan sorts them. */
	cr_assert(sameaddr(v[0].addr, PCI(0, 0, 0, 0)));
	cr_assert(sameaddr(v[4].addr, PCI(0, 0x42, 0, 1)));
	p = pcifind(v, n, PCI(0, 0x41, 0, 0));
	cr_assert_not_null(p);
	cr_assert_eq(p->vendor, 0x8086);
	cr_assert_eq(p->device, 0x1572);
	cr_assert_eq(p->class, 0x0200);
	cr_assert(p->sriov && p->pcie);
	cr_assert_eq(p->cfglen, 4096);
	cr_assert_eq(p->totalvfs, 64);
	cr_assert_eq(p->numvfs, 0);
	cr_assert_eq(p->vfoffset, 16);
	cr_assert_eq(p->vfstride, 1);
	cr_assert_eq(p->vfdevice, 0x154c);
	p = pcifind(v, n, PCI(0, 0x42, 0, 1));
	cr_assert_not_null(p);
	cr_assert_eq(p->vfoffset, 79);
	cr_assert_null(pcifind(v, n, PCI(0, 0x43, 0, 0)));
	free(v);
}

Test(probe, device_without_sriov)
{
	size_t n;
	struct pciinfo *v = scanok("x710.lspci", &n);

	/* A conventional PCI host bridge: 256 bytes, no PCIe, no SR-IOV. */
	cr_assert(!v[0].sriov && !v[0].pcie);
	cr_assert_eq(v[0].cfglen, 256);
	cr_assert_eq(v[0].vendor, 0x1022);
	free(v);
	v = scanok("nosriov.lspci", &n);
	cr_assert_eq(n, 1);
	cr_assert(v[0].pcie && !v[0].sriov);
	cr_assert_eq(v[0].cfglen, 4096);
	cr_assert_eq(v[0].device, 0x1533);
	free(v);
}

Test(probe, short_dumps)
{
	size_t n;
	struct pciinfo *v = scanok("short256.lspci", &n);

	/* lspci -xxx: the X710's SR-IOV capability at 0x160 is not there. */
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].cfglen, 256);
	cr_assert(v[0].pcie && !v[0].sriov);
	free(v);
	/* lspci -x without root: even the PCIe capability at 0xa0 is unseen. */
	v = scanok("short64.lspci", &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].cfglen, 64);
	cr_assert(!v[0].pcie && !v[0].sriov);
	cr_assert_eq(v[0].device, 0x1572);
	free(v);
}

Test(probe, malformed_dump_returns)
{
	struct pciinfo *v = (struct pciinfo *)1;
	size_t n = 7;
	char err[300] = "";

	/* libpci's error handler would exit(1); ours longjmps back. */
	cr_assert_eq(pciscan("tests/pci/malformed.lspci", &v, &n, err, sizeof(err)), EXIT_IO);
	cr_assert_null(v);
	cr_assert_eq(n, 0);
	cr_assert(strstr(err, "Malformed line"), "err: %s", err);
	/* And libpci works again afterwards. */
	free(scanok("x710.lspci", &n));
	cr_assert_eq(n, 5);
}

Test(probe, missing_dump)
{
	struct pciinfo *v;
	size_t n;
	char err[300] = "";

	cr_assert_eq(pciscan("tests/pci/no-such.lspci", &v, &n, err, sizeof(err)), EXIT_IO);
	cr_assert(strstr(err, "cannot open"), "err: %s", err);
}

Test(probe, x710_vf_addresses)
{
	size_t n;
	struct pciinfo *v = scanok("x710.lspci", &n);
	const struct pciinfo *f0 = pcifind(v, n, PCI(0, 0x41, 0, 0));
	const struct pciinfo *f1 = pcifind(v, n, PCI(0, 0x41, 0, 1));

	/* SR-IOV routing IDs: PF 04:00.0, offset 16, stride 1 -> VF0 04:02.0, VF1 04:02.1. */
	cr_assert(sameaddr(pcivf(f0, 0), PCI(0, 0x41, 2, 0)));
	cr_assert(sameaddr(pcivf(f0, 1), PCI(0, 0x41, 2, 1)));
	cr_assert(sameaddr(pcivf(f0, 63), PCI(0, 0x41, 9, 7)));
	/* Function 1's VFs follow function 0's 64. */
	cr_assert(sameaddr(pcivf(f1, 0), PCI(0, 0x41, 10, 0)));
	cr_assert(sameaddr(pcivf(f1, 63), PCI(0, 0x41, 17, 7)));
	/* Past device 31 the routing ID carries into the bus number. */
	cr_assert(sameaddr(pcivf(f1, 176), PCI(0, 0x42, 0, 0)));
	free(v);
}

Test(probe, i82576_vf0_on_next_bus)
{
	size_t n;
	struct pciinfo *v = scanok("82576-sriov.lspci", &n);

	cr_assert_eq(n, 1);
	cr_assert(v[0].sriov);
	cr_assert_eq(v[0].totalvfs, 8);
	cr_assert_eq(v[0].numvfs, 1);
	cr_assert_eq(v[0].vfoffset, 384);
	cr_assert_eq(v[0].vfstride, 2);
	cr_assert_eq(v[0].vfdevice, 0x10ca);
	cr_assert(sameaddr(pcivf(&v[0], 0), PCI(0, 2, 0x10, 0)));
	cr_assert(sameaddr(pcivf(&v[0], 7), PCI(0, 2, 0x11, 6)));
	free(v);
}

/* A topology with the four ports of the samples, as the loader leaves it. */
static void
mkports(struct topo *t)
{
	static const struct pciaddr pf[NPORTS] = {
		{ 0, 0x41, 0, 0 }, { 0, 0x42, 0, 0 }, { 0, 0x41, 0, 1 }, { 0, 0x42, 0, 1 },
	};
	int i;

	memset(t, 0, sizeof(*t));
	t->file = "t.yaml";
	for (i = 0; i < NPORTS; i++) {
		struct port *p = &t->host.port[i];

		p->declared = 1;
		p->pf = pf[i];
		p->loc = (struct loc){ "t.yaml", 10 + i, 5 };
		p->pfloc = (struct loc){ "t.yaml", 10 + i, 12 };
		p->vfoffset = p->vfstride = -1;
		p->maxvfs = 64;
	}
}

/* Run pcidump on t with diagnostics captured into *text. */
static int
dumpinto(struct topo *t, const char *file, char **text)
{
	size_t len;
	FILE *f = open_memstream(text, &len);
	int r;

	diagout = f;
	r = pcidump(t, file);
	diagout = NULL;
	fclose(f);
	return r;
}

Test(probe, pcidump_fills_ports)
{
	struct topo t;
	char *text;

	mkports(&t);
	t.host.port[PORT_B].maxvfs = 32;
	t.host.port[PORT_B].maxvfsloc = (struct loc){ "t.yaml", 11, 40 };
	cr_assert_eq(dumpinto(&t, "tests/pci/x710.lspci", &text), EXIT_OK, "%s", text);
	cr_assert_str_empty(text);
	cr_assert_eq(t.host.port[PORT_A].vfoffset, 16);
	cr_assert_eq(t.host.port[PORT_A].vfstride, 1);
	cr_assert_eq(t.host.port[PORT_A].maxvfs, 64);
	cr_assert_eq(t.host.port[PORT_INGRESS].vfoffset, 79);
	cr_assert_eq(t.host.port[PORT_EGRESS].vfoffset, 79);
	/* A max_vfs given in the file and within TotalVFs is kept. */
	cr_assert_eq(t.host.port[PORT_B].maxvfs, 32);
	free(text);
}

Test(probe, pcidump_errors_at_ports)
{
	struct topo t;
	char *text;

	mkports(&t);
	t.host.port[PORT_A].pf = PCI(0, 0x43, 0, 0);
	t.host.port[PORT_INGRESS].vfoffset = 80;
	t.host.port[PORT_INGRESS].vfoffsetloc = (struct loc){ "t.yaml", 12, 50 };
	t.host.port[PORT_EGRESS].maxvfs = 128;
	t.host.port[PORT_EGRESS].maxvfsloc = (struct loc){ "t.yaml", 13, 60 };
	t.host.port[PORT_B].declared = 0;
	cr_assert_eq(dumpinto(&t, "tests/pci/x710.lspci", &text), EXIT_INVALID);
	cr_assert(strstr(text, "t.yaml:10:12: error: port 'wire.a': PF 0000:43:00.0 is not "
	    "in the PCI dump 'tests/pci/x710.lspci'\n"), "%s", text);
	cr_assert(strstr(text, "t.yaml:12:50: error: port 'loadgen.ingress': vf_offset 80 "
	    "differs from PF 0000:41:00.1's SR-IOV capability, which says 79\n"), "%s", text);
	cr_assert(strstr(text, "t.yaml:13:60: error: port 'loadgen.egress': max_vfs 128 "
	    "exceeds PF 0000:42:00.1's TotalVFs 64\n"), "%s", text);
	cr_assert_eq(diagerrors(), 3);
	free(text);
}

Test(probe, pcidump_without_sriov)
{
	struct topo t;
	char *text;

	mkports(&t);
	t.host.port[PORT_A].pf = PCI(0, 0, 0, 0);
	t.host.port[PORT_B].pf = PCI(0, 0x41, 0, 0);
	t.host.port[PORT_INGRESS].declared = 0;
	t.host.port[PORT_EGRESS].declared = 0;
	cr_assert_eq(dumpinto(&t, "tests/pci/x710.lspci", &text), EXIT_INVALID);
	cr_assert(strstr(text, "t.yaml:10:12: error: port 'wire.a': PF 0000:00:00.0 "
	    "(1022:1450) has no SR-IOV capability\n"), "%s", text);
	free(text);
	mkports(&t);
	cr_assert_eq(dumpinto(&t, "tests/pci/short256.lspci", &text), EXIT_INVALID);
	cr_assert(strstr(text, "t.yaml:10:12: error: port 'wire.a': the PCI dump "
	    "'tests/pci/short256.lspci' holds only 256 bytes of PF 0000:41:00.0's"), "%s", text);
	free(text);
}

Test(probe, pcidump_malformed_is_io_error)
{
	struct topo t;
	char *text;

	mkports(&t);
	cr_assert_eq(dumpinto(&t, "tests/pci/malformed.lspci", &text), EXIT_IO);
	cr_assert(strstr(text, "hvnetc: error: --pci-dump 'tests/pci/malformed.lspci': "
	    "libpci: dump: Malformed line"), "%s", text);
	cr_assert_eq(t.host.port[PORT_A].vfoffset, -1);
	free(text);
}

Test(probe, machine_bus_scan_returns)
{
	struct pciinfo *v = NULL;
	size_t n = 0, i;
	char err[300] = "";
	int r = pciscan(NULL, &v, &n, err, sizeof(err));

	/* Whatever this machine has (or lacks: no /sys/bus/pci in a container),
	 * the scan comes back, sorted, without libpci exiting. */
	cr_assert(r == EXIT_OK || r == EXIT_IO);
	cr_assert(r == EXIT_OK || (err[0] && !v && !n), "%s", err);
	for (i = 1; i < n; i++)
		cr_assert_lt(rid(v[i - 1].addr), rid(v[i].addr));
	free(v);
}

/* The driver's limit comes from sysfs: a value, nothing, or garbage. */
Test(probe, sysfs_totalvfs)
{
	char root[] = "/tmp/hvnet-sysfsXXXXXX", path[300];
	struct pciaddr a = PCI(0, 0x01, 0, 0);
	FILE *f;

	cr_assert(mkdtemp(root));
	snprintf(path, sizeof(path), "mkdir -p %s/bus/pci/devices/0000:01:00.0", root);
	cr_assert_eq(system(path), 0);
	cr_assert_eq(sysfsvfs(root, a), -1, "no sriov_totalvfs: unknown");
	snprintf(path, sizeof(path), "%s/bus/pci/devices/0000:01:00.0/sriov_totalvfs", root);
	cr_assert((f = fopen(path, "w")));
	fputs("7\n", f);
	fclose(f);
	cr_assert_eq(sysfsvfs(root, a), 7, "igb's 7 of the 82576's 8");
	cr_assert_eq(sysfsvfs(root, PCI(0, 0x01, 0, 1)), -1, "another function");
	cr_assert((f = fopen(path, "w")));
	fputs("seven\n", f);
	fclose(f);
	cr_assert_eq(sysfsvfs(root, a), -1, "not a number: unknown");
	snprintf(path, sizeof(path), "rm -rf %s", root);
	cr_assert_eq(system(path), 0);
}

/* A dump has no sysfs: every PF's limit is unknown. */
Test(probe, dump_has_no_sysfs_limit)
{
	size_t n, i;
	struct pciinfo *v = scanok("82576-sriov.lspci", &n);

	for (i = 0; i < n; i++)
		if (v[i].sriov)
			cr_assert_eq(v[i].sysvfs, -1);
	free(v);
}
