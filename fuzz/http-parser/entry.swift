// libFuzzer target for the HTTP/1.1 parser. The first input byte is a seed choosing limits, the request
// method for responses and how the rest is split into reads; the rest is the connection's bytes. Each
// kind of parser reads them whole and split into pieces, and the two runs must report identical events.

/// One event with its ranges resolved to bytes, so runs over differently split input compare equal.
enum ResolvedEvent: Equatable {
    case head(HTTPHead, [[UInt8]])
    case body([UInt8])
    case end
    case error(HTTPParseError)
    case finished(HTTPParseEvent?)
}

func bytes(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
    guard range.lowerBound >= 0, range.upperBound <= buffer.count else {
        fatalError("range \(range) outside a buffer of \(buffer.count) bytes")
    }
    return Array(buffer[range])
}

func resolve(_ head: HTTPHead, _ buffer: UnsafeRawBufferPointer) -> ResolvedEvent {
    guard head.headLength <= buffer.count else { fatalError("head longer than its buffer") }
    var parts = [bytes(buffer, head.methodRange), bytes(buffer, head.targetRange), bytes(buffer, head.reasonRange)]
    for field in head.fields {
        parts.append(bytes(buffer, field.name))
        parts.append(bytes(buffer, field.value))
    }
    if let host = head.hostRange { parts.append(bytes(buffer, host)) }
    var stripped = head
    stripped.fields = []
    stripped.methodRange = 0..<0
    stripped.targetRange = 0..<0
    stripped.reasonRange = 0..<0
    stripped.hostRange = head.hostRange.map { _ in 0..<0 }
    return .head(stripped, parts)
}

func run(_ pieces: [ArraySlice<UInt8>], kind: HTTPParser.Kind, method: HTTPMethod, limits: HTTPLimits)
    -> [ResolvedEvent]
{
    var parser = HTTPParser(kind: kind, limits: limits)
    parser.expectResponse(toMethod: method)
    var pending: [UInt8] = []
    var events: [ResolvedEvent] = []
    var sawFinal = false
    for piece in pieces {
        pending.append(contentsOf: piece)
        var steps = 0
        while true {
            steps += 1
            if steps > 1_000_000 { fatalError("parser made no progress") }
            let (step, event) = pending.withUnsafeBytes { buffer -> (HTTPParseStep, ResolvedEvent?) in
                let step = parser.parse(buffer)
                guard step.consumed >= 0, step.consumed <= buffer.count else { fatalError("consumed too much") }
                switch step.event {
                case .needMore: return (step, nil)
                case .head(let head): return (step, resolve(head, buffer))
                case .body(let range):
                    guard !range.isEmpty, range.upperBound <= step.consumed else { fatalError("bad body range") }
                    return (step, .body(bytes(buffer, range)))
                case .end: return (step, .end)
                case .error(let error): return (step, .error(error))
                }
            }
            pending.removeFirst(step.consumed)
            guard let event else { break }
            if case .body(let more) = event, case .body(let previous) = events.last {
                events[events.count - 1] = .body(previous + more)
            } else {
                events.append(event)
            }
            if case .head(let head, _) = event, head.status >= 200 || head.status == 101 { sawFinal = true }
            if case .end = event, sawFinal {
                sawFinal = false
                parser.expectResponse(toMethod: method)
            }
            if case .error = event { return events }
        }
    }
    events.append(.finished(parser.finish()))
    return events
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let seed = Int(input[0])
    let message = input[1...]

    let small = HTTPLimits(
        maxRequestLineBytes: 64, maxHeadBytes: 256, maxHeaderCount: 8, maxChunkLineBytes: 32, maxTrailerBytes: 64,
        maxBodyBytes: 1000)
    let limits = seed & 0x80 != 0 ? small : HTTPLimits.default
    let methods: [HTTPMethod] = [.get, .head, .connect, .post]
    let method = methods[seed & 3]

    var pieces: [ArraySlice<UInt8>] = []
    var state = UInt32(truncatingIfNeeded: seed) &* 2_654_435_761 &+ 1
    var start = message.startIndex
    while start < message.endIndex {
        state = state &* 1_103_515_245 &+ 12345
        let length = Int((state >> 16) % UInt32((seed & 0x0F) + 1)) + 1
        let end = min(start + length, message.endIndex)
        pieces.append(message[start..<end])
        start = end
    }

    for kind in [HTTPParser.Kind.request, .response] {
        let whole = run([message], kind: kind, method: method, limits: limits)
        let split = run(pieces, kind: kind, method: method, limits: limits)
        if whole != split {
            fatalError("whole and split input disagree: \(whole) vs \(split)")
        }
    }
    return 0
}
