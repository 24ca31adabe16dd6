/// The order in which routes are tried: the first route in this order whose match holds takes the request.
///
/// Routes are ordered by, in turn:
/// 1. ``RouteSpec/priority``, higher first;
/// 2. the kind of path condition: exact, then template, then prefix, then regex, then none;
/// 3. the length of the path pattern, longer first (so `/users/admin` is tried before `/users`);
/// 4. the host condition: only exact names, then any wildcard, then no host condition;
/// 5. the number of method, header and query conditions, more first;
/// 6. the route's name, in byte order, so the order never depends on how routes were stored.
public enum RouteOrder {
    /// The names of `routes`, sorted in the order they are tried.
    public static func sortedNames(_ routes: [String: RouteSpec]) -> [String] {
        routes.keys.sorted { first, second in
            precedes(first, routes[first]!, second, routes[second]!)
        }
    }

    /// Whether the route `firstName` is tried before the route `secondName`.
    public static func precedes(_ firstName: String, _ first: RouteSpec, _ secondName: String, _ second: RouteSpec)
        -> Bool
    {
        let firstKey = Specificity(first)
        let secondKey = Specificity(second)
        if firstKey != secondKey {
            return firstKey > secondKey
        }
        return firstName.utf8.lexicographicallyPrecedes(secondName.utf8)
    }
}

/// The parts of a route that decide its place in ``RouteOrder``, compared field by field; greater is tried first.
private struct Specificity: Comparable {
    var priority: Int
    var pathKind: Int
    var pathLength: Int
    var hostKind: Int
    var conditionCount: Int

    init(_ route: RouteSpec) {
        priority = route.priority
        switch route.match.path {
        case .exact: pathKind = 4
        case .template: pathKind = 3
        case .prefix: pathKind = 2
        case .regex: pathKind = 1
        case nil: pathKind = 0
        }
        pathLength = route.match.path?.pattern.utf8.count ?? 0
        if route.match.hosts.isEmpty {
            hostKind = 0
        } else {
            hostKind = route.match.hosts.contains { $0.hasPrefix("*.") } ? 1 : 2
        }
        let match = route.match
        conditionCount = (match.methods.isEmpty ? 0 : 1) + match.headers.count + match.query.count
    }

    static func < (lhs: Specificity, rhs: Specificity) -> Bool {
        (lhs.priority, lhs.pathKind, lhs.pathLength, lhs.hostKind, lhs.conditionCount)
            < (rhs.priority, rhs.pathKind, rhs.pathLength, rhs.hostKind, rhs.conditionCount)
    }
}
