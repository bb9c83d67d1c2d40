/*
 * The libvirt and kernel backends on small topologies compiled from inline
 * YAML: the domain XML (read back with libxml2's XPath) and the boot
 * parameters must carry what the passes resolved.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <uuid/uuid.h>

#include "backends.h"
#include "unit.h"

static const char yamlfmt[] =
    "hvnet: 1\n"
    "name: t\n"
    "host:\n"
    "  name: dut\n"
    "  cpu: { vendor: %s, cores: 0-7, housekeeping: 0%s }\n"
    "  memory: 64GiB\n"
    "  reserve: 4GiB\n"
    "  hugepages: %s\n"
    "  mgmt: %s\n"
    "  wire:\n"
    "    a: { pf: \"0000:41:00.0\", vf_offset: 16, vf_stride: 1 }\n"
    "    b: { pf: \"0000:42:00.0\", vf_offset: 16, vf_stride: 1 }\n"
    "  loadgen:\n"
    "    ingress: { pf: \"0000:41:00.1\", vf_offset: 79, vf_stride: 1, peer_mac: \"02:4c:47:00:00:01\" }\n"
    "    egress: { pf: \"0000:42:00.1\", vf_offset: 79, vf_stride: 1, peer_mac: \"02:4c:47:00:00:02\" }\n"
    "defaults:\n"
    "  vm: { vcpus: 1, memory: 4GiB, image: /var/lib/hvnet/t.qcow2 }\n"
    "nodes:\n"
    "  vm1: {}\n"
    "  vm2: { vcpus: 3, memory: 8GiB, kernel: /boot/vmlinuz, initrd: /boot/initrd.img, cmdline: \"root=/dev/vda1\" }\n"
    "  vm3: {}\n"
    "links:\n"
    "  - vm1 -- vm2\n"
    "  - { ends: [vm2, vm3], vlan: 777 }\n";

static struct topo t;
static struct outset set;
static char *msgs;

static void
teardown(void)
{
	outfree(&set);
	topofree(&t);
	free(msgs);
	msgs = NULL;
}

TestSuite(libvirt, .fini = teardown);
TestSuite(kernel, .fini = teardown);

/* Compile the test topology with these host settings and run both backends. */
static void
builddom(const char *vendor, const char *numa, const char *hugepages, const char *mgmt)
{
	char yaml[4096];
	int n;

	n = snprintf(yaml, sizeof(yaml), yamlfmt, vendor, numa, hugepages, mgmt);
	cr_assert(n > 0 && (size_t)n < sizeof(yaml));
	cr_assert_eq(compileyaml(&t, yaml, 0, &msgs), EXIT_OK,
	    "the test topology does not compile: %s", msgs);
	cr_assert_eq(t.nnodes, 3);
	cr_assert_eq(emit(&t, &set, "libvirt,kernel"), EXIT_OK);
}

static const struct outfile *
file(const char *path)
{
	const struct outfile *f = outfind(&set, path);

	cr_assert(f, "%s was not written", path);
	return f;
}

static xmlDocPtr
domainof(const char *node)
{
	char path[64];
	const struct outfile *f;
	xmlDocPtr d;

	snprintf(path, sizeof(path), "libvirt/%s.xml", node);
	f = file(path);
	d = xmlReadMemory(f->data.s, (int)f->data.len, path, NULL, XML_PARSE_NONET);
	cr_assert(d, "%s is not well-formed XML", path);
	return d;
}

/* The string value of an XPath expression; "" when nothing matches. */
static char *
xs(xmlDocPtr d, const char *fmt, ...)
{
	xmlXPathContextPtr c = xmlXPathNewContext(d);
	xmlXPathObjectPtr o;
	char expr[256];
	xmlChar *s;
	char *r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(expr, sizeof(expr), fmt, ap);
	va_end(ap);
	o = xmlXPathEvalExpression(BAD_CAST expr, c);
	cr_assert(o, "bad XPath %s", expr);
	s = xmlXPathCastToString(o);
	r = xstrdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return r;
}

/* Assert that expression's string value is want. */
#define XEQ(d, want, ...) do { \
	char *got_ = xs(d, __VA_ARGS__); \
	cr_assert_str_eq(got_, want, "%s", #__VA_ARGS__); \
	free(got_); \
} while (0)

static const struct node *
node(const char *name)
{
	const struct node *n = nodenamed(&t, name);

	cr_assert(n, "no node %s", name);
	return n;
}

