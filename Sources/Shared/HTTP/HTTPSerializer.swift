/// Writes HTTP/1.1 start lines, header fields and chunks into a byte array.
///
/// Every function that takes a name or value validates it first and appends nothing when it is invalid:
/// names must be tokens, values must not contain CR, LF or other control characters except HTAB. This
/// guards against header injection from configuration or upstream data.
public enum HTTPSerializer {
    /// The standard reason phrase of `status` (RFC 9110 §15), or `""` for codes without a common phrase.
    public static func reasonPhrase(forStatus status: Int) -> StaticString {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }

    /// Appends `HTTP/1.1 status reason CRLF`.
    ///
    /// - Parameters:
    ///   - status: the status code, 100 to 999.
    ///   - reason: the reason phrase; `nil` uses ``reasonPhrase(forStatus:)``.
    ///   - output: where to append.
    /// - Returns: `false`, appending nothing, when the status is out of range or the reason has control characters.
    @discardableResult
    public static func appendStatusLine(status: Int, reason: String? = nil, to output: inout [UInt8]) -> Bool {
        guard (100...999).contains(status) else { return false }
        if let reason, !isValidValue(reason.utf8) { return false }
        appendStatic("HTTP/1.1 ", to: &output)
        output.append(UInt8(truncatingIfNeeded: 0x30 + status / 100))
        output.append(UInt8(truncatingIfNeeded: 0x30 + status / 10 % 10))
        output.append(UInt8(truncatingIfNeeded: 0x30 + status % 10))
        output.append(HTTPByte.space)
        if let reason {
            output.append(contentsOf: reason.utf8)
        } else {
            appendStatic(reasonPhrase(forStatus: status), to: &output)
        }
        appendCRLF(to: &output)
        return true
    }

    /// Appends `method SP target SP HTTP/1.1 CRLF`.
    ///
    /// - Returns: `false`, appending nothing, when the method is not a token or the target is empty or has
    ///   bytes other than visible ASCII.
    @discardableResult
    public static func appendRequestLine(method: String, target: String, to output: inout [UInt8]) -> Bool {
        guard isValidToken(method.utf8), !target.isEmpty else { return false }
        for byte in target.utf8 where byte < 0x21 || byte > 0x7E {
            return false
        }
        output.append(contentsOf: method.utf8)
        output.append(HTTPByte.space)
        output.append(contentsOf: target.utf8)
        appendStatic(" HTTP/1.1\r\n", to: &output)
        return true
    }

    /// Appends `name: value CRLF`.
    ///
    /// - Returns: `false`, appending nothing, when the name is not a token or the value has CR, LF or
    ///   another control character.
    @discardableResult
    public static func appendField(name: String, value: String, to output: inout [UInt8]) -> Bool {
        guard isValidToken(name.utf8), isValidValue(value.utf8) else { return false }
        output.append(contentsOf: name.utf8)
        output.append(HTTPByte.colon)
        output.append(HTTPByte.space)
        output.append(contentsOf: value.utf8)
        appendCRLF(to: &output)
        return true
    }

    /// Appends `name: value CRLF` from raw bytes, for example a field copied from a parsed head.
    ///
    /// - Returns: `false`, appending nothing, when the name is not a token or the value has CR, LF or
    ///   another control character.
    @discardableResult
    public static func appendField(
        name: UnsafeRawBufferPointer,
        value: UnsafeRawBufferPointer,
        to output: inout [UInt8]
    ) -> Bool {
        guard isValidToken(name), isValidValue(value) else { return false }
        output.append(contentsOf: name)
        output.append(HTTPByte.colon)
        output.append(HTTPByte.space)
        output.append(contentsOf: value)
        appendCRLF(to: &output)
        return true
    }

    /// Appends a status line, the fields and the empty line ending the head.
    ///
    /// - Returns: `false`, appending nothing, when any part is invalid.
    @discardableResult
    public static func appendResponseHead(
        status: Int,
        reason: String? = nil,
        fields: [(name: String, value: String)],
        to output: inout [UInt8]
    ) -> Bool {
        let start = output.count
        guard appendStatusLine(status: status, reason: reason, to: &output) else { return false }
        return appendFieldsAndEnd(fields, from: start, to: &output)
    }

    /// Appends a request line, the fields and the empty line ending the head.
    ///
    /// - Returns: `false`, appending nothing, when any part is invalid.
    @discardableResult
    public static func appendRequestHead(
        method: String,
        target: String,
        fields: [(name: String, value: String)],
        to output: inout [UInt8]
    ) -> Bool {
        let start = output.count
        guard appendRequestLine(method: method, target: target, to: &output) else { return false }
        return appendFieldsAndEnd(fields, from: start, to: &output)
    }

    /// Appends the empty line that ends a head.
    public static func appendEndOfHead(to output: inout [UInt8]) {
        appendCRLF(to: &output)
    }

    /// Appends one chunk: the size in hex, CRLF, the data and CRLF. Empty data appends nothing, since an
    /// empty chunk would end the body.
    public static func appendChunk(_ data: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        guard !data.isEmpty else { return }
        appendHex(data.count, to: &output)
        appendCRLF(to: &output)
        output.append(contentsOf: data)
        appendCRLF(to: &output)
    }

    /// Appends the last chunk and an empty trailer section: `0 CRLF CRLF`.
    public static func appendLastChunk(to output: inout [UInt8]) {
        appendStatic("0\r\n\r\n", to: &output)
    }

    private static func appendFieldsAndEnd(
        _ fields: [(name: String, value: String)],
        from start: Int,
        to output: inout [UInt8]
    ) -> Bool {
        for field in fields where !appendField(name: field.name, value: field.value, to: &output) {
            output.removeSubrange(start..<output.count)
            return false
        }
        appendCRLF(to: &output)
        return true
    }

    private static func appendHex(_ value: Int, to output: inout [UInt8]) {
        var shift = 60
        while shift > 0 && (value >> shift) & 0xF == 0 {
            shift -= 4
        }
        while shift >= 0 {
            let digit = UInt8(truncatingIfNeeded: (value >> shift) & 0xF)
            output.append(digit < 10 ? 0x30 + digit : 0x57 + digit)
            shift -= 4
        }
    }

    private static func appendCRLF(to output: inout [UInt8]) {
        output.append(HTTPByte.cr)
        output.append(HTTPByte.lf)
    }

    private static func appendStatic(_ text: StaticString, to output: inout [UInt8]) {
        text.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    private static func isValidToken<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var isEmpty = true
        for byte in bytes {
            if !HTTPByte.isTokenChar(byte) { return false }
            isEmpty = false
        }
        return !isEmpty
    }

    private static func isValidValue<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        for byte in bytes where !HTTPByte.isVisibleOrObsText(byte) && !HTTPByte.isWhitespace(byte) {
            return false
        }
        return true
    }
}
