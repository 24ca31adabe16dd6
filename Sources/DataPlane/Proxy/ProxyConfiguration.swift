import Shared

/// Everything a loop needs to proxy with one snapshot, built and checked off the loops and then handed to each
/// of them whole. Immutable: a request keeps the one it started with.
public final class ProxyConfiguration: Sendable {
    /// A service's settings and the balancing plan over its endpoints.
    public struct Service: Sendable {
        /// The service as configured.
        public let spec: ServiceSpec
        /// Its healthy endpoints and what is built once for balancing over them (a ring, a Maglev table).
        public let plan: BalancingPlan
    }

    /// The snapshot's opaque version, such as `"42.7"`.
    public let version: String
    /// The routes, compiled.
    public let routes: RouteTable
    /// The services by name.
    public let services: [String: Service]

    /// Builds the tables of a validated snapshot.
    ///
    /// - Throws: `ConfigError` naming what could not be built.
    public init(snapshot: Snapshot) throws(ConfigError) {
        version = snapshot.version
        routes = try RouteTable(snapshot.routes)
        var services: [String: Service] = [:]
        var problems: [ConfigError.Problem] = []
        for (name, spec) in snapshot.services {
            var endpoints: [WeightedEndpoint] = []
            for entry in snapshot.endpoints[name] ?? [] where entry.isHealthy {
                guard let port = UInt16(exactly: entry.port),
                    let address = SocketAddress(host: entry.address, port: port)
                else {
                    problems.append(.init(field: "endpoints.\(name).\(entry.id)", reason: "not a numeric address"))
                    continue
                }
                endpoints.append(WeightedEndpoint(address: address, weight: entry.weight, id: entry.id))
            }
            services[name] = Service(
                spec: spec, plan: BalancingPlan(policy: spec.loadBalancing.policy, endpoints: endpoints))
        }
        guard problems.isEmpty else {
            throw ConfigError(problems: problems)
        }
        self.services = services
    }
}
