#!/bin/sh
# make bench, `hvnetc results`: one synthetic repetition of samples/nw.yaml
# (build/capgen: its 19 flows at their rates, heavy-tailed latencies),
# PACKETS packets a side (default 10 million), as pcap and as .mscap; the
# wall and CPU time of `hvnetc results`, per million packets, and its peak
# memory.  PGBENCH=1 adds the HVNet authors' way on the same capture:
# PostgreSQL (Debian's), COPY both sides, the join on (id, source, port)
# and percentile_disc per flow (tests/benchpg.sh).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)
N=${PACKETS:-10000000}
base=${BENCHDIR:-/dev/shm}
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/hvnetc-results.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$bin" build samples/nw.yaml -o "$work/out" > /dev/null
sh tests/helpers/capflows.sh "$work/out" "$top/build/yamlflat" > "$work/flows.txt"
seed=$(awk -F'seed = ' 'NF > 1 { split($2, a, ","); print a[1]; exit }' "$work/out/loadgen/flows.lua")

echo "| capture pair | packets a side | file a side | wall s | CPU s | s per million packets | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for fmt in pcap mscap; do
	"$top/build/capgen" "$work/flows.txt" "$seed" 1 "$fmt" "$N" "$work/pre.$fmt" "$work/post.$fmt" \
		"$work/truth" "$work/expect"
	rm -f "$work/truth"
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" \
		"$bin" results "$work/out" "$work/pre.$fmt" "$work/post.$fmt" -o "$work/res" --trim 0s 2> "$work/err" ||
		{ cat "$work/err" >&2; exit 1; }
	read -r wall user sys kib < "$work/time"
	size=$(du -m "$work/pre.$fmt" | cut -f1)
	awk -v f="$fmt" -v n="$N" -v w="$wall" -v u="$user" -v s="$sys" -v k="$kib" -v m="$size" 'BEGIN {
		printf "| nw, %s | %d | %d MB | %.2f | %.2f | %.3f | %.0f MiB |\n", f, n, m, w, u + s, w / (n / 1e6), k / 1024 }'
	[ "${PGBENCH:-0}" = 1 ] && [ "$fmt" = pcap ] && sh tests/benchpg.sh "$work" "$N"
	rm -rf "$work/res" "$work/pre.$fmt" "$work/post.$fmt"
done
