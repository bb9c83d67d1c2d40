#!/bin/sh
# The libvirt domains of every sample: each XML passes libvirt's schema
# (virt-xml-validate) and defines on libvirt's test driver, and the domain
# libvirt reads back (virsh dumpxml) keeps the pinning, memory, hugepages,
# VF PCI addresses, MACs and VLANs that hvnetc wrote and plan.yaml holds.
# The test driver's state lasts one connection: define and dumpxml go on
# one virsh command line.  Nothing here touches the
# machine: test:///default is an in-memory hypervisor.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
validated=0 defined=0 planned=0 fail=0 topos=0

for t in virsh virt-xml-validate xmllint; do
	command -v "$t" >/dev/null || { echo "libvirt.sh: $t not found (make deps)"; exit 1; }
done

bad() {
	echo "libvirt.sh: $*"
	fail=$((fail + 1))
}

# xpath FILE EXPR: the value, or nothing when the expression matches nothing.
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null || true
}

# ifaces FILE: one line per VF, "mac pci vlan" ("-": no <vlan>), sorted
# (libvirt may reorder devices).
ifaces() {
	n=$(xpath "$1" "count(/domain/devices/interface[@type='hostdev'])")
	i=1
	while [ "$i" -le "${n:-0}" ]; do
		p="/domain/devices/interface[@type='hostdev'][$i]"
		a="$p/source/address"
		# shellcheck disable=SC2046,SC2183
		printf '%s %04x:%02x:%02x.%x %s\n' "$(xpath "$1" "string($p/mac/@address)")" \
		    $(xpath "$1" "concat($a/@domain, ' ', $a/@bus, ' ', $a/@slot, ' ', $a/@function)") \
		    "$(xpath "$1" "string($p/vlan/tag/@id)" | sed 's/^$/-/')"
		i=$((i + 1))
	done | sort
}

# facts FILE: what the test driver must keep, one line each.
facts() {
	for e in "/domain/name" "/domain/uuid" \
	    "/domain/memory" "/domain/memory/@unit" \
	    "/domain/memtune/hard_limit" \
	    "/domain/memoryBacking/hugepages/page/@size" \
	    "/domain/memoryBacking/hugepages/page/@unit" \
	    "count(/domain/memoryBacking/locked)" \
	    "/domain/vcpu" "/domain/vcpu/@placement" \
	    "/domain/cputune/emulatorpin/@cpuset" \
	    "/domain/numatune/memory/@mode" "/domain/numatune/memory/@nodeset" \
	    "/domain/cpu/@mode" "/domain/cpu/topology/@cores" \
	    "/domain/os/type/@machine" "/domain/os/cmdline" \
	    "count(/domain/devices/channel/target[@name='org.qemu.guest_agent.0'])" \
	    "count(/domain/devices/graphics)" "/domain/devices/memballoon/@model"; do
		case $e in
		count*) echo "$e = $(xpath "$1" "$e")" ;;
		*) echo "$e = $(xpath "$1" "string($e)")" ;;
		esac
	done
	n=$(xpath "$1" "count(/domain/cputune/vcpupin)")
	i=1
	while [ "$i" -le "${n:-0}" ]; do
		printf '%s\n' "$(xpath "$1" "concat('vcpupin ', /domain/cputune/vcpupin[$i]/@vcpu, ' ', /domain/cputune/vcpupin[$i]/@cpuset)")"
		i=$((i + 1))
	done
	ifaces "$1"
}

