#!/bin/sh
# Runs inside the emulated DuT (tests/dut/run.sh boots it), from the share
# /dut: hvnetc probe for the host section, a 3-VM topology compiled, then
# preflight.sh, sriov-up.sh twice, checks of every VF against plan.yaml,
# sriov-down.sh twice; and the faults found on a real kernel: a max_tx_rate
# above the link speed, more VFs than the driver allows.  Every step has a
# bounded time (timeout).  Prints "ok:"/"FAIL:" lines and each step's
# seconds; /dut/status gets 0 when every check passed.
set -u
cd /dut || exit 1
echo 1 > /dut/status
export PATH=/dut/bin:$PATH
checks=0 failed=0
ok() {
	checks=$((checks + 1))
	echo "dut: ok: $*"
}
bad() {
	failed=$((failed + 1))
	echo "dut: FAIL: $*"
}
# step SECONDS NAME CMD...: run CMD bounded, output in /tmp/NAME.out, say its time.
step() {
	limit=$1 name=$2
	shift 2
	t0=$(date +%s)
	timeout "$limit" "$@" > "/tmp/$name.out" 2>&1
	st=$?
	echo "dut: step $name: status $st, $(($(date +%s) - t0)) s (limit $limit s)"
	[ "$st" -ne 124 ] || echo "dut: FAIL: $name timed out"
	return "$st"
}
show() { sed "s/^/    $1: /" "/tmp/$1.out"; }

echo "dut: up after $(cut -d. -f1 /proc/uptime) s: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
step 120 modprobe sh -c 'modprobe igb && modprobe vfio-pci' || { show modprobe; bad "igb and vfio-pci do not load"; }
# The four igb PFs come up with interfaces (no udev here: eth0..eth3).
n=0
while [ "$(ls -d /sys/bus/pci/drivers/igb/0000:* 2>/dev/null | wc -l)" -lt 4 ] && [ "$n" -lt 60 ]; do
	sleep 1
	n=$((n + 1))
done
pfs=$(cd /sys/bus/pci/drivers/igb && ls -d 0000:* 2>/dev/null | sort)
[ "$(echo "$pfs" | wc -w)" = 4 ] && ok "four igb PFs: $(echo $pfs)" || bad "igb PFs: '$pfs'"

# --- hvnetc probe: the host section, max_vfs from sysfs -----------------
step 60 probe hvnetc probe || { show probe; bad "hvnetc probe failed"; }
show probe
grep -q 'TotalVFs 8 .*sriov_totalvfs 7' /tmp/probe.out &&
	[ "$(grep -c 'max_vfs: 7' /tmp/probe.out)" = 4 ] &&
	ok "probe: TotalVFs 8 in the config space, max_vfs 7 from sriov_totalvfs on all four PFs" ||
	bad "probe: max_vfs is not sysfs' sriov_totalvfs 7"
grep -q '^    a: {pf: "0000:01:00.0", vf_offset: 128, vf_stride: 2' /tmp/probe.out &&
	ok "probe: wire.a 0000:01:00.0, vf_offset 128, vf_stride 2" || bad "probe: wire.a not 01:00.0 offset 128 stride 2"

# The topology: the probe's snippet under host:, with the ports' real speed
# (1Gbit/s) and the LoadGen's MACs; speedless for the fault below.
sed -n '/^  /p' /tmp/probe.out |
	sed 's/^\(    ingress: {.*\)}$/\1, peer_mac: "02:4c:47:00:00:01"}/; s/^\(    egress: {.*\)}$/\1, peer_mac: "02:4c:47:00:00:02"}/' > /tmp/snippet
sed 's/^\(    [a-z]*: {.*\)}$/\1, speed: 1Gbit\/s}/' /tmp/snippet > /tmp/snippet1g
awk -v f=/tmp/snippet1g '{ print } /^host:/ { while ((getline l < f) > 0) print l }' /dut/base.yaml > /tmp/topo.yaml
awk -v f=/tmp/snippet '{ print } /^host:/ { while ((getline l < f) > 0) print l }' /dut/base.yaml > /tmp/topo10g.yaml
rm -rf /tmp/out /tmp/out10g
step 60 build hvnetc build /tmp/topo.yaml -o /tmp/out && ok "the probed 3-VM topology compiles" || { show build; bad "build"; }
out=/tmp/out

