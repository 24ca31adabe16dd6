/// Size and count limits the HTTP/1.1 parser enforces on untrusted input.
///
/// Every limit turns an oversized message into an ``HTTPParseError`` with a fitting status instead of
/// letting a peer make the parser buffer or scan without bound.
public struct HTTPLimits: Sendable, Equatable {
    /// The longest request line accepted, in bytes, excluding its CRLF. Default 8 KiB.
    /// A longer request line fails with 414 (`uriTooLong`).
    public var maxRequestLineBytes: Int
    /// The largest head accepted, in bytes: start line, fields and the final empty line. Default 64 KiB.
    /// A larger head fails with 431 (`headTooLarge`).
    public var maxHeadBytes: Int
    /// The most header fields accepted in one head. Default 100. More fail with 431 (`tooManyHeaders`).
    public var maxHeaderCount: Int
    /// The longest chunk-size line accepted (size and extensions), in bytes, excluding its CRLF. Default 1 KiB.
    /// A longer line fails with 400 (`chunkLineTooLong`).
    public var maxChunkLineBytes: Int
    /// The largest trailer section accepted after the last chunk, in bytes, including line ends. Default 16 KiB.
    /// A larger section fails with 431 (`trailerTooLarge`).
    public var maxTrailerBytes: Int
    /// The largest body accepted, in bytes, or `nil` for no limit. Default `nil`.
    /// A larger body fails with 413 (`bodyTooLarge`), at the head for Content-Length framing and at the
    /// offending chunk for chunked framing.
    public var maxBodyBytes: Int?

    /// Creates limits; every parameter defaults to the documented default of its field.
    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeadBytes: Int = 64 * 1024,
        maxHeaderCount: Int = 100,
        maxChunkLineBytes: Int = 1024,
        maxTrailerBytes: Int = 16 * 1024,
        maxBodyBytes: Int? = nil
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxTrailerBytes = maxTrailerBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// The default limits.
    public static let `default` = HTTPLimits()

    /// The same limits with every value clamped to `0...(1 << 40)`, so that offset arithmetic on them
    /// can never overflow.
    var clamped: HTTPLimits {
        HTTPLimits(
            maxRequestLineBytes: Self.clamp(maxRequestLineBytes),
            maxHeadBytes: Self.clamp(maxHeadBytes),
            maxHeaderCount: Self.clamp(maxHeaderCount),
            maxChunkLineBytes: Self.clamp(maxChunkLineBytes),
            maxTrailerBytes: Self.clamp(maxTrailerBytes),
            maxBodyBytes: maxBodyBytes.map { max(0, $0) }
        )
    }

    private static func clamp(_ value: Int) -> Int {
        min(max(value, 0), 1 << 40)
    }
}
