#!/bin/sh
# Faults of the driver (compiler/outset.c, hvnetc(1), FILES): every failing step of a
# build (LD_PRELOAD shim build/faultshim.so), a full, an inode-less and a
# read-only file system (tmpfs in a private mount namespace), a vanishing
# temporary directory, SIGINT/SIGTERM mid-build, write errors on stdout; and
# the rules on hand-edited files, foreign files, --only and foreign DIRs.
# A failed build must exit non-zero with a message, leave DIR exactly as it
# was (recursive listing with inodes, modes, sizes, times and SHA-256) and
# leave no temporary directory behind.
set -u
hv=$1
top=$(pwd)
shim=$top/build/faultshim.so
src=$top/samples/fig1.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 skip=0
. "$top/tests/fault/lib.sh"

[ -f "$shim" ] || { echo "no $shim: run 'make build/faultshim.so'"; exit 1; }

# A fresh output directory from the sample, with a foreign file and directory.
fresh() {
	rm -rf "$1"
	build "$src" -o "$1" || { bad "cannot build '$1'"; return 1; }
	echo mine > "$1/notes.txt"
	mkdir -p "$1/extra/deep" && echo deep > "$1/extra/deep/keep"
}

if ! build "$src" -o "$work/probe"; then
	echo "hvnetc cannot build $src yet:"; cat "$work/err"
	exit 1
fi
if (cd "$work/probe" && sha256sum -c --quiet MANIFEST); then
	ok "build writes a MANIFEST that 'sha256sum -c' accepts"
else
	bad "MANIFEST does not match the files"
fi
# Writes of a build: the staging directory's marker, one per non-empty
# file, MANIFEST last.
nfiles=$(find "$work/probe" -type f ! -name MANIFEST -size +0 | wc -l)
nwrites=$((nfiles + 2))
ndirs=$(find "$work/probe" -mindepth 1 -type d | wc -l)
echo "the sample builds $nfiles non-empty files in $ndirs directories"

# --- each step of a build fails in turn (into an existing and a new DIR) ---
d=$work/out
fresh "$d"
for f in mkdirat:1 openat:1 write:1 close:1 linkat:1 syncfs:1 renameat2:1 \
    "write:$nwrites" "openat:$nwrites" "close:$nwrites"; do
	sync=
	case $f in syncfs:*) sync=--sync ;; esac	# only --sync flushes
	expect "existing DIR, $f fails" 3 'hvnetc: error: ' "$d" -- \
		env LD_PRELOAD="$shim" HVF_FAIL="$f" "$hv" build $sync "$src" -o "$d"
done
[ "$ndirs" -gt 0 ] && expect "existing DIR, a subdirectory's mkdirat fails" 3 \
	'cannot (write|keep)' "$d" -- env LD_PRELOAD="$shim" HVF_FAIL=mkdirat:2 \
	"$hv" build "$src" -o "$d"
expect "existing DIR, MANIFEST cannot be written" 3 "MANIFEST" "$d" -- \
	env LD_PRELOAD="$shim" HVF_FAIL="write:$nwrites" "$hv" build "$src" -o "$d"
expect "existing DIR, ENOSPC on write" 3 'No space left on device' "$d" -- \
	env LD_PRELOAD="$shim" HVF_FAIL=write:2 HVF_ERRNO=ENOSPC "$hv" build "$src" -o "$d"
expect "existing DIR, EDQUOT on close" 3 'quota' "$d" -- \
	env LD_PRELOAD="$shim" HVF_FAIL=close:1 HVF_ERRNO=EDQUOT "$hv" build "$src" -o "$d"
expect "existing DIR, EXDEV keeping a foreign file" 3 "cannot keep '.*'" "$d" -- \
	env LD_PRELOAD="$shim" HVF_FAIL=linkat:1 HVF_ERRNO=EXDEV "$hv" build "$src" -o "$d"
expect "existing DIR, renameat2 unsupported (EINVAL)" 3 'cannot move' "$d" -- \
	env LD_PRELOAD="$shim" HVF_FAIL=renameat2:1 HVF_ERRNO=EINVAL "$hv" build "$src" -o "$d"
n=$work/new/out
mkdir -p "$work/new"
for f in mkdirat:1 openat:1 write:1 syncfs:1 renameat:1 "write:$nwrites"; do
	sync=
	case $f in syncfs:*) sync=--sync ;; esac
	expect "new DIR, $f fails" 3 'hvnetc: error: ' "$n" -- \
		env LD_PRELOAD="$shim" HVF_FAIL="$f" "$hv" build $sync "$src" -o "$n"
done

