/// Limits and timeouts of an ``HTTPClient``. Every field has a default.
public struct HTTPClientConfiguration: Sendable {
    /// The longest a TCP connect may take. Default 1 s.
    public var connectTimeout: Duration = .seconds(1)
    /// The longest from sending a request to the end of its response. Default 15 s.
    public var responseTimeout: Duration = .seconds(15)
    /// How long a pooled connection may stay idle before it is closed. Default 60 s.
    public var idleTimeout: Duration = .seconds(60)
    /// The most connections, busy or idle, to one endpoint from one loop. Default 1,024.
    public var maxConnectionsPerEndpoint: Int = 1024
    /// The most requests waiting for a connection to one endpoint; beyond it requests fail with `overflow`.
    /// Default 1,024.
    public var maxPendingRequestsPerEndpoint: Int = 1024
    /// Parser limits for responses.
    public var limits: HTTPLimits = .default

    /// Creates the default configuration.
    public init() {}
}

/// A request to send: method, target and fields, and an optional body sent with a `content-length`.
public struct HTTPClientRequest: Sendable {
    /// The method, for example `"GET"`.
    public var method: String
    /// The request target, for example `"/v1/nodes/a/snapshot"`.
    public var target: String
    /// Fields to send. `host` defaults to the endpoint's address; `content-length` is added for a body.
    public var headers: [(name: String, value: String)]
    /// The body, or nil for none.
    public var body: [UInt8]?
    /// The request line and fields already serialized (`METHOD target HTTP/1.1 CRLF` then `name: value CRLF`
    /// lines, without `content-length` and without the final empty line); when set, `target` and `headers` are
    /// not used. Lets a proxy forward fields as bytes without making strings of them.
    public var serializedHead: [UInt8]?
    /// A body streamed while it arrives, instead of ``body``; also lets the caller pause the response.
    public var bodyStream: HTTPClientBodyStream?
    /// The connect timeout for a new connection made for this request; nil uses the client's.
    public var connectTimeout: Duration?
    /// The time from sending to the end of the response; nil uses the client's.
    public var responseTimeout: Duration?

    /// Creates a request.
    public init(
        method: String = "GET", target: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    var parsedMethod: HTTPMethod {
        switch method {
        case "GET": .get
        case "HEAD": .head
        case "POST": .post
        case "PUT": .put
        case "DELETE": .delete
        case "OPTIONS": .options
        case "PATCH": .patch
        case "CONNECT": .connect
        case "TRACE": .trace
        default: .other
        }
    }

    /// Whether sending the request twice has the effect of sending it once (RFC 9110 §9.2.2).
    var isIdempotent: Bool {
        switch parsedMethod {
        case .get, .head, .put, .delete, .options, .trace: true
        case .post, .patch, .connect, .other: false
        }
    }
}

/// A complete response with owned values.
public struct HTTPClientResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields in the order received.
    public var headers: [(name: String, value: String)]
    /// The body, decoded from its transfer coding.
    public var body: [UInt8]

    /// The value of the first field named `name`, compared without case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// Why a client exchange failed.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fixed set of reasons.
    public enum Reason: String, Sendable {
        /// The TCP connect failed (refused, unreachable).
        case connectFailed = "connect_failed"
        /// The TCP connect did not finish within the connect timeout.
        case connectTimeout = "connect_timeout"
        /// The response did not end within the response timeout.
        case responseTimeout = "response_timeout"
        /// The peer closed or reset the connection before the response ended.
        case connectionClosed = "connection_closed"
        /// The response broke HTTP/1.1's rules.
        case malformedResponse = "malformed_response"
        /// Too many requests were already waiting for a connection to the endpoint.
        case overflow = "overflow"
        /// The request's method or target cannot be sent as HTTP/1.1.
        case invalidRequest = "invalid_request"
        /// The caller cancelled the exchange, or the client shut down.
        case cancelled = "cancelled"
    }

    /// Why it failed.
    public var reason: Reason
    /// Details for a log line: the system error or the parse error.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, detail: String = "") {
        self.reason = reason
        self.detail = detail
    }

    /// A stable snake_case name for metrics and response flags.
    public var shortName: String { reason.rawValue }

    public var description: String { detail.isEmpty ? reason.rawValue : "\(reason.rawValue): \(detail)" }
}

/// Receives a response as it streams in. All calls happen on the client's loop.
public protocol HTTPClientDelegate: AnyObject {
    /// The response head arrived (a final one: 1xx heads are not passed on). The view is valid during the call.
    func onResponseHead(_ head: HTTPHead, bytes: UnsafeRawBufferPointer)
    /// A piece of the response body, decoded from its transfer coding. Valid during the call.
    func onResponseBody(_ bytes: UnsafeRawBufferPointer)
    /// The response ended.
    func onResponseEnd()
    /// The exchange failed; no other call follows.
    func onFailure(_ error: HTTPClientError)
}

/// Collects a whole response and calls a completion with it.
final class CollectingDelegate: HTTPClientDelegate {
    private let completion: (Result<HTTPClientResponse, HTTPClientError>) -> Void
    private var response = HTTPClientResponse(status: 0, headers: [], body: [])

    init(completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void) {
        self.completion = completion
    }

    func onResponseHead(_ head: HTTPHead, bytes: UnsafeRawBufferPointer) {
        response.status = head.status
        for field in head.fields {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.name]), as: UTF8.self)
            let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.value]), as: UTF8.self)
            response.headers.append((name, value))
        }
    }

    func onResponseBody(_ bytes: UnsafeRawBufferPointer) {
        response.body.append(contentsOf: bytes)
    }

    func onResponseEnd() {
        completion(.success(response))
    }

    func onFailure(_ error: HTTPClientError) {
        completion(.failure(error))
    }
}
