/// Allocation-free helpers for header field names and list-valued fields in a byte buffer.
public enum HTTPHeaderName {
    /// Whether the bytes at `range` of `buffer` equal `lowercaseName`, ignoring ASCII case.
    ///
    /// - Parameters:
    ///   - buffer: the bytes holding the name.
    ///   - range: where the name is; a range outside `buffer` never matches.
    ///   - lowercaseName: the known name, ASCII, all lowercase (for example `"content-length"`).
    public static func matches(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowercaseName: StaticString)
        -> Bool
    {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else { return false }
        return lowercaseName.withUTF8Buffer { known in
            guard range.count == known.count else { return false }
            var offset = 0
            while offset < known.count {
                if HTTPByte.lowercased(buffer[range.lowerBound + offset]) != known[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// Whether `name` is a hop-by-hop field (RFC 9110 §7.6.1) that a proxy must not forward: Connection,
    /// Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding or Upgrade.
    public static func isHopByHop(name: UnsafeRawBufferPointer) -> Bool {
        isHopByHop(name: 0..<name.count, in: name)
    }

    /// Whether the name at `range` of `buffer` is a hop-by-hop field (RFC 9110 §7.6.1); see
    /// ``isHopByHop(name:)-(UnsafeRawBufferPointer)``.
    public static func isHopByHop(name range: Range<Int>, in buffer: UnsafeRawBufferPointer) -> Bool {
        switch range.count {
        case 2: matches(buffer, range, "te")
        case 7: matches(buffer, range, "trailer") || matches(buffer, range, "upgrade")
        case 10: matches(buffer, range, "connection") || matches(buffer, range, "keep-alive")
        case 16: matches(buffer, range, "proxy-connection")
        case 17: matches(buffer, range, "transfer-encoding")
        default: false
        }
    }

    /// Whether `name` is a hop-by-hop field; see ``isHopByHop(name:)-(UnsafeRawBufferPointer)``.
    public static func isHopByHop(name: String) -> Bool {
        var name = name
        return name.withUTF8 { isHopByHop(name: UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with each non-empty element of the comma-separated list at `range` of `buffer`, trimmed
    /// of surrounding whitespace (RFC 9110 §5.6.1). Use it on a Connection value to find the fields it names.
    ///
    /// - Parameters:
    ///   - buffer: the bytes holding the field value.
    ///   - range: where the value is; a range outside `buffer` yields no element.
    ///   - body: called with the range of each element, in order.
    public static func forEachListElement(
        in buffer: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        _ body: (Range<Int>) -> Void
    ) {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else { return }
        var index = range.lowerBound
        while index < range.upperBound {
            while index < range.upperBound, HTTPByte.isWhitespace(buffer[index]) || buffer[index] == HTTPByte.comma {
                index += 1
            }
            let start = index
            var end = index
            while index < range.upperBound, buffer[index] != HTTPByte.comma {
                if !HTTPByte.isWhitespace(buffer[index]) { end = index + 1 }
                index += 1
            }
            if end > start { body(start..<end) }
        }
    }

    /// Whether the Connection value at `range` of `buffer` lists the field name at `nameRange` of `nameBuffer`,
    /// meaning a proxy must remove that field (RFC 9110 §7.6.1).
    public static func connectionValue(
        _ range: Range<Int>,
        in buffer: UnsafeRawBufferPointer,
        lists nameRange: Range<Int>,
        in nameBuffer: UnsafeRawBufferPointer
    ) -> Bool {
        guard nameRange.lowerBound >= 0, nameRange.upperBound <= nameBuffer.count else { return false }
        var found = false
        forEachListElement(in: buffer, range) { element in
            guard !found, element.count == nameRange.count else { return }
            var offset = 0
            while offset < element.count {
                let left = HTTPByte.lowercased(buffer[element.lowerBound + offset])
                if left != HTTPByte.lowercased(nameBuffer[nameRange.lowerBound + offset]) { return }
                offset += 1
            }
            found = true
        }
        return found
    }
}

extension HTTPField {
    /// Whether this field's name, read from `buffer`, equals `lowercaseName` ignoring ASCII case.
    public func hasName(_ lowercaseName: StaticString, in buffer: UnsafeRawBufferPointer) -> Bool {
        HTTPHeaderName.matches(buffer, name, lowercaseName)
    }
}
