/// Why the HTTP/1.1 parser rejected a message, with the status a server answers with.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fixed set of reasons; the raw value is the stable snake_case ``HTTPParseError/shortName``.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// The request line is not `method SP request-target SP HTTP-version`.
        case badRequestLine = "bad_request_line"
        /// The version is `HTTP/x.y` but neither 1.0 nor 1.1.
        case badVersion = "bad_version"
        /// The request line is longer than ``HTTPLimits/maxRequestLineBytes``.
        case uriTooLong = "uri_too_long"
        /// The request-target has a forbidden byte or a form the method does not allow.
        case badRequestTarget = "bad_request_target"
        /// The head is larger than ``HTTPLimits/maxHeadBytes``.
        case headTooLarge = "head_too_large"
        /// The head has more fields than ``HTTPLimits/maxHeaderCount``.
        case tooManyHeaders = "too_many_headers"
        /// A field name is empty, is not a token, or the line has no colon.
        case badHeaderName = "bad_header_name"
        /// Whitespace between a field name and its colon.
        case whitespaceBeforeColon = "whitespace_before_colon"
        /// A line folded onto the previous one (starts with SP or HTAB).
        case obsFold = "obs_fold"
        /// A CR not followed by LF.
        case bareCR = "bare_cr"
        /// A line ended by LF alone instead of CRLF.
        case bareLF = "bare_lf"
        /// A control character (NUL, DEL, …) inside a field value or reason phrase.
        case controlCharacter = "control_character"
        /// An HTTP/1.1 request without a Host field.
        case missingHost = "missing_host"
        /// A request with more than one Host field.
        case duplicateHost = "duplicate_host"
        /// A Host value that is not `uri-host [ ":" port ]`.
        case badHost = "bad_host"
        /// A Content-Length value that is not a list of 1 to 18 digits.
        case badContentLength = "bad_content_length"
        /// Content-Length values that differ.
        case conflictingContentLength = "conflicting_content_length"
        /// A request with both Content-Length and Transfer-Encoding.
        case contentLengthWithTransferEncoding = "content_length_with_transfer_encoding"
        /// Transfer-Encoding in an HTTP/1.0 message.
        case transferEncodingInHTTP10 = "transfer_encoding_in_http10"
        /// A malformed Transfer-Encoding list, or a request whose final coding is not `chunked`.
        case badTransferEncoding = "bad_transfer_encoding"
        /// A request transfer coding other than `chunked`.
        case unsupportedTransferCoding = "unsupported_transfer_coding"
        /// A chunk size that is not 1 to 15 hex digits followed by extensions or CRLF.
        case badChunkSize = "bad_chunk_size"
        /// A malformed chunk extension.
        case badChunkExtension = "bad_chunk_extension"
        /// A chunk-size line longer than ``HTTPLimits/maxChunkLineBytes``.
        case chunkLineTooLong = "chunk_line_too_long"
        /// Chunk data not followed by exactly CRLF.
        case badChunkTerminator = "bad_chunk_terminator"
        /// A malformed trailer field.
        case badTrailer = "bad_trailer"
        /// A trailer section larger than ``HTTPLimits/maxTrailerBytes``.
        case trailerTooLarge = "trailer_too_large"
        /// A body larger than ``HTTPLimits/maxBodyBytes``.
        case bodyTooLarge = "body_too_large"
        /// An Expect value other than `100-continue`.
        case expectationFailed = "expectation_failed"
        /// The status line is not `HTTP-version SP 3DIGIT SP reason`.
        case badStatusLine = "bad_status_line"
        /// The connection closed in the middle of a message.
        case truncatedMessage = "truncated_message"
    }

    /// Why the message was rejected.
    public var reason: Reason
    /// The status a server answers a bad request with (400, 413, 414, 417, 431, 501, 505).
    /// A proxy reading a bad response answers its client with 502 whatever this says.
    public var status: Int
    /// A stable snake_case name, usable as a metric label or `gatehouse-reason` value.
    public var shortName: String { reason.rawValue }

    /// A fixed human-readable description; it never includes bytes from the message.
    public var description: String { "HTTP parse error \(status) \(reason.rawValue)" }

    /// Creates an error for `reason` with its usual status.
    public init(_ reason: Reason) {
        self.reason = reason
        self.status = Self.status(for: reason)
    }

    private static func status(for reason: Reason) -> Int {
        switch reason {
        case .uriTooLong: 414
        case .headTooLarge, .tooManyHeaders, .trailerTooLarge: 431
        case .bodyTooLarge: 413
        case .expectationFailed: 417
        case .unsupportedTransferCoding: 501
        case .badVersion: 505
        case .badRequestLine, .badRequestTarget, .badHeaderName, .whitespaceBeforeColon, .obsFold, .bareCR, .bareLF,
            .controlCharacter, .missingHost, .duplicateHost, .badHost, .badContentLength, .conflictingContentLength,
            .contentLengthWithTransferEncoding, .transferEncodingInHTTP10, .badTransferEncoding, .badChunkSize,
            .badChunkExtension, .chunkLineTooLong, .badChunkTerminator, .badTrailer, .badStatusLine,
            .truncatedMessage:
            400
        }
    }
}
