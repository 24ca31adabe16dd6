/// The whole editable configuration, every resource by kind and name, as the control plane holds it before
/// publishing a version. Endpoints are not part of it: they change without a publish.
public struct Draft: Sendable, Equatable {
    /// Services by name.
    public var services: [String: ServiceSpec]
    /// Routes by name.
    public var routes: [String: RouteSpec]
    /// Breaker policies by name.
    public var breakerPolicies: [String: BreakerPolicySpec]
    /// Rate limits by name.
    public var rateLimits: [String: RateLimitSpec]
    /// Consumers by name.
    public var consumers: [String: ConsumerSpec]
    /// Certificates by name, without their keys.
    public var certificates: [String: CertificateSpec]

    /// Creates a draft; every kind defaults to none.
    public init(
        services: [String: ServiceSpec] = [:],
        routes: [String: RouteSpec] = [:],
        breakerPolicies: [String: BreakerPolicySpec] = [:],
        rateLimits: [String: RateLimitSpec] = [:],
        consumers: [String: ConsumerSpec] = [:],
        certificates: [String: CertificateSpec] = [:]
    ) {
        self.services = services
        self.routes = routes
        self.breakerPolicies = breakerPolicies
        self.rateLimits = rateLimits
        self.consumers = consumers
        self.certificates = certificates
    }

    /// The draft as one JSON object keyed by kind (`services`, `routes`, `breaker_policies`, `rate_limits`,
    /// `consumers`, `certificates`), every resource with its defaults written out; hash its
    /// ``JSONValue/canonicalBytes`` to identify the configuration.
    public var jsonValue: JSONValue {
        .object([
            "services": .object(services.mapValues(\.jsonValue)),
            "routes": .object(routes.mapValues(\.jsonValue)),
            "breaker_policies": .object(breakerPolicies.mapValues(\.jsonValue)),
            "rate_limits": .object(rateLimits.mapValues(\.jsonValue)),
            "consumers": .object(consumers.mapValues(\.jsonValue)),
            "certificates": .object(certificates.mapValues(\.jsonValue)),
        ])
    }

    /// Reads a draft from the JSON form of ``jsonValue``: field types, unknown fields, and each resource on its
    /// own. References between resources are checked by ``DraftValidator``.
    ///
    /// - Throws: ``ConfigError`` listing every problem found, each field prefixed with the kind and name.
    public init(json: JSONValue) throws(ConfigError) {
        let problems = ProblemList()
        guard var reader = ObjectReader(json, at: "", problems: problems) else {
            throw ConfigError(problems: problems.items)
        }
        self.init(
            services: reader.resources("services", ServiceSpec.self),
            routes: reader.resources("routes", RouteSpec.self),
            breakerPolicies: reader.resources("breaker_policies", BreakerPolicySpec.self),
            rateLimits: reader.resources("rate_limits", RateLimitSpec.self),
            consumers: reader.resources("consumers", ConsumerSpec.self),
            certificates: reader.resources("certificates", CertificateSpec.self)
        )
        reader.rejectUnknownFields()
        guard problems.items.isEmpty else {
            throw ConfigError(problems: problems.items)
        }
    }
}
