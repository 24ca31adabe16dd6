/// A request body sent in pieces while it arrives, and the switch that pauses reading the response: what a proxy
/// needs to relay both directions without buffering either whole.
///
/// Make one, put it in ``HTTPClientRequest/bodyStream``, then call ``write(_:)`` and ``end()`` as the body
/// arrives. Pieces written before the connection exists wait in memory (stop when `write` returns false). Use it
/// on the client's loop only.
public final class HTTPClientBodyStream: @unchecked Sendable {
    // Sendable only so that it can sit in an `HTTPClientRequest`; every use happens on the client's loop.
    /// Told when the stream can take more after `write` returned false.
    public var onWritable: (() -> Void)?
    /// The body length when known (sent as `content-length`); nil sends it chunked.
    public let length: Int?
    /// Pending bytes beyond which `write` asks the caller to wait. Default 256 KiB.
    public var highWatermark = 256 * 1024

    private var pending: [UInt8] = []
    private(set) var isEnded = false
    private weak var connection: HTTPClientConnection?
    private var isPausedResponse = false
    private var isWaitingForRoom = false
    private var isDetached = false

    /// Whether the request has no body at all: the stream only pauses and resumes the response.
    public let isBodyless: Bool

    /// Creates a stream for a body of `length` bytes, or of unknown length.
    public init(length: Int?) {
        self.length = length
        self.isBodyless = false
    }

    /// A stream for a request without a body, used to pause and resume the response.
    public init() {
        self.length = 0
        self.isBodyless = true
        self.isEnded = true
    }

    /// Whether the request was handed to a connection: from then on it cannot be sent again elsewhere.
    public private(set) var isCommitted = false

    /// Sends (or queues) a piece of the body.
    ///
    /// - Returns: false when the caller should stop until ``onWritable`` is called.
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !isEnded, !bytes.isEmpty, !isDetached else { return true }
        if let connection {
            let hasRoom = connection.writeBodyPiece(bytes, chunked: length == nil) < highWatermark
            isWaitingForRoom = !hasRoom
            return hasRoom
        }
        pending.append(contentsOf: bytes)
        isWaitingForRoom = pending.count >= highWatermark
        return !isWaitingForRoom
    }

    /// Ends the body.
    public func end() {
        guard !isEnded else { return }
        isEnded = true
        connection?.endBody(chunked: length == nil)
    }

    /// Stops reading the response (the client on the other side is slow); ``resumeResponse()`` goes on.
    public func pauseResponse() {
        isPausedResponse = true
        connection?.setResponsePaused(true)
    }

    /// Resumes reading the response.
    public func resumeResponse() {
        isPausedResponse = false
        connection?.setResponsePaused(false)
    }

    // MARK: Connection side

    /// The connection sent the head: it takes the queued pieces and the ones to come.
    func attach(_ connection: HTTPClientConnection) {
        self.connection = connection
        isCommitted = true
        if !pending.isEmpty {
            pending.withUnsafeBytes { _ = connection.writeBodyPiece($0, chunked: length == nil) }
            pending = []
        }
        if isEnded, !isBodyless {
            connection.endBody(chunked: length == nil)
        }
        if isPausedResponse {
            connection.setResponsePaused(true)
        }
    }

    /// The connection's output drained below the watermark.
    func connectionDrained() {
        guard isWaitingForRoom else { return }
        isWaitingForRoom = false
        onWritable?()
    }

    /// The exchange ended or failed on its connection: pieces still arriving are dropped, unless the caller
    /// sends the request again elsewhere (only possible while nothing was committed).
    func detach() {
        connection = nil
        isDetached = isCommitted
    }
}
