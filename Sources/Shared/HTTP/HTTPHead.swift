/// The protocol version of an HTTP/1.x message.
public enum HTTPVersion: Sendable, Equatable {
    /// HTTP/1.0: connections close after each message unless `Connection: keep-alive` is sent.
    case http1_0
    /// HTTP/1.1: connections stay open unless `Connection: close` is sent.
    case http1_1
}

/// A request method. Methods are case-sensitive (RFC 9110 §9.1): `get` is ``other``.
public enum HTTPMethod: Sendable, Equatable {
    /// `GET`.
    case get
    /// `HEAD`: responses to it never have a body.
    case head
    /// `POST`.
    case post
    /// `PUT`.
    case put
    /// `DELETE`.
    case delete
    /// `OPTIONS`.
    case options
    /// `PATCH`.
    case patch
    /// `CONNECT`: its request-target is in authority-form.
    case connect
    /// `TRACE`.
    case trace
    /// Any other token; the bytes are at ``HTTPHead/methodRange``.
    case other
}

/// A header field as byte offsets into the head bytes the parser was given (relative to the start
/// of the buffer passed to the `parse` call that returned the head).
public struct HTTPField: Sendable, Equatable {
    /// The field name, as received (case preserved).
    public var name: Range<Int>
    /// The field value with leading and trailing whitespace (SP, HTAB) removed; may be empty.
    public var value: Range<Int>

    /// Creates a field from its name and value ranges.
    public init(name: Range<Int>, value: Range<Int>) {
        self.name = name
        self.value = value
    }
}

/// How the body of a message is delimited (RFC 9112 §6.3).
public enum HTTPFraming: Sendable, Equatable {
    /// No body: the message ends with its head.
    case none
    /// A body of exactly this many bytes.
    case contentLength(Int)
    /// A chunked body; the parser removes the chunk framing.
    case chunked
    /// A response body that ends when the connection closes.
    case untilClose
}

/// The parsed head of a request or response. Every range is relative to the start of the buffer given
/// to the `parse` call that returned it, which starts with the head.
public struct HTTPHead: Sendable, Equatable {
    /// The message's protocol version.
    public var version: HTTPVersion
    /// Requests: the method. Responses: the method given to ``HTTPParser/expectResponse(toMethod:)``.
    public var method: HTTPMethod
    /// Requests: the method bytes. Responses: empty.
    public var methodRange: Range<Int>
    /// Requests: the request-target bytes. Responses: empty.
    public var targetRange: Range<Int>
    /// Responses: the status code, 100 to 999. Requests: 0.
    public var status: Int
    /// Responses: the reason phrase bytes, possibly empty. Requests: empty.
    public var reasonRange: Range<Int>
    /// Every field in the order received, including Host, Connection and other hop-by-hop fields.
    public var fields: [HTTPField]
    /// How the body is delimited.
    public var framing: HTTPFraming
    /// Whether the connection may carry another message after this one, per the version, the
    /// Connection tokens `close` and `keep-alive`, and (responses) the framing.
    public var isKeepAlive: Bool
    /// Whether an HTTP/1.1 request sent `Expect: 100-continue`.
    public var expectsContinue: Bool
    /// Whether an Upgrade field is present and Connection lists `upgrade`.
    public var hasUpgrade: Bool
    /// The length of the head in bytes, including any leading empty lines and the final CRLF.
    public var headLength: Int
    /// Requests: the Host field value, or `nil` when there is none (HTTP/1.0 only).
    public var hostRange: Range<Int>?

    /// Creates an empty head; the parser fills it in.
    public init(
        version: HTTPVersion = .http1_1,
        method: HTTPMethod = .get,
        methodRange: Range<Int> = 0..<0,
        targetRange: Range<Int> = 0..<0,
        status: Int = 0,
        reasonRange: Range<Int> = 0..<0,
        fields: [HTTPField] = [],
        framing: HTTPFraming = .none,
        isKeepAlive: Bool = true,
        expectsContinue: Bool = false,
        hasUpgrade: Bool = false,
        headLength: Int = 0,
        hostRange: Range<Int>? = nil
    ) {
        self.version = version
        self.method = method
        self.methodRange = methodRange
        self.targetRange = targetRange
        self.status = status
        self.reasonRange = reasonRange
        self.fields = fields
        self.framing = framing
        self.isKeepAlive = isKeepAlive
        self.expectsContinue = expectsContinue
        self.hasUpgrade = hasUpgrade
        self.headLength = headLength
        self.hostRange = hostRange
    }
}
