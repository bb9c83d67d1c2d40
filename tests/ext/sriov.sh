#!/bin/sh
# The host scripts of the sriov backend (host/*.sh), for both samples:
# every generated .sh passes sh -n and the shellcheck linter; then
# sriov-up.sh, sriov-down.sh, preflight.sh, vms-up.sh and vms-down.sh run
# against a fake host: a sysfs/proc/dev tree this test builds (HVNET_SYSFS,
# HVNET_PROC, HVNET_DEV) and stand-in ip, ethtool, modprobe, sysctl and
# virsh first on PATH that record their arguments.  The machine running it
# is never touched.
#
# Expected values come from the sample and plan.yaml, with the SR-IOV
# routing-ID arithmetic and the MAC rule (hvnet.yaml(5), Resolution) redone here in shell.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checks=0
ipfail=
noflag=
# The fake PFs' driver, link speed (Mbit/s) and carrier; see mkhost.
pfdriver=i40e pfspeed=10000 pfcarrier=1

ok() {
	checks=$((checks + 1))
	printf '  ok: %s\n' "$*"
}
fail() {
	printf '  FAIL: %s\n' "$*" >&2
	exit 1
}

# --- stand-in commands: log every call; ip fails on demand ---------------
mkdir -p "$tmp/bin"
# ethtool shows i40e's private flag (off) unless HVNET_NOFLAG is set.
cat > "$tmp/bin/ethtool" <<'EOF'
#!/bin/sh
echo "ethtool $*" >> "$HVNET_LOG"
# ethtool DEV: an igb's link modes when HVNET_ETHMODES is set.
if [ $# = 1 ] && [ -n "${HVNET_ETHMODES:-}" ]; then
	printf 'Settings for %s:\n\tSupported ports: [ TP ]\n' "$1"
	printf '\tSupported link modes:   10baseT/Half 10baseT/Full\n'
	printf '\t                        100baseT/Half 100baseT/Full\n'
	printf '\t                        1000baseT/Full\n'
	printf '\tSupported pause frame use: Symmetric\n\tSpeed: Unknown!\n'
fi
if [ "$1" = --show-priv-flags ] && [ -z "${HVNET_NOFLAG:-}" ]; then
	printf 'Private flags for %s:\nMFP                      : off\n' "$2"
	printf 'vf-true-promisc-support  : off\ndisable-fw-lldp          : off\n'
fi
EOF
# sleep (sriov-up waiting for a carrier) brings every fake PF's link up.
cat > "$tmp/bin/sleep" <<'EOF'
#!/bin/sh
echo "sleep $*" >> "$HVNET_LOG"
for f in "$HVNET_SYSFS"/bus/pci/devices/*/net/*/carrier; do
	[ -e "$f" ] && echo 1 > "$f"
done
for f in "$HVNET_SYSFS"/bus/pci/devices/*/net/*/speed; do
	[ -e "$f" ] && echo "${HVNET_UPSPEED:-10000}" > "$f"
done
exit 0
EOF
for c in modprobe sysctl; do
	# shellcheck disable=SC2016 # $* and $HVNET_LOG belong to the stand-in
	printf '#!/bin/sh\necho "%s $*" >> "$HVNET_LOG"\n' "$c" > "$tmp/bin/$c"
done
cat > "$tmp/bin/ip" <<'EOF'
#!/bin/sh
echo "ip $*" >> "$HVNET_LOG"
# ip -j -d link show dev DEV: the JSON the test wrote for DEV.
if [ "$1 $2 $3 $4 $5" = "-j -d link show dev" ]; then
	cat "$HVNET_SYSFS/../ipjson/$6"
	exit
fi
case " $* " in
*" ${HVNET_FAIL:-no such call} "*)
	echo "RTNETLINK answers: Invalid argument" >&2
	exit 2 ;;
esac
EOF
# virsh keeps each domain's state in a file: define, domstate, start,
# destroy, undefine, list --name.
cat > "$tmp/bin/virsh" <<'EOF'
#!/bin/sh
echo "virsh $*" >> "$HVNET_LOG"
d=$HVNET_VIRSH
case $1 in
define)
	[ -f "$2" ] || exit 1
	n=$(basename "$2" .xml)
	[ -f "$d/$n" ] || echo "shut off" > "$d/$n"
	echo "Domain '$n' defined from $2" ;;
domstate)
	[ -f "$d/$2" ] || { echo "error: failed to get domain '$2'" >&2; exit 1; }
	cat "$d/$2"
	echo ;;
start)
	[ "$(cat "$d/$2" 2>/dev/null)" = "shut off" ] || exit 1
	echo running > "$d/$2" ;;
