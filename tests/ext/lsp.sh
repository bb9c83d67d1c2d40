#!/bin/sh
# The editor support through the real YAML language server (npm's
# yaml-language-server, which make deps installs into build/lsp), driven
# over stdio by tests/lsp/client.py: the samples' modeline finds the schema
# from the checkout and the installed path from an install; completion
# offers the keys that may come next; hover shows a property's own
# description; a bad file's diagnostics are words, not regular expressions.
set -u
py=/usr/bin/python3
client=tests/lsp/client.py
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

js=build/lsp/node_modules/yaml-language-server/bin/yaml-language-server
if [ -f "$js" ] && command -v node > /dev/null; then
	server="node $js"
elif command -v yaml-language-server > /dev/null; then
	server=yaml-language-server
else
	echo "FAIL: no yaml-language-server (make deps installs it into build/lsp)"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
lsp() { $py "$client" "$server" "$@"; }

# has FILE LINE: FILE holds the line, exactly.
has() { grep -Fqx -- "$2" "$1"; }

# The samples (modeline ../schema/hvnet.schema.json, from a checkout): the
# schema loads (hover finds a description) and finds nothing wrong.
for f in samples/*.yaml; do
	line=$(grep -n '^  memory:' "$f" | head -1 | cut -d: -f1)
	if ! lsp "$f" diagnostics "hover:$line:3" > "$tmp/out" 2>&1; then
		bad "$f: the client failed: $(head -3 "$tmp/out")"
	elif grep -q '^diagnostic' "$tmp/out"; then
		bad "$f: diagnostics: $(grep '^diagnostic' "$tmp/out" | head -3)"
	elif ! grep -q "^hover $line:3: .*The host's memory" "$tmp/out"; then
		bad "$f: no hover text for host.memory: $(cat "$tmp/out")"
	else
		ok
	fi
done

# Completion and hover in a topology being written.
f=tests/lsp/edit.yaml
if lsp "$f" complete:9:3 complete:15:5 complete:19:5 complete:21:3 \
    hover:8:3 hover:11:10 hover:14:5 hover:18:5 > "$tmp/out" 2>&1; then
	for want in "complete 9:3: hugepages" "complete 9:3: loadgen" "complete 9:3: reserve" \
	    "complete 15:5: memory" "complete 15:5: cmdline" \
	    "complete 19:5: path" "complete 19:5: rate" \
	    "complete 21:3: duration" "complete 21:3: seed"; do
		if has "$tmp/out" "$want"; then ok; else bad "$f: no '$want'"; fi
	done
	# Keys already given are not offered again.
	if grep -q '^complete 15:5: vcpus$' "$tmp/out"; then bad "$f: vcpus offered twice"; else ok; fi
	for want in "hover 8:3: .*The host's memory, such as 128GiB. Required." \
	    "hover 11:10: .*The PF, an SR-IOV physical function" \
	    "hover 14:5: .*Virtual CPUs, each pinned to a dedicated host core, 1-4096. Default: defaults.vm.vcpus, or 1." \
	    "hover 18:5: .*The node whose egress VF sends the flow back"; do
		if grep -q "^$want" "$tmp/out"; then ok; else
			bad "$f: no '$want': $(grep "^${want%%:*}" "$tmp/out")"
		fi
	done
	# A property's own text, not its type's.
	if grep -q 'A size in binary units' "$tmp/out"; then bad "$f: hover shows the type's text"; else ok; fi
else
	bad "$f: the client failed: $(head -3 "$tmp/out")"
fi

# The diagnostics of a bad file, in words (tests/lsp/bad.expected).
f=tests/lsp/bad.yaml
if ! lsp "$f" diagnostics > "$tmp/out" 2>&1; then
	bad "$f: the client failed: $(head -3 "$tmp/out")"
elif ! cmp -s "$tmp/out" tests/lsp/bad.expected; then
	bad "$f: diagnostics differ from tests/lsp/bad.expected:"
	diff tests/lsp/bad.expected "$tmp/out" | head -20
else
	ok
fi
if grep -q 'pattern of\|not allowed\.$\|Matches a schema' "$tmp/out"; then
	bad "$f: a diagnostic shows the schema, not words: $(grep 'pattern of\|Matches' "$tmp/out" | head -1)"
else
	ok
fi

# The installed schema: make install, then the README's modeline with
# PREFIX=/usr/local under a scratch DESTDIR gives the same diagnostics.
if make -s install DESTDIR="$tmp/dest" PREFIX=/usr/local > "$tmp/log" 2>&1; then
	installed=$tmp/dest/usr/local/share/hvnet/hvnet.schema.json
	sed "1s|.*|# yaml-language-server: \$schema=$installed|" tests/lsp/bad.yaml > "$tmp/bad.yaml"
	if lsp "$tmp/bad.yaml" diagnostics > "$tmp/out" 2>&1 && cmp -s "$tmp/out" tests/lsp/bad.expected
	then ok; else
		bad "the installed schema ($installed) gives other diagnostics: $(head -3 "$tmp/out")"
	fi
else
	bad "make install: $(head -3 "$tmp/log")"
fi
# A modeline to a schema that is not there is reported (what the test above
# would see if the install had not put it in place).
# shellcheck disable=SC2016
sed '1s|.*|# yaml-language-server: $schema=/nonexistent/hvnet.schema.json|' tests/lsp/bad.yaml > "$tmp/none.yaml"
if lsp "$tmp/none.yaml" diagnostics 2>&1 | grep -q 'Unable to load schema'; then ok; else
	bad "a missing schema is not reported"
fi

echo "lsp: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
