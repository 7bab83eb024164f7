#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time: scripts/fuzz.sh [SECONDS per target, default 60] [TARGET...]
# Crashing inputs are written to fuzz/crashes/<target>/; copy them to Tests/FuzzRegressions/<target>/
# so that the regression test replays them on every `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzJSONLines FuzzGzip FuzzStateLog FuzzTokenizer)

# The libraries are built with libFuzzer's coverage instrumentation in their own build folder; each target in fuzz/
# is one file that defines LLVMFuzzerTestOneInput and is linked against them (libFuzzer supplies main).
bin=.build-fuzz/release
swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer --target NearDupWatch >/dev/null
link() {
    swiftc -O -sanitize=fuzzer -parse-as-library "fuzz/$1.swift" -module-name "$1" -I "$bin/Modules" \
        -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap -Xcc -fmodule-map-file=Sources/CLinuxEvents/module.modulemap \
        "$bin"/NearDupCore.build/*.o "$bin"/NearDupIO.build/*.o "$bin"/NearDupWatch.build/*.o "$bin"/Logging.build/*.o \
        -lz -o "$bin/$1"
}

seed() {  # A few valid inputs per target, so the fuzzer starts from real formats.
    local target="$1" dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    case "$target" in
        FuzzJSONLines)
            printf '{"id":"a","text":"Markets rose on Friday.\\n\\nRates fell."}' >"$dir/record"
            printf '{"id":12,"text":"caf\\u00e9 \\ud83d\\ude00","meta":{"k":[1,2.5e3,null,true]}}' >"$dir/escapes" ;;
        FuzzGzip)
            printf 'Markets rose on Friday.\n\nRates fell.\n' | gzip -c >"$dir/member"
            { printf 'one\n' | gzip -c; printf 'two\n' | gzip -c; printf '\0\0'; } >"$dir/members-and-padding" ;;
        FuzzStateLog)
            cp fuzz/seeds/FuzzStateLog/* "$dir/" ;;  # a log of the five seeds, one batch each
        FuzzTokenizer)
            cp corpora/seeds/*.txt "$dir/" ;;
    esac
}

for target in "${targets[@]}"; do
    link "$target"
    seed "$target"
    mkdir -p "fuzz/crashes/$target"
    log="$bin/$target.log"
    "$bin/$target" "fuzz/corpus/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="fuzz/crashes/$target/" -print_final_stats=1 >"$log" 2>&1 || true
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    crashes=$(find "fuzz/crashes/$target" -type f | wc -l)
    echo "$target: $runs inputs in ${seconds}s, $crashes crashing input(s) kept"
done
