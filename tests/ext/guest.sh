#!/bin/sh
# guests/<node>/network.sh of every sample, without root and without
# touching the machine: shellcheck; then each script runs against a fake
# sysfs tree (HVNET_SYSFS: interfaces with the plan's MACs under other
# names), a fake /proc (HVNET_PROCFS) and a stand-in `ip` that logs its
# arguments.  It must find every interface by MAC, write the sysctls, issue
# one route per table and one rule per flow through the node, and do the
# same again on a second run; with one MAC missing it must name it and
# change nothing.  (tests/ext/datapath.sh runs the same scripts for real in
# network namespaces.)
set -eu

hvnetc=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
flat=$root/build/yamlflat
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0

fail() {
	echo "guest: $topo: $*" >&2
	failed=$((failed + 1))
}

mkdir -p "$tmp/bin"
cat > "$tmp/bin/ip" <<'EOF'
#!/bin/sh
echo "ip $*" >> "$HVNET_TESTLOG"
# two old flow rules to delete, then none; a rule add for port
# $HVNET_TESTFAIL fails (as 'ipproto udp' does without /etc/protocols)
if [ "$1 $2" = "rule del" ]; then
	n=$(cat "$HVNET_TESTLOG.rules" 2> /dev/null || echo 2)
	[ "$n" -gt 0 ] || exit 2
	echo $((n - 1)) > "$HVNET_TESTLOG.rules"
fi
if [ "$1 $2" = "rule add" ] && [ "$6" = "${HVNET_TESTFAIL:-}" ]; then
	echo 'Error: argument "udp" is wrong: Invalid "ipproto" value' >&2
	exit 1
fi
exit 0
EOF
chmod +x "$tmp/bin/ip"

# A fake sysfs with the node's interfaces named x0, x1, ... (+ lo), all but $2.
fakesys() {
	rm -rf "$tmp/sys" "$tmp/proc"
	mkdir -p "$tmp/sys/class/net/lo" "$tmp/proc/sys/net/ipv4/conf"
	echo 00:00:00:00:00:00 > "$tmp/sys/class/net/lo/address"
	i=0
	sed -n "s/^nodes\.$1\.interfaces\.[0-9]*\.mac=//p" "$tmp/plan" | while read -r mac; do
		if [ "$mac" != "$2" ]; then
			mkdir -p "$tmp/sys/class/net/x$i" "$tmp/proc/sys/net/ipv4/conf/x$i"
			echo "$mac" > "$tmp/sys/class/net/x$i/address"
		fi
		i=$((i + 1))
	done
	mkdir -p "$tmp/proc/sys/net/ipv4/conf/all" "$tmp/proc/sys/net/ipv4/conf/default"
}

runnode() {
	: > "$tmp/log"
	rm -f "$tmp/log.rules"
	HVNET_TESTLOG=$tmp/log HVNET_SYSFS=$tmp/sys HVNET_PROCFS=$tmp/proc \
		PATH=$tmp/bin:$PATH sh "$1" > "$tmp/out" 2> "$tmp/err"
}

