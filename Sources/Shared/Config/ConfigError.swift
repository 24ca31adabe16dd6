/// Configuration that could not be accepted, with every problem found in it.
///
/// Produced when decoding a spec or a snapshot; validators return the same ``Problem`` values directly. The
/// description lists each problem on its own line and never contains key material.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One thing wrong with a configuration, and where.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The JSON path of the offending field, such as `"match.path_prefix"`, `"retries.attempts"` or
        /// `"routes.users.service"`; array elements appear as `"match.hosts[1]"`. Empty when the document as a
        /// whole is at fault (for example, it is not JSON).
        public var field: String
        /// What is wrong, in a short sentence without the field name, such as `"must be between 1 and 65535"`.
        public var reason: String

        /// Creates a problem for `field` with `reason`.
        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }

        /// `field: reason`, or only the reason when no field is named.
        public var description: String {
            field.isEmpty ? reason : "\(field): \(reason)"
        }
    }

    /// Every problem found, in document order as far as it could be determined. Never empty.
    public var problems: [Problem]

    /// Creates an error carrying `problems`.
    public init(problems: [Problem]) {
        precondition(!problems.isEmpty, "a configuration error needs at least one problem")
        self.problems = problems
    }

    /// A short, stable name for metrics and logs: `"invalid_json"` when the bytes were not JSON,
    /// `"invalid_config"` otherwise.
    public var shortDescription: String {
        problems.count == 1 && problems[0].field.isEmpty && problems[0].reason.hasPrefix("invalid JSON")
            ? "invalid_json" : "invalid_config"
    }

    /// The problems, one per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
