import Shared

/// A per-loop load balancer: picks one endpoint of a service for each try of a request.
///
/// Balancers are value types holding only what changes as requests flow (round-robin positions, in-flight
/// counts, a random generator); anything built once per snapshot, such as a hash ring, is shared immutable
/// storage. A balancer does no I/O, takes no lock and reads no clock, so each loop owns its own copy.
public protocol LoadBalancer {
    /// Picks the endpoint for the next try.
    ///
    /// - Parameters:
    ///   - key: The 64-bit hash of the request property a consistent-hashing policy hashes (see
    ///     ``BalancerKey``); other policies ignore it. A hashing policy given `nil` picks at random.
    ///   - excluding: An address to avoid, usually the endpoint the previous try failed on. It is still picked
    ///     when no other endpoint can be.
    /// - Returns: The index of the endpoint in the list the balancer was built from, or `nil` when no endpoint
    ///   has a positive weight.
    mutating func pick(key: UInt64?, excluding: SocketAddress?) -> Int?

    /// Records that a request was sent to the endpoint at `index`.
    mutating func started(_ index: Int)

    /// Records that a request sent to the endpoint at `index` completed, whatever its outcome.
    mutating func finished(_ index: Int)
}

extension LoadBalancer {
    /// Does nothing: only policies that weigh in-flight requests count them.
    public mutating func started(_ index: Int) {}

    /// Does nothing: only policies that weigh in-flight requests count them.
    public mutating func finished(_ index: Int) {}
}
