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
            add(field, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
    }

    /// Reports `value` unless `lowerBound < value <= upperBound`.
    mutating func check(_ value: Double, above lowerBound: Double, atMost upperBound: Double, _ field: String) {
        if !(value > lowerBound && value <= upperBound) {
            add(field, "must be greater than \(lowerBound) and at most \(upperBound), found \(value)")
        }
    }
}
