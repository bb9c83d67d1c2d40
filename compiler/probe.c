/*
 * SR-IOV facts from libpci: `hvnetc probe` and `--pci-dump` (pcidump()).
 *
 * libpci reports fatal problems (a malformed dump, a file it cannot open)
 * through pci_access.error, which must not return and exits the process by
 * default.  Ours records the message and longjmps back into pciscan(), so a
 * bad dump is a diagnostic with status 3, never an exit from inside libpci.
 *
 * libpci is loaded on first use, by its soname PCILIB (the Makefile reads it
 * from the library pkg-config finds): with libudev, which it pulls in, it
 * was 0.16 ms of every run's start, and only these two need it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "diag.h"
#include "dl.h"
#include "hvnetc.h"
#include "probe.h"
#include "yamlout.h"

/* The libpci functions used here, typed by its own declarations; dlsym
 * gives each symbol's default version, as linking would. */
static struct {
	__typeof__(pci_alloc) *alloc;
	__typeof__(pci_init) *init;
	__typeof__(pci_cleanup) *cleanup;
	__typeof__(pci_set_param) *setparam;
	__typeof__(pci_scan_bus) *scanbus;
	__typeof__(pci_fill_info) *fillinfo;
	__typeof__(pci_find_cap) *findcap;
	__typeof__(pci_read_block) *readblock;
	__typeof__(pci_read_word) *readword;
	__typeof__(pci_filter_init) *filterinit;
	__typeof__(pci_filter_parse_slot) *parseslot;
} pci;

/* Load libpci once; NULL, or what failed. */
static const char *
pciload(void)
{
	static const struct dlfunc f[] = {
		{ "pci_alloc", &pci.alloc }, { "pci_init", &pci.init },
		{ "pci_cleanup", &pci.cleanup }, { "pci_set_param", &pci.setparam },
		{ "pci_scan_bus", &pci.scanbus }, { "pci_fill_info", &pci.fillinfo },
		{ "pci_find_cap", &pci.findcap }, { "pci_read_block", &pci.readblock },
		{ "pci_read_word", &pci.readword }, { "pci_filter_init", &pci.filterinit },
		{ "pci_filter_parse_slot", &pci.parseslot },
	};

	return dlload(PCILIB, RTLD_NOW | RTLD_LOCAL, f, LEN(f));
}

/* Where pcifail() returns to, and what libpci said. */
static jmp_buf pcijmp;
static char pcimsg[256];

/* libpci's fatal error handler: record the message and unwind. */
static _Noreturn void __attribute__((format(printf, 1, 2)))
pcifail(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pcimsg, sizeof(pcimsg), fmt, ap);
	va_end(ap);
	longjmp(pcijmp, 1);
}

/* libpci's warnings (e.g. an unreadable sysfs file) go to the diagnostics. */
static void __attribute__((format(printf, 1, 2)))
pciwarn(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsysmsg("warning: libpci", fmt, ap);
	va_end(ap);
}

/* What one scan collects; on the heap so that longjmp leaves it intact. */
struct scan {
	struct pci_access *acc;
	struct pciinfo *v;
	size_t n, cap;
};

/* How much configuration space libpci can read: 64 bytes without root. */
static unsigned
cfglen(struct pci_dev *d)
{
	u8 b[4];

	if (!pci.readblock(d, 0x3c, b, 4))
		return 0;
	if (!pci.readblock(d, 0xfc, b, 4))
		return 64;
	if (!pci.readblock(d, 0x100, b, 4))
		return 256;
	return 4096;
}

static void
pciread(struct pci_dev *d, struct pciinfo *p)
{
	struct pci_cap *cap;

	pci.fillinfo(d, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_EXT_CAPS);
	p->addr = (struct pciaddr){ (unsigned)d->domain, d->bus, d->dev, d->func };
	p->vendor = d->vendor_id;
	p->device = d->device_id;
	p->class = d->device_class;
	p->cfglen = cfglen(d);
	p->pcie = pci.findcap(d, PCI_CAP_ID_EXP, PCI_CAP_NORMAL) != NULL;
	if (!(cap = pci.findcap(d, PCI_EXT_CAP_ID_SRIOV, PCI_CAP_EXTENDED)))
		return;
	p->sriov = 1;
	p->sysvfs = -1;
	p->totalvfs = pci.readword(d, (int)cap->addr + PCI_IOV_TOTALVF);
	p->numvfs = pci.readword(d, (int)cap->addr + PCI_IOV_NUMVF);
	p->vfoffset = pci.readword(d, (int)cap->addr + PCI_IOV_OFFSET);
	p->vfstride = pci.readword(d, (int)cap->addr + PCI_IOV_STRIDE);
	p->vfdevice = pci.readword(d, (int)cap->addr + PCI_IOV_DID);
}

