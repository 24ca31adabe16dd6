/// Collects problems about values already read, with fields named relative to one base path.
struct ProblemReport {
    /// The JSON path every field is relative to.
    let base: String
    private(set) var problems: [ConfigError.Problem] = []

    init(at base: String) {
        self.base = base
    }

    mutating func add(_ field: String, _ reason: String) {
        problems.append(ConfigError.Problem(field: fieldPath(base, field), reason: reason))
    }

    mutating func add(contentsOf others: [ConfigError.Problem]) {
        problems += others
    }

    /// Reports `value` unless it lies in `range`.
    mutating func check(_ value: Int, in range: ClosedRange<Int>, _ field: String) {
        if !range.contains(value) {
            add(field, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
    }

    /// Reports `value` unless it lies in `range`.
    mutating func check(_ value: Double, in range: ClosedRange<Double>, _ field: String) {
        if !range.contains(value) {
            let bounds = "\(Self.text(range.lowerBound)) and \(Self.text(range.upperBound))"
            add(field, "must be between \(bounds), found \(Self.text(value))")
        }
    }

    /// Reports `value` unless `lowerBound < value <= upperBound`.
    mutating func check(_ value: Double, above lowerBound: Double, atMost upperBound: Double, _ field: String) {
        if !(value > lowerBound && value <= upperBound) {
            let bounds = "greater than \(Self.text(lowerBound)) and at most \(Self.text(upperBound))"
            add(field, "must be \(bounds), found \(Self.text(value))")
        }
    }

    /// A number as an operator wrote it: whole numbers without a fraction.
    private static func text(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int(value))
        }
        return value.description
    }
}
