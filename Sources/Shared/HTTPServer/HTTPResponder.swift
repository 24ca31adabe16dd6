/// Answers one request. Cheap to copy; it names the exchange, so answering an exchange that has ended (the client
/// went away) does nothing.
///
/// Use it on its ``loop`` only; from another thread, go through `responder.loop.execute { … }`.
public struct HTTPResponder: @unchecked Sendable {
    // Sendable so that it can travel inside `EventLoop.execute` closures; every method checks it runs on the
    // connection's loop.

    let connection: HTTPServerConnection
    let exchange: UInt64

    /// The loop that owns the connection.
    public var loop: EventLoop { connection.loop }

    /// Whether the exchange still waits for (more of) its response.
    public var isActive: Bool { connection.isActive(exchange) }

    /// The client's address.
    public var peer: SocketAddress { connection.peer }

    /// Sends a complete response with a `content-length`.
    ///
    /// - Parameters:
    ///   - status: the status code.
    ///   - headers: fields to send; `content-length`, `date` and `connection` are added by the server.
    ///   - body: the body; ignored for HEAD requests and for 204 and 304.
    ///   - reason: when the gateway answers by itself, the short reason sent in the reason header.
    public func respond(
        status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], reason: String? = nil
    ) {
        connection.respond(exchange, status: status, headers: headers, body: body, reason: reason)
    }

    /// Starts a streamed response.
    ///
    /// - Parameter contentLength: the body length if known; nil streams it chunked (or close-delimited to an
    ///   HTTP/1.0 client).
    ///   - rawFields: fields already serialized as `name: value CRLF` lines (relayed from an upstream), sent
    ///     after `headers`; the caller vouches that they are valid.
    public func writeHead(
        status: Int, headers: [(name: String, value: String)] = [], rawFields: [UInt8] = [], contentLength: Int?
    ) {
        connection.writeHead(
            exchange, status: status, headers: headers, rawFields: rawFields, contentLength: contentLength)
    }

    /// Sends part of a streamed response body.
    ///
    /// - Returns: false when the client is slow and the buffered output passed the high watermark: stop
    ///   producing until ``HTTPServerHandler/onResponseWritable(responder:)``.
    @discardableResult
    public func writeBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        connection.writeBody(exchange, bytes)
    }

    /// Ends a streamed response.
    public func end() {
        connection.endResponse(exchange)
    }

    /// Stops reading the request body (the client's counterpart cannot take more); ``resumeRequestBody()`` goes on.
    public func pauseRequestBody() {
        connection.setReadingPaused(exchange, true)
    }

    /// Resumes reading a paused request body.
    public func resumeRequestBody() {
        connection.setReadingPaused(exchange, false)
    }

    /// Closes the connection at once, for an exchange that cannot be completed (the upstream broke mid-body).
    public func abort() {
        connection.abort(exchange)
    }
}
