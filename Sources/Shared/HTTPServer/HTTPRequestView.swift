/// A parsed request head, viewed in place in the connection's read buffer.
///
/// Valid only during the handler call that receives it: copy what must outlive the call
/// (``target``, ``header(_:)`` and ``copy()`` do).
public struct HTTPRequestView {
    /// The parsed head; its ranges index ``bytes``.
    public let head: HTTPHead
    /// The bytes of the head.
    public let bytes: UnsafeRawBufferPointer
    /// The address of the client.
    public let peer: SocketAddress

    /// The method as text, for example `"GET"`.
    public var methodName: String { string(head.methodRange) }

    /// The request target as sent, for example `"/users/7?full=1"`.
    public var target: String { string(head.targetRange) }

    /// The path part of the target: everything before `?`.
    public var path: String {
        let range = head.targetRange
        var end = range.lowerBound
        while end < range.upperBound, bytes[end] != UInt8(ascii: "?") {
            end += 1
        }
        return string(range.lowerBound..<end)
    }

    /// The value of the first field named `name` (ASCII, compared without case), or nil.
    public func header(_ name: String) -> String? {
        guard let field = field(named: name) else { return nil }
        return string(field.value)
    }

    /// The first field named `name`, compared without case and without allocating.
    public func field(named name: String) -> HTTPField? {
        var name = name
        return name.withUTF8 { wanted in
            for field in head.fields where equalsIgnoringCase(field.name, wanted) {
                return field
            }
            return nil
        }
    }

    /// Whether the bytes at `range` equal `wanted`, ignoring ASCII case.
    @inline(__always)
    public func equalsIgnoringCase(_ range: Range<Int>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == wanted.count else { return false }
        var index = 0
        while index < wanted.count {
            if bytes[range.lowerBound + index] | 0x20 != wanted[index] | 0x20 {
                return false
            }
            index += 1
        }
        return true
    }

    /// The bytes at `range` decoded as UTF-8 (invalid sequences replaced).
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A copy of the head that owns its strings.
    public func copy() -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.fields.count)
        for field in head.fields {
            headers.append((string(field.name), string(field.value)))
        }
        return HTTPRequest(
            method: methodName, target: target, version: head.version, headers: headers, body: [], peer: peer)
    }
}

/// A complete request with owned values, for handlers that are not on the proxy's hot path.
public struct HTTPRequest: Sendable {
    /// The method, for example `"PUT"`.
    public var method: String
    /// The request target as sent.
    public var target: String
    /// The protocol version.
    public var version: HTTPVersion
    /// The header fields in the order received.
    public var headers: [(name: String, value: String)]
    /// The body, decoded from its transfer coding.
    public var body: [UInt8]
    /// The address of the client.
    public var peer: SocketAddress

    /// Creates a request.
    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], peer: SocketAddress
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.peer = peer
    }

    /// The path part of the target: everything before `?`.
    public var path: Substring {
        target.firstIndex(of: "?").map { target[..<$0] } ?? target[...]
    }

    /// The query part of the target, after `?`, or empty.
    public var query: Substring {
        target.firstIndex(of: "?").map { target[target.index(after: $0)...] } ?? ""
    }

    /// The value of the first header named `name`, compared without case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
