/// Everything a data plane needs to serve one configuration version: the published resources, the current
/// endpoints with their health, and the certificates with their keys.
///
/// JSON: `{"version": "42.1187", "config_version": 42, "services": {…}, "endpoints": {"users": […]},
/// "routes": {…}, "breaker_policies": {…}, "rate_limits": {…}, "consumers": {…}, "certificates": {…},
/// "generated_at": "2026-01-01T00:00:00Z"}`. Encode and decode it with ``SnapshotCodec``; check it with
/// ``SnapshotValidator`` before use.
public struct Snapshot: Sendable, Equatable {
    /// The opaque version the data plane reports and sends back in `If-None-Match`; any difference from the
    /// version held means "apply this one". JSON `version`; required; 1 to 128 visible ASCII characters, no `"`.
    public var version: String
    /// The published configuration version the resources come from. JSON `config_version`; required; 0 or more.
    public var configVersion: Int
    /// Services by name. JSON `services`; default empty.
    public var services: [String: ServiceSpec]
    /// Endpoints by service name. JSON `endpoints`; default empty.
    public var endpoints: [String: [EndpointEntry]]
    /// Routes by name. JSON `routes`; default empty.
    public var routes: [String: RouteSpec]
    /// Breaker policies by name. JSON `breaker_policies`; default empty.
    public var breakerPolicies: [String: BreakerPolicySpec]
    /// Rate limits by name. JSON `rate_limits`; default empty.
    public var rateLimits: [String: RateLimitSpec]
    /// Consumers by name. JSON `consumers`; default empty.
    public var consumers: [String: ConsumerSpec]
    /// Certificates with their keys, by name. JSON `certificates`; default empty.
    public var certificates: [String: CertificateBundle]
    /// When the control plane built the snapshot, as RFC 3339 text. JSON `generated_at`; required.
    public var generatedAt: String

    /// Creates a snapshot; resource maps default to empty.
    public init(
        version: String,
        configVersion: Int,
        services: [String: ServiceSpec] = [:],
        endpoints: [String: [EndpointEntry]] = [:],
        routes: [String: RouteSpec] = [:],
        breakerPolicies: [String: BreakerPolicySpec] = [:],
        rateLimits: [String: RateLimitSpec] = [:],
        consumers: [String: ConsumerSpec] = [:],
        certificates: [String: CertificateBundle] = [:],
        generatedAt: String
    ) {
        self.version = version
        self.configVersion = configVersion
        self.services = services
        self.endpoints = endpoints
        self.routes = routes
        self.breakerPolicies = breakerPolicies
        self.rateLimits = rateLimits
        self.consumers = consumers
        self.certificates = certificates
        self.generatedAt = generatedAt
    }

    /// The published resources as a draft, certificates without their keys.
    public var draft: Draft {
        Draft(
            services: services,
            routes: routes,
            breakerPolicies: breakerPolicies,
            rateLimits: rateLimits,
            consumers: consumers,
            certificates: certificates.mapValues(\.certificate)
        )
    }

    /// The snapshot as JSON, every resource with its defaults written out.
    public var jsonValue: JSONValue {
        .object([
            "version": .string(version),
            "config_version": .int(configVersion),
            "services": .object(services.mapValues(\.jsonValue)),
            "endpoints": .object(endpoints.mapValues { .array($0.map(\.jsonValue)) }),
            "routes": .object(routes.mapValues(\.jsonValue)),
            "breaker_policies": .object(breakerPolicies.mapValues(\.jsonValue)),
            "rate_limits": .object(rateLimits.mapValues(\.jsonValue)),
            "consumers": .object(consumers.mapValues(\.jsonValue)),
            "certificates": .object(certificates.mapValues(\.jsonValue)),
            "generated_at": .string(generatedAt),
        ])
    }

    /// Reads a snapshot's structure from JSON: field types, unknown fields, and each resource on its own.
    /// References between resources are checked by ``SnapshotValidator``.
    ///
    /// - Throws: ``ConfigError`` listing every problem found.
    public init(json: JSONValue) throws(ConfigError) {
        let problems = ProblemList()
        guard var reader = ObjectReader(json, at: "", problems: problems) else {
            throw ConfigError(problems: problems.items)
        }
        self.init(
            version: reader.requiredString("version"),
            configVersion: reader.requiredInt("config_version"),
            services: reader.resources("services", ServiceSpec.self),
            endpoints: Self.readEndpoints(&reader),
            routes: reader.resources("routes", RouteSpec.self),
            breakerPolicies: reader.resources("breaker_policies", BreakerPolicySpec.self),
            rateLimits: reader.resources("rate_limits", RateLimitSpec.self),
            consumers: reader.resources("consumers", ConsumerSpec.self),
            certificates: reader.resources("certificates", CertificateBundle.self),
            generatedAt: reader.requiredString("generated_at")
        )
        reader.rejectUnknownFields()
        guard problems.items.isEmpty else {
            throw ConfigError(problems: problems.items)
        }
    }

    private static func readEndpoints(_ reader: inout ObjectReader) -> [String: [EndpointEntry]] {
        reader.object("endpoints") { endpoints in
            var result: [String: [EndpointEntry]] = [:]
            for service in endpoints.keys.sorted() {
                result[service] = endpoints.objects(service, EndpointEntry.init(reading:)) ?? []
            }
            return result
        } ?? [:]
    }
}

extension Snapshot: Codable {
    /// Reads a snapshot through any `Decoder` by way of ``JSONValue``; problems become a
    /// `DecodingError.dataCorrupted` whose description lists them.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            try self.init(json: json)
        } catch {
            let context = DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description)
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// Writes the snapshot's ``jsonValue`` through any `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
