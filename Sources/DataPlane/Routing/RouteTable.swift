import Shared

/// The routes of one snapshot, compiled for matching: the route that comes first in the documented order (see
/// `RouteOrder`) among those matching a request wins.
///
/// A ``RouteIndex`` built at init narrows each lookup to the routes whose host and path conditions could hold, so
/// the cost of a lookup depends on how many routes share the request's host and path, not on the table's size.
public final class RouteTable: @unchecked Sendable {
    // Safe: immutable after init; `Regex` values are only read (matching does not mutate them).

    /// A route ready for matching; a class, so that handing one out is a reference count, not a copy of the spec.
    public final class Route {
        /// The route's name.
        public let name: String
        /// The route as configured.
        public let spec: RouteSpec
        let hosts: [HostPattern]
        let path: PathMatcher?
        let methods: Set<String>
        let headers: [(RouteMatch.HeaderMatch, Regex<AnyRegexOutput>?)]

        init(
            name: String, spec: RouteSpec, hosts: [HostPattern], path: PathMatcher?, methods: Set<String>,
            headers: [(RouteMatch.HeaderMatch, Regex<AnyRegexOutput>?)]
        ) {
            self.name = name
            self.spec = spec
            self.hosts = hosts
            self.path = path
            self.methods = methods
            self.headers = headers
        }
    }

    /// What matching a request found.
    public struct Match {
        /// The route.
        public let route: Route
        /// Path segments captured by a template, by name.
        public let captures: [String: Substring]
    }

    /// A compiled host condition.
    enum HostPattern {
        /// The host equals the name.
        case exact(String)
        /// The host ends with the text (`.example.com` for `*.example.com`) and has something before it.
        case suffix(String)
    }

    /// A compiled path condition.
    enum PathMatcher {
        /// The path equals the text.
        case exact(String)
        /// The path starts with the text at a segment boundary. `comparesAsBytes` says that the text is ASCII
        /// without a carriage return: every byte is then a character of its own, so for an ASCII path comparing
        /// bytes answers the same as comparing characters.
        case prefix(String, comparesAsBytes: Bool)
        /// The whole path matches the expression.
        case regex(Regex<AnyRegexOutput>)
        /// The path matches the template.
        case template(PathTemplate)
    }

    /// The routes in matching order.
    public let routes: [Route]

    /// The candidates for each host and path, by position in ``routes``.
    let index: RouteIndex

    /// Compiles the routes of a validated snapshot.
    ///
    /// - Throws: `ConfigError` when a pattern does not compile (a validated snapshot never does this).
    public init(_ routes: [String: RouteSpec]) throws(ConfigError) {
        var compiled: [Route] = []
        for name in RouteOrder.sortedNames(routes) {
            guard let spec = routes[name] else { continue }
            compiled.append(try Self.compile(name: name, spec: spec))
        }
        self.routes = compiled
        self.index = RouteIndex(compiled)
    }

    private static func compile(name: String, spec: RouteSpec) throws(ConfigError) -> Route {
        let field = "routes.\(name).match"
        func regex(_ pattern: String) throws(ConfigError) -> Regex<AnyRegexOutput> {
            do {
                return try Regex(pattern)
            } catch {
                throw ConfigError(problems: [.init(field: field, reason: "regex does not compile")])
            }
        }
        var path: PathMatcher?
        switch spec.match.path {
        case nil: path = nil
        case .exact(let text)?: path = .exact(text)
        case .prefix(let text)?:
            path = .prefix(text, comparesAsBytes: RouteIndex.isASCII(text.utf8) && !text.utf8.contains(carriageReturn))
        case .regex(let pattern)?: path = .regex(try regex(pattern))
        case .template(let pattern)?:
            do {
                path = .template(try PathTemplate(pattern))
            } catch {
                throw ConfigError(problems: [.init(field: field + ".path_template", reason: "does not parse")])
            }
        }
        var headers: [(RouteMatch.HeaderMatch, Regex<AnyRegexOutput>?)] = []
        for header in spec.match.headers {
            if case .regex(let pattern) = header.condition {
                headers.append((header, try regex(pattern)))
            } else {
                headers.append((header, nil))
            }
        }
        let hosts = spec.match.hosts.map { host -> HostPattern in
            host.hasPrefix("*.") ? .suffix(String(host.dropFirst())) : .exact(host)
        }
        return Route(
            name: name, spec: spec, hosts: hosts, path: path, methods: Set(spec.match.methods), headers: headers)
    }

    /// The first route matching the request, or nil.
    ///
    /// - Parameters:
    ///   - method: the request method.
    ///   - host: the `Host` value, lower-cased, without a port.
    ///   - path: the path part of the target.
    ///   - query: the query part of the target, without `?`.
    ///   - header: looks up a request header by lower-cased name.
    public func match(
        method: String, host: String, path: Substring, query: Substring, header: (String) -> String?
    ) -> Match? {
        var best = Int.max
        var found: Match?
        let isIndexed = index.forEachCandidateList(host: host, path: path) { candidates in
            // Each list is in matching order, so the first match in it is its best, and nothing at or after
            // the best position found so far can win.
            for candidate in candidates {
                let position = Int(candidate)
                guard position < best else { return }
                let route = routes[position]
                let match = Self.match(
                    route, method: method, host: host, path: path, isASCIIPath: true, query: query, header: header)
                if let match {
                    best = position
                    found = match
                    return
                }
            }
        }
        // Limitation: the index compares bytes, which agrees with `String` comparison only for ASCII; a request
        // whose host or path holds other bytes is matched by trying every route. Lifted by comparing non-ASCII
        // text in the index the way `String` does (canonical equivalence).
        guard isIndexed else {
            return matchLinearly(method: method, host: host, path: path, query: query, header: header)
        }
        return found
    }

