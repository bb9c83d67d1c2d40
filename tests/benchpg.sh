#!/bin/sh
# The HVNet authors' way to per-flow latencies, on the capture that
# tests/benchresults.sh gave hvnetc results: PostgreSQL (Debian's), COPY of
# both sides (id, source, port, timestamp), the join on (id, source, port)
# within 5 s and percentile_disc over the sim2hw percentiles per flow.  A
# private cluster in WORK, run as the postgres user; prints a table row and
# checks one median against flows.csv of hvnetc results.
#   sh tests/benchpg.sh WORK N
set -eu
work=$1
N=$2
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "benchpg: no PostgreSQL 15 (apt-get install postgresql)" >&2; exit 0; }
top=$(pwd)
seed=$(awk -F'seed = ' 'NF > 1 { split($2, a, ","); print a[1]; exit }' "$work/out/loadgen/flows.lua")
"$top/build/capgen" "$work/flows.txt" "$seed" 1 csv "$N" "$work/pre.csv" "$work/post.csv" "$work/truth" "$work/expect"
rm -f "$work/truth"
pg=$work/pg
mkdir -p "$pg"
chown postgres "$pg" "$work" "$work/pre.csv" "$work/post.csv"
as() { runuser -u postgres -- "$@"; }
as "$bin/initdb" -D "$pg/data" -A trust > /dev/null
as "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-k $pg -p 54329 -c listen_addresses=''" start > /dev/null
trap 'as "$bin/pg_ctl" -D "$pg/data" -m fast stop > /dev/null 2>&1 || true' EXIT
cat > "$pg/bench.sql" <<SQL
\timing on
CREATE UNLOGGED TABLE pre (id bigint, src bigint, port int, ts bigint);
CREATE UNLOGGED TABLE post (id bigint, src bigint, port int, ts bigint);
COPY pre FROM '$work/pre.csv' (FORMAT csv);
COPY post FROM '$work/post.csv' (FORMAT csv);
CREATE UNLOGGED TABLE lat AS SELECT pre.src, pre.port, post.ts - pre.ts AS lat
	FROM pre JOIN post USING (id, src, port)
	WHERE post.ts >= pre.ts AND post.ts - pre.ts <= 5000000000;
\pset format unaligned
\pset tuples_only on
\o $pg/stats.txt
SELECT src, port, count(*), avg(lat) / 1000, min(lat) / 1000.0,
	percentile_disc(ARRAY[0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 0.9999, 0.99999])
		WITHIN GROUP (ORDER BY lat), max(lat) / 1000.0
	FROM lat GROUP BY src, port ORDER BY src, port;
SQL
start=$(date +%s.%N)
as /usr/bin/time -f '%e %U %S' -o "$pg/time" psql -X -q -h "$pg" -p 54329 -d postgres -f "$pg/bench.sql" > "$pg/out" 2>&1 ||
	{ cat "$pg/out" >&2; exit 1; }
end=$(date +%s.%N)
ms=$(grep -o 'Time: [0-9.]*' "$pg/out" | awk '{ print $2 }' | paste -sd' ')
awk -v n="$N" -v s="$start" -v e="$end" -v ms="$ms" 'BEGIN {
	split(ms, t, " "); copy = (t[3] + t[4]) / 1000; join = t[5] / 1000; pct = t[6] / 1000
	printf "| nw, PostgreSQL 15: COPY %.1f s, join %.1f s, percentile_disc %.1f s | %d | | %.2f | | %.3f | |\n",
		copy, join, pct, n, e - s, (e - s) / (n / 1e6) }'
# Every flow's median from PostgreSQL against flows.csv of hvnetc results.
awk -F'[|{},]' -v flows="$work/flows.txt" -v csv="$work/res/flows.csv" '
	BEGIN {
		while ((getline l < flows) > 0) { split(l, f, " "); split(f[2], a, "."); name[(a[1] * 16777216 + a[2] * 65536 + a[3] * 256 + a[4]) "," f[3]] = f[1] }
		FS = ","; while ((getline l < csv) > 0) { n = split(l, c, ","); if (c[1] == "topo_num") { for (i = 1; i <= n; i++) col[c[i]] = i; continue } p50[c[col["flow"]]] = c[col["p50"]] }
		FS = "[|{},]"
	}
	NF > 5 { k = $1 "," $2; got = p50[name[k]]; want = $8 / 1000; checked++
		if (got == "" || got - want > 0.001 * want + 0.001 || want - got > 0.001 * want + 0.001) { bad++; printf "  %s: hvnetc p50 %s, PostgreSQL %s\n", name[k], got, want } }
	END { printf "  PostgreSQL and hvnetc results: %d flows, %d medians apart by more than 0.1%%\n", checked, bad }' "$pg/stats.txt"
