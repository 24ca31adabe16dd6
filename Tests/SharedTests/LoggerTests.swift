import Dispatch
import Glibc
import Synchronization
import Testing

@testable import Shared

/// Counts how often a closure argument was evaluated.
private final class EvaluationCounter: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func message(_ text: String) -> String {
        count.add(1, ordering: .relaxed)
        return text
    }

    func metadata() -> Logger.Metadata {
        count.add(1, ordering: .relaxed)
        return ["k": "v"]
    }
}

private let fixedTime = LogTimestamp(secondsSinceEpoch: 1_796_365_801, nanoseconds: 123_456_789)

private func record(
    message: String = "listening", label: String = "control", metadata: Logger.Metadata = [:]
) -> LogRecord {
    LogRecord(timestamp: fixedTime, level: .info, label: label, message: message, metadata: metadata)
}

@Suite struct LoggerLevelTests {
    @Test func levelsAreOrderedBySeverity() {
        #expect(Logger.Level.allCases == [.trace, .debug, .info, .notice, .warning, .error, .critical])
        #expect(Logger.Level.trace < .debug)
        #expect(Logger.Level.error < .critical)
        #expect(Logger.Level.allCases.sorted() == Logger.Level.allCases)
    }

    @Test func levelParsesFlagValues() {
        #expect(Logger.Level(parsing: "debug") == .debug)
        #expect(Logger.Level(parsing: " INFO ") == .info)
        #expect(Logger.Level(parsing: "warn") == .warning)
        #expect(Logger.Level(parsing: "Warning") == .warning)
        #expect(Logger.Level(parsing: "verbose") == nil)
        #expect(Logger.Level(parsing: "") == nil)
    }
}

@Suite struct LoggerTests {
    @Test func disabledLevelEvaluatesNeitherMessageNorMetadata() {
        let sink = InMemoryLogSink()
        let logger = Logger(label: "test", sink: sink, logLevel: .info)
        let counter = EvaluationCounter()

        logger.trace(counter.message("a"), metadata: counter.metadata())
        logger.debug(counter.message("b"), metadata: counter.metadata())
        #expect(counter.value == 0)
        #expect(sink.records.isEmpty)

        logger.info(counter.message("c"), metadata: counter.metadata())
        #expect(counter.value == 2)
        #expect(sink.records.map(\.message) == ["c"])
    }

    @Test func eachMethodWritesItsLevel() {
        let sink = InMemoryLogSink()
        let logger = Logger(label: "test", sink: sink, logLevel: .trace)

        logger.trace("m")
        logger.debug("m")
        logger.info("m")
        logger.notice("m")
        logger.warning("m")
        logger.error("m")
        logger.critical("m")

        #expect(sink.records.map(\.level) == Logger.Level.allCases)
        #expect(sink.records.allSatisfy { $0.label == "test" })
    }

    @Test func levelFilterKeepsEventsAtOrAboveIt() {
        let sink = InMemoryLogSink()
        var logger = Logger(label: "test", sink: sink, logLevel: .warning)
        #expect(!logger.isEnabled(.notice))
        #expect(logger.isEnabled(.warning))

        logger.notice("dropped")
        logger.error("kept")
        logger.logLevel = .trace
        logger.trace("kept too")

        #expect(sink.records.map(\.message) == ["kept", "kept too"])
    }

    @Test func eventMetadataIsMergedOverLoggerMetadata() {
        let sink = InMemoryLogSink()
        var logger = Logger(label: "dataplane", sink: sink)
        logger[metadataKey: "conn"] = "7"
        logger[metadataKey: "route"] = "a"
        #expect(logger[metadataKey: "conn"] == "7")

        logger.info("routed", metadata: ["route": "b", "status": "200"])
        logger[metadataKey: "conn"] = nil
        logger.info("closed")

        let records = sink.records
        #expect(records[0].metadata == ["conn": "7", "route": "b", "status": "200"])
        #expect(records[1].metadata == ["route": "a"])
    }

    @Test func copiesCarryTheirOwnMetadata() {
        let sink = InMemoryLogSink()
        let base = Logger(label: "control", sink: sink)
        var child = base
        child[metadataKey: "request"] = "42"

        base.info("base")
        child.info("child")

        #expect(sink.records.map(\.metadata) == [[:], ["request": "42"]])
    }

