/* The Ansible and pos backends on a hand-resolved Figure 1. */
#include <string.h>
#include <yaml.h>

#include "unit.h"
#include "backends.h"
#include "topofixture.h"

static const char *
file(const struct outset *set, const char *path)
{
	const struct outfile *f = outfind(set, path);

	cr_assert_not_null(f, "%s is missing", path);
	return f->data.s;
}

/* libyaml reads s back to the end without an error. */
static int
wellformed(const char *s)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int ok = 1, done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, strlen(s));
	while (ok && !done) {
		ok = yaml_parser_parse(&p, &ev);
		done = ok && ev.type == YAML_STREAM_END_EVENT;
		if (ok)
			yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

Test(ansible, inventory_reaches_guests_through_libvirt)
{
	struct topo t;
	struct outset set = { 0 };
	const char *s;

	fixturefig1(&t);
	cr_assert_eq(emit(&t, &set, "ansible"), EXIT_OK);
	s = file(&set, "ansible/inventory.yml");
	cr_assert(wellformed(s));
	cr_assert(strstr(s, "ansible_connection: community.libvirt.libvirt_qemu"));
	cr_assert(strstr(s, "ansible_libvirt_uri: \"qemu+ssh://root@dut/system\""));
	cr_assert(strstr(s, "    hvnet_loadgen:\n      hosts:\n        loadgen:\n"));
	cr_assert(strstr(s, "    hvnet_plan: \"{{ lookup('ansible.builtin.file', "
	    "inventory_dir ~ '/../plan.yaml') | ansible.builtin.from_yaml }}\"\n"), "%s", s);
	cr_assert(strstr(s, "hvnet_node: \"{{ hvnet_plan.nodes[inventory_hostname] }}\""));
	cr_assert(strstr(s, "        vm3:\n          ansible_host: vm3\n          hvnet_kind: vm\n          hvnet_vcpus: 2\n"
	    "          hvnet_cores: [5, 6]\n"), "%s", s);
	cr_assert(!strstr(s, "hvnet_interfaces") && !strstr(s, "hvnet_next_hops"),
	    "the plan's interfaces are not repeated per host");
	cr_assert(strstr(s, "          hvnet_flows: \"{{ hvnet_plan.flows }}\"\n"), "%s", s);
	cr_assert(!strstr(s, "dst_mac"), "nor are the flows");
	s = file(&set, "ansible/site.yml");
	cr_assert(wellformed(s));
	cr_assert(strstr(s, "cmd: \"{{ hvnet_dir }}/host/sriov-up.sh\""));
	cr_assert(strstr(s, "sriov-up.sh") < strstr(s, "vms-up.sh"));
	cr_assert(strstr(s, "vms-up.sh") < strstr(s, "network.sh"));
	cr_assert(strstr(s, "      when: hvnet_mgmt\n"), "%s", s);
	cr_assert(strstr(file(&set, "ansible/inventory.yml"), "    hvnet_mgmt: false\n"));
	outfree(&set);
	topofree(&t);
}

Test(ansible, mgmt_uses_ssh_through_the_dut)
{
	struct topo t;
	struct outset set = { 0 };
	const char *s;

	fixturefig1(&t);
	t.host.mgmt = "default";
	cr_assert_eq(emit(&t, &set, "ansible"), EXIT_OK);
	s = file(&set, "ansible/inventory.yml");
	cr_assert(strstr(s, "ansible_connection: ssh"));
	cr_assert(strstr(s, "ansible_ssh_common_args: \"-o ProxyJump=root@dut\""));
	cr_assert(!strstr(s, "libvirt_qemu"));
	cr_assert(strstr(s, "    hvnet_mgmt: true\n"), "%s", s);
	cr_assert(strstr(file(&set, "ansible/site.yml"), "libnss-libvirt"));
	outfree(&set);
	topofree(&t);
}

Test(pos, variables_and_experiment)
{
	struct topo t;
	struct outset set = { 0 };
	const struct outfile *f;
	const char *s;

	fixturefig1(&t);
	cr_assert_eq(emit(&t, &set, "pos"), EXIT_OK);
	cr_assert(wellformed(file(&set, "pos/global-vars.yml")));
	cr_assert(strstr(file(&set, "pos/global-vars.yml"), "repetitions: 3"));
	s = file(&set, "pos/dut.yml");
	cr_assert(wellformed(s));
	cr_assert(strstr(s, "vms:\n  vm1:\n    kind: vm\n    vcpus: 2\n    cores: [1, 2]\n"), "%s", s);
	cr_assert(strstr(s, "    - {role: link, link: 0, port: a, medium: sriov, vf: 0, pci: \"0000:41:02.0\", "
	    "mac: \"02:48:56:00:00:00\", vlan: 401, "), "one line per interface, MACs quoted: %s", s);
	cr_assert(strstr(s, "    - {flow: f1, dport: 1002, out_mac: \"02:48:56:00:00:00\", "
	    "next_hop: vm3, via: \"10.0.0.2\", table: 1000}\n"), "%s", s);
	cr_assert(strstr(file(&set, "pos/loadgen.yml"), "tx_port: 0"));
	cr_assert(strstr(file(&set, "pos/loadgen.yml"), "flows:\n- name: f0\n"));
	cr_assert(strstr(file(&set, "pos/timestamper.yml"), "post_port: 1"));
	f = outfind(&set, "pos/experiment.sh");
	cr_assert(f && f->exec);
	cr_assert(!strncmp(f->data.s, "#!/bin/sh\n", 10));
	cr_assert(strstr(f->data.s, "set -eu\n"));
	cr_assert(strstr(f->data.s, "dut=${HVNET_DUT:-dut}\n"));
	cr_assert(strstr(f->data.s, "pos nodes bootparameter \"$dut\" $bootparams"));
	outfree(&set);
	topofree(&t);
}
