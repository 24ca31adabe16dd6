/// One client connection of an ``HTTPServer``: reads and parses requests, hands them to the loop's handler,
/// and writes responses back in order.
///
/// Pipelined requests wait in the read buffer until the response before them is complete, so responses are
/// always in request order. Lives on one loop; the loop's connection table holds it until it closes.
final class HTTPServerConnection: EventHandler, DeferredFlush {
    private enum RequestState { case idle, head, body, complete }
    private enum ResponseState { case none, pending, streaming(chunked: Bool), complete }
    private enum TimeoutKind { case header, idle, body, write }

    let loop: EventLoop
    let peer: SocketAddress
    private let socket: Socket
    /// Strong: the loop's table holds the connection until it closes, so the pair is released together.
    private let owner: HTTPServerLoop
    /// Serves this connection's exchanges, one at a time.
    private let handler: HTTPServerHandler
    private var configuration: HTTPServerConfiguration { owner.configuration }

    private var parser: HTTPParser
    private let buffer: ReadBuffer
    private var output: [UInt8] = []
    private var outputSent = 0

    private var exchange: UInt64 = 0
    private var requestState = RequestState.idle
    private var responseState = ResponseState.none
    private var isHeadRequest = false
    private var isHTTP10 = false
    private var willClose = false
    private var isDiscardingBody = false
    private var discardedBytes = 0
    private var requestsServed = 0
    private var isReadingPaused = false
    private var isProcessing = false
    private var isFlushScheduled = false
    private var isBackpressured = false
    private var mayHaveUnreadInput = false
    private var closeAfterFlush = false
    private var isDraining = false
    private(set) var isClosed = false

    private var deadline = DeadlineTimer()
    private var timeoutKind = TimeoutKind.header

    /// Bytes of request body discarded after an early response before the connection is closed instead.
    private static let maxDiscardedBytes = 1 << 20
    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(socket: Socket, peer: SocketAddress, owner: HTTPServerLoop, handler: HTTPServerHandler) {
        self.handler = handler
        self.socket = socket
        self.peer = peer
        self.owner = owner
        self.loop = owner.loop
        self.parser = HTTPParser(kind: .request, limits: owner.configuration.limits)
        self.buffer = ReadBuffer(capacity: owner.configuration.initialReadBufferSize)
    }

    var descriptor: Int32 { socket.descriptor }

    func start() throws(SystemError) {
        try socket.setNoDelay()
        try loop.register(socket.descriptor, handler: self)
        setDeadline(.header, after: configuration.headerTimeout)
        readAvailable()
    }

    func isActive(_ id: UInt64) -> Bool {
        guard !isClosed, id == exchange else { return false }
        switch responseState {
        case .pending, .streaming: return true
        case .none, .complete: return false
        }
    }

    // MARK: Events

    func onEvents(_ events: IOEvents) {
        if events.contains(.writable), outputSent < output.count {
            flush()
        }
        if events.contains(.readable) {
            readAvailable(hasHangup: events.contains(.hangup))
        }
    }

    /// Reads until the socket is drained.
    ///
    /// - Parameter hasHangup: the event said the peer closed; then a short read is not enough to know the end of
    ///   stream was seen, so reading goes on until it returns 0 or would block.
    private func readAvailable(hasHangup: Bool = false) {
        while !isClosed, !isReadingPaused {
            guard ensureSpace() else {
                // The buffer is full of pipelined requests waiting for a response; read again once it drains.
                mayHaveUnreadInput = true
                return
            }
            mayHaveUnreadInput = false
            let space = buffer.freeSpace.count
            let result: IOResult<Int>
            do {
                result = try buffer.fill(from: socket)
            } catch {
                close()
                return
            }
            switch result {
            case .wouldBlock:
                return
            case .done(0):
                onEndOfInput()
                return
            case .done(let count):
                if requestState == .idle {
                    requestState = .head
                    setDeadline(.header, after: configuration.headerTimeout)
                } else if requestState == .body {
                    setDeadline(.body, after: configuration.bodyTimeout)
                }
                process()
                if count < space, !hasHangup {
                    // A short read drained the socket; the next arrival raises a new edge.
                    return
                }
            }
        }
    }

