#!/bin/sh
# hvnetc import on the command line: every dataset file imports, the result
# checks with no diagnostic at all, the same bytes twice, standard input
# works; bad JSON is status 1 with a located error and nothing on stdout.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for j in tests/dataset/nw-*.json; do
	name=$(basename "$j" .json)
	"$bin" import "$j" >"$tmp/$name.yaml"
	"$bin" check "$tmp/$name.yaml" 2>"$tmp/err"
	if [ -s "$tmp/err" ]; then
		echo "import: $name: diagnostics from check:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	"$bin" import - <"$j" | tail -n +4 >"$tmp/stdin.yaml"
	tail -n +4 "$tmp/$name.yaml" | sed 's/^name: .*/name: imported/' | cmp -s - "$tmp/stdin.yaml" || {
		echo "import: $name: standard input gives other bytes" >&2
		exit 1
	}
	n=$((n + 1))
done
echo "import: $n dataset files import and check without a diagnostic"

printf '{"server": [{"name": 1, "cpu": 2}],\n "link": [{"start": 1, "stop": 9, "rate": 950}], "flow": []}\n' >"$tmp/bad.json"
status=0
"$bin" import "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || { echo "import: bad JSON gave status $status" >&2; exit 1; }
[ ! -s "$tmp/out" ] || { echo "import: bad JSON wrote output" >&2; exit 1; }
grep -q "^$tmp/bad.json:2:32: error: link: unknown server 9$" "$tmp/err" || {
	echo "import: unexpected diagnostic:" >&2
	cat "$tmp/err" >&2
	exit 1
}
status=0
"$bin" import "$tmp/missing.json" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 3 ] || { echo "import: a missing file gave status $status" >&2; exit 1; }
status=0
"$bin" import >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || { echo "import: no file gave status $status" >&2; exit 1; }
echo "import: bad JSON is located (status 1), a missing file is status 3, usage status 2"
