#!/bin/sh
# Data-path test (hvnet.yaml(5), Resolution; network.sh in hvnetc(1), FILES): for every sample and
# every HVNet dataset topology (through `hvnetc import`), one network
# namespace per node plus lg-in and lg-out for the LoadGen's ingress and
# egress ports, veth pairs carrying the plan's MACs under names unrelated to
# the plan, the LoadGen's sides answering no ARP (as MoonGen does not), and
# a blackhole default route in every node's main table (as a
# guest's management route would be).  Each generated network.sh runs
# unchanged in its namespace, twice; then every flow's UDP packets leave
# lg-in with the flow's addresses and port, and must arrive at lg-out on the
# egress of the flow's last node with TTL 64 - (hops + 1), forwarded once by
# every node of the path and by no other (IPv4 ForwDatagrams per namespace).
# On the samples, each node's verify.sh must pass after network.sh, and
# name a missing rule, a stale rule and a wrong neighbour planted in one.
# Needs root and iproute2; nothing leaves the namespaces the test makes.
#
# With DATAPATH_WORLD=mininet the namespaces, veths and LoadGen sides are
# the generated host/netns-up.sh's instead (the rehearsal: --world mininet),
# run twice; afterwards host/netns-down.sh must leave no namespace and no
# interface of its own behind.  With DATAPATH_WORLD=mininet.py the same
# world is Mininet's, built by the generated mininet/topo.py (Debian's
# mininet; its hosts named for ip netns with --netns).
set -eu
world=${DATAPATH_WORLD:-}
me=datapath${world:+-$world}
engine=netns
case $world in
mininet.py) world=mininet engine=mininet ;;
esac

hvnetc=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
flat=$root/build/yamlflat
probe=$root/build/udpprobe
# the repository's copy of the HVNet dataset
dataset=${HVNET_DATASET:-$root/tests/dataset}
count=3		# packets per flow

skip() {
	echo "$me: skipped: $1"
	exit 0
}

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
if [ "$engine" = mininet ] && ! /usr/bin/python3 -c 'import mininet.net' 2> /dev/null; then
	skip "needs Debian's mininet (make deps)"
fi
command -v ip > /dev/null || skip "needs iproute2"
for h in "$flat" "$probe"; do
	[ -x "$h" ] || { echo "$me: $h missing (make $h)" >&2; exit 1; }
done

# unique even across PID namespaces that share /run/netns
pfx=hvdp$(cut -c1-8 /proc/sys/kernel/random/uuid)
tmp=$(mktemp -d)
nsmade=$tmp/namespaces
: > "$nsmade"

