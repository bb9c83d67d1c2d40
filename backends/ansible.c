/*
 * Backend 'ansible': ansible/inventory.yml and ansible/site.yml.
 *
 * Ansible runs on a controller next to the testbed.  The DuT, the LoadGen
 * and the Timestamper are reached by SSH as root under their own names.
 * Guests need no network of their own: by default they are reached through
 * the qemu guest agent (community.libvirt.libvirt_qemu) over the DuT's
 * libvirt, qemu+ssh://root@DUT/system; run on the DuT itself, pass
 * -e ansible_libvirt_uri=qemu:///system.  With host.mgmt, guests are reached
 * by SSH as root under their domain names, jumping through the DuT, whose
 * resolver learns the names from libvirt's DHCP leases (libnss-libvirt's
 * libvirt_guest module, which site.yml installs).
 * site.yml copies the compiled tree to the DuT and applies it in order.
 */
#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "yemit.h"

/* Where the compiled tree goes on the machines. */
#define HVNETDIR "/var/lib/hvnet/"

static void
yehostvars(struct yemit *y, const char *name)
{
	yekstr(y, "ansible_host", name);
	yekstr(y, "ansible_user", "root");
	yekstr(y, "ansible_python_interpreter", "/usr/bin/python3");
}

static void
inventorydut(struct yemit *y, const struct topo *t)
{
	static const char *const portname[NPORTS] = { "a", "b", "ingress", "egress" };
	char pf[13];
	size_t i;
	int p;

	yestr(y, t->host.name);
	yemap(y, 0);
	yehostvars(y, t->host.name);
	yekints(y, "hvnet_housekeeping", t->host.housekeeping.v, t->host.housekeeping.n);
	yekint(y, "hvnet_hugepage_size", (long long)t->host.hugepage);
	yekint(y, "hvnet_hugepages", (long long)t->host.hugecount);
	yestr(y, "hvnet_ports");
	yemap(y, 0);
	for (p = 0; p < NPORTS; p++) {
		yestr(y, portname[p]);
		yemap(y, 1);
		yekquoted(y, "pf", fmtpci(pf, t->host.port[p].pf));
		yekint(y, "vfs", (long long)t->host.port[p].nvfs);
		yemapend(y);
	}
	yemapend(y);
	yestr(y, "hvnet_domains");
	yeseq(y, 1);
	for (i = 0; i < t->nnodes; i++)
		yestr(y, t->nodes[i].name);
	yeseqend(y);
	yemapend(y);
}

/* How Ansible reaches the guests (see the comment at the top). */
static void
inventoryguestvars(struct yemit *y, const struct topo *t)
{
	struct buf b = { 0 };

	yestr(y, "vars");
	yemap(y, 0);
	if (t->host.mgmt) {
		yekstr(y, "ansible_connection", "ssh");
		yekstr(y, "ansible_user", "root");
		bufprintf(&b, "-o ProxyJump=root@%s", t->host.name);
		yekquoted(y, "ansible_ssh_common_args", b.s);
	} else {
		yekstr(y, "ansible_connection", "community.libvirt.libvirt_qemu");
		bufprintf(&b, "qemu+ssh://root@%s/system", t->host.name);
		yekquoted(y, "ansible_libvirt_uri", b.s);
	}
	yekstr(y, "ansible_python_interpreter", "/usr/bin/python3");
	yemapend(y);
	buffree(&b);
}

static void
inventoryguests(struct yemit *y, const struct topo *t)
{
	size_t i;

	yestr(y, "hvnet_guests");
	yemap(y, 0);
	inventoryguestvars(y, t);
	yestr(y, "hosts");
	yemap(y, 0);
	for (i = 0; i < t->nnodes; i++) {
		yestr(y, t->nodes[i].name);
		yemap(y, 0);
		yekstr(y, "ansible_host", t->nodes[i].name);
		yenodevars(y, &t->nodes[i], "hvnet_");
		yemapend(y);
	}
	yemapend(y);
	yemapend(y);
}

/* A group of one machine: group, host name, then its variables. */
static void
inventorymachine(struct yemit *y, const struct topo *t, const char *group,
    const char *name, void (*vars)(struct yemit *, const struct topo *, const char *))
{
	yestr(y, group);
	yemap(y, 0);
	yestr(y, "hosts");
	yemap(y, 0);
	yestr(y, name);
	yemap(y, 0);
	yehostvars(y, name);
	vars(y, t, "hvnet_");
	yemapend(y);
	yemapend(y);
	yemapend(y);
}

