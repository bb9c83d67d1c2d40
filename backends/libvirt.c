/*
 * Backend 'libvirt': one domain per VM, libvirt/<node>.xml.
 *
 * Each domain is built as a libxml2 tree and serialised by libxml2; the
 * xmlDoc lives only inside libvirtemit().  Elements follow libvirt's own
 * order (virsh dumpxml) and reference/FACTS.md: dedicated pinned vCPUs
 * under SCHED_FIFO, locked hugepage memory, a host-passthrough CPU, one
 * <interface type='hostdev'> per VF so that libvirt sets the VF's MAC and
 * VLAN when the domain starts, and no emulated device that is not needed.
 */
#include <stdarg.h>
#include <stdlib.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <uuid/uuid.h>

#include "backends.h"
#include "diag.h"

#define KIB 1024ull
#define GIB (1024ull * 1024 * 1024)

/* A child element of p, with text content (escaped) unless text is NULL. */
static xmlNodePtr
child(xmlNodePtr p, const char *name, const char *text)
{
	return xmlNewTextChild(p, NULL, BAD_CAST name, BAD_CAST text);
}

/* A child element of p with formatted text content. */
static xmlNodePtr __attribute__((format(printf, 3, 4)))
childf(xmlNodePtr p, const char *name, const char *fmt, ...)
{
	struct buf v = { 0 };
	xmlNodePtr n;
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&v, fmt, ap);
	va_end(ap);
	n = child(p, name, v.s);
	buffree(&v);
	return n;
}

/* Set attribute name of n to a formatted value; returns n. */
static xmlNodePtr __attribute__((format(printf, 3, 4)))
attr(xmlNodePtr n, const char *name, const char *fmt, ...)
{
	struct buf v = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&v, fmt, ap);
	va_end(ap);
	xmlNewProp(n, BAD_CAST name, BAD_CAST v.s);
	buffree(&v);
	return n;
}

/* A size element in KiB, as libvirt writes them. */
static void
kib(xmlNodePtr p, const char *name, uint64_t bytes)
{
	attr(childf(p, name, "%llu", (unsigned long long)(bytes / KIB)), "unit", "KiB");
}

/* <memory>, <memtune>, <memoryBacking>: locked hugepages. */
static void
memory(xmlNodePtr d, const struct host *h, const struct node *n)
{
	xmlNodePtr mb, hp;

	kib(d, "memory", n->memory);
	kib(d, "currentMemory", n->memory);
	/* with <locked/> and VFIO, the locked-memory limit (FACTS.md) */
	kib(child(d, "memtune", NULL), "hard_limit", n->memory + GIB);
	mb = child(d, "memoryBacking", NULL);
	if (h->hugepage) {
		hp = child(child(mb, "hugepages", NULL), "page", NULL);
		attr(hp, "size", "%llu", (unsigned long long)(h->hugepage / KIB));
		attr(hp, "unit", "KiB");
	}
	child(mb, "nosharepages", NULL);
	child(mb, "locked", NULL);
}

/* <vcpu>, <cputune>, <numatune>: one dedicated core per vCPU. */
static void
cpus(xmlNodePtr d, const struct host *h, const struct node *n)
{
	struct cpulist all;
	struct buf l = { 0 };
	xmlNodePtr ct;
	size_t i;

	attr(childf(d, "vcpu", "%ld", n->vcpus), "placement", "static");
	ct = child(d, "cputune", NULL);
	for (i = 0; i < n->cores.n && i < (size_t)n->vcpus; i++)
		attr(attr(child(ct, "vcpupin", NULL), "vcpu", "%zu", i),
		    "cpuset", "%d", n->cores.v[i]);
	fmtcpus(&l, &h->housekeeping);
	if (l.len)
		attr(child(ct, "emulatorpin", NULL), "cpuset", "%s", l.s);
	buffree(&l);
	all.n = n->vcpus > 0 ? (size_t)n->vcpus : 0;
	all.v = xreallocarray(NULL, all.n + 1, sizeof(*all.v));
	for (i = 0; i < all.n; i++)
		all.v[i] = (int)i;
	fmtcpus(&l, &all);
	free(all.v);
	if (l.len)
		attr(attr(attr(child(ct, "vcpusched", NULL), "vcpus", "%s", l.s),
		    "scheduler", "fifo"), "priority", "1");
	buffree(&l);
	if (h->numa && n->numanode >= 0)
		attr(attr(child(child(d, "numatune", NULL), "memory", NULL),
		    "mode", "strict"), "nodeset", "%ld", n->numanode);
}

/* <os>: q35, direct kernel boot when a kernel is given, else the disk. */
static void
os(xmlNodePtr d, const struct node *n)
{
	xmlNodePtr o = child(d, "os", NULL);
	struct buf cl = { 0 };

	attr(attr(child(o, "type", "hvm"), "arch", "x86_64"), "machine", "q35");
	if (!n->kernel) {
		attr(child(o, "boot", NULL), "dev", "hd");
		return;
	}
	child(o, "kernel", n->kernel);
	if (n->initrd)
		child(o, "initrd", n->initrd);
	guestcmdline(n, &cl);
	child(o, "cmdline", cl.s);
	buffree(&cl);
}

