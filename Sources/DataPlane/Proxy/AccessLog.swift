import Glibc
import Shared
import Synchronization

/// The proxy's access log: one JSON object per line, appended by the worker loops to a bounded buffer and
/// written by another loop every 100 ms (sooner once 64 KiB are waiting), so a slow disk or pipe never blocks
/// proxying and logging costs no thread wake-up per exchange. Lines that do not fit while the writer is behind
/// are dropped and counted.
public final class AccessLog: Sendable {
    private struct Pending {
        var bytes: [UInt8] = []
        var isFlushScheduled = false
        var droppedLines = 0
    }

    private let pending = Mutex(Pending())
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let writer: EventLoop
    /// Bytes buffered at most while the writer is behind. Default 4 MiB.
    private let capacity: Int

    /// Opens the log.
    ///
    /// - Parameters:
    ///   - path: a file to append to (created with mode 0640), or `-` for standard output.
    ///   - writer: the loop that does the writing; not one of the proxy's worker loops.
    public init(path: String, writer: EventLoop, capacity: Int = 4 << 20) throws(SystemError) {
        if path == "-" {
            descriptor = 1
            ownsDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard opened >= 0 else { throw SystemError(call: "open \(path)", errno: errno) }
            descriptor = opened
            ownsDescriptor = true
        }
        self.writer = writer
        self.capacity = capacity
        writer.execute { [self] in flushPeriodically() }
    }

    /// Bytes waiting above which the writer is woken at once instead of at its next tick.
    private static let eagerFlushBytes = 64 * 1024

    private func flushPeriodically() {
        flush()
        writer.schedule(after: .milliseconds(100)) { [weak self] in self?.flushPeriodically() }
    }

    deinit {
        if ownsDescriptor {
            close(descriptor)
        }
    }

    /// Lines dropped because the writer was behind.
    public var droppedLines: Int { pending.withLock { $0.droppedLines } }

    /// Queues one line (ending with a newline).
    func append(_ line: [UInt8]) {
        let shouldSchedule = pending.withLock { pending -> Bool in
            guard pending.bytes.count + line.count <= capacity else {
                pending.droppedLines += 1
                return false
            }
            pending.bytes.append(contentsOf: line)
            guard pending.bytes.count >= Self.eagerFlushBytes, !pending.isFlushScheduled else { return false }
            pending.isFlushScheduled = true
            return true
        }
        if shouldSchedule {
            writer.execute { [self] in flush() }
        }
    }

    /// Writes what is queued; runs on the writer loop.
    private func flush() {
        let bytes = pending.withLock { pending -> [UInt8] in
            pending.isFlushScheduled = false
            let taken = pending.bytes
            pending.bytes.removeAll(keepingCapacity: true)
            return taken
        }
        guard !bytes.isEmpty else { return }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            written += count
        }
    }

    // MARK: Lines

    /// The start of a request's line, made while its head is at hand: client, method and target.
    static func linePrefix(_ request: HTTPRequestView, peerHost: [UInt8]) -> [UInt8] {
        var line: [UInt8] = Array(#"{"client":""#.utf8)
        line.append(contentsOf: peerHost)
        line.append(contentsOf: #"","method":"#.utf8)
        appendString(request.bytes[request.head.methodRange], to: &line)
        line.append(contentsOf: #","target":"#.utf8)
        appendString(request.bytes[request.head.targetRange], to: &line)
        return line
    }

    /// Completes a line with what the exchange came to.
    ///
    /// - Parameter timestamp: the wall-clock time as RFC 3339 text, quoted.
    static func line(
        prefix: [UInt8], route: String, service: String, status: Int, reason: String?, elapsed: Duration,
        timestamp: [UInt8]
    ) -> [UInt8] {
        var line = prefix
        line.append(contentsOf: #","route":"#.utf8)
        appendString(route.utf8, to: &line)
        line.append(contentsOf: #","service":"#.utf8)
        appendString(service.utf8, to: &line)
        line.append(contentsOf: ",\"status\":\(status),\"reason\":".utf8)
        if let reason {
            appendString(reason.utf8, to: &line)
        } else {
            line.append(contentsOf: "null".utf8)
        }
        let microseconds = elapsed.nanoseconds / 1000
        line.append(contentsOf: ",\"duration_ms\":\(microseconds / 1000).".utf8)
        let fraction = String(microseconds % 1000)
        line.append(contentsOf: (String(repeating: "0", count: 3 - fraction.count) + fraction).utf8)
        line.append(contentsOf: ",\"ts\":".utf8)
        line.append(contentsOf: timestamp)
        line.append(contentsOf: "}\n".utf8)
        return line
    }

    /// Appends `bytes` as a JSON string: quotes and backslashes escaped, and control characters and bytes
    /// outside ASCII written as `\u00XX` of the byte, so a line is valid JSON whatever a client sent.
    private static func appendString(_ bytes: some Sequence<UInt8>, to line: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        line.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                line.append(UInt8(ascii: "\\"))
                line.append(byte)
            case 0..<0x20, 0x7f...0xff:
                line.append(contentsOf: Array(#"\u00"#.utf8))
                line.append(hex[Int(byte >> 4)])
                line.append(hex[Int(byte & 15)])
            default:
                line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
