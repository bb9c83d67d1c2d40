#!/bin/sh
# make install into a scratch DESTDIR: the binary, both man pages, the bash
# completion (which registers itself for hvnetc) and the JSON Schema.
set -u
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
if ! make -s install DESTDIR="$tmp" PREFIX=/usr/local > "$tmp/log" 2>&1; then
	echo "FAIL: make install"; cat "$tmp/log"; exit 1
fi
p=$tmp/usr/local
for f in bin/hvnetc share/man/man1/hvnetc.1 share/man/man5/hvnet.yaml.5 \
    share/bash-completion/completions/hvnetc share/hvnet/hvnet.schema.json; do
	if [ -s "$p/$f" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $f not installed"; fi
done
if bash -c '. "$1" && complete -p hvnetc' sh "$p/share/bash-completion/completions/hvnetc" \
    | grep -q '_hvnetc hvnetc$'; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: the installed completion does not register for hvnetc"
fi
if cmp -s "$p/share/hvnet/hvnet.schema.json" schema/hvnet.schema.json; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: installed schema differs"
fi
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
