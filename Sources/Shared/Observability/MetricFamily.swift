import Synchronization

/// The series of one metric family, one handle per combination of label values, created on first use.
///
/// Limitation: series are never removed, so label values must come from a bounded set (route names, status
/// classes), never from request data such as paths or client addresses. A cap on series per family would
/// lift this.
final class LabeledSeries<Handle: Sendable>: Sendable {
    let familyName: String
    let labelNames: [String]
    private let handles = Mutex<[[String]: Handle]>([:])
    private let makeHandle: @Sendable () -> Handle

    init(familyName: String, labelNames: [String], makeHandle: @escaping @Sendable () -> Handle) {
        self.familyName = familyName
        self.labelNames = labelNames
        self.makeHandle = makeHandle

        // A family without labels has exactly one series; creating it now makes it render as 0 from the
        // first scrape rather than appearing only after the first update.
        if labelNames.isEmpty {
            _ = handle(for: [])
        }
    }

    func handle(for labelValues: [String]) -> Handle {
        precondition(
            labelValues.count == labelNames.count,
            "\(familyName) takes \(labelNames.count) label values (\(labelNames)), got \(labelValues.count)")

        return handles.withLock { handles in
            if let existing = handles[labelValues] {
                return existing
            }
            let created = makeHandle()
            handles[labelValues] = created
            return created
        }
    }

    /// Every series sorted by label values, so output order is stable between scrapes.
    func sortedSeries() -> [(labelValues: [String], handle: Handle)] {
        let series = handles.withLock { handles in handles.map { (labelValues: $0.key, handle: $0.value) } }
        return series.sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
    }
}

/// A registered counter and its series, one per combination of label values.
public final class CounterFamily: Sendable {
    /// The metric name, such as `gatehouse_requests_total`.
    public let name: String
    /// The `# HELP` text.
    public let help: String
    /// The label names, in the order `labels(_:)` takes their values.
    public var labelNames: [String] { series.labelNames }
    let series: LabeledSeries<Counter>

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.series = LabeledSeries(familyName: name, labelNames: labelNames) { Counter() }
    }

    /// The counter for these label values, created on first use and the same object afterwards.
    ///
    /// This takes a lock and hashes the values: look handles up once (per route, per listener) and keep them,
    /// rather than calling this per request.
    ///
    /// - Parameter labelValues: One value per label name, in the same order.
    public func labels(_ labelValues: [String]) -> Counter {
        series.handle(for: labelValues)
    }
}

/// A registered gauge and its series, one per combination of label values.
public final class GaugeFamily: Sendable {
    /// The metric name, such as `gatehouse_open_connections`.
    public let name: String
    /// The `# HELP` text.
    public let help: String
    /// The label names, in the order `labels(_:)` takes their values.
    public var labelNames: [String] { series.labelNames }
    let series: LabeledSeries<Gauge>

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.series = LabeledSeries(familyName: name, labelNames: labelNames) { Gauge() }
    }

    /// The gauge for these label values, created on first use and the same object afterwards; look it up
    /// once and keep it, as with `CounterFamily.labels(_:)`.
    ///
    /// - Parameter labelValues: One value per label name, in the same order.
    public func labels(_ labelValues: [String]) -> Gauge {
        series.handle(for: labelValues)
    }
}

/// A registered histogram and its series, one per combination of label values.
public final class HistogramFamily: Sendable {
    /// The metric name, such as `gatehouse_request_duration_seconds`.
    public let name: String
    /// The `# HELP` text.
    public let help: String
    /// The finite bucket bounds every series of the family shares.
    public let buckets: [Double]
    /// The label names, in the order `labels(_:)` takes their values.
    public var labelNames: [String] { series.labelNames }
    let series: LabeledSeries<Histogram>

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        self.name = name
        self.help = help
        self.buckets = buckets
        self.series = LabeledSeries(familyName: name, labelNames: labelNames) { Histogram(upperBounds: buckets) }
    }

    /// The histogram for these label values, created on first use and the same object afterwards; look it
    /// up once and keep it, as with `CounterFamily.labels(_:)`.
    ///
    /// - Parameter labelValues: One value per label name, in the same order.
    public func labels(_ labelValues: [String]) -> Histogram {
        series.handle(for: labelValues)
    }
}

/// One value reported by a gauge function at scrape time.
public struct GaugeSample: Sendable, Hashable {
    /// One value per label name of the family, in the same order.
    public var labelValues: [String]
    /// The gauge's value.
    public var value: Double

    /// Creates a sample.
    ///
    /// - Parameters:
    ///   - labelValues: One value per label name of the family. Default: none, for a family without labels.
    ///   - value: The gauge's value.
    public init(labelValues: [String] = [], value: Double) {
        self.labelValues = labelValues
        self.value = value
    }
}

/// A gauge whose values are read by a closure at scrape time, such as the number of long-poll waiters.
final class GaugeFunctionFamily: Sendable {
    let name: String
    let help: String
    let labelNames: [String]
    let samples: @Sendable () -> [GaugeSample]

    init(name: String, help: String, labelNames: [String], samples: @escaping @Sendable () -> [GaugeSample]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.samples = samples
    }
}
