import Dispatch
import Synchronization
import Testing

@testable import Shared

@Suite struct MetricsTests {
    @Test func rendersCountersAndGaugesSortedByNameAndLabels() {
        let registry = MetricsRegistry()
        let requests = registry.counter(
            name: "gatehouse_requests_total", help: "Requests answered.", labelNames: ["route", "status"])
        let connections = registry.gauge(name: "gatehouse_open_connections", help: "Connections now open.")

        requests.labels(["route-b", "200"]).increment()
        requests.labels(["route-a", "500"]).increment(by: 2)
        requests.labels(["route-a", "200"]).increment(by: 5)
        connections.labels([]).increment(by: 3)
        connections.labels([]).decrement()

        #expect(
            registry.render() == """
                # HELP gatehouse_open_connections Connections now open.
                # TYPE gatehouse_open_connections gauge
                gatehouse_open_connections 2
                # HELP gatehouse_requests_total Requests answered.
                # TYPE gatehouse_requests_total counter
                gatehouse_requests_total{route="route-a",status="200"} 5
                gatehouse_requests_total{route="route-a",status="500"} 2
                gatehouse_requests_total{route="route-b",status="200"} 1

                """)
    }

    @Test func familiesWithoutLabelsRenderZeroBeforeTheFirstUpdate() {
        let registry = MetricsRegistry()
        _ = registry.counter(name: "a_total", help: "A.")
        _ = registry.counter(name: "b_total", help: "B.", labelNames: ["route"])

        #expect(
            registry.render()
                == "# HELP a_total A.\n# TYPE a_total counter\na_total 0\n# HELP b_total B.\n# TYPE b_total counter\n")
    }

    @Test func handlesAreCachedPerLabelValues() {
        let registry = MetricsRegistry()
        let family = registry.counter(name: "c_total", help: "C.", labelNames: ["route"])

        #expect(family.labels(["a"]) === family.labels(["a"]))
        #expect(family.labels(["a"]) !== family.labels(["b"]))
    }

    @Test func registeringTheSameFamilyAgainReturnsIt() {
        let registry = MetricsRegistry()
        let first = registry.counter(name: "c_total", help: "C.", labelNames: ["route"])
        let second = registry.counter(name: "c_total", help: "C.", labelNames: ["route"])
        first.labels(["a"]).increment()

        #expect(first === second)
        #expect(second.labels(["a"]).value == 1)
    }

    @Test func gaugeSetReplacesTheValue() {
        let gauge = MetricsRegistry().gauge(name: "g", help: "G.").labels([])
        gauge.increment(by: 10)
        gauge.set(-4)
        #expect(gauge.value == -4)
    }

    @Test func labelValuesAndHelpAreEscaped() {
        let registry = MetricsRegistry()
        let family = registry.counter(name: "e_total", help: "Help with \\ and\nnewline.", labelNames: ["v"])
        family.labels(["quote \" backslash \\ newline \n end"]).increment()

        #expect(
            registry.render() == #"""
                # HELP e_total Help with \\ and\nnewline.
                # TYPE e_total counter
                e_total{v="quote \" backslash \\ newline \n end"} 1

                """#)
    }

    @Test func histogramBucketsAreCumulative() {
        let registry = MetricsRegistry()
        let family = registry.histogram(
            name: "latency_seconds", help: "Latency.", labelNames: ["route"], buckets: [0.125, 0.5, 2])
        let histogram = family.labels(["a"])

        // Binary fractions keep the expected sum exact.
        for value in [0.0625, 0.125, 0.375, 0.5, 1.5, 3.0] {
            histogram.observe(value)
        }
        histogram.observe(.milliseconds(250))

        #expect(histogram.snapshot.cumulativeCounts == [2, 5, 6, 7])
        #expect(histogram.snapshot.count == 7)
        #expect(
            registry.render() == """
                # HELP latency_seconds Latency.
                # TYPE latency_seconds histogram
                latency_seconds_bucket{route="a",le="0.125"} 2
                latency_seconds_bucket{route="a",le="0.5"} 5
                latency_seconds_bucket{route="a",le="2"} 6
                latency_seconds_bucket{route="a",le="+Inf"} 7
                latency_seconds_sum{route="a"} 5.8125
                latency_seconds_count{route="a"} 7

                """)
    }

    @Test func histogramWithoutObservationsRendersZeros() {
        let registry = MetricsRegistry()
        _ = registry.histogram(name: "empty_seconds", help: "Empty.", buckets: [1])
        #expect(
            registry.render() == """
                # HELP empty_seconds Empty.
                # TYPE empty_seconds histogram
                empty_seconds_bucket{le="1"} 0
                empty_seconds_bucket{le="+Inf"} 0
                empty_seconds_sum 0
                empty_seconds_count 0

                """)
    }

    @Test func histogramDefaultsToLatencyBuckets() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram(name: "d_seconds", help: "D.").labels([])
        histogram.observe(0.0004)
        histogram.observe(20)

        let text = registry.render()
        #expect(Histogram.defaultLatencyBuckets.first == 0.0005)
        #expect(Histogram.defaultLatencyBuckets.last == 10)
        #expect(text.contains("d_seconds_bucket{le=\"0.0005\"} 1\n"))
        #expect(text.contains("d_seconds_bucket{le=\"2.5\"} 1\n"))
        #expect(text.contains("d_seconds_bucket{le=\"10\"} 1\n"))
        #expect(text.contains("d_seconds_bucket{le=\"+Inf\"} 2\n"))
        #expect(text.contains("d_seconds_sum 20.0004\n"))
        #expect(text.contains("d_seconds_count 2\n"))
    }

    @Test func gaugeFunctionsAreReadAtScrapeTime() {
        let registry = MetricsRegistry()
        let waiters = Atomic<Int>(0)
        registry.gaugeFunction(name: "poll_waiters", help: "Long polls waiting.") {
            Double(waiters.load(ordering: .relaxed))
        }
        registry.gaugeFunction(name: "pool_idle", help: "Idle connections.", labelNames: ["upstream"]) {
            [GaugeSample(labelValues: ["b"], value: 1.5), GaugeSample(labelValues: ["a"], value: 2)]
        }

        waiters.store(3, ordering: .relaxed)
        #expect(registry.render().contains("poll_waiters 3\n"))
        waiters.store(7, ordering: .relaxed)
        #expect(registry.render().contains("poll_waiters 7\n"))
        #expect(registry.render().contains("pool_idle{upstream=\"a\"} 2\npool_idle{upstream=\"b\"} 1.5\n"))
    }

    @Test func concurrentIncrementsAreAllCounted() {
        let registry = MetricsRegistry()
        let family = registry.counter(name: "hits_total", help: "Hits.", labelNames: ["loop"])
        let gauge = registry.gauge(name: "level", help: "Level.").labels([])
        let histogram = registry.histogram(name: "h_seconds", help: "H.", buckets: [1]).labels([])

        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let counter = family.labels(["shared"])
            for _ in 0..<100_000 {
                counter.increment()
                gauge.increment()
                histogram.observe(0.5)
            }
        }

        #expect(family.labels(["shared"]).value == 200_000)
        #expect(gauge.value == 200_000)
        #expect(histogram.snapshot.count == 200_000)
        #expect(histogram.snapshot.sum == 100_000)
    }

    @Test func concurrentLookupsShareOneHandle() {
        let family = MetricsRegistry().counter(name: "l_total", help: "L.", labelNames: ["k"])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for round in 0..<1_000 {
                family.labels(["\(round % 10)"]).increment()
            }
        }
        #expect((0..<10).map { family.labels(["\($0)"]).value } == Array(repeating: 800, count: 10))
    }

    @Test func namesAreValidated() {
        #expect(PrometheusText.isValidMetricName("gatehouse_requests_total"))
        #expect(PrometheusText.isValidMetricName(":recording:rule"))
        #expect(!PrometheusText.isValidMetricName(""))
        #expect(!PrometheusText.isValidMetricName("2xx_total"))
        #expect(!PrometheusText.isValidMetricName("requests-total"))
        #expect(!PrometheusText.isValidMetricName("latency.seconds"))

        #expect(PrometheusText.isValidLabelName("route"))
        #expect(!PrometheusText.isValidLabelName("__name"))
        #expect(!PrometheusText.isValidLabelName("a:b"))
        #expect(!PrometheusText.isValidLabelName("9"))
    }

    @Test func invalidRegistrationsStopTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().counter(name: "bad-name", help: "")
        }
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter(name: "twice", help: "")
            _ = registry.gauge(name: "twice", help: "")
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().counter(name: "c", help: "", labelNames: ["route"]).labels(["a", "b"])
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().histogram(name: "h", help: "", buckets: [1, 0.5])
        }
    }

    @Test func numbersUseThePrometheusSpelling() {
        #expect(PrometheusText.format(10) == "10")
        #expect(PrometheusText.format(-3) == "-3")
        #expect(PrometheusText.format(0.0005) == "0.0005")
        #expect(PrometheusText.format(2.5) == "2.5")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
    }

    @Test func contentTypeNamesTheFormatVersion() {
        #expect(MetricsRegistry.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