    /// Makes room at the end of the buffer: compacts, or grows it while a head is incomplete. The head limit
    /// bounds growth: the parser fails before a head outgrows it.
    private func ensureSpace() -> Bool {
        let limit = requestState == .complete ? buffer.storage.count : configuration.limits.maxHeadBytes + 1024
        return buffer.makeRoom(growingUpTo: limit)
    }

    private func onEndOfInput() {
        switch requestState {
        case .idle:
            if outputSent < output.count {
                closeAfterFlush = true
            } else {
                close()
            }
        case .head, .body, .complete:
            // The client went away before its exchange ended, or mid-head.
            close()
        }
    }

    // MARK: Parsing

    private func process() {
        guard !isProcessing else { return }
        isProcessing = true
        parsing: while !isClosed, !isReadingPaused, requestState != .complete {
            let base = buffer.readIndex
            let step = parser.parse(buffer.unread)
            buffer.readIndex += step.consumed
            switch step.event {
            case .needMore:
                break parsing
            case .head(let head):
                let bytes = buffer.bytes(base..<(base + head.headLength))
                beginExchange(head, bytes: bytes)
            case .body(let range):
                let bytes = buffer.bytes((base + range.lowerBound)..<(base + range.upperBound))
                deliverBody(bytes)
            case .end:
                endRequest()
            case .error(let error):
                rejectRequest(error)
                break parsing
            }
        }
        isProcessing = false
        if !isClosed {
            flush()
        }
    }

    private func beginExchange(_ head: HTTPHead, bytes: UnsafeRawBufferPointer) {
        exchange &+= 1
        requestsServed += 1
        requestState = .body
        responseState = .pending
        isHeadRequest = head.method == .head
        isHTTP10 = head.version == .http1_0
        willClose = !head.isKeepAlive || isDraining || requestsServed >= configuration.maxRequestsPerConnection
        isDiscardingBody = false
        discardedBytes = 0
        if head.framing == .none {
            clearDeadline()
        } else {
            setDeadline(.body, after: configuration.bodyTimeout)
        }
        handler.onRequestHead(
            HTTPRequestView(head: head, bytes: bytes, peer: peer),
            responder: HTTPResponder(connection: self, exchange: exchange))
        if head.expectsContinue, case .pending = responseState, requestState == .body, head.framing != .none {
            output.append(contentsOf: Self.continueLine)
        }
    }

    private func deliverBody(_ bytes: UnsafeRawBufferPointer) {
        if isDiscardingBody {
            discardedBytes += bytes.count
            if discardedBytes > Self.maxDiscardedBytes {
                closeAfterFlush = true
                isReadingPaused = true
            }
            return
        }
        handler.onRequestBody(bytes, responder: HTTPResponder(connection: self, exchange: exchange))
    }

    private func endRequest() {
        requestState = .complete
        if isDiscardingBody {
            finishExchange()
            return
        }
        if case .complete = responseState {
            finishExchange()
            return
        }
        clearDeadline()
        handler.onRequestEnd(responder: HTTPResponder(connection: self, exchange: exchange))
    }

    private func rejectRequest(_ error: HTTPParseError) {
        owner.countRejected(error)
        // An error mid-body of an exchange whose response has started cannot be answered; just close.
        if case .streaming = responseState {
            close()
            return
        }
        if requestState == .body, case .complete = responseState {
            close()
            return
        }
        let aborted = requestState == .body
        let id = exchange
        requestState = .complete
        isReadingPaused = true
        if aborted {
            handler.onExchangeAborted(responder: HTTPResponder(connection: self, exchange: id))
        }
        exchange &+= 1
        responseState = .pending
        isHeadRequest = false
        willClose = true
        writeResponseHead(status: error.status, headers: [], contentLength: 0, reason: error.shortName)
        responseState = .complete
        closeAfterFlush = true
    }

    // MARK: Responding

