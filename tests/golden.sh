#!/bin/sh
# Rewrite the golden outputs of every sample (the build tree and the table
# of 'hvnetc plan') and the plan tables of tests/plan/ from the binary
# given (for review with `git diff`; never run in CI).  MANIFEST is left out: the
# golden test compares the output set, which MANIFEST only summarises.
set -eu
bin=$1
for f in samples/*.yaml; do
	name=$(basename "$f" .yaml)
	rm -rf "tests/golden/$name"
	"$bin" build "$f" -o "tests/golden/$name"
	rm -f "tests/golden/$name/MANIFEST"
	"$bin" plan --allow-overcommit "$f" > "tests/golden/$name.plan.txt"
	echo "golden: tests/golden/$name"
done
for f in tests/plan/*.yaml; do
	name=$(basename "$f" .yaml)
	"$bin" plan --allow-overcommit "$f" > "tests/golden/$name.plan.txt" 2>/dev/null
	echo "golden: tests/golden/$name.plan.txt"
done