static char *
u64(char buf[24], uint64_t v)
{
	snprintf(buf, 24, "%llu", (unsigned long long)v);
	return buf;
}

Test(libvirt, domain_identity_and_memory)
{
	const struct node *n;
	xmlDocPtr d;
	char uuid[37], num[24];

	builddom("amd", "", "1GiB", "none");
	n = node("vm2");
	d = domainof("vm2");
	XEQ(d, "kvm", "string(/domain/@type)");
	XEQ(d, "vm2", "string(/domain/name)");
	uuid_unparse_lower(n->uuid, uuid);
	XEQ(d, uuid, "string(/domain/uuid)");
	cr_assert_eq(uuid[14], '5', "not a version-5 UUID: %s", uuid);
	XEQ(d, u64(num, n->memory / 1024), "string(/domain/memory[@unit='KiB'])");
	XEQ(d, "8388608", "string(/domain/memory[@unit='KiB'])");
	XEQ(d, u64(num, n->memory / 1024 + 1024 * 1024),
	    "string(/domain/memtune/hard_limit[@unit='KiB'])");
	XEQ(d, "1048576", "string(/domain/memoryBacking/hugepages/page[@unit='KiB']/@size)");
	XEQ(d, "1", "count(/domain/memoryBacking/locked)");
	XEQ(d, "1", "count(/domain/memoryBacking/nosharepages)");
	XEQ(d, "0", "count(/domain/numatune)");
	XEQ(d, "q35", "string(/domain/os/type/@machine)");
	xmlFreeDoc(d);
}

Test(libvirt, uuids_differ_per_node)
{
	char a[37], b[37];

	builddom("amd", "", "1GiB", "none");
	uuid_unparse_lower(node("vm1")->uuid, a);
	uuid_unparse_lower(node("vm3")->uuid, b);
	cr_assert_str_neq(a, b);
}

Test(libvirt, pinning)
{
	const struct node *n;
	xmlDocPtr d;
	char want[16];
	size_t i;

	builddom("amd", "", "1GiB", "none");
	n = node("vm2");
	cr_assert_eq(n->cores.n, 3);
	d = domainof("vm2");
	XEQ(d, "3", "string(/domain/vcpu[@placement='static'])");
	XEQ(d, "3", "count(/domain/cputune/vcpupin)");
	for (i = 0; i < n->cores.n; i++) {
		snprintf(want, sizeof(want), "%d", n->cores.v[i]);
		XEQ(d, want, "string(/domain/cputune/vcpupin[@vcpu='%zu']/@cpuset)", i);
		cr_assert_neq(n->cores.v[i], 0, "a vCPU on the housekeeping core");
	}
	XEQ(d, "0", "string(/domain/cputune/emulatorpin/@cpuset)");
	XEQ(d, "0-2", "string(/domain/cputune/vcpusched[@scheduler='fifo'][@priority='1']/@vcpus)");
	XEQ(d, "3", "string(/domain/cpu[@mode='host-passthrough']/topology[@sockets='1'][@dies='1'][@threads='1']/@cores)");
	XEQ(d, "passthrough", "string(/domain/cpu/cache/@mode)");
	XEQ(d, "require", "string(/domain/cpu/feature[@name='invtsc']/@policy)");
	xmlFreeDoc(d);
	d = domainof("vm1");
	XEQ(d, "0", "string(/domain/cputune/vcpusched/@vcpus)");
	xmlFreeDoc(d);
}