destroy)
	[ "$(cat "$d/$2" 2>/dev/null)" = running ] || exit 1
	echo "shut off" > "$d/$2" ;;
undefine)
	[ -f "$d/$2" ] || exit 1
	rm "$d/$2" ;;
dumpxml)
	[ -f "$d/$2" ] || exit 1
	cat "$HVNET_XML/$2.xml" ;;
list)
	for f in "$d"/*; do
		if [ -f "$f" ] && [ "$(cat "$f")" = running ]; then basename "$f"; fi
	done ;;
*)
	exit 1 ;;
esac
EOF
chmod +x "$tmp/bin/"*

# run ROOT SCRIPT: a generated script on the fake host ROOT; output in
# ROOT/out, calls in ROOT/log.  HVNET_SYSFS is always set: nothing reaches /sys.
run() {
	env PATH="$tmp/bin:$PATH" HVNET_SYSFS="$1/sys" HVNET_PROC="$1/proc" \
	    HVNET_DEV="$1/dev" HVNET_LOG="$1/log" HVNET_VIRSH="$1/virsh" HVNET_XML="$out/libvirt" \
	    HVNET_FAIL="${ipfail:-no such call}" HVNET_NOFLAG="$noflag" sh "$2" > "$1/out" 2>&1
}

# The ports of plan.yaml: "PF VFS OFFSET STRIDE PORTBYTE" lines.
ports() {
	sed -n 's/^ *\(a\|b\|ingress\|egress\): {pf: "\([^"]*\)", vfs: \([0-9]*\), vf_offset: \([0-9]*\), vf_stride: \([0-9]*\).*/\1 \2 \3 \4 \5/p' "$1/plan.yaml" |
	while read -r port pf n off stride; do
		case $port in a) b=0 ;; b) b=1 ;; ingress) b=2 ;; *) b=3 ;; esac
		echo "$pf $n $off $stride $b"
	done
}