    func respond(
        _ id: UInt64, status: Int, headers: [(name: String, value: String)], body: [UInt8], reason: String?
    ) {
        guard isActive(id), case .pending = responseState else { return }
        let hasBody = !isHeadRequest && status != 204 && status != 304
        writeResponseHead(status: status, headers: headers, contentLength: body.count, reason: reason)
        if hasBody {
            output.append(contentsOf: body)
        }
        completeResponse()
    }

    func writeHead(
        _ id: UInt64, status: Int, headers: [(name: String, value: String)], rawFields: [UInt8], contentLength: Int?
    ) {
        guard isActive(id), case .pending = responseState else { return }
        let chunked = contentLength == nil && !isHTTP10 && !isHeadRequest && status != 204 && status != 304
        if contentLength == nil, !chunked, !isHeadRequest {
            // Close-delimited body for an HTTP/1.0 client.
            willClose = true
        }
        writeResponseHead(
            status: status, headers: headers, contentLength: contentLength, reason: nil, chunked: chunked,
            rawFields: rawFields)
        responseState = .streaming(chunked: chunked)
        flushUnlessProcessing()
    }

    func writeBody(_ id: UInt64, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isActive(id), case .streaming(let chunked) = responseState else { return false }
        if !isHeadRequest, !bytes.isEmpty {
            if chunked {
                HTTPSerializer.appendChunk(bytes, to: &output)
            } else {
                output.append(contentsOf: bytes)
            }
        }
        flushUnlessProcessing()
        let isBelow = output.count - outputSent < configuration.outputHighWatermark
        isBackpressured = !isBelow
        return isBelow
    }

    func endResponse(_ id: UInt64) {
        guard isActive(id), case .streaming(let chunked) = responseState else { return }
        if chunked {
            HTTPSerializer.appendLastChunk(to: &output)
        }
        completeResponse()
    }

    func setReadingPaused(_ id: UInt64, _ paused: Bool) {
        guard id == exchange, !isClosed, isReadingPaused != paused else { return }
        isReadingPaused = paused
        if !paused {
            process()
            readAvailable()
        }
    }

    func abort(_ id: UInt64) {
        guard id == exchange else { return }
        close()
    }

    private func completeResponse() {
        responseState = .complete
        if requestState == .complete {
            finishExchange()
        } else {
            // Answered before the request body ended (a 413, say): read and drop the rest of it.
            isDiscardingBody = true
            if willClose {
                closeAfterFlush = true
                isReadingPaused = true
            }
        }
        flushUnlessProcessing()
    }

    private func finishExchange() {
        if willClose {
            closeAfterFlush = true
            isReadingPaused = true
            return
        }
        requestState = .idle
        responseState = .none
        isReadingPaused = false
        setDeadline(.idle, after: configuration.idleTimeout)
        if !buffer.isEmpty {
            requestState = .head
            setDeadline(.header, after: configuration.headerTimeout)
        }
        if !isProcessing {
            process()
            if mayHaveUnreadInput {
                readAvailable()
            }
        }
    }

    private func writeResponseHead(
        status: Int, headers: [(name: String, value: String)], contentLength: Int?, reason: String?,
        chunked: Bool = false, rawFields: [UInt8] = []
    ) {
        HTTPResponseHeadWriter.appendStatusLine(status, to: &output)
        HTTPResponseHeadWriter.appendField("date", owner.date(), to: &output)
        if let server = configuration.serverName {
            HTTPResponseHeadWriter.appendField("server", server, to: &output)
        }
        if let reason, let header = configuration.reasonHeader {
            HTTPResponseHeadWriter.appendField(header, reason, to: &output)
        }
        for (name, value) in headers {
            HTTPResponseHeadWriter.appendField(name, value, to: &output)
        }
        output.append(contentsOf: rawFields)
        if chunked {
            HTTPResponseHeadWriter.appendField("transfer-encoding", "chunked", to: &output)
        } else if let contentLength, status != 204, status != 304 || contentLength > 0, status >= 200 {
            HTTPResponseHeadWriter.appendContentLength(contentLength, to: &output)
        }
        if willClose {
            HTTPResponseHeadWriter.appendField("connection", "close", to: &output)
        } else if isHTTP10 {
            HTTPResponseHeadWriter.appendField("connection", "keep-alive", to: &output)
        }
        output.append(contentsOf: [13, 10])
    }

