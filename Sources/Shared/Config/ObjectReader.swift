/// Problems gathered while reading one document, shared by the readers of its nested objects.
final class ProblemList {
    var items: [ConfigError.Problem] = []

    func add(_ field: String, _ reason: String) {
        items.append(ConfigError.Problem(field: field, reason: reason))
    }
}

/// The path of `key` inside the object at `base`: `"retries"` + `"attempts"` gives `"retries.attempts"`.
func fieldPath(_ base: String, _ key: String) -> String {
    base.isEmpty ? key : "\(base).\(key)"
}

/// The path of element `index` of the array at `base`: `"match.hosts[1]"`.
func elementPath(_ base: String, _ index: Int) -> String {
    "\(base)[\(index)]"
}

/// Reads the fields of one JSON object, checking each field's type, recording which fields were read, and
/// reporting every problem to a shared ``ProblemList`` instead of stopping at the first.
///
/// A field set to `null` counts as absent. When a field has the wrong type the reader reports it and returns the
/// fallback, so reading goes on and later fields are checked too.
struct ObjectReader {
    /// The JSON path of the object being read.
    let path: String
    let problems: ProblemList
    private let fields: [String: JSONValue]
    private var knownKeys: [String] = []

    /// Starts reading `json`, or reports that it is not an object and returns `nil`.
    init?(_ json: JSONValue, at path: String, problems: ProblemList) {
        guard case .object(let fields) = json else {
            problems.add(path, "expected an object, found \(json.typeDescription)")
            return nil
        }
        self.path = path
        self.problems = problems
        self.fields = fields
    }

    /// The names of all fields present, in no particular order.
    var keys: Dictionary<String, JSONValue>.Keys {
        fields.keys
    }

    /// Whether `key` is present with a value other than `null`, whatever its type.
    func contains(_ key: String) -> Bool {
        fields[key].map { $0 != .null } ?? false
    }

    /// Reports every field that no read asked for, suggesting a known name when one is close.
    func rejectUnknownFields() {
        for key in fields.keys.sorted() where !knownKeys.contains(key) {
            // Field names are short; a long unknown key is not a typo of one, and comparing it would be wasted work.
            let candidates = key.utf8.count <= 64 ? knownKeys : []
            let suggestion = candidates.min { editDistance($0, key) < editDistance($1, key) }
            if let suggestion, editDistance(suggestion, key) <= 2 {
                problems.add(fieldPath(path, key), "unknown field; did you mean \"\(suggestion)\"?")
            } else {
                problems.add(fieldPath(path, key), "unknown field")
            }
        }
    }

    /// The raw value of `key`, or `nil` when absent or `null`; marks the field as known.
    mutating func value(_ key: String) -> JSONValue? {
        knownKeys.append(key)
        guard let value = fields[key], value != .null else {
            return nil
        }
        return value
    }

    func mismatch(_ key: String, expected: String, found: JSONValue) {
        problems.add(fieldPath(path, key), "expected \(expected), found \(found.typeDescription)")
    }

    private func missing(_ key: String) {
        problems.add(fieldPath(path, key), "is required")
    }