# Delete the namespaces this run made, and only those.
nsclean() {
	while read -r ns; do
		ip netns del "$ns" 2> /dev/null || :
	done < "$nsmade"
	: > "$nsmade"
}
cleanup() {
	nsclean
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

nsadd() {
	echo "$1" >> "$nsmade"
	ip netns add "$1"
}

if ! ip netns add "$pfx-probe" 2> /dev/null; then
	skip "this machine cannot make network namespaces"
fi
echo "$pfx-probe" >> "$nsmade"
nsclean

fail() {
	echo "$me: $topo: $*" >&2
	failed=$((failed + 1))
}

# plan.yaml -> $tmp/nodes (names), $tmp/ifaces (node role link mac address
# peer peer_address peer_mac), $tmp/flows (name hops port size src dst
# dst_mac path), $tmp/rules (node count).
plantables() {
	"$flat" "$1" | awk -v dir="$tmp" -f "$root/tests/helpers/plantables.awk"
}

# A veth pair: $1 in namespace $2 with MAC $3, $4 in $5 with MAC $6 (made
# in $2, then one end moved: nothing appears in the test's own namespace).
veth() {
	ip -n "$2" link add "$1" address "$3" type veth peer name "$4" address "$6"
	ip -n "$2" link set "$4" netns "$5"
}

setrpfilter() {
	for f in all default; do
		ip netns exec "$1" sh -c "echo 0 > /proc/sys/net/ipv4/conf/$f/rp_filter"
	done
}

# Namespaces, veths and the LoadGen sides; the nodes' sides stay down and
# unaddressed for network.sh.
build() {
	lgin=$pfx-lgin
	lgout=$pfx-lgout
	nsadd "$lgin"
	nsadd "$lgout"
	setrpfilter "$lgin"
	setrpfilter "$lgout"
	while read -r node <&3; do
		nsadd "$pfx-$node"
		ip -n "$pfx-$node" route add blackhole default
	done 3< "$tmp/nodes"
	v=0
	links=" "
	while read -r node role link mac addr peer paddr pmac <&3; do
		v=$((v + 1))
		ns=$pfx-$node
		case $role in
		ingress)
			veth "dp$v" "$ns" "$mac" "lg$v" "$lgin" "$pmac"
			ip -n "$lgin" addr add "$paddr/30" dev "lg$v"
			ip -n "$lgin" link set "lg$v" arp off up
			ip -n "$lgin" neigh replace "${addr%/*}" lladdr "$mac" dev "lg$v" nud permanent
			ip -n "$lgin" route add default via "${addr%/*}" dev "lg$v" table "$((100 + v))"
			ip -n "$lgin" rule add from "$paddr" lookup "$((100 + v))" priority 100
			;;
		egress)
			veth "dp$v" "$ns" "$mac" "lg$v" "$lgout" "$pmac"
			ip -n "$lgout" addr add "$paddr/30" dev "lg$v"
			ip -n "$lgout" link set "lg$v" arp off up
			ip netns exec "$lgout" cat "/sys/class/net/lg$v/ifindex" > "$tmp/egress.$node"
			;;
		link)
			case $links in *" $link "*) continue ;; esac
			links="$links$link "
			veth "dp$v" "$ns" "$mac" "dq$v" "$pfx-$peer" "$pmac"
			;;
		esac
	done 3< "$tmp/ifaces"
}

# The same from the generated scripts: netns-up.sh twice (the second must
# change nothing), the test's blackhole default routes, the egress ifindexes.
upgen() {
	lgin=$pfx-loadgen.ingress
	lgout=$pfx-loadgen.egress
	{ sed "s/^/$pfx-/" "$tmp/nodes"; echo "$lgin"; echo "$lgout"; } >> "$nsmade"
	if ! HVNET_NETNS_PREFIX=$pfx- sh "$out/host/netns-up.sh" > "$tmp/log" 2>&1; then
		fail "netns-up.sh failed: $(cat "$tmp/log")"
		return
	fi
	nssnap > "$tmp/up1"
	if ! HVNET_NETNS_PREFIX=$pfx- sh "$out/host/netns-up.sh" > "$tmp/log" 2>&1; then
		fail "netns-up.sh failed on its second run: $(cat "$tmp/log")"
		return
	fi
	nssnap > "$tmp/up2"
	cmp -s "$tmp/up1" "$tmp/up2" || fail "a second run of netns-up.sh changed the namespaces"
	while read -r node <&3; do
		ip -n "$pfx-$node" route add blackhole default
	done 3< "$tmp/nodes"
	v=0
	while read -r node role link mac addr peer paddr pmac <&3; do
		[ "$role" = egress ] || continue
		idx=$(awk -v n="$node" '$1 == n { print NR - 1; exit }' "$tmp/nodes")
		ip netns exec "$lgout" cat "/sys/class/net/n$idx/ifindex" > "$tmp/egress.$node"
	done 3< "$tmp/ifaces"
}

