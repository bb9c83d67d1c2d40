/*
 * Backend 'libvirt': one domain per VM, libvirt/<node>.xml.
 *
 * libxml2's streaming writer (xmlTextWriter) writes every byte, indented
 * as xmlSaveDoc's XML_SAVE_FORMAT does; one writer serves every domain and
 * drains into each domain's file in turn.  Elements follow libvirt's own
 * order (virsh dumpxml): dedicated pinned vCPUs under SCHED_FIFO, locked hugepage memory, a host-passthrough CPU, one
 * <interface type='hostdev'> per VF so that libvirt sets the VF's MAC and
 * VLAN when the domain starts, and no emulated device that is not needed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libxml/xmlwriter.h>
#include <uuid/uuid.h>

#include "backends.h"
#include "diag.h"

#define KIB 1024ull
#define GIB (1024ull * 1024 * 1024)

/* One run of the backend: libxml2's streaming writer, whose output buffer
 * drains into the domain file being written. */
struct dom {
	xmlTextWriterPtr w;
	struct buf *out;	/* the file of the domain being written */
	struct buf tmp;		/* scratch text: CPU lists, descriptions */
	int err;		/* a libxml2 call failed */
};

/* xmlOutputBuffer's write callback: append to the current file. */
static int
sink(void *ctx, const char *s, int len)
{
	struct dom *d = ctx;

	bufput(d->out, s, (size_t)len);
	return len;
}

/* Start element name; close it with end(). */
static void
el(struct dom *d, const char *name)
{
	d->err |= xmlTextWriterStartElement(d->w, BAD_CAST name) < 0;
}

/* End the innermost open element (<x/> when it has no content). */
static void
end(struct dom *d)
{
	d->err |= xmlTextWriterEndElement(d->w) < 0;
}

/* An attribute of the element just started (value escaped by libxml2). */
static void
attr(struct dom *d, const char *name, const char *v)
{
	d->err |= xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST v) < 0;
}

/* Text content of the open element (escaped by libxml2). */
static void
text(struct dom *d, const char *v)
{
	d->err |= xmlTextWriterWriteString(d->w, BAD_CAST v) < 0;
}

/* A child element holding only text. */
static void
child(struct dom *d, const char *name, const char *v)
{
	el(d, name);
	text(d, v);
	end(d);
}

/* An empty element with one attribute. */
static void
leaf(struct dom *d, const char *name, const char *an, const char *av)
{
	el(d, name);
	attr(d, an, av);
	end(d);
}

/* v in decimal, into s; returns s. */
static char *
num(char s[24], long long v)
{
	snprintf(s, 24, "%lld", v);
	return s;
}

/* v as 0x and at least width lowercase hex digits, into s; returns s. */
static char *
hex(char s[16], unsigned v, int width)
{
	char *p = s + 15;

	*p = 0;
	do
		*--p = "0123456789abcdef"[v & 15], width--;
	while ((v >>= 4) || width > 0);
	*--p = 'x';
	*--p = '0';
	return p;
}

/* A size element in KiB, as libvirt writes them. */
static void
kib(struct dom *d, const char *name, uint64_t bytes)
{
	char s[24];

	el(d, name);
	attr(d, "unit", "KiB");
	text(d, num(s, (long long)(bytes / KIB)));
	end(d);
}

/* <memory>, <memtune>, <memoryBacking>: locked hugepages. */
static void
memory(struct dom *d, const struct host *h, const struct node *n)
{
	char s[24];

	kib(d, "memory", n->memory);
	kib(d, "currentMemory", n->memory);
	/* with <locked/> and VFIO, the locked-memory limit */
	el(d, "memtune");
	kib(d, "hard_limit", n->memory + GIB);
	end(d);
	el(d, "memoryBacking");
	if (h->hugepage) {
		el(d, "hugepages");
		el(d, "page");
		attr(d, "size", num(s, (long long)(h->hugepage / KIB)));
		attr(d, "unit", "KiB");
		end(d);
		end(d);
	}
	el(d, "nosharepages");
	end(d);
	el(d, "locked");
	end(d);
	end(d);
}

/* The CPU list 0..n-1 (fmtcpus' "0-3" form), into d->tmp. */
static void
firstcpus(struct dom *d, long n)
{
	char s[24];

	d->tmp.len = 0;
	if (n <= 0)
		return;
	bufputs(&d->tmp, "0");
	if (n > 1) {
		bufputs(&d->tmp, "-");
		bufputs(&d->tmp, num(s, n - 1));
	}
}

