extension HTTPParser {
    /// Removes chunk framing (RFC 9112 §7.1): consumes size lines, CRLFs after data and trailer lines as
    /// they complete, and returns at the first data bytes, the end of the message, or the end of the buffer.
    mutating func parseChunked(_ buffer: UnsafeRawBufferPointer, phase startPhase: ChunkPhase) -> HTTPParseStep {
        let count = buffer.count
        var phase = startPhase
        var position = 0
        if lineScanned > count { lineScanned = 0 }
        while true {
            switch phase {
            case .sizeLine:
                let windowEnd = min(count, position + limits.maxChunkLineBytes + 2)
                guard let lineFeed = findLineFeed(buffer, from: position, to: windowEnd) else {
                    if windowEnd < count { return failStep(.chunkLineTooLong) }
                    return needMore(consumed: position, phase: phase)
                }
                guard lineFeed > position, buffer[lineFeed - 1] == HTTPByte.cr else { return failStep(.bareLF) }
                let size: Int
                switch Self.parseChunkSizeLine(buffer, position, lineFeed - 1) {
                case .success(let parsed): size = parsed
                case .failure(let error): return failStep(error.reason)
                }
                position = lineFeed + 1
                if size == 0 {
                    trailerBytes = 0
                    phase = .trailers
                    continue
                }
                chunkedBodyBytes += size
                if let maxBody = limits.maxBodyBytes, chunkedBodyBytes > maxBody { return failStep(.bodyTooLarge) }
                phase = .data(remaining: size)

            case .data(let remaining):
                guard position < count else { return needMore(consumed: position, phase: phase) }
                let length = min(remaining, count - position)
                state = .chunked(length == remaining ? .dataCR : .data(remaining: remaining - length))
                return HTTPParseStep(consumed: position + length, event: .body(position..<(position + length)))

            case .dataCR, .dataLF:
                guard position < count else { return needMore(consumed: position, phase: phase) }
                let isCR = phase == .dataCR
                guard buffer[position] == (isCR ? HTTPByte.cr : HTTPByte.lf) else {
                    return failStep(.badChunkTerminator)
                }
                position += 1
                phase = isCR ? .dataLF : .sizeLine

            case .trailers:
                let windowEnd = min(count, position + (limits.maxTrailerBytes - trailerBytes))
                guard let lineFeed = findLineFeed(buffer, from: position, to: windowEnd) else {
                    if windowEnd < count { return failStep(.trailerTooLarge) }
                    return needMore(consumed: position, phase: phase)
                }
                guard lineFeed > position, buffer[lineFeed - 1] == HTTPByte.cr else { return failStep(.bareLF) }
                trailerBytes += lineFeed + 1 - position
                let lineStart = position
                position = lineFeed + 1
                if lineStart == lineFeed - 1 {
                    endMessage()
                    return HTTPParseStep(consumed: position, event: .end)
                }
                // Trailer fields are checked like header fields but never applied (RFC 9110 §6.5.1).
                var name = 0..<0
                var value = 0..<0
                if let reason = Self.parseFieldLine(buffer, lineStart, lineFeed - 1, name: &name, value: &value) {
                    return failStep(reason == .bareCR ? .bareCR : .badTrailer)
                }
            }
        }
    }

    /// Finds the LF of the line starting at `start`, resuming where the last call for this line stopped.
    private mutating func findLineFeed(_ buffer: UnsafeRawBufferPointer, from start: Int, to windowEnd: Int)
        -> Int?
    {
        var index = start + lineScanned
        while index < windowEnd && buffer[index] != HTTPByte.lf {
            index += 1
        }
        if index >= windowEnd {
            lineScanned = max(windowEnd - start, 0)
            return nil
        }
        lineScanned = 0
        return index
    }

    private mutating func needMore(consumed: Int, phase: ChunkPhase) -> HTTPParseStep {
        state = .chunked(phase)
        return HTTPParseStep(consumed: consumed, event: .needMore)
    }

    /// Parses `chunk-size [ chunk-ext ]` (RFC 9112 §7.1, §7.1.1): 1 to 15 hex digits, then any number of
    /// `BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ]`.
    static func parseChunkSizeLine(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> Result<Int, HTTPParseError>
    {
        var index = start
        var size = 0
        while index < end, let digit = HTTPByte.hexValue(buffer[index]) {
            guard index - start < 15 else { return .failure(HTTPParseError(.badChunkSize)) }
            size = size << 4 | digit
            index += 1
        }
        guard index > start else { return .failure(HTTPParseError(.badChunkSize)) }
        if index == end { return .success(size) }

        var hasExtension = false
        while index < end {
            index = skipWhitespace(buffer, index, end)
            guard index < end, buffer[index] == HTTPByte.semicolon else {
                let isCR = index < end && buffer[index] == HTTPByte.cr
                return .failure(HTTPParseError(isCR ? .bareCR : hasExtension ? .badChunkExtension : .badChunkSize))
            }
            hasExtension = true
            guard let next = skipParameter(buffer, index + 1, end) else {
                return .failure(HTTPParseError(.badChunkExtension))
            }
            index = next
        }
        return .success(size)
    }
}
