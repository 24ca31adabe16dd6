/// What the lines of a head said so far, gathered while the head is scanned line by line.
struct HeadBuilder: Sendable {
    var hasStartLine = false
    var emptyLines = 0
    var version = HTTPVersion.http1_1
    var method = HTTPMethod.get
    var methodRange = 0..<0
    var targetRange = 0..<0
    var status = 0
    var reasonRange = 0..<0
    var hostRange: Range<Int>?
    var contentLength: Int?
    var hasTransferEncoding = false
    /// The last transfer coding seen is `chunked`.
    var isChunkedLast = false
    /// `chunked` was followed by another coding.
    var isChunkedNotLast = false
    /// A coding other than `chunked` was seen.
    var hasOtherCoding = false
    var hasConnectionClose = false
    var hasConnectionKeepAlive = false
    var hasConnectionUpgrade = false
    var hasUpgradeField = false
    var expectsContinue = false
}

/// Empty lines skipped before a start line (RFC 9112 §2.2 asks to skip at least one).
private let maxLeadingEmptyLines = 4

extension HTTPParser {
    /// Scans the head line by line, resuming at the line that was incomplete last time.
    mutating func parseHead(_ buffer: UnsafeRawBufferPointer) -> HTTPParseStep {
        let count = buffer.count
        if scanIndex == 0 || scanIndex > count {
            // A new head, or a caller that presented fewer bytes than before: start from scratch.
            startHead()
        }
        while true {
            let (limit, limitReason) = currentLineLimit()
            let windowEnd = min(count, limit)
            let index = HTTPByte.firstLineFeed(buffer, from: scanIndex, to: windowEnd)
            if index >= windowEnd {
                scanIndex = windowEnd
                if windowEnd < count { return failStep(limitReason) }
                return HTTPParseStep(consumed: 0, event: .needMore)
            }

            guard index > lineStart, buffer[index - 1] == HTTPByte.cr else { return failStep(.bareLF) }
            let start = lineStart
            let isFieldSection = builder.hasStartLine
            lineStart = index + 1
            scanIndex = lineStart
            if isFieldSection && start == index - 1 { return completeHead(buffer, headLength: lineStart) }
            if let reason = parseHeadLine(buffer, start, index - 1) { return failStep(reason) }
        }
    }

    private mutating func startHead() {
        lineStart = 0
        scanIndex = 0
        builder = HeadBuilder()
        fields.removeAll(keepingCapacity: true)
    }

    /// Where the LF of the current line must appear by, and the error if it does not.
    private func currentLineLimit() -> (Int, HTTPParseError.Reason) {
        let headLimit = limits.maxHeadBytes
        if !builder.hasStartLine && kind == .request {
            let lineLimit = lineStart + limits.maxRequestLineBytes + 2
            if lineLimit < headLimit { return (lineLimit, .uriTooLong) }
        }
        return (headLimit, .headTooLarge)
    }