# The same from Mininet: topo.py runs until its standard input ends.
upmn() {
	lgin=$pfx-loadgen.ingress
	lgout=$pfx-loadgen.egress
	{ sed "s/^/$pfx-/" "$tmp/nodes"; echo "$lgin"; echo "$lgout"; } >> "$nsmade"
	rm -f "$tmp/mnin" "$tmp/mnlog"
	mkfifo "$tmp/mnin"
	/usr/bin/python3 "$out/mininet/topo.py" --netns "$pfx-" --wait < "$tmp/mnin" > "$tmp/mnlog" 2>&1 &
	mnpid=$!
	exec 7> "$tmp/mnin"
	i=0
	until grep -qs '^ready$' "$tmp/mnlog"; do
		i=$((i + 1))
		if [ "$i" -gt 600 ] || ! kill -0 "$mnpid" 2> /dev/null; then
			fail "topo.py did not come up: $(cat "$tmp/mnlog")"
			return
		fi
		sleep 0.1
	done
	while read -r node <&3; do
		ip -n "$pfx-$node" route add blackhole default
	done 3< "$tmp/nodes"
	while read -r node role link mac addr peer paddr pmac <&3; do
		[ "$role" = egress ] || continue
		idx=$(awk -v n="$node" '$1 == n { print NR - 1; exit }' "$tmp/nodes")
		ip netns exec "$lgout" cat "/sys/class/net/n$idx/ifindex" > "$tmp/egress.$node"
	done 3< "$tmp/ifaces"
}

downmn() {
	exec 7>&-
	if ! wait "$mnpid"; then
		fail "topo.py failed: $(cat "$tmp/mnlog")"
	fi
	left=$(ip netns list | awk '{ print $1 }' | grep -c "^$pfx-" || :)
	[ "$left" -eq 0 ] || fail "topo.py left $left namespaces"
}

# Every namespace of this run with its links, addresses and rules.
nssnap() {
	ip netns list | awk '{ print $1 }' | grep "^$pfx-" | sort | while read -r ns; do
		echo "== $ns"
		ip -n "$ns" -o link show | sed 's/^[0-9]*: //; s/ qdisc.*link/ link/'
		snapshot "$ns"
	done
}

# netns-down.sh: nothing of this run may be left.
downgen() {
	if ! HVNET_NETNS_PREFIX=$pfx- sh "$out/host/netns-down.sh" > "$tmp/log" 2>&1; then
		fail "netns-down.sh failed: $(cat "$tmp/log")"
		return
	fi
	left=$(ip netns list | awk '{ print $1 }' | grep -c "^$pfx-" || :)
	[ "$left" -eq 0 ] || fail "netns-down.sh left $left namespaces"
	left=$(ip -o link show | grep -c ': hv[bp][0-9]' || :)
	[ "$left" -eq 0 ] || fail "netns-down.sh left $left bridges or veths"
	HVNET_NETNS_PREFIX=$pfx- sh "$out/host/netns-down.sh" > "$tmp/log" 2>&1 ||
		fail "netns-down.sh failed on its second run: $(cat "$tmp/log")"
}

# IPv4 only: IPv6 link-local addresses leave 'tentative' on their own.
snapshot() {
	ip -4 -n "$1" -o addr show
	ip -4 -n "$1" rule show
	ip -4 -n "$1" route show table all
	ip -4 -n "$1" neigh show nud permanent
}