    mutating func string(_ key: String) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let text): return text
        case let other?:
            mismatch(key, expected: "a string", found: other)
            return nil
        }
    }

    mutating func requiredString(_ key: String) -> String {
        if fields[key] == nil || fields[key] == .null {
            knownKeys.append(key)
            missing(key)
            return ""
        }
        return string(key) ?? ""
    }

    mutating func int(_ key: String) -> Int? {
        switch value(key) {
        case nil: return nil
        case .int(let number): return number
        case let other?:
            mismatch(key, expected: "an integer", found: other)
            return nil
        }
    }

    mutating func int(_ key: String, default fallback: Int) -> Int {
        int(key) ?? fallback
    }

    mutating func requiredInt(_ key: String) -> Int {
        if fields[key] == nil || fields[key] == .null {
            knownKeys.append(key)
            missing(key)
            return 0
        }
        return int(key) ?? 0
    }

    mutating func double(_ key: String) -> Double? {
        switch value(key) {
        case nil: return nil
        case .int(let number): return Double(number)
        case .double(let number): return number
        case let other?:
            mismatch(key, expected: "a number", found: other)
            return nil
        }
    }

    mutating func requiredDouble(_ key: String) -> Double {
        if fields[key] == nil || fields[key] == .null {
            knownKeys.append(key)
            missing(key)
            return 0
        }
        return double(key) ?? 0
    }

    mutating func bool(_ key: String) -> Bool? {
        switch value(key) {
        case nil: return nil
        case .bool(let flag): return flag
        case let other?:
            mismatch(key, expected: "a boolean", found: other)
            return nil
        }
    }

    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        bool(key) ?? fallback
    }

    /// An array of strings; elements of another type are reported by index and skipped.
    mutating func strings(_ key: String) -> [String]? {
        guard let elements = array(key) else {
            return nil
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                let field = elementPath(fieldPath(path, key), index)
                problems.add(field, "expected a string, found \(element.typeDescription)")
                continue
            }
            result.append(text)
        }
        return result
    }

    /// An object whose values are all strings.
    mutating func stringMap(_ key: String) -> [String: String]? {
        guard let nested = value(key) else {
            return nil
        }
        guard case .object(let entries) = nested else {
            mismatch(key, expected: "an object", found: nested)
            return nil
        }
        var result: [String: String] = [:]
        for name in entries.keys.sorted() {
            let entry = entries[name]!
            guard case .string(let text) = entry else {
                problems.add(fieldPath(fieldPath(path, key), name), "expected a string, found \(entry.typeDescription)")
                continue
            }
            result[name] = text
        }
        return result
    }

    mutating func array(_ key: String) -> [JSONValue]? {
        switch value(key) {
        case nil: return nil
        case .array(let elements): return elements
        case let other?:
            mismatch(key, expected: "an array", found: other)
            return nil
        }
    }

    /// Reads the nested object at `key` with `build`, then rejects its unknown fields.
    mutating func object<T>(_ key: String, _ build: (inout ObjectReader) -> T) -> T? {
        guard let nested = value(key) else {
            return nil
        }
        guard var reader = ObjectReader(nested, at: fieldPath(path, key), problems: problems) else {
            return nil
        }
        let result = build(&reader)
        reader.rejectUnknownFields()
        return result
    }

    /// Reads each object of the array at `key` with `build`, then rejects its unknown fields.
    mutating func objects<T>(_ key: String, _ build: (inout ObjectReader) -> T) -> [T]? {
        guard let elements = array(key) else {
            return nil
        }
        var result: [T] = []
        for (index, element) in elements.enumerated() {
            let elementField = elementPath(fieldPath(path, key), index)
            guard var reader = ObjectReader(element, at: elementField, problems: problems) else {
                continue
            }
            result.append(build(&reader))
            reader.rejectUnknownFields()
        }
        return result
    }

    /// One of the raw values of `Choice`; anything else is reported with the accepted values.
    mutating func choice<Choice>(_ key: String) -> Choice?
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        guard let text = string(key) else {
            return nil
        }
        guard let result = Choice(rawValue: text) else {
            reportUnknownChoice(text, of: Choice.self, at: fieldPath(path, key))
            return nil
        }
        return result
    }

    mutating func choice<Choice>(_ key: String, default fallback: Choice) -> Choice
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        choice(key) ?? fallback
    }

    /// An array of raw values of `Choice`.
    mutating func choices<Choice>(_ key: String) -> [Choice]?
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        guard let texts = strings(key) else {
            return nil
        }
        var result: [Choice] = []
        for (index, text) in texts.enumerated() {
            guard let choice = Choice(rawValue: text) else {
                reportUnknownChoice(text, of: Choice.self, at: elementPath(fieldPath(path, key), index))
                continue
            }
            result.append(choice)
        }
        return result
    }

    private func reportUnknownChoice<Choice>(_ text: String, of type: Choice.Type, at field: String)
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        let accepted = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        problems.add(field, "unknown value \"\(text)\"; expected one of \(accepted)")
    }
}

extension ObjectReader {
    /// Reports each of `presentKeys` after the first as conflicting with the first: of the fields listed in
    /// `group`, at most one may be set.
    func reportConflicts(_ presentKeys: [String], group: [String]) {
        guard let first = presentKeys.first else {
            return
        }
        for key in presentKeys.dropFirst() {
            problems.add(
                fieldPath(path, key), "conflicts with \(first); set only one of \(group.joined(separator: ", "))")
        }
    }
}

extension ObjectReader {
    /// An object mapping names to resources; each resource is read with its path `key.name`, and its problems
    /// join this reader's.
    mutating func resources<Resource: ConfigResource>(_ key: String, _ type: Resource.Type) -> [String: Resource] {
        guard let nested = value(key) else {
            return [:]
        }
        guard case .object(let entries) = nested else {
            mismatch(key, expected: "an object", found: nested)
            return [:]
        }
        var result: [String: Resource] = [:]
        for name in entries.keys.sorted() {
            do {
                result[name] = try Resource(json: entries[name]!, at: fieldPath(fieldPath(path, key), name))
            } catch {
                problems.items += error.problems
            }
        }
        return result
    }
}
