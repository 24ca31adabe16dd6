import Synchronization

/// A count that only goes up, such as requests served. Updates are lock-free and safe from any thread.
///
/// Get one from `CounterFamily.labels(_:)` once, keep it, and call `increment(by:)` on the hot path.
public final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    init() {}

    /// Adds `amount` to the count.
    ///
    /// - Parameter amount: How much to add; must not be negative. Default: 1.
    public func increment(by amount: Int = 1) {
        precondition(amount >= 0, "a counter only goes up; use a gauge for values that can fall")
        count.add(amount, ordering: .relaxed)
    }

    /// The current count.
    public var value: Int {
        count.load(ordering: .relaxed)
    }
}

/// A value that goes up and down, such as open connections. Updates are lock-free and safe from any thread.
public final class Gauge: Sendable {
    private let current = Atomic<Int>(0)

    init() {}

    /// Replaces the value.
    public func set(_ value: Int) {
        current.store(value, ordering: .relaxed)
    }

    /// Adds `amount` to the value.
    ///
    /// - Parameter amount: How much to add. Default: 1.
    public func increment(by amount: Int = 1) {
        current.add(amount, ordering: .relaxed)
    }

    /// Subtracts `amount` from the value.
    ///
    /// - Parameter amount: How much to subtract. Default: 1.
    public func decrement(by amount: Int = 1) {
        current.subtract(amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: Int {
        current.load(ordering: .relaxed)
    }
}

/// Counts observations, such as request latencies, into buckets by upper bound, and keeps their sum.
///
/// Each bucket has its own atomic count, holding only the observations that fall into it; the cumulative
/// counts Prometheus expects are summed at scrape time. The sum is a `Double` kept as its bit pattern in an
/// `Atomic<UInt64>` and updated with a compare-exchange loop, so it stays exact for fractional seconds and
/// needs no lock. A scrape that runs during an update may see the new count with the old sum; the next
/// scrape sees both.
public final class Histogram: Sendable {
    /// Bucket upper bounds for latencies in seconds, from 0.5 ms to 10 s.
    public static let defaultLatencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// The finite upper bounds (inclusive), strictly increasing; the `+Inf` bucket comes after them.
    public let upperBounds: [Double]
    /// One count per bound plus one for `+Inf`; each counts the observations above the previous bound.
    private let bucketCounts: [AtomicCount]
    private let sumBits = Atomic<UInt64>(0.0.bitPattern)

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        self.bucketCounts = (0...upperBounds.count).map { _ in AtomicCount() }
    }

    /// Records one observation.
    ///
    /// - Parameter value: The observed value, in the unit the family's name states (seconds for latency).
    ///   A NaN lands in the `+Inf` bucket and makes the sum NaN.
    public func observe(_ value: Double) {
        bucketCounts[bucketIndex(for: value)].value.add(1, ordering: .relaxed)

        var expected = sumBits.load(ordering: .relaxed)
        while true {
            let desired = (Double(bitPattern: expected) + value).bitPattern
            let (exchanged, original) = sumBits.weakCompareExchange(
                expected: expected, desired: desired, ordering: .relaxed)
            if exchanged { return }
            expected = original
        }
    }

    /// Records a duration as seconds.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The counts and sum as they are now.
    public var snapshot: HistogramSnapshot {
        var cumulative: [Int] = []
        cumulative.reserveCapacity(bucketCounts.count)
        var runningTotal = 0
        for bucket in bucketCounts {
            runningTotal += bucket.value.load(ordering: .relaxed)
            cumulative.append(runningTotal)
        }
        let sum = Double(bitPattern: sumBits.load(ordering: .relaxed))
        return HistogramSnapshot(upperBounds: upperBounds, cumulativeCounts: cumulative, sum: sum)
    }

    /// The index of the first bucket whose bound is at least `value`; `upperBounds.count` for `+Inf`.
    private func bucketIndex(for value: Double) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if value <= upperBounds[middle] {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }
}

/// A histogram's counts at one moment, in the cumulative form Prometheus uses.
public struct HistogramSnapshot: Sendable, Hashable {
    /// The finite bucket bounds, strictly increasing.
    public var upperBounds: [Double]
    /// For each bound, then for `+Inf`, how many observations were at or below it.
    public var cumulativeCounts: [Int]
    /// The sum of all observations.
    public var sum: Double

    /// How many observations there were; equal to the `+Inf` bucket.
    public var count: Int {
        cumulativeCounts.last ?? 0
    }
}

/// One atomic count that can live in an array, which `Atomic` itself cannot.
final class AtomicCount: Sendable {
    let value = Atomic<Int>(0)
}
