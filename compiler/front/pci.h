/* SR-IOV facts of PCI functions, read with libpci (pci.c). */
#ifndef HVNET_PCI_H
#define HVNET_PCI_H

#include <stddef.h>

#include "model.h"

/* What libpci shows of one PCI function. */
struct pciinfo {
	struct pciaddr addr;
	unsigned vendor, device, class;	/* class: base << 8 | subclass */
	unsigned cfglen;		/* readable config space: 64, 256 or 4096 bytes */
	int pcie;			/* has the PCI Express capability */
	int sriov;			/* has the SR-IOV extended capability */
	unsigned totalvfs, numvfs;	/* the SR-IOV registers, when sriov */
	unsigned vfoffset, vfstride, vfdevice;
	long sysvfs;			/* the driver's limit, sysfs sriov_totalvfs; -1 unknown */
};

/*
 * The driver's VF limit of the function at a: sriov_totalvfs under the
 * sysfs tree at sysroot ("/sys"), which may be below the config space's
 * TotalVFs (igb allows 7 of 82576's 8); -1 when it cannot be read.
 */
long sysfsvfs(const char *sysroot, struct pciaddr a);

/*
 * Read every PCI function of an `lspci -xxxx` dump (dump = NULL: the
 * machine's bus, with each SR-IOV PF's sysvfs from $HVNET_SYSFS or /sys),
 * sorted by address, into *v (free with free()).  Returns 0,
 * or EXIT_IO with libpci's complaint in err: a malformed dump never exits.
 */
int pciscan(const char *dump, struct pciinfo **v, size_t *n, char *err, size_t errlen);
/* The function at a in v (sorted), or NULL. */
const struct pciinfo *pcifind(const struct pciinfo *v, size_t n, struct pciaddr a);
/* Why p shows no SR-IOV capability when it might have one, or NULL. */
const char *pcihidden(const struct pciinfo *p);
/* Address of VF vf of PF p, by p's registers (SR-IOV routing-ID arithmetic). */
struct pciaddr pcivf(const struct pciinfo *p, size_t vf);

#endif
