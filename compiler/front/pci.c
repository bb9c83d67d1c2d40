/*
 * SR-IOV facts from libpci, for `hvnetc probe` (cmd/probe.c) and
 * `--pci-dump` (pcidump()).
 *
 * libpci reports fatal problems (a malformed dump, a file it cannot open)
 * through pci_access.error, which must not return and exits the process by
 * default.  Ours records the message and longjmps back into pciscan(), so a
 * bad dump is a diagnostic with status 3, never an exit from inside libpci.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "diag.h"
#include "front.h"
#include "pci.h"

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

	if (!pci_read_block(d, 0x3c, b, 4))
		return 0;
	if (!pci_read_block(d, 0xfc, b, 4))
		return 64;
	if (!pci_read_block(d, 0x100, b, 4))
		return 256;
	return 4096;
}

static void
pciread(struct pci_dev *d, struct pciinfo *p)
{
	struct pci_cap *cap;

	pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_EXT_CAPS);
	p->addr = (struct pciaddr){ (unsigned)d->domain, d->bus, d->dev, d->func };
	p->vendor = d->vendor_id;
	p->device = d->device_id;
	p->class = d->device_class;
	p->cfglen = cfglen(d);
	p->pcie = pci_find_cap(d, PCI_CAP_ID_EXP, PCI_CAP_NORMAL) != NULL;
	if (!(cap = pci_find_cap(d, PCI_EXT_CAP_ID_SRIOV, PCI_CAP_EXTENDED)))
		return;
	p->sriov = 1;
	p->sysvfs = -1;
	p->totalvfs = pci_read_word(d, (int)cap->addr + PCI_IOV_TOTALVF);
	p->numvfs = pci_read_word(d, (int)cap->addr + PCI_IOV_NUMVF);
	p->vfoffset = pci_read_word(d, (int)cap->addr + PCI_IOV_OFFSET);
	p->vfstride = pci_read_word(d, (int)cap->addr + PCI_IOV_STRIDE);
	p->vfdevice = pci_read_word(d, (int)cap->addr + PCI_IOV_DID);
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
		pci_set_param(s->acc, "dump.name", (char *)dump);
	}
	pci_init(s->acc);
	pci_scan_bus(s->acc);
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
	FILE *f;

	*v = NULL;
	*n = 0;
	s = xcalloc(1, sizeof(*s));
	/* libpci would say "Cannot open" too, but this keeps errno's words. */
	if (dump && !(f = fopen(dump, "r"))) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		free(s);
		return EXIT_IO;
	} else if (dump)
		fclose(f);
	if (!(s->acc = pci_alloc())) {
		snprintf(err, errlen, "libpci: cannot allocate");
		free(s);
		return EXIT_IO;
	}
	if (setjmp(pcijmp)) {
		snprintf(err, errlen, "libpci: %s", pcimsg);
		pci_cleanup(s->acc);
		free(s->v);
		free(s);
		return EXIT_IO;
	}
	scanrun(s, dump);
	pci_cleanup(s->acc);
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

const char *
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
