/*
 * `hvnetc probe`: the SR-IOV NICs of this machine or of an `lspci -xxxx`
 * dump (front/pci.c reads them with libpci) as a host.wire/host.loadgen
 * snippet for the topology file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "args.h"
#include "hvnetc.h"
#include "pci.h"
#include "yamlout.h"

/*
 * Parse a PCI address "dddd:bb:dd.f" or "bb:dd.f" (libpci's slot syntax,
 * as lspci -s takes it, without wildcards or missing parts); 0 on success.
 */
static int
pciparse(const char *s, struct pciaddr *a)
{
	struct pci_filter f;
	char buf[32];

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	pci_filter_init(NULL, &f);
	if (pci_filter_parse_slot(&f, buf) || f.bus < 0 || f.slot < 0 || f.func < 0 ||
	    f.domain > 0xffff)
		return -1;
	*a = (struct pciaddr){ f.domain < 0 ? 0 : (unsigned)f.domain, (unsigned)f.bus,
	    (unsigned)f.slot, (unsigned)f.func };
	return 0;
}

/* Every function of v that a PF of the topology can be. */
static size_t
probeall(const struct pciinfo *v, size_t n, const struct pciinfo **sel)
{
	const char *why = NULL;
	size_t i, k = 0, hidden = 0;

	for (i = 0; i < n; i++) {
		if (v[i].sriov)
			sel[k++] = &v[i];
		else if (v[i].class >> 8 == 0x02 && pcihidden(&v[i]) && ++hidden)
			why = pcihidden(&v[i]);
	}
	if (hidden)
		fprintf(stderr, "hvnetc probe: note: %zu network device%s may have SR-IOV "
		    "unseen: %s\n", hidden, hidden == 1 ? "" : "s", why);
	return k;
}

/* The functions named on the command line, in order; minus an exit status on error. */
static long
probenamed(const struct pciinfo *v, size_t n, char **names, int nnames,
    const struct pciinfo **sel, const char *src)
{
	const struct pciinfo *p;
	struct pciaddr a;
	char pf[13];
	int i;

	for (i = 0; i < nnames; i++) {
		if (pciparse(names[i], &a)) {
			fprintf(stderr, "hvnetc probe: '%s' is not a PCI address "
			    "(dddd:bb:dd.f or bb:dd.f)\n", names[i]);
			return -EXIT_USAGE;
		}
		fmtpci(pf, a);
		if (!(p = pcifind(v, n, a)))
			syserr("PF %s is not in %s", pf, src);
		else if (!p->sriov && pcihidden(p))
			syserr("PF %s shows only %u bytes of configuration space in %s: %s",
			    pf, p->cfglen, src, pcihidden(p));
		else if (!p->sriov)
			syserr("PF %s (%04x:%04x) has no SR-IOV capability%s", pf,
			    p->vendor, p->device, p->pcie ? "" : " (not a PCI Express device)");
		if (!p || !p->sriov)
			return -EXIT_IO;
		sel[i] = p;
	}
	return nnames;
}

/*
 * Roles for the PFs in sel: named PFs take a, b, ingress, egress in order.
 * Found ones follow HVNet's cabling when there are two NICs of two ports
 * or more: the first ports of the two NICs are wired to each other (a, b),
 * the second ones lead to the LoadGen (ingress, egress).
 */
static void
proberoles(const struct pciinfo **sel, size_t n, int named, const struct pciinfo **role)
{
	size_t i, nic2 = n;

	memset(role, 0, NPORTS * sizeof(*role));
	for (i = 1; i < n && nic2 == n; i++)
		if (!samenic(sel[i]->addr, sel[0]->addr))
			nic2 = i;
	if (!named && nic2 >= 2 && nic2 + 1 < n &&
	    samenic(sel[nic2 + 1]->addr, sel[nic2]->addr)) {
		role[PORT_A] = sel[0];
		role[PORT_B] = sel[nic2];
		role[PORT_INGRESS] = sel[1];
		role[PORT_EGRESS] = sel[nic2 + 1];
		return;
	}
	for (i = 0; i < n && i < NPORTS; i++)
		role[i] = sel[i];
}

/* key: { pf: "...", vf_offset: N, vf_stride: N, max_vfs: N } */
static void
yport(struct yout *y, const char *key, const struct pciinfo *p)
{
	char pf[13];

	ystr(y, key);
	ymap(y, 1);
	ykquoted(y, "pf", fmtpci(pf, p->addr));
	ykuint(y, "vf_offset", p->vfoffset);
	ykuint(y, "vf_stride", p->vfstride);
	ykuint(y, "max_vfs", p->sysvfs >= 0 ? (unsigned long)p->sysvfs : p->totalvfs);
	yend(y);
}

/* One section (wire or loadgen) of the snippet, if it has a port. */
static void
ysection(struct yout *y, const char *key, const char *const *keys,
    const struct pciinfo *const *role)
{
	if (!role[0] && !role[1])
		return;
	ystr(y, key);
	ymap(y, 0);
	if (role[0])
		yport(y, keys[0], role[0]);
	if (role[1])
		yport(y, keys[1], role[1]);
	yend(y);
}

/* The `host:` snippet, with libyaml's emitter; 0 on success. */
static int
probeyaml(struct buf *b, const struct pciinfo *const *role)
{
	static const char *const wire[] = { "a", "b" }, *const lg[] = { "ingress", "egress" };
	struct yout y;

	yopen(&y, b);
	ymap(&y, 0);
	ystr(&y, "host");
	ymap(&y, 0);
	ysection(&y, "wire", wire, role);
	ysection(&y, "loadgen", lg, role + PORT_INGRESS);
	yend(&y);
	yend(&y);
	return yclose(&y);
}