# 8 VFs on a port the driver allows 7 of: refused by check, not on the host.
sed 's/^  vm3: {}$/  vm3: {}\n  vm4: {}\n  vm5: {}\n  vm6: {}\n  vm7: {}\n  vm8: {}/; s/^  - vm2 -- vm3$/  - vm2 -- vm3\n  - vm1 -- vm4\n  - vm4 -- vm5\n  - vm5 -- vm6\n  - vm6 -- vm7\n  - vm7 -- vm8/; s/cores: 0-3,/cores: 0-15,/' /tmp/topo.yaml > /tmp/topo8.yaml
step 60 check8 hvnetc check /tmp/topo8.yaml
if [ "$st" = 1 ] && grep -q "port 'a' 0000:01:00.0 has max_vfs 7, the topology needs 8 VFs" /tmp/check8.out; then
	ok "8 VFs on a port whose driver allows 7: hvnetc check refuses it ($(grep -m1 max_vfs /tmp/check8.out))"
else
	show check8
	bad "8 VFs on a 7-VF port: check status $st"
fi

# --- preflight -------------------------------------------------------------
step 60 preflight sh "$out/host/preflight.sh"
show preflight
# Under TCG there is no KVM, and the DuT boots without idle=poll (which
# would make every emulated CPU spin): exactly those two are missing.
miss=$(grep '^preflight: missing:' /tmp/preflight.out)
if [ "$(printf '%s\n' "$miss" | grep -c .)" = 2 ] && printf '%s\n' "$miss" | grep -q 'missing: KVM' &&
	printf '%s\n' "$miss" | grep -q 'missing: kernel parameters idle=poll '; then
	ok "preflight: everything but KVM and idle=poll, which this DuT lacks on purpose"
else
	bad "preflight: unexpected findings"
fi

# --- a max_tx_rate above the link speed: named before any change ---------
step 60 build10g hvnetc build /tmp/topo10g.yaml -o /tmp/out10g || { show build10g; bad "build10g"; }
step 300 up10g sh /tmp/out10g/host/sriov-up.sh
if [ "$st" != 0 ] && grep -Eq 'max_tx_rate 3166 Mbit/s exceeds the (link speed|fastest link mode) 1000 Mbit/s' /tmp/up10g.out &&
	[ "$(cat /sys/bus/pci/devices/0000:01:00.0/sriov_numvfs)" = 0 ]; then
	ok "the 10 Gbit/s default on igb's 1 GbE: sriov-up names max_tx_rate and the 1000 Mbit/s, no VF created"
else
	show up10g
	bad "sriov-up with rates above the link speed: status $st"
fi

# --- sriov-up twice -------------------------------------------------------
for run in 1 2; do
	step 600 "up$run" sh "$out/host/sriov-up.sh"
	r=$st
	show "up$run"
	[ "$r" = 0 ] && ok "sriov-up.sh run $run" || bad "sriov-up.sh run $run: status $r"
done
grep -q 'steps of 50' /tmp/up1.out && bad "the i40e note printed on igb" || ok "no i40e note on igb"

# --- checks: every VF as plan.yaml and sriov-up.sh's table say ------------
sed -n '/^ports()/,/^}/p' "$out/host/sriov-up.sh" | grep '^0000' > /tmp/ports
sed -n '/^vfs()/,/^}/p' "$out/host/sriov-up.sh" | grep '^0000' > /tmp/vfs
while read -r pf n; do
	[ "$(cat "/sys/bus/pci/devices/$pf/sriov_numvfs")" = "$n" ] || bad "PF $pf: sriov_numvfs not $n"
