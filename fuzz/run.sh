#!/usr/bin/env bash
# Builds each libFuzzer target in fuzz/ and runs it for FUZZ_SECONDS on its seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=$(ls fuzz/*/entry.swift 2>/dev/null || true)
if [ -z "$targets" ]; then
    echo "fuzz: no targets yet"
    exit 0
fi
