import Synchronization

/// The counters the status report sends to the control plane, shared by the proxy's loops; the labelled
/// metrics live in `ProxyMetrics`.
public final class ProxyStatistics: Sendable {
    /// Requests received.
    public let requests = Atomic<Int>(0)
    /// Responses with a 5xx status, from upstreams or the gateway.
    public let responses5xx = Atomic<Int>(0)

    /// Creates zeroed counters.
    public init() {}
}
