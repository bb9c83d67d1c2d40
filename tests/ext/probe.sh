#!/bin/sh
# `hvnetc probe` and `--pci-dump` on the lspci -xxxx fixtures of tests/pci/:
# exit statuses and messages for good, short, SR-IOV-less and malformed
# dumps; the probe's snippet pasted into a topology gives the same plan as
# the sample's hand-written ports; --pci-dump fills what a file leaves out
# and reports a PF the dump lacks at the port, writing nothing.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checks=0

ok() {
	checks=$((checks + 1))
	printf '  ok: %s\n' "$*"
}
fail() {
	printf '  FAIL: %s\n' "$*" >&2
	exit 1
}

# probe FIXTURE [PF...]: stdout in $tmp/out, stderr in $tmp/err, status echoed.
probe() {
	f=$1
	shift
	st=0
	"$bin" probe --pci-dump "tests/pci/$f" "$@" > "$tmp/out" 2> "$tmp/err" || st=$?
	echo "$st"
}

# --- the fixtures are what their generator makes ------------------------
mkdir "$tmp/pci"
sh tests/pci/mkfixtures.sh "$tmp/pci"
n=0
for f in "$tmp"/pci/*.lspci; do
	cmp -s "$f" "tests/pci/$(basename "$f")" || fail "tests/pci/$(basename "$f") differs from mkfixtures.sh's"
	n=$((n + 1))
done
[ "$n" = 5 ] || fail "mkfixtures.sh made $n dumps, not 5"
ok "tests/pci: the $n built dumps are as tests/pci/mkfixtures.sh makes them"

# --- statuses and messages ----------------------------------------------
[ "$(probe x710.lspci)" = 0 ] || fail "x710: status"
[ "$(grep -c '^#   0000:4[12]:00\.[01]  8086:1572  TotalVFs 64' "$tmp/out")" = 4 ] || fail "x710: four PFs listed"
grep -q '0000:41:00.1  8086:1572  TotalVFs 64  NumVFs 0  VF offset 79  stride 1  VF device 8086:154c  VF0 0000:41:0a.0' "$tmp/out" ||
	fail "x710: function 1's registers"
grep -q '00:00.0' "$tmp/out" && fail "x710: the host bridge listed"
ok "x710 dump: the four X710 PFs with TotalVFs, offset, stride, VF device and VF0; no host bridge"

[ "$(probe 82576-sriov.lspci)" = 0 ] || fail "82576: status"
grep -q '0000:01:00.0  8086:10c9  TotalVFs 8  NumVFs 1  VF offset 384  stride 2  VF device 8086:10ca  VF0 0000:02:10.0' "$tmp/out" ||
	{ cat "$tmp/out"; fail "82576: VF0 of 01:00.0 is not 02:10.0"; }
grep -q 'Only 1 SR-IOV port' "$tmp/out" || fail "82576: no note on the missing ports"
grep -q '^# sriov_totalvfs (a dump, or a PF without its driver): the driver may$' "$tmp/out" ||
	{ cat "$tmp/out"; fail "82576 dump: no word that the driver may allow fewer VFs"; }
grep -q 'sriov_totalvfs [0-9]' "$tmp/out" && fail "82576 dump: a sysfs limit listed for a dump"
ok "82576 dump (pciutils): VF0 of 01:00.0 = 02:10.0 (offset 384, stride 2, bus carry); max_vfs said to be TotalVFs, which the driver may cut"

for f in nosriov.lspci short256.lspci short64.lspci; do
	[ "$(probe "$f")" = 3 ] || fail "$f: status not 3"
	grep -q "no SR-IOV physical function in the dump 'tests/pci/$f'" "$tmp/err" || fail "$f: message"
	[ -s "$tmp/out" ] && fail "$f: wrote to stdout"
done
grep -q 'needs root' "$tmp/err" || fail "short64: no hint that reading needs root"
probe short256.lspci > /dev/null
grep -q "lspci -xxxx" "$tmp/err" || fail "short256: no hint at lspci -xxxx"
ok "no SR-IOV, 256- and 64-byte dumps: status 3, nothing on stdout, hints at lspci -xxxx and root"

[ "$(probe malformed.lspci)" = 3 ] || fail "malformed: status not 3"
grep -qx "hvnetc: error: tests/pci/malformed.lspci: libpci: dump: Malformed line" "$tmp/err" ||
	{ cat "$tmp/err"; fail "malformed: message"; }
grep -q '^pcilib:' "$tmp/err" && fail "malformed: libpci's own handler ran"
[ "$(probe no-such.lspci)" = 3 ] || fail "missing dump: status not 3"
grep -q "cannot open: No such file or directory" "$tmp/err" || fail "missing dump: message"
ok "malformed and missing dumps: status 3 with libpci's words, no exit inside libpci"

[ "$(probe x710.lspci 42:00.1 0000:41:00.0)" = 0 ] || fail "named PFs: status"
grep -q '^    a: {pf: "0000:42:00.1", vf_offset: 79' "$tmp/out" || fail "named PFs: first is not a"
grep -q '^    b: {pf: "0000:41:00.0", vf_offset: 16' "$tmp/out" || fail "named PFs: second is not b"
[ "$(probe x710.lspci 43:00.0)" = 3 ] || fail "absent PF: status"
grep -q "PF 0000:43:00.0 is not in" "$tmp/err" || fail "absent PF: message"
[ "$(probe x710.lspci 00:00.0)" = 3 ] || fail "PF without SR-IOV: status"
grep -q "PF 0000:00:00.0 (1022:1450) has no SR-IOV capability" "$tmp/err" || fail "PF without SR-IOV: message"
[ "$(probe x710.lspci 41:00)" = 2 ] || fail "bad PF: status not 2"
[ "$(probe x710.lspci 41:00.0 41:00.1 42:00.0 42:00.1 42:00.0)" = 2 ] || fail "five PFs: status not 2"
ok "named PFs take a, b in order; absent or SR-IOV-less PF status 3; bad address or five PFs status 2"

# --- the snippet round-trips ---------------------------------------------
probe x710.lspci > /dev/null
# The sample without its wire and loadgen sections, then the snippet with
# the LoadGen's MACs, in host: where they were.
awk '/^  wire:/ { skip = 1; next } skip && /^    / { next } /^  loadgen:/ { next } { skip = 0; print }' \
    samples/fig1.yaml > "$tmp/base.yaml"
sed -n '/^  /p' "$tmp/out" |
	sed 's/^\(    ingress: {.*\)}$/\1, peer_mac: "02:4c:47:00:00:01"}/; s/^\(    egress: {.*\)}$/\1, peer_mac: "02:4c:47:00:00:02"}/' > "$tmp/snippet"
awk -v f="$tmp/snippet" '{ print } /^host:/ { while ((getline l < f) > 0) print l }' "$tmp/base.yaml" > "$tmp/probed.yaml"
"$bin" plan --yaml samples/fig1.yaml > "$tmp/plan1" || fail "fig1 plan"
"$bin" plan --yaml "$tmp/probed.yaml" > "$tmp/plan2" || { cat "$tmp/probed.yaml"; fail "the probed topology does not compile"; }
diff "$tmp/plan1" "$tmp/plan2" > /dev/null || { diff "$tmp/plan1" "$tmp/plan2"; fail "plans differ"; }
ok "probe's snippet pasted into fig1 (with peer MACs): plan.yaml identical to the sample's"

# --- --pci-dump ----------------------------------------------------------
sed 's/, vf_offset: [0-9]*, vf_stride: [0-9]*, max_vfs: [0-9]*//' samples/fig1.yaml > "$tmp/bare.yaml"
grep -q vf_offset "$tmp/bare.yaml" && fail "could not strip the offsets"
st=0
"$bin" check "$tmp/bare.yaml" 2> "$tmp/err" || st=$?
[ "$st" = 1 ] || fail "bare ports without --pci-dump: status $st"
"$bin" plan --yaml --pci-dump tests/pci/x710.lspci "$tmp/bare.yaml" > "$tmp/plan3" || fail "--pci-dump plan"
diff "$tmp/plan1" "$tmp/plan3" > /dev/null || { diff "$tmp/plan1" "$tmp/plan3"; fail "--pci-dump plan differs"; }
ok "--pci-dump x710: ports without vf_offset, vf_stride, max_vfs resolve to the sample's plan"