/* The listing, as YAML comments, so the whole output can be pasted. */
static void
probelist(struct buf *b, const struct pciinfo *const *sel, size_t n,
    const struct pciinfo *const *role, const char *src)
{
	char pf[13], vf0[13];
	size_t i;
	int nroles = 0, nosys = 0;

	bufprintf(b, "# SR-IOV physical functions in %s:\n", src);
	for (i = 0; i < n; i++) {
		bufprintf(b, "#   %s  %04x:%04x  TotalVFs %u  NumVFs %u  VF offset %u  "
		    "stride %u  VF device %04x:%04x  VF0 %s", fmtpci(pf, sel[i]->addr),
		    sel[i]->vendor, sel[i]->device, sel[i]->totalvfs, sel[i]->numvfs,
		    sel[i]->vfoffset, sel[i]->vfstride, sel[i]->vendor, sel[i]->vfdevice,
		    fmtpci(vf0, pcivf(sel[i], 0)));
		if (sel[i]->sysvfs >= 0)
			bufprintf(b, "  sriov_totalvfs %ld", sel[i]->sysvfs);
		else
			nosys++;
		bufputs(b, "\n");
	}
	for (i = 0; i < NPORTS; i++)
		nroles += role[i] != NULL;
	bufputs(b, "# Paste under the topology's 'host:'.  Ports a and b must be cabled to\n"
	    "# each other, ingress and egress to the LoadGen; add each port's speed\n"
	    "# (default 10Gbit/s) and each loadgen port's peer_mac (the LoadGen's MAC).\n"
	    "# Offset and stride are those for the NumVFs shown (SR-IOV lets them\n"
	    "# change with NumVFs).\n");
	if (nosys)
		bufputs(b, "# max_vfs is the configuration space's TotalVFs where sysfs gave no\n"
		    "# sriov_totalvfs (a dump, or a PF without its driver): the driver may\n"
		    "# allow fewer; see /sys/bus/pci/devices/PF/sriov_totalvfs on the host.\n");
	else
		bufputs(b, "# max_vfs is what the driver allows (sysfs sriov_totalvfs).\n");
	if (nroles < NPORTS)
		bufprintf(b, "# Only %d SR-IOV port%s: the topology needs four.\n",
		    nroles, nroles == 1 ? "" : "s");
}

enum { K_PCIDUMP = 256 };

static const struct opt probeopts[] = {
	{ "pci-dump", 1, K_PCIDUMP }, { NULL, 0, 0 },
};

static const struct cmdargs probeargs = {
	"probe",
	"usage: hvnetc probe [--pci-dump FILE] [PF...]\n",
	"Describe the SR-IOV physical functions of this machine (or of an 'lspci -xxxx'\n"
	"dump) with libpci, and print a host.wire/host.loadgen snippet to paste.\n"
	"Named PFs (dddd:bb:dd.f) take the ports a, b, ingress, egress in order;\n"
	"otherwise two NICs of two ports or more are taken as HVNet cables them\n"
	"(the NICs' first ports a and b, their second ports ingress and egress).\n"
	"Reading extended configuration space needs root.  Exit status: 0, 2 usage,\n"
	"3 the dump is unreadable or malformed, or a PF is missing or lacks SR-IOV.\n",
	probeopts,
};

static int
pset(void *ctx, int key, const char *v)
{
	(void)key;
	*(const char **)ctx = v;
	return 0;
}

/* Select, list and emit; the scan is done. */
static int
proberun(const struct pciinfo *v, size_t n, char **names, int nnames, const char *src)
{
	const struct pciinfo **sel = xcalloc(n + 1, sizeof(*sel)), *role[NPORTS];
	struct buf out = { 0 };
	long k;
	int r = EXIT_OK;

	k = nnames ? probenamed(v, n, names, nnames, sel, src) : (long)probeall(v, n, sel);
	if (k == 0) {
		syserr("no SR-IOV physical function in %s", src);
		r = EXIT_IO;
	} else if (k < 0)
		r = (int)-k;
	if (r == EXIT_OK) {
		proberoles(sel, (size_t)k, nnames > 0, role);
		probelist(&out, sel, (size_t)k, role, src);
		if (probeyaml(&out, role)) {
			syserr("cannot emit the YAML snippet");
			r = EXIT_IO;
		}
	}
	if (r == EXIT_OK)
		r = putout(&out);
	buffree(&out);
	free(sel);
	return r;
}

int
cmdprobe(int argc, char **argv)
{
	const char *dump = NULL;
	struct pciinfo *v;
	size_t n;
	char err[300], src[300];
	char **pfs;
	int npfs, r = argparse(&probeargs, argc, argv, pset, &dump, &npfs, &pfs);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (npfs > NPORTS)
		return argusage(&probeargs, "at most %d PFs (a, b, ingress, egress)", NPORTS);
	if (dump)
		snprintf(src, sizeof(src), "the dump '%s'", dump);
	else
		snprintf(src, sizeof(src), "this machine's PCI devices");
	if (pciscan(dump, &v, &n, err, sizeof(err)) != EXIT_OK) {
		syserr("%s: %s", dump ? dump : "PCI bus", err);
		return EXIT_IO;
	}
	r = proberun(v, n, pfs, npfs, src);
	free(v);
	return r;
}
