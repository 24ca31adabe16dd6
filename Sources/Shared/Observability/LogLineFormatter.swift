/// The text layout of log lines written by `FileDescriptorLogSink`.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// `key=value` pairs separated by spaces: `ts=… level=info logger=control msg="listening" address=…`.
    case logfmt
    /// One JSON object per line with the same fields: `{"ts":"…","level":"info",…}`.
    case json
}

/// Which metadata keys hold secrets; their values are written as `[redacted]`.
///
/// Keys are compared case-insensitively, with `-` treated as `_`, so `Authorization` and `api-key` match.
/// Keys inside dictionary values are checked too.
public struct LogRedaction: Sendable, Hashable {
    /// Normalized names (lowercase, `_` for `-`) of keys whose values are hidden.
    public var sensitiveKeys: Set<String>

    /// Hides `authorization`, `token`, `password`, `api_key` and `secret`.
    ///
    /// Limitation: only these exact names match, so `access_token` is written in full; add such keys to
    /// `sensitiveKeys` where they are used.
    public static let standard = LogRedaction(sensitiveKeys: [
        "authorization", "token", "password", "api_key", "secret",
    ])

    /// Hides nothing.
    public static let disabled = LogRedaction(sensitiveKeys: [])

    /// The text written in place of a hidden value.
    public static let placeholder = "[redacted]"

    /// Creates a redaction policy.
    ///
    /// - Parameter sensitiveKeys: Key names to hide; normalized to lowercase with `_` for `-`.
    public init(sensitiveKeys: Set<String>) {
        self.sensitiveKeys = Set(sensitiveKeys.map(Self.normalize))
    }

    /// Whether the value under `key` must be hidden.
    public func isSensitive(_ key: String) -> Bool {
        !sensitiveKeys.isEmpty && sensitiveKeys.contains(Self.normalize(key))
    }

    /// The value to write for `key`: the placeholder for a sensitive key, otherwise `value` with the
    /// sensitive keys of nested dictionaries hidden.
    func apply(key: String, value: Logger.MetadataValue) -> Logger.MetadataValue {
        isSensitive(key) ? .string(Self.placeholder) : apply(to: value)
    }

    private func apply(to value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string:
            return value
        case .array(let values):
            return .array(values.map { apply(to: $0) })
        case .dictionary(let pairs):
            return .dictionary(
                Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, apply(key: $0.key, value: $0.value)) }))
        }
    }

    private static func normalize(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}

/// Turns a `LogRecord` into one line of text ending in a newline.
///
/// Fields come in a fixed order, `ts`, `level`, `logger`, `msg`, then metadata sorted by key. A metadata key
/// that repeats one of the four fixed names is written with a leading `_`. Every line break, quote and
/// control character inside a value is escaped, so a value can never start a new line.
public struct LogLineFormatter: Sendable, Hashable {
    /// The layout of the line. Default: `logfmt`.
    public var format: LogFormat
    /// Which metadata values are hidden. Default: `LogRedaction.standard`.
    public var redaction: LogRedaction

    private static let fixedKeys: Set<String> = ["ts", "level", "logger", "msg"]

    /// Creates a formatter.
    ///
    /// - Parameters:
    ///   - format: The layout of the line. Default: `logfmt`.
    ///   - redaction: Which metadata values are hidden. Default: `LogRedaction.standard`.
    public init(format: LogFormat = .logfmt, redaction: LogRedaction = .standard) {
        self.format = format
        self.redaction = redaction
    }

    /// The record as one line, including the final `\n`.
    public func line(for record: LogRecord) -> String {
        let metadata = record.metadata.map { pair in
            let key = Self.fixedKeys.contains(pair.key) ? "_" + pair.key : pair.key
            return (key, redaction.apply(key: pair.key, value: pair.value))
        }
        .sorted { $0.0 < $1.0 }

        switch format {
        case .logfmt:
            return logfmtLine(for: record, metadata: metadata)
        case .json:
            return jsonLine(for: record, metadata: metadata)
        }
    }

    private func logfmtLine(for record: LogRecord, metadata: [(String, Logger.MetadataValue)]) -> String {
        var line = "ts=\(record.timestamp) level=\(record.level) logger="
        line.appendLogfmtValue(record.label)
        line.append(" msg=")
        line.appendQuoted(record.message)

        for (key, value) in metadata {
            line.append(" ")
            line.appendLogfmtKey(key)
            line.append("=")
            line.appendLogfmtValue(value.description)
        }
        line.append("\n")
        return line
    }

    private func jsonLine(for record: LogRecord, metadata: [(String, Logger.MetadataValue)]) -> String {
        var line = "{\"ts\":\"\(record.timestamp)\",\"level\":\"\(record.level)\",\"logger\":"
        line.appendQuoted(record.label)
        line.append(",\"msg\":")
        line.appendQuoted(record.message)

        for (key, value) in metadata {
            line.append(",")
            line.appendQuoted(key)
            line.append(":")
            line.appendJSON(value)
        }
        line.append("}\n")
        return line
    }
}

extension String {
    /// Appends `text` in double quotes, escaping quotes, backslashes, control characters and every Unicode
    /// line or paragraph separator. The escapes are valid in both JSON and logfmt.
    mutating func appendQuoted(_ text: String) {
        append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case _ where scalar.breaksLogLine:
                let hex = String(scalar.value, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: unicodeScalars.append(scalar)
            }
        }
        append("\"")
    }

    /// Appends a logfmt value, in quotes only when it is empty or holds a space, `=`, a quote, a backslash or
    /// a control character.
    mutating func appendLogfmtValue(_ text: String) {
        let needsQuotes =
            text.isEmpty
            || text.unicodeScalars.contains { scalar in
                scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.properties.isWhitespace
                    || scalar.breaksLogLine
            }
        if needsQuotes {
            appendQuoted(text)
        } else {
            append(text)
        }
    }

    /// Appends a logfmt key; characters that would end the key early are replaced by `_`.
    mutating func appendLogfmtKey(_ key: String) {
        guard !key.isEmpty else {
            append("_")
            return
        }
        for scalar in key.unicodeScalars {
            let endsKey = scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.properties.isWhitespace
            unicodeScalars.append(endsKey || scalar.breaksLogLine ? "_" : scalar)
        }
    }

    /// Appends a metadata value as JSON: a string, an array, or an object with sorted keys.
    mutating func appendJSON(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let text):
            appendQuoted(text)
        case .array(let values):
            append("[")
            for (index, element) in values.enumerated() {
                if index > 0 { append(",") }
                appendJSON(element)
            }
            append("]")
        case .dictionary(let pairs):
            append("{")
            for (index, pair) in pairs.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { append(",") }
                appendQuoted(pair.key)
                append(":")
                appendJSON(pair.value)
            }
            append("}")
        }
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a control character or a separator that some readers treat as a line break.
    var breaksLogLine: Bool {
        switch value {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029: true
        default: false
        }
    }
}