static int
inventory(const struct topo *t, struct buf *out)
{
	struct yemit y;

	yeopen(&y, out);
	yemap(&y, 0);
	yestr(&y, "all");
	yemap(&y, 0);
	yestr(&y, "vars");
	yemap(&y, 0);
	yekstr(&y, "hvnet_name", t->name);
	yestr(&y, "hvnet_dir");
	yestrf(&y, HVNETDIR "%s", t->name);
	yemapend(&y);
	yestr(&y, "children");
	yemap(&y, 0);
	yestr(&y, "hvnet_dut");
	yemap(&y, 0);
	yestr(&y, "hosts");
	yemap(&y, 0);
	inventorydut(&y, t);
	yemapend(&y);
	yemapend(&y);
	inventoryguests(&y, t);
	inventorymachine(&y, t, "hvnet_loadgen", t->meas.loadgen, yeloadgenvars);
	inventorymachine(&y, t, "hvnet_timestamper", t->meas.timestamper, yetimestampervars);
	yemapend(&y);
	yemapend(&y);
	yemapend(&y);
	return yeclose(&y);
}

/* site.yml: plays of tasks; every task is a name, a module and its arguments. */
static void
play(struct yemit *y, const char *name, const char *hosts)
{
	yemap(y, 0);
	yekstr(y, "name", name);
	yekstr(y, "hosts", hosts);
	yestr(y, "gather_facts");
	yebool(y, 0);
	yestr(y, "tasks");
	yeseq(y, 0);
}

static void
playend(struct yemit *y)
{
	yeseqend(y);
	yemapend(y);
}

/* Start a task and its module's argument mapping; close with taskend(). */
static void
task(struct yemit *y, const char *name, const char *module)
{
	yemap(y, 0);
	yekstr(y, "name", name);
	yestr(y, module);
	yemap(y, 0);
}

/* Close the arguments; the task's own keys (when, register) may follow. */
static void
taskargsend(struct yemit *y)
{
	yemapend(y);
}

static void
taskend(struct yemit *y)
{
	yemapend(y);
}

/*
 * A script of the compiled tree, run from the machine's copy of the tree by
 * its absolute path (no chdir: check mode fails on a directory it did not make).
 */
static void
runscript(struct yemit *y, const char *name, const char *script)
{
	struct buf cmd = { 0 };

	bufprintf(&cmd, "{{ hvnet_dir }}/%s", script);
	task(y, name, "ansible.builtin.command");
	yekquoted(y, "cmd", cmd.s);
	taskargsend(y);
	buffree(&cmd);
}

/* Copy a directory of the compiled tree (path relative to it) to hvnet_dir. */
static void
stage(struct yemit *y, const char *what, const char *sub)
{
	struct buf src = { 0 }, dest = { 0 };

	task(y, "Create the directory for the artifacts", "ansible.builtin.file");
	yekquoted(y, "path", "{{ hvnet_dir }}");
	yekstr(y, "state", "directory");
	yekquoted(y, "mode", "0755");
	taskargsend(y);
	taskend(y);
	bufprintf(&src, "{{ playbook_dir }}/../%s", sub);
	bufprintf(&dest, "{{ hvnet_dir }}/%s", sub);
	task(y, what, "ansible.builtin.copy");
	yekquoted(y, "src", src.s);
	yekquoted(y, "dest", dest.s);
	yekstr(y, "mode", "preserve");
	taskargsend(y);
	taskend(y);
	buffree(&src);
	buffree(&dest);
}

static void
sitecheck(struct yemit *y)
{
	play(y, "Stage the compiled artifacts on the DuT and check it", "hvnet_dut");
	stage(y, "Copy the compiled artifacts", "");
	runscript(y, "Check the host (report only)", "host/preflight.sh");
	yekstr(y, "register", "hvnet_preflight");
	yestr(y, "changed_when");
	yebool(y, 0);
	yestr(y, "failed_when");
	yebool(y, 0);
	taskend(y);
	task(y, "Report what the host lacks before it is configured", "ansible.builtin.debug");
	yekstr(y, "var", "hvnet_preflight.stdout_lines");
	taskargsend(y);
	yekquoted(y, "when", "hvnet_preflight.rc | default(0) != 0");
	taskend(y);
	playend(y);
}

