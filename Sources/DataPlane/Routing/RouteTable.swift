import Shared

/// The routes of one snapshot, compiled for matching: tried in the documented order (see `RouteOrder`), the
/// first that matches wins.
public final class RouteTable: @unchecked Sendable {
    // Safe: immutable after init; `Regex` values are only read (matching does not mutate them).

    /// A route ready for matching.
    public struct Route {
        /// The route's name.
        public let name: String
        /// The route as configured.
        public let spec: RouteSpec
        fileprivate let hosts: [HostPattern]
        fileprivate let path: PathMatcher?
        fileprivate let methods: Set<String>
        fileprivate let headers: [(RouteMatch.HeaderMatch, Regex<AnyRegexOutput>?)]
    }

    /// What matching a request found.
    public struct Match {
        /// The route.
        public let route: Route
        /// Path segments captured by a template, by name.
        public let captures: [String: Substring]
    }

    fileprivate enum HostPattern {
        case exact(String)
        case suffix(String)
    }

    fileprivate enum PathMatcher {
        case exact(String)
        case prefix(String)
        case regex(Regex<AnyRegexOutput>)
        case template(PathTemplate)
    }

    /// The routes in matching order.
    public let routes: [Route]

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
        case .prefix(let text)?: path = .prefix(text)
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
        for route in routes {
            guard route.methods.isEmpty || route.methods.contains(method) else { continue }
            guard route.hosts.isEmpty || route.hosts.contains(where: { Self.matches($0, host) }) else { continue }
            var captures: [String: Substring] = [:]
            if let matcher = route.path {
                guard let found = Self.matches(matcher, path) else { continue }
                captures = found
            }
            guard route.headers.allSatisfy({ Self.matches($0.0, $0.1, header) }) else { continue }
            guard route.spec.match.query.allSatisfy({ Self.matches($0, query) }) else { continue }
            return Match(route: route, captures: captures)
        }
        return nil
    }

    private static func matches(_ pattern: HostPattern, _ host: String) -> Bool {
        switch pattern {
        case .exact(let name): return host == name
        case .suffix(let suffix): return host.count > suffix.count && host.hasSuffix(suffix)
        }
    }

    private static func matches(_ matcher: PathMatcher, _ path: Substring) -> [String: Substring]? {
        switch matcher {
        case .exact(let text):
            return path == text ? [:] : nil
        case .prefix(let prefix):
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
        let source = Array(text.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(source[index])
                index += 1
            }
        }
        return decoded.elementsEqual(expected.utf8)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
