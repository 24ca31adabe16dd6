import Shared

/// The versioned resources: services, routes and policies, edited in the draft by name.
extension ControlPlaneAPI {
    /// A collection of draft resources under `/v1/<path>`.
    struct Collection: Sendable {
        var path: String
        var kind: ResourceKind
        /// Decodes and checks a spec, returning its canonical JSON.
        var canonical: @Sendable ([UInt8]) throws(ConfigError) -> JSONValue
    }

    static let collections: [Collection] = [
        Collection(path: "services", kind: .service) { (body) throws(ConfigError) in
            try ConfigDecoder.decode(ServiceSpec.self, from: body).jsonValue
        },
        Collection(path: "routes", kind: .route) { (body) throws(ConfigError) in
            try ConfigDecoder.decode(RouteSpec.self, from: body).jsonValue
        },
        Collection(path: "breaker-policies", kind: .breakerPolicy) { (body) throws(ConfigError) in
            try ConfigDecoder.decode(BreakerPolicySpec.self, from: body).jsonValue
        },
        Collection(path: "rate-limits", kind: .rateLimit) { (body) throws(ConfigError) in
            try ConfigDecoder.decode(RateLimitSpec.self, from: body).jsonValue
        },
        Collection(path: "consumers", kind: .consumer) { (body) throws(ConfigError) in
            try ConfigDecoder.decode(ConsumerSpec.self, from: body).jsonValue
        },
    ]

    func addResourceRoutes() {
        for collection in Self.collections {
            let base = "/v1/\(collection.path)"
            add("GET", base, .read) { api, _ in try api.listResources(collection) }
            add("GET", base + "/{name}", .read) { api, call in try api.getResource(collection, call) }
            add("PUT", base + "/{name}", .admin) { api, call in try api.putResource(collection, call) }
            add("DELETE", base + "/{name}", .admin) { api, call in try api.deleteResource(collection, call) }
        }
    }

    private func listResources(_ collection: Collection) throws -> APIResponse {
        let items = try store.list(kind: collection.kind).map(resourceJSON)
        return .json(.object(["items": .array(items)]))
    }

    private func getResource(_ collection: Collection, _ call: APICall) throws -> APIResponse {
        let name = call.capture("name")
        guard let resource = try store.get(kind: collection.kind, name: name) else {
            throw APIProblem.notFound("no \(collection.kind.rawValue) named \(name)")
        }
        return .json(resourceJSON(resource))
    }

    private func putResource(_ collection: Collection, _ call: APICall) throws -> APIResponse {
        let name = call.capture("name")
        if let problem = ResourceName.problem(name) {
            throw APIProblem.badRequest("invalid name", errors: [.init(field: "name", reason: problem)])
        }
        _ = try call.jsonBody()
        let spec: JSONValue
        do {
            spec = try collection.canonical(call.request.body)
        } catch {
            throw APIProblem.invalid("the \(collection.kind.rawValue) is invalid", errors: error.fieldErrors)
        }
        let text = String(decoding: spec.canonicalBytes, as: UTF8.self)
        let created = try store.put(kind: collection.kind, name: name, spec: text)
        guard let resource = try store.get(kind: collection.kind, name: name) else {
            throw APIProblem(status: 500, title: "Store failure", detail: "the resource vanished after it was written")
        }
        logger.debug("draft changed", metadata: ["kind": "\(collection.kind.rawValue)", "name": "\(name)"])
        return .json(resourceJSON(resource), status: created ? 201 : 200)
    }

    private func deleteResource(_ collection: Collection, _ call: APICall) throws -> APIResponse {
        let name = call.capture("name")
        let referrers = try references(to: collection.kind, named: name)
        if !referrers.isEmpty {
            throw APIProblem.conflict(
                "\(collection.kind.rawValue) \(name) is still referenced",
                errors: referrers.map { .init(field: $0, reason: "refers to \(name)") })
        }
        guard try store.delete(kind: collection.kind, name: name) else {
            throw APIProblem.notFound("no \(collection.kind.rawValue) named \(name)")
        }
        return .empty(204)
    }

    /// Draft resources that name `name` of `kind`, as field paths such as `routes.users.service`.
    private func references(to kind: ResourceKind, named name: String) throws -> [String] {
        switch kind {
        case .service:
            return try draftRoutes().compactMap { routeName, route in
                if case .service(let target) = route.action, target == name {
                    return "routes.\(routeName).service"
                }
                return nil
            }
        case .breakerPolicy:
            return try store.list(kind: .service).compactMap { resource in
                let service = try? ConfigDecoder.decode(ServiceSpec.self, from: Array(resource.spec.utf8))
                return service?.breakerPolicy == name ? "services.\(resource.name).breaker_policy" : nil
            }
        case .rateLimit:
            return try draftRoutes().compactMap { routeName, route in
                route.policies.rateLimit == name ? "routes.\(routeName).policies.rate_limit" : nil
            }
        case .route, .consumer, .certificate:
            return []
        }
    }

    private func draftRoutes() throws -> [(String, RouteSpec)] {
        try store.list(kind: .route).compactMap { resource in
            guard let route = try? ConfigDecoder.decode(RouteSpec.self, from: Array(resource.spec.utf8)) else {
                return nil
            }
            return (resource.name, route)
        }
    }

    func resourceJSON(_ resource: Resource) -> JSONValue {
        let spec = (try? ConfigDecoder.parse(Array(resource.spec.utf8))) ?? .null
        return .object([
            "kind": .string(resource.kind.rawValue),
            "name": .string(resource.name),
            "spec": spec,
            "updated_at": .string(APITime.text(resource.updatedAt)),
        ])
    }
}