Test(libvirt, vfs_carry_pci_mac_vlan)
{
	const struct node *n;
	const struct iface *f;
	xmlDocPtr d;
	char mac[18], v[8], hex[8], p[64];
	size_t i;

	builddom("amd", "", "1GiB", "none");
	n = node("vm2");
	cr_assert_eq(n->nifaces, 4, "ingress, egress and two links");
	d = domainof("vm2");
	XEQ(d, "4", "count(/domain/devices/interface[@type='hostdev'][@managed='yes'])");
	for (i = 0; i < n->nifaces; i++) {
		f = &n->ifaces[i];
		snprintf(p, sizeof(p), "/domain/devices/interface[%zu]", i + 1);
		XEQ(d, fmtmac(mac, f->mac), "string(%s/mac/@address)", p);
		snprintf(hex, sizeof(hex), "0x%02x", f->pci.bus);
		XEQ(d, hex, "string(%s/source/address[@type='pci']/@bus)", p);
		snprintf(hex, sizeof(hex), "0x%02x", f->pci.dev);
		XEQ(d, hex, "string(%s/source/address/@slot)", p);
		snprintf(hex, sizeof(hex), "0x%x", f->pci.fn);
		XEQ(d, hex, "string(%s/source/address/@function)", p);
		if (f->role == ROLE_LINK) {
			cr_assert(f->vlan > 0);
			snprintf(v, sizeof(v), "%d", f->vlan);
			XEQ(d, v, "string(%s/vlan/tag/@id)", p);
			XEQ(d, "1", "count(%s/vlan/tag)", p);
		} else {
			XEQ(d, "0", "count(%s/vlan)", p);
		}
	}
	XEQ(d, "777", "string(/domain/devices/interface[4]/vlan/tag/@id)");
	xmlFreeDoc(d);
}

Test(libvirt, devices)
{
	xmlDocPtr d;

	builddom("amd", "", "1GiB", "none");
	d = domainof("vm1");
	XEQ(d, "/var/lib/hvnet/t.qcow2", "string(/domain/devices/disk[@device='disk']/source/@file)");
	XEQ(d, "qcow2", "string(/domain/devices/disk/driver/@type)");
	XEQ(d, "virtio", "string(/domain/devices/disk/target/@bus)");
	XEQ(d, "1", "count(/domain/devices/channel[@type='unix']/target[@type='virtio'][@name='org.qemu.guest_agent.0'])");
	XEQ(d, "1", "count(/domain/devices/serial)");
	XEQ(d, "1", "count(/domain/devices/console/target[@type='serial'])");
	XEQ(d, "0", "count(/domain/devices/graphics)");
	XEQ(d, "none", "string(/domain/devices/controller[@type='usb']/@model)");
	XEQ(d, "none", "string(/domain/devices/memballoon/@model)");
	XEQ(d, "none", "string(/domain/devices/video/model/@type)");
	XEQ(d, "0", "count(/domain/devices/interface[@type='network'])");
	XEQ(d, "off", "string(/domain/features/pmu/@state)");
	XEQ(d, "off", "string(/domain/features/vmport/@state)");
	XEQ(d, "on", "string(/domain/features/kvm/hint-dedicated/@state)");
	XEQ(d, "no", "string(/domain/clock[@offset='utc']/timer[@name='hpet']/@present)");
	xmlFreeDoc(d);
}

Test(libvirt, mgmt_network)
{
	xmlDocPtr d;

	builddom("amd", "", "1GiB", "default");
	d = domainof("vm3");
	XEQ(d, "default", "string(/domain/devices/interface[@type='network']/source/@network)");
	XEQ(d, "virtio", "string(/domain/devices/interface[@type='network']/model/@type)");
	xmlFreeDoc(d);
}

Test(libvirt, boot_direct_kernel_or_disk)
{
	const struct outfile *g;
	xmlDocPtr d;
	char *cl;

	builddom("amd", "", "1GiB", "none");
	d = domainof("vm2");
	XEQ(d, "/boot/vmlinuz", "string(/domain/os/kernel)");
	XEQ(d, "/boot/initrd.img", "string(/domain/os/initrd)");
	g = file("guests/vm2/kernel-cmdline.txt");
	cl = xs(d, "string(/domain/os/cmdline)");
	cr_assert(g->data.len > 0 && g->data.s[g->data.len - 1] == '\n');
	cr_assert_eq(strlen(cl), g->data.len - 1);
	cr_assert(!strncmp(cl, g->data.s, g->data.len - 1),
	    "direct-boot cmdline '%s' differs from kernel-cmdline.txt '%s'", cl, g->data.s);
	free(cl);
	XEQ(d, "0", "count(/domain/os/boot)");
	xmlFreeDoc(d);
	d = domainof("vm1");
	XEQ(d, "0", "count(/domain/os/kernel)");
	XEQ(d, "hd", "string(/domain/os/boot/@dev)");
	xmlFreeDoc(d);
}