    // MARK: Writing

    /// Writes at the end of the loop's wake-up, so that a response produced in pieces (a proxied head and body)
    /// leaves in one system call; inside `process` the write happens when parsing ends.
    private func flushUnlessProcessing() {
        guard !isProcessing, !isFlushScheduled, !isClosed else { return }
        isFlushScheduled = true
        loop.flushLater(self)
    }

    func flushDeferred() {
        isFlushScheduled = false
        if !isClosed {
            flush()
        }
    }

    private func flush() {
        while outputSent < output.count {
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { bytes throws(SystemError) in
                    try socket.write(UnsafeRawBufferPointer(rebasing: bytes[outputSent...]))
                }
            } catch {
                close()
                return
            }
            switch result {
            case .done(let count):
                outputSent += count
            case .wouldBlock:
                setDeadline(.write, after: configuration.writeTimeout)
                return
            }
        }
        if output.capacity > 64 * 1024 {
            output = []
        } else {
            output.removeAll(keepingCapacity: true)
        }
        outputSent = 0
        if closeAfterFlush {
            close()
            return
        }
        if timeoutKind == .write {
            restoreDeadlineAfterWrite()
        }
        if isBackpressured {
            isBackpressured = false
            handler.onResponseWritable(responder: HTTPResponder(connection: self, exchange: exchange))
        }
    }

    private func restoreDeadlineAfterWrite() {
        switch requestState {
        case .idle: setDeadline(.idle, after: configuration.idleTimeout)
        case .head: setDeadline(.header, after: configuration.headerTimeout)
        case .body: setDeadline(.body, after: configuration.bodyTimeout)
        case .complete: clearDeadline()
        }
    }

    // MARK: Timeouts

    private func setDeadline(_ kind: TimeoutKind, after duration: Duration) {
        timeoutKind = kind
        // The timer's action holds the connection until `close` cancels it.
        deadline.set(loop.now + duration, on: loop) { self.onTimer() }
    }

    private func clearDeadline() {
        deadline.clear()
    }

    private func onTimer() {
        guard !isClosed, deadline.fired(on: loop, onFire: { self.onTimer() }) else { return }
        onTimeout(timeoutKind)
    }

    private func onTimeout(_ kind: TimeoutKind) {
        owner.countTimeout()
        switch kind {
        case .idle, .write:
            close()
        case .header, .body:
            let started: Bool
            switch responseState {
            case .none, .pending: started = false
            case .streaming, .complete: started = true
            }
            if started || (kind == .header && buffer.isEmpty && requestsServed == 0) {
                close()
                return
            }
            let id = exchange
            if requestState == .body {
                handler.onExchangeAborted(responder: HTTPResponder(connection: self, exchange: id))
            }
            exchange &+= 1
            responseState = .pending
            willClose = true
            isReadingPaused = true
            requestState = .complete
            writeResponseHead(status: 408, headers: [], contentLength: 0, reason: "request_timeout")
            responseState = .complete
            closeAfterFlush = true
            flush()
        }
    }

    // MARK: Closing

    /// Stops taking new requests: closes now if idle, otherwise after the current response.
    func drain() {
        isDraining = true
        if requestState == .idle, outputSent == output.count {
            close()
            return
        }
        if case .pending = responseState {
            willClose = true
        } else if case .none = responseState {
            close()
        }
    }

    func close() {
        guard !isClosed else { return }
        let wasActive = isActive(exchange) || requestState == .body
        isClosed = true
        deadline.cancel(on: loop)
        loop.deregister(socket.descriptor)
        let descriptor = socket.descriptor
        socket.close()
        if wasActive {
            handler.onExchangeAborted(responder: HTTPResponder(connection: self, exchange: exchange))
        }
        owner.connectionClosed(descriptor)
    }
}
