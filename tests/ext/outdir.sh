#!/bin/sh
# What a build does to DIR and beside it (hvnetc(1), FILES): a lock against
# a second build, unique and marked staging directories, leftovers of a
# killed build removed, foreign and edited files never replaced without
# --force (which names each), a MANIFEST that does not parse named, and
# MANIFEST or own files that are not regular files never read.
set -u
hv=$1
top=$(pwd)
shim=$top/build/faultshim.so
asan=$top/build/asan/hvnetc
src=$top/samples/fig1.yaml
work=$(mktemp -d)
trap 'kill "$slow" 2> /dev/null; rm -rf "$work"' EXIT
slow=
pass=0 fail=0 skip=0
. "$top/tests/fault/lib.sh"

# 1. A second build while the first holds DIR fails, naming the holder.
d=$work/out
build "$src" -o "$d" || bad "first build"
i=0
while [ $i -lt 2000 ]; do : > "$d/foreign-$i"; i=$((i + 1)); done
env LD_PRELOAD="$shim" HVF_SLOW_US=200000 "$hv" build "$src" -o "$d" > /dev/null 2>&1 &
slow=$!
n=0
while [ $n -lt 100 ] && ! ls -A "$work" | grep -q '^\.out\.hvnetc-'; do sleep 0.05; n=$((n + 1)); done
if "$hv" build "$src" -o "$d" 2> "$work/err"; then
	bad "a second build ran while the first held '$d'"
elif grep -q "is being written by another hvnetc (process $slow" "$work/err"; then
	ok "a second build fails and names the first: $(cat "$work/err")"
else
	bad "a second build: $(cat "$work/err")"
fi
[ -f "$work/.out.hvnetc.lock" ] && ok "the refused build left the holder's lock file alone" ||
	bad "the refused build removed the lock file of the build that holds it"
wait "$slow" || bad "the first build failed"
slow=
[ ! -e "$work/.out.hvnetc.lock" ] && ok "the lock file goes with the build" ||
	bad "a lock file stays beside '$d' after the build"
[ "$(ls "$d" | grep -c '^foreign-')" -eq 2000 ] && ok "the 2,000 foreign files are all kept" ||
	bad "foreign files lost: $(ls "$d" | grep -c '^foreign-') of 2000"
rm -f "$d"/foreign-*

# 2. Staging names are unique; a user's look-alike directories stay.
mkdir -p "$work/.out.hvnetc-1" "$work/.out.hvnetc-abcdef"
echo mine > "$work/.out.hvnetc-1/keep"
echo mine > "$work/.out.hvnetc-abcdef/keep"
build "$src" -o "$d"
if [ -f "$work/.out.hvnetc-1/keep" ] && [ -f "$work/.out.hvnetc-abcdef/keep" ]; then
	ok "look-alike directories without hvnetc's marker are left alone"
else
	bad "a user's .out.hvnetc-* directory was removed"
fi
rm -rf "$work/.out.hvnetc-1" "$work/.out.hvnetc-abcdef"

# 4. kill -9 mid-build leaves a marked staging directory; the next build removes it.
env LD_PRELOAD="$shim" HVF_SLOW_US=200000 "$hv" build "$src" -o "$d" > /dev/null 2>&1 &
slow=$!
n=0
while [ $n -lt 100 ] && ! ls -A "$work" | grep -q '^\.out\.hvnetc-'; do sleep 0.05; n=$((n + 1)); done
sleep 0.3
kill -9 "$slow"
wait "$slow" 2> /dev/null
slow=
left=$(ls -A "$work" | grep -c '^\.out\.hvnetc-')
if [ "$left" -eq 1 ]; then
	ok "kill -9 leaves one staging directory"
	build "$src" -o "$d" || bad "the build after kill -9: $(cat "$work/err")"
	[ "$(ls -A "$work" | grep -c '^\.out\.hvnetc-')" -eq 0 ] &&
		ok "the next build removed it" || bad "the leftover staging directory stays"
else
	bad "after kill -9: $left staging directories"
fi