checknode() {
	node=$1 script=$out/guests/$1/network.sh
	nif=$(grep -c "^nodes\.$node\.interfaces\.[0-9]*\.mac=" "$tmp/plan")
	ntab=$(grep -c "^nodes\.$node\.interfaces\.[0-9]*\.table=" "$tmp/plan")
	nrules=$(grep -c "^nodes\.$node\.rules\.[0-9]*\.port=" "$tmp/plan")
	fakesys "$node" none
	runnode "$script" || { fail "$node: network.sh failed: $(cat "$tmp/err")"; return; }
	cp "$tmp/log" "$tmp/log1"
	[ "$(grep -c '^ip link set dev x[0-9]* up$' "$tmp/log")" -eq "$nif" ] ||
		fail "$node: not every interface brought up by name"
	[ "$(grep -c '^ip addr replace .*/30 dev x[0-9]*$' "$tmp/log")" -eq "$nif" ] ||
		fail "$node: not every address set"
	[ "$(grep -c '^ip neigh replace .* nud permanent$' "$tmp/log")" -eq "$nif" ] ||
		fail "$node: not a permanent neighbour per interface"
	[ "$(grep -c '^ip route replace default via .* onlink table [0-9]*$' "$tmp/log")" -eq "$ntab" ] ||
		fail "$node: not one default route per table"
	[ "$(grep -c '^ip rule del priority 1000$' "$tmp/log")" -eq 3 ] ||
		fail "$node: old flow rules not all deleted"
	[ "$(grep -c '^ip rule add ipproto 17 dport [0-9]* lookup [0-9]* priority 1000$' "$tmp/log")" -eq "$nrules" ] ||
		fail "$node: not one rule per flow ($nrules) with ipproto 17"
	sed -n "s/^nodes\.$node\.rules\.[0-9]*\.port=//p" "$tmp/plan" > "$tmp/ports"
	grep '^ip rule add ' "$tmp/log" | grep -o 'dport [0-9]*' | cut -d' ' -f2 | cmp -s - "$tmp/ports" ||
		fail "$node: rules not in the plan's order"
	for f in ip_forward:1 conf/all/rp_filter:0 conf/default/rp_filter:0 conf/x0/rp_filter:0; do
		[ "$(cat "$tmp/proc/sys/net/ipv4/${f%:*}" 2> /dev/null)" = "${f#*:}" ] ||
			fail "$node: sysctl ${f%:*} not ${f#*:}"
	done
	runnode "$script" || fail "$node: second run failed"
	cmp -s "$tmp/log" "$tmp/log1" || fail "$node: second run differs"
	# a rule that cannot be added: fails, and says the node is half-configured
	if [ "$nrules" -gt 0 ]; then
		HVNET_TESTFAIL=$(head -n 1 "$tmp/ports")
		export HVNET_TESTFAIL
		if runnode "$script"; then
			fail "$node: network.sh succeeded with a rule add failing"
		else
			grep -q "network.sh: $node: error: .*half-configured" "$tmp/err" ||
				fail "$node: a failed rule add does not say the node is half-configured: $(cat "$tmp/err")"
		fi
		unset HVNET_TESTFAIL
	fi
	# one MAC missing: named, nothing changed
	miss=$(sed -n "s/^nodes\.$node\.interfaces\.1\.mac=//p" "$tmp/plan")
	fakesys "$node" "$miss"
	if runnode "$script"; then
		fail "$node: network.sh succeeded with MAC $miss missing"
	else
		grep -q "$miss" "$tmp/err" || fail "$node: the error does not name $miss"
		[ ! -s "$tmp/log" ] || fail "$node: ran ip with MAC $miss missing"
		[ ! -e "$tmp/proc/sys/net/ipv4/ip_forward" ] ||
			fail "$node: wrote sysctls with MAC $miss missing"
	fi
}

for f in "$root"/samples/*.yaml; do
	topo=$(basename "$f" .yaml)
	out=$tmp/out-$topo
	before=$failed
	if ! "$hvnetc" build "$f" -o "$out" --only plan,guest > "$tmp/err" 2>&1; then
		fail "hvnetc failed: $(cat "$tmp/err")"
		continue
	fi
	shellcheck "$out"/guests/*/network.sh > "$tmp/err" 2>&1 || fail "shellcheck: $(cat "$tmp/err")"
	"$flat" "$out/plan.yaml" > "$tmp/plan"
	n=0
	for d in "$out"/guests/*/; do
		checknode "$(basename "$d")"
		n=$((n + 1))
	done
	if [ "$failed" -eq "$before" ]; then
		passed=$((passed + 1))
		echo "guest: $topo: $n network.sh scripts checked"
	fi
done
echo "guest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
