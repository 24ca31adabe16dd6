#!/usr/bin/env bash
# Builds each libFuzzer target fuzz/NAME (entry.swift plus the files listed in fuzz/NAME/sources) and runs
# it for FUZZ_SECONDS on a copy of its seed corpus in fuzz/.out/NAME. Fails when a target finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
SWIFTC="${SWIFTC:-swiftc}"
targets=$(ls fuzz/*/entry.swift 2>/dev/null || true)
if [ -z "$targets" ]; then
    echo "fuzz: no targets yet"
    exit 0
fi
mkdir -p .build/fuzz
status=0
for entry in $targets; do
    dir=$(dirname "$entry")
    name=$(basename "$dir")
    sources=()
    if [ -f "$dir/sources" ]; then
        while IFS= read -r line; do
            [ -n "$line" ] && [ "${line#\#}" = "$line" ] && sources+=("$line")
        done <"$dir/sources"
    fi
    out="fuzz/.out/$name"
    rm -rf "$out/corpus"
    mkdir -p "$out/corpus" "$out/artifacts"
    echo "fuzz: building $name"
    # The linker warns about every sanitizer symbol; keep its output unless the build fails.
    if ! "$SWIFTC" -O -sanitize=fuzzer,address -parse-as-library "${sources[@]}" "$entry" \
        -o ".build/fuzz/$name" >"$out/build.txt" 2>&1; then
        grep -v "Cannot export local symbol" "$out/build.txt" >&2
        exit 1
    fi
    if [ -d "$dir/corpus" ]; then cp -R "$dir/corpus/." "$out/corpus/"; fi
    echo "fuzz: running $name for ${FUZZ_SECONDS}s"
    if ! ".build/fuzz/$name" -max_total_time="$FUZZ_SECONDS" -timeout=10 -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/" "$out/corpus" >"$out/log.txt" 2>&1; then
        echo "fuzz: $name found a failure; see $out/log.txt and $out/artifacts/" >&2
        tail -n 40 "$out/log.txt" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::new_units_added" "$out/log.txt" || true
    fi
done
exit $status
