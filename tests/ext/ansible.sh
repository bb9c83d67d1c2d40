#!/bin/sh
# The Ansible files of every sample: the inventory parses and lists every
# guest with the libvirt_qemu connection, hvnet_plan (and hvnet_node,
# hvnet_flows) resolve to plan.yaml in a real ad-hoc run, the playbook passes
# --syntax-check (community.libvirt ships in Debian's ansible package), and
# a check-mode run with a local connection goes through every play without
# changing this machine (without the reboot: Ansible refuses it locally).
# ansible-lint (production profile) passes on a committed copy of the
# output in a git repository outside any gitignored directory.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
export HOME="$tmp/home" ANSIBLE_LOCAL_TEMP="$tmp/ansible-local" \
	ANSIBLE_REMOTE_TEMP="$tmp/ansible-remote" ANSIBLE_NOCOLOR=1 \
	ANSIBLE_RETRY_FILES_ENABLED=0
mkdir -p "$HOME"

check "the connection plugin community.libvirt.libvirt_qemu is installed" \
	"ansible-doc -t connection community.libvirt.libvirt_qemu 2>/dev/null | grep -q 'qemu agent'"

for f in samples/*.yaml; do
	name=$(basename "$f" .yaml)
	out=$tmp/$name
	if ! "$bin" build "$f" -o "$out" >/dev/null 2>&1; then
		echo "SKIP: $f does not compile yet"
		continue
	fi
	inv=$out/ansible/inventory.yml
	site=$out/ansible/site.yml
	check "$name: ansible-inventory --list" \
		"ansible-inventory -i '$inv' --list > '$tmp/$name.json' 2>'$tmp/err' || { cat '$tmp/err'; false; }"
	# The VMs are guests; a namespace's network.sh runs on the DuT.
	for vm in $(/usr/bin/python3 -c 'import sys, yaml
print(" ".join(n for n, v in yaml.safe_load(open(sys.argv[1]))["nodes"].items() if v["kind"] == "vm"))' "$out/plan.yaml"); do
		# One ansible-inventory run: read the host variables from --list's _meta.
		check "$name: guest $vm is in the inventory with its settings, not the plan's interfaces" \
			"/usr/bin/python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[\"_meta\"][\"hostvars\"][sys.argv[2]]; sys.exit(0 if v.get(\"hvnet_uuid\") and v.get(\"hvnet_cores\") and \"hvnet_interfaces\" not in v else 1)' '$tmp/$name.json' '$vm'"
	done
	# hvnet_plan reads ../plan.yaml when used: a real run on the controller
	# (debug needs no connection) prints every guest's MACs and rule count
	# through it and hvnet_node; from inside ansible/ as the README says.
	check "$name: hvnet_plan and hvnet_node give every guest its plan entry" \
		"(cd '$out/ansible' && ansible -i inventory.yml hvnet_guests -o -e ansible_connection=local \
			-m ansible.builtin.debug -a 'msg={{ hvnet_plan.nodes[inventory_hostname].interfaces | map(attribute=\"mac\") | join(\",\") }}/{{ hvnet_node.rules | length }}') \
			>'$tmp/debug' 2>&1 && /usr/bin/python3 - '$tmp/debug' '$out/plan.yaml' <<'PY' || { cat '$tmp/debug'; false; }
import json, sys, yaml
got = {}
for line in open(sys.argv[1]):
    host, sep, rest = line.partition(' | SUCCESS => ')
    if sep:
        got[host] = json.loads(rest)['msg']
plan = yaml.safe_load(open(sys.argv[2]))
want = {n: ','.join(i['mac'] for i in v['interfaces']) + '/%d' % len(v['rules'])
        for n, v in plan['nodes'].items() if v['kind'] == 'vm'}
assert got == want, (got, want)
PY"
	check "$name: the LoadGen's hvnet_flows are the plan's flows" \
		"(cd '$out/ansible' && ansible -i inventory.yml hvnet_loadgen -o -e ansible_connection=local \
			-m ansible.builtin.debug -a 'msg={{ hvnet_flows | map(attribute=\"dst_mac\") | join(\",\") }}') \
			>'$tmp/debug' 2>&1 && /usr/bin/python3 - '$tmp/debug' '$out/plan.yaml' <<'PY' || { cat '$tmp/debug'; false; }
import json, sys, yaml
host, sep, rest = open(sys.argv[1]).read().partition(' | SUCCESS => ')
plan = yaml.safe_load(open(sys.argv[2]))
want = ','.join(f['dst_mac'] for f in plan['flows'])
assert sep and plan['flows'] and json.loads(rest)['msg'] == want, (rest, want)
PY"
	check "$name: guests use community.libvirt.libvirt_qemu through the DuT" \
		"grep -q 'community.libvirt.libvirt_qemu' '$tmp/$name.json' && grep -q 'qemu+ssh://root@' '$tmp/$name.json'"
	# As committed files: ansible-lint skips what git ignores (an out/ of
	# a repository's .gitignore), so the copy is a repository of its own.
	mkdir -p "$tmp/lint-$name"
	cp -R "$out" "$tmp/lint-$name/out"
	check "$name: ansible-lint --profile production on a committed copy" \
		"(cd '$tmp/lint-$name' && git init -q . && git add -A &&
		  git -c user.name=hvnet -c user.email=hvnet@localhost commit -qm out &&
		  ansible-lint --offline -p --nocolor --profile production out/ansible/) >'$tmp/err' 2>&1 ||
		 { cat '$tmp/err'; false; }"
	check "$name: ansible-playbook --syntax-check" \
		"ansible-playbook -i '$inv' '$site' --syntax-check >'$tmp/err' 2>&1 || { cat '$tmp/err'; false; }"
	check "$name: each guest checked with verify.sh after network.sh, then the DuT with host/verify.sh, before the measurement and with --tags measure" \
		"n=\$(grep -n 'guests/{{ inventory_hostname }}/network.sh' '$site' | cut -d: -f1) &&
		 g=\$(grep -n 'guests/{{ inventory_hostname }}/verify.sh' '$site' | cut -d: -f1) &&
		 h=\$(grep -n 'hvnet_dir }}/host/verify.sh' '$site' | cut -d: -f1) &&
		 [ \"\$n\" -lt \"\$g\" ] && [ \"\$g\" -lt \"\$h\" ] &&
		 [ \"\$(grep -A3 '/verify.sh\"\$' '$site' | grep -c 'tags: \\[measure\\]')\" -eq 2 ] &&
		 [ \"\$h\" -lt \"\$(grep -n 'loadgen/run.sh' '$site' | cut -d: -f1)\" ]"
	missing=
	for a in host/grub.cfg host/preflight.sh host/sriov-up.sh host/vms-up.sh loadgen; do
		[ -e "$out/$a" ] || missing="$missing $a"
	done
	if [ -n "$missing" ]; then
		echo "SKIP: $name: check-mode run needs$missing"
		continue
	fi
	# The check-mode run walks every task once per host: the small sample
	# shows every play; the large one adds only more hosts and minutes.
	[ "$name" = fig1 ] || continue
	# README's recipe: read plan.yaml once (run_once include_vars) for every
	# guest; hvnet_node then comes from it.
	cat > "$tmp/once.yml" <<'YML'
- name: Use the plan on every guest
  hosts: hvnet_guests
  gather_facts: false
  tasks:
    - name: Read the plan once for every host of the play
      ansible.builtin.include_vars:
        file: "{{ inventory_dir }}/../plan.yaml"
        name: hvnet_plan
      run_once: true
    - name: Show the first interface's MAC
      ansible.builtin.debug:
        msg: "mac={{ hvnet_node.interfaces[0].mac }}"
YML
	check "$name: the plan read once with include_vars serves every guest" \
		"ansible-playbook -i '$inv' '$tmp/once.yml' -e ansible_connection=local >'$tmp/run' 2>&1 &&
		 [ \"\$(grep -o 'mac=[0-9a-f:]*' '$tmp/run' | sort | tr '\\n' ' ')\" = \
		   \"\$(/usr/bin/python3 -c 'import sys, yaml; print(\" \".join(sorted(\"mac=\" + v[\"interfaces\"][0][\"mac\"] for v in yaml.safe_load(open(sys.argv[1]))[\"nodes\"].values())), end=\" \")' '$out/plan.yaml')\" ] ||
		 { tail -30 '$tmp/run'; false; }"
	before=$(find /etc/default/grub.d /var/lib/hvnet 2>/dev/null | sort | tr '\n' ' ')
	check "$name: check-mode run against a local connection" \
		"ansible-playbook -i '$inv' '$site' --check -e hvnet_reboot=false \
			-e ansible_connection=local -e ansible_python_interpreter=/usr/bin/python3 \
			>'$tmp/run' 2>&1 && grep -q 'PLAY RECAP' '$tmp/run' && ! grep -q 'failed=[1-9]' '$tmp/run' || { tail -30 '$tmp/run'; false; }"
	after=$(find /etc/default/grub.d /var/lib/hvnet 2>/dev/null | sort | tr '\n' ' ')
	check "$name: the check-mode run changed nothing here" "[ \"\$before\" = \"\$after\" ]"
done

# host.mgmt: guests are reached by SSH through the DuT instead.
if "$bin" check samples/fig1.yaml >/dev/null 2>&1; then
	sed 's/^\(  *\)mgmt: none/\1mgmt: default/' samples/fig1.yaml > "$tmp/mgmt.yaml"
	check "mgmt: a topology with host.mgmt builds" \
		"'$bin' build '$tmp/mgmt.yaml' -o '$tmp/mgmt' >/dev/null"
	if [ -f "$tmp/mgmt/ansible/inventory.yml" ]; then
		check "mgmt: guests use SSH with a jump through the DuT" \
			"ansible-inventory -i '$tmp/mgmt/ansible/inventory.yml' --host vm1 | grep -q 'ProxyJump=root@'"
		check "mgmt: syntax-check" \
			"ansible-playbook -i '$tmp/mgmt/ansible/inventory.yml' '$tmp/mgmt/ansible/site.yml' --syntax-check >/dev/null 2>&1"
	fi
fi
exit "$fail"
