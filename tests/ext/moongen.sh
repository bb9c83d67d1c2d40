#!/bin/sh
# The LoadGen's files of every sample (backend moongen): both Lua files
# compile in LuaJIT (luajit -bl) and pass luacheck --std luajit;
# tests/lua/checkloadgen.lua checks flows.lua's data and counts (each flow
# within 1% of its share; the userscript's shuffle reproduces the
# compiler's order table, printed by build/ordertable, bit for bit) and
# runs the userscript's sending task against stand-in libmoon modules;
# run.sh and timestamper.sh pass shellcheck and, with stand-in MoonGen and
# ssh, run every repetition with the ports given.  The same for the HVNet
# dataset topologies (through `hvnetc import`) when shared/ is at hand.
set -eu

hvnetc=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
dataset=${HVNET_DATASET:-$root/../shared/reference/hvnet-dataset}
[ -d "$dataset" ] || dataset=$root/../../shared/reference/hvnet-dataset
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0

fail() {
	echo "moongen: $topo: $*" >&2
	failed=$((failed + 1))
}

# Stand-ins: MoonGen logs its arguments, ssh runs the command here.
mkdir -p "$tmp/moongen/build" "$tmp/bin"
cat > "$tmp/moongen/build/MoonGen" <<'EOF'
#!/bin/sh
echo "MoonGen $*" >> "$HVNET_TESTLOG"
# MoonSniff's capture mode: -o BASE makes BASE-pre.pcap and BASE-post.pcap
case " $* " in *" --capture "*)
	base=$(echo " $* " | sed -n 's/.* -o \([^ ]*\) .*/\1/p')
	: > "$base-pre.pcap"
	: > "$base-post.pcap" ;;
esac
EOF
cat > "$tmp/bin/ssh" <<'EOF'
#!/bin/sh
echo "ssh $1" >> "$HVNET_TESTLOG"
shift
exec "$@"
EOF
# and hvnetc logs its arguments.
cat > "$tmp/bin/hvnetc" <<'EOF'
#!/bin/sh
echo "hvnetc $*" >> "$HVNET_TESTLOG"
EOF
chmod +x "$tmp/moongen/build/MoonGen" "$tmp/bin/ssh" "$tmp/bin/hvnetc"

# run.sh TX RX PRE POST with the stand-ins; every repetition must run both sides.
runscripts() {
	log=$tmp/log
	: > "$log"
	if ! (cd "$tmp" && HVNET_TESTLOG=$log MOONGEN_DIR=$tmp/moongen \
		HVNET_SSH=$tmp/bin/ssh HVNET_SETTLE=0 HVNET_RESULTS=$tmp/results HVNETC=$tmp/bin/hvnetc \
		sh "$1/run.sh" 7 8 5 6 > "$tmp/out" 2>&1); then
		fail "run.sh failed: $(cat "$tmp/out")"
		return
	fi
	reps=$(sed -n 's/^  duration = .*repetitions = \([0-9]*\),.*/\1/p' "$1/flows.lua")
	r=1
	while [ "$r" -le "$reps" ]; do
		grep -q "^MoonGen $1/hvnet-load.lua -f $1/flows.lua -r $r 7 8\$" "$log" ||
			fail "run.sh: no load for repetition $r on ports 7 8"
		grep -q "^MoonGen .*/moonsniff/sniffer.lua 5 6 -o .*-r$r -t [0-9]* --capture --snaplen 64\$" "$log" ||
			fail "run.sh: no capture for repetition $r on ports 5 6"
		grep -q "^hvnetc results $(dirname "$1") .*-r$r-pre.pcap .*-r$r-post.pcap.* -o $tmp/results/latency\$" "$log" ||
			fail "run.sh: repetition $r's captures are not in hvnetc results"
		r=$((r + 1))
	done
	[ "$(grep -c 'hvnet-load.lua' "$log")" -eq "$reps" ] ||
		fail "run.sh: not $reps loads"
}

# Check one compiled loadgen/ directory.
checkdir() {
	before=$failed
	for f in "$1/flows.lua" "$1/hvnet-load.lua"; do
		luajit -bl "$f" > /dev/null 2> "$tmp/err" || fail "luajit -bl $f: $(cat "$tmp/err")"
		luacheck -q --no-color --std luajit "$f" > "$tmp/err" 2>&1 ||
			fail "luacheck $f: $(cat "$tmp/err")"
	done
	shellcheck "$1/run.sh" "$1/timestamper.sh" > "$tmp/err" 2>&1 ||
		fail "shellcheck: $(cat "$tmp/err")"
	ref=
	if [ -n "${2:-}" ]; then
		"$root/build/ordertable" "$2" > "$tmp/ref" || fail "build/ordertable $2 failed"
		ref=$tmp/ref
	fi
	luajit "$root/tests/lua/checkloadgen.lua" "$1" $ref > "$tmp/err" 2>&1 ||
		fail "$(cat "$tmp/err")"
	runscripts "$1"
	if [ "$failed" -eq "$before" ]; then
		passed=$((passed + 1))
		echo "moongen: $topo: $(tail -n 1 "$tmp/err")"
	fi
}

if [ $# -ge 2 ]; then
	# a loadgen/ directory compiled before: debugging aid
	topo=$2
	checkdir "$(cd "$2" && pwd)"
else
	set -- "$root"/samples/*.yaml
	imported=0
	for j in "$dataset"/*.json; do
		[ -f "$j" ] || continue
		y=$tmp/$(basename "$j" .json).yaml
		"$hvnetc" import "$j" > "$y" 2> /dev/null || break
		set -- "$@" "$y"
		imported=$((imported + 1))
	done
	[ "$imported" -gt 0 ] || echo "moongen: dataset skipped: no shared/ or no 'hvnetc import'"
	for f in "$@"; do
		topo=$(basename "$f" .yaml)
		out=$tmp/out-$topo
		if "$hvnetc" build "$f" -o "$out" --only moongen,plan > "$tmp/err" 2>&1; then
			checkdir "$out/loadgen" "$f"
		else
			fail "hvnetc failed: $(cat "$tmp/err")"
		fi
		rm -rf "$out"
	done
fi
echo "moongen: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
