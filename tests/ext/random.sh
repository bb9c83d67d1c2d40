#!/bin/sh
# hvnetc random on the command line: outputs check with no diagnostic,
# equal seeds give equal bytes, the printed parameters reproduce them,
# a large one checks with --allow-overcommit, bad arguments are status 2.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seed=0
while [ "$seed" -lt 20 ]; do
	"$bin" random --seed "$seed" >"$tmp/a.yaml"
	"$bin" random --seed "$seed" >"$tmp/b.yaml"
	cmp -s "$tmp/a.yaml" "$tmp/b.yaml" || { echo "random: seed $seed differs run to run" >&2; exit 1; }
	# shellcheck disable=SC2046
	"$bin" $(head -n 1 "$tmp/a.yaml" | sed 's/^# hvnetc //') >"$tmp/c.yaml"
	cmp -s "$tmp/a.yaml" "$tmp/c.yaml" || { echo "random: seed $seed: parameters do not reproduce" >&2; exit 1; }
	"$bin" check "$tmp/a.yaml" 2>"$tmp/err"
	[ ! -s "$tmp/err" ] || { echo "random: seed $seed:" >&2; cat "$tmp/err" >&2; exit 1; }
	seed=$((seed + 1))
done
echo "random: 20 seeds check without a diagnostic and reproduce byte for byte"

"$bin" random --seed 5 --nodes 2000 --links 8000 --flows 2000 >"$tmp/big.yaml"
grep -q '^# Compile it with --allow-overcommit' "$tmp/big.yaml"
"$bin" check --allow-overcommit "$tmp/big.yaml" 2>"$tmp/err"
if grep -v 'exhausted\|order table' "$tmp/err" | grep -q .; then
	echo "random: unexpected diagnostics for 2000 nodes:" >&2
	cat "$tmp/err" >&2
	exit 1
fi
echo "random: 2000 nodes, 8000 links check with --allow-overcommit"

for args in "" "--seed x" "--seed 1 --nodes 0" "--seed 1 --nodes 10 --links 5" "--seed 1 extra"; do
	status=0
	# shellcheck disable=SC2086
	"$bin" random $args >"$tmp/out" 2>"$tmp/err" || status=$?
	if [ "$status" -ne 2 ] || [ -s "$tmp/out" ]; then
		echo "random: '$args' gave status $status" >&2
		exit 1
	fi
done
echo "random: bad arguments are status 2 with nothing on stdout"
