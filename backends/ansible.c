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
 * site.yml (templates/site.yml, the same for every topology) copies the
 * compiled tree to the DuT and applies it in order; the inventory's
 * hvnet_mgmt says whether it sets up guest name resolution.
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
		if (t->nodes[i].kind != KIND_VM)
			continue;	/* a namespace: the DuT runs its network.sh */
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
	size_t i;

	yopen(&y, out);
	ymap(&y, 0);
	ystr(&y, "all");
	ymap(&y, 0);
	ystr(&y, "vars");
	ymap(&y, 0);
	ykstr(&y, "hvnet_name", t->name);
	ystr(&y, "hvnet_dir");
	yvstrf(&y, HVNETDIR "%s", t->name);
	ystr(&y, "hvnet_mgmt");
	yvbool(&y, t->host.mgmt != NULL);
	ykquoted(&y, "hvnet_plan", PLANVAR);
	for (i = 0; i < t->nnodes && t->nodes[i].kind != KIND_NETNS; i++)
		;
	if (i < t->nnodes) {
		ystr(&y, "hvnet_namespaces");
		yseq(&y, 1);
		for (; i < t->nnodes; i++)
			if (t->nodes[i].kind == KIND_NETNS)
				ystr(&y, t->nodes[i].name);
		yendseq(&y);
	}
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

int
ansibleemit(const struct topo *t, struct outset *set)
{
	int r = inventory(t, outnew(set, 0, "ansible/inventory.yml"));

	if (r == EXIT_OK)
		r = tplput(outnew(set, 0, "ansible/site.yml"), "site.yml");
	return r;
}
