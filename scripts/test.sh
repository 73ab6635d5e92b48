#!/bin/sh
# test.sh: sets up everything and runs every test: unit, integration,
# fuzz corpora (gcc, then again under AddressSanitizer and UBSan), a
# short libFuzzer run of every fuzz target (clang), and the browser tests
# in Chromium. Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
scripts/deps.sh test || exit 1
export HARTSLAG_FUZZ_SECONDS=${HARTSLAG_FUZZ_SECONDS:-20}
passed=0
failed=0
log=$(mktemp)

count_meson() {
	# meson test prints "Ok: N", "Expected Fail: N", "Fail: N", ...
	ok=$(grep -E '^Ok: ' "$log" | tail -n1 | tr -dc 0-9)
	bad=$(grep -E '^(Fail|Unexpected Pass|Timeout): ' "$log" | tr -dc '0-9\n' |
		awk '{s+=$1} END {print s+0}')
	passed=$((passed + ${ok:-0}))
	failed=$((failed + ${bad:-0}))
}

step() {
	echo "== $*"
}

step "build and test (gcc, debug-optimised)"
if [ ! -f build/build.ninja ]; then meson setup build >/dev/null || exit 1; fi
if ninja -C build >"$log" 2>&1; then
	meson test -C build --print-errorlogs >"$log" 2>&1; cat "$log" | tail -n 25
	count_meson
else
	cat "$log"; failed=$((failed + 1))
fi

step "build and test under AddressSanitizer and UndefinedBehaviorSanitizer"
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug >/dev/null || exit 1
fi
if ninja -C build-asan >"$log" 2>&1; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
		meson test -C build-asan --print-errorlogs --timeout-multiplier 3 >"$log" 2>&1
	tail -n 25 "$log"
	count_meson
else
	cat "$log"; failed=$((failed + 1))
fi

step "libFuzzer: every target for $HARTSLAG_FUZZ_SECONDS s on its corpus"
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang-14 meson setup build-fuzz -Dfuzz=true -Dtests=false -Db_lundef=false \
		-Dwerror=true >/dev/null || exit 1
fi
if ninja -C build-fuzz >"$log" 2>&1; then
	for f in build-fuzz/tests/fuzz/libfuzzer/fuzz_*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		name=$(basename "$f" | sed 's/^fuzz_//')
		work=$(mktemp -d)
		cp tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
		if "$f" -max_total_time="$HARTSLAG_FUZZ_SECONDS" -rss_limit_mb=2048 \
			-artifact_prefix="$work/" "$work" >"$log" 2>&1; then
			echo "fuzz $name: ok ($(grep -o 'Done [0-9]* runs' "$log" | tr -dc 0-9) runs)"
			passed=$((passed + 1))
		else
			tail -n 40 "$log"
			echo "fuzz $name: FAILED (crash input kept in $work)"
			failed=$((failed + 1))
		fi
	done
else
	cat "$log"; failed=$((failed + 1))
fi

step "browser tests (Chromium)"
if (cd tests/browser && { [ -d node_modules ] || npm ci --no-audit --no-fund >"$log" 2>&1; }); then
	HARTSLAG_BIN=$PWD/build/src/cli/hartslag node --test tests/browser/ >"$log" 2>&1
	tail -n 30 "$log"
	p=$(grep -E '^# pass ' "$log" | tr -dc 0-9)
	f=$(grep -E '^# fail ' "$log" | tr -dc 0-9)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ -z "$p" ] && failed=$((failed + 1))
else
	cat "$log"; failed=$((failed + 1))
fi

rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
