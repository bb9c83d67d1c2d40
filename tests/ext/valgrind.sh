#!/bin/sh
# Valgrind memcheck on every sample: 'hvnetc build' (and check, plan, plan
# --yaml, graph -T svg) must have no invalid access and no leak; so must
# 'hvnetc check' over the whole bad-input corpus (the error paths).  Library
# frames only are suppressed (tests/valgrind.supp).
set -u
hv=$1
top=$(pwd)
supp=$top/tests/valgrind.supp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

command -v valgrind > /dev/null || { echo "valgrind is not installed (make deps)"; exit 1; }

# vg NAME STATUS ARGS...: memcheck hvnetc ARGS; hvnetc's own status must be STATUS.
vg() {
	name=$1 want=$2
	shift 2
	valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--suppressions="$supp" --log-file="$work/vg" "$hv" "$@" \
		> "$work/stdout" 2> "$work/err"
	st=$?
	if [ "$st" -eq 99 ] || [ -s "$work/vg" ]; then
		fail=$((fail + 1))
		echo "FAIL: $name: memcheck errors"
		sed 's/^/  | /' "$work/vg" | head -60
	elif [ "$st" -ne "$want" ]; then
		fail=$((fail + 1))
		echo "FAIL: $name: exit status $st, expected $want"
		sed 's/^/  | /' "$work/err" | head -10
	else
		pass=$((pass + 1))
		echo "ok: $name"
	fi
}

for s in samples/*.yaml; do
	rm -rf "$work/out"
	vg "build $s" 0 build "$s" -o "$work/out"
	vg "build $s again (rewrite with MANIFEST)" 0 build "$s" -o "$work/out"
	rm -rf "$work/out2"
	vg "plan $s" 0 plan "$s"
	vg "plan --yaml $s" 0 plan --yaml "$s"
	if "$hv" graph -T svg "$s" > /dev/null 2>&1; then
		vg "graph -T svg $s" 0 graph -T svg "$s"
	else
		echo "skip: graph -T svg $s: the command fails without valgrind"
	fi
done
vg "check of every sample" 0 check samples/*.yaml
vg "random --seed 1" 0 random --seed 1 --nodes 12
vg "graph --flows (DOT)" 0 graph --flows samples/fig1.yaml
bad=$(ls tests/bad/*.yaml 2> /dev/null | head -1)
if [ -n "$bad" ]; then
	# shellcheck disable=SC2046
	vg "check of every tests/bad input ($(ls tests/bad/*.yaml | wc -l) files)" 1 \
		check $(ls tests/bad/*.yaml)
fi
for f in tests/fuzz/regress/*; do
	[ -f "$f" ] || continue
	oc=
	grep -q '#!overcommit' "$f" && oc=--allow-overcommit
	# shellcheck disable=SC2086
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible \
		--suppressions="$supp" --log-file="$work/vg" "$hv" build $oc "$f" -o "$work/r" \
		> /dev/null 2>&1
	if [ "$?" -eq 99 ] || [ -s "$work/vg" ]; then
		fail=$((fail + 1)); echo "FAIL: build $f: memcheck errors"; head -40 "$work/vg"
	else
		pass=$((pass + 1))
	fi
	rm -rf "$work/r"
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