# vfaddr PF OFFSET STRIDE N: the VF's address by routing-ID arithmetic.
vfaddr() {
	dom=${1%%:*} rest=${1#*:}
	bus=${rest%%:*} rest=${rest#*:}
	dev=${rest%%.*} fn=${rest#*.}
	rid=$((0x$bus * 256 + 0x$dev * 8 + fn + $2 + $4 * $3))
	printf '%s:%02x:%02x.%x\n' "$dom" $((rid >> 8 & 255)) $((rid >> 3 & 31)) $((rid & 7))
}

# netdev PF: the fake PF's interface name.
netdev() {
	echo "hv$(echo "$1" | tr -d ':.' | cut -c5-)"
}

# mkhost ROOT OUT: a fake host with OUT's PFs (TotalVFs 64, no VFs yet), the
# virtfn links the kernel would make, hugepages, IOMMU, KVM, boot line.
mkhost() {
	root=$1
	pci=$root/sys/bus/pci
	mkdir -p "$pci/devices" "$pci/drivers/vfio-pci" "$root/virsh" "$root/dev" \
	    "$root/proc" "$root/sys/kernel/iommu_groups/7" "$root/sys/module/vfio_pci"
	: > "$pci/drivers_probe"
	: > "$root/log"
	: > "$root/dev/kvm"
	mkdir -p "$pci/drivers/$pfdriver"
	ports "$2" | while read -r pf n off stride _; do
		mkdir -p "$pci/devices/$pf/net/$(netdev "$pf")"
		echo "$pfspeed" > "$pci/devices/$pf/net/$(netdev "$pf")/speed"
		echo "$pfcarrier" > "$pci/devices/$pf/net/$(netdev "$pf")/carrier"
		ln -s "../../drivers/$pfdriver" "$pci/devices/$pf/driver"
		echo 64 > "$pci/devices/$pf/sriov_totalvfs"
		echo 0 > "$pci/devices/$pf/sriov_numvfs"
		echo 1 > "$pci/devices/$pf/sriov_drivers_autoprobe"
		# A plain file cannot create VFs when written: make them ahead.
		i=0
		while [ "$i" -lt "$n" ]; do
			vf=$(vfaddr "$pf" "$off" "$stride" "$i")
			mkdir -p "$pci/devices/$vf"
			echo "(null)" > "$pci/devices/$vf/driver_override"
			ln -s "../$vf" "$pci/devices/$pf/virtfn$i"
			i=$((i + 1))
		done
	done
	# Each NIC's first PF (function 0) exists even when no port uses it.
	ports "$2" | while read -r pf _; do
		f0=${pf%.*}.0
		[ -d "$pci/devices/$f0" ] || mkdir -p "$pci/devices/$f0/net/$(netdev "$f0")"
	done
	for d in "$root/sys/kernel/mm/hugepages/hugepages-1048576kB" \
	    "$root/sys/devices/system/node/node0/hugepages/hugepages-1048576kB" \
	    "$root/sys/devices/system/node/node1/hugepages/hugepages-1048576kB" \
	    "$root/sys/devices/system/node/node2/hugepages/hugepages-1048576kB" \
	    "$root/sys/devices/system/node/node3/hugepages/hugepages-1048576kB"; do
		mkdir -p "$d"
		echo 1000 > "$d/nr_hugepages"
	done
	if [ -f "$2/host/kernel-cmdline.txt" ]; then
		echo "BOOT_IMAGE=/vmlinuz-rt root=/dev/sda1 ro $(cat "$2/host/kernel-cmdline.txt")" > "$root/proc/cmdline"
	else
		echo "BOOT_IMAGE=/vmlinuz-rt root=/dev/sda1 ro" > "$root/proc/cmdline"
	fi
}

# numvfs ROOT OUT: "PF numvfs autoprobe" of every port, for comparisons.
state() {
	ports "$2" | while read -r pf _; do
		d=$1/sys/bus/pci/devices/$pf
		echo "$pf $(cat "$d/sriov_numvfs") $(cat "$d/sriov_drivers_autoprobe")"
	done
}

# The link limits and VLANs of plan.yaml: "INDEX VLAN MAXRATE" lines.
links() {
	sed -n 's/^ *- {index: \([0-9]*\), ends: \[[^]]*\], \(medium: [a-z]*, \)\{0,1\}vlan: \([0-9]*\), max_rate: \([0-9]*\)[,}].*/\1 \3 \4/p' "$1/plan.yaml"
}

# expect OUT: the ip calls sriov-up.sh must make, one per VF, in its order.
expect() {
	links "$1" > "$tmp/links"
	ports "$1" | while read -r pf n off stride pb; do
		i=0
		while [ "$i" -lt "$n" ]; do
			vlan=0 rate=0
			if [ "$pb" -le 1 ]; then
				vlan=$(awk -v i="$i" '$1 == i { print $2 }' "$tmp/links")
				rate=$(awk -v i="$i" '$1 == i { r = int($3 / 1000000); if ($3 > 0 && r < 1) r = 1; print r }' "$tmp/links")
			fi
			mac=$(printf '02:48:56:%02x:%02x:%02x' "$pb" $((i >> 8)) $((i & 255)))
			echo "ip link set dev $(netdev "$pf") vf $i mac $mac vlan $vlan spoofchk off trust on max_tx_rate $rate"
			i=$((i + 1))
		done
	done
}

for s in fig1 nw; do
	out=$tmp/$s
	echo "sample $s:"
	"$bin" build "samples/$s.yaml" -o "$out" > /dev/null || fail "$s: build failed"

	# --- every generated script, static checks --------------------------
	n=0
	for f in $(cd "$out" && find . -name '*.sh' | sort); do
		f=${f#./}
		head -1 "$out/$f" | grep -qx '#!/bin/sh\|#!/bin/bash' || fail "$f: no #!/bin/sh or #!/bin/bash"
		grep -qx 'set -eu' "$out/$f" || fail "$f: no 'set -eu'"
		# sh -n, or bash -n for a #!/bin/bash script.
		shell=$(head -1 "$out/$f" | sed 's|^#!/bin/||')
		"$shell" -n "$out/$f" || fail "$f: $shell -n"
		shellcheck "$out/$f" || fail "$f: shellcheck"
		[ -x "$out/$f" ] || fail "$f: not executable"
		n=$((n + 1))
	done
	for f in preflight sriov-up sriov-down vms-up vms-down; do
		[ -f "$out/host/$f.sh" ] || fail "host/$f.sh not written"
	done
	ok "$n scripts: shebang, set -eu, sh -n (bash -n for bash), shellcheck, mode 755"
	nvf=$(ports "$out" | awk '{ n += $2 } END { print n }')
	[ "$nvf" -gt 0 ] || fail "no VFs in plan.yaml"
	mkdir -p "$tmp/$s-libvirt"
	# Stand-in domain files where the libvirt backend wrote none.
	sed -n '/^nodes:/,/^[a-z]/s/^  \([a-z][a-z0-9-]*\):$/\1/p' "$out/plan.yaml" | while read -r n; do
		[ -f "$out/libvirt/$n.xml" ] || { mkdir -p "$out/libvirt"; echo "<domain/>" > "$out/libvirt/$n.xml"; }
	done

	# --- preflight on a ready host, then one thing missing at a time ----
	h=$tmp/$s-host
	mkhost "$h" "$out"
	[ -f "$out/host/kernel-cmdline.txt" ] || echo "iommu=pt hugepages=24" > "$out/host/kernel-cmdline.txt"
	grep -q "iommu=pt" "$h/proc/cmdline" || sed -i "s/\$/ $(cat "$out/host/kernel-cmdline.txt")/" "$h/proc/cmdline"
	before=$(state "$h" "$out")
	run "$h" "$out/host/preflight.sh" || { cat "$h/out"; fail "preflight on a ready host"; }
	grep -q "is ready for topology $s" "$h/out" || { cat "$h/out"; fail "preflight: no ready line"; }
	[ "$(state "$h" "$out")" = "$before" ] || fail "preflight changed sysfs"
	grep -v '^modprobe -n' "$h/log" | grep -q . && fail "preflight ran $(cat "$h/log")"
	tok=$(tr ' ' '\n' < "$out/host/kernel-cmdline.txt" | grep . | tail -1)
	sed -i "s/ $tok\$//; s/ $tok / /" "$h/proc/cmdline"
	first=$(ports "$out" | head -1 | cut -d' ' -f1)
	echo 2 > "$h/sys/bus/pci/devices/$first/sriov_totalvfs"
	echo 0 > "$h/sys/devices/system/node/node0/hugepages/hugepages-1048576kB/nr_hugepages"
	echo 0 > "$h/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"
	rm -r "$h/sys/kernel/iommu_groups/7" "$h/dev/kvm"
	if run "$h" "$out/host/preflight.sh"; then fail "preflight passed a host missing everything"; fi
	for what in "kernel parameters.* $tok" "VFs on PF $first, which offers 2" "hugepages of 1048576 kB" \
	    "IOMMU" "KVM"; do
		grep -q "missing: .*$what" "$h/out" || { cat "$h/out"; fail "preflight did not report '$what'"; }
	done
	ok "preflight: ready host passes without changes; reports a missing boot parameter, VFs, hugepages, IOMMU, KVM"

	# --- sriov-up on a fresh host ---------------------------------------
	h=$tmp/$s-up
	mkhost "$h" "$out"
	run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh failed"; }
	ports "$out" | while read -r pf n _; do
		d=$h/sys/bus/pci/devices/$pf
		[ "$(cat "$d/sriov_numvfs")" = "$n" ] || fail "PF $pf: sriov_numvfs $(cat "$d/sriov_numvfs"), expected $n"
		[ "$(cat "$d/sriov_drivers_autoprobe")" = 0 ] || fail "PF $pf: autoprobe left on"
		grep -qx "ip link set dev $(netdev "$pf") up" "$h/log" || fail "PF $pf not brought up"
	done
	ok "sriov-up: sriov_numvfs = plan.yaml's vfs on every port, autoprobe 0, PFs up"
	expect "$out" > "$tmp/expect"
	grep '^ip link set dev .* vf ' "$h/log" > "$tmp/got"
	diff "$tmp/expect" "$tmp/got" || fail "ip link vf calls differ from plan.yaml and the MAC rule of hvnet.yaml(5)"
	ok "sriov-up: $nvf 'ip link ... vf' calls with the MAC, VLAN, spoofchk off, trust on, max_tx_rate plan.yaml gives"
	bound=0
	for l in "$h"/sys/bus/pci/devices/*/virtfn*; do
		vf=$(basename "$(readlink "$l")")
		[ "$(cat "$h/sys/bus/pci/devices/$vf/driver_override")" = vfio-pci ] || fail "VF $vf: driver_override not vfio-pci"
		bound=$((bound + 1))
	done
	[ "$bound" -eq "$nvf" ] || fail "$bound VFs bound, $nvf expected"
	last=$(ports "$out" | tail -1 | { read -r pf n off stride _; vfaddr "$pf" "$off" "$stride" $((n - 1)); })
	[ "$(cat "$h/sys/bus/pci/drivers_probe")" = "$last" ] || fail "drivers_probe does not hold the last VF $last"
	ok "sriov-up: driver_override vfio-pci on all $nvf VFs, drivers_probe written"
	nics=$(ports "$out" | awk '{ sub(/\.[0-7]$/, ".0", $1); print $1 }' | sort -u | wc -l)
	[ "$(grep -c '^ethtool --set-priv-flags .* vf-true-promisc-support on$' "$h/log")" -eq "$nics" ] ||
		fail "vf-true-promisc-support not set once per NIC ($nics)"
	grep -qx 'sysctl -q -w kernel.sched_rt_runtime_us=-1' "$h/log" || fail "no sched_rt_runtime_us sysctl"
	grep -qx 'modprobe vfio-pci' "$h/log" || fail "vfio-pci not loaded"
	ok "sriov-up: true-promisc once on each of $nics NICs, sched_rt_runtime_us=-1, modprobe vfio-pci"

	# --- idempotence: the kernel binds the VFs; a second run changes nothing
	for l in "$h"/sys/bus/pci/devices/*/virtfn*; do
		vf=$(basename "$(readlink "$l")")
		ln -s ../../drivers/vfio-pci "$h/sys/bus/pci/devices/$vf/driver"
		rm "$h/sys/bus/pci/devices/$vf/driver_override"
	done
	stamp=$(ports "$out" | while read -r pf _; do stat -c %y "$h/sys/bus/pci/devices/$pf/sriov_numvfs"; done)
	: > "$h/log"
	: > "$h/sys/bus/pci/drivers_probe"
	run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "second sriov-up.sh failed"; }
	[ "$(ports "$out" | while read -r pf _; do stat -c %y "$h/sys/bus/pci/devices/$pf/sriov_numvfs"; done)" = "$stamp" ] ||
		fail "second run rewrote sriov_numvfs"
	ls "$h"/sys/bus/pci/devices/*/driver_override > /dev/null 2>&1 && fail "second run rebound a bound VF"
	[ -s "$h/sys/bus/pci/drivers_probe" ] && fail "second run probed drivers"
	[ "$(grep -c ' vf ' "$h/log")" -eq "$nvf" ] || fail "second run: VF settings not reapplied"
	ok "sriov-up twice: numvfs untouched, bound VFs left alone, settings reapplied alike"

	# --- sriov-down undoes, twice -----------------------------------------
	run "$h" "$out/host/sriov-down.sh" || { cat "$h/out"; fail "sriov-down.sh failed"; }
	state "$h" "$out" | while read -r pf n a; do
		if [ "$n" != 0 ] || [ "$a" != 1 ]; then fail "sriov-down left PF $pf at numvfs $n autoprobe $a"; fi
	done
	run "$h" "$out/host/sriov-down.sh" || fail "second sriov-down.sh failed"
	ok "sriov-down: numvfs 0 and autoprobe 1 on every PF, twice"

	# --- vms-up / vms-down -----------------------------------------------
	nd=$(sed -n '/^nodes:/,/^[a-z]/s/^  \([a-z][a-z0-9-]*\):$/\1/p' "$out/plan.yaml" | wc -l)
	run "$h" "$out/host/vms-up.sh" || { cat "$h/out"; fail "vms-up.sh failed"; }
	[ "$(grep -c '^virsh define .*/libvirt/.*\.xml$' "$h/log")" -eq "$nd" ] || fail "not every domain defined"
	[ "$(grep -c running "$h"/virsh/* | grep -c ':1$')" -eq "$nd" ] || fail "not every domain runs"
	: > "$h/log"
	run "$h" "$out/host/vms-up.sh" || fail "second vms-up.sh failed"
	grep -q '^virsh start' "$h/log" && fail "second vms-up.sh started a running domain"
	if run "$h" "$out/host/sriov-down.sh"; then fail "sriov-down.sh ran under running domains"; fi
	grep -q "still run" "$h/out" || fail "sriov-down.sh did not say domains run"
	run "$h" "$out/host/vms-down.sh" || { cat "$h/out"; fail "vms-down.sh failed"; }
	[ -z "$(ls "$h/virsh")" ] || fail "vms-down.sh left domains defined"
	run "$h" "$out/host/vms-down.sh" || fail "second vms-down.sh failed"

	# --- verify: the host as sriov-up and vms-up left it, then planted differences
	run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh for verify"; }
	run "$h" "$out/host/vms-up.sh" || { cat "$h/out"; fail "vms-up.sh for verify"; }
	mkdir -p "$h/ipjson"
	g=100
	for l in "$h"/sys/bus/pci/devices/*/virtfn*; do
		vf=$(basename "$(readlink "$l")")
		g=$((g + 1))
		mkdir -p "$h/sys/kernel/iommu_groups/$g/devices"
		ln -s "../../../bus/pci/devices/$vf" "$h/sys/kernel/iommu_groups/$g/devices/$vf"
		ln -sfn "../../../../kernel/iommu_groups/$g" "$h/sys/bus/pci/devices/$vf/iommu_group"
	done
	# what the driver reports: the settings sriov-up.sh made, as ip -j prints them
	grep '^ip link set dev .* vf [0-9]* mac ' "$h/log" | sort -u | awk '
		{ dev = $5; v = "{\"vf\":" $7 ",\"address\":\"" $9 "\""
		  if ($11 != 0) v = v ",\"vlan_list\":[{\"vlan\":" $11 "}]"
		  v = v ",\"rate\":{\"max_tx\":" $17 ",\"min_tx\":0},\"spoofchk\":false,\"trust\":true}"
		  vf[dev] = (n[dev]++ ? vf[dev] "," : "") v }
		END { for (d in vf) print d, "[{\"ifname\":\"" d "\",\"vfinfo_list\":[" vf[d] "]}]" }' |
	while read -r dev json; do
		echo "$json" > "$h/ipjson/$dev"
	done
	run "$h" "$out/host/verify.sh" || { cat "$h/out"; env PATH="$tmp/bin:$PATH" HVNET_SYSFS="$h/sys" HVNET_PROC="$h/proc" HVNET_LOG=/dev/null HVNET_VIRSH="$h/virsh" HVNET_XML="$out/libvirt" sh -x "$out/host/verify.sh" 2>&1 | tail -n 15; fail "verify.sh on the host sriov-up and vms-up made"; }
	grep -q "verify: host dut matches topology $s: $nvf VFs" "$h/out" || { cat "$h/out"; fail "verify: no match line"; }
	pf1=$(ports "$out" | head -n 1 | cut -d' ' -f1)
	dev1=$(netdev "$pf1")
	sed -i 's/"vlan":\([0-9]*\)}/"vlan":999}/' "$h/ipjson/$dev1"
	vm=$(sed -n '/^vms()/,/^}/p' "$out/host/verify.sh" | sed -n 3p | cut -d' ' -f1)
	echo "shut off" > "$h/virsh/$vm"
	echo 1 > "$h/sys/bus/pci/devices/$pf1/sriov_numvfs"
	if run "$h" "$out/host/verify.sh"; then fail "verify.sh passed a wrong VLAN, a stopped domain, a wrong VF count"; fi
	grep -q "^verify: differs: VF [0-9]* of PF $pf1 (.*): VLAN 999, the plan has [0-9]*$" "$h/out" ||
		{ cat "$h/out"; fail "verify.sh does not name the wrong VLAN"; }
	grep -q "^verify: differs: domain $vm: shut off, the plan has it running$" "$h/out" ||
		{ cat "$h/out"; fail "verify.sh does not name the stopped domain"; }
	grep -q "^verify: differs: PF $pf1: 1 VFs (sriov_numvfs), the plan has [0-9]*$" "$h/out" ||
		{ cat "$h/out"; fail "verify.sh does not name the VF count"; }
	run "$h" "$out/host/vms-down.sh" || fail "vms-down.sh after verify"
	ok "verify: the host sriov-up and vms-up made matches; a wrong VLAN, a stopped domain, a wrong VF count each named"
	ok "vms-up: $nd domains defined from ../libvirt and started, twice; sriov-down refuses meanwhile; vms-down removes them, twice"
done

# --- faults (fig1) -----------------------------------------------------------
out=$tmp/fig1
echo "faults (fig1):"

# A PF missing: fails before changing anything, naming the PF.
h=$tmp/missing
mkhost "$h" "$out"
gone=$(ports "$out" | sed -n 2p | cut -d' ' -f1)
rm -r "${h:?}/sys/bus/pci/devices/$gone"
before=$(state "$h" "$out" 2>/dev/null || true)
if run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed without PF $gone"; fi
grep -q "error: PF $gone is not present" "$h/out" || { cat "$h/out"; fail "no message naming PF $gone"; }
grep -q "nothing was changed" "$h/out" || fail "no 'nothing was changed'"
[ ! -s "$h/log" ] || fail "commands ran before the check: $(cat "$h/log")"
[ "$(state "$h" "$out" 2>/dev/null || true)" = "$before" ] || fail "sysfs changed"
ok "PF $gone missing: exit non-zero naming it, no command run, sysfs unchanged"

# A PF holding another number of VFs: sriov_numvfs passes through 0.
h=$tmp/renum
mkhost "$h" "$out"
echo 5 > "$h/sys/bus/pci/devices/$gone/sriov_numvfs"
want=$(ports "$out" | sed -n 2p | cut -d' ' -f2)
run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh on a PF with 5 VFs"; }
grep -q "PF $gone ($(netdev "$gone")): removing its 5 VFs to create $want" "$h/out" || { cat "$h/out"; fail "old VFs not removed first"; }
[ "$(cat "$h/sys/bus/pci/devices/$gone/sriov_numvfs")" = "$want" ] || fail "sriov_numvfs not $want"
ok "PF $gone with 5 VFs: removed first, then $want created"

# A driver without i40e's flag: a note, and the rest goes on.
h=$tmp/noflag
mkhost "$h" "$out"
noflag=1
run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh without the private flag"; }
noflag=
grep -q "note: PF .* has no vf-true-promisc-support flag" "$h/out" || fail "no note on the missing flag"
grep -q -- '--set-priv-flags' "$h/log" && fail "set a flag the driver lacks"
[ "$(grep -c ' vf ' "$h/log")" -eq "$(expect "$out" | wc -l)" ] || fail "VFs not configured without the flag"
ok "a NIC without vf-true-promisc-support: noted, not set, VFs still configured"

# Too few VFs on a PF: also before any change.
h=$tmp/total
mkhost "$h" "$out"
echo 1 > "$h/sys/bus/pci/devices/$gone/sriov_totalvfs"
if run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed with sriov_totalvfs 1"; fi
grep -q "error: PF $gone offers 1 VFs" "$h/out" || { cat "$h/out"; fail "no message on sriov_totalvfs"; }
[ ! -s "$h/log" ] || fail "commands ran before the check"
ok "sriov_totalvfs too small on $gone: exit non-zero before any change"

# A virtfn link elsewhere than the plan says: names PF and VF, down undoes.
h=$tmp/virtfn
mkhost "$h" "$out"
ln -sfn ../0000:7f:1f.7 "$h/sys/bus/pci/devices/$gone/virtfn1"
if run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed a wrong virtfn"; fi
grep -q "error: PF $gone: VF 1 is 0000:7f:1f.7, but the plan puts it at " "$h/out" ||
	{ cat "$h/out"; fail "mismatch message does not name PF and VF"; }
grep -q ' vf ' "$h/log" && fail "VFs configured despite the mismatch"
run "$h" "$out/host/sriov-down.sh" || fail "sriov-down.sh after a mismatch"
state "$h" "$out" | while read -r pf n _; do [ "$n" = 0 ] || fail "PF $pf still has $n VFs"; done
ok "virtfn1 of $gone elsewhere: exit non-zero naming PF and VF, nothing configured; sriov-down removes the VFs"

# The driver refuses a VF setting midway: stops at once, down undoes.
h=$tmp/ipfail
mkhost "$h" "$out"
ipfail="dev $(netdev "$gone") vf 1"
if run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh ignored a failing ip"; fi
ipfail=
grep -q "error: PF $gone ($(netdev "$gone")) VF 1 " "$h/out" || { cat "$h/out"; fail "ip failure not named"; }
[ "$(grep -c ' vf ' "$h/log")" -lt "$(expect "$out" | wc -l)" ] || fail "went on after the failure"
run "$h" "$out/host/sriov-down.sh" || fail "sriov-down.sh after an ip failure"
state "$h" "$out" | while read -r pf n _; do [ "$n" = 0 ] || fail "PF $pf still has $n VFs"; done
ok "ip refuses VF 1 of $gone: stops at once naming PF and VF; sriov-down removes the VFs"

# A transmit limit above the PF's link speed (a 1 GbE NIC, the topology's
# 10 Gbit/s default): named, before any change.
h=$tmp/speed
pfspeed=1000
mkhost "$h" "$out"
pfspeed=10000
if run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed max_tx_rate 3166 on a 1000 Mbit/s link"; fi
grep -q "error: PF $gone ($(netdev "$gone")): VF 0 (.*): max_tx_rate 3166 Mbit/s exceeds the link speed 1000 Mbit/s" "$h/out" ||
	{ cat "$h/out"; fail "no message naming max_tx_rate and the link speed"; }
grep -q "nothing was changed" "$h/out" || fail "no 'nothing was changed'"
[ ! -s "$h/log" ] || fail "commands ran before the check: $(cat "$h/log")"
ok "max_tx_rate 3166 on a 1000 Mbit/s PF: exit non-zero naming VF, rate and speed, before any change"

# Link down, speed unknown: the fastest link mode ethtool lists bounds it.
h=$tmp/modes
pfspeed=-1 pfcarrier=0
mkhost "$h" "$out"
pfspeed=10000 pfcarrier=1
if HVNET_ETHMODES=1 run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed max_tx_rate 3166 on a 1000baseT port"; fi
grep -q "error: PF $gone ($(netdev "$gone")): VF 0 (.*): max_tx_rate 3166 Mbit/s exceeds the fastest link mode 1000 Mbit/s (ethtool $(netdev "$gone"))" "$h/out" ||
	{ cat "$h/out"; fail "no message naming max_tx_rate and the fastest link mode"; }
grep -v '^ethtool [a-z0-9]*$' "$h/log" | grep -q . && fail "commands ran before the check: $(cat "$h/log")"
ok "link down, max_tx_rate 3166 on a port whose fastest mode is 1000baseT: named before any change"

# Link down at first: sriov-up waits for the carrier before max_tx_rate;
# a speed known only then is checked before any VF setting.
h=$tmp/carrier
pfspeed=-1 pfcarrier=0
mkhost "$h" "$out"
pfspeed=10000 pfcarrier=1
run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh with the link coming up"; }
first=$(grep -n '^sleep ' "$h/log" | head -n 1 | cut -d: -f1)
vf1=$(grep -n ' vf 0 mac ' "$h/log" | head -n 1 | cut -d: -f1)
up=$(grep -n "^ip link set dev .* up$" "$h/log" | tail -n 1 | cut -d: -f1)
[ -n "$first" ] && [ "$up" -lt "$first" ] && [ "$first" -lt "$vf1" ] ||
	{ cat "$h/log"; fail "no wait for the carrier between 'ip link set up' and the VF settings"; }
h=$tmp/upspeed
pfspeed=-1 pfcarrier=0
mkhost "$h" "$out"
pfspeed=10000 pfcarrier=1
if HVNET_UPSPEED=1000 run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed a link that came up at 1000 Mbit/s"; fi
grep -q "max_tx_rate 3166 Mbit/s exceeds the link speed 1000 Mbit/s" "$h/out" || { cat "$h/out"; fail "no speed check after the link came up"; }
grep -q ' vf ' "$h/log" && fail "VFs configured over a too slow link"
h=$tmp/nocarrier
pfcarrier=0
mkhost "$h" "$out"
pfcarrier=1
printf '#!/bin/sh\necho "sleep $*" >> "$HVNET_LOG"\n' > "$tmp/bin/sleep"
if HVNET_CARRIER_WAIT=2 run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh passed without a carrier"; fi
[ "$(grep -c '^sleep ' "$h/log")" = 2 ] || fail "the carrier wait is not bounded by HVNET_CARRIER_WAIT"
grep -q "error: PF .*: no carrier after 2 s" "$h/out" || { cat "$h/out"; fail "no message on the missing carrier"; }
grep -q ' vf ' "$h/log" && fail "VFs configured without a carrier"
ok "link down: waits for the carrier (bounded) before max_tx_rate, checks the speed it comes up with, names a missing carrier"

# The 50 Mbit/s note is i40e's; igb applies the exact rate.
h=$tmp/igb
pfdriver=igb
mkhost "$h" "$out"
pfdriver=i40e
run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh on igb"; }
grep -q 'steps of 50' "$h/out" && fail "the i40e note printed for igb"
h=$tmp/i40e
mkhost "$h" "$out"
run "$h" "$out/host/sriov-up.sh" || { cat "$h/out"; fail "sriov-up.sh on i40e"; }
grep -q 'note: i40e applies max_tx_rate in steps of 50 Mbit/s: 3166 Mbit/s becomes 3150' "$h/out" ||
	{ cat "$h/out"; fail "no i40e note on i40e"; }
ok "the 50 Mbit/s step note on i40e only, not on igb"

# The driver refuses one setting (any rate of 3166): the message names it.
h=$tmp/refuse
mkhost "$h" "$out"
ipfail="max_tx_rate 3166"
if run "$h" "$out/host/sriov-up.sh"; then fail "sriov-up.sh ignored a refused max_tx_rate"; fi
ipfail=
grep -q "error: PF .* VF 0 (.*): the driver refused max_tx_rate 3166\$" "$h/out" || { cat "$h/out"; fail "the refused setting not named alone"; }
ok "the driver refuses max_tx_rate 3166: the message names VF 0 and that setting only"

# sriov_numvfs not writable (an unprivileged user): before any change.
if command -v setpriv > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	h=$tmp/perm
	mkhost "$h" "$out"
	chmod 755 "$tmp"
	chown -R 65534:65534 "$h"
	chown 0:0 "$h/sys/bus/pci/devices/$gone/sriov_numvfs"
	chmod 644 "$h/sys/bus/pci/devices/$gone/sriov_numvfs"
	if setpriv --reuid=65534 --regid=65534 --clear-groups env PATH="$tmp/bin:$PATH" \
	    HVNET_SYSFS="$h/sys" HVNET_LOG="$h/log" sh "$out/host/sriov-up.sh" > "$h/out" 2>&1; then
		fail "sriov-up.sh passed with an unwritable sriov_numvfs"
	fi
	grep -q "cannot write $h/sys/bus/pci/devices/$gone/sriov_numvfs" "$h/out" || { cat "$h/out"; fail "no message on sriov_numvfs"; }
	[ ! -s "$h/log" ] || fail "commands ran before the check"
	ok "sriov_numvfs of $gone not writable: exit non-zero before any change"
fi

echo "sriov: $checks checks passed"
