#!/bin/sh
# Run the fuzzer (make fuzz) for $1 seconds on one core: seeds from samples/,
# tests/bad/ and tests/fuzz/regress/; new inputs are kept in build/fuzz/corpus,
# crashes in build/fuzz/artifacts, the log in build/fuzz/fuzz-0.log.
set -eu
secs=${1:-60}
top=$(pwd)
mkdir -p build/fuzz/corpus build/fuzz/seeds build/fuzz/artifacts
for f in samples/*.yaml tests/bad/*.yaml tests/fuzz/regress/*; do
	[ -f "$f" ] && cp "$f" "build/fuzz/seeds/$(echo "$f" | tr / _)"
done
cd build/fuzz
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp \
exec ./fuzzer -max_total_time="$secs" -jobs=1 -workers=1 \
	-timeout=20 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	-dict="$top/tests/fuzz/yaml.dict" -artifact_prefix=artifacts/ \
	corpus seeds
