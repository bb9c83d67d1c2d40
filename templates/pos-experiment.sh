# The rest is the same for every topology (templates/pos-experiment.sh).
#
# usage: experiment.sh [IMAGE]
# Run on the pos management host, from anywhere: the compiled tree is the
# directory above this script.  IMAGE is the pos image of all three machines
# (default debian-bookworm); the DuT's image must hold the guest images the
# domains name, the LoadGen's and the Timestamper's MoonGen (MOONGEN_DIR,
# default /opt/MoonGen).  HVNET_DUT, HVNET_LOADGEN and HVNET_TIMESTAMPER
# override the machine names.

image=${1:-debian-bookworm}
here=$(cd "$(dirname "$0")" && pwd)
tree=$(dirname "$here")
remote=/root/hvnet-$name
results=$remote/results
set -- "$dut" "$loadgen" "$timestamper"	# the machines, from here on

for f in host/kernel-cmdline.txt host/preflight.sh host/sriov-up.sh host/vms-up.sh host/verify.sh \
	ansible/inventory.yml ansible/site.yml loadgen/run.sh loadgen/timestamper.sh; do
	if [ ! -f "$tree/$f" ]; then
		echo "experiment.sh: $tree/$f is missing; build the topology with every backend" >&2
		exit 1
	fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== allocate $*"
for node in "$@"; do
	pos allocations free -k "$node" || true
done
pos allocations allocate "$@"

echo "== variables"
for node in "$@"; do
	pos allocations set_variables --as-global "$node" "$here/global-vars.yml"
done
pos allocations set_variables "$dut" "$here/dut.yml"
pos allocations set_variables "$loadgen" "$here/loadgen.yml"
pos allocations set_variables "$timestamper" "$here/timestamper.yml"

echo "== images and the DuT's boot parameters"
for node in "$@"; do
	pos nodes image "$node" "$image"
done
# The parameters are words: split them, and nothing else, into arguments.
read -r bootparams < "$tree/host/kernel-cmdline.txt"
set -f
# shellcheck disable=SC2086
pos nodes bootparameter "$dut" $bootparams
set +f

echo "== reboot"
pids=
for node in "$@"; do
	pos nodes reset "$node" &
	pids="$pids $!"
done
for pid in $pids; do
	wait "$pid"
done

echo "== copy the compiled tree to $remote"
tar -C "$tree" -cf "$work/hvnet-$name.tar" .
for node in "$@"; do
	pos nodes copy --dest /root "$node" "$work/hvnet-$name.tar"
	pos commands launch "$node" -- mkdir -p "$remote"
	pos commands launch "$node" -- tar -C "$remote" -xf "/root/hvnet-$name.tar"
done

echo "== the LoadGen reaches the Timestamper by SSH (run.sh)"
ssh-keygen -q -t ed25519 -N "" -C "hvnet-$name" -f "$work/id_ed25519"
pos commands launch "$loadgen" -- mkdir -p -m 700 /root/.ssh
pos nodes copy --dest /root/.ssh "$loadgen" "$work/id_ed25519"
pos nodes copy --dest /root "$timestamper" "$work/id_ed25519.pub"
pos commands launch "$timestamper" -- sh -c \
	'mkdir -p /root/.ssh && cat /root/id_ed25519.pub >> /root/.ssh/authorized_keys'
pos commands launch "$loadgen" -- sh -c \
	"chmod 600 /root/.ssh/id_ed25519 && printf 'Host %s\n\tStrictHostKeyChecking accept-new\n' '$timestamper' >> /root/.ssh/config"

echo "== the DuT: preflight, SR-IOV, domains"
pos commands launch "$dut" -- "$remote/host/preflight.sh"
pos commands launch "$dut" -- "$remote/host/sriov-up.sh"
# netns nodes and veth links: namespaces, veth pairs, bridges (before the
# domains, whose taps join the bridges)
if [ -f "$tree/host/netns-up.sh" ]; then
	pos commands launch "$dut" -- "$remote/host/netns-up.sh"
fi
pos commands launch "$dut" -- "$remote/host/vms-up.sh"

echo "== the guests' networks, through the qemu guest agent (Ansible on the DuT)"
pos commands launch "$dut" -- env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y ansible python3-libvirt
pos commands launch "$dut" -- ansible-playbook -i "$remote/ansible/inventory.yml" \
	"$remote/ansible/site.yml" --limit hvnet_guests \
	-e ansible_libvirt_uri=qemu:///system -e ansible_ssh_common_args=
if [ -f "$tree/host/netns-up.sh" ]; then
	echo "== the namespaces' networks, on the DuT"
	# shellcheck disable=SC2016 # expanded on the DuT
	pos commands launch "$dut" -- sh -c 'sed -n "/^nodes() {/,/^EOF/p" "$1/host/netns-up.sh" |
		sed "1,2d;\$d" | while read -r n _; do
			ip netns exec "hv-$2-$n" sh "$1/guests/$n/network.sh" || exit 1
		done' sh "$remote" "$name"
fi

echo "== the DuT against the plan (the guests were checked with their networks)"
pos commands launch "$dut" -- "$remote/host/verify.sh"

echo "== measure: $repetitions repetitions of $duration s"
pos commands launch "$loadgen" -- "$remote/loadgen/run.sh" -o "$results" \
	"$lg_tx" "$lg_rx" "$ts_pre" "$ts_post"

echo "== collect the results"
pos commands launch "$loadgen" -- pos_upload -r "$results"
pos commands launch "$timestamper" -- pos_upload -r "$results"
echo "experiment.sh: $name done; results are in the allocation's result folder:"
echo "  the Timestamper's captures (NAME-rN-pre.pcap, NAME-rN-post.pcap) and, when"
echo "  hvnetc is on the LoadGen, run.sh's per-flow results (latency/); else run"
echo "  'hvnetc results OUT PRE POST ... -o DIR' on the captures"