Test(libvirt, numatune_follows_numanode)
{
	xmlDocPtr d;
	char want[8];
	size_t i;

	builddom("amd", ", numa: [0-3, 4-7]", "1GiB", "none");
	for (i = 0; i < t.nnodes; i++) {
		cr_assert(t.nodes[i].numanode >= 0);
		d = domainof(t.nodes[i].name);
		snprintf(want, sizeof(want), "%ld", t.nodes[i].numanode);
		XEQ(d, want, "string(/domain/numatune/memory[@mode='strict']/@nodeset)");
		xmlFreeDoc(d);
	}
}

Test(libvirt, no_hugepages)
{
	xmlDocPtr d;

	builddom("amd", "", "none", "none");
	d = domainof("vm1");
	XEQ(d, "0", "count(/domain/memoryBacking/hugepages)");
	XEQ(d, "1", "count(/domain/memoryBacking/locked)");
	xmlFreeDoc(d);
}

Test(libvirt, deterministic)
{
	struct outset again = { 0 };
	size_t i;

	builddom("intel", ", numa: [0-3, 4-7]", "2MiB", "default");
	cr_assert_eq(emit(&t, &again, "libvirt,kernel"), EXIT_OK);
	cr_assert_eq(again.n, set.n);
	for (i = 0; i < set.n; i++) {
		cr_assert_str_eq(again.v[i].path, set.v[i].path);
		cr_assert_eq(again.v[i].data.len, set.v[i].data.len);
		cr_assert(!memcmp(again.v[i].data.s, set.v[i].data.s, set.v[i].data.len));
	}
	outfree(&again);
}

/* libxml2's formatter (xmlSaveDoc, XML_SAVE_FORMAT, no declaration) writes
 * the parsed domain back byte for byte: the streaming writer's indentation
 * and escaping are the formatter's, on every variant of the domain. */
