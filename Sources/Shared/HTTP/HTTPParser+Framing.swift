extension HTTPParser {
    /// Records what a field means for framing, connection handling and routing (RFC 9110, RFC 9112 §6).
    mutating func applyField(_ buffer: UnsafeRawBufferPointer, name: Range<Int>, value: Range<Int>)
        -> HTTPParseError.Reason?
    {
        switch name.count {
        case 4 where kind == .request && HTTPHeaderName.matches(buffer, name, "host"):
            guard builder.hostRange == nil else { return .duplicateHost }
            guard Self.isValidHost(buffer, value, requiresPort: false) else { return .badHost }
            builder.hostRange = value
        case 6 where kind == .request && HTTPHeaderName.matches(buffer, name, "expect"):
            guard HTTPHeaderName.matches(buffer, value, "100-continue") else { return .expectationFailed }
            builder.expectsContinue = builder.version == .http1_1
        case 7 where HTTPHeaderName.matches(buffer, name, "upgrade"):
            builder.hasUpgradeField = true
        case 10 where HTTPHeaderName.matches(buffer, name, "connection"):
            applyConnection(buffer, value)
        case 14 where HTTPHeaderName.matches(buffer, name, "content-length"):
            return applyContentLength(buffer, value)
        case 17 where HTTPHeaderName.matches(buffer, name, "transfer-encoding"):
            return applyTransferEncoding(buffer, value)
        default:
            break
        }
        return nil
    }

    private mutating func applyConnection(_ buffer: UnsafeRawBufferPointer, _ value: Range<Int>) {
        HTTPHeaderName.forEachListElement(in: buffer, value) { option in
            switch option.count {
            case 5 where HTTPHeaderName.matches(buffer, option, "close"): builder.hasConnectionClose = true
            case 7 where HTTPHeaderName.matches(buffer, option, "upgrade"): builder.hasConnectionUpgrade = true
            case 10 where HTTPHeaderName.matches(buffer, option, "keep-alive"): builder.hasConnectionKeepAlive = true
            default: break
            }
        }
    }

    /// `Content-Length = 1*DIGIT`; a list of identical values, in one field or several, collapses to one
    /// (RFC 9110 §8.6). At most 18 digits, so the value always fits.
    private mutating func applyContentLength(_ buffer: UnsafeRawBufferPointer, _ value: Range<Int>)
        -> HTTPParseError.Reason?
    {
        var index = value.lowerBound
        while true {
            var length = 0
            var digits = 0
            while index < value.upperBound && HTTPByte.isDigit(buffer[index]) {
                guard digits < 18 else { return .badContentLength }
                length = length * 10 + Int(buffer[index] &- 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return .badContentLength }
            if let previous = builder.contentLength, previous != length { return .conflictingContentLength }
            builder.contentLength = length

            index = Self.skipWhitespace(buffer, index, value.upperBound)
            if index == value.upperBound { return nil }
            guard buffer[index] == HTTPByte.comma else { return .badContentLength }
            index = Self.skipWhitespace(buffer, index + 1, value.upperBound)
        }
    }

    /// `Transfer-Encoding = #transfer-coding` (RFC 9112 §6.1); codings of several fields form one list.
    private mutating func applyTransferEncoding(_ buffer: UnsafeRawBufferPointer, _ value: Range<Int>)
        -> HTTPParseError.Reason?
    {
        builder.hasTransferEncoding = true
        var codings = 0
        var index = value.lowerBound
        let end = value.upperBound
        while index < end {
            let byte = buffer[index]
            if byte == HTTPByte.comma || HTTPByte.isWhitespace(byte) {
                index += 1
                continue
            }
            let codingStart = index
            index = Self.skipToken(buffer, index, end)
            guard index > codingStart else { return .badTransferEncoding }
            let isChunked = HTTPHeaderName.matches(buffer, codingStart..<index, "chunked")

            index = Self.skipWhitespace(buffer, index, end)
            var hasParameters = false
            while index < end && buffer[index] == HTTPByte.semicolon {
                hasParameters = true
                guard let next = Self.skipParameter(buffer, index + 1, end) else { return .badTransferEncoding }
                index = Self.skipWhitespace(buffer, next, end)
            }
            guard index == end || buffer[index] == HTTPByte.comma else { return .badTransferEncoding }

            if builder.isChunkedLast { builder.isChunkedNotLast = true }
            if isChunked && hasParameters { return .badTransferEncoding }
            builder.isChunkedLast = isChunked
            if !isChunked { builder.hasOtherCoding = true }
            codings += 1
        }
        return codings == 0 ? .badTransferEncoding : nil
    }

    /// Decides framing and connection handling once the head is complete, and returns it.
    mutating func completeHead(_ buffer: UnsafeRawBufferPointer, headLength: Int) -> HTTPParseStep {
        let outcome =
            switch kind {
            case .request: requestFraming()
            case .response: responseFraming()
            }
        let framing: HTTPFraming
        var isKeepAlive: Bool
        switch outcome {
        case .success(let decided): (framing, isKeepAlive) = decided
        case .failure(let error): return failStep(error.reason)
        }
        if case .contentLength(let length) = framing, let maxBody = limits.maxBodyBytes, length > maxBody {
            return failStep(.bodyTooLarge)
        }

        if builder.hasConnectionClose { isKeepAlive = false }
        let head = HTTPHead(
            version: builder.version,
            method: kind == .request ? builder.method : requestMethod,
            methodRange: builder.methodRange,
            targetRange: builder.targetRange,
            status: builder.status,
            reasonRange: builder.reasonRange,
            fields: fields,
            framing: framing,
            isKeepAlive: isKeepAlive,
            expectsContinue: builder.expectsContinue,
            hasUpgrade: builder.hasUpgradeField && builder.hasConnectionUpgrade,
            headLength: headLength,
            hostRange: builder.hostRange
        )
        isInterimResponse = kind == .response && builder.status < 200 && builder.status != 101
        scanIndex = 0
        lineStart = 0

        switch framing {
        case .none, .contentLength(0): state = .endPending
        case .contentLength(let length): state = .fixedBody(remaining: length)
        case .chunked:
            state = .chunked(.sizeLine)
            lineScanned = 0
            chunkedBodyBytes = 0
        case .untilClose: state = .untilClose
        }
        return HTTPParseStep(consumed: headLength, event: .head(head))
    }

    /// Request framing (RFC 9112 §6.3 items 4-7); ambiguous framing is rejected, never guessed.
    private func requestFraming() -> Result<(HTTPFraming, Bool), HTTPParseError> {
        if builder.version == .http1_1 && builder.hostRange == nil { return .failure(HTTPParseError(.missingHost)) }
        let isKeepAlive = builder.version == .http1_1 || builder.hasConnectionKeepAlive
        guard builder.hasTransferEncoding else {
            guard let length = builder.contentLength else { return .success((.none, isKeepAlive)) }
            return .success((.contentLength(length), isKeepAlive))
        }
        if builder.version == .http1_0 { return .failure(HTTPParseError(.transferEncodingInHTTP10)) }
        if builder.contentLength != nil { return .failure(HTTPParseError(.contentLengthWithTransferEncoding)) }
        if builder.isChunkedNotLast { return .failure(HTTPParseError(.badTransferEncoding)) }
        if builder.hasOtherCoding { return .failure(HTTPParseError(.unsupportedTransferCoding)) }
        return .success((.chunked, isKeepAlive))
    }

    /// Response framing (RFC 9112 §6.3 items 1-3, 5-8).
    private func responseFraming() -> Result<(HTTPFraming, Bool), HTTPParseError> {
        let status = builder.status
        let isKeepAlive = builder.version == .http1_1 || builder.hasConnectionKeepAlive
        if builder.hasTransferEncoding && builder.version == .http1_0 {
            return .failure(HTTPParseError(.transferEncodingInHTTP10))
        }
        let hasNoBody =
            requestMethod == .head || status < 200 || status == 204 || status == 304
            || (requestMethod == .connect && status < 300)
        if hasNoBody { return .success((.none, isKeepAlive)) }

        if builder.hasTransferEncoding {
            guard builder.isChunkedLast else { return .success((.untilClose, false)) }
            if builder.isChunkedNotLast { return .failure(HTTPParseError(.badTransferEncoding)) }
            // Transfer-Encoding overrides Content-Length, but the connection must not be reused (item 3).
            return .success((.chunked, isKeepAlive && builder.contentLength == nil))
        }
        if let length = builder.contentLength { return .success((.contentLength(length), isKeepAlive)) }
        return .success((.untilClose, false))
    }

    static func skipWhitespace(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end && HTTPByte.isWhitespace(buffer[index]) {
            index += 1
        }
        return index
    }

    static func skipToken(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end && HTTPByte.isTokenChar(buffer[index]) {
            index += 1
        }
        return index
    }

    /// Skips `OWS token [ OWS "=" OWS ( token / quoted-string ) ]` after a `;`, returning where it ends,
    /// or `nil` when malformed. Serves transfer-coding parameters and chunk extensions alike.
    static func skipParameter(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        let nameStart = skipWhitespace(buffer, start, end)
        var index = skipToken(buffer, nameStart, end)
        guard index > nameStart else { return nil }
        let afterName = skipWhitespace(buffer, index, end)
        guard afterName < end, buffer[afterName] == HTTPByte.equals else { return index }

        index = skipWhitespace(buffer, afterName + 1, end)
        guard index < end else { return nil }
        if buffer[index] != HTTPByte.quote {
            let valueStart = index
            index = skipToken(buffer, index, end)
            return index > valueStart ? index : nil
        }
        index += 1
        while index < end {
            let byte = buffer[index]
            if byte == HTTPByte.quote { return index + 1 }
            if byte == HTTPByte.backslash {
                index += 1
                guard index < end else { return nil }
            }
            let quoted = buffer[index]
            guard HTTPByte.isVisibleOrObsText(quoted) || HTTPByte.isWhitespace(quoted) else { return nil }
            index += 1
        }
        return nil
    }
}
