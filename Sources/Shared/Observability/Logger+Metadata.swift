extension Logger {
    /// Key-value context attached to log events, such as `conn`, `route` or `upstream`.
    public typealias Metadata = [String: MetadataValue]

    /// One metadata value: a string, or a list or dictionary of further values.
    ///
    /// String literals and interpolations convert directly, so `logger[metadataKey: "route"] = "\(route.name)"`
    /// reads naturally; array and dictionary literals build the nested cases.
    public enum MetadataValue: Sendable, Hashable, CustomStringConvertible {
        /// A single text value.
        case string(String)
        /// An ordered list of values.
        case array([MetadataValue])
        /// Nested key-value pairs; written with keys sorted.
        case dictionary([String: MetadataValue])

        /// The value as plain text: strings as they are, lists as `[a, b]`, dictionaries as `[k: v]` sorted by key.
        public var description: String {
            switch self {
            case .string(let text):
                return text
            case .array(let values):
                return "[" + values.map(\.description).joined(separator: ", ") + "]"
            case .dictionary(let pairs):
                let entries = pairs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.description)" }
                return "[" + entries.joined(separator: ", ") + "]"
            }
        }
    }
}

extension Logger.MetadataValue: ExpressibleByStringLiteral {
    /// Creates a `.string` value from a literal.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension Logger.MetadataValue: ExpressibleByStringInterpolation {}

extension Logger.MetadataValue: ExpressibleByArrayLiteral {
    /// Creates an `.array` value from a literal.
    public init(arrayLiteral elements: Logger.MetadataValue...) {
        self = .array(elements)
    }
}

extension Logger.MetadataValue: ExpressibleByDictionaryLiteral {
    /// Creates a `.dictionary` value from a literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, Logger.MetadataValue)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
