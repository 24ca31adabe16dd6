import Glibc
import Synchronization

/// Where log records go once a logger has decided to write them.
///
/// Sinks are called from any thread, concurrently, and must not block for long: the caller is often an
/// event loop.
public protocol LogSink: Sendable {
    /// Writes or stores one record.
    func write(_ record: LogRecord)
}

/// Writes each record as one line to a file descriptor, such as standard error.
///
/// Each line goes out in a single `write` call, so lines from several threads do not interleave when the
/// descriptor is a regular file opened with `O_APPEND`, a terminal, or a pipe. The sink does not own the
/// descriptor and never closes it.
///
/// Limitation: a pipe keeps a write whole only up to `PIPE_BUF` (4096 bytes), so a longer line can interleave
/// with another thread's line when standard error is a pipe. Serializing writes with a lock would lift this,
/// at the cost of making threads wait on each other while logging.
public struct FileDescriptorLogSink: LogSink {
    /// The descriptor lines are written to; not closed by the sink.
    public let fileDescriptor: Int32
    /// Turns records into lines, including their layout and redaction.
    public let formatter: LogLineFormatter

    /// Creates a sink writing to `fileDescriptor`.
    ///
    /// - Parameters:
    ///   - fileDescriptor: An open descriptor the caller keeps open for the sink's lifetime.
    ///   - formatter: Line layout and redaction. Default: logfmt with standard redaction.
    public init(fileDescriptor: Int32, formatter: LogLineFormatter = LogLineFormatter()) {
        self.fileDescriptor = fileDescriptor
        self.formatter = formatter
    }

    /// A sink writing to standard error (descriptor 2) in `format`, with standard redaction.
    public static func standardError(format: LogFormat = .logfmt) -> FileDescriptorLogSink {
        FileDescriptorLogSink(fileDescriptor: 2, formatter: LogLineFormatter(format: format))
    }

    /// Formats the record and writes the line.
    ///
    /// A line that cannot be written (closed descriptor, full non-blocking pipe) is dropped: logging must
    /// neither crash nor stall the process.
    public func write(_ record: LogRecord) {
        var line = formatter.line(for: record)
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno != EINTR {
                    return
                }
            }
        }
    }
}

/// Keeps records in memory so tests can check what was logged.
public final class InMemoryLogSink: LogSink {
    private let storage = Mutex<[LogRecord]>([])

    /// Creates an empty sink.
    public init() {}

    /// Appends the record.
    public func write(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    /// Every record written so far, oldest first.
    public var records: [LogRecord] {
        storage.withLock { $0 }
    }

    /// Forgets every record written so far.
    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }
}
