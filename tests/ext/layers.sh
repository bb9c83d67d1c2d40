#!/bin/sh
# The source tree's layers (README, "The source tree"): every file includes
# only headers of its own layer and the layers below it, and no two
# modules (x.c with x.h) depend on each other, directly or around a cycle
# (tsort finds one).  The Makefile's include paths already make an upward
# include fail to compile; this names the file and the header.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
pass=0 fail=0
# From the bottom up; compiler/cmd and compiler/ (main.c, compile.c, hvnetc.h)
# are one layer: the commands.
layers="compiler/lib compiler/model compiler/front compiler/pass backends compiler/out compiler/cmd compiler"

rank() {
	r=0
	for l in $layers; do
		[ "$l" = "$1" ] && { [ "$l" = compiler ] && r=$((r - 1)); echo $r; return; }
		r=$((r + 1))
	done
	echo 99
}

# The folder of the header named h, or nothing.
where() {
	for l in $layers; do
		[ -f "$l/$1" ] && { echo "$l"; return; }
	done
}

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
bad=0
for l in $layers; do
	for f in "$l"/*.c "$l"/*.h; do
		[ -f "$f" ] || continue
		me=$(rank "$l")
		mod=$(basename "$f" | sed 's/\.[ch]$//')
		for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			hl=$(where "$h")
			[ -n "$hl" ] || continue	# generated or a .def table
			if [ "$(rank "$hl")" -gt "$me" ]; then
				echo "layers: $f includes $hl/$h, a layer above its own" >&2
				bad=$((bad + 1))
			fi
			hm=${h%.h}
			[ "$hm" = "$mod" ] || echo "$l/$mod $hl/$hm" >> "$edges"
		done
	done
done
if [ "$bad" -eq 0 ]; then
	pass=$((pass + 1))
	echo "ok: every include looks down or sideways ($(wc -l < "$edges") module dependencies)"
else
	fail=$((fail + 1))
fi
if tsort "$edges" > /dev/null 2> "$edges.err"; then
	pass=$((pass + 1))
	echo "ok: no dependency cycle between modules"
else
	fail=$((fail + 1))
	sed 's/^/layers: /' "$edges.err" >&2
fi
rm -f "$edges.err"
echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