# --- the temporary directory vanishes mid-build ---
for w in 1 "$nwrites"; do
	expect "temporary directory removed before write $w" 3 'hvnetc: error: ' "$d" -- \
		env LD_PRELOAD="$shim" HVF_VANISH="$w" "$hv" build "$src" -o "$d"
	expect "temporary directory removed before write $w (new DIR)" 3 'hvnetc: error: ' "$n" -- \
		env LD_PRELOAD="$shim" HVF_VANISH="$w" "$hv" build "$src" -o "$n"
done

# --- signals mid-build: killed by the signal, message, DIR as it was ---
expect "SIGINT at the first write" 130 'interrupted' "$d" -- \
	env LD_PRELOAD="$shim" HVF_SIGNAL=1:2 "$hv" build "$src" -o "$d"
expect "SIGTERM at the MANIFEST write" 143 'interrupted' "$d" -- \
	env LD_PRELOAD="$shim" HVF_SIGNAL="$nwrites:15" "$hv" build "$src" -o "$d"
expect "SIGHUP at the first write (new DIR)" 129 'interrupted' "$n" -- \
	env LD_PRELOAD="$shim" HVF_SIGNAL=1:1 "$hv" build "$src" -o "$n"
# --- a library loaded on first use is missing ---
# The same from outside, as a user's ^C: writes slowed to 0.3 s each.
snap "$d" > "$work/before"
env --default-signal=INT LD_PRELOAD="$shim" HVF_SLOW_US=300000 "$hv" build "$src" -o "$d" 2> "$work/err" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
st=$?
snap "$d" > "$work/after"
if [ "$st" -eq 130 ] && grep -q interrupted "$work/err" &&
    cmp -s "$work/before" "$work/after" && [ "$(leftovers "$d")" -eq 0 ]; then
	ok "kill -INT during a slowed build (status $st: $(cat "$work/err"))"
else
	bad "kill -INT during a slowed build: status $st, DIR or temporary directory wrong"
fi
# A signal after the swap is too late to stop the build: status 0, new DIR.
if env LD_PRELOAD="$shim" HVF_SIGNAL_RENAME=2 "$hv" build "$src" -o "$d" 2> "$work/err" &&
    (cd "$d" && sha256sum -c --quiet MANIFEST) && [ "$(leftovers "$d")" -eq 0 ]; then
	ok "SIGINT right after the swap: the build completes with status 0"
else
	bad "SIGINT right after the swap"
fi
# An ignored SIGINT (nohup, background job) does not stop the build.
echo "# edited" >> "$d/notes.txt"
if env --ignore-signal=INT LD_PRELOAD="$shim" HVF_SIGNAL=1:2 "$hv" build "$src" -o "$d" \
    2> "$work/err" && (cd "$d" && sha256sum -c --quiet MANIFEST); then
	ok "an ignored SIGINT mid-build does not stop it"
else
	bad "an ignored SIGINT mid-build stopped it"
fi
if build "$src" -o "$d" && [ "$(leftovers "$d")" -eq 0 ]; then
	ok "the build succeeds after every fault"
else
	bad "the build fails after the faults"
fi

# --- full, inode-less and read-only file systems (private mount namespace) ---
if unshare -m true 2> /dev/null; then
	cat > "$work/fs.sh" <<'FS'
set -u
hv=$1 src=$2 work=$3 top=$4
. "$top/tests/fault/lib.sh"
m=$work/mnt
mkdir -p "$m"
mount -t tmpfs -o size=4m tmpfs "$m" || exit 1
build "$src" -o "$m/out" || { bad "build on tmpfs"; exit 1; }
dd if=/dev/zero of="$m/filler" bs=4k 2> /dev/null
expect "full file system (ENOSPC)" 3 'No space left on device' "$m/out" -- \
	"$hv" build "$src" -o "$m/out"
rm -f "$m/filler"
build "$src" -o "$m/out" && ok "the build succeeds once there is space again" ||
	bad "the build fails with space again"
umount "$m"
mount -t tmpfs -o size=4m,nr_inodes=6 tmpfs "$m" || exit 1
expect "file system out of inodes (new DIR)" 3 'No space left on device' "$m/out" -- \
	"$hv" build "$src" -o "$m/out"
umount "$m"
mount -t tmpfs -o size=4m tmpfs "$m" || exit 1
build "$src" -o "$m/out" || { bad "build on tmpfs"; exit 1; }
mount -o remount,ro "$m"
expect "read-only file system" 3 'Read-only file system' "$m/out" -- \
	"$hv" build "$src" -o "$m/out"
