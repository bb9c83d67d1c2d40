# Helpers of tests/ext/faults.sh (sourced; also inside its mount namespace).
# Needs $hv (hvnetc) and $work (a scratch directory); counts in $pass, $fail, $skip.
pass=${pass:-0} fail=${fail:-0} skip=${skip:-0}

ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; [ -s "$work/err" ] && sed 's/^/  | /' "$work/err"; }
skipped() { skip=$((skip + 1)); echo "skip: $*"; }

# Everything about a tree: type, mode, inode, size, mtime per entry, then hashes.
snap() {
	if [ ! -d "$1" ]; then ls -ild "$1" 2>&1; return; fi
	(cd "$1" && find . -printf '%p %y %m %i %s %T@ %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

# Temporary directories hvnetc left beside DIR.
leftovers() { ls -A "$(dirname "$1")" 2> /dev/null | grep -c '\.hvnetc-'; }

# expect NAME STATUS REGEX DIR -- COMMAND...: COMMAND fails with STATUS, says
# REGEX on stderr, leaves DIR as it was and no temporary directory.
expect() {
	name=$1 want=$2 re=$3 dir=$4
	shift 5
	snap "$dir" > "$work/before"
	"$@" > "$work/stdout" 2> "$work/err"
	st=$?
	snap "$dir" > "$work/after"
	if [ "$st" -ne "$want" ]; then
		bad "$name: exit status $st, expected $want"
	elif ! grep -Eq "$re" "$work/err"; then
		bad "$name: no message matching '$re'"
	elif ! cmp -s "$work/before" "$work/after"; then
		bad "$name: '$dir' changed"
		diff "$work/before" "$work/after" | head -10
	elif [ "$(leftovers "$dir")" -ne 0 ]; then
		bad "$name: temporary directory left beside '$dir'"
	else
		ok "$name (status $st: $(head -1 "$work/err"))"
	fi
}

build() { "$hv" build "$@" > "$work/stdout" 2> "$work/err"; }

