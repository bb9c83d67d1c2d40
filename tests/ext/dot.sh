#!/bin/sh
# The diagram: topology.dot of every sample renders with Graphviz's own dot;
# 'hvnetc graph' renders SVG and PNG, its -T dot output is topology.dot,
# it is byte-identical run to run, and it keeps hvnetc(1)'s exit statuses.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

for f in samples/*.yaml tests/graph/*.yaml; do
	name=$(basename "$f" .yaml)
	out=$tmp/$name
	if ! "$bin" build "$f" -o "$out" --only dot >/dev/null 2>&1; then
		echo "SKIP: $f does not compile yet"
		continue
	fi
	check "$name: dot -Tsvg renders topology.dot" \
		"dot -Tsvg '$out/topology.dot' -o '$tmp/$name.svg' && grep -q '<svg' '$tmp/$name.svg'"
	check "$name: graph -T dot is topology.dot" \
		"'$bin' graph '$f' -T dot | cmp -s - '$out/topology.dot'"
	check "$name: graph --flows is byte-identical twice" \
		"'$bin' graph '$f' --flows > '$tmp/a.dot' && '$bin' graph '$f' --flows > '$tmp/b.dot' && cmp -s '$tmp/a.dot' '$tmp/b.dot'"
	check "$name: graph --flows adds the flows and their legend" \
		"grep -q 'dir=forward' '$tmp/a.dot' && grep -q Legend '$tmp/a.dot' && ! grep -q Legend '$out/topology.dot'"
	check "$name: graph -T svg --flows renders, same bytes twice" \
		"'$bin' graph '$f' -T svg --flows > '$tmp/a.svg' && '$bin' graph '$f' -T svg --flows > '$tmp/b.svg' && grep -q '<svg' '$tmp/a.svg' && cmp -s '$tmp/a.svg' '$tmp/b.svg'"
	check "$name: graph -T png -o FILE writes a PNG" \
		"'$bin' graph '$f' -T png -o '$tmp/$name.png' && [ \"\$(head -c 4 '$tmp/$name.png' | od -An -c | tr -d ' ')\" = '211PNG' ]"
done

f=samples/fig1.yaml
if "$bin" check "$f" >/dev/null 2>&1; then
	check "write error on standard output is status 3" \
		"'$bin' graph '$f' -T svg > /dev/full 2>/dev/null; [ \$? -eq 3 ]"
	check "-o into a missing directory is status 3 and writes nothing" \
		"'$bin' graph '$f' -o '$tmp/no/such/x.svg' 2>/dev/null; [ \$? -eq 3 ] && [ ! -e '$tmp/no' ]"
	check "an invalid topology is status 1 and writes nothing" \
		"printf 'hvnet: 1\n' > '$tmp/bad.yaml'; '$bin' graph '$tmp/bad.yaml' -o '$tmp/bad.dot' 2>/dev/null; [ \$? -eq 1 ] && [ ! -e '$tmp/bad.dot' ]"
fi
if "$bin" check "$f" >/dev/null 2>&1; then
	# samples/fig1.yaml's f3 goes from vm2 to vm2 (a baseline flow).
	check "a baseline flow is drawn as a loop on its node" \
		"'$bin' graph '$f' --flows | grep -q 'vm2 -- vm2.*color='"
	# A terminal on standard output: script(1) gives the command a pty.
	for fmt in png svg; do
		check "graph -T $fmt to a terminal is refused (2), nothing written" \
			"script -qec \"'$bin' graph '$f' -T $fmt\" /dev/null > '$tmp/tty.out'; [ \$? -eq 2 ] && grep -q 'refusing to write $fmt to a terminal' '$tmp/tty.out' && ! grep -q -e PNG -e '<svg' '$tmp/tty.out'"
	done
	check "graph -T dot to a terminal prints the graph" \
		"script -qec \"'$bin' graph '$f'\" /dev/null > '$tmp/tty.out' && grep -q 'vm1 -- vm3' '$tmp/tty.out'"
	check "graph -T png to a terminal with -o FILE writes FILE" \
		"script -qec \"'$bin' graph '$f' -T png -o '$tmp/tty.png'\" /dev/null && [ -s '$tmp/tty.png' ]"
fi
check "an unknown format is a usage error (2)" \
	"'$bin' graph '$f' -T gif >/dev/null 2>&1; [ \$? -eq 2 ]"
check "no FILE is a usage error (2)" \
	"'$bin' graph >/dev/null 2>&1; [ \$? -eq 2 ]"
check "--help prints the usage (0)" \
	"'$bin' graph --help | grep -q 'hvnetc graph FILE'"
exit "$fail"