mkdir "$tmp/dir"
echo keep > "$tmp/dir/foreign"
st=0
"$bin" build "$tmp/bare.yaml" -o "$tmp/dir" --force --pci-dump tests/pci/82576-sriov.lspci 2> "$tmp/err" || st=$?
[ "$st" = 1 ] || fail "PFs absent from the dump: status $st"
line=$(grep -n '^    a:' "$tmp/bare.yaml" | cut -d: -f1)
grep -q "^$tmp/bare.yaml:$line:[0-9]*: error: port 'wire.a': PF 0000:41:00.0 is not in the PCI dump" "$tmp/err" ||
	{ cat "$tmp/err"; fail "no error at wire.a's pf"; }
[ "$(grep -c 'is not in the PCI dump' "$tmp/err")" = 4 ] || fail "not every port reported"
[ "$(ls "$tmp/dir")" = foreign ] || fail "DIR changed"
st=0
"$bin" build "$tmp/bare.yaml" -o "$tmp/dir" --force --pci-dump tests/pci/malformed.lspci 2> "$tmp/err" || st=$?
[ "$st" = 3 ] || fail "malformed --pci-dump: status $st"
[ "$(ls "$tmp/dir")" = foreign ] || fail "DIR changed"
sed 's/vf_offset: 79/vf_offset: 80/' samples/fig1.yaml > "$tmp/off.yaml"
st=0
"$bin" check --pci-dump tests/pci/x710.lspci "$tmp/off.yaml" 2> "$tmp/err" || st=$?
[ "$st" = 1 ] || fail "disagreeing vf_offset: status $st"
grep -q "port 'loadgen.ingress': vf_offset 80 differs from PF 0000:41:00.1's SR-IOV capability, which says 79" "$tmp/err" ||
	{ cat "$tmp/err"; fail "disagreeing vf_offset: message"; }