/* The part of pciscan that libpci may leave by longjmp. */
static void
scanrun(struct scan *s, const char *dump)
{
	struct pci_dev *d;

	s->acc->error = pcifail;
	s->acc->warning = pciwarn;
	if (dump) {
		s->acc->method = PCI_ACCESS_DUMP;
		pci.setparam(s->acc, "dump.name", (char *)dump);
	}
	pci.init(s->acc);
	pci.scanbus(s->acc);
	for (d = s->acc->devices; d; d = d->next) {
		s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
		memset(&s->v[s->n], 0, sizeof(*s->v));
		pciread(d, &s->v[s->n++]);
	}
}

static int
pcicmp(struct pciaddr a, struct pciaddr b)
{
	if (a.domain != b.domain)
		return a.domain < b.domain ? -1 : 1;
	if (a.bus != b.bus)
		return a.bus < b.bus ? -1 : 1;
	if (a.dev != b.dev)
		return a.dev < b.dev ? -1 : 1;
	if (a.fn != b.fn)
		return a.fn < b.fn ? -1 : 1;
	return 0;
}

static int
infocmp(const void *a, const void *b)
{
	return pcicmp(((const struct pciinfo *)a)->addr, ((const struct pciinfo *)b)->addr);
}

long
sysfsvfs(const char *sysroot, struct pciaddr a)
{
	char path[4200], pf[13];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/sriov_totalvfs", sysroot,
	    fmtpci(pf, a));
	if (!(f = fopen(path, "r")))
		return -1;
	if (fscanf(f, "%ld", &n) != 1 || n < 0 || n > 65535)
		n = -1;
	fclose(f);
	return n;
}

int
pciscan(const char *dump, struct pciinfo **v, size_t *n, char *err, size_t errlen)
{
	struct scan *s;
	const char *why = pciload();
	FILE *f;

	*v = NULL;
	*n = 0;
	if (why) {
		snprintf(err, errlen, "cannot load libpci (%s): %s", PCILIB, why);
		return EXIT_IO;
	}
	s = xcalloc(1, sizeof(*s));
	/* libpci would say "Cannot open" too, but this keeps errno's words. */
	if (dump && !(f = fopen(dump, "r"))) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		free(s);
		return EXIT_IO;
	} else if (dump)
		fclose(f);
	if (!(s->acc = pci.alloc())) {
		snprintf(err, errlen, "libpci: cannot allocate");
		free(s);
		return EXIT_IO;
	}
	if (setjmp(pcijmp)) {
		snprintf(err, errlen, "libpci: %s", pcimsg);
		pci.cleanup(s->acc);
		free(s->v);
		free(s);
		return EXIT_IO;
	}
	scanrun(s, dump);
	pci.cleanup(s->acc);
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), infocmp);
	if (!dump) {
		const char *root = getenv("HVNET_SYSFS");
		size_t i;

		for (i = 0; i < s->n; i++)
			if (s->v[i].sriov)
				s->v[i].sysvfs = sysfsvfs(root && *root ? root : "/sys", s->v[i].addr);
	}
	*v = s->v;
	*n = s->n;
	free(s);
	return EXIT_OK;
}

