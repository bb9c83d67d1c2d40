#!/bin/sh
# The JSON Schema (schema/hvnet.schema.json) against the samples, the good
# and bad corpora of tests/schema/, the examples of hvnet.yaml(5), the
# schema-level cases of tests/bad/ (listed in tests/schema/bad-corpus.txt),
# and, once hvnetc can check files, against hvnetc check itself; and that
# every property and pattern is documented (tests/schema/documented.py).
# Validator: Debian's python3-jsonschema and python3-yaml under /usr/bin/python3.
set -u
hvnetc=$1
schema=schema/hvnet.schema.json
py=/usr/bin/python3
val="$py tests/schema/validate.py $schema"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if ! $py -c 'import yaml, jsonschema' 2>/dev/null; then
	echo "FAIL: $py cannot import yaml and jsonschema (make deps installs python3-yaml python3-jsonschema)"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Every property has its own description, every pattern a human message.
if $py tests/schema/documented.py $schema > "$tmp/doc"; then ok; else
	bad "$schema is not documented for editors: $(wc -l < "$tmp/doc") omissions, first: $(head -3 "$tmp/doc")"
fi

# The examples of hvnet.yaml(5): every literal block of EXAMPLES.
awk -v dir="$tmp" '
	/^\.Sh / { ex = ($2 == "EXAMPLES") }
	ex && /^\.Bd -literal/ { n++; f = dir "/man-example-" n ".yaml"; inblk = 1; next }
	inblk && /^\.Ed/ { inblk = 0; close(f); next }
	inblk { sub(/^\\&/, ""); print > f }
' doc/hvnet.yaml.5
[ -n "$(ls "$tmp"/man-example-*.yaml 2>/dev/null)" ] || bad "no examples found in doc/hvnet.yaml.5"

# hvnetc random's output, once random is written.
for seed in 1 2 3; do
	if "$hvnetc" random --seed "$seed" > "$tmp/random-$seed.yaml" 2>/dev/null; then :; else
		rm -f "$tmp/random-$seed.yaml"
	fi
done
[ -f "$tmp/random-1.yaml" ] || echo "note: 'hvnetc random' does not work yet; its output is not validated"

# hvnetc import's translations of the dataset configurations, once import is written.
for j in tests/dataset/*.json; do
	[ -f "$j" ] || continue
	y=$tmp/import-$(basename "$j" .json).yaml
	if "$hvnetc" import "$j" > "$y" 2>/dev/null; then :; else
		rm -f "$y"
		echo "note: 'hvnetc import $j' fails; its output is not validated"
		break
	fi
done

# One validator run per group of files; then each file's line is looked up.
# result FILE -> the validator's line for FILE in $tmp/val.
result() { awk -v f="$1" '$2 == f || $2 == f ":"' "$tmp/val"; }

# Good inputs must validate.
set -- samples/*.yaml tests/schema/good/*.yaml "$tmp"/man-example-*.yaml "$tmp"/random-*.yaml \
    "$tmp"/import-*.yaml
good=
for f; do [ -f "$f" ] && good="$good $f"; done
# shellcheck disable=SC2086
$val $good > "$tmp/val"
for f in $good; do
	out=$(result "$f")
	case $out in
	"valid $f") ok ;;
	*) bad "not valid: $f: $out" ;;
	esac
done

# Bad inputs must be rejected, at the place their '# at:' line names.
$val tests/schema/bad/*.yaml > "$tmp/val"
for f in tests/schema/bad/*.yaml; do
	want=$(sed -n 's/^# at: //p' "$f")
	out=$(result "$f")
	got=$(printf '%s\n' "$out" | sed -n "s|^invalid $f: \([^:]*\):.*|\1|p")
	if [ -z "$got" ]; then
		bad "schema accepts $f"
	elif [ "$got" != "$want" ]; then
		bad "$f rejected at $got, expected $want ($out)"
	else
		ok
	fi
done

# The shared corpus of bad inputs: those listed are schema-level errors.
if [ -f tests/schema/bad-corpus.txt ]; then
	listed=
	while read -r name; do
		case $name in ''|'#'*) continue ;; esac
		if [ -f "tests/bad/$name" ]; then listed="$listed tests/bad/$name"; else
			bad "tests/schema/bad-corpus.txt lists tests/bad/$name, which does not exist"
		fi
	done < tests/schema/bad-corpus.txt
	# shellcheck disable=SC2086
	[ -z "$listed" ] || $val $listed > "$tmp/val"
	for f in $listed; do
		case $(result "$f") in
		"invalid $f:"*) ok ;;
		*) bad "schema accepts $f (listed as schema-level)" ;;
		esac
	done
fi

# Cross-check with the compiler: what the schema accepts, hvnetc accepts;
# what the schema rejects, hvnetc rejects with status 1.  Good inputs, the
# man page's examples among them, draw no warning either.
if "$hvnetc" check samples/fig1.yaml >/dev/null 2>&1; then
	for f in samples/*.yaml tests/schema/good/*.yaml "$tmp"/man-example-*.yaml; do
		if ! "$hvnetc" check "$f" > "$tmp/err" 2>&1; then
			bad "schema accepts $f but hvnetc check does not: $(head -3 "$tmp/err")"
		elif [ -s "$tmp/err" ]; then
			bad "hvnetc check warns on the good input $f: $(head -3 "$tmp/err")"
		else
			ok
		fi
	done
	for f in tests/schema/bad/*.yaml; do
		"$hvnetc" check "$f" > "$tmp/err" 2>&1
		st=$?
		if [ "$st" -eq 1 ]; then ok; else
			bad "schema rejects $f but hvnetc check exits $st"
		fi
	done
else
	echo "note: hvnetc check cannot compile samples/fig1.yaml yet; cross-check skipped"
fi

echo "schema: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
