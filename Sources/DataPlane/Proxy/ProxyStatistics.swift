import Synchronization

/// Counters of the proxy, shared by its loops.
public final class ProxyStatistics: Sendable {
    /// Requests received.
    public let requests = Atomic<Int>(0)
    /// Responses with a 5xx status, from upstreams or the gateway.
    public let responses5xx = Atomic<Int>(0)
    /// Responses the gateway made itself, any status.
    public let gatewayResponses = Atomic<Int>(0)

    /// Creates zeroed counters.
    public init() {}
}
