#!/bin/sh
# capflows.sh OUT YAMLFLAT: build/capgen's FLOWS file from an output tree,
# a line per flow: name src_address port size rate ttl count (ttl: 64 less
# the VMs on its path; count: its entries in flows.lua's order table, or
# its `count`).
set -eu
out=$1
flat=$2
"$flat" "$out/plan.yaml" | awk -F= '
	/^flows\.[0-9]+\./ { split($1, k, "."); i = k[2]; if (k[3] == "path") plen[i]++; else v[i, k[3]] = $2; if (i + 1 > n) n = i + 1 }
	END { for (i = 0; i < n; i++) print v[i, "name"], v[i, "src_address"], v[i, "port"], v[i, "size"], v[i, "rate"], 64 - plen[i] }' \
	> "$out.flows0"
awk '/order = \{/ { on = 1; next } on && /\}/ { on = 0 } on { gsub(/[ ,]+/, " "); for (i = 1; i <= NF; i++) c[$i]++ }
	/ count = [0-9]+/ { match($0, / count = [0-9]+/); cnt[++nc] = substr($0, RSTART + 9, RLENGTH - 9) }
	END { if (nc) for (f = 1; f <= nc; f++) print cnt[f]; else for (f = 1; c[f]; f++) print c[f] }' \
	"$out/loadgen/flows.lua" > "$out.counts"
paste -d' ' "$out.flows0" "$out.counts"
rm -f "$out.flows0" "$out.counts"
