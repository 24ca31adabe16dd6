import Shared

/// The part of a service's load balancing built once per snapshot: its endpoints with their weights and, for
/// the consistent-hashing policies, the hash ring or Maglev table. Immutable; every loop makes its own
/// ``EndpointBalancer`` from it, sharing the tables.
public struct BalancingPlan: Sendable {
    /// The balancing algorithm.
    public let policy: ServiceSpec.LoadBalancing.Policy
    /// The endpoints, in the order picked indices refer to.
    public let endpoints: [WeightedEndpoint]
    private let tables: Tables

    /// What the policy builds ahead of time.
    private enum Tables: Sendable {
        case none
        case weights(WeightedChoice)
        case ring(HashRing)
        case maglev(MaglevTable)
    }

    /// Builds the shared tables `policy` needs over `endpoints`; endpoints with weight 0 or less are never
    /// picked.
    public init(policy: ServiceSpec.LoadBalancing.Policy, endpoints: [WeightedEndpoint]) {
        self.policy = policy
        self.endpoints = endpoints
        switch policy {
        case .roundRobin:
            tables = .none
        case .leastRequest, .random:
            tables = .weights(WeightedChoice(endpoints))
        case .ringHash:
            tables = .ring(HashRing(endpoints: endpoints))
        case .maglev:
            tables = .maglev(MaglevTable(endpoints: endpoints))
        }
    }

    /// A balancer for one loop, with its own mutable state.
    ///
    /// - Parameter seed: Seeds the balancer's random generator; default a fresh random seed, so loops do not
    ///   draw in step.
    public func makeBalancer(seed: UInt64 = .random(in: .min ... .max)) -> EndpointBalancer {
        switch tables {
        case .none:
            return EndpointBalancer(.roundRobin(SmoothRoundRobinBalancer(endpoints: endpoints)))
        case .weights(let choice):
            if policy == .leastRequest {
                return EndpointBalancer(.leastRequest(LeastRequestBalancer(choice: choice, seed: seed)))
            }
            return EndpointBalancer(.random(RandomBalancer(choice: choice, seed: seed)))
        case .ring(let ring):
            return EndpointBalancer(.ringHash(ConsistentHashBalancer(table: ring, seed: seed)))
        case .maglev(let table):
            return EndpointBalancer(.maglev(ConsistentHashBalancer(table: table, seed: seed)))
        }
    }
}
