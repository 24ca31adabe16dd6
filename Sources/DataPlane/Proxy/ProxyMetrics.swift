import Shared

/// The proxy's metrics, shared by its loops: requests by route, service and status class, the reasons of the
/// responses the gateway made itself, latency by route, and upstream failures by reason.
public final class ProxyMetrics: Sendable {
    /// Where the families live; rendered by the admin endpoint.
    public let registry = MetricsRegistry()
    let requests: CounterFamily
    let gatewayResponses: CounterFamily
    let durations: HistogramFamily
    let upstreamFailures: CounterFamily

    /// Registers the families.
    public init() {
        requests = registry.counter(
            name: "gatehouse_proxy_requests_total", help: "Requests answered, by route, service and status class.",
            labelNames: ["route", "service", "class"])
        gatewayResponses = registry.counter(
            name: "gatehouse_proxy_gateway_responses_total",
            help: "Responses the gateway made itself, by the reason sent in gatehouse-reason.", labelNames: ["reason"])
        durations = registry.histogram(
            name: "gatehouse_proxy_request_duration_seconds",
            help: "Time from the request head to the end of the response, by route.", labelNames: ["route"])
        upstreamFailures = registry.counter(
            name: "gatehouse_proxy_upstream_failures_total", help: "Failed tries to upstreams, by service and reason.",
            labelNames: ["service", "reason"])
    }
}

/// A loop's cache of metric handles, so that recording a request takes no lock.
struct ProxyLoopMetrics {
    private struct RequestKey: Hashable {
        var route: String
        var service: String
        var statusClass: Int
    }

    private let metrics: ProxyMetrics
    private var requests: [RequestKey: Counter] = [:]
    private var reasons: [String: Counter] = [:]
    private var durations: [String: Histogram] = [:]
    private static let classes = ["1xx", "2xx", "3xx", "4xx", "5xx"]

    init(_ metrics: ProxyMetrics) {
        self.metrics = metrics
    }

    /// Counts one answered request.
    ///
    /// - Parameters:
    ///   - route: the matched route, or empty.
    ///   - service: the service it went to, or empty.
    ///   - reason: the gateway's reason when it answered by itself.
    ///   - elapsed: from the request head to the end of the response.
    mutating func record(route: String, service: String, status: Int, reason: String?, elapsed: Duration) {
        let statusClass = min(max(status / 100, 1), 5)
        let key = RequestKey(route: route, service: service, statusClass: statusClass)
        if let counter = requests[key] {
            counter.increment()
        } else {
            let counter = metrics.requests.labels([route, service, Self.classes[statusClass - 1]])
            requests[key] = counter
            counter.increment()
        }
        if let reason {
            if let counter = reasons[reason] {
                counter.increment()
            } else {
                let counter = metrics.gatewayResponses.labels([reason])
                reasons[reason] = counter
                counter.increment()
            }
        }
        if let histogram = durations[route] {
            histogram.observe(elapsed)
        } else {
            let histogram = metrics.durations.labels([route])
            durations[route] = histogram
            histogram.observe(elapsed)
        }
    }

    /// Counts a failed try to an upstream.
    func upstreamFailed(service: String, reason: String) {
        metrics.upstreamFailures.labels([service, reason]).increment()
    }
}