done < /tmp/ports
ok "sriov_numvfs as planned on $(wc -l < /tmp/ports) PFs"
groups='' before=$failed
while read -r pf vf mac vlan rate want _; do
	dev=$(ls "/sys/bus/pci/devices/$pf/net")
	line=$(ip -d link show dev "$dev" | grep "^    vf $vf ")
	case $line in
	*"link/ether $mac "*) ;;
	*) bad "$pf VF $vf: MAC not $mac: $line" ;;
	esac
	if [ "$vlan" != 0 ]; then
		case $line in *", vlan $vlan,"*) ;; *) bad "$pf VF $vf: VLAN not $vlan: $line" ;; esac
	fi
	case $line in *"spoof checking off"*"trust on"*) ;; *) bad "$pf VF $vf: spoofchk/trust: $line" ;; esac
	if [ "$rate" != 0 ]; then
		case $line in *"max_tx_rate ${rate}Mbps"*) ;; *) bad "$pf VF $vf: max_tx_rate not $rate: $line" ;; esac
	fi
	[ "$(basename "$(readlink "/sys/bus/pci/devices/$pf/virtfn$vf")")" = "$want" ] || bad "VF $vf of $pf not at $want"
	drv=$(basename "$(readlink "/sys/bus/pci/devices/$want/driver" 2>/dev/null)" 2>/dev/null)
	[ "$drv" = vfio-pci ] || bad "VF $want: driver '$drv', not vfio-pci"
	g=$(basename "$(readlink "/sys/bus/pci/devices/$want/iommu_group")")
	case " $groups " in *" $g "*) bad "VF $want shares IOMMU group $g" ;; esac
	groups="$groups $g"
done < /tmp/vfs
[ "$failed" = "$before" ] && ok "$(wc -l < /tmp/vfs) VFs: MAC, VLAN, spoofchk off, trust on, max_tx_rate as planned (ip -d link), at the planned address, on vfio-pci, each in its own IOMMU group"
ip -d link show dev "$(ls /sys/bus/pci/devices/0000:01:00.0/net)" | grep '^    vf 0 ' | sed 's/^ */    eth-a: /'

# --- host/verify.sh: the live host against the plan -------------------------
# No domain runs here (TCG has no KVM, the DuT no libvirtd): exactly the
# three domains differ, and the DuT boots without idle=poll.
step 300 verify sh "$out/host/verify.sh"
r=$st
diffs=$(grep '^verify: differs: ' /tmp/verify.out)
other=$(printf '%s\n' "$diffs" | grep -v -e '^verify: differs: domain vm[123]: not defined$' \
	-e '^verify: differs: kernel command line: idle=poll missing$' | grep . || true)
if [ "$r" = 1 ] && [ "$(printf '%s\n' "$diffs" | grep -c 'domain vm[123]: not defined')" = 3 ] && [ -z "$other" ]; then
	ok "host/verify.sh: every VF, hugepages, boot line as planned; only the 3 domains (not run here) and idle=poll named"
else
	show verify
	bad "host/verify.sh: status $r, unexpected differences: $other"
fi
deva=$(ls /sys/bus/pci/devices/0000:01:00.0/net)
ip link set dev "$deva" vf 1 vlan 999
step 300 verify2 sh "$out/host/verify.sh"
if grep -q "^verify: differs: VF 1 of PF 0000:01:00.0 (0000:01:10.2, vm1): VLAN 999, the plan has 402$" /tmp/verify2.out; then
	ok "host/verify.sh names a wrong VLAN planted on VF 1 of wire.a"
else
	show verify2
	bad "host/verify.sh: the planted VLAN 999 not named"
fi

# --- the data path: VFs on igbvf in a namespace per VM, flows ingress to egress
step 600 up3 sh "$out/host/sriov-up.sh" || { show up3; bad "sriov-up.sh run 3 (resetting the planted VLAN)"; }
step 900 datapath sh /dut/datapath.sh "$out"
r=$st
cat /tmp/datapath.out
[ "$r" = 0 ] && ok "the data path: every flow of the 3-VM topology through igbvf VFs, the a-b wire and network.sh's rules" ||
	bad "the data path: status $r"

# --- sriov-down twice -------------------------------------------------------
for run in 1 2; do
	step 600 "down$run" sh "$out/host/sriov-down.sh"
	r=$st
	show "down$run"
	[ "$r" = 0 ] && ok "sriov-down.sh run $run" || bad "sriov-down.sh run $run: status $r"
done
while read -r pf n; do
	[ "$(cat "/sys/bus/pci/devices/$pf/sriov_numvfs")" = 0 ] || bad "PF $pf still has VFs"
done < /tmp/ports
ok "no VF left on any PF"

echo "dut: $checks checks passed, $failed failed"
[ "$failed" -eq 0 ] && echo 0 > /dut/status
