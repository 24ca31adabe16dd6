/// What one call to ``HTTPParser/parse(_:)`` did: how many bytes it consumed and what it found.
public struct HTTPParseStep: Sendable, Equatable {
    /// How many bytes at the start of the buffer were consumed. Always advance by this much, whatever
    /// the event: while a head is incomplete it is 0, but inside a chunked body `.needMore` may consume
    /// chunk framing.
    public var consumed: Int
    /// What the parser found.
    public var event: HTTPParseEvent

    /// Creates a step.
    public init(consumed: Int, event: HTTPParseEvent) {
        self.consumed = consumed
        self.event = event
    }
}

/// An event of the HTTP/1.1 parser.
public enum HTTPParseEvent: Sendable, Equatable {
    /// The buffer ends before the next event: call again with the unconsumed bytes plus more.
    case needMore
    /// A complete head; its ranges are relative to the buffer given to this call, and `consumed`
    /// equals its ``HTTPHead/headLength``.
    case head(HTTPHead)
    /// Body bytes at this range of the buffer given to this call, chunk framing removed.
    case body(Range<Int>)
    /// The message is complete; the parser is ready for the next one on the same connection.
    case end
    /// The message is malformed; the parser stays failed and the connection must close.
    case error(HTTPParseError)
}

/// A strict, incremental HTTP/1.1 parser for requests or responses (RFC 9112, RFC 9110).
///
/// It is a value type with no I/O: the caller owns the connection buffer and calls ``parse(_:)`` with
/// its unconsumed bytes, advancing by ``HTTPParseStep/consumed`` after every step, until `.needMore`.
/// Nothing is copied: heads and bodies are reported as ranges of the given buffer. While a head is
/// incomplete the parser consumes nothing and remembers how far it scanned, so the caller must present
/// the same bytes again (plus any new ones) from the same start.
///
/// Strictness choices where the RFCs leave room:
/// - A line ended by LF alone is rejected (`bareLF`), as is a CR not followed by LF (`bareCR`).
/// - Obsolete line folding is rejected (`obsFold`).
/// - A request with both Transfer-Encoding and Content-Length is rejected (`contentLengthWithTransferEncoding`)
///   rather than processed and closed, so no request smuggling through disagreeing framing is possible.
/// - A request transfer coding other than `chunked` is answered with 501; `chunked` anywhere but last with 400.
/// - Up to four empty lines before a start line are skipped (RFC 9112 §2.2).
/// - A status line may end right after the status code, without the space before an empty reason.
/// - Whitespace is not allowed after a chunk size unless a chunk extension follows.
///
/// Limitation: trailer fields are validated and then dropped, since no event carries them; a proxy
/// forwarding a chunked body sends no trailers. Lifting this needs a trailer event.
public struct HTTPParser: Sendable {
    /// Which kind of message the parser reads.
    public enum Kind: Sendable {
        /// Requests, as a server reads them from a client.
        case request
        /// Responses, as a proxy reads them from an upstream.
        case response
    }

    enum State: Sendable {
        case head
        case endPending
        case fixedBody(remaining: Int)
        case chunked(ChunkPhase)
        case untilClose
        case failed(HTTPParseError)
    }

    enum ChunkPhase: Sendable, Equatable {
        case sizeLine
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailers
    }

    let kind: Kind
    let limits: HTTPLimits
    var state = State.head

    /// The method of the request the next response answers.
    var requestMethod = HTTPMethod.get
    /// Whether the head just returned was an interim (1xx other than 101) response.
    var isInterimResponse = false

    /// Where the next head line starts, relative to the buffer start (a head is never partly consumed).
    var lineStart = 0
    /// How far the current head line was scanned for its LF.
    var scanIndex = 0
    /// What the head lines seen so far said.
    var builder = HeadBuilder()
    /// The fields of the head being parsed; handed out in the head and reused for the next message.
    var fields: [HTTPField] = []

    /// How many bytes of the current chunk-size or trailer line were already scanned for its LF.
    var lineScanned = 0
    /// Body bytes announced by chunk sizes so far.
    var chunkedBodyBytes = 0
    /// Bytes of the trailer section seen so far.
    var trailerBytes = 0

    /// Creates a parser for one connection.
    ///
    /// - Parameters:
    ///   - kind: whether the connection carries requests or responses.
    ///   - limits: the limits to enforce; negative values count as 0.
    public init(kind: Kind, limits: HTTPLimits = .default) {
        self.kind = kind
        self.limits = limits.clamped
        fields.reserveCapacity(16)
    }

    /// For responses: call before each response with the method of the request it answers, so responses
    /// to HEAD (and 1xx, 204, 304) are framed without a body. An interim 1xx response does not need
    /// another call before the final response.
    public mutating func expectResponse(toMethod method: HTTPMethod) {
        requestMethod = method
    }

    /// Parses from the start of `buffer`, the caller's unconsumed bytes.
    ///
    /// - Parameter buffer: the unconsumed bytes; must start with the bytes presented last time, unless
    ///   they were consumed.
    /// - Returns: how many bytes were consumed and what happened.
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> HTTPParseStep {
        switch state {
        case .head:
            return parseHead(buffer)
        case .endPending:
            endMessage()
            return HTTPParseStep(consumed: 0, event: .end)
        case .fixedBody(let remaining):
            guard !buffer.isEmpty else { return HTTPParseStep(consumed: 0, event: .needMore) }
            let count = min(remaining, buffer.count)
            state = count == remaining ? .endPending : .fixedBody(remaining: remaining - count)
            return HTTPParseStep(consumed: count, event: .body(0..<count))
        case .chunked(let phase):
            return parseChunked(buffer, phase: phase)
        case .untilClose:
            guard !buffer.isEmpty else { return HTTPParseStep(consumed: 0, event: .needMore) }
            return HTTPParseStep(consumed: buffer.count, event: .body(0..<buffer.count))
        case .failed(let error):
            return HTTPParseStep(consumed: 0, event: .error(error))
        }
    }

    /// The connection closed (end of input).
    ///
    /// - Returns: `.end` when this completes a body that runs until close (or a message already complete),
    ///   an error when a message was cut short, and `nil` when the connection was idle between messages.
    public mutating func finish() -> HTTPParseEvent? {
        switch state {
        case .head:
            return scanIndex == 0 ? nil : .error(fail(.truncatedMessage))
        case .endPending, .untilClose:
            endMessage()
            return .end
        case .fixedBody, .chunked:
            return .error(fail(.truncatedMessage))
        case .failed(let error):
            return .error(error)
        }
    }

    /// Records a failure; the parser stays failed.
    mutating func fail(_ reason: HTTPParseError.Reason) -> HTTPParseError {
        let error = HTTPParseError(reason)
        state = .failed(error)
        return error
    }

    mutating func failStep(_ reason: HTTPParseError.Reason) -> HTTPParseStep {
        HTTPParseStep(consumed: 0, event: .error(fail(reason)))
    }

    /// Returns to the start of a message after one ended.
    mutating func endMessage() {
        state = .head
        lineStart = 0
        scanIndex = 0
        if kind == .response && !isInterimResponse {
            requestMethod = .get
        }
        isInterimResponse = false
    }
}