    @Test func metadataValuesBuildFromLiterals() {
        let port = 7070
        let interpolated: Logger.MetadataValue = "port \(port)"
        let list: Logger.MetadataValue = ["a", "b"]
        let nested: Logger.MetadataValue = ["z": "1", "a": ["x", "y"]]

        #expect(interpolated == .string("port 7070"))
        #expect(list == .array([.string("a"), .string("b")]))
        #expect(nested.description == "[a: [x, y], z: 1]")
    }

    @Test func bootstrapSetsDefaultsForLaterLoggers() {
        let sink = InMemoryLogSink()
        let before = Logger(label: "early")
        Logger.bootstrap(sink: sink, level: .debug)
        defer { Logger.bootstrap(sink: FileDescriptorLogSink.standardError(), level: .info) }

        let after = Logger(label: "late")
        after.debug("visible")

        #expect(after.logLevel == .debug)
        #expect(sink.records.map(\.message) == ["visible"])
        #expect((before.sink as? InMemoryLogSink) !== sink)
    }
}

@Suite struct LogTimestampTests {
    @Test(arguments: [
        (Int64(0), Int32(0), "1970-01-01T00:00:00.000Z"),
        (-1, 999_000_000, "1969-12-31T23:59:59.999Z"),
        (951_782_400, 0, "2000-02-29T00:00:00.000Z"),
        (1_796_365_801, 123_999_999, "2026-12-04T06:30:01.123Z"),
        (4_102_444_800, 5_000_000, "2100-01-01T00:00:00.005Z"),
        (253_402_300_799, 0, "9999-12-31T23:59:59.000Z"),
    ])
    func formatsKnownInstants(seconds: Int64, nanoseconds: Int32, expected: String) {
        #expect(LogTimestamp(secondsSinceEpoch: seconds, nanoseconds: nanoseconds).description == expected)
    }

    @Test func agreesWithTheCLibraryOverManyDays() {
        // Steps of a little over one day walk through every month, leap years and century years.
        var seconds: Int64 = -2_208_988_800
        while seconds < 7_258_118_400 {
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected =
                "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
                + "T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).000Z"
            let actual = LogTimestamp(secondsSinceEpoch: seconds).description
            if actual != expected {
                Issue.record("\(seconds): \(actual) != \(expected)")
                return
            }
            seconds += 86_400 + 3_607
        }
    }

    @Test func nowIsCloseToTheCLibraryClock() {
        let before = Int64(time(nil))
        let now = LogTimestamp.now()
        #expect(now.secondsSinceEpoch >= before && now.secondsSinceEpoch <= before + 2)
    }