static void
sitekernel(struct yemit *y)
{
	play(y, "Boot the DuT with the host kernel parameters", "hvnet_dut");
	task(y, "Install the GRUB snippet (host/grub.cfg)", "ansible.builtin.copy");
	yekquoted(y, "src", "{{ playbook_dir }}/../host/grub.cfg");
	yekquoted(y, "dest", "/etc/default/grub.d/hvnet-{{ hvnet_name }}.cfg");
	yekquoted(y, "mode", "0644");
	taskargsend(y);
	yekstr(y, "register", "hvnet_grub");
	taskend(y);
	task(y, "Regenerate the GRUB configuration", "ansible.builtin.command");
	yekstr(y, "cmd", "update-grub");
	taskargsend(y);
	yekstr(y, "when", "hvnet_grub.changed");
	taskend(y);
	task(y, "Reboot into the new parameters", "ansible.builtin.reboot");
	yekint(y, "reboot_timeout", 1800);
	taskargsend(y);
	yekstr(y, "when", "hvnet_grub.changed");
	yestr(y, "tags");
	yeseq(y, 1);
	yestr(y, "reboot");
	yeseqend(y);
	taskend(y);
	runscript(y, "Check the host (must pass now)", "host/preflight.sh");
	yestr(y, "changed_when");
	yebool(y, 0);
	taskend(y);
	playend(y);
}

/* With host.mgmt, the DuT resolves guest names from libvirt's DHCP leases. */
static void
sitemgmt(struct yemit *y)
{
	task(y, "Resolve guest names through libvirt (libnss-libvirt)", "ansible.builtin.apt");
	yekstr(y, "name", "libnss-libvirt");
	yekstr(y, "state", "present");
	taskargsend(y);
	taskend(y);
	task(y, "Look up guest names in libvirt's leases", "ansible.builtin.replace");
	yekstr(y, "path", "/etc/nsswitch.conf");
	yekquoted(y, "regexp", "^(hosts:\\s+files)(?!.*libvirt_guest)");
	yekquoted(y, "replace", "\\1 libvirt_guest");
	taskargsend(y);
	taskend(y);
}

static void
sitedomains(struct yemit *y, const struct topo *t)
{
	play(y, "Create the VFs and start the domains", "hvnet_dut");
	if (t->host.mgmt)
		sitemgmt(y);
	runscript(y, "Create the VFs with their MACs, VLANs and limits", "host/sriov-up.sh");
	taskend(y);
	runscript(y, "Define and start the domains", "host/vms-up.sh");
	taskend(y);
	playend(y);
}

static void
siteguests(struct yemit *y)
{
	play(y, "Configure the guest networks", "hvnet_guests");
	task(y, "Wait until the guest answers", "ansible.builtin.wait_for_connection");
	yekint(y, "timeout", 600);
	taskargsend(y);
	taskend(y);
	task(y, "Run the guest's network script", "ansible.builtin.script");
	yekquoted(y, "cmd", "{{ playbook_dir }}/../guests/{{ inventory_hostname }}/network.sh");
	taskargsend(y);
	taskend(y);
	playend(y);
}

static int
siteyml(const struct topo *t, struct buf *out)
{
	struct yemit y;

	yeopen(&y, out);
	yeseq(&y, 0);
	sitecheck(&y);
	sitekernel(&y);
	sitedomains(&y, t);
	siteguests(&y);
	play(&y, "Stage the LoadGen's scripts and flows", "hvnet_loadgen");
	stage(&y, "Copy the LoadGen's files", "loadgen/");
	playend(&y);
	play(&y, "Stage the Timestamper's scripts", "hvnet_timestamper");
	stage(&y, "Copy the Timestamper's files", "loadgen/");
	playend(&y);
	yeseqend(&y);
	return yeclose(&y);
}

int
ansibleemit(const struct topo *t, struct outset *set)
{
	int r = inventory(t, outnew(set, 0, "ansible/inventory.yml"));

	if (r == EXIT_OK)
		r = siteyml(t, outnew(set, 0, "ansible/site.yml"));
	return r;
}