static void
sameasformatter(const char *node)
{
	char path[64];
	const struct outfile *f;
	xmlBufferPtr xb = xmlBufferCreate();
	xmlSaveCtxtPtr s;
	xmlDocPtr d;

	snprintf(path, sizeof(path), "libvirt/%s.xml", node);
	f = file(path);
	d = xmlReadMemory(f->data.s, (int)f->data.len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	cr_assert(d && xb, "%s is not well-formed XML", path);
	s = xmlSaveToBuffer(xb, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
	cr_assert(s);
	cr_assert(xmlSaveDoc(s, d) >= 0);
	cr_assert(xmlSaveClose(s) >= 0);
	cr_assert_eq((size_t)xmlBufferLength(xb), f->data.len, "%s: %d bytes from the formatter, %zu written",
	    path, xmlBufferLength(xb), f->data.len);
	cr_assert(!memcmp(xmlBufferContent(xb), f->data.s, f->data.len),
	    "%s differs from libxml2's formatting of it:\n%s", path, (const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	xmlFreeDoc(d);
}

Test(libvirt, bytes_are_libxml2s_formatting)
{
	static const char *const hosts[][4] = {
		{ "amd", "", "1GiB", "none" },
		{ "intel", ", numa: [0-3, 4-7]", "2MiB", "default" },
		{ "amd", "", "none", "none" },
	};
	size_t i;

	for (i = 0; i < LEN(hosts); i++) {
		builddom(hosts[i][0], hosts[i][1], hosts[i][2], hosts[i][3]);
		sameasformatter("vm1");
		sameasformatter("vm2");
		sameasformatter("vm3");
		outfree(&set);
		topofree(&t);
		free(msgs);
		msgs = NULL;
	}
}

/* The host's command line as a string without its newline. */
static const char *
hostline(void)
{
	const struct outfile *f = file("host/kernel-cmdline.txt");

	cr_assert(f->data.len > 0 && f->data.s[f->data.len - 1] == '\n');
	cr_assert(!memchr(f->data.s, '\n', f->data.len - 1), "more than one line");
	return f->data.s;
}

/* Whether the space-separated word w is in line s. */
static int
hasword(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = s; (p = strstr(p, w)); p += n)
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
			return 1;
	return 0;
}

#define HAS(s, w) cr_assert(hasword(s, w), "'%s' lacks '%s'", s, w)
#define LACKS(s, w) cr_assert(!hasword(s, w), "'%s' has '%s'", s, w)

Test(kernel, host_amd)
{
	const char *s;
	char w[64];

	builddom("amd", "", "1GiB", "none");
	s = hostline();
	/* vm1: 1 core, vm2: 3, vm3: 1, the lowest free after housekeeping 0 */
	HAS(s, "isolcpus=managed_irq,domain,1-5");
	HAS(s, "nohz_full=1-5");
	HAS(s, "rcu_nocbs=1-5");
	HAS(s, "irqaffinity=0");
	HAS(s, "iommu=pt");
	HAS(s, "amd_pstate=disable");
	LACKS(s, "intel_iommu=on");
	LACKS(s, "intel_pstate=disable");
	HAS(s, "default_hugepagesz=1G");
	HAS(s, "hugepagesz=1G");
	snprintf(w, sizeof(w), "hugepages=%llu", (unsigned long long)t.host.hugecount);
	HAS(s, w);
	HAS(s, "hugepages=16");	/* 4 + 8 + 4 GiB */
	HAS(s, "nosmt");
}

Test(kernel, host_intel_numa_2m)
{
	const char *s;

	builddom("intel", ", numa: [0-3, 4-7]", "2MiB", "none");
	s = hostline();
	HAS(s, "intel_iommu=on");
	HAS(s, "iommu=pt");
	HAS(s, "intel_pstate=disable");
	HAS(s, "intel_idle.max_cstate=0");
	LACKS(s, "amd_pstate=disable");
	HAS(s, "default_hugepagesz=2M");
	HAS(s, "hugepagesz=2M");
	cr_assert(t.host.hugecounts);
	cr_assert_eq(t.host.hugecounts[0] + t.host.hugecounts[1], t.host.hugecount);
	cr_assert(strstr(s, " hugepages=0:"), "no per-node hugepages in '%s'", s);
	cr_assert(strstr(s, ",1:"), "no NUMA node 1 in '%s'", s);
}

Test(kernel, host_no_hugepages)
{
	const char *s;

	builddom("amd", "", "none", "none");
	s = hostline();
	cr_assert(!strstr(s, "hugepage"), "'%s' reserves hugepages", s);
}

Test(kernel, grub_appends_the_line)
{
	const struct outfile *g;
	const char *s, *p;
	size_t n;

	builddom("amd", "", "1GiB", "none");
	s = hostline();
	n = strlen(s) - 1;
	g = file("host/grub.cfg");
	p = strstr(g->data.s, "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT ");
	cr_assert(p, "no GRUB_CMDLINE_LINUX_DEFAULT in grub.cfg");
	p = strchr(p, ' ') + 1;
	cr_assert(!strncmp(p, s, n) && p[n] == '"', "grub.cfg's line differs from kernel-cmdline.txt");
}

Test(kernel, guests)
{
	const struct outfile *f;

	builddom("amd", "", "1GiB", "none");
	f = file("guests/vm1/kernel-cmdline.txt");
	HAS(f->data.s, "console=ttyS0,115200");
	HAS(f->data.s, "irqaffinity=0");
	cr_assert(!strstr(f->data.s, "isolcpus"), "a 1-vCPU guest isolates a vCPU");
	f = file("guests/vm2/kernel-cmdline.txt");
	HAS(f->data.s, "isolcpus=managed_irq,domain,1-2");
	HAS(f->data.s, "nohz_full=1-2");
	HAS(f->data.s, "rcu_nocbs=1-2");
	HAS(f->data.s, "idle=poll");
	/* the node's own cmdline comes last */
	cr_assert(f->data.len > 16 &&
	    !strcmp(f->data.s + f->data.len - 16, " root=/dev/vda1\n"), "'%s'", f->data.s);
	file("guests/vm3/kernel-cmdline.txt");
}

Test(kernel, overcommitted_cores_listed_once)
{
	const char *s;
	xmlDocPtr d;

	/* 40 vCPUs on 31 free cores: the plan wraps and shares cores */
	cr_assert_eq(compileyaml(&t, HOST "nodes: { vm1: { vcpus: 20 }, vm2: { vcpus: 20 } }\n",
	    1, &msgs), EXIT_OK, "%s", msgs);
	cr_assert(t.overcommitted & 1u << SPACE_CORE);
	cr_assert_eq(emit(&t, &set, "libvirt,kernel"), EXIT_OK);
	s = hostline();
	HAS(s, "isolcpus=managed_irq,domain,1-31");
	HAS(s, "nohz_full=1-31");
	d = domainof("vm2");
	XEQ(d, "20", "count(/domain/cputune/vcpupin)");
	XEQ(d, "0-19", "string(/domain/cputune/vcpusched/@vcpus)");
	xmlFreeDoc(d);
}
