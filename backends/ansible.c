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
 *
 * Host variables hold a machine's own scalar settings only; the whole plan
 * (every VM's interfaces, next hops, links and flows) is hvnet_plan, which
 * reads ../plan.yaml on the controller when a task uses it, instead of a
 * copy per host (51 MB of inventory at 10,000 VMs); a guest's own entry is
 * hvnet_node, and the LoadGen's hvnet_flows is the plan's flows.
 */
#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "yevars.h"

/* Where the compiled tree goes on the machines. */
#define HVNETDIR "/var/lib/hvnet/"
/* plan.yaml beside the inventory's directory, parsed only when a task uses it. */
#define PLANVAR "{{ lookup('ansible.builtin.file', inventory_dir ~ '/../plan.yaml')" \
	" | ansible.builtin.from_yaml }}"
/* The flows, for the LoadGen, from the same file. */
#define FLOWSVAR "{{ hvnet_plan.flows }}"
/* A guest's own entry of the plan: its interfaces, rules and settings. */
#define NODEVAR "{{ hvnet_plan.nodes[inventory_hostname] }}"

static void
yehostvars(struct yout *y, const char *name)
{
	ykstr(y, "ansible_host", name);
	ykstr(y, "ansible_user", "root");
	ykstr(y, "ansible_python_interpreter", "/usr/bin/python3");
}

static void
inventorydut(struct yout *y, const struct topo *t)
{
	size_t i;

	ystr(y, t->host.name);
	ymap(y, 0);
	yehostvars(y, t->host.name);
	yvdut(y, t, "hvnet_");
	ystr(y, "hvnet_domains");
	yseq(y, 1);
	for (i = 0; i < t->nnodes; i++)
		ystr(y, t->nodes[i].name);
	yendseq(y);
	yend(y);
}

/* How Ansible reaches the guests (see the comment at the top). */
static void
inventoryguestvars(struct yout *y, const struct topo *t)
{
	struct buf b = { 0 };

	ystr(y, "vars");
	ymap(y, 0);
	if (t->host.mgmt) {
		ykstr(y, "ansible_connection", "ssh");
		ykstr(y, "ansible_user", "root");
		bufprintf(&b, "-o ProxyJump=root@%s", t->host.name);
		ykquoted(y, "ansible_ssh_common_args", b.s);
	} else {
		ykstr(y, "ansible_connection", "community.libvirt.libvirt_qemu");
		bufprintf(&b, "qemu+ssh://root@%s/system", t->host.name);
		ykquoted(y, "ansible_libvirt_uri", b.s);
	}
	ykstr(y, "ansible_python_interpreter", "/usr/bin/python3");
	ykquoted(y, "hvnet_node", NODEVAR);
	yend(y);
	buffree(&b);
}

static void
inventoryguests(struct yout *y, const struct topo *t)
{
	size_t i;

	ystr(y, "hvnet_guests");
	ymap(y, 0);
	inventoryguestvars(y, t);
	ystr(y, "hosts");
	ymap(y, 0);
	for (i = 0; i < t->nnodes; i++) {
		ystr(y, t->nodes[i].name);
		ymap(y, 0);
		ykstr(y, "ansible_host", t->nodes[i].name);
		yvnode(y, &t->nodes[i], "hvnet_");
		yend(y);
	}
	yend(y);
	yend(y);
}

/* A group of one machine: group, host name, then its variables. */
static void
inventorymachine(struct yout *y, const struct topo *t, const char *group,
    const char *name, void (*vars)(struct yout *, const struct topo *, const char *))
{
	ystr(y, group);
	ymap(y, 0);
	ystr(y, "hosts");
	ymap(y, 0);
	ystr(y, name);
	ymap(y, 0);
	yehostvars(y, name);
	vars(y, t, "hvnet_");
	yend(y);
	yend(y);
	yend(y);
}

static void
loadgenvars(struct yout *y, const struct topo *t, const char *prefix)
{
	yvloadgen(y, t, prefix);
	ykquoted(y, "hvnet_flows", FLOWSVAR);
}

static int
inventory(const struct topo *t, struct buf *out)
{
	struct yout y;

	yopen(&y, out);
	ymap(&y, 0);
	ystr(&y, "all");
	ymap(&y, 0);
	ystr(&y, "vars");
	ymap(&y, 0);
	ykstr(&y, "hvnet_name", t->name);
	ystr(&y, "hvnet_dir");
	yvstrf(&y, HVNETDIR "%s", t->name);
	ykquoted(&y, "hvnet_plan", PLANVAR);
	yend(&y);
	ystr(&y, "children");
	ymap(&y, 0);
	ystr(&y, "hvnet_dut");
	ymap(&y, 0);
	ystr(&y, "hosts");
	ymap(&y, 0);
	inventorydut(&y, t);
	yend(&y);
	yend(&y);
	inventoryguests(&y, t);
	inventorymachine(&y, t, "hvnet_loadgen", t->meas.loadgen, loadgenvars);
	inventorymachine(&y, t, "hvnet_timestamper", t->meas.timestamper, yvtimestamper);
	yend(&y);
	yend(&y);
	yend(&y);
	return yvclose(&y);
}

/* site.yml: plays of tasks; every task is a name, a module and its arguments. */
static void
play(struct yout *y, const char *name, const char *hosts)
{
	ymap(y, 0);
	ykstr(y, "name", name);
	ykstr(y, "hosts", hosts);
	ystr(y, "gather_facts");
	yvbool(y, 0);
	ystr(y, "tasks");
	yseq(y, 0);
}

static void
playend(struct yout *y)
{
	yendseq(y);
	yend(y);
}

/* Start a task and its module's argument mapping; close with taskend(). */
static void
task(struct yout *y, const char *name, const char *module)
{
	ymap(y, 0);
	ykstr(y, "name", name);
	ystr(y, module);
	ymap(y, 0);
}

/* Close the arguments; the task's own keys (when, register) may follow. */
static void
taskargsend(struct yout *y)
{
	yend(y);
}

static void
taskend(struct yout *y)
{
	yend(y);
}

/*
 * A script of the compiled tree, run from the machine's copy of the tree by
 * its absolute path (no chdir: check mode fails on a directory it did not make).
 */
static void
runscript(struct yout *y, const char *name, const char *script)
{
	struct buf cmd = { 0 };

	bufprintf(&cmd, "{{ hvnet_dir }}/%s", script);
	task(y, name, "ansible.builtin.command");
	ykquoted(y, "cmd", cmd.s);
	taskargsend(y);
	buffree(&cmd);
}

/* Copy a directory of the compiled tree (path relative to it) to hvnet_dir. */
static void
stage(struct yout *y, const char *what, const char *sub)
{
	struct buf src = { 0 }, dest = { 0 };

	task(y, "Create the directory for the artifacts", "ansible.builtin.file");
	ykquoted(y, "path", "{{ hvnet_dir }}");
	ykstr(y, "state", "directory");
	ykquoted(y, "mode", "0755");
	taskargsend(y);
	taskend(y);
	bufprintf(&src, "{{ playbook_dir }}/../%s", sub);
	bufprintf(&dest, "{{ hvnet_dir }}/%s", sub);
	task(y, what, "ansible.builtin.copy");
	ykquoted(y, "src", src.s);
	ykquoted(y, "dest", dest.s);
	ykstr(y, "mode", "preserve");
	taskargsend(y);
	taskend(y);
	buffree(&src);
	buffree(&dest);
}

static void
sitecheck(struct yout *y)
{
	play(y, "Stage the compiled artifacts on the DuT and check it", "hvnet_dut");
	stage(y, "Copy the compiled artifacts", "");
	runscript(y, "Check the host (report only)", "host/preflight.sh");
	ykstr(y, "register", "hvnet_preflight");
	ystr(y, "changed_when");
	yvbool(y, 0);
	ystr(y, "failed_when");
	yvbool(y, 0);
	taskend(y);
	task(y, "Report what the host lacks before it is configured", "ansible.builtin.debug");
	ykstr(y, "var", "hvnet_preflight.stdout_lines");
	taskargsend(y);
	ykquoted(y, "when", "hvnet_preflight.rc | default(0) != 0");
	taskend(y);
	playend(y);
}

static void
sitekernel(struct yout *y)
{
	play(y, "Boot the DuT with the host kernel parameters", "hvnet_dut");
	task(y, "Install the GRUB snippet (host/grub.cfg)", "ansible.builtin.copy");
	ykquoted(y, "src", "{{ playbook_dir }}/../host/grub.cfg");
	ykquoted(y, "dest", "/etc/default/grub.d/hvnet-{{ hvnet_name }}.cfg");
	ykquoted(y, "mode", "0644");
	taskargsend(y);
	ykstr(y, "register", "hvnet_grub");
	taskend(y);
	task(y, "Regenerate the GRUB configuration", "ansible.builtin.command");
	ykstr(y, "cmd", "update-grub");
	taskargsend(y);
	ykstr(y, "when", "hvnet_grub.changed");
	taskend(y);
	task(y, "Reboot into the new parameters", "ansible.builtin.reboot");
	ykint(y, "reboot_timeout", 1800);
	taskargsend(y);
	ykstr(y, "when", "hvnet_grub.changed");
	ystr(y, "tags");
	yseq(y, 1);
	ystr(y, "reboot");
	yendseq(y);
	taskend(y);
	runscript(y, "Check the host (must pass now)", "host/preflight.sh");
	ystr(y, "changed_when");
	yvbool(y, 0);
	taskend(y);
	playend(y);
}

/* With host.mgmt, the DuT resolves guest names from libvirt's DHCP leases. */
static void
sitemgmt(struct yout *y)
{
	task(y, "Resolve guest names through libvirt (libnss-libvirt)", "ansible.builtin.apt");
	ykstr(y, "name", "libnss-libvirt");
	ykstr(y, "state", "present");
	taskargsend(y);
	taskend(y);
	task(y, "Look up guest names in libvirt's leases", "ansible.builtin.replace");
	ykstr(y, "path", "/etc/nsswitch.conf");
	ykquoted(y, "regexp", "^(hosts:\\s+files)(?!.*libvirt_guest)");
	ykquoted(y, "replace", "\\1 libvirt_guest");
	taskargsend(y);
	taskend(y);
}

static void
sitedomains(struct yout *y, const struct topo *t)
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
siteguests(struct yout *y)
{
	play(y, "Configure the guest networks", "hvnet_guests");
	task(y, "Wait until the guest answers", "ansible.builtin.wait_for_connection");
	ykint(y, "timeout", 600);
	taskargsend(y);
	taskend(y);
	task(y, "Run the guest's network script", "ansible.builtin.script");
	ykquoted(y, "cmd", "{{ playbook_dir }}/../guests/{{ inventory_hostname }}/network.sh");
	taskargsend(y);
	taskend(y);
	task(y, "Check the guest against the plan", "ansible.builtin.script");
	ykquoted(y, "cmd", "{{ playbook_dir }}/../guests/{{ inventory_hostname }}/verify.sh");
	taskargsend(y);
	ystr(y, "changed_when");
	yvbool(y, 0);
	taskend(y);
	playend(y);
}

/* Before the measurement: the DuT must be the plan (host/verify.sh). */
static void
siteverify(struct yout *y)
{
	play(y, "Check the DuT against the plan before the measurement", "hvnet_dut");
	runscript(y, "Compare VFs, hugepages, boot parameters and domains with the plan",
	    "host/verify.sh");
	ystr(y, "changed_when");
	yvbool(y, 0);
	taskend(y);
	playend(y);
}

static int
siteyml(const struct topo *t, struct buf *out)
{
	struct yout y;

	yopen(&y, out);
	yseq(&y, 0);
	sitecheck(&y);
	sitekernel(&y);
	sitedomains(&y, t);
	siteguests(&y);
	siteverify(&y);
	play(&y, "Stage the LoadGen's scripts and flows", "hvnet_loadgen");
	stage(&y, "Copy the LoadGen's files", "loadgen/");
	playend(&y);
	play(&y, "Stage the Timestamper's scripts", "hvnet_timestamper");
	stage(&y, "Copy the Timestamper's files", "loadgen/");
	playend(&y);
	yendseq(&y);
	return yvclose(&y);
}

int
ansibleemit(const struct topo *t, struct outset *set)
{
	int r = inventory(t, outnew(set, 0, "ansible/inventory.yml"));

	if (r == EXIT_OK)
		r = siteyml(t, outnew(set, 0, "ansible/site.yml"));
	return r;
}