expect "read-only file system (new DIR)" 3 'Read-only file system' "$m/new" -- \
	"$hv" build "$src" -o "$m/new"
expect "graph -o FILE on a read-only file system" 3 'Read-only file system' "$m/out" -- \
	"$hv" graph "$src" -o "$m/out/g.dot"
umount "$m"
echo "fs: $pass $fail"
[ "$fail" -eq 0 ]
FS
	unshare -m sh "$work/fs.sh" "$hv" "$src" "$work" "$top" > "$work/fs.out" 2>&1
	st=$?
	grep -v '^fs:' "$work/fs.out"
	set -- $(sed -n 's/^fs: //p' "$work/fs.out")
	pass=$((pass + ${1:-0})) fail=$((fail + ${2:-1}))
	[ "$st" -eq 0 ] || [ "${2:-1}" -ne 0 ] || bad "file-system tests did not finish"
else
	skipped "full and read-only file systems: 'unshare -m' needs root"
fi

# --- write errors on standard output ---
expect "plan > /dev/full" 3 'cannot write to standard output' "$d" -- \
	sh -c '"$0" plan "$1" > /dev/full' "$hv" "$src"
expect "plan --yaml > /dev/full" 3 'standard output' "$d" -- \
	sh -c '"$0" plan --yaml "$1" > /dev/full' "$hv" "$src"
expect "--version > /dev/full" 3 'standard output' "$d" -- \
	sh -c '"$0" --version > /dev/full' "$hv"
expect "--help > /dev/full" 3 'standard output' "$d" -- \
	sh -c '"$0" --help > /dev/full' "$hv"
for c in "graph $src" "graph -T svg $src" "random --seed 1" "build --help"; do
	# shellcheck disable=SC2086
	if "$hv" $c > /dev/null 2>&1; then
		expect "$c > /dev/full" 3 'hvnetc.*error' "$d" -- \
			sh -c '"$0" "$@" > /dev/full' "$hv" $c
	else
		skipped "$c > /dev/full: '$c' does not work yet"
	fi
done

# --- graph -o FILE: a device, a pipe or a link is written through, never replaced ---
g=$work/graph
mkdir -p "$g"
if mknod "$g/full" c 1 7 2> /dev/null; then
	expect "graph -o a full device" 3 'No space left on device' "$g" -- \
		"$hv" graph -T svg "$src" -o "$g/full"
	[ -c "$g/full" ] && ok "graph -o a device leaves the device node" ||
		bad "graph -o replaced the device node"
else
	skipped "graph -o a device: mknod needs root"
fi
echo old > "$g/t.svg" && ln -sfn t.svg "$g/l.svg"
if "$hv" graph -T svg "$src" -o "$g/l.svg" 2> "$work/err" && [ -L "$g/l.svg" ] &&
    grep -q '<svg' "$g/t.svg"; then
	ok "graph -o a symbolic link writes its target and keeps the link"
else
	bad "graph -o a symbolic link"
fi
mkfifo "$g/p"
cat "$g/p" > "$g/fromfifo" &
if "$hv" graph "$src" -o "$g/p" 2> "$work/err" && wait $! && [ -p "$g/p" ] &&
    grep -q graph "$g/fromfifo"; then
	ok "graph -o a named pipe writes into the pipe"
else
	bad "graph -o a named pipe"
fi
rm -f "$g/p"

# --- hand-edited, foreign and other backends' files ---
fresh "$d"
own=$(sed -n '1s/^[0-9a-f]*  //p' "$d/MANIFEST")
echo "# edited" >> "$d/$own"
expect "hand-edited '$own' refused without --force" 3 "'$d/$own' was edited" "$d" -- \
	"$hv" build "$src" -o "$d"
if build "$src" -o "$d" --force && ! grep -q '# edited' "$d/$own" &&
    (cd "$d" && sha256sum -c --quiet MANIFEST); then
	ok "--force overwrites the hand-edited '$own'"
else
	bad "--force did not overwrite '$own'"
fi
i1=$(stat -c %i "$d/notes.txt") i2=$(stat -c %i "$d/extra/deep/keep")
if build "$src" -o "$d" && [ "$(cat "$d/notes.txt")" = mine ] &&
    [ "$(stat -c %i "$d/notes.txt")" = "$i1" ] &&
    [ "$(stat -c %i "$d/extra/deep/keep")" = "$i2" ] &&
    ! grep -Eq ' (notes.txt|extra/)' "$d/MANIFEST"; then
	ok "foreign files are kept (same inodes) and stay out of MANIFEST"
else
	bad "foreign files not kept"