    private func pad(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

@Suite struct LogLineFormatterTests {
    @Test func logfmtWritesFixedFieldsThenSortedMetadata() {
        let formatter = LogLineFormatter(format: .logfmt)
        let line = formatter.line(for: record(metadata: ["address": "127.0.0.1:7070", "attempt": "1"]))
        #expect(
            line
                == "ts=2026-12-04T06:30:01.123Z level=info logger=control msg=\"listening\" "
                + "address=127.0.0.1:7070 attempt=1\n"
        )
    }

    @Test func logfmtQuotesOnlyWhenNeeded() {
        let formatter = LogLineFormatter(format: .logfmt)
        let line = formatter.line(
            for: record(metadata: [
                "empty": "", "plain": "a/b:c", "space": "a b", "equals": "a=b", "list": ["x", "y"],
            ]))
        #expect(line.hasSuffix(#"empty="" equals="a=b" list="[x, y]" plain=a/b:c space="a b"\#n"#))
    }

    @Test func valuesNeverBreakALine() {
        let hostile = "a\"b\\c\nlevel=critical\r\t\u{1B}[31m\u{2028}end"
        for format in LogFormat.allCases {
            let formatter = LogLineFormatter(format: format)
            let line = formatter.line(for: record(message: hostile, label: "x y", metadata: ["v": "\(hostile)"]))
            #expect(line.filter { $0 == "\n" || $0 == "\r\n" }.count == 1)
            #expect(line.last == "\n")
            #expect(!line.unicodeScalars.contains { $0.value == 0x1B || $0 == "\r" || $0.value == 0x2028 })
            #expect(line.contains(#""a\"b\\c\nlevel=critical\r\t\u001b[31m\u2028end""#))
        }
    }

    @Test func logfmtKeysCannotInjectFields() {
        let formatter = LogLineFormatter(format: .logfmt)
        let line = formatter.line(for: record(metadata: ["a b=c": "1", "msg": "spoof", "": "2"]))
        #expect(line.hasSuffix(#"msg="listening" _=2 _msg=spoof a_b_c=1\#n"#))
    }

    @Test func jsonLinesWritesNestedValues() {
        let formatter = LogLineFormatter(format: .json)
        let line = formatter.line(
            for: record(metadata: ["upstreams": ["a", "b"], "limits": ["rps": "10", "burst": "20"], "z": "\"q\""]))
        #expect(
            line
                == #"{"ts":"2026-12-04T06:30:01.123Z","level":"info","logger":"control","msg":"listening","#
                + #""limits":{"burst":"20","rps":"10"},"upstreams":["a","b"],"z":"\"q\""}"# + "\n")
    }

    @Test func sensitiveKeysAreRedactedCaseInsensitively() {
        let metadata: Logger.Metadata = [
            "Authorization": "Bearer abc", "TOKEN": "t", "password": "p", "API-Key": "k", "secret": "s",
            "user": "alice", "headers": ["authorization": "Basic xyz", "accept": "*/*"],
        ]
        let logfmt = LogLineFormatter(format: .logfmt).line(for: record(metadata: metadata))
        let json = LogLineFormatter(format: .json).line(for: record(metadata: metadata))

        for line in [logfmt, json] {
            for secret in ["abc", "Basic", "xyz", "=t", "=p", "=k", "=s", "\"t\"", "\"p\"", "\"k\"", "\"s\""] {
                #expect(!line.contains(secret), "\(secret) leaked in \(line)")
            }
            #expect(line.contains("alice"))
            #expect(line.contains("*/*"))
        }
        #expect(logfmt.contains("Authorization=[redacted]"))
        #expect(logfmt.contains(#"headers="[accept: */*, authorization: [redacted]]""#))
        #expect(json.contains(#""API-Key":"[redacted]""#))
        #expect(json.contains(#""headers":{"accept":"*/*","authorization":"[redacted]"}"#))
    }

    @Test func redactionCanBeTurnedOffOrExtended() {
        let plain = LogLineFormatter(format: .logfmt, redaction: .disabled)
        #expect(plain.line(for: record(metadata: ["token": "t"])).contains("token=t"))

        let extended = LogLineFormatter(format: .logfmt, redaction: LogRedaction(sensitiveKeys: ["Access-Token"]))
        #expect(extended.line(for: record(metadata: ["access_token": "t"])).contains("access_token=[redacted]"))
        #expect(extended.line(for: record(metadata: ["token": "t"])).contains("token=t"))
    }
}

@Suite struct FileDescriptorLogSinkTests {
    /// Opens an empty temporary file for appending and returns its descriptor and path.
    private func temporaryFile() -> (Int32, String) {
        var template = Array("/tmp/gatehouse-logger-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(descriptor >= 0, "mkstemp failed")
        _ = fcntl(descriptor, F_SETFL, O_APPEND)
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (descriptor, path)
    }

    private func contents(of path: String) -> String {
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func writesRedactedLinesToTheDescriptor() {
        let (descriptor, path) = temporaryFile()
        defer {
            close(descriptor)
            unlink(path)
        }
        let logger = Logger(label: "control", sink: FileDescriptorLogSink(fileDescriptor: descriptor))

        logger.info("listening", metadata: ["address": "127.0.0.1:7070", "token": "hunter2"])
        logger.debug("not written")

        let text = contents(of: path)
        #expect(text.hasPrefix("ts="))
        #expect(
            text.hasSuffix(#"level=info logger=control msg="listening" address=127.0.0.1:7070 token=[redacted]\#n"#))
        #expect(!text.contains("hunter2"))
    }

    @Test func linesFromManyThreadsStayWhole() {
        let (descriptor, path) = temporaryFile()
        defer {
            close(descriptor)
            unlink(path)
        }
        let logger = Logger(
            label: "stress", sink: FileDescriptorLogSink(fileDescriptor: descriptor, formatter: .init(format: .json)))
        let padding = String(repeating: "x", count: 300)

        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<250 {
                logger.info("event", metadata: ["thread": "\(thread)", "index": "\(index)", "padding": "\(padding)"])
            }
        }

        let lines = contents(of: path).split(separator: "\n")
        #expect(lines.count == 2_000)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"ts\":") && $0.hasSuffix("\"}") && $0.contains(padding) })
    }

    @Test func closedDescriptorDropsLinesQuietly() {
        let sink = FileDescriptorLogSink(fileDescriptor: -1)
        sink.write(record())
    }
}
