import Shared

/// The control plane's metrics, registered once.
final class ControlPlaneMetrics: Sendable {
    let registry: MetricsRegistry
    private let requests: CounterFamily
    let publishes: CounterFamily

    init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        requests = registry.counter(
            name: "gatehouse_control_requests_total", help: "REST calls answered, by route pattern and status.",
            labelNames: ["route", "status"])
        publishes = registry.counter(
            name: "gatehouse_control_publishes_total", help: "Versions published (unchanged drafts not counted).",
            labelNames: [])
    }

    func countRequest(route: String, status: Int) {
        requests.labels([route, String(status)]).increment(by: 1)
    }
}
