#!/bin/sh
# hvnetc results: synthetic capture pairs of samples/fig1.yaml (build/capgen:
# real headers and ids, heavy-tailed latencies, planted loss, duplicates,
# misrouted packets, a wrong port, a packet of no flow, truncated last
# records, an id wrap), two repetitions, pcap then .mscap.  Every flow's
# latency and jitter figures are checked against an exact sort of the
# generator's truth (0.1% relative), the counters against its expectation;
# bad input fails clearly and leaves the results directory as it was.
set -eu
bin=$1
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
N=${RESULTS_PACKETS:-120000}

"$bin" build samples/fig1.yaml -o "$tmp/out" >/dev/null
sh tests/helpers/capflows.sh "$tmp/out" "$top/build/yamlflat" > "$tmp/flows.txt"
seed=$(awk -F'seed = ' 'NF > 1 { split($2, a, ","); print a[1]; exit }' "$tmp/out/loadgen/flows.lua")

cg="$top/build/capgen $tmp/flows.txt $seed"
$cg 1 pcap "$N" "$tmp/pre1.pcap" "$tmp/post1.pcap" "$tmp/truth1" "$tmp/expect1" -p
$cg 2 mscap "$N" "$tmp/pre2.mscap" "$tmp/post2.mscap" "$tmp/truth2" "$tmp/expect2" -p -w
caps="$tmp/pre1.pcap $tmp/post1.pcap $tmp/pre2.mscap $tmp/post2.mscap"

check "results runs on two repetitions, pcap and .mscap" \
	"'$bin' results '$tmp/out' $caps -o '$tmp/res' --trim 0s 2> '$tmp/err'"
sed 's/^/  /' "$tmp/err" | grep -v '^  hvnetc: warning: .*left out$' || true
check "the truncated last records are reported" \
	"[ \$(grep -c 'left out' '$tmp/err') -eq 2 ]"
check "flows.csv starts with sim2hw's columns" \
	"head -1 '$tmp/res/flows.csv' | grep -q '^topo_num,flow_num,mean,min,p25,p50,p75,p95,p99,p99.9,p99.99,p99.999,hops,rate,packets,loss,max,'"
for f in flows.csv hops.csv worst.csv timeline.csv summary.csv hgrm/f0.hgrm MANIFEST; do
	check "$f is written" "[ -s '$tmp/res/$f' ]"
done

for p in hdr worst jitter; do
	check "plots/$p: script, data, SVG and PNG" \
		"[ -s '$tmp/res/plots/$p.gp' ] && [ -s '$tmp/res/plots/$p.dat' ] && grep -q '<svg' '$tmp/res/plots/$p.svg' && head -c 4 '$tmp/res/plots/$p.png' | grep -q PNG"
