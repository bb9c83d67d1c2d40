/* The language's rules that more than one layer applies (model.h). */
#include <stdio.h>

#include <string.h>

#include "model.h"

uint64_t
autorate(uint64_t speed, size_t nlinks)
{
	return nlinks ? speed / 100 * 95 / nlinks / 1000000 * 1000000 : 0;
}

struct pciaddr
vfaddr(struct pciaddr pf, long offset, long stride, size_t n, int *overflow)
{
	unsigned long long rid = (unsigned long long)pf.bus << 8 | pf.dev << 3 | pf.fn;
	struct pciaddr a = { pf.domain, 0, 0, 0 };

	rid += (unsigned long long)offset + (unsigned long long)n * (unsigned long long)stride;
	if (overflow)
		*overflow = rid > 0xffff;
	rid &= 0xffff;
	a.bus = (unsigned)(rid >> 8);
	a.dev = (unsigned)(rid >> 3) & 31;
	a.fn = (unsigned)rid & 7;
	return a;
}

int
samenic(struct pciaddr a, struct pciaddr b)
{
	return a.domain == b.domain && a.bus == b.bus && a.dev == b.dev;
}

uint64_t
pool30(struct net4 n)
{
	return n.plen > 30 ? 0 : (uint64_t)1 << (30 - n.plen);
}

uint32_t
net30(struct net4 n, size_t i, unsigned h)
{
	return n.addr + (uint32_t)i * 4 + h;
}

const char *
shown(const char *s)
{
	size_t n, i;
	char *r;

	if (diagerrors() > DIAGCAP)
		return "...";	/* not printed: allocate nothing per entry */
	n = strnlen(s, 41) > 40 ? 40 : strlen(s);
	r = amalloc(n + 4);

	for (i = 0; i < n; i++)
		r[i] = (unsigned char)s[i] < 32 || s[i] == 127 ? '?' : s[i];
	if (s[n])
		memcpy(r + n, "...", 4);
	return r;
}

char *
linkname(char buf[96], const struct link *l)
{
	if (l->endname[0] && l->endname[1])
		snprintf(buf, 96, "%s -- %s", shown(l->endname[0]), shown(l->endname[1]));
	else
		snprintf(buf, 96, "#%zu", l->index);
	return buf;
}

const char *const portnames[NPORTS] = { "a", "b", "ingress", "egress" };
const struct spacename spacenames[NSPACES] = {
	{ "vlan", "VLANs", "VLAN pool" },
	{ "vf", "VFs", "VFs" },
	{ "mac", "MACs", "MAC addresses" },
	{ "pci", "PCI routing IDs", "PCI routing IDs" },
	{ "port", "UDP ports", "UDP ports" },
	{ "core", "cores", "cores" },
	{ "memory", "memory", "memory" },
};
const char *const portpaths[NPORTS] = {
	"host.wire.a", "host.wire.b", "host.loadgen.ingress", "host.loadgen.egress",
};

const char *const rolenames[ROLE_LINK + 1] = {
	[ROLE_INGRESS] = "ingress",
	[ROLE_EGRESS] = "egress",
	[ROLE_LINK] = "link",
};


const char *const kindnames[2] = { [KIND_VM] = "vm", [KIND_NETNS] = "netns" };
const char *const mediumnames[2] = { [MEDIUM_SRIOV] = "sriov", [MEDIUM_VETH] = "veth" };

/* HVNet itself, Mininet, and the two hybrids between them. */
const struct world worlds[] = {
	{ "hvnet", KIND_VM, MEDIUM_SRIOV },
	{ "mininet", KIND_NETNS, MEDIUM_VETH },
	{ "vm-veth", KIND_VM, MEDIUM_VETH },
	{ "netns-sriov", KIND_NETNS, MEDIUM_SRIOV },
};
const size_t nworlds = LEN(worlds);

int
worldindex(const char *name)
{
	size_t i;

	for (i = 0; i < nworlds; i++)
		if (strcmp(worlds[i].name, name) == 0)
			return (int)i;
	return -1;
}

char *
ifacename(char buf[24], const struct iface *f)
{
	if (f->role == ROLE_INGRESS)
		snprintf(buf, 24, "ingress");
	else if (f->role == ROLE_EGRESS)
		snprintf(buf, 24, "egress");
	else
		snprintf(buf, 24, "l%d", f->link);
	return buf;
}
