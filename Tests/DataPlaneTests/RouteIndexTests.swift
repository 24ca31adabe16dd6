import Testing

@testable import DataPlane
@testable import Shared

/// A small seeded generator (SplitMix64), so every run draws the same routes and requests.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// A request as the route table sees it.
private struct Request: CustomStringConvertible {
    var method: String
    var host: String
    var path: String
    var query: String
    var headers: [String: String]

    var description: String { "\(method) \(host) \(path)?\(query) \(headers)" }
}

/// Random routes and requests drawn from small pools, so that hosts, segments and conditions often coincide.
private struct Draw {
    var generator: SeededGenerator

    static let exactHosts = ["a.test", "b.test", "x.a.test", "api.example.com", "example.com", "k\u{212A}.test"]
    static let wildcardHosts = ["*.test", "*.a.test", "*.example.com", "*.x.a.test", "*.caf\u{E9}.test"]
    static let requestHosts = [
        "a.test", "b.test", "x.a.test", "y.x.a.test", "api.example.com", "example.com", "www.example.com", "test",
        ".test", "", "a.test.", "c.test", "z.b.test", "kk.test", "k\u{212A}.test", "m.cafe\u{301}.test",
    ]
    static let segments = ["", "a", "b", "users", "v1", "v22", "7", "static", "app.js", "usersx"]
    static let methods = ["GET", "POST", "DELETE"]

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &generator) < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values.randomElement(using: &generator)!
    }

    /// A path of up to `maximumCount` segments; route patterns take no empty segment, so that few of them
    /// match everything.
    mutating func segmentPath(maximumCount: Int, isPattern: Bool) -> String {
        let count = Int.random(in: (isPattern ? 1 : 0)...maximumCount, using: &generator)
        let pool = isPattern ? Array(Self.segments.dropFirst()) : Self.segments
        return (0..<count).map { _ in "/" + pick(pool) }.joined()
    }

    mutating func path() -> RouteMatch.PathMatch? {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return chance(30) ? nil : .exact("/")
        case 1, 2: return .exact(segmentPath(maximumCount: 3, isPattern: true) + (chance(20) ? "/" : ""))
        case 3, 4, 5, 6:
            let text = chance(2) ? "" : segmentPath(maximumCount: 3, isPattern: true)
            return .prefix(chance(25) ? text + "/" : text)
        case 7:
            return .template(pick(["/users/{id}", "/a/{rest...}", "/{first}/b", "/users/{id}/v1", "/v1/{all...}"]))
        case 8:
            return .regex(pick(["/v[0-9]+/.*", "/a/b", "/users/[0-9]+", ".*x"]))
        default:
            return .prefix(pick(["/caf\u{E9}", "/a/\u{212A}", "/b/caf\u{E9}/"]))
        }
    }

    mutating func spec() -> RouteSpec {
        var hosts: [String] = []
        if chance(75) {
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                hosts.append(chance(65) ? pick(Self.exactHosts) : pick(Self.wildcardHosts))
            }
        }
        let methods = chance(30) ? Array(Self.methods.shuffled(using: &generator).prefix(2)) : []
        let path = path()
        var headers: [RouteMatch.HeaderMatch] = []
        // A route taking every path of every host is gated on a header, so that some requests find no route.
        let takesEveryPath = path == nil || path == .prefix("") || path == .prefix("/")
        if hosts.isEmpty && takesEveryPath {
            headers.append(.init(name: "x-env", condition: .exact("prod")))
        } else if chance(15) {
            headers.append(.init(name: "x-env", condition: .exact("prod"), isInverted: chance(30)))
        }
        let query: [RouteMatch.QueryMatch] = chance(10) ? [.init(name: "debug", condition: .present)] : []
        let match = RouteMatch(hosts: hosts, path: path, methods: methods, headers: headers, query: query)
        return RouteSpec(match: match, priority: Int.random(in: 0...2, using: &generator), action: .service("s"))
    }

    mutating func request() -> Request {
        var path: String
        switch Int.random(in: 0..<20, using: &generator) {
        case 0: path = pick(["", "*", "//a", "/caf\u{E9}/x", "/cafe\u{301}", "/a/K", "/a/\u{212A}/b"])
        default: path = segmentPath(maximumCount: 4, isPattern: false) + (chance(15) ? "/" : "")
        }
        if path.isEmpty, chance(80) {
            path = "/"
        }
        return Request(
            method: pick(Self.methods), host: pick(Self.requestHosts), path: path,
            query: chance(15) ? pick(["debug", "debug=1", "x=1&debug", "d%65bug=2"]) : "",
            headers: chance(30) ? ["x-env": pick(["prod", "dev"])] : [:])
    }
}

