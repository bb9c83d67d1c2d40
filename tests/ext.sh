#!/bin/sh
# Run every external-tool test (tests/ext/*.sh) against the binary given;
# each prints what it checked and exits non-zero on failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0 fail=0
for t in tests/ext/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	start=$(date +%s)
	if sh "$t" "$bin"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
	echo "== $t: $(($(date +%s) - start)) s"
done
echo "external: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
