/*
 * Backend 'kernel': boot parameters of the host (host/kernel-cmdline.txt,
 * host/grub.cfg) and of every VM (guests/<node>/kernel-cmdline.txt; a
 * namespace has none).
 *
 * The parameters follow the Ducked Tails setup and tuned's realtime
 * profiles: the VMs' cores are isolated from the
 * scheduler, ticks, RCU callbacks and IRQs, which stay on housekeeping.
 * guestcmdline() is shared with the libvirt backend, whose direct kernel
 * boot passes the same line.
 */
#include <stdlib.h>

#include "backends.h"

static int
intcmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The union of every VM's cores, ascending; free c->v. */
static void
vmcores(const struct topo *t, struct cpulist *c)
{
	size_t i, j, n = 0;

	for (i = 0; i < t->nnodes; i++)
		n += t->nodes[i].cores.n;
	c->v = xreallocarray(NULL, n ? n : 1, sizeof(*c->v));
	c->n = 0;
	for (i = 0; i < t->nnodes; i++)
		for (j = 0; j < t->nodes[i].cores.n; j++)
			c->v[c->n++] = t->nodes[i].cores.v[j];
	qsort(c->v, c->n, sizeof(*c->v), intcmp);
	for (i = j = 0; i < c->n; i++)	/* overcommitted plans share cores */
		if (!j || c->v[i] != c->v[j - 1])
			c->v[j++] = c->v[i];
	c->n = j;
}

/* Hugepage reservation: the total, or per NUMA node (node:count,...). */
static void
hugepages(struct buf *b, const struct host *h)
{
	char size[32];
	size_t i;

	if (!h->hugepage)
		return;
	fmtpagesize(size, h->hugepage);
	bufprintf(b, " default_hugepagesz=%s hugepagesz=%s", size, size);
	if (!h->nnuma) {
		bufprintf(b, " hugepages=%llu", (unsigned long long)h->hugecount);
		return;
	}
	bufputs(b, " hugepages=");
	for (i = 0; i < h->nnuma; i++)
		bufprintf(b, "%s%zu:%llu", i ? "," : "", i,
		    (unsigned long long)h->hugecounts[i]);
}

/* The host's parameters, one line without a newline. */
static void
hostcmdline(const struct topo *t, struct buf *b)
{
	const struct host *h = &t->host;
	struct cpulist vm;
	struct buf hk = { 0 };

	vmcores(t, &vm);
	fmtcpus(&hk, &h->housekeeping);
	kisolate(b, &vm);
	if (hk.len)
		bufprintf(b, " irqaffinity=%s", hk.s);
	bufputs(b, kquiet);
	if (h->vendor == VENDOR_INTEL)
		bufputs(b, " intel_idle.max_cstate=0 intel_pstate=disable"
		    " intel_iommu=on iommu=pt");
	else
		bufputs(b, " amd_pstate=disable iommu=pt");
	hugepages(b, h);
	bufputs(b, " rcupdate.rcu_normal_after_boot=1 kvm.kvmclock_periodic_sync=0"
	    " kvm.nx_huge_pages=off nosmt");
	free(vm.v);
	buffree(&hk);
}

void
guestcmdline(const struct node *n, struct buf *b)
{
	guestparams(n, b);
	if (n->cmdline && *n->cmdline)
		bufprintf(b, " %s", n->cmdline);
}

/* host/grub.cfg: sourced by grub-mkconfig from /etc/default/grub.d/. */
static void
grubcfg(const struct topo *t, struct buf *b, const char *line)
{
	bufprintf(b, "# HVNet boot parameters for topology '%s' on host '%s' (hvnetc).\n",
	    t->name ? t->name : "", t->host.name);
	bufputs(b, "# Install as /etc/default/grub.d/hvnet.cfg, run update-grub and reboot;\n"
	    "# host/preflight.sh then finds them in /proc/cmdline.\n");
	bufprintf(b, "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT %s\"\n", line);
}

int
kernelemit(const struct topo *t, struct outset *set)
{
	struct buf line = { 0 }, *b;
	const char *s;
	size_t i;

	hostcmdline(t, &line);
	s = line.s + (line.s[0] == ' ');
	b = outnew(set, 0, "host/kernel-cmdline.txt");
	bufprintf(b, "%s\n", s);
	grubcfg(t, outnew(set, 0, "host/grub.cfg"), s);
	buffree(&line);
	for (i = 0; i < t->nnodes; i++) {
		if (t->nodes[i].kind == KIND_NETNS)
			continue;	/* a namespace boots no kernel of its own */
		b = outnew(set, 0, "guests/%s/kernel-cmdline.txt", t->nodes[i].name);
		guestcmdline(&t->nodes[i], b);
		bufputs(b, "\n");
	}
	return EXIT_OK;
}