    /// The first route matching the request, found by trying every route in order: the definition the index must
    /// agree with, and the way requests the index cannot look up are matched.
    func matchLinearly(
        method: String, host: String, path: Substring, query: Substring, header: (String) -> String?
    ) -> Match? {
        let isASCIIPath = RouteIndex.isASCII(path.utf8)
        for route in routes {
            let match = Self.match(
                route, method: method, host: host, path: path, isASCIIPath: isASCIIPath, query: query, header: header)
            if let match {
                return match
            }
        }
        return nil
    }

    /// The match of `route` when every one of its conditions holds for the request, or nil.
    private static func match(
        _ route: Route, method: String, host: String, path: Substring, isASCIIPath: Bool, query: Substring,
        header: (String) -> String?
    ) -> Match? {
        guard route.methods.isEmpty || route.methods.contains(method) else { return nil }
        guard route.hosts.isEmpty || route.hosts.contains(where: { matches($0, host) }) else { return nil }
        var captures: [String: Substring] = [:]
        if let matcher = route.path {
            guard let found = matches(matcher, path, isASCIIPath: isASCIIPath) else { return nil }
            captures = found
        }
        guard route.headers.allSatisfy({ matches($0.0, $0.1, header) }) else { return nil }
        guard route.spec.match.query.allSatisfy({ matches($0, query) }) else { return nil }
        return Match(route: route, captures: captures)
    }

    private static func matches(_ pattern: HostPattern, _ host: String) -> Bool {
        switch pattern {
        case .exact(let name): return host == name
        case .suffix(let suffix): return host.count > suffix.count && host.hasSuffix(suffix)
        }
    }

    private static func matches(_ matcher: PathMatcher, _ path: Substring, isASCIIPath: Bool) -> [String: Substring]? {
        switch matcher {
        case .exact(let text):
            return path == text ? [:] : nil
        case .prefix(let prefix, let comparesAsBytes):
            if comparesAsBytes && isASCIIPath {
                return hasSegmentPrefix(path.utf8, prefix.utf8) ? [:] : nil
            }
            guard path.hasPrefix(prefix) else { return nil }
            // A prefix matches on segment boundaries: `/users` takes `/users` and `/users/7`, not `/usersx`.
            if prefix.hasSuffix("/") || path.count == prefix.count {
                return [:]
            }
            return path[path.index(path.startIndex, offsetBy: prefix.count)] == "/" ? [:] : nil
        case .regex(let regex):
            return (try? regex.wholeMatch(in: path)) != nil ? [:] : nil
        case .template(let template):
            return template.match(path)
        }
    }

    /// Whether `path` starts with `prefix` at a segment boundary, comparing bytes: the answer `hasPrefix` and a
    /// character count give when every byte on both sides is a character of its own.
    private static func hasSegmentPrefix(_ path: Substring.UTF8View, _ prefix: String.UTF8View) -> Bool {
        let compared = path.withContiguousStorageIfAvailable { path in
            prefix.withContiguousStorageIfAvailable { prefix in
                guard path.count >= prefix.count, path.prefix(prefix.count).elementsEqual(prefix) else { return false }
                return prefix.last == slash || path.count == prefix.count || path[prefix.count] == slash
            }
        }
        if let compared = compared ?? nil {
            return compared
        }
        guard let end = path.index(path.startIndex, offsetBy: prefix.count, limitedBy: path.endIndex),
            path[..<end].elementsEqual(prefix)
        else { return false }
        return prefix.last == slash || end == path.endIndex || path[end] == slash
    }

    private static let slash = UInt8(ascii: "/")
    private static let carriageReturn = UInt8(ascii: "\r")

    private static func matches(
        _ match: RouteMatch.HeaderMatch, _ regex: Regex<AnyRegexOutput>?, _ header: (String) -> String?
    ) -> Bool {
        let value = header(match.name.lowercased())
        let found: Bool
        switch match.condition {
        case .present: found = value != nil
        case .exact(let expected): found = value == expected
        case .prefix(let prefix): found = value?.hasPrefix(prefix) ?? false
        case .regex: found = value.flatMap { try? regex?.wholeMatch(in: $0) } != nil
        }
        return found != match.isInverted
    }

    private static func matches(_ match: RouteMatch.QueryMatch, _ query: Substring) -> Bool {
        // Only the first parameter of that name counts, so `?v=2&v=1` does not satisfy `v == 1`.
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard decodedEquals(parts[0], match.name) else { continue }
            switch match.condition {
            case .present: return true
            case .exact(let expected): return parts.count == 2 && decodedEquals(parts[1], expected)
            }
        }
        return false
    }

    /// Whether `text`, percent-decoded, equals `expected`; a malformed escape is compared as written.
    private static func decodedEquals(_ text: Substring, _ expected: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text == expected }
        return PercentDecoding.decode(text, isLenient: true)?.elementsEqual(expected.utf8) ?? false
    }
}
