/// Checks a whole configuration before it is published or applied: every resource on its own, names, references
/// between resources, and routes that could never be told apart.
///
/// Every problem is reported at once, with the resource in the field path: `routes.users.service`.
public enum DraftValidator {
    /// Every problem in `draft`, ordered by kind, then name, then field; empty when the draft is valid.
    public static func validate(_ draft: Draft) -> [ConfigError.Problem] {
        var problems: [ConfigError.Problem] = []
        problems += checkResources(draft.services, kind: "services")
        problems += checkServiceReferences(draft)
        problems += checkResources(draft.routes, kind: "routes")
        problems += checkRouteReferences(draft)
        problems += checkRouteConflicts(draft.routes)
        problems += checkResources(draft.breakerPolicies, kind: "breaker_policies")
        problems += checkResources(draft.rateLimits, kind: "rate_limits")
        problems += checkResources(draft.consumers, kind: "consumers")
        problems += checkResources(draft.certificates, kind: "certificates")
        problems += checkServerNames(draft.certificates.mapValues(\.serverNames))
        return problems
    }

    /// Names and each resource's own problems, prefixed with `kind.name`.
    static func checkResources<Resource: ConfigResource>(
        _ resources: [String: Resource],
        kind: String
    ) -> [ConfigError.Problem] {
        var problems: [ConfigError.Problem] = []
        for name in resources.keys.sorted() {
            let path = "\(kind).\(name)"
            if let reason = ConfigSyntax.nameProblem(name) {
                problems.append(ConfigError.Problem(field: path, reason: reason))
            }
            problems += resources[name]!.problems(at: path)
        }
        return problems
    }

    private static func checkServiceReferences(_ draft: Draft) -> [ConfigError.Problem] {
        var problems: [ConfigError.Problem] = []
        for name in draft.services.keys.sorted() {
            let service = draft.services[name]!
            if let policy = service.breakerPolicy, draft.breakerPolicies[policy] == nil {
                let field = "services.\(name).breaker_policy"
                problems.append(ConfigError.Problem(field: field, reason: "no breaker policy named \"\(policy)\""))
            }
        }
        return problems
    }

    private static func checkRouteReferences(_ draft: Draft) -> [ConfigError.Problem] {
        var problems: [ConfigError.Problem] = []
        let knownGroups = Set(draft.consumers.values.flatMap(\.groups))
        for name in draft.routes.keys.sorted() {
            let route = draft.routes[name]!
            if case .service(let service) = route.action, draft.services[service] == nil {
                let field = "routes.\(name).service"
                problems.append(ConfigError.Problem(field: field, reason: "no service named \"\(service)\""))
            }
            if let limit = route.policies.rateLimit, draft.rateLimits[limit] == nil {
                let field = "routes.\(name).policies.rate_limit"
                problems.append(ConfigError.Problem(field: field, reason: "no rate limit named \"\(limit)\""))
            }
            for (index, group) in (route.policies.auth?.groups ?? []).enumerated() where !knownGroups.contains(group) {
                let field = "routes.\(name).policies.auth.groups[\(index)]"
                problems.append(ConfigError.Problem(field: field, reason: "no consumer belongs to group \"\(group)\""))
            }
        }
        return problems
    }

    /// Two routes with the same conditions and priority would be chosen between by name alone, which is almost
    /// always a mistake; the route whose name sorts later is reported.
    private static func checkRouteConflicts(_ routes: [String: RouteSpec]) -> [ConfigError.Problem] {
        var problems: [ConfigError.Problem] = []
        var firstByKey: [RouteConflictKey: String] = [:]
        for name in routes.keys.sorted() {
            let key = RouteConflictKey(routes[name]!)
            if let earlier = firstByKey[key] {
                let reason = "has the same match and priority as route \"\(earlier)\""
                problems.append(ConfigError.Problem(field: "routes.\(name).match", reason: reason))
            } else {
                firstByKey[key] = name
            }
        }
        return problems
    }

    /// Two certificates claiming the same server name make the choice between them arbitrary.
    static func checkServerNames(_ namesByCertificate: [String: [String]]) -> [ConfigError.Problem] {
        var problems: [ConfigError.Problem] = []
        var ownerByName: [String: String] = [:]
        for certificate in namesByCertificate.keys.sorted() {
            for (index, serverName) in namesByCertificate[certificate]!.enumerated() {
                if let owner = ownerByName[serverName], owner != certificate {
                    let field = "certificates.\(certificate).snis[\(index)]"
                    let reason = "\"\(serverName)\" is already served by certificate \"\(owner)\""
                    problems.append(ConfigError.Problem(field: field, reason: reason))
                } else {
                    ownerByName[serverName] = certificate
                }
            }
        }
        return problems
    }
}

/// What makes two routes indistinguishable: the same priority and the same conditions, where the order of hosts,
/// methods and header or query conditions does not matter.
private struct RouteConflictKey: Hashable {
    var priority: Int
    var hosts: Set<String>
    var path: RouteMatch.PathMatch?
    var methods: Set<String>
    var headers: Set<RouteMatch.HeaderMatch>
    var query: Set<RouteMatch.QueryMatch>

    init(_ route: RouteSpec) {
        priority = route.priority
        hosts = Set(route.match.hosts)
        path = route.match.path
        methods = Set(route.match.methods)
        headers = Set(route.match.headers)
        query = Set(route.match.query)
    }
}