# Run each network.sh twice; the second run must change nothing.
configure() {
	while read -r node nrules <&3; do
		ns=$pfx-$node
		script=$out/guests/$node/network.sh
		if ! ip netns exec "$ns" sh "$script" > "$tmp/log" 2>&1; then
			fail "$node: network.sh failed: $(cat "$tmp/log")"
			continue
		fi
		snapshot "$ns" > "$tmp/snap1"
		# The second run meets a stale flow rule, which it must delete, and
		# no /etc/protocols (a minimal guest's), which it must not need.
		ip -n "$ns" rule add ipproto 17 dport 9 lookup 250 priority 1000
		if ! unshare -m sh -c 'mount --bind /dev/null /etc/protocols &&
			exec ip netns exec "$1" sh "$2"' sh "$ns" "$script" > "$tmp/log" 2>&1; then
			fail "$node: network.sh failed on its second run: $(cat "$tmp/log")"
			continue
		fi
		snapshot "$ns" > "$tmp/snap2"
		cmp -s "$tmp/snap1" "$tmp/snap2" ||
			fail "$node: a second run of network.sh changed the namespace"
		got=$(ip -n "$ns" rule show priority 1000 | wc -l)
		[ "$got" -eq "$nrules" ] ||
			fail "$node: $got rules at priority 1000, the plan has $nrules"
		nifaces=$(grep -c "^$node " "$tmp/ifaces")
		got=$(ip -n "$ns" neigh show nud permanent | wc -l)
		[ "$got" -eq "$nifaces" ] ||
			fail "$node: $got permanent neighbours for $nifaces interfaces"
		vscript=$out/guests/$node/verify.sh
		# verify.sh on the samples' nodes (the dataset's would double the time)
		if [ "$verifyall" != yes ]; then
			:
		elif ! ip netns exec "$ns" sh "$vscript" > "$tmp/log" 2>&1; then
			fail "$node: verify.sh finds differences on a node network.sh made: $(cat "$tmp/log")"
		elif [ -z "$planted" ] && [ "$nrules" -gt 0 ]; then
			plant "$ns" "$node" "$vscript" "$script"
		fi
	done 3< "$tmp/rules"
}

# Differences verify.sh must name, once per run: a missing flow rule, a
# stale one, a wrong permanent neighbour; network.sh then repairs them.
plant() {
	planted=$2
	set -- $(ip -n "$1" rule show priority 1000 | head -n 1 | sed 's/.* dport \([0-9]*\) lookup \([0-9]*\).*/\1 \2/') "$@"
	port=$1 table=$2 ns=$3 node=$4 vscript=$5 script=$6
	ip -n "$ns" rule del priority 1000 ipproto 17 dport "$port" lookup "$table"
	ip -n "$ns" rule add ipproto 17 dport 9 lookup 250 priority 1000
	peer=$(ip -n "$ns" neigh show nud permanent | head -n 1 | cut -d' ' -f1,3)
	ip -n "$ns" neigh replace "${peer% *}" lladdr 02:00:00:00:00:99 dev "${peer#* }" nud permanent
	if ip netns exec "$ns" sh "$vscript" > "$tmp/log" 2> "$tmp/err"; then
		fail "$node: verify.sh passed a missing rule, a stale rule and a wrong neighbour"
	else
		for want in "flow rule missing: UDP port $port lookup $table" \
		    "flow rule not in the plan: from all ipproto .* dport 9 lookup 250" \
		    "no permanent neighbour ${peer% *} at "; do
			grep -q "^verify: $node: differs: .*$want" "$tmp/log" ||
				fail "$node: verify.sh does not name '$want': $(cat "$tmp/log")"
		done
		[ "$(wc -l < "$tmp/log")" -eq 3 ] || fail "$node: verify.sh names more than the 3 planted: $(cat "$tmp/log")"
		grep -q "3 differences" "$tmp/err" || fail "$node: verify.sh does not count 3 differences"
	fi
	ip netns exec "$ns" sh "$script" > /dev/null 2>&1 || fail "$node: network.sh does not repair the planted differences"
	ip netns exec "$ns" sh "$vscript" > "$tmp/log" 2>&1 || fail "$node: differences left after network.sh: $(cat "$tmp/log")"
	echo "datapath: $topo: $node: verify.sh named a missing rule, a stale rule, a wrong neighbour"
}

forwarded() {
	# shellcheck disable=SC2046 # one namespace a word
	"$probe" fwd $(sed "s/^/$pfx-/" "$tmp/nodes")
}

