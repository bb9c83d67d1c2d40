#!/bin/sh
# The pos files of every sample: experiment.sh passes sh -n and the
# linter; the variables files are YAML; and experiment.sh, run against
# a stand-in 'pos' first on PATH that records its arguments, drives pos in
# the right order with the compiled tree's values.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

# Stand-ins: pos records every call; ssh-keygen makes empty key files.
mkdir -p "$tmp/bin"
cat > "$tmp/bin/pos" <<'SH'
#!/bin/sh
echo "pos $*" >> "$POSLOG"
SH
cat > "$tmp/bin/ssh-keygen" <<'SH'
#!/bin/sh
while [ $# -gt 1 ]; do [ "$1" = -f ] && : > "$2" && : > "$2.pub"; shift; done
SH
chmod +x "$tmp/bin/pos" "$tmp/bin/ssh-keygen"

for f in samples/*.yaml; do
	name=$(basename "$f" .yaml)
	out=$tmp/$name
	if ! "$bin" build "$f" -o "$out" >/dev/null 2>&1; then
		echo "SKIP: $f does not compile yet"
		continue
	fi
	sh=$out/pos/experiment.sh
	check "$name: experiment.sh is executable and starts with #!/bin/sh" \
		"[ -x '$sh' ] && head -1 '$sh' | grep -qx '#!/bin/sh'"
	check "$name: sh -n experiment.sh" "sh -n '$sh'"
	check "$name: shellcheck experiment.sh" "shellcheck '$sh'"
	for y in global-vars dut loadgen timestamper; do
		check "$name: pos/$y.yml is a YAML mapping" \
			"/usr/bin/python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert isinstance(d, dict) and d' '$out/pos/$y.yml'"
	done
	check "$name: dut.yml carries every VM with its cores, VFs and next hops" \
		"/usr/bin/python3 - '$out/pos/dut.yml' '$f' <<'PY'
import sys, yaml
dut = yaml.safe_load(open(sys.argv[1]))
topo = yaml.safe_load(open(sys.argv[2]))
assert list(dut['vms']) == list(topo['nodes']), (list(dut['vms']), list(topo['nodes']))
for name, vm in dut['vms'].items():
    assert vm['cores'] and len(vm['cores']) == vm['vcpus'], name
    assert [i['role'] for i in vm['interfaces'][:2]] == ['ingress', 'egress'], name
    for h in vm['next_hops']:
        assert h['dport'] >= 1 and h['next_hop'], (name, h)
hops = sum(len(vm['next_hops']) for vm in dut['vms'].values())
want = sum(len(f['path']) for f in yaml.safe_load(open(sys.argv[1].replace('dut.yml', 'global-vars.yml')))['flows'])
assert hops == want, (hops, want)
PY"
	missing=
	for a in host/kernel-cmdline.txt host/preflight.sh host/sriov-up.sh host/vms-up.sh \
		loadgen/run.sh loadgen/timestamper.sh; do
		[ -e "$out/$a" ] || missing="$missing $a"
	done
	if [ -n "$missing" ]; then
		echo "SKIP: $name: the run against a stand-in pos needs$missing"
		continue
	fi
	log=$tmp/$name.log
	: > "$log"
	check "$name: experiment.sh runs against a stand-in pos" \
		"PATH='$tmp/bin':\$PATH POSLOG='$log' '$sh' >'$tmp/$name.out' 2>&1 || { cat '$tmp/$name.out'; false; }"
	first() { grep -n "^pos $1" "$log" | head -1 | cut -d: -f1; }
	check "$name: allocate, variables, image, boot parameters, reset, launch, in that order" \
		"[ \"\$(first 'allocations allocate')\" -lt \"\$(first 'allocations set_variables')\" ] &&
		 [ \"\$(first 'allocations set_variables')\" -lt \"\$(first 'nodes image')\" ] &&
		 [ \"\$(first 'nodes image')\" -lt \"\$(first 'nodes bootparameter')\" ] &&
		 [ \"\$(first 'nodes bootparameter')\" -lt \"\$(first 'nodes reset')\" ] &&
		 [ \"\$(first 'nodes reset')\" -lt \"\$(first 'commands launch')\" ]"
	check "$name: the DuT boots with host/kernel-cmdline.txt" \
		"grep -qxF \"pos nodes bootparameter dut \$(cat '$out/host/kernel-cmdline.txt')\" '$log'"
	check "$name: the DuT runs sriov-up.sh before vms-up.sh, then the guests' play" \
		"[ \"\$(grep -n 'sriov-up.sh' '$log' | cut -d: -f1)\" -lt \"\$(grep -n 'vms-up.sh' '$log' | cut -d: -f1)\" ] &&
		 grep -q 'ansible-playbook .*--limit hvnet_guests' '$log'"
	check "$name: the DuT runs verify.sh after the guests' play, before the measurement" \
		"v=\$(grep -n 'launch dut -- /root/hvnet-$name/host/verify.sh' '$log' | cut -d: -f1) &&
		 [ -n \"\$v\" ] &&
		 [ \"\$(grep -n 'ansible-playbook' '$log' | cut -d: -f1)\" -lt \"\$v\" ] &&
		 [ \"\$v\" -lt \"\$(grep -n 'loadgen/run.sh' '$log' | cut -d: -f1)\" ]"
	check "$name: the LoadGen runs the measurement and results are uploaded" \
		"grep -q 'pos commands launch loadgen -- /root/hvnet-$name/loadgen/run.sh' '$log' &&
		 [ \"\$(grep -c 'pos_upload' '$log')\" -eq 2 ]"
done
exit "$fail"
