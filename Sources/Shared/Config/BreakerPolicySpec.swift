/// A circuit-breaker policy, applied per endpoint of every service that names it.
///
/// It holds two separate things. Tripping: the breaker opens when, within a window, the failure rate reaches
/// ``failureRate`` over at least ``minimumRequests`` requests, or when ``consecutiveFailures`` requests fail in a
/// row; it stays open ``openSeconds`` (doubling on each reopening, up to ``maximumOpenSeconds``), then lets
/// ``halfOpenRequests`` trial requests through and closes if they all succeed. Concurrency limits: the `max_*`
/// fields cap work in flight at all times, whatever the breaker's state; a request over a limit is refused at
/// once and does not count as a failure for tripping.
///
/// JSON (every field optional): `{"failure_rate": 0.5, "min_requests": 20, "window_s": 10,
/// "consecutive_failures": 5, "open_s": 5, "max_open_s": 60, "half_open_requests": 3, "failure_on": […],
/// "max_concurrent_requests": 1024, "max_pending_requests": 1024, "max_connections_per_endpoint": 1024,
/// "max_retries_in_flight": 3}`.
public struct BreakerPolicySpec: ConfigResource {
    /// The share of failed requests in the window that opens the breaker. JSON `failure_rate`; default 0.5;
    /// greater than 0 and at most 1.
    public var failureRate: Double
    /// The fewest requests in the window before the failure rate is considered. JSON `min_requests`; default 20;
    /// 1…1000000.
    public var minimumRequests: Int
    /// The length of the sliding window the failure rate is measured over, in seconds. JSON `window_s`;
    /// default 10; 1…3600.
    public var windowSeconds: Int
    /// Failures in a row that open the breaker regardless of the rate; 0 disables this trigger. JSON
    /// `consecutive_failures`; default 5; 0…10000.
    public var consecutiveFailures: Int
    /// How long the breaker stays open the first time, in seconds. JSON `open_s`; default 5; 1…3600.
    public var openSeconds: Int
    /// The longest the open time grows to on repeated reopening, in seconds. JSON `max_open_s`; default 60;
    /// from `open_s` to 86400.
    public var maximumOpenSeconds: Int
    /// Trial requests let through while half-open. JSON `half_open_requests`; default 3; 1…1000.
    public var halfOpenRequests: Int
    /// The outcomes counted as failures for tripping. JSON `failure_on`, a list of `"5xx"`, `"gateway_error"`,
    /// `"connect_failure"`, `"timeout"`, `"reset"`; default `["5xx", "connect_failure", "timeout", "reset"]`.
    public var failureOn: [UpstreamFailure]
    /// Concurrency limit: requests in flight to one endpoint. JSON `max_concurrent_requests`; default 1024;
    /// 1…1000000.
    public var maximumConcurrentRequests: Int
    /// Concurrency limit: requests waiting for a connection to one endpoint. JSON `max_pending_requests`;
    /// default 1024; 0…1000000.
    public var maximumPendingRequests: Int
    /// Concurrency limit: open connections to one endpoint, per data plane. JSON `max_connections_per_endpoint`;
    /// default 1024; 1…1000000.
    public var maximumConnectionsPerEndpoint: Int
    /// Concurrency limit: retries in flight to one endpoint at once. JSON `max_retries_in_flight`; default 3;
    /// 0…1000000.
    public var maximumRetriesInFlight: Int

    /// Creates a breaker policy; every parameter defaults to the documented default.
    public init(
        failureRate: Double = 0.5,
        minimumRequests: Int = 20,
        windowSeconds: Int = 10,
        consecutiveFailures: Int = 5,
        openSeconds: Int = 5,
        maximumOpenSeconds: Int = 60,
        halfOpenRequests: Int = 3,
        failureOn: [UpstreamFailure] = [.serverError, .connectFailure, .timeout, .reset],
        maximumConcurrentRequests: Int = 1024,
        maximumPendingRequests: Int = 1024,
        maximumConnectionsPerEndpoint: Int = 1024,
        maximumRetriesInFlight: Int = 3
    ) {
        self.failureRate = failureRate
        self.minimumRequests = minimumRequests
        self.windowSeconds = windowSeconds
        self.consecutiveFailures = consecutiveFailures
        self.openSeconds = openSeconds
        self.maximumOpenSeconds = maximumOpenSeconds
        self.halfOpenRequests = halfOpenRequests
        self.failureOn = failureOn
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.maximumPendingRequests = maximumPendingRequests
        self.maximumConnectionsPerEndpoint = maximumConnectionsPerEndpoint
        self.maximumRetriesInFlight = maximumRetriesInFlight
    }

    /// Reads a breaker policy from JSON, applying defaults. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            BreakerPolicySpec(
                failureRate: reader.double("failure_rate") ?? 0.5,
                minimumRequests: reader.int("min_requests", default: 20),
                windowSeconds: reader.int("window_s", default: 10),
                consecutiveFailures: reader.int("consecutive_failures", default: 5),
                openSeconds: reader.int("open_s", default: 5),
                maximumOpenSeconds: reader.int("max_open_s", default: 60),
                halfOpenRequests: reader.int("half_open_requests", default: 3),
                failureOn: reader.choices("failure_on") ?? [.serverError, .connectFailure, .timeout, .reset],
                maximumConcurrentRequests: reader.int("max_concurrent_requests", default: 1024),
                maximumPendingRequests: reader.int("max_pending_requests", default: 1024),
                maximumConnectionsPerEndpoint: reader.int("max_connections_per_endpoint", default: 1024),
                maximumRetriesInFlight: reader.int("max_retries_in_flight", default: 3)
            )
        }
    }

    /// The policy with every default written out.
    public var jsonValue: JSONValue {
        .object([
            "failure_rate": .double(failureRate),
            "min_requests": .int(minimumRequests),
            "window_s": .int(windowSeconds),
            "consecutive_failures": .int(consecutiveFailures),
            "open_s": .int(openSeconds),
            "max_open_s": .int(maximumOpenSeconds),
            "half_open_requests": .int(halfOpenRequests),
            "failure_on": .array(failureOn.map { .string($0.rawValue) }),
            "max_concurrent_requests": .int(maximumConcurrentRequests),
            "max_pending_requests": .int(maximumPendingRequests),
            "max_connections_per_endpoint": .int(maximumConnectionsPerEndpoint),
            "max_retries_in_flight": .int(maximumRetriesInFlight),
        ])
    }

    /// Checks every range and that the open time can grow to its maximum.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        report.check(failureRate, above: 0, atMost: 1, "failure_rate")
        report.check(minimumRequests, in: 1...1_000_000, "min_requests")
        report.check(windowSeconds, in: 1...3600, "window_s")
        report.check(consecutiveFailures, in: 0...10_000, "consecutive_failures")
        report.check(openSeconds, in: 1...3600, "open_s")
        // Clamped so that an open_s beyond the maximum is reported as a problem, not an invalid range.
        report.check(maximumOpenSeconds, in: min(max(openSeconds, 1), 86_400)...86_400, "max_open_s")
        report.check(halfOpenRequests, in: 1...1000, "half_open_requests")
        if failureOn.isEmpty {
            report.add("failure_on", "must list at least one failure kind")
        }
        report.check(maximumConcurrentRequests, in: 1...1_000_000, "max_concurrent_requests")
        report.check(maximumPendingRequests, in: 0...1_000_000, "max_pending_requests")
        report.check(maximumConnectionsPerEndpoint, in: 1...1_000_000, "max_connections_per_endpoint")
        report.check(maximumRetriesInFlight, in: 0...1_000_000, "max_retries_in_flight")
        return report.problems
    }
}
