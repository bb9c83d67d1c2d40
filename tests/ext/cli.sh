#!/bin/sh
# Command-line manners (hvnetc(1)): usage errors are status 2 with the
# command's own usage, never the global one, and write nothing.
set -u
hv=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
src=samples/fig1.yaml

# expect NAME STATUS PATTERN CMD...: status and a line of stderr matching PATTERN
expect() {
	name=$1 want=$2 pat=$3
	shift 3
	"$@" > "$work/out" 2> "$work/err"
	got=$?
	if [ "$got" -eq "$want" ] && grep -Eq -- "$pat" "$work/err"; then
		pass=$((pass + 1))
		echo "ok: $name"
	else
		fail=$((fail + 1))
		echo "FAIL: $name (status $got, want $want): $(head -3 "$work/err")"
	fi
}

expect "build without -o names -o and build's usage" 2 '^hvnetc build: -o DIR is required$' \
	"$hv" build "$src"
if grep -q '^usage: hvnetc build ' "$work/err" && ! grep -q 'hvnetc check' "$work/err"; then
	pass=$((pass + 1)); echo "ok: build's usage, not the global one"
else
	fail=$((fail + 1)); echo "FAIL: build without -o printed: $(cat "$work/err")"
fi
expect "--only '' is a usage error" 2 'at least one backend' "$hv" build "$src" --only '' -o "$work/o"
[ -e "$work/o" ] && { fail=$((fail + 1)); echo "FAIL: --only '' wrote $work/o"; }
expect "an unknown backend in --only" 2 "unknown backend 'nope'" "$hv" build "$src" --only plan,nope -o "$work/o"
for c in build check plan graph probe random import; do
	expect "$c: an unknown option" 2 "^hvnetc $c: unknown option '--bogus'" "$hv" $c --bogus x
done
expect "an option without its value" 2 "option '--pci-dump' needs a value" "$hv" check "$src" --pci-dump
cp "$src" "$work/net.yaml"
expect "graph -o onto its own input" 2 "is the topology file itself" "$hv" graph "$work/net.yaml" -o "$work/net.yaml"
if cmp -s "$src" "$work/net.yaml"; then
	pass=$((pass + 1)); echo "ok: the topology file is left as it was"
else
	fail=$((fail + 1)); echo "FAIL: graph -o overwrote its input"
fi
ln -s net.yaml "$work/link.yaml"
expect "graph -o onto a link to its input" 2 "is the topology file itself" "$hv" graph "$work/net.yaml" -o "$work/link.yaml"
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
