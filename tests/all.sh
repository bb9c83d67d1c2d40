#!/bin/sh
# make test: the unit tests, the same under ASan+UBSan, then the external
# tests (tests/ext.sh) against the binary given.  The whole log goes to
# build/test.log too, and a passing run has no error-shaped line in it
# ("ERROR", "Error:", "FAILED"): each test captures the noise it expects.
set -u
log=build/test.log
mkdir -p build
: > "$log"
status=0 passed=0 failed=0
step() {
	echo "== $*" | tee -a "$log"
	{ "$@" 2>&1; echo $? > build/test.status; } | tee -a "$log"
	if [ "$(cat build/test.status)" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		status=1
	fi
}
step ./build/unittests --jobs=2
step env ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp \
	./build/asan/unittests --jobs=2
step sh tests/ext.sh "$1"
if grep -nE 'ERROR|Error:|FAILED' "$log" > build/test.noise; then
	echo "test: error-shaped lines in the log (build/test.log):"
	cat build/test.noise
	status=1
fi
[ "$status" -eq 0 ] && echo "no error-shaped line in the log"
echo "test: $passed passed, $failed failed"
exit "$status"