@Suite struct RouteIndexTests {
    private static func match(_ table: RouteTable, _ request: Request, linearly: Bool) -> RouteTable.Match? {
        let header: (String) -> String? = { request.headers[$0] }
        if linearly {
            return table.matchLinearly(
                method: request.method, host: request.host, path: request.path[...], query: request.query[...],
                header: header)
        }
        return table.match(
            method: request.method, host: request.host, path: request.path[...], query: request.query[...],
            header: header)
    }

    @Test(arguments: [1, 2, 3, 4])
    func indexAgreesWithTryingEveryRouteInOrder(seed: UInt64) throws {
        var draw = Draw(generator: SeededGenerator(state: seed))
        var specs: [String: RouteSpec] = [:]
        for number in 0..<300 {
            specs["r\(number)"] = draw.spec()
        }
        let table = try RouteTable(specs)

        var matched = 0
        var winners: Set<String> = []
        for _ in 0..<5_000 {
            let request = draw.request()
            let indexed = Self.match(table, request, linearly: false)
            let linear = Self.match(table, request, linearly: true)
            #expect(indexed?.route.name == linear?.route.name, "\(request)")
            #expect(indexed?.captures == linear?.captures, "\(request)")
            matched += linear == nil ? 0 : 1
            winners.insert(linear?.route.name ?? "")
        }
        // The draw must exercise both outcomes, and many different winners, to mean anything.
        #expect(matched > 1_000 && matched < 4_800)
        #expect(winners.count > 80)
    }

    /// Prefix matching as `String` defines it, character by character; the table compares bytes when that gives the
    /// same answer.
    private static func takesByCharacters(prefix: String, path: Substring) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        if prefix.hasSuffix("/") || path.count == prefix.count {
            return true
        }
        return path[path.index(path.startIndex, offsetBy: prefix.count)] == "/"
    }

    @Test func prefixComparedAsBytesAgreesWithCharacters() throws {
        var generator = SeededGenerator(state: 7)
        // A carriage return before a line feed makes one character of two bytes.
        let pieces = ["/", "a", "b", "\r", "\n", "\r\n", "\u{301}", "/\u{301}"]
        func text(_ count: ClosedRange<Int>) -> String {
            (0..<Int.random(in: count, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
        }
        for _ in 0..<150 {
            let prefix = text(0...4)
            let spec = RouteSpec(match: RouteMatch(path: .prefix(prefix)), action: .service("s"))
            let table = try RouteTable(["only": spec])
            for _ in 0..<40 {
                let path = text(0...6)
                let found = table.match(method: "GET", host: "a.test", path: path[...], query: "") { _ in nil }
                #expect((found != nil) == Self.takesByCharacters(prefix: prefix, path: path[...]), "\(prefix) \(path)")
            }
        }
    }

    @Test func lookupVisitsOnlyRoutesOfTheRequestHostAndPath() throws {
        var specs: [String: RouteSpec] = [:]
        for number in 0..<1_000 {
            let match = RouteMatch(hosts: ["h\(number % 100).test"], path: .prefix("/service\(number / 100)"))
            specs["r\(number)"] = RouteSpec(match: match, action: .service("s"))
        }
        let table = try RouteTable(specs)

        var visited: [Int32] = []
        table.index.forEachCandidateList(host: "h42.test", path: "/service3/items/9") { visited += $0 }
        #expect(visited.map { table.routes[Int($0)].name } == ["r342"])
        let found = table.match(method: "GET", host: "h42.test", path: "/service3/items/9", query: "") { _ in nil }
        #expect(found?.route.name == "r342")
    }

    @Test func routeNamingOneHostTwiceIsOfferedOnce() throws {
        let spec = RouteSpec(match: RouteMatch(hosts: ["a.test", "a.test"], path: .prefix("/")), action: .service("s"))
        let table = try RouteTable(["twice": spec])

        var visited: [Int32] = []
        table.index.forEachCandidateList(host: "a.test", path: "/x") { visited += $0 }
        #expect(visited == [0])
    }

    @Test func byteStringTableKeepsScopesApart() {
        var table = ByteStringTable()
        for scope in 0..<10 {
            for number in 0..<30 {
                table.insert("segment\(number)".utf8, inScope: scope, value: scope * 100 + number)
            }
        }
        table.insert("".utf8, inScope: 3, value: -1)

        #expect(table.value(forKey: "segment7".utf8, inScope: 4) == 407)
        #expect(table.value(forKey: "segment29".utf8, inScope: 0) == 29)
        #expect(table.value(forKey: "".utf8, inScope: 3) == -1)
        #expect(table.value(forKey: "".utf8, inScope: 4) == nil)
        #expect(table.value(forKey: "segment30".utf8, inScope: 4) == nil)
        #expect(table.value(forKey: "segment7".utf8, inScope: 10) == nil)
        #expect(ByteStringTable().value(forKey: "a".utf8) == nil)
    }
}