/* <vcpu>, <cputune>, <numatune>: one dedicated core per vCPU. */
static void
cpus(struct dom *d, const struct host *h, const struct node *n)
{
	char s[24];
	size_t i;

	el(d, "vcpu");
	attr(d, "placement", "static");
	text(d, num(s, n->vcpus));
	end(d);
	el(d, "cputune");
	for (i = 0; i < n->cores.n && i < (size_t)n->vcpus; i++) {
		el(d, "vcpupin");
		attr(d, "vcpu", num(s, (long long)i));
		attr(d, "cpuset", num(s, n->cores.v[i]));
		end(d);
	}
	d->tmp.len = 0;
	fmtcpus(&d->tmp, &h->housekeeping);
	if (d->tmp.len)
		leaf(d, "emulatorpin", "cpuset", d->tmp.s);
	firstcpus(d, n->vcpus);
	if (d->tmp.len) {
		el(d, "vcpusched");
		attr(d, "vcpus", d->tmp.s);
		attr(d, "scheduler", "fifo");
		attr(d, "priority", "1");
		end(d);
	}
	end(d);
	if (h->numa && n->numanode >= 0) {
		el(d, "numatune");
		el(d, "memory");
		attr(d, "mode", "strict");
		attr(d, "nodeset", num(s, n->numanode));
		end(d);
		end(d);
	}
}

/* <os>: q35, direct kernel boot when a kernel is given, else the disk. */
static void
os(struct dom *d, const struct node *n)
{
	el(d, "os");
	el(d, "type");
	attr(d, "arch", "x86_64");
	attr(d, "machine", "q35");
	text(d, "hvm");
	end(d);
	if (!n->kernel) {
		leaf(d, "boot", "dev", "hd");
	} else {
		child(d, "kernel", n->kernel);
		if (n->initrd)
			child(d, "initrd", n->initrd);
		d->tmp.len = 0;
		guestcmdline(n, &d->tmp);
		child(d, "cmdline", d->tmp.s);
	}
	end(d);
}

/* <features>: ACPI, APIC, dedicated-vCPU hint, no PMU, no vmport. */
static void
features(struct dom *d)
{
	el(d, "features");
	el(d, "acpi");
	end(d);
	el(d, "apic");
	end(d);
	el(d, "kvm");
	leaf(d, "hint-dedicated", "state", "on");
	end(d);
	leaf(d, "pmu", "state", "off");
	leaf(d, "vmport", "state", "off");
	end(d);
}

/* <features>, <cpu>, <clock>. */
static void
platform(struct dom *d, const struct node *n)
{
	char s[24];

	features(d);
	el(d, "cpu");
	attr(d, "mode", "host-passthrough");
	attr(d, "check", "none");
	attr(d, "migratable", "off");
	el(d, "topology");
	attr(d, "sockets", "1");
	attr(d, "dies", "1");
	attr(d, "cores", num(s, n->vcpus));
	attr(d, "threads", "1");
	end(d);
	leaf(d, "cache", "mode", "passthrough");
	el(d, "feature");
	attr(d, "policy", "require");
	attr(d, "name", "invtsc");
	end(d);
	end(d);
	el(d, "clock");
	attr(d, "offset", "utc");
	el(d, "timer");
	attr(d, "name", "hpet");
	attr(d, "present", "no");
	end(d);
	el(d, "timer");
	attr(d, "name", "kvmclock");
	attr(d, "present", "yes");
	end(d);
	end(d);
}

/* A VF: libvirt sets its MAC and VLAN through the PF at start. */
static void
vf(struct dom *d, const struct iface *f)
{
	char s[24];

	el(d, "interface");
	attr(d, "type", "hostdev");
	attr(d, "managed", "yes");
	leaf(d, "mac", "address", fmtmac(s, f->mac));
	leaf(d, "driver", "name", "vfio");
	el(d, "source");
	el(d, "address");
	attr(d, "type", "pci");
	attr(d, "domain", hex(s, f->pci.domain, 4));
	attr(d, "bus", hex(s, f->pci.bus, 2));
	attr(d, "slot", hex(s, f->pci.dev, 2));
	attr(d, "function", hex(s, f->pci.fn, 1));
	end(d);
	end(d);
	/* no <vlan> makes libvirt reset the VF to VLAN 0: what 0 means */
	if (f->vlan) {
		el(d, "vlan");
		leaf(d, "tag", "id", num(s, f->vlan));
		end(d);
	}
	end(d);
}

/*
 * A veth link of a VM: a tap in the link's own bridge (host/netns-up.sh
 * makes it), which the other end joins with its tap or its veth.  MAC as
 * the VF's; the bridge carries the link untagged, so no <vlan>.
 */
static void
tap(struct dom *d, const struct iface *f)
{
	char s[24];

	el(d, "interface");
	attr(d, "type", "bridge");
	leaf(d, "mac", "address", fmtmac(s, f->mac));
	snprintf(s, sizeof(s), "hvb%d", f->link);
	leaf(d, "source", "bridge", s);
	snprintf(s, sizeof(s), "hvt%d%c", f->link, f->port == PORT_B ? 'b' : 'a');
	leaf(d, "target", "dev", s);
	leaf(d, "model", "type", "virtio");
	end(d);
}