fi
if grep -q '  plan.yaml$' "$d/MANIFEST" && [ "$(wc -l < "$d/MANIFEST")" -gt 1 ]; then
	other=$(grep -v '  plan.yaml$' "$d/MANIFEST" | sed -n '1s/^[0-9a-f]*  //p')
	echo "# edited" >> "$d/$other"
	ip=$(stat -c %i "$d/plan.yaml") io=$(stat -c %i "$d/$other")
	if build "$src" -o "$d" --only plan && [ "$(stat -c %i "$d/plan.yaml")" != "$ip" ] &&
	    [ "$(stat -c %i "$d/$other")" = "$io" ] && grep -q '# edited' "$d/$other" &&
	    grep -q "  $other\$" "$d/MANIFEST" && [ "$(cat "$d/notes.txt")" = mine ]; then
		ok "--only plan rewrites plan.yaml, keeps '$other' (even edited) and foreign files"
	else
		bad "--only plan"
	fi
	expect "edited '$other' still refused by a full build" 3 "'$d/$other' was edited" "$d" -- \
		"$hv" build "$src" -o "$d"
else
	skipped "--only: the build writes no plan.yaml and another file yet"
fi
echo "# edited" >> "$d/plan.yaml"
expect "--only plan refuses its own hand-edited plan.yaml" 3 "'$d/plan.yaml' was edited" "$d" -- \
	"$hv" build "$src" -o "$d" --only plan
# Own files the new build does not write are removed, unless edited; foreign ones stay.
nw=$top/samples/nw.yaml
fresh "$d" && build "$nw" -o "$d" --force && echo "# edited" >> "$d/libvirt/vm15.xml" &&
	mkdir -p "$d/guests/vm9/mine" "$d/emptyforeign"
expect "a dropped own file that was edited is refused" 3 "'$d/libvirt/vm15.xml' was edited" "$d" -- \
	"$hv" build "$src" -o "$d"
if build "$src" -o "$d" --force && [ ! -e "$d/libvirt/vm15.xml" ] && [ ! -e "$d/libvirt/vm4.xml" ] &&
    [ "$(cat "$d/notes.txt")" = mine ] && (cd "$d" && sha256sum -c --quiet MANIFEST) &&
    [ "$(wc -l < "$d/MANIFEST")" -eq "$(wc -l < "$work/probe/MANIFEST")" ]; then
	ok "rebuilding nw's DIR from fig1 removes nw's own files and keeps foreign ones"
	if [ ! -e "$d/guests/vm15" ] && [ -d "$d/guests/vm9/mine" ] && [ -d "$d/emptyforeign" ]; then
		ok "directories left empty by dropped own files go; foreign directories stay"
	else
		bad "empty directories of dropped own files: $(find "$d" -type d -empty | head -3)"
	fi
else
	bad "own files of the previous build not removed"
fi
f=$work/foreign
rm -rf "$f" && mkdir -p "$f" && echo x > "$f/data.csv"
expect "non-empty DIR without MANIFEST refused" 3 'not an hvnetc output directory' "$f" -- \
	"$hv" build "$src" -o "$f"
if build "$src" -o "$f" --force && [ "$(cat "$f/data.csv")" = x ] &&
    (cd "$f" && sha256sum -c --quiet MANIFEST) && ! grep -q data.csv "$f/MANIFEST"; then
	ok "--force writes into a foreign DIR and keeps its files"
else
	bad "--force into a foreign DIR"
fi
mkdir -p "$work/target" && ln -sfn "$work/target" "$work/link"
if build "$src" -o "$work/link" && build "$src" -o "$work/link/" && [ -L "$work/link" ] &&
    (cd "$work/target" && sha256sum -c --quiet MANIFEST) && [ "$(leftovers "$work/target")" -eq 0 ]; then
	ok "a DIR that is a symbolic link stays one; its target gets the tree"
else
	bad "a DIR that is a symbolic link"
fi
ln -sfn "$work/nowhere" "$work/dangling"
expect "DIR is a dangling symbolic link" 3 'cannot follow' "$work/dangling" -- \
	"$hv" build "$src" -o "$work/dangling"
echo x > "$work/afile"
expect "DIR is a regular file" 3 'not a directory' "$work/afile" -- "$hv" build "$src" -o "$work/afile"
expect "DIR in a missing parent" 3 'cannot open' "$work/no/such" -- \
	"$hv" build "$src" -o "$work/no/such/dir"
expect "invalid input writes nothing" 1 'error' "$d" -- \
	sh -c 'printf "hvnet: 1\nname: Bad\n" | "$0" build - -o "$1"' "$hv" "$d"

echo "faults: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
