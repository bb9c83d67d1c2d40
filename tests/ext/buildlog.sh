#!/bin/sh
# The build prints one short line per file ("CC compiler/lib/util.c"), not
# its whole command, and asks pkg-config once rather than in every command:
# two objects built in a scratch copy of the tree.
set -u
# Under `make -jN test` the jobserver is not passed down to this script: a
# make started here would warn that it runs -j1, and the log is checked.
unset MAKEFLAGS MFLAGS MAKELEVEL
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
mkdir -p "$tmp/tests"
cp -r "$root/Makefile" "$root/compiler" "$root/backends" "$root/templates" "$tmp/"
cp "$root/tests/embed.sh" "$tmp/tests/"
if ! make -C "$tmp" --no-print-directory build/compiler/lib/util.o build/compiler/model/fmt.o \
    > "$tmp/log" 2>&1; then
	echo "FAIL: the build failed:"; cat "$tmp/log"; exit 1
fi
if [ "$(wc -l < "$tmp/log")" -eq 2 ] && grep -qx 'CC compiler/lib/util.c' "$tmp/log" &&
    grep -qx 'CC compiler/model/fmt.c' "$tmp/log"; then
	pass=$((pass + 1)); echo "ok: one short line per file"
else
	fail=$((fail + 1)); echo "FAIL: the build printed:"; cat "$tmp/log"
fi
if make -C "$tmp" --no-print-directory -B -n V=1 build/compiler/lib/util.o 2>&1 |
    grep -q 'pkg-config\|objdump'; then
	fail=$((fail + 1)); echo "FAIL: a compile command runs pkg-config or objdump itself"
else
	pass=$((pass + 1)); echo "ok: the compile commands carry pkg-config's answer, computed once"
fi
echo "buildlog: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
