import Shared

/// What the proxy keeps on each loop: the configuration in force, the upstream pools and the balancing state.
final class ProxyLoop {
    let loop: EventLoop
    let client: HTTPClient
    let statistics: ProxyStatistics
    /// The configuration new requests use; nil until a snapshot was applied.
    private(set) var configuration: ProxyConfiguration?
    private var nextEndpoint: [String: Int] = [:]
    /// The largest request body forwarded, or nil for no limit.
    let maxBodyBytes: Int?

    init(loop: EventLoop, statistics: ProxyStatistics, maxBodyBytes: Int?) {
        self.loop = loop
        self.statistics = statistics
        self.maxBodyBytes = maxBodyBytes
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.idleTimeout = .seconds(60)
        client = HTTPClient(loop: loop, configuration: clientConfiguration)
    }

    private var requestIDState = UInt64.random(in: 1...UInt64.max)

    /// A new request id: 16 hexadecimal digits from a per-loop generator (xorshift), so that making one costs
    /// no system call.
    func nextRequestID() -> String {
        requestIDState ^= requestIDState << 13
        requestIDState ^= requestIDState >> 7
        requestIDState ^= requestIDState << 17
        let text = String(requestIDState, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// Swaps in a new configuration; exchanges in flight keep the one they started with.
    func apply(_ configuration: ProxyConfiguration) {
        self.configuration = configuration
        nextEndpoint = [:]
    }

    /// The next endpoint of `service` in round-robin order (weights are repeated entries), skipping `excluded`
    /// when another exists.
    func pickEndpoint(_ name: String, service: ProxyConfiguration.Service, excluding excluded: SocketAddress?)
        -> SocketAddress?
    {
        let endpoints = service.endpoints
        guard !endpoints.isEmpty else { return nil }
        var index = nextEndpoint[name, default: Int.random(in: 0..<endpoints.count)]
        for _ in 0..<endpoints.count {
            let candidate = endpoints[index % endpoints.count]
            index = (index + 1) % endpoints.count
            if candidate != excluded || endpoints.count == 1 {
                nextEndpoint[name] = index
                return candidate
            }
        }
        nextEndpoint[name] = index
        return endpoints[index % endpoints.count]
    }
}