# Send one flow's packets and check where they went.
checkflow() {
	name=$1 hops=$2 port=$3 size=$4 src=$5 dst=$6 dmac=$7 path=$8
	last=${path##*,}
	# lg-in's neighbour for the first node is its ingress VF: the flow's dst_mac
	inmac=$(awk -v n="${path%%,*}" '$1 == n && $2 == "ingress" { print $4 }' "$tmp/ifaces")
	if [ "$dmac" != "$inmac" ]; then
		fail "flow $name: dst_mac $dmac is not ${path%%,*}'s ingress VF $inmac"
		return
	fi
	forwarded > "$tmp/before"
	res=$("$probe" send "$lgout" "$lgin" "$src" "$dst" "$port" "$size" "$count")
	forwarded > "$tmp/after"
	want="received=$count ttl=$((64 - hops - 1)) ifindex=$(cat "$tmp/egress.$last")"
	if [ "$res" != "$want" ]; then
		fail "flow $name ($path): got $res, want $want"
		return
	fi
	bad=$(paste "$tmp/nodes" "$tmp/before" "$tmp/after" | while read -r node b a; do
		case ",$path," in
		*",$node,"*) [ $((a - b)) -eq "$count" ] || echo "$node forwarded $((a - b))" ;;
		*) [ "$a" -eq "$b" ] || echo "$node (off the path) forwarded $((a - b))" ;;
		esac
	done)
	if [ -n "$bad" ]; then
		fail "flow $name ($path): $(echo "$bad" | tr '\n' ';')"
		return
	fi
	flowsok=$((flowsok + 1))
}

# Build the namespaces of output tree $out, configure, send every flow,
# tear down.
verifyout() {
	before=$failed
	plantables "$out/plan.yaml"
	if [ "$engine" = mininet ]; then
		upmn
	elif [ -n "$world" ]; then
		upgen
	else
		build
	fi
	[ "$failed" -ne "$before" ] || configure
	if [ "$failed" -eq "$before" ]; then
		n=$flowsok
		while read -r fname hops port size src dst dmac path <&3; do
			checkflow "$fname" "$hops" "$port" "$size" "$src" "$dst" "$dmac" "$path"
		done 3< "$tmp/flows"
		echo "$me: $topo: $((flowsok - n)) flows over $(wc -l < "$tmp/nodes") nodes"
	fi
	if [ "$engine" = mininet ]; then
		downmn
	elif [ -n "$world" ]; then
		downgen
	fi
	nsclean
	[ "$failed" -ne "$before" ] || topos=$((topos + 1))
}

# Compile FILE and verify its output.
verify() {
	topo=$(basename "$1" .yaml)
	out=$tmp/out-$topo
	if ! "$hvnetc" build "$1" -o "$out" --only plan,guest${world:+,$engine} \
	    ${world:+--world "$world"} > "$tmp/log" 2>&1; then
		fail "hvnetc failed: $(cat "$tmp/log")"
		return
	fi
	verifyout
	rm -rf "$out"
}

report() {
	echo "$me: $flowsok flows over $topos topologies verified"
	echo "$me: $topos passed, $failed failed"
	[ "$failed" -eq 0 ]
}

failed=0 flowsok=0 topos=0 planted= verifyall=yes
if [ $# -ge 2 ]; then
	# an output tree compiled before (plan.yaml and guests/): debugging aid
	out=$(cd "$2" && pwd)
	topo=$(basename "$out")
	verifyout
	report
	exit
fi
verifyall=yes
for f in "$root"/samples/*.yaml; do
	verify "$f"
done
verifyall=no
if [ -d "$dataset" ]; then
	for first in "$dataset"/*.json; do break; done
	if "$hvnetc" import "$first" > /dev/null 2>&1; then
		for j in "$dataset"/*.json; do
			y=$tmp/$(basename "$j" .json).yaml
			if "$hvnetc" import "$j" > "$y" 2> "$tmp/log"; then
				verify "$y"
			else
				topo=$(basename "$j")
				fail "hvnetc import failed: $(cat "$tmp/log")"
			fi
		done
	else
		echo "$me: dataset skipped: 'hvnetc import' does not work yet"
	fi
else
	echo "$me: dataset skipped: no $dataset"
fi
report
