#!/bin/sh
# The LoadGen's files of every sample (backend moongen): both Lua files
# compile in LuaJIT (luajit -bl) and pass luacheck --std luajit;
# tests/lua/checkloadgen.lua checks flows.lua's data and counts (each flow
# within 1% of its share; the userscript's shuffle reproduces the
# compiler's order table, printed by build/ordertable, bit for bit) and
# runs the userscript's sending task against stand-in libmoon modules;
# run.sh and timestamper.sh pass shellcheck and, with stand-in MoonGen and
# ssh, run every repetition with the ports given.  The same for the HVNet
# dataset topologies of tests/dataset/ (through `hvnetc import`).
set -eu

hvnetc=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
dataset=${HVNET_DATASET:-$root/tests/dataset}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0

fail() {
	echo "moongen: $topo: $*" >&2
	failed=$((failed + 1))
}

# Stand-ins: MoonGen logs its arguments (the sniffer writes a pcap header
# and a few bytes per side unless HVNET_TESTEMPTY is set), ssh runs the
# command here, nproc says HVNET_TESTCORES (4), date steps HVNET_TESTSTEP
# seconds a call when set, hvnetc logs its arguments.
mkdir -p "$tmp/moongen/build" "$tmp/bin"
cat > "$tmp/moongen/build/MoonGen" <<'EOF'
#!/bin/sh
echo "MoonGen $*" >> "$HVNET_TESTLOG"
case $1 in
*/sniffer.lua)
	[ -z "${HVNET_TESTEMPTY:-}" ] || exit 0
	printf '0123456789abcdef0123456789abcdef' >> "$5-pre.pcap"
	printf '0123456789abcdef0123456789abcdef' >> "$5-post.pcap" ;;
esac
EOF
cat > "$tmp/bin/ssh" <<'EOF'
#!/bin/sh
echo "ssh $1" >> "$HVNET_TESTLOG"
shift
exec "$@"
EOF
cat > "$tmp/bin/nproc" <<'EOF'
#!/bin/sh
echo "${HVNET_TESTCORES:-4}"
EOF
cat > "$tmp/bin/date" <<'EOF'
#!/bin/sh
[ -n "${HVNET_TESTSTEP:-}" ] || exec /bin/date "$@"
n=$(cat "$HVNET_TESTLOG.clock" 2> /dev/null || echo 1000)
echo "$((n + HVNET_TESTSTEP))" > "$HVNET_TESTLOG.clock"
echo "$n"
EOF
cat > "$tmp/bin/hvnetc" <<'EOF'
#!/bin/sh
echo "hvnetc $*" >> "$HVNET_TESTLOG"
EOF
chmod +x "$tmp/moongen/build/MoonGen" "$tmp/bin/ssh" "$tmp/bin/nproc" "$tmp/bin/date" "$tmp/bin/hvnetc"
log=$tmp/log

# run.sh TX RX PRE POST with the stand-ins (output in $tmp/out); status as run.sh's.
runsh() {
	: > "$log"
	rm -rf "$tmp/results" "$log.clock"
	(cd "$tmp" && PATH=$tmp/bin:$PATH HVNET_TESTLOG=$log MOONGEN_DIR=$tmp/moongen \
		HVNET_SSH=$tmp/bin/ssh HVNET_SETTLE=0 HVNET_RESULTS=$tmp/results \
		sh "$1/run.sh" 7 8 5 6 > "$tmp/out" 2>&1)
}

# With VAR=value $4, run.sh fails saying $3 (and starts no load if $2 is noload).
runfails() {
	if (export "$4" && runsh "$1"); then
		fail "run.sh passed with $4"
	elif ! grep -q "$3" "$tmp/out"; then
		fail "run.sh with $4 does not say '$3': $(cat "$tmp/out")"
	elif [ "$2" = noload ] && grep -q "hvnet-load.lua" "$log"; then
		fail "run.sh with $4 started the load"
	fi
}

# The run's own checks: too few cores, a repetition behind schedule, an
# empty capture (on one topology: the scripts are the same templates).
runfaults() {
	runfails "$1" noload "has 2 cores; hvnet-load.lua needs 3" HVNET_TESTCORES=2
	runfails "$1" load "repetition 1 fell behind: the load took 1000 s" HVNET_TESTSTEP=1000
	runfails "$1" load "nothing captured on port 5 (pre the DuT)" HVNET_TESTEMPTY=1
}

# run.sh with the stand-ins; every repetition must run both sides.
runscripts() {
	if ! runsh "$1"; then
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
		grep -q "^run: repetition $r: the load took [0-9]* s of [0-9]* s planned, [0-9.]* of [0-9.]* Mbit/s\$" "$tmp/out" ||
			fail "run.sh: no elapsed time and rate for repetition $r"
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
	[ -n "${faultsrun:-}" ] || { faultsrun=1; runfaults "$1"; }
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
	[ "$imported" -gt 0 ] || echo "moongen: dataset skipped: no $dataset or no 'hvnetc import'"
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