    /// Handles one complete line `start..<end` (CRLF excluded) of a head.
    private mutating func parseHeadLine(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> HTTPParseError.Reason?
    {
        if !builder.hasStartLine {
            if start == end {
                builder.emptyLines += 1
                return builder.emptyLines > maxLeadingEmptyLines ? .badRequestLine : nil
            }
            builder.hasStartLine = true
            switch kind {
            case .request: return parseRequestLine(buffer, start, end)
            case .response: return parseStatusLine(buffer, start, end)
            }
        }

        if fields.count >= limits.maxHeaderCount { return .tooManyHeaders }
        var name = 0..<0
        var value = 0..<0
        if let reason = Self.parseFieldLine(buffer, start, end, name: &name, value: &value) { return reason }
        fields.append(HTTPField(name: name, value: value))
        return applyField(buffer, name: name, value: value)
    }

    /// Parses `field-name ":" OWS field-value OWS` (RFC 9112 §5), trimming the value.
    static func parseFieldLine(
        _ buffer: UnsafeRawBufferPointer,
        _ start: Int,
        _ end: Int,
        name: inout Range<Int>,
        value: inout Range<Int>
    ) -> HTTPParseError.Reason? {
        if HTTPByte.isWhitespace(buffer[start]) { return .obsFold }
        var index = start
        while index < end && HTTPByte.isTokenChar(buffer[index]) {
            index += 1
        }
        guard index < end else { return .badHeaderName }
        let stop = buffer[index]
        if stop != HTTPByte.colon {
            if HTTPByte.isWhitespace(stop) { return .whitespaceBeforeColon }
            return stop == HTTPByte.cr ? .bareCR : .badHeaderName
        }
        guard index > start else { return .badHeaderName }
        name = start..<index

        index += 1
        while index < end && HTTPByte.isWhitespace(buffer[index]) {
            index += 1
        }
        let valueStart = index
        var valueEnd = index
        while index < end {
            let byte = buffer[index]
            if HTTPByte.isVisibleOrObsText(byte) {
                valueEnd = index + 1
            } else if byte != HTTPByte.space && byte != HTTPByte.tab {
                return byte == HTTPByte.cr ? .bareCR : .controlCharacter
            }
            index += 1
        }
        value = valueStart..<valueEnd
        return nil
    }

    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3).
    private mutating func parseRequestLine(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> HTTPParseError.Reason?
    {
        var index = start
        while index < end && HTTPByte.isTokenChar(buffer[index]) {
            index += 1
        }
        guard index > start, index < end, buffer[index] == HTTPByte.space else {
            return index < end && buffer[index] == HTTPByte.cr ? .bareCR : .badRequestLine
        }
        builder.methodRange = start..<index
        builder.method = Self.method(buffer, start..<index)

        index += 1
        let targetStart = index
        while index < end {
            let byte = buffer[index]
            if byte == HTTPByte.space { break }
            if byte < 0x21 || byte > 0x7E { return byte == HTTPByte.cr ? .bareCR : .badRequestTarget }
            index += 1
        }
        guard index > targetStart, index < end else { return .badRequestLine }
        builder.targetRange = targetStart..<index

        switch Self.parseVersion(buffer, index + 1, end) {
        case .success(let version): builder.version = version
        case .failure(let failure): return failure.reason == .badVersion ? .badVersion : .badRequestLine
        }
        return checkTargetForm(buffer)
    }

    /// Checks the request-target form against the method (RFC 9112 §3.2).
    private func checkTargetForm(_ buffer: UnsafeRawBufferPointer) -> HTTPParseError.Reason? {
        let target = builder.targetRange
        let first = buffer[target.lowerBound]
        if builder.method == .connect {
            return Self.isValidHost(buffer, target, requiresPort: true) ? nil : .badRequestTarget
        }
        if first == HTTPByte.slash { return nil }
        if first == HTTPByte.star && target.count == 1 {
            return builder.method == .options ? nil : .badRequestTarget
        }
        // absolute-form: scheme ":" hier-part, scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
        guard HTTPByte.lowercased(first) &- 0x61 < 26 else { return .badRequestTarget }
        var index = target.lowerBound + 1
        while index < target.upperBound {
            let byte = buffer[index]
            if byte == HTTPByte.colon { return nil }
            let isSchemeByte = HTTPByte.lowercased(byte) &- 0x61 < 26 || HTTPByte.isDigit(byte)
            if !isSchemeByte && byte != 0x2B && byte != 0x2D && byte != 0x2E { return .badRequestTarget }
            index += 1
        }
        return .badRequestTarget
    }

    /// Parses `HTTP-version SP 3DIGIT [ SP reason-phrase ]` (RFC 9112 §4).
    private mutating func parseStatusLine(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> HTTPParseError.Reason?
    {
        guard end - start >= 12 else { return .badStatusLine }
        switch Self.parseVersion(buffer, start, start + 8) {
        case .success(let version): builder.version = version
        case .failure(let failure): return failure.reason == .badVersion ? .badVersion : .badStatusLine
        }
        let digit0 = buffer[start + 9] &- 0x30
        let digit1 = buffer[start + 10] &- 0x30
        let digit2 = buffer[start + 11] &- 0x30
        guard buffer[start + 8] == HTTPByte.space, digit0 < 10, digit1 < 10, digit2 < 10, digit0 > 0 else {
            return .badStatusLine
        }
        builder.status = Int(digit0) * 100 + Int(digit1) * 10 + Int(digit2)

        var index = start + 12
        if index < end {
            guard buffer[index] == HTTPByte.space else { return .badStatusLine }
            index += 1
        }
        builder.reasonRange = index..<end
        while index < end {
            let byte = buffer[index]
            if !HTTPByte.isVisibleOrObsText(byte) && !HTTPByte.isWhitespace(byte) {
                return byte == HTTPByte.cr ? .bareCR : .controlCharacter
            }
            index += 1
        }
        return nil
    }

    /// Parses exactly `HTTP/1.1` or `HTTP/1.0` at `start..<end`; other `HTTP/x.y` is `badVersion`.
    static func parseVersion(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> Result<HTTPVersion, HTTPParseError>
    {
        let malformed = Result<HTTPVersion, HTTPParseError>.failure(HTTPParseError(.badRequestLine))
        guard end - start == 8, HTTPHeaderName.matchesExactly(buffer, start..<(start + 5), "HTTP/") else {
            return malformed
        }
        let major = buffer[start + 5] &- 0x30
        let minor = buffer[start + 7] &- 0x30
        guard major < 10, minor < 10, buffer[start + 6] == 0x2E else { return malformed }
        switch (major, minor) {
        case (1, 1): return .success(.http1_1)
        case (1, 0): return .success(.http1_0)
        default: return .failure(HTTPParseError(.badVersion))
        }
    }

    /// The method named by the token at `range`; methods are case-sensitive (RFC 9110 §9.1).
    static func method(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> HTTPMethod {
        switch range.count {
        case 3:
            if HTTPHeaderName.matchesExactly(buffer, range, "GET") { return .get }
            if HTTPHeaderName.matchesExactly(buffer, range, "PUT") { return .put }
        case 4:
            if HTTPHeaderName.matchesExactly(buffer, range, "POST") { return .post }
            if HTTPHeaderName.matchesExactly(buffer, range, "HEAD") { return .head }
        case 5:
            if HTTPHeaderName.matchesExactly(buffer, range, "PATCH") { return .patch }
            if HTTPHeaderName.matchesExactly(buffer, range, "TRACE") { return .trace }
        case 6:
            if HTTPHeaderName.matchesExactly(buffer, range, "DELETE") { return .delete }
        case 7:
            if HTTPHeaderName.matchesExactly(buffer, range, "OPTIONS") { return .options }
            if HTTPHeaderName.matchesExactly(buffer, range, "CONNECT") { return .connect }
        default:
            break
        }
        return .other
    }

    /// Whether `range` holds `uri-host [ ":" port ]` (RFC 9110 §7.2, RFC 3986 §3.2.2); the port is required
    /// for authority-form targets. IP literals must be bracketed; the port is 1 to 5 digits.
    static func isValidHost(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, requiresPort: Bool) -> Bool {
        guard !range.isEmpty else { return !requiresPort }
        var index = range.lowerBound
        let end = range.upperBound
        if buffer[index] == HTTPByte.leftBracket {
            index += 1
            while index < end && buffer[index] != HTTPByte.rightBracket {
                let byte = buffer[index]
                if !HTTPByte.isHostChar(byte) || byte == HTTPByte.leftBracket { return false }
                index += 1
            }
            guard index < end, index > range.lowerBound + 1 else { return false }
            index += 1
        } else {
            while index < end && buffer[index] != HTTPByte.colon {
                let byte = buffer[index]
                if !HTTPByte.isHostChar(byte) || byte == HTTPByte.leftBracket || byte == HTTPByte.rightBracket {
                    return false
                }
                index += 1
            }
            guard index > range.lowerBound else { return false }
        }

        if index == end { return !requiresPort }
        guard buffer[index] == HTTPByte.colon, end - index - 1 <= 5, end - index - 1 >= 1 else { return false }
        index += 1
        while index < end {
            if !HTTPByte.isDigit(buffer[index]) { return false }
            index += 1
        }
        return true
    }
}

extension HTTPHeaderName {
    /// Whether the bytes at `range` of `buffer` equal `text` exactly (case-sensitive); `range` must be valid.
    static func matchesExactly(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { known in
            guard range.count == known.count else { return false }
            var offset = 0
            while offset < known.count {
                if buffer[range.lowerBound + offset] != known[offset] { return false }
                offset += 1
            }
            return true
        }
    }
}
