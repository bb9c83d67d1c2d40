#!/bin/sh
# make bench: whole-process wall time, CPU time and peak memory of
# `hvnetc build` on samples/nw.yaml, the 20 imported dataset topologies and
# random ones of 100 to 100,000 nodes (links 4x nodes, flows 1x, paths up
# to 14 hops), against `cp -r` of the output tree (the cost of writing
# those bytes).  A benchmark, not a test: it prints a markdown table and
# how the numbers stand against the targets the README states.
#   sh tests/bench.sh ./hvnetc [SIZES...]   (default: 100 1000 10000 100000)
# RUNS=n: runs per measurement (default 5, and 21 for builds under 50 ms);
# the random sizes take turns, a build and a copy of each a round.
# BENCHDIR=dir: where outputs go.  The default is /dev/shm, a tmpfs, where
# there is one: it measures the compiler and the kernel's file creation, not
# the disk.  On ext4, creating tens of thousands of files right after
# removing as many (each run replaces the last) makes the inode allocator
# skip every recently deleted inode, for cp -r as much as for hvnetc, so
# on-disk times swing by a factor of ten from run to run.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
sizes=${*:-100 1000 10000 100000}
if [ -z "${BENCHDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	BENCHDIR=/dev/shm
fi
work=$(mktemp -d "${BENCHDIR:-${TMPDIR:-/tmp}}/hvnetc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
runner=$work/benchrun
${CC:-cc} -O2 -o "$runner" tests/benchrun.c

# median of the numbers on standard input
median() {
	sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure OUTFILE CMD...: append "wall kib cpu" of one run of CMD to OUTFILE
measure() {
	out=$1
	shift
	"$runner" "$@" >"$work/one" 2>"$work/err"
	read -r secs kib status cpu <"$work/one"
	if [ "$status" -ne 0 ]; then
		echo "bench: '$*' failed with status $status:" >&2
		head -n 20 "$work/err" >&2
		exit 1
	fi
	echo "$secs $kib $cpu" >>"$out"
}

# Entries of the top-level nodes mapping, links and flows lists of a topology.
counts() {
	awk '/^[a-z_]+:/ { sec = $1; next }
	sec == "nodes:" && /^  [a-z][a-z0-9-]*:/ { n++ }
	sec == "links:" && /^ *- / { l++ }
	sec == "flows:" && /^ *- / { f++ }
	END { printf "%d %d %d\n", n, l, f }' "$1"
}

# round NAME FILE: one build of FILE and one copy of its output, appended to
# $work/b.NAME and $work/c.NAME; the output's size is kept from the first.
round() {
	rm -rf "$work/out" "$work/copy"
	measure "$work/b.$1" "$bin" build "$2" -o "$work/out" --allow-overcommit
	measure "$work/c.$1" cp -r "$work/out" "$work/copy"
	if [ ! -f "$work/size.$1" ]; then
		echo "$(find "$work/out" -type f | wc -l) $(du -sb "$work/out" | cut -f1)" >"$work/size.$1"
	fi
	rm -rf "$work/out" "$work/copy"
}

# result NAME TAG FILE: the medians of TAG's rounds, a line of results.
result() {
	counts "$3" >"$work/n"
	read -r nodes links flows <"$work/n"
	read -r files bytes <"$work/size.$2"
	wall=$(cut -d' ' -f1 "$work/b.$2" | median)
	kib=$(cut -d' ' -f2 "$work/b.$2" | median)
	cpu=$(cut -d' ' -f3 "$work/b.$2" | median)
	cpwall=$(cut -d' ' -f1 "$work/c.$2" | median)
	cpcpu=$(cut -d' ' -f3 "$work/c.$2" | median)
	echo "$1 $nodes $links $flows $files $bytes $wall $kib $cpu $cpwall $cpcpu" >>"$work/results"
}

# bench NAME FILE: RUNS builds in a row, then as many copies (21 each when a
# build takes under 50 ms: a copy between two builds would leave the next
# one to start with the CPU's caches full of cp's and rm's work).
bench() {
	tag=$(echo "$1" | tr / _)
	rm -rf "$work/out"
	measure "$work/b.$tag" "$bin" build "$2" -o "$work/out" --allow-overcommit
	runs=${RUNS:-5}
	if [ -z "${RUNS:-}" ] && awk -v t="$(cut -d' ' -f1 "$work/b.$tag")" 'BEGIN { exit !(t < 0.05) }'; then
		runs=21
	fi
	i=1
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$work/out"
		measure "$work/b.$tag" "$bin" build "$2" -o "$work/out" --allow-overcommit
		i=$((i + 1))
	done
	echo "$(find "$work/out" -type f | wc -l) $(du -sb "$work/out" | cut -f1)" >"$work/size.$tag"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$work/copy"
		measure "$work/c.$tag" cp -r "$work/out" "$work/copy"
		i=$((i + 1))
	done
	rm -rf "$work/out" "$work/copy"
	result "$1" "$tag" "$2"
}

: >"$work/results"
bench nw samples/nw.yaml
for j in tests/dataset/nw-*.json; do
	n=$(basename "$j" .json)
	"$bin" import "$j" >"$work/$n.yaml"
	bench "dataset/$n" "$work/$n.yaml"
done
# The random topologies take turns, round after round: the machine's speed
# drifts over the minutes they take (a virtual machine shares its host),
# and the 100,000-node to 10,000-node ratio should compare the sizes, not
# two stretches of the host's load.
for n in $sizes; do
	"$bin" random --seed 1 --nodes "$n" --links $((4 * n)) --flows "$n" --max-hops 14 \
		>"$work/random-$n.yaml"
done
i=0
while [ "$i" -lt "${RUNS:-5}" ]; do
	for n in $sizes; do
		round "random-$n" "$work/random-$n.yaml"
	done
	i=$((i + 1))
done
for n in $sizes; do
	result "random-$n" "random-$n" "$work/random-$n.yaml"
	rm -f "$work/random-$n.yaml"
done

echo "hvnetc build, median of runs; outputs in ${BENCHDIR:-${TMPDIR:-/tmp}}; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
dmed=$(awk '$1 ~ /^dataset\// { print $7 }' "$work/results" | median)
dcpu=$(awk '$1 ~ /^dataset\// { print $9 }' "$work/results" | median)
awk -v dmed="${dmed:-0}" -v dcpu="${dcpu:-0}" '
function ms(s) { return sprintf("%.1f", s * 1000) }
BEGIN {
	print "| input | nodes | links | flows | files | output | build ms (CPU ms) | cp -r ms (CPU ms) | build/copy | peak RSS | RSS bytes/element |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
}
{
	name = $1; el = $2 + $3 + $4; per = $8 * 1024 / (el ? el : 1)
	if (name ~ /^random-/ && $2 >= 10000 && per > worst) { worst = per; worstname = name }
	t[name] = $7; c[name] = $10; u[name] = $9; v[name] = $11
	if (name ~ /^dataset\//) {
		nd++; if (per > dper) dper = per
		if ($7 > dmax) dmax = $7
		next
	}
	printf "| %s | %d | %d | %d | %d | %.1f MB | %s (%s) | %s (%s) | %.1fx | %.1f MiB | %d |\n",
	    name, $2, $3, $4, $5, $6 / 1e6, ms($7), ms($9), ms($10), ms($11), $7 / $10, $8 / 1024, per
}
END {
	if (nd)
		printf "| dataset, %d files: median (max) | 6-15 | 6-19 | 19-59 | | | %s (%s CPU), max %s | | | | %d (max) |\n",
		    nd, ms(dmed), ms(dcpu), ms(dmax), dper
	print ""
	print "Targets:"
	if ("nw" in t)
		printf "- samples/nw.yaml under 10 ms: %s ms wall, %s ms CPU: %s\n", ms(t["nw"]), ms(u["nw"]), t["nw"] < 0.010 ? "met" : "missed"
	if ("random-100000" in t && "random-10000" in t) {
		r = t["random-100000"] / t["random-10000"]; q = u["random-100000"] / u["random-10000"]
		printf "- 100,000 nodes under 12x the 10,000-node time: %.1fx wall, %.1fx CPU: %s\n", r, q, r < 12 ? "met" : "missed"
	}
	if (worstname != "")
		printf "- peak memory under 1 KiB per node+link+flow (random, 10,000 nodes and up): %d bytes (%s): %s\n", worst, worstname, worst < 1024 ? "met" : "missed"
	print "(Small inputs are dominated by the process and its libraries: a few MiB.)"
}' "$work/results"