/* <features>, <cpu>, <clock>. */
static void
platform(xmlNodePtr d, const struct node *n)
{
	xmlNodePtr f, c, k;

	f = child(d, "features", NULL);
	child(f, "acpi", NULL);
	child(f, "apic", NULL);
	k = child(f, "kvm", NULL);
	attr(child(k, "hint-dedicated", NULL), "state", "on");
	attr(child(f, "pmu", NULL), "state", "off");
	attr(child(f, "vmport", NULL), "state", "off");
	c = child(d, "cpu", NULL);
	attr(attr(attr(c, "mode", "host-passthrough"), "check", "none"),
	    "migratable", "off");
	k = child(c, "topology", NULL);
	attr(attr(attr(attr(k, "sockets", "1"), "dies", "1"), "cores", "%ld",
	    n->vcpus), "threads", "1");
	attr(child(c, "cache", NULL), "mode", "passthrough");
	attr(attr(child(c, "feature", NULL), "policy", "require"), "name", "invtsc");
	c = attr(child(d, "clock", NULL), "offset", "utc");
	attr(attr(child(c, "timer", NULL), "name", "hpet"), "present", "no");
	attr(attr(child(c, "timer", NULL), "name", "kvmclock"), "present", "yes");
}

/* A VF: libvirt sets its MAC and VLAN through the PF at start. */
static void
vf(xmlNodePtr dev, const struct iface *f)
{
	xmlNodePtr i, a;
	char mac[18];

	i = attr(attr(child(dev, "interface", NULL), "type", "hostdev"), "managed", "yes");
	attr(child(i, "mac", NULL), "address", "%s", fmtmac(mac, f->mac));
	attr(child(i, "driver", NULL), "name", "vfio");
	a = child(child(i, "source", NULL), "address", NULL);
	attr(a, "type", "pci");
	attr(a, "domain", "0x%04x", f->pci.domain);
	attr(a, "bus", "0x%02x", f->pci.bus);
	attr(a, "slot", "0x%02x", f->pci.dev);
	attr(a, "function", "0x%x", f->pci.fn);
	/* no <vlan> makes libvirt reset the VF to VLAN 0: what 0 means */
	if (f->vlan)
		attr(child(child(i, "vlan", NULL), "tag", NULL), "id", "%d", f->vlan);
}

/* The boot disk: the node's qcow2 image on virtio. */
static void
disk(xmlNodePtr dev, const struct node *n)
{
	xmlNodePtr k;

	if (!n->image)
		return;
	k = attr(attr(child(dev, "disk", NULL), "type", "file"), "device", "disk");
	attr(attr(attr(attr(child(k, "driver", NULL), "name", "qemu"), "type", "qcow2"),
	    "cache", "none"), "io", "native");
	attr(child(k, "source", NULL), "file", "%s", n->image);
	attr(attr(child(k, "target", NULL), "dev", "vda"), "bus", "virtio");
}

/* <devices>: disk, VFs, management NIC, console, guest agent; nothing else. */
static void
devices(xmlNodePtr d, const struct host *h, const struct node *n)
{
	xmlNodePtr dev, x;
	size_t i;

	dev = child(d, "devices", NULL);
	disk(dev, n);
	attr(attr(child(dev, "controller", NULL), "type", "usb"), "model", "none");
	for (i = 0; i < n->nifaces; i++)
		vf(dev, &n->ifaces[i]);
	if (h->mgmt) {
		x = attr(child(dev, "interface", NULL), "type", "network");
		attr(child(x, "source", NULL), "network", "%s", h->mgmt);
		attr(child(x, "model", NULL), "type", "virtio");
	}
	x = attr(child(dev, "serial", NULL), "type", "pty");
	attr(child(x, "target", NULL), "port", "0");
	x = attr(child(dev, "console", NULL), "type", "pty");
	attr(attr(child(x, "target", NULL), "type", "serial"), "port", "0");
	x = attr(child(dev, "channel", NULL), "type", "unix");
	attr(attr(child(x, "target", NULL), "type", "virtio"), "name",
	    "org.qemu.guest_agent.0");
	attr(child(child(dev, "video", NULL), "model", NULL), "type", "none");
	attr(child(dev, "memballoon", NULL), "model", "none");
}

/* The whole domain of node n. */
static xmlDocPtr
domain(const struct topo *t, const struct node *n)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr d = xmlNewNode(NULL, BAD_CAST "domain");
	const struct host *h = n->host ? n->host : &t->host;
	char uuid[37];

	xmlDocSetRootElement(doc, d);
	attr(d, "type", "kvm");
	child(d, "name", n->name);
	uuid_unparse_lower(n->uuid, uuid);
	child(d, "uuid", uuid);
	childf(d, "description", "HVNet topology %s on host %s, node %s",
	    t->name, h->name, n->name);
	memory(d, h, n);
	cpus(d, h, n);
	os(d, n);
	platform(d, n);
	devices(d, h, n);
	return doc;
}

/* Serialise doc, indented and without the XML declaration, into b. */
static int
save(xmlDocPtr doc, struct buf *b)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlSaveCtxtPtr s;
	int r = -1;

	if (!xb)
		return -1;
	s = xmlSaveToBuffer(xb, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
	if (s) {
		r = xmlSaveDoc(s, doc) < 0 ? -1 : 0;
		if (xmlSaveClose(s) < 0)
			r = -1;
	}
	if (r == 0)
		bufput(b, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return r;
}

int
libvirtemit(const struct topo *t, struct outset *set)
{
	xmlDocPtr doc;
	size_t i;
	int r;

	for (i = 0; i < t->nnodes; i++) {
		doc = domain(t, &t->nodes[i]);
		r = save(doc, outnew(set, 0, "libvirt/%s.xml", t->nodes[i].name));
		xmlFreeDoc(doc);
		if (r < 0) {
			syserr("libvirt/%s.xml: cannot serialise the domain",
			    t->nodes[i].name);
			return EXIT_IO;
		}
	}
	return EXIT_OK;
}
