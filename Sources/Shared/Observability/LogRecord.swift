import Glibc

/// One log event as handed to a `LogSink`: everything needed to write a line, already filtered by level.
public struct LogRecord: Sendable, Hashable {
    /// When the event happened, wall-clock time in UTC.
    public var timestamp: LogTimestamp
    /// The event's severity.
    public var level: Logger.Level
    /// The label of the logger that wrote the event; written as the `logger` field.
    public var label: String
    /// The event's fixed text; written as the `msg` field.
    public var message: String
    /// The logger's metadata with the event's own metadata merged over it.
    public var metadata: Logger.Metadata

    /// Creates a record; loggers do this, tests may build records directly.
    public init(
        timestamp: LogTimestamp, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) {
        self.timestamp = timestamp
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }
}

/// A wall-clock instant with nanosecond precision, written as UTC ISO-8601 with milliseconds.
public struct LogTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z; negative before it.
    public var secondsSinceEpoch: Int64
    /// Nanoseconds past `secondsSinceEpoch`, from 0 to 999,999,999.
    public var nanoseconds: Int32

    /// Creates an instant from seconds since the Unix epoch and a nanosecond part.
    ///
    /// - Parameters:
    ///   - secondsSinceEpoch: Whole seconds since 1970-01-01T00:00:00Z.
    ///   - nanoseconds: Nanoseconds past that second, from 0 to 999,999,999. Default: 0.
    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds must be within one second")
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
    }

    /// The current wall-clock time, read from `CLOCK_REALTIME`.
    public static func now() -> LogTimestamp {
        var time = timespec()
        // CLOCK_REALTIME is always available; the call fails only for an invalid clock or pointer.
        let result = clock_gettime(CLOCK_REALTIME, &time)
        assert(result == 0, "clock_gettime(CLOCK_REALTIME) failed")
        return LogTimestamp(secondsSinceEpoch: Int64(time.tv_sec), nanoseconds: Int32(time.tv_nsec))
    }

    /// Orders instants in time.
    public static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
        (lhs.secondsSinceEpoch, lhs.nanoseconds) < (rhs.secondsSinceEpoch, rhs.nanoseconds)
    }

    /// The instant as UTC ISO-8601 with milliseconds, such as `2026-12-04T06:30:01.123Z`; the sub-millisecond
    /// part is cut, not rounded, so a line never shows a time later than the event.
    public var description: String {
        let (days, secondOfDay) = secondsSinceEpoch.floorDividedBy(86_400)
        let date = CivilDate(daysSinceEpoch: days)

        var text = ""
        text.reserveCapacity(24)
        text.appendPadded(date.year, width: 4)
        text.append("-")
        text.appendPadded(Int64(date.month), width: 2)
        text.append("-")
        text.appendPadded(Int64(date.day), width: 2)
        text.append("T")
        text.appendPadded(secondOfDay / 3600, width: 2)
        text.append(":")
        text.appendPadded(secondOfDay / 60 % 60, width: 2)
        text.append(":")
        text.appendPadded(secondOfDay % 60, width: 2)
        text.append(".")
        text.appendPadded(Int64(nanoseconds / 1_000_000), width: 3)
        text.append("Z")
        return text
    }
}

/// A date in the proleptic Gregorian calendar.
struct CivilDate: Hashable {
    var year: Int64
    var month: Int
    var day: Int

    private static let daysPerFourHundredYears: Int64 = 146_097
    private static let daysPerHundredYears: Int64 = 36_524
    private static let daysPerFourYears: Int64 = 1_461
    /// Days from 1970-01-01 to 2000-03-01, the first day after the leap day that ends a 400-year cycle.
    private static let daysToReferenceDate: Int64 = 11_017
    /// Month lengths counted from March, so February and its leap day come last.
    private static let monthLengthsFromMarch: [Int64] = [31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29]

    /// The date `daysSinceEpoch` days after 1970-01-01 (before it when negative).
    init(daysSinceEpoch: Int64) {
        // Counting from a March 1st puts the irregular day of each cycle (the leap day) at the very end of
        // the cycle, so each step below is a plain division with one clamp for that last day.
        let (fourHundreds, dayOfCycle) = (daysSinceEpoch - Self.daysToReferenceDate)
            .floorDividedBy(Self.daysPerFourHundredYears)
        var remaining = dayOfCycle
        let hundreds = min(remaining / Self.daysPerHundredYears, 3)
        remaining -= hundreds * Self.daysPerHundredYears
        let fours = remaining / Self.daysPerFourYears
        remaining -= fours * Self.daysPerFourYears
        let singles = min(remaining / 365, 3)
        remaining -= singles * 365
        let yearFromMarch = 2000 + fourHundreds * 400 + hundreds * 100 + fours * 4 + singles

        var monthIndex = 0
        while remaining >= Self.monthLengthsFromMarch[monthIndex] {
            remaining -= Self.monthLengthsFromMarch[monthIndex]
            monthIndex += 1
        }

        // Index 0 is March; indexes 10 and 11 are January and February of the following year.
        year = monthIndex >= 10 ? yearFromMarch + 1 : yearFromMarch
        month = monthIndex >= 10 ? monthIndex - 9 : monthIndex + 3
        day = Int(remaining) + 1
    }
}

extension Int64 {
    /// Quotient rounded towards negative infinity, and a remainder that is never negative.
    func floorDividedBy(_ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = self / divisor
        let remainder = self % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}

extension String {
    /// Appends a non-negative number in decimal, padded with leading zeros to `width` digits.
    mutating func appendPadded(_ value: Int64, width: Int) {
        let digits = String(value)
        if digits.count < width {
            append(String(repeating: "0", count: width - digits.count))
        }
        append(digits)
    }
}