const struct pciinfo *
pcifind(const struct pciinfo *v, size_t n, struct pciaddr a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = pcicmp(v[mid].addr, a);

		if (!c)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct pciaddr
pcivf(const struct pciinfo *p, size_t vf)
{
	return vfaddr(p->addr, p->vfoffset, p->vfstride, vf, NULL);
}

/* Why p shows no SR-IOV capability when it might have one, or NULL. */
static const char *
pcihidden(const struct pciinfo *p)
{
	if (p->cfglen <= 64)
		return "reading beyond 64 bytes of configuration space needs root";
	if (p->cfglen < 4096 && p->pcie)
		return "its extended capabilities lie beyond 256 bytes (make dumps with 'lspci -xxxx')";
	return NULL;
}

/* The ports' names as the topology file spells them. */
static const char *const portkey[NPORTS] = {
	"wire.a", "wire.b", "loadgen.ingress", "loadgen.egress",
};

/* A location for a port's diagnostics: loc if known, else the port's. */
static const struct loc *
portloc(const struct port *p, const struct loc *loc)
{
	return loc && loc->line ? loc : &p->loc;
}

/* Check a value given in the file against the PF's register. */
static void
dumpvalue(const struct port *p, int i, const char *key, long *val, unsigned reg,
    const struct loc *loc)
{
	char pf[13];

	if (*val < 0)
		*val = reg;
	else if ((unsigned long)*val != reg)
		diag(E_PFDIFFERS, portloc(p, loc), portkey[i], key, *val,
		    fmtpci(pf, p->pf), (long)reg);
}

/* Take port i's values from its PF in the dump. */
static void
dumpport(struct port *p, int i, const struct pciinfo *v, size_t n, const char *file)
{
	const struct pciinfo *d = pcifind(v, n, p->pf);
	char pf[13];

	fmtpci(pf, p->pf);
	if (!d) {
		diag(E_PFMISSING, &p->pfloc, portkey[i], pf, file);
		return;
	}
	if (!d->sriov && pcihidden(d)) {
		diag(E_PFSHORT, &p->pfloc, portkey[i], file, d->cfglen, pf);
		return;
	}
	if (!d->sriov) {
		diag(E_PFNOSRIOV, &p->pfloc, portkey[i], pf, d->vendor, d->device);
		return;
	}
	dumpvalue(p, i, "vf_offset", &p->vfoffset, d->vfoffset, &p->vfoffsetloc);
	dumpvalue(p, i, "vf_stride", &p->vfstride, d->vfstride, &p->vfstrideloc);
	if (!p->maxvfsloc.line)
		p->maxvfs = d->totalvfs;
	else if (p->maxvfs > (long)d->totalvfs)
		diag(E_PFMAXVFS, &p->maxvfsloc, portkey[i], p->maxvfs, pf, d->totalvfs);
}

int
pcidump(struct topo *t, const char *file)
{
	struct pciinfo *v;
	size_t n, before = diagerrors();
	char err[300];
	int i;

	if (pciscan(file, &v, &n, err, sizeof(err)) != EXIT_OK) {
		syserr("--pci-dump '%s': %s", file, err);
		return EXIT_IO;
	}
	for (i = 0; i < NPORTS; i++)
		if (t->host.port[i].declared)
			dumpport(&t->host.port[i], i, v, n, file);
	free(v);
	return diagerrors() > before ? EXIT_INVALID : EXIT_OK;
}

/*
 * Parse a PCI address "dddd:bb:dd.f" or "bb:dd.f" (libpci's slot syntax,
 * as lspci -s takes it, without wildcards or missing parts); 0 on success.
 */
static int
pciparse(const char *s, struct pciaddr *a)
{
	struct pci_filter f;
	char buf[32];

	if (strlen(s) >= sizeof(buf) || pciload())
		return -1;
	strcpy(buf, s);
	pci.filterinit(NULL, &f);
	if (pci.parseslot(&f, buf) || f.bus < 0 || f.slot < 0 || f.func < 0 ||
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
		if (sel[i]->addr.domain != sel[0]->addr.domain ||
		    sel[i]->addr.bus != sel[0]->addr.bus || sel[i]->addr.dev != sel[0]->addr.dev)
			nic2 = i;
	if (!named && nic2 >= 2 && nic2 + 1 < n &&
	    sel[nic2 + 1]->addr.bus == sel[nic2]->addr.bus &&
	    sel[nic2 + 1]->addr.dev == sel[nic2]->addr.dev &&
	    sel[nic2 + 1]->addr.domain == sel[nic2]->addr.domain) {
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

static const char probehelp[] =
    "usage: hvnetc probe [--pci-dump FILE] [PF...]\n"
    "Describe the SR-IOV physical functions of this machine (or of an 'lspci -xxxx'\n"
    "dump) with libpci, and print a host.wire/host.loadgen snippet to paste.\n"
    "Named PFs (dddd:bb:dd.f) take the ports a, b, ingress, egress in order;\n"
    "otherwise two NICs of two ports or more are taken as HVNet cables them\n"
    "(the NICs' first ports a and b, their second ports ingress and egress).\n"
    "Reading extended configuration space needs root.  Exit status: 0, 2 usage,\n"
    "3 the dump is unreadable or malformed, or a PF is missing or lacks SR-IOV.\n";

static const struct option probeopts[] = {
	{ "pci-dump", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

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
	if (r == EXIT_OK && (fwrite(out.s, 1, out.len, stdout) != out.len || fflush(stdout))) {
		syserr("cannot write to standard output: %s", strerror(errno));
		r = EXIT_IO;
	}
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
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", probeopts, NULL)) != -1) {
		if (c == 'h')
			return fputs(probehelp, stdout), EXIT_OK;
		if (c != 'd') {
			fprintf(stderr, "hvnetc probe: unknown option or missing argument: '%s'\n%s",
			    argv[optind - 1], probehelp);
			return EXIT_USAGE;
		}
		dump = optarg;
	}
	if (argc - optind > NPORTS) {
		fprintf(stderr, "hvnetc probe: at most %d PFs (a, b, ingress, egress)\n", NPORTS);
		return EXIT_USAGE;
	}
	if (dump)
		snprintf(src, sizeof(src), "the dump '%s'", dump);
	else
		snprintf(src, sizeof(src), "this machine's PCI devices");
	if (pciscan(dump, &v, &n, err, sizeof(err)) != EXIT_OK) {
		syserr("%s: %s", dump ? dump : "PCI bus", err);
		return EXIT_IO;
	}
	r = proberun(v, n, argv + optind, argc - optind, src);
	free(v);
	return r;
}
