import Shared

/// What the proxy keeps on each loop: the configuration in force, the upstream pools and the balancing state.
final class ProxyLoop {
    let loop: EventLoop
    let client: HTTPClient
    let statistics: ProxyStatistics
    /// The configuration new requests use; nil until a snapshot was applied.
    private(set) var configuration: ProxyConfiguration?
    private var balancers: [String: EndpointBalancer] = [:]
    /// The largest request body forwarded, or nil for no limit.
    let maxBodyBytes: Int?

    /// Metric handles of this loop.
    var metrics: ProxyLoopMetrics
    /// Where exchanges are logged, or nil when the access log is off.
    let accessLog: AccessLog?

    init(
        loop: EventLoop, statistics: ProxyStatistics, metrics: ProxyMetrics, accessLog: AccessLog?,
        maxBodyBytes: Int?
    ) {
        self.loop = loop
        self.accessLog = accessLog
        self.metrics = ProxyLoopMetrics(metrics)
        self.statistics = statistics
        self.maxBodyBytes = maxBodyBytes
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.idleTimeout = .seconds(60)
        client = HTTPClient(loop: loop, configuration: clientConfiguration)
    }

    private var requestIDState = UInt64.random(in: 1...UInt64.max)

    /// Appends a new request id, 16 hexadecimal digits from a per-loop generator (xorshift), so that making
    /// one costs no system call and no string.
    func appendRequestID(to output: inout [UInt8]) {
        let value = nextSeed()
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for shift in stride(from: 60, through: 0, by: -4) {
                output.append(digits[Int((value >> UInt64(shift)) & 15)])
            }
        }
    }

    /// Counts an answered exchange and logs it when the access log is on.
    func record(
        linePrefix: [UInt8]?, route: String, service: String, status: Int, reason: String?, startedAt: Instant
    ) {
        let elapsed = loop.now - startedAt
        metrics.record(route: route, service: service, status: status, reason: reason, elapsed: elapsed)
        if let accessLog, let linePrefix {
            if timestampTakenAt != loop.now {
                // Formatted once per loop wake-up, not once per exchange.
                timestamp = Array("\"\(LogTimestamp.now())\"".utf8)
                timestampTakenAt = loop.now
            }
            accessLog.append(
                AccessLog.line(
                    prefix: linePrefix, route: route, service: service, status: status, reason: reason,
                    elapsed: elapsed, timestamp: timestamp))
        }
    }

    private var timestamp: [UInt8] = []
    private var timestampTakenAt = Instant(nanoseconds: 0)

    /// Swaps in a new configuration; exchanges in flight keep the one they started with.
    func apply(_ configuration: ProxyConfiguration) {
        self.configuration = configuration
        balancers = [:]
    }

    /// Picks an endpoint of `service` with its balancing policy, avoiding `excluded` when another exists, and
    /// counts the try as in flight (see ``finished(_:index:configuration:)``).
    ///
    /// - Parameter key: the hash of the request's balancing key, for ring hash and Maglev.
    func pickEndpoint(
        _ name: String, service: ProxyConfiguration.Service, key: UInt64?, excluding excluded: SocketAddress?
    ) -> (index: Int, address: SocketAddress)? {
        let plan = service.plan
        guard
            let index = balancers[name, default: plan.makeBalancer(seed: nextSeed())].pick(
                key: key, excluding: excluded)
        else { return nil }
        balancers[name]?.started(index)
        return (index, plan.endpoints[index].address)
    }

    /// A try picked by ``pickEndpoint(_:service:key:excluding:)`` ended; ignored when a newer configuration
    /// replaced the one it was picked with.
    func finished(_ name: String, index: Int, configuration: ProxyConfiguration) {
        guard configuration === self.configuration else { return }
        balancers[name]?.finished(index)
    }

    private func nextSeed() -> UInt64 {
        requestIDState ^= requestIDState << 13
        requestIDState ^= requestIDState >> 7
        requestIDState ^= requestIDState << 17
        return requestIDState
    }
}
