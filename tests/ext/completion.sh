#!/bin/sh
# completion/hvnetc.bash: source it in bash and drive _hvnetc through
# COMP_WORDS/COMP_CWORD in a scratch directory with a fake sysfs tree.  Each
# command's options must be the ones hvnetc(1) lists for it.
set -u
src=$(pwd)/completion/hvnetc.bash
man=$(pwd)/doc/hvnetc.1
command -v bash >/dev/null || { echo "FAIL: bash is not installed"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Each command's options in hvnetc(1): the '.It Fl' entries of its item in
# the Commands list.
awk '
	/^\.Sh / { desc = ($2 == "DESCRIPTION"); cmds = 0; next }
	/^\.Ss / { cmds = desc && $2 == "Commands"; depth = 0; next }
	!cmds { next }
	/^\.Bl/ { depth++; next }
	/^\.El/ { depth--; next }
	depth == 1 && /^\.It/ { cmd = ($2 == "Cm") ? $3 : ""; next }
	depth == 2 && cmd != "" && /^\.It Fl / { o = $3; gsub(/\\/, "", o); print cmd, "-" o }
' "$man" > "$tmp/manopts"

cd "$tmp" || exit 1
mkdir -p work/sub work/sys/bus/pci/devices/0000:41:00.0 work/sys/bus/pci/devices/0000:41:00.1 \
    work/sys/bus/pci/devices/0000:00:1f.0
: > work/sys/bus/pci/devices/0000:41:00.0/sriov_totalvfs
: > work/sys/bus/pci/devices/0000:41:00.1/sriov_totalvfs
: > work/a.yaml; : > work/b.yml; : > work/c.json; : > work/d.txt

bash -s "$src" "$tmp/manopts" <<'BASH'
set -u
. "$1"
manopts=$2
cd work || exit 1
export HVNET_SYSFS=$PWD/sys
pass=0 fail=0

# comp 'WORDS...' -> the sorted completions of the last word, one a line.
comp() {
	read -r -a COMP_WORDS <<< "$1"
	case $1 in *' ') COMP_WORDS+=(""); esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_hvnetc
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {
	local got
	got=$(comp "$1")
	if [ "$got" = "$2" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: '$1' completes to '$got', expected '$2'"
	fi
}

expect 'hvnetc ' 'a.yaml b.yml build check compare graph import plan probe random results sub sys'
expect 'hvnetc b' 'b.yml build'
expect 'hvnetc --' '--help --version'
expect 'hvnetc build a.yaml --only ' 'ansible dot guest kernel libvirt mininet moongen netns plan pos sriov'
expect 'hvnetc build a.yaml --only plan,li' 'plan,libvirt'
expect 'hvnetc build a.yaml --only plan,libvirt,g' 'plan,libvirt,guest'
expect 'hvnetc build a.yaml --only = m' 'mininet moongen'
expect 'hvnetc build a.yaml --world ' 'hvnet mininet netns-sriov vm-veth'
expect 'hvnetc plan a.yaml --world m' 'mininet'
expect 'hvnetc build a.yaml -o ' 'sub sys'
expect 'hvnetc build a.yaml --pci-dump d' 'd.txt'
expect 'hvnetc a.yaml -o s' 'sub sys'
expect 'hvnetc a.yaml --f' '--force'
expect 'hvnetc check a.yaml ' 'a.yaml b.yml sub sys'
expect 'hvnetc graph a.yaml -T ' 'dot png svg'
expect 'hvnetc graph a.yaml -T s' 'svg'
expect 'hvnetc graph a.yaml -o ' 'a.yaml b.yml c.json d.txt sub sys'
expect 'hvnetc results sub --t' '--topo --trim'
expect 'hvnetc results sub a.yaml b.yml --trim ' '0s 1s 5s'
expect 'hvnetc random --flows ' ''
expect 'hvnetc random --seed 1 --m' '--max-hops'
expect 'hvnetc import ' 'c.json sub sys'
expect 'hvnetc probe ' '0000:41:00.0 0000:41:00.1'
expect 'hvnetc probe 0000:41:00.1 ' '0000:41:00.0 0000:41:00.1'

# Every command's options are hvnetc(1)'s, and --help.
for cmd in build check plan graph probe random import; do
	want=$( { awk -v c="$cmd" '$1 == c { print $2 }' "$manopts"; echo --help; } | sort | tr '\n' ' ' | sed 's/ $//')
	expect "hvnetc $cmd x.yaml -" "$want"
done

echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
BASH
