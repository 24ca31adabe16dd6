import Testing

@testable import Shared

/// One parser event with every range resolved to text, so runs over differently split input compare equal.
enum ParsedEvent: Equatable, CustomStringConvertible {
    case head(ParsedHead)
    case body([UInt8])
    case end
    case error(HTTPParseError)
    case finished(HTTPParseEvent?)

    var description: String {
        switch self {
        case .head(let head): head.summary
        case .body(let bytes): "body:" + String(decoding: bytes, as: UTF8.self)
        case .end: "end"
        case .error(let error): "error:\(error.shortName):\(error.status)"
        case .finished(let event):
            switch event {
            case .some(.end): "finish:end"
            case .some(.error(let error)): "finish:error:\(error.shortName):\(error.status)"
            default: "finish:\(String(describing: event))"
            }
        }
    }
}

/// A head with its ranges resolved to strings.
struct ParsedHead: Equatable {
    var head: HTTPHead
    var method: String
    var target: String
    var reason: String
    var fields: [String]
    var host: String?

    init(_ head: HTTPHead, in buffer: UnsafeRawBufferPointer) {
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
        self.head = head
        method = text(head.methodRange)
        target = text(head.targetRange)
        reason = text(head.reasonRange)
        fields = head.fields.map { text($0.name) + ": " + text($0.value) }
        host = head.hostRange.map(text)
    }

    var summary: String {
        let version = head.version == .http1_1 ? "1.1" : "1.0"
        var parts: [String] = []
        if head.status == 0 {
            parts = [method, target, version]
        } else {
            parts = [String(head.status), version]
        }
        switch head.framing {
        case .none: parts.append("none")
        case .contentLength(let length): parts.append("cl:\(length)")
        case .chunked: parts.append("chunked")
        case .untilClose: parts.append("until-close")
        }
        parts.append(head.isKeepAlive ? "keep-alive" : "close")
        if head.expectsContinue { parts.append("continue") }
        if head.hasUpgrade { parts.append("upgrade") }
        return parts.joined(separator: " ")
    }
}

/// Feeds `pieces` one after another to a parser the way a connection does: unconsumed bytes stay at the
/// front of the buffer and new bytes are appended. Body events are merged; `finish()` runs at the end.
func runParser(
    _ pieces: [[UInt8]],
    kind: HTTPParser.Kind,
    methods: [HTTPMethod] = [],
    limits: HTTPLimits = .default
) -> [ParsedEvent] {
    var parser = HTTPParser(kind: kind, limits: limits)
    var methodIndex = 0
    var sawFinalResponse = false
    if kind == .response, let first = methods.first { parser.expectResponse(toMethod: first) }
    var pending: [UInt8] = []
    var events: [ParsedEvent] = []
    var steps = 0
    for piece in pieces {
        pending.append(contentsOf: piece)
        while steps < 1_000_000 {
            steps += 1
            let (step, resolved) = pending.withUnsafeBytes { buffer -> (HTTPParseStep, ParsedEvent?) in
                let step = parser.parse(buffer)
                switch step.event {
                case .needMore: return (step, nil)
                case .head(let head): return (step, .head(ParsedHead(head, in: buffer)))
                case .body(let range): return (step, .body(Array(buffer[range])))
                case .end: return (step, .end)
                case .error(let error): return (step, .error(error))
                }
            }
            pending.removeFirst(step.consumed)
            guard let resolved else { break }
            if case .body(let bytes) = resolved, case .body(let previous) = events.last {
                events[events.count - 1] = .body(previous + bytes)
            } else {
                events.append(resolved)
            }
            if case .head(let head) = resolved, head.head.status >= 200 || head.head.status == 101 {
                sawFinalResponse = true
            }
            if case .end = resolved, sawFinalResponse {
                sawFinalResponse = false
                methodIndex += 1
                if methodIndex < methods.count { parser.expectResponse(toMethod: methods[methodIndex]) }
            }
            if case .error = resolved { return events }
        }
    }
    if let finished = parser.finish() { events.append(.finished(finished)) }
    return events
}

/// Runs `input` whole, split in two at every offset, and byte by byte, expecting identical events from
/// every run; returns the events of the whole run as strings.
func parseEverySplit(
    _ input: String,
    kind: HTTPParser.Kind,
    methods: [HTTPMethod] = [],
    limits: HTTPLimits = .default,
    sourceLocation: SourceLocation = #_sourceLocation
) -> [String] {
    let bytes = Array(input.utf8)
    let whole = runParser([bytes], kind: kind, methods: methods, limits: limits)
    for offset in 0...bytes.count {
        let pieces = [Array(bytes[..<offset]), Array(bytes[offset...])]
        let split = runParser(pieces, kind: kind, methods: methods, limits: limits)
        #expect(split == whole, "split at \(offset)", sourceLocation: sourceLocation)
    }
    let single = runParser(bytes.map { [$0] }, kind: kind, methods: methods, limits: limits)
    #expect(single == whole, "byte by byte", sourceLocation: sourceLocation)
    return whole.map(\.description)
}

/// A parser case: the rule it follows, the input, and the events expected as strings.
struct ParserCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var input: String
    var expected: [String]
    var methods: [HTTPMethod] = []
    var limits: HTTPLimits = .default

    var testDescription: String { rule }
}