done
cp -r "$tmp/res/plots" "$tmp/replot"
rm "$tmp/replot"/*.svg "$tmp/replot"/*.png
check "plots: the script beside the data redraws them" \
	"(cd '$tmp/replot' && gnuplot hdr.gp worst.gp jitter.gp) && [ -s '$tmp/replot/hdr.png' ] && [ -s '$tmp/replot/jitter.svg' ]"

# The truth: per flow, exact quantiles by sort; |IPDV| of consecutive packets.
{ cat "$tmp/truth1"; echo "# rep"; cat "$tmp/truth2"; } > "$tmp/truth"
for f in $(awk '{ print $1 }' "$tmp/flows.txt"); do
	awk -v f="$f" '$1 == f && $2 != "-" { print $2 }' "$tmp/truth" | sort -n > "$tmp/lat.$f"
	awk -v f="$f" '/^# rep/ { have = 0 } $1 != f { next } $2 == "-" { have = 0; next }
		{ if (have) { d = $2 - prev; print (d < 0 ? -d : d) } prev = $2; have = 1 }' "$tmp/truth" |
		sort -n > "$tmp/jit.$f"
done
awk -F, -v dir="$tmp" '
	function q(file, p,    n, r, c, i, v) {
		n = 0; while ((getline v < file) > 0) a[++n] = v; close(file)
		r = p * n; c = int(r); if (c < r) c++; if (c < 1) c = 1
		return a[c] / 1000
	}
	function mean(file,    n, s, v) { n = 0; s = 0; while ((getline v < file) > 0) { s += v; n++ } close(file); return s / n / 1000 }
	function near(name, got, want) {
		if (got == "" || (got - want > 0.001 * want + 0.0015) || (want - got > 0.001 * want + 0.0015)) {
			printf "  %s: %s, want %s\n", name, got, want; bad = 1
		}
	}
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		f = $col["flow"]; lat = dir "/lat." f; jit = dir "/jit." f
		near(f " mean", $col["mean"], mean(lat)); near(f " min", $col["min"], q(lat, 0))
		split("p25 p50 p75 p95 p99 p99.9 p99.99 p99.999", names, " ")
		split("0.25 0.5 0.75 0.95 0.99 0.999 0.9999 0.99999", ps, " ")
		for (i = 1; i <= 8; i++) near(f " " names[i], $col[names[i]], q(lat, ps[i] + 0))
		near(f " max", $col["max"], q(lat, 1))
		near(f " jitter_p50", $col["jitter_p50"], q(jit, 0.5))
		near(f " jitter_p99.9", $col["jitter_p99.9"], q(jit, 0.999))
		near(f " jitter_max", $col["jitter_max"], q(jit, 1))
		checked++
	}
	END { if (bad || checked < 4) exit 1 }' "$tmp/res/flows.csv" > "$tmp/cmp" || true
check "every flow's mean, min, percentiles, max and jitter match an exact sort (0.1%)" \
	"[ ! -s '$tmp/cmp' ]"
sed 's/^/  /' "$tmp/cmp" | head -20

# The counters against the generator's expectation, both repetitions.
sumexp() { awk -v k="$1" '$1 == k { s += $2 } END { print s + 0 }' "$tmp/expect1" "$tmp/expect2"; }
got() { awk -F, -v k="$1" '$1 == k { print $2 }' "$tmp/res/summary.csv"; }
for k in loss duplicates reordered misrouted wrong_port no_flow truncated id_wraps; do
	check "summary: $k $(got $k) = $(sumexp $k)" "[ '$(got $k)' = '$(sumexp $k)' ]"
done
check "summary: received + loss = packets sent" \
	"[ \$(($(got received) + $(got loss))) -eq $((2 * N)) ] && [ '$(got packets)' = $((2 * N)) ]"
check "per-flow losses add up to the total" \
	"[ \$(awk -F, 'NR > 1 { s += \$16 } END { print s }' '$tmp/res/flows.csv') = '$(got loss)' ]"
check "the .hgrm ends at 100% with the flow's count" \
	"grep -q '^ *[0-9.]* 1.000000000000 *[0-9]*\$' '$tmp/res/hgrm/f1.hgrm' && grep -q 'Total count' '$tmp/res/hgrm/f1.hgrm'"
check "worst.csv lists the worst latency first, as flows.csv's largest max" \
	"[ \$(awk -F, 'NR == 2 { print \$10 }' '$tmp/res/worst.csv') = \$(awk -F, 'NR > 1 && \$17 > m { m = \$17 } END { print m }' '$tmp/res/flows.csv') ]"

# The default warm-up trim: 1 s of each repetition.
check "the default --trim leaves out each repetition's first second" \
	"'$bin' results '$tmp/out' $caps -o '$tmp/res1' 2>/dev/null && [ \$(awk -F, '\$1 == \"trimmed\" { print \$2 }' '$tmp/res1/summary.csv') = \$(sumexp trimmed_1s) ]"
check "results is the same twice (byte for byte)" \
	"'$bin' results '$tmp/out' $caps -o '$tmp/res2' --trim 0s 2>/dev/null && diff -r '$tmp/res' '$tmp/res2' >/dev/null"

# compare: the same run ten times slower is ten times worse at every hop count.
$cg 1 pcap "$N" "$tmp/pre3.pcap" "$tmp/post3.pcap" "$tmp/truth3" "$tmp/expect3" -s10
$cg 1 pcap "$N" "$tmp/pre4.pcap" "$tmp/post4.pcap" "$tmp/truth4" "$tmp/expect4"
"$bin" results "$tmp/out" "$tmp/pre4.pcap" "$tmp/post4.pcap" -o "$tmp/fast" 2>/dev/null
"$bin" results "$tmp/out" "$tmp/pre3.pcap" "$tmp/post3.pcap" -o "$tmp/slow" 2>/dev/null
check "compare: a factor of 10 in worst-case delay and jitter at each hop count" \
	"'$bin' compare '$tmp/fast' '$tmp/slow' > '$tmp/t1.csv' && [ \$(wc -l < '$tmp/t1.csv') -eq 4 ] && awk -F, 'NR > 1 && (\$4 < 9.9 || \$4 > 10.1 || \$7 < 9.9 || \$7 > 10.1) { exit 1 }' '$tmp/t1.csv'"
"$bin" results "$tmp/nw" "$tmp/pre4.pcap" "$tmp/post4.pcap" -o "$tmp/other" --trim 0s 2>/dev/null || true
"$bin" build samples/fig1.yaml -o "$tmp/out2" >/dev/null
sed -i 's/^name: fig1/name: fig2/' "$tmp/out2/plan.yaml"
"$bin" results "$tmp/out2" "$tmp/pre4.pcap" "$tmp/post4.pcap" -o "$tmp/other" 2>/dev/null
st=0
"$bin" compare "$tmp/fast" "$tmp/other" > /dev/null 2> "$tmp/err" || st=$?
check "compare: results of two topologies are refused" "[ $st -eq 1 ] && grep -q 'same topology' '$tmp/err'"

# Memory follows the packets in flight (5 s of them), not the capture:
# 35 s of fig1's load takes no more than 17 s of it.
for n in 600000 1200000; do
	$cg 1 mscap "$n" "$tmp/pre-$n.mscap" "$tmp/post-$n.mscap" "$tmp/truth-$n" "$tmp/expect-$n"
	/usr/bin/time -f %M -o "$tmp/rss-$n" "$bin" results "$tmp/out" "$tmp/pre-$n.mscap" "$tmp/post-$n.mscap" \
		-o "$tmp/res-$n" 2>/dev/null
	rm -f "$tmp/pre-$n.mscap" "$tmp/post-$n.mscap" "$tmp/truth-$n"
done
check "twice the capture, the same memory ($(cat "$tmp/rss-600000") and $(cat "$tmp/rss-1200000") KiB)" \
	"[ $(cat "$tmp/rss-1200000") -le $(($(cat "$tmp/rss-600000") + 4096)) ]"

# Bad input: a clear error, status 1, the results directory untouched.
sum0=$(cksum < "$tmp/res/MANIFEST")
bad() {
	st=0
	"$bin" results "$tmp/out" "$2" "$tmp/post1.pcap" -o "$tmp/res" --trim 0s 2> "$tmp/err" || st=$?
	check "$1: status 1, '$3' said" "[ $st -eq 1 ] && grep -q '$3' '$tmp/err'"
	sum1=$(cksum < "$tmp/res/MANIFEST")
	left=$(ls -a "$tmp" | grep -c '^\.res' || true)
	check "$1: the results directory is untouched, no staging left" "[ '$sum1' = '$sum0' ] && [ $left -eq 0 ]"
}
printf 'hello, this is not a capture at all; just text\n' > "$tmp/text"
bad "a text file" "$tmp/text" "neither a pcap nor a .mscap"
head -c 10 "$tmp/pre1.pcap" > "$tmp/short.pcap"
bad "a truncated pcap header" "$tmp/short.pcap" "not a readable capture"
{ head -c 20 "$tmp/pre1.pcap"; printf '\145\000\000\000'; tail -c +25 "$tmp/pre1.pcap"; } > "$tmp/raw.pcap"
bad "link type raw IP" "$tmp/raw.pcap" "not Ethernet"
"$bin" build samples/nw.yaml -o "$tmp/nw" >/dev/null
st=0
"$bin" results "$tmp/nw" "$tmp/pre1.pcap" "$tmp/post1.pcap" -o "$tmp/res" 2> "$tmp/err" || st=$?
check "captures of another topology: status 1, said" "[ \$st -eq 1 ] && grep -q 'another topology' '$tmp/err'"
st=0
"$bin" results "$tmp/out" "$tmp/pre1.pcap" -o "$tmp/res" 2> "$tmp/err" || st=$?
check "an odd number of captures: usage error" "[ \$st -eq 2 ]"
st=0
"$bin" results "$tmp/out" "$tmp/pre1.pcap" "$tmp/post1.pcap" -o "$tmp/out" 2> "$tmp/err" || st=$?
check "-o naming the output tree is refused" "[ \$st -eq 2 ] && [ -f '$tmp/out/plan.yaml' ]"
exit $fail
