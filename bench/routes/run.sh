#!/bin/sh
# Builds the route-matching benchmark with optimization and runs it. The `Shared` module comes from the package's
# release build; the routing sources are compiled into the benchmark itself, so internal API is reachable.
set -eu
cd "$(dirname "$0")/../.."
swift build -c release --target Shared >/dev/null
release=.build/release
output="$release/route-bench"
swiftc -O -wmo -module-name RouteBench \
    -I "$release/Modules" -I Sources/COpenSSL \
    -Xcc -fmodule-map-file="$release/CLinux.build/module.modulemap" \
    Sources/DataPlane/Routing/*.swift bench/routes/main.swift \
    "$release"/Shared.build/*.o "$release"/CLinux.build/*.o -lssl -lcrypto \
    -o "$output"
"$output"
