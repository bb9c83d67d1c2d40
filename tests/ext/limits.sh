#!/bin/sh
# Input limits seen from outside (hvnet.yaml(5)): endless or oversized standard
# input and files are refused with status 1 and a diagnostic, in bounded
# time and memory, without reading without end.
set -u
hv=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

# refuse NAME REGEX COMMAND: status 1 within 60 s (memory capped), REGEX on stderr.
refuse() {
	name=$1 re=$2
	shift 2
	( ulimit -v 4000000; timeout 60 sh -c "$*" ) > /dev/null 2> "$work/err"
	st=$?
	if [ "$st" -eq 1 ] && grep -Eq "$re" "$work/err"; then
		pass=$((pass + 1)); echo "ok: $name ($(head -1 "$work/err" | cut -c1-120))"
	else
		fail=$((fail + 1)); echo "FAIL: $name: status $st"; head -5 "$work/err"
	fi
}

refuse "endless zeros on stdin" 'input larger than|not valid UTF-8|invalid YAML' \
	"cat /dev/zero | '$hv' check -"
refuse "endless comment on stdin" 'input larger than' \
	"{ printf 'hvnet: 1\n#'; yes x | tr -d '\n'; } | '$hv' check -"
refuse "endless lines on stdin" 'input larger than' \
	"{ printf 'hvnet: 1\n'; yes '# x'; } | '$hv' check -"
{ printf 'hvnet: 1\n#'; head -c $((64 * 1024 * 1024)) /dev/zero | tr '\0' x; } > "$work/big.yaml"
refuse "a file of 64 MiB + 10 bytes" 'input larger than' "'$hv' check '$work/big.yaml'"
refuse "a file of 64 MiB + 10 bytes on stdin" 'input larger than' "'$hv' check - < '$work/big.yaml'"
refuse "a 64 MiB + 10 bytes build writes nothing" 'input larger than' \
	"'$hv' build '$work/big.yaml' -o '$work/out'"
if [ -e "$work/out" ]; then fail=$((fail + 1)); echo "FAIL: the refused build wrote '$work/out'"; fi
echo "limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
