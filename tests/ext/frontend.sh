#!/bin/sh
# The front end through the command line: every tests/bad/ case gives exactly
# its .err on stderr, nothing on stdout, and its status (as the in-process
# corpus test checks); standard input is named '-'; a failed build writes
# nothing; a million nodes load in bounded CPU time and memory.
set -u
hv=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for y in tests/bad/*.yaml; do
	base=${y%.yaml}
	want=1
	[ -f "$base.status" ] && want=$(cat "$base.status")
	"$hv" check "$y" > "$work/out" 2> "$work/err"
	st=$?
	if [ "$st" != "$want" ]; then
		bad "$y: status $st, expected $want"
	elif [ -s "$work/out" ]; then
		bad "$y: wrote to standard output"
	elif ! cmp -s "$work/err" "$base.err"; then
		bad "$y: stderr differs from $base.err"
		diff "$base.err" "$work/err" | head -5
	else
		ok
	fi
done
echo "ok: $pass inputs of tests/bad/ through 'hvnetc check'"

# Standard input: the same diagnostics, the file named '-'.
"$hv" check - < tests/bad/link-unknown.yaml 2> "$work/err"
st=$?
sed 's|^tests/bad/link-unknown.yaml:|-:|' tests/bad/link-unknown.err > "$work/want"
if [ "$st" = 1 ] && cmp -s "$work/err" "$work/want"; then
	ok; echo "ok: standard input is named '-' in diagnostics"
else
	bad "check - < tests/bad/link-unknown.yaml: status $st"; cat "$work/err"
fi
if "$hv" check - < samples/fig1.yaml 2> "$work/err" && [ ! -s "$work/err" ]; then
	ok; echo "ok: samples/fig1.yaml on standard input"
else
	bad "check - < samples/fig1.yaml"; cat "$work/err"
fi

# Several files: each is reported, the status is the worst.
"$hv" check samples/fig1.yaml tests/bad/version.yaml tests/bad/link-self.yaml > /dev/null 2> "$work/err"
st=$?
cat tests/bad/version.err tests/bad/link-self.err > "$work/want"
if [ "$st" = 1 ] && cmp -s "$work/err" "$work/want"; then
	ok; echo "ok: check of three files reports both bad ones"
else
	bad "check of three files: status $st"; cat "$work/err"
fi

# A failed build leaves the output directory as it was.
mkdir "$work/out.d"
echo keep > "$work/out.d/mine"
"$hv" build tests/bad/many-errors.yaml -o "$work/out.d" > /dev/null 2>&1
st=$?
if [ "$st" = 1 ] && [ "$(ls -A "$work/out.d")" = mine ] && [ "$(cat "$work/out.d/mine")" = keep ]; then
	ok; echo "ok: a failed build writes nothing"
else
	bad "build of a bad file: status $st, $(ls -A "$work/out.d" | tr '\n' ' ')"
fi

# A million nodes and a million links: linear, well under 1 KiB per entry.
awk 'BEGIN {
	print "hvnet: 1\nname: big\nhost:\n  cpu: { cores: 0-7 }\n  memory: 64GiB"
	print "  wire:\n    a: { pf: \"0000:41:00.0\", vf_offset: 16, vf_stride: 1 }"
	print "    b: { pf: \"0000:42:00.0\", vf_offset: 16, vf_stride: 1 }"
	print "nodes:"
	for (i = 0; i < 1000000; i++) printf "  vm%d: {}\n", i
	print "links:"
	for (i = 0; i < 1000000; i++) printf "  - vm%d -- vm%d\n", i, (i + 1) % 1000000
}' > "$work/big.yaml"
if command -v /usr/bin/time > /dev/null; then
	/usr/bin/time -f '%U %S %M' -o "$work/time" "$hv" check "$work/big.yaml" > /dev/null 2> "$work/err"
	st=$?
	read -r user sys rss <<EOF
$(tail -1 "$work/time")
EOF
	cpu=$(echo "$user $sys" | awk '{ printf "%d", $1 + $2 }')
	errs=$(grep -c 'big.yaml:[0-9]*:[0-9]*: error' "$work/err")
	# The passes refuse the file (cores, memory, VFs, pools); the loader must not.
	if grep -q 'invalid YAML\|nesting\|unknown\|duplicate\|too many' "$work/err"; then
		bad "1M nodes and links: the front end refused it"; head -3 "$work/err"
	elif [ "$st" -gt 1 ] || [ "$cpu" -gt 20 ] || [ "$rss" -gt 1000000 ]; then
		bad "1M nodes and links: status $st, ${user}s user ${sys}s system, ${rss} KiB"
	else
		ok; echo "ok: 1M nodes and 1M links checked in ${user}s user, ${sys}s system, ${rss} KiB ($errs capacity errors)"
	fi
fi

echo "frontend: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
