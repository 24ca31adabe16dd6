import Synchronization

/// The metric families of a process, rendered together for a Prometheus scrape.
///
/// Register each family once at start-up and keep the handles it gives out; updating a handle takes no
/// lock. Registering a name again with the same kind and labels returns the existing family. Invalid names,
/// or a name reused for a different kind or label set, stop the process: they are programmer errors.
public final class MetricsRegistry: Sendable {
    /// The `Content-Type` of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let families = Mutex<[String: RegisteredFamily]>([:])

    /// Creates an empty registry.
    public init() {}

    /// Registers a counter family, or returns the one already registered under `name`.
    ///
    /// - Parameters:
    ///   - name: Matches `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters usually end in `_total`.
    ///   - help: One line saying what is counted.
    ///   - labelNames: Names of the labels each series carries. Default: none.
    public func counter(name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        register(name: name, kind: "counter", labelNames: labelNames) {
            .counter(CounterFamily(name: name, help: help, labelNames: labelNames))
        } existing: { family in
            if case .counter(let counter) = family { counter } else { nil }
        }
    }

    /// Registers a gauge family, or returns the one already registered under `name`.
    ///
    /// - Parameters:
    ///   - name: Matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    ///   - help: One line saying what is measured.
    ///   - labelNames: Names of the labels each series carries. Default: none.
    public func gauge(name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        register(name: name, kind: "gauge", labelNames: labelNames) {
            .gauge(GaugeFamily(name: name, help: help, labelNames: labelNames))
        } existing: { family in
            if case .gauge(let gauge) = family { gauge } else { nil }
        }
    }

    /// Registers a histogram family, or returns the one already registered under `name`.
    ///
    /// - Parameters:
    ///   - name: Matches `[a-zA-Z_:][a-zA-Z0-9_:]*`; include the unit, as in `_seconds`.
    ///   - help: One line saying what is observed.
    ///   - labelNames: Names of the labels each series carries; `le` is reserved. Default: none.
    ///   - buckets: Finite, strictly increasing upper bounds; `+Inf` is added. Default:
    ///     `Histogram.defaultLatencyBuckets`, in seconds.
    public func histogram(
        name: String, help: String, labelNames: [String] = [], buckets: [Double] = Histogram.defaultLatencyBuckets
    ) -> HistogramFamily {
        precondition(!labelNames.contains("le"), "\(name): the label name le is reserved for histogram buckets")
        precondition(
            buckets.allSatisfy(\.isFinite) && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 },
            "\(name): histogram buckets must be finite and strictly increasing, got \(buckets)")

        let family = register(name: name, kind: "histogram", labelNames: labelNames) {
            .histogram(HistogramFamily(name: name, help: help, labelNames: labelNames, buckets: buckets))
        } existing: { family in
            if case .histogram(let histogram) = family { histogram } else { nil }
        }
        precondition(family.buckets == buckets, "\(name) is already registered with buckets \(family.buckets)")
        return family
    }

    /// Registers a gauge whose series are read by `samples` at each scrape, for values another component
    /// already tracks, such as the number of long-poll waiters.
    ///
    /// `samples` runs on the scraping thread while no registry lock is held; it must be quick and must
    /// return exactly `labelNames.count` values per sample. Each name may be registered once.
    ///
    /// - Parameters:
    ///   - name: Matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    ///   - help: One line saying what is measured.
    ///   - labelNames: Names of the labels each sample carries. Default: none.
    ///   - samples: Returns the current value of every series.
    public func gaugeFunction(
        name: String, help: String, labelNames: [String] = [], samples: @escaping @Sendable () -> [GaugeSample]
    ) {
        let family = GaugeFunctionFamily(name: name, help: help, labelNames: labelNames, samples: samples)
        let registered = register(name: name, kind: "gauge function", labelNames: labelNames) {
            .gaugeFunction(family)
        } existing: { family in
            if case .gaugeFunction(let gaugeFunction) = family { gaugeFunction } else { nil }
        }
        precondition(registered === family, "\(name) is already registered as a gauge function; register it once")
    }

    /// Registers a gauge without labels whose value is read by `value` at each scrape.
    ///
    /// - Parameters:
    ///   - name: Matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    ///   - help: One line saying what is measured.
    ///   - value: Returns the current value; runs on the scraping thread with no registry lock held.
    public func gaugeFunction(name: String, help: String, value: @escaping @Sendable () -> Double) {
        gaugeFunction(name: name, help: help, labelNames: []) { [GaugeSample(value: value())] }
    }

    /// Every family in the Prometheus text exposition format 0.0.4, sorted by name, series sorted by label
    /// values.
    public func render() -> String {
        // Copy the family list and render after releasing the lock: rendering runs gauge functions, which
        // may take other locks or even register metrics.
        let snapshot = families.withLock { families in families.sorted { $0.key < $1.key }.map(\.value) }

        var text = ""
        for family in snapshot {
            family.render(into: &text)
        }
        return text
    }

    private func register<Family>(
        name: String,
        kind: String,
        labelNames: [String],
        create: () -> RegisteredFamily,
        existing: (RegisteredFamily) -> Family?
    ) -> Family {
        precondition(PrometheusText.isValidMetricName(name), "invalid metric name \"\(name)\"")
        for labelName in labelNames {
            precondition(PrometheusText.isValidLabelName(labelName), "\(name): invalid label name \"\(labelName)\"")
        }
        precondition(Set(labelNames).count == labelNames.count, "\(name): label names repeat in \(labelNames)")

        let (registered, isNew) = families.withLock { families in
            if let family = families[name] {
                return (family, false)
            }
            let family = create()
            families[name] = family
            return (family, true)
        }

        guard let family = existing(registered) else {
            preconditionFailure("\(name) is already registered as a \(registered.kind), not a \(kind)")
        }
        precondition(
            isNew || registered.labelNames == labelNames,
            "\(name) is already registered with labels \(registered.labelNames), not \(labelNames)")
        return family
    }
}

/// A family of any kind, as the registry stores it.
enum RegisteredFamily: Sendable {
    case counter(CounterFamily)
    case gauge(GaugeFamily)
    case histogram(HistogramFamily)
    case gaugeFunction(GaugeFunctionFamily)

    var kind: String {
        switch self {
        case .counter: "counter"
        case .gauge: "gauge"
        case .histogram: "histogram"
        case .gaugeFunction: "gauge function"
        }
    }

    var labelNames: [String] {
        switch self {
        case .counter(let family): family.labelNames
        case .gauge(let family): family.labelNames
        case .histogram(let family): family.labelNames
        case .gaugeFunction(let family): family.labelNames
        }
    }
}
