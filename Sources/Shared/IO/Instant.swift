import Glibc

/// A point on the monotonic clock, in nanoseconds. Event loops read it once per wake-up; state machines take it
/// as a parameter so tests can drive them with any clock.
public struct Instant: Sendable, Comparable, Hashable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary start (the system's boot).
    public var nanoseconds: UInt64

    /// Creates an instant from nanoseconds on the monotonic clock.
    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// Reads the monotonic clock.
    public static func now() -> Instant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Instant(nanoseconds: UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec))
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` later; negative durations move back, never below zero.
    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        let delta = rhs.nanoseconds
        if delta >= 0 {
            return Instant(nanoseconds: lhs.nanoseconds &+ UInt64(delta))
        }
        let back = UInt64(-delta)
        return Instant(nanoseconds: lhs.nanoseconds > back ? lhs.nanoseconds - back : 0)
    }

    /// The time from `rhs` to `lhs`, zero when `rhs` is later.
    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        lhs.nanoseconds > rhs.nanoseconds ? .nanoseconds(Int64(lhs.nanoseconds - rhs.nanoseconds)) : .zero
    }

    public var description: String { "\(nanoseconds / 1_000_000)ms" }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at the bounds of `Int64`.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            return seconds < 0 ? Int64.min : Int64.max
        }
        return scaled &+ attoseconds / 1_000_000_000
    }

    /// The duration in whole milliseconds.
    public var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
