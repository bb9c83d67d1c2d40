#!/bin/sh
# Memory of a large build: a 10,000-node random topology (40,000 links,
# 10,000 flows, 278 MB of output) must build in well under 1.25 KiB of peak
# RSS per node+link+flow.  A build that held its
# output set in memory took 5.7 KB per element.  (make bench reports the
# exact figure against the 1 KiB target; this bound leaves room for the
# process's fixed libraries and for allocator noise.)
set -u
hv=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
limit=1280

"$hv" random --seed 1 --nodes 10000 --links 40000 --flows 10000 > "$work/t.yaml" ||
	{ echo "FAIL: random"; exit 1; }
elements=$(awk '/^[a-z_]+:/ { sec = $1; next }
	sec == "nodes:" && /^  [a-z][a-z0-9-]*:/ { n++ }
	sec == "links:" && /^ *- / { n++ }
	sec == "flows:" && /^ *- / { n++ }
	END { print n }' "$work/t.yaml")
for jobs in 1; do
	rm -rf "$work/out"
	if ! /usr/bin/time -f %M -o "$work/rss" "$hv" build --allow-overcommit \
	    "$work/t.yaml" -o "$work/out" 2> "$work/err"; then
		echo "FAIL: the build failed"; head -5 "$work/err"
		fail=$((fail + 1))
		continue
	fi
	kib=$(tail -n 1 "$work/rss")
	per=$((kib * 1024 / elements))
	if [ "$per" -lt "$limit" ]; then
		echo "ok: peak RSS $kib KiB for $elements elements, $per bytes each"
		pass=$((pass + 1))
	else
		echo "FAIL: peak RSS $kib KiB for $elements elements, $per bytes each (limit $limit)"
		fail=$((fail + 1))
	fi
	if (cd "$work/out" && sha256sum -c --quiet MANIFEST); then
		pass=$((pass + 1))
	else
		echo "FAIL: MANIFEST does not match the files"
		fail=$((fail + 1))
	fi
done
echo "memory: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
