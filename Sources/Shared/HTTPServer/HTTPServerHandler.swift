/// Serves the requests of one connection, one exchange at a time. The server makes a handler per connection on
/// the connection's loop, so a handler needs no locks and may keep the state of the exchange in progress.
///
/// A request arrives as a head, then body pieces, then an end; the handler answers through the
/// ``HTTPResponder`` it is given, at once or later (a long-poll answers seconds after the request).
public protocol HTTPServerHandler: AnyObject {
    /// A request head arrived. The view is valid only during the call.
    func onRequestHead(_ request: HTTPRequestView, responder: HTTPResponder)
    /// A piece of the request body arrived, decoded from its transfer coding. Valid only during the call.
    func onRequestBody(_ bytes: UnsafeRawBufferPointer, responder: HTTPResponder)
    /// The request is complete.
    func onRequestEnd(responder: HTTPResponder)
    /// The exchange ended before the response did: the client went away or a timeout closed the connection.
    func onExchangeAborted(responder: HTTPResponder)
    /// The client read enough buffered response bytes that the handler may produce more.
    func onResponseWritable(responder: HTTPResponder)
}

extension HTTPServerHandler {
    public func onRequestBody(_ bytes: UnsafeRawBufferPointer, responder: HTTPResponder) {}
    public func onRequestEnd(responder: HTTPResponder) {}
    public func onExchangeAborted(responder: HTTPResponder) {}
    public func onResponseWritable(responder: HTTPResponder) {}
}

/// A handler that receives each request whole, body included, as owned values.
///
/// For the control plane's REST API and other paths where convenience beats the last microsecond.
public final class BufferedHTTPHandler: HTTPServerHandler {
    /// Called with each complete request; answer through the responder, now or later.
    public typealias Handle = (HTTPRequest, HTTPResponder) -> Void

    private let handle: Handle
    private let maxBodyBytes: Int
    private var pending: HTTPRequest?
    private var isTooLarge = false

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - maxBodyBytes: larger bodies are answered with 413 before `handle` sees them. Default 1 MiB.
    ///   - handle: called with each complete request.
    public init(maxBodyBytes: Int = 1 << 20, handle: @escaping Handle) {
        self.maxBodyBytes = maxBodyBytes
        self.handle = handle
    }

    public func onRequestHead(_ request: HTTPRequestView, responder: HTTPResponder) {
        if case .contentLength(let length) = request.head.framing, length > maxBodyBytes {
            responder.respond(status: 413, reason: "body_too_large")
            return
        }
        pending = request.copy()
        isTooLarge = false
    }

    public func onRequestBody(_ bytes: UnsafeRawBufferPointer, responder: HTTPResponder) {
        guard pending != nil, !isTooLarge else { return }
        if pending!.body.count + bytes.count > maxBodyBytes {
            isTooLarge = true
            pending = nil
            responder.respond(status: 413, reason: "body_too_large")
            return
        }
        pending!.body.append(contentsOf: bytes)
    }

    public func onRequestEnd(responder: HTTPResponder) {
        guard let request = pending else { return }
        pending = nil
        handle(request, responder)
    }

    public func onExchangeAborted(responder: HTTPResponder) {
        pending = nil
    }
}