/* The boot disk: the node's qcow2 image on virtio. */
static void
disk(struct dom *d, const struct node *n)
{
	if (!n->image)
		return;
	el(d, "disk");
	attr(d, "type", "file");
	attr(d, "device", "disk");
	el(d, "driver");
	attr(d, "name", "qemu");
	attr(d, "type", "qcow2");
	attr(d, "cache", "none");
	attr(d, "io", "native");
	end(d);
	leaf(d, "source", "file", n->image);
	el(d, "target");
	attr(d, "dev", "vda");
	attr(d, "bus", "virtio");
	end(d);
	end(d);
}

/* Serial console, guest-agent channel, no video, no balloon. */
static void
consoles(struct dom *d)
{
	el(d, "serial");
	attr(d, "type", "pty");
	leaf(d, "target", "port", "0");
	end(d);
	el(d, "console");
	attr(d, "type", "pty");
	el(d, "target");
	attr(d, "type", "serial");
	attr(d, "port", "0");
	end(d);
	end(d);
	el(d, "channel");
	attr(d, "type", "unix");
	el(d, "target");
	attr(d, "type", "virtio");
	attr(d, "name", "org.qemu.guest_agent.0");
	end(d);
	end(d);
	el(d, "video");
	leaf(d, "model", "type", "none");
	end(d);
	leaf(d, "memballoon", "model", "none");
}

/* <devices>: disk, VFs, management NIC, console, guest agent; nothing else. */
static void
devices(struct dom *d, const struct host *h, const struct node *n)
{
	size_t i;

	el(d, "devices");
	disk(d, n);
	el(d, "controller");
	attr(d, "type", "usb");
	attr(d, "model", "none");
	end(d);
	for (i = 0; i < n->nifaces; i++)
		if (n->ifaces[i].medium == MEDIUM_VETH)
			tap(d, &n->ifaces[i]);
		else
			vf(d, &n->ifaces[i]);
	if (h->mgmt) {
		el(d, "interface");
		attr(d, "type", "network");
		leaf(d, "source", "network", h->mgmt);
		leaf(d, "model", "type", "virtio");
		end(d);
	}
	consoles(d);
	end(d);
}

/* The whole domain of node n, without an XML declaration. */
static void
domain(struct dom *d, const struct topo *t, const struct node *n)
{
	const struct host *h = &t->host;
	char uuid[37];

	el(d, "domain");
	attr(d, "type", "kvm");
	child(d, "name", n->name);
	uuid_unparse_lower(n->uuid, uuid);
	child(d, "uuid", uuid);
	d->tmp.len = 0;
	bufprintf(&d->tmp, "HVNet topology %s on host %s, node %s",
	    t->name, h->name, n->name);
	child(d, "description", d->tmp.s);
	memory(d, h, n);
	cpus(d, h, n);
	os(d, n);
	platform(d, n);
	devices(d, h, n);
	end(d);
}

/* A writer indenting by two spaces, as xmlSaveDoc's XML_SAVE_FORMAT does. */
static xmlTextWriterPtr
mkwriter(struct dom *d)
{
	xmlOutputBufferPtr o = xmlOutputBufferCreateIO(sink, NULL, d, NULL);
	xmlTextWriterPtr w;

	if (!o)
		return NULL;
	if (!(w = xmlNewTextWriter(o))) {
		xmlOutputBufferClose(o);
		return NULL;
	}
	if (xmlTextWriterSetIndent(w, 1) < 0
	    || xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0) {
		xmlFreeTextWriter(w);
		return NULL;
	}
	return w;
}

int
libvirtemit(const struct topo *t, struct outset *set)
{
	struct dom d = { 0 };
	size_t i;
	int r = EXIT_OK;

	for (i = 0; i < t->nnodes && t->nodes[i].kind != KIND_VM; i++)
		;
	if (i == t->nnodes)
		return EXIT_OK;	/* no VM: no domain */
	if (!(d.w = mkwriter(&d))) {
		syserr("libvirt: cannot start libxml2's writer");
		return EXIT_IO;
	}
	for (i = 0; i < t->nnodes && r == EXIT_OK; i++) {
		if (t->nodes[i].kind != KIND_VM)
			continue;	/* a namespace: host/netns-up.sh */
		d.out = outnew(set, 0, "libvirt/%s.xml", t->nodes[i].name);
		domain(&d, t, &t->nodes[i]);
		d.err |= xmlTextWriterFlush(d.w) < 0;
		if (d.err) {
			syserr("libvirt/%s.xml: cannot serialise the domain",
			    t->nodes[i].name);
			r = EXIT_IO;
		}
	}
	xmlFreeTextWriter(d.w);
	buffree(&d.tmp);
	return r;
}
