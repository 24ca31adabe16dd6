// Measures route matching in release: nanoseconds per lookup for a table of one route and for a table of 1,000
// routes keyed on host and path prefix, plus the same 1,000 routes tried one by one for comparison.
// Build and run with `bench/routes/run.sh`.

import Shared

/// A table whose routes are `h000.test` … on `/service0` …: `hostCount` hosts times `prefixCount` prefixes.
func table(hostCount: Int, prefixCount: Int) throws -> RouteTable {
    var specs: [String: RouteSpec] = [:]
    for host in 0..<hostCount {
        for prefix in 0..<prefixCount {
            let name = hostName(host)
            let match = RouteMatch(hosts: [name], path: .prefix("/service\(prefix)"), methods: ["GET"])
            specs["\(name)-\(prefix)"] = RouteSpec(match: match, action: .service("s"))
        }
    }
    return try RouteTable(specs)
}

func hostName(_ number: Int) -> String {
    let digits = String(number)
    return "h" + String(repeating: "0", count: 3 - digits.count) + digits + ".test"
}

/// The best of `rounds` timings of `iterations` lookups, in nanoseconds per lookup.
func nanosecondsPerLookup(
    _ label: String, rounds: Int = 7, iterations: Int = 2_000_000, lookup: () -> RouteTable.Match?
) {
    var best = Double.infinity
    var checksum = 0
    for _ in 0..<rounds {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations {
            checksum &+= lookup()?.route.name.utf8.count ?? 0
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds * 1e9 / Double(iterations))
    }
    let padded = label + String(repeating: " ", count: max(0, 44 - label.count))
    let tenths = Int((best * 10).rounded())
    print(padded, "\(tenths / 10).\(tenths % 10) ns/match", "(checksum \(checksum))")
}

let one = try table(hostCount: 1, prefixCount: 1)
let thousand = try table(hostCount: 100, prefixCount: 10)
let oneHost = "h000.test"
let thousandHost = "h042.test"
let onePath: Substring = "/service0/items/42"
let thousandPath: Substring = "/service7/items/42"
let noHeader: (String) -> String? = { _ in nil }

nanosecondsPerLookup("index, 1 route") {
    one.match(method: "GET", host: oneHost, path: onePath, query: "", header: noHeader)
}
nanosecondsPerLookup("index, 1,000 host+prefix routes") {
    thousand.match(method: "GET", host: thousandHost, path: thousandPath, query: "", header: noHeader)
}
// The same table, each lookup for the next of all 1,000 routes, so that the index is not read from one hot spot.
let spread = (0..<1_000).map { (host: hostName($0 % 100), path: "/service\($0 / 100)/items/42"[...]) }
var next = 0
nanosecondsPerLookup("index, 1,000 routes, requests spread over all") {
    let request = spread[next]
    next = next == spread.count - 1 ? 0 : next + 1
    return thousand.match(method: "GET", host: request.host, path: request.path, query: "", header: noHeader)
}
nanosecondsPerLookup("linear scan, 1 route") {
    one.matchLinearly(method: "GET", host: oneHost, path: onePath, query: "", header: noHeader)
}
nanosecondsPerLookup("linear scan, 1,000 host+prefix routes", iterations: 20_000) {
    thousand.matchLinearly(method: "GET", host: thousandHost, path: thousandPath, query: "", header: noHeader)
}