# 3. A foreign file at a path the build writes: refused, --force names it.
sed 's/^  vm3: {/  vm4: {}\n  vm3: {/' "$src" > "$work/four.yaml"
if "$hv" check "$work/four.yaml" 2> "$work/err"; then
	build "$src" -o "$d"
	echo "<domain>mine</domain>" > "$d/libvirt/vm4.xml"
	expect "a foreign file at a path of the new build" 3 \
		"'.*/libvirt/vm4.xml' is not hvnetc's \(MANIFEST does not list it\); use --force" \
		"$d" -- "$hv" build "$work/four.yaml" -o "$d"
	if "$hv" build --force "$work/four.yaml" -o "$d" 2> "$work/err" &&
	    grep -q "warning: --force: replacing '.*/libvirt/vm4.xml'" "$work/err"; then
		ok "--force replaces it and names it"
	else
		bad "--force over a foreign file: $(cat "$work/err")"
	fi
else
	skipped "no four-node variant of $src: $(head -1 "$work/err")"
fi
build "$src" -o "$d"
echo edited >> "$d/plan.yaml"
if "$hv" build --force "$src" -o "$d" 2> "$work/err" &&
    grep -q "warning: --force: overwriting '.*/plan.yaml', edited" "$work/err"; then
	ok "--force names the edited file it overwrites"
else
	bad "--force over an edited file: $(cat "$work/err")"
fi

# A MANIFEST that does not parse is an error that names it.
build "$src" -o "$d"
sed 's/$/\r/' "$d/MANIFEST" > "$work/m" && cat "$work/m" > "$d/MANIFEST"
expect "a MANIFEST with CRLF line ends" 3 "'.*/MANIFEST' line 1 is not 'SHA256  PATH'" "$d" -- \
	"$hv" build "$src" -o "$d"
build --force "$src" -o "$d" 2> /dev/null
rm -rf "$d"; build "$src" -o "$d"
{ printf '\0'; cat "$d/MANIFEST"; } > "$work/m" && cat "$work/m" > "$d/MANIFEST"
expect "a MANIFEST that starts with a NUL byte" 3 "'.*/MANIFEST' line 1 is not" "$d" -- \
	"$hv" build "$src" -o "$d"

# 5. MANIFEST and own files that are not regular files are never read.
rm -rf "$d"; build "$src" -o "$d"
rm "$d/MANIFEST" && ln -s /dev/zero "$d/MANIFEST"
expect "MANIFEST a link to /dev/zero" 3 "MANIFEST' is not a regular file" "$d" -- \
	timeout 10 "$hv" build "$src" -o "$d"
rm "$d/MANIFEST" && mkfifo "$d/MANIFEST"
expect "MANIFEST a FIFO" 3 "MANIFEST' is not a regular file" "$d" -- \
	timeout 10 "$hv" build "$src" -o "$d"
rm -rf "$d"; build "$src" -o "$d"
rm "$d/plan.yaml" && ln -s /dev/zero "$d/plan.yaml"
expect "an own file a link to /dev/zero" 3 "plan.yaml' was edited" "$d" -- \
	timeout 10 "$hv" build "$src" -o "$d"
rm "$d/plan.yaml" && mkfifo "$d/plan.yaml"
expect "an own file a FIFO" 3 "plan.yaml' was edited" "$d" -- \
	timeout 10 "$hv" build "$src" -o "$d"

# 8. An empty DIR and an empty MANIFEST, under ASan and UBSan.
if [ -x "$asan" ]; then
	rm -rf "$d" && mkdir "$d"
	ASAN_OPTIONS=detect_leaks=0 "$asan" build "$src" -o "$d" 2> "$work/err" &&
		ok "an empty DIR (ASan, UBSan)" || bad "an empty DIR: $(head -3 "$work/err")"
	: > "$d/MANIFEST"
	ASAN_OPTIONS=detect_leaks=0 "$asan" build --force "$src" -o "$d" 2> "$work/err" &&
		ok "an empty MANIFEST (ASan, UBSan)" || bad "an empty MANIFEST: $(head -3 "$work/err")"
else
	skipped "no $asan"
fi
echo "outdir: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
