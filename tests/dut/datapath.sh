#!/bin/sh
# The data path on the emulated DuT, from inside.sh after sriov-up.sh: the
# plan's VFs leave vfio-pci for igbvf and move into one network namespace
# per VM; network.sh and verify.sh run in each; the LoadGen is two virtio
# NICs of the DuT (MACs 02:4c:47:00:00:01 and :02) on the QEMU hubs of the
# ingress and egress igb ports, in namespaces lg-in and lg-out.  Every
# flow's UDP packets leave lg-in and must arrive in lg-out on the last
# node's egress with TTL 64 - (hops + 1), crossing the a-b wire with their
# VLANs.  Usage: datapath.sh OUT (the compiled tree); "dp: ok/FAIL" lines.
set -u
out=$1
tmp=/tmp/dp
rm -rf "$tmp"
mkdir -p "$tmp"
count=3
failed=0 flows=0
bad() {
	failed=$((failed + 1))
	echo "dut: FAIL: datapath: $*"
}
pci=/sys/bus/pci
vfsof() { sed -n '/^vfs()/,/^}/p' "$out/host/sriov-up.sh" | grep '^0000'; }

yamlflat "$out/plan.yaml" | awk -v dir="$tmp" -f /dut/plantables.awk

# VFs onto igbvf, each into its node's namespace.
modprobe igbvf && modprobe virtio_net || bad "igbvf or virtio_net does not load"
while read -r node; do
	ip netns add "dp-$node"
	ip netns exec "dp-$node" sh -c 'for f in all default; do echo 0 > /proc/sys/net/ipv4/conf/$f/rp_filter; done'
done < "$tmp/nodes"
vfsof > "$tmp/vfs"
while read -r _ _ _ _ _ want _; do
	if [ -e "$pci/devices/$want/driver" ]; then
		echo "$want" > "$pci/devices/$want/driver/unbind"
	fi
	echo igbvf > "$pci/devices/$want/driver_override"
	echo "$want" > "$pci/drivers_probe"
done < "$tmp/vfs"
t0=$(date +%s)
while read -r _ _ mac _ _ want node _; do
	n=0
	while [ -z "$(ls "$pci/devices/$want/net" 2>/dev/null)" ] && [ "$n" -lt 60 ]; do
		sleep 1
		n=$((n + 1))
	done
	dev=$(ls "$pci/devices/$want/net" 2>/dev/null)
	if [ -z "$dev" ]; then
		bad "VF $want ($node) has no interface on igbvf after 60 s: $(dmesg | grep -i igbvf | tail -n 2 | tr '\n' ' ')"
		continue
	fi
	[ "$(cat "/sys/class/net/$dev/address")" = "$mac" ] || bad "VF $want: MAC $(cat "/sys/class/net/$dev/address"), the plan has $mac"
	ip link set dev "$dev" netns "dp-$node"
done < "$tmp/vfs"
[ "$failed" = 0 ] && echo "dut: ok: datapath: $(wc -l < "$tmp/vfs") VFs on igbvf with the plan's MACs ($(($(date +%s) - t0)) s), in $(wc -l < "$tmp/nodes") namespaces"

# The LoadGen's sides, as tests/ext/datapath.sh builds them.
ip netns add lg-in
ip netns add lg-out
for ns in lg-in lg-out; do
	ip netns exec "$ns" sh -c 'for f in all default; do echo 0 > /proc/sys/net/ipv4/conf/$f/rp_filter; done'
done
for d in /sys/class/net/*; do
	case $(cat "$d/address") in
	02:4c:47:00:00:01) ip link set dev "${d##*/}" name lgin netns lg-in ;;
	02:4c:47:00:00:02) ip link set dev "${d##*/}" name lgout netns lg-out ;;
	esac
done
ip -n lg-in link set lgin arp off up || bad "no LoadGen ingress NIC"
ip -n lg-out link set lgout arp off up || bad "no LoadGen egress NIC"
v=0
while read -r _ role _ mac addr _ paddr _; do
	v=$((v + 1))
	case $role in
	ingress)
		ip -n lg-in addr add "$paddr/30" dev lgin
		ip -n lg-in neigh replace "${addr%/*}" lladdr "$mac" dev lgin nud permanent
		ip -n lg-in route add default via "${addr%/*}" dev lgin onlink table "$((100 + v))"
		ip -n lg-in rule add from "$paddr" lookup "$((100 + v))" priority 100
		;;
	egress)
		ip -n lg-out addr add "$paddr/30" dev lgout
		;;
	esac
done < "$tmp/ifaces"

# network.sh twice and verify.sh in every node; links need a carrier first.
sleep 3
while read -r node _; do
	ns=dp-$node
	ip netns exec "$ns" sh "$out/guests/$node/network.sh" > "$tmp/log" 2>&1 || bad "$node: network.sh: $(cat "$tmp/log")"
	ip netns exec "$ns" sh "$out/guests/$node/network.sh" > "$tmp/log" 2>&1 || bad "$node: second network.sh: $(cat "$tmp/log")"
done < "$tmp/rules"
sleep 3
while read -r node _; do
	ip netns exec "dp-$node" sh "$out/guests/$node/verify.sh" > "$tmp/log" 2>&1 || bad "$node: verify.sh: $(cat "$tmp/log")"
done < "$tmp/rules"
[ "$failed" = 0 ] && echo "dut: ok: datapath: network.sh twice and verify.sh in every node's namespace"

# Every flow from lg-in to lg-out.
egressidx=$(ip netns exec lg-out cat /sys/class/net/lgout/ifindex)
while read -r name hops port size src dst _ path; do
	res=$(timeout 30 udpprobe send lg-out lg-in "$src" "$dst" "$port" "$size" "$count")
	want="received=$count ttl=$((64 - hops - 1)) ifindex=$egressidx"
	if [ "$res" = "$want" ]; then
		flows=$((flows + 1))
		echo "dut: datapath: flow $name ($path): $res"
	else
		bad "flow $name ($path): got '$res', want '$want'"
	fi
done < "$tmp/flows"
[ "$failed" = 0 ] && echo "dut: ok: datapath: all $flows flows from the ingress arrive at the egress with TTL 64 - (hops + 1)"

# The VLAN carries the flow across the wire: the first flow's packets must
# be lost once its first link's VF on wire.b has another VLAN.
read -r name _ port size src dst _ path < "$tmp/flows"
first=${path%%,*} rest=${path#*,}
second=${rest%%,*}
bvf=$(awk -v a="$first" -v b="$second" '$1 == "0000:02:00.0" && ($7 == a || $7 == b) { print $2, $4; exit }' "$tmp/vfs")
bdev=$(ls "$pci/devices/0000:02:00.0/net")
if [ -n "$bvf" ] && ip link set dev "$bdev" vf "${bvf% *}" vlan 999; then
	res=$(timeout 30 udpprobe send lg-out lg-in "$src" "$dst" "$port" "$size" "$count")
	case $res in
	received=0*) echo "dut: ok: datapath: flow $name lost with VF ${bvf% *} of wire.b on VLAN 999 instead of ${bvf#* } ($res)" ;;
	*) bad "flow $name still arrives with VF ${bvf% *} of wire.b on VLAN 999: $res" ;;
	esac
	ip link set dev "$bdev" vf "${bvf% *}" vlan "${bvf#* }"
else
	bad "cannot plant a VLAN on wire.b for flow $name ($path)"
fi

# Back to where sriov-down.sh expects them.
for ns in $(ip netns list | cut -d' ' -f1); do
	ip netns del "$ns"
done
[ "$failed" = 0 ]