# planifaces PLAN NODE [veth]: "mac pci vlan" of NODE's SR-IOV interfaces
# in plan.yaml; with veth, the MACs of its veth links (a tap each).
planifaces() {
	awk -v node="$2" -v want="${3:-sriov}" '
		function out() {
			if (mac == "" || med != want) return
			if (want == "veth") print mac; else print mac, pci, vlan
		}
		/^[a-z]/ { innodes = ($0 ~ /^nodes:/); mine = 0; next }
		innodes && /^  [a-z][a-z0-9-]*:/ { mine = ($1 == node ":"); next }
		!mine { next }
		/^ *- / && mac != "" { out(); mac = pci = ""; vlan = "-" }
		{ gsub(/"/, "") }
		/^ *(- )?medium: / { med = $NF }
		/^ *(- )?mac: / { mac = $NF }
		/^ *(- )?pci: / { pci = $NF }
		/^ *(- )?vlan: / { vlan = $NF }
		BEGIN { vlan = "-" }
		END { out() }' "$1" | sort
}

# taps FILE: the MACs of a domain's bridge interfaces (veth links), sorted.
taps() {
	xpath "$1" "//interface[@type='bridge']/mac/@address" | tr ' ' '\n' |
		sed -n 's/^address="\(.*\)"/\1/p' | sort
}

# planval PLAN NODE KEY: the value of NODE's KEY in plan.yaml (a flow
# sequence comes one element a line).
planval() {
	awk -v node="$2" -v key="$3" '
		/^[a-z]/ { innodes = ($0 ~ /^nodes:/); mine = 0; next }
		innodes && /^  [a-z][a-z0-9-]*:/ { mine = ($1 == node ":"); next }
		mine && $1 == key ":" { sub(/^ *[a-z_]*: */, ""); gsub(/[][ ]/, ""); gsub(/,/, "\n"); print; exit }' "$1"
}

# planfacts PLAN NODE: what the domain must say of NODE, from plan.yaml.
planfacts() {
	echo "uuid $(planval "$1" "$2" uuid)"
	echo "memory $(($(planval "$1" "$2" memory) / 1024)) KiB"
	echo "vcpus $(planval "$1" "$2" vcpus)"
	planval "$1" "$2" cores | sed 's/^/core /'
}

# xmlfacts FILE: the same from a domain.
xmlfacts() {
	echo "uuid $(xpath "$1" "string(/domain/uuid)")"
	echo "memory $(xpath "$1" "string(/domain/memory)") $(xpath "$1" "string(/domain/memory/@unit)")"
	echo "vcpus $(xpath "$1" "string(/domain/vcpu)")"
	xpath "$1" "//cputune/vcpupin/@cpuset" | tr ' ' '\n' | sed -n 's/^cpuset="\(.*\)"/core \1/p'
}

# The validator must be able to fail: a domain with a bad value does not validate.
sanity=$tmp/bad.xml
printf '<domain type="kvm"><name>x</name><memory>1</memory><vcpu placement="bogus">1</vcpu><os><type>hvm</type></os></domain>\n' >"$sanity"
if virt-xml-validate "$sanity" domain >/dev/null 2>&1; then
	bad "virt-xml-validate accepted an invalid domain"
fi

# Variants of fig1 reach the other branches of the backend: a management
# NIC on an Intel host, 2 MiB pages, no hugepages.
mkdir "$tmp/variants"
sed -e 's/^  mgmt: none/  mgmt: default/' -e 's/vendor: amd/vendor: intel/' \
    samples/fig1.yaml >"$tmp/variants/fig1-mgmt.yaml"
sed 's/^  hugepages: 1GiB/  hugepages: 2MiB/' samples/fig1.yaml >"$tmp/variants/fig1-2m.yaml"
sed 's/^  hugepages: 1GiB/  hugepages: none/' samples/fig1.yaml >"$tmp/variants/fig1-nohuge.yaml"
# The VM worlds with veth links: a bridge and tap per link (vm-veth).
sed 's/^defaults:/defaults:\n  link: { medium: veth }/' samples/fig1.yaml >"$tmp/variants/fig1-vmveth.yaml"
for v in mgmt 2m nohuge vmveth; do
	cmp -s samples/fig1.yaml "$tmp/variants/fig1-$v.yaml" &&
		bad "variant fig1-$v is the same as samples/fig1.yaml: the sample changed"
done

for s in samples/*.yaml "$tmp"/variants/*.yaml; do
	name=$(basename "$s" .yaml)
	out=$tmp/$name
	topos=$((topos + 1))
	if ! "$bin" build "$s" -o "$out" --only plan,libvirt,kernel >"$tmp/err" 2>&1; then
		bad "$s: hvnetc build failed: $(cat "$tmp/err")"
		continue
	fi
	nxml=0
	for x in "$out"/libvirt/*.xml; do
		[ -f "$x" ] || continue
		nxml=$((nxml + 1))
		node=$(basename "$x" .xml)
		if virt-xml-validate "$x" domain >"$tmp/err" 2>&1; then
			validated=$((validated + 1))
		else
			bad "$x: virt-xml-validate: $(cat "$tmp/err")"
		fi
		if ! virsh -q -c test:///default "define $x; dumpxml $node" >"$tmp/dump.raw" 2>"$tmp/err"; then
			bad "$x: virsh define: $(cat "$tmp/err")"
			continue
		fi
		sed -n '/^<domain/,$p' "$tmp/dump.raw" >"$tmp/dump.xml"
		facts "$x" >"$tmp/want"
		facts "$tmp/dump.xml" >"$tmp/got"
		if cmp -s "$tmp/want" "$tmp/got"; then
			defined=$((defined + 1))
		else
			bad "$x: libvirt's dumpxml differs:"
			diff "$tmp/want" "$tmp/got" || true
		fi
		grep -q '^vcpupin ' "$tmp/want" || bad "$x: no vcpupin found"
		if [ -f "$out/plan.yaml" ]; then
			planifaces "$out/plan.yaml" "$node" >"$tmp/planif"
			ifaces "$x" >"$tmp/xmlif"
			planfacts "$out/plan.yaml" "$node" >"$tmp/planfacts"
			xmlfacts "$x" >"$tmp/xmlfacts"
			planifaces "$out/plan.yaml" "$node" veth >"$tmp/planveth"
			taps "$x" >"$tmp/xmlveth"
			if [ ! -s "$tmp/planif" ] || ! cmp -s "$tmp/planif" "$tmp/xmlif"; then
				bad "$x: VFs differ from plan.yaml:"
				diff "$tmp/planif" "$tmp/xmlif" || true
			elif ! cmp -s "$tmp/planveth" "$tmp/xmlveth"; then
				bad "$x: taps differ from plan.yaml's veth links:"
				diff "$tmp/planveth" "$tmp/xmlveth" || true
			elif ! grep -q '^core ' "$tmp/planfacts" || ! cmp -s "$tmp/planfacts" "$tmp/xmlfacts"; then
				bad "$x: UUID, memory or pinning differs from plan.yaml:"
				diff "$tmp/planfacts" "$tmp/xmlfacts" || true
			else
				planned=$((planned + 1))
			fi
		fi
	done
	[ "$nxml" -gt 0 ] || bad "$s: no libvirt/*.xml written"
	[ -s "$out/host/kernel-cmdline.txt" ] || bad "$s: no host/kernel-cmdline.txt"
	case $name in
	*-mgmt) [ "$(xpath "$out/libvirt/vm1.xml" "string(//interface[@type='network']/source/@network)")" = default ] ||
		bad "$s: no management interface" ;;
	*-2m) [ "$(xpath "$out/libvirt/vm1.xml" "string(//hugepages/page[@unit='KiB']/@size)")" = 2048 ] ||
		bad "$s: not 2 MiB pages" ;;
	*-vmveth) [ "$(xpath "$out/libvirt/vm1.xml" "count(//interface[@type='bridge'])")" = 2 ] &&
		[ "$(xpath "$out/libvirt/vm1.xml" "count(//interface[@type='hostdev'])")" = 2 ] ||
		bad "$s: vm1 has not 2 taps and 2 VFs" ;;
	*-nohuge) [ "$(xpath "$out/libvirt/vm1.xml" "count(//hugepages)")" = 0 ] ||
		bad "$s: hugepages without host.hugepages" ;;
	esac
done

echo "libvirt.sh: $topos topologies;" \
    "virt-xml-validate checked $validated files;" \
    "virsh define+dumpxml (test:///default) kept pinning, memory, VFs, MACs, VLANs in $defined files;" \
    "$planned files matched plan.yaml"
[ "$fail" -eq 0 ]