ok "--pci-dump: PFs absent (status 1, one error per port at its pf), malformed (status 3), DIR untouched; a vf_offset the dump contradicts is an error"

sed '/^    a:/s/max_vfs: 64/max_vfs: 128/; /^    b:/s/max_vfs: 64/max_vfs: 32/' samples/fig1.yaml > "$tmp/max.yaml"
st=0
"$bin" check --pci-dump tests/pci/x710.lspci "$tmp/max.yaml" 2> "$tmp/err" || st=$?
[ "$st" = 1 ] || fail "max_vfs beyond TotalVFs: status $st"
line=$(grep -n '^    a:' "$tmp/max.yaml" | cut -d: -f1)
col=$(sed -n "${line}p" "$tmp/max.yaml" | awk '{ print index($0, "max_vfs: ") + 9 }')
grep -qx "$tmp/max.yaml:$line:$col: error: port 'wire.a': max_vfs 128 exceeds PF 0000:41:00.0's TotalVFs 64" "$tmp/err" ||
	{ cat "$tmp/err"; fail "max_vfs beyond TotalVFs: message or location"; }
[ "$(wc -l < "$tmp/err")" = 1 ] || { cat "$tmp/err"; fail "max_vfs 32 within TotalVFs reported"; }
sed '/^    a:/s/max_vfs: 64/max_vfs: 32/' samples/fig1.yaml > "$tmp/max.yaml"
"$bin" plan --yaml --pci-dump tests/pci/x710.lspci "$tmp/max.yaml" > "$tmp/plan4" || fail "max_vfs 32 plan"
grep -q '^    a: {pf: "0000:41:00.0", vfs: 3, vf_offset: 16, vf_stride: 1, max_vfs: 32,' "$tmp/plan4" ||
	fail "a given max_vfs was replaced by TotalVFs"
ok "--pci-dump: a max_vfs above TotalVFs is an error at max_vfs; one within it is kept"

echo "probe: $checks checks passed"
