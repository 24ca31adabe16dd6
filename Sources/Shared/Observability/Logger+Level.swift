extension Logger {
    /// How important a log event is, from the most verbose (`trace`) to the most severe (`critical`).
    ///
    /// Levels are ordered, so `Level.debug < Level.info`. A logger writes an event when the event's level is
    /// at or above the logger's `logLevel`. Info and above is for lifecycle events (started, listening,
    /// configuration applied); per-request detail belongs at `debug` or `trace`.
    public enum Level: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
        /// Step-by-step detail for following one request or connection through the code.
        case trace
        /// Detail useful while diagnosing a problem, such as per-request outcomes.
        case debug
        /// Normal lifecycle events: started, listening, configuration applied.
        case info
        /// Normal but significant events that an operator may want to notice.
        case notice
        /// Something unexpected happened and was handled, such as a retried upstream.
        case warning
        /// An operation failed and its caller saw the failure.
        case error
        /// The process cannot go on working correctly.
        case critical

        /// Reads a level name as given to a `--log-level` flag: case-insensitive, surrounding spaces ignored,
        /// with `warn` accepted for `warning`.
        ///
        /// - Parameter text: A level name such as `"debug"` or `"INFO"`.
        /// - Returns: `nil` when `text` names no level.
        public init?(parsing text: String) {
            let name = text.trimmingSpaces().lowercased()
            if name == "warn" {
                self = .warning
                return
            }
            self.init(rawValue: name)
        }

        /// The lowercase name written in log lines, such as `info`.
        public var description: String { rawValue }

        /// The position of the level in the severity order; `trace` is 0.
        var severity: Int {
            switch self {
            case .trace: 0
            case .debug: 1
            case .info: 2
            case .notice: 3
            case .warning: 4
            case .error: 5
            case .critical: 6
            }
        }

        /// Orders levels by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool {
            lhs.severity < rhs.severity
        }
    }
}
