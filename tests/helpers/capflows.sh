#!/bin/sh
# capflows.sh OUT YAMLFLAT: build/capgen's FLOWS file from an output tree,
# a line per flow: name src_address port size rate ttl count (ttl: 64 less
# the VMs on its path; count: its entries in the packet-order table).
set -eu
out=$1
flat=$2
"$flat" "$out/plan.yaml" | awk -F= '
	/^flows\.[0-9]+\./ { split($1, k, "."); i = k[2]; if (k[3] == "path") plen[i]++; else v[i, k[3]] = $2; if (i + 1 > n) n = i + 1 }
	END { for (i = 0; i < n; i++) print v[i, "name"], v[i, "src_address"], v[i, "port"], v[i, "size"], v[i, "rate"], 64 - plen[i], v[i, "count"] }'
