import Synchronization

/// A cheap value that writes log events for one component, shaped like swift-log's `Logger`.
///
/// Each component keeps its own logger and copies it at each boundary, adding metadata on the copy:
///
/// ```swift
/// var logger = Logger(label: "dataplane")
/// logger[metadataKey: "conn"] = "\(connectionID)"
/// logger.debug("request routed", metadata: ["route": "\(route.name)"])
/// ```
///
/// The message and metadata arguments are closures that run only when the level is enabled, so a
/// disabled `trace` call costs one comparison. Messages should be fixed text; values go in metadata.
public struct Logger: Sendable {
    /// Names the component that writes through this logger; written as the `logger` field.
    public let label: String

    /// The least severe level this logger writes; events below it are dropped before their message is
    /// built. Default: the level given to `Logger.bootstrap(sink:level:)`, `info` before bootstrap.
    public var logLevel: Level

    /// Context written with every event of this logger, such as the connection or route. Metadata given
    /// to a single call is merged over it. Default: empty.
    public var metadata: Metadata

    /// Where this logger's events go. Default: the sink given to `Logger.bootstrap(sink:level:)`, standard
    /// error in logfmt before bootstrap.
    public let sink: any LogSink

    /// Creates a logger that writes to the process-wide sink at the process-wide level.
    ///
    /// - Parameter label: The component name, such as `control` or `dataplane`.
    public init(label: String) {
        let defaults = LoggingDefaults.storage.withLock { $0 }
        self.init(label: label, sink: defaults.sink, logLevel: defaults.level)
    }

    /// Creates a logger with an explicit sink, for tests and for components that log elsewhere.
    ///
    /// - Parameters:
    ///   - label: The component name, such as `control` or `dataplane`.
    ///   - sink: Where events go.
    ///   - logLevel: The least severe level written. Default: `info`.
    ///   - metadata: Context written with every event. Default: empty.
    public init(label: String, sink: any LogSink, logLevel: Level = .info, metadata: Metadata = [:]) {
        self.label = label
        self.sink = sink
        self.logLevel = logLevel
        self.metadata = metadata
    }

    /// Reads or changes one entry of this logger's metadata; setting `nil` removes it.
    public subscript(metadataKey key: String) -> MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Whether an event at `level` would be written; use it to skip work that only feeds a log event.
    public func isEnabled(_ level: Level) -> Bool {
        level >= logLevel
    }

    /// Writes an event when `level` is enabled.
    ///
    /// - Parameters:
    ///   - level: The event's severity.
    ///   - message: Fixed text describing the event; evaluated only when the level is enabled.
    ///   - metadata: Values for this event, merged over the logger's metadata; evaluated only when the level
    ///     is enabled.
    public func log(
        level: Level,
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> Metadata? = nil
    ) {
        guard level >= logLevel else { return }

        var merged = self.metadata
        if let eventMetadata = metadata() {
            merged.merge(eventMetadata) { _, eventValue in eventValue }
        }

        let record = LogRecord(
            timestamp: .now(), level: level, label: label, message: message(), metadata: merged)
        sink.write(record)
    }

    /// Writes a `trace` event; see `log(level:_:metadata:)`.
    public func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .trace, message(), metadata: metadata())
    }

    /// Writes a `debug` event; see `log(level:_:metadata:)`.
    public func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .debug, message(), metadata: metadata())
    }

    /// Writes an `info` event; see `log(level:_:metadata:)`.
    public func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .info, message(), metadata: metadata())
    }

    /// Writes a `notice` event; see `log(level:_:metadata:)`.
    public func notice(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .notice, message(), metadata: metadata())
    }

    /// Writes a `warning` event; see `log(level:_:metadata:)`.
    public func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .warning, message(), metadata: metadata())
    }

    /// Writes an `error` event; see `log(level:_:metadata:)`.
    public func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .error, message(), metadata: metadata())
    }

    /// Writes a `critical` event; see `log(level:_:metadata:)`.
    public func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata? = nil) {
        log(level: .critical, message(), metadata: metadata())
    }
}

extension Logger {
    /// Sets the sink and level that `Logger(label:)` uses from now on. Call it once at start, after the
    /// command line is parsed and before any component creates its logger.
    ///
    /// Loggers created earlier keep the sink and level they were created with; a later call replaces the
    /// defaults for loggers created after it.
    ///
    /// - Parameters:
    ///   - sink: Where events of default loggers go.
    ///   - level: The least severe level default loggers write. Default: `info`.
    public static func bootstrap(sink: any LogSink, level: Level = .info) {
        LoggingDefaults.storage.withLock { $0 = LoggingDefaults(sink: sink, level: level) }
    }
}

/// The sink and level that `Logger(label:)` starts from.
struct LoggingDefaults: Sendable {
    var sink: any LogSink
    var level: Logger.Level

    /// Process-wide defaults. A `Mutex` because `bootstrap` may run while other threads create loggers;
    /// it is read once per logger creation, never per event, so the lock stays off the logging path.
    static let storage = Mutex(
        LoggingDefaults(sink: FileDescriptorLogSink.standardError(format: .logfmt), level: .info))
}
