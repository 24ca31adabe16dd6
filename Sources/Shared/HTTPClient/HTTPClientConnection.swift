/// One pooled connection of an ``HTTPClient`` to an endpoint. Serves one exchange at a time.
final class HTTPClientConnection: EventHandler {
    private enum State { case connecting, busy, idle, closed }
    private enum TimeoutKind { case connect, response, idle }

    private let pool: HTTPClientPool
    private var loop: EventLoop { pool.loop }
    private var socket: Socket?
    private var state = State.connecting
    private var exchange: HTTPClientExchange?
    private var parser: HTTPParser
    private let buffer = ReadBuffer(capacity: 4096)
    private var output: [UInt8] = []
    private var outputSent = 0
    private var hasResponseBytes = false
    private var hasUsedBefore = false
    private var isResponseKeepAlive = true
    private var isProcessing = false
    private var isInformational = false
    private var isRequestBodyComplete = true
    private var isResponsePaused = false

    private var deadline = DeadlineTimer()
    private var timeoutKind = TimeoutKind.connect

    init(pool: HTTPClientPool) {
        self.pool = pool
        self.parser = HTTPParser(kind: .response, limits: pool.configuration.limits)
    }

    /// Whether an idle connection can take a request: still open and nothing arrived while idle.
    var isReusable: Bool { state == .idle && socket != nil }

    // MARK: Connecting

    func connect(then first: HTTPClientExchange) {
        exchange = first
        do {
            let (socket, isConnected) = try Socket.connect(to: pool.endpoint)
            self.socket = socket
            try loop.register(socket.descriptor, handler: self)
            if isConnected {
                onConnected()
            } else {
                setDeadline(.connect, after: first.request.connectTimeout ?? pool.configuration.connectTimeout)
            }
        } catch {
            fail(HTTPClientError(.connectFailed, detail: "\(error)"))
        }
    }

    private func onConnected() {
        state = .busy
        guard let exchange else { return }
        start(exchange)
    }

    // MARK: Sending

    func send(_ next: HTTPClientExchange) {
        hasUsedBefore = true
        state = .busy
        start(next)
    }

    private func start(_ next: HTTPClientExchange) {
        exchange = next
        hasResponseBytes = false
        isResponseKeepAlive = true
        parser.expectResponse(toMethod: next.request.parsedMethod)
        guard serialize(next.request) else {
            // Nothing was sent: the connection stays good for the next request.
            output.removeAll(keepingCapacity: true)
            exchange = nil
            state = .idle
            pool.release(self)
            next.delegate.onFailure(HTTPClientError(.invalidRequest, detail: "method or target is not valid HTTP"))
            return
        }
        setDeadline(.response, after: next.request.responseTimeout ?? pool.configuration.responseTimeout)
        next.request.bodyStream?.attach(self)
        flush()
    }

    // MARK: Streamed request bodies

    /// Appends a piece of a streamed body and writes what it can; returns the bytes still waiting to be written.
    func writeBodyPiece(_ bytes: UnsafeRawBufferPointer, chunked: Bool) -> Int {
        guard state == .busy else { return 0 }
        if chunked {
            HTTPSerializer.appendChunk(bytes, to: &output)
        } else {
            output.append(contentsOf: bytes)
        }
        flush()
        return output.count - outputSent
    }

    /// Ends a streamed body.
    func endBody(chunked: Bool) {
        guard state == .busy, !isRequestBodyComplete else { return }
        if chunked {
            HTTPSerializer.appendLastChunk(to: &output)
        }
        isRequestBodyComplete = true
        flush()
    }

    /// Stops or resumes reading the response, for a caller whose own client is slow.
    func setResponsePaused(_ paused: Bool) {
        guard isResponsePaused != paused else { return }
        isResponsePaused = paused
        if !paused, state == .busy {
            process()
            readAvailable()
        }
    }

    /// Appends the request to the output; false when its method or target cannot be sent.
    private func serialize(_ request: HTTPClientRequest) -> Bool {
        if let head = request.serializedHead {
            output.append(contentsOf: head)
            appendBody(request.body, stream: request.bodyStream)
            return true
        }
        guard HTTPSerializer.appendRequestLine(method: request.method, target: request.target, to: &output) else {
            return false
        }
        var hasHost = false
        for (name, value) in request.headers {
            if name.utf8.count == 4, name.lowercased() == "host" {
                hasHost = true
            }
            HTTPResponseHeadWriter.appendField(name, value, to: &output)
        }
        if !hasHost {
            HTTPResponseHeadWriter.appendField("host", pool.endpoint.description, to: &output)
        }
        appendBody(request.body, stream: request.bodyStream)
        return true
    }

    /// Ends the head, with a `content-length` when there is a body (or `transfer-encoding: chunked` for a
    /// streamed body of unknown length), and appends the body.
    private func appendBody(_ body: [UInt8]?, stream: HTTPClientBodyStream?) {
        if let stream, stream.isBodyless {
            output.append(contentsOf: [13, 10])
            isRequestBodyComplete = true
            return
        }
        if let stream {
            if let length = stream.length {
                HTTPResponseHeadWriter.appendContentLength(length, to: &output)
            } else {
                output.append(contentsOf: "transfer-encoding: chunked\r\n".utf8)
            }
            output.append(contentsOf: [13, 10])
            isRequestBodyComplete = false
            return
        }
        isRequestBodyComplete = true
        if let body {
            HTTPResponseHeadWriter.appendContentLength(body.count, to: &output)
            output.append(contentsOf: [13, 10])
            output.append(contentsOf: body)
        } else {
            output.append(contentsOf: [13, 10])
        }
    }

    private func flush() {
        guard let socket else { return }
        while outputSent < output.count {
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { bytes throws(SystemError) in
                    try socket.write(UnsafeRawBufferPointer(rebasing: bytes[outputSent...]))
                }
            } catch {
                fail(HTTPClientError(.connectionClosed, detail: "\(error)"))
                return
            }
            switch result {
            case .done(let count): outputSent += count
            case .wouldBlock: return
            }
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputSent = 0
        exchange?.request.bodyStream?.connectionDrained()
    }

    // MARK: Events

    func onEvents(_ events: IOEvents) {
        switch state {
        case .closed:
            return
        case .connecting:
            guard events.contains(.writable) || events.contains(.hangup) else { return }
            if let error = socket?.connectionResult() {
                fail(HTTPClientError(.connectFailed, detail: "\(error)"))
                return
            }
            onConnected()
        case .idle:
            // The peer closed the idle connection or sent bytes nobody asked for: it cannot be reused.
            close()
        case .busy:
            if events.contains(.writable), outputSent < output.count {
                flush()
            }
            if events.contains(.readable) {
                readAvailable(hasHangup: events.contains(.hangup))
            }
        }
    }

    /// Reads until the socket is drained.
    ///
    /// - Parameter hasHangup: the event said the peer closed; then a short read is not enough to know the end of
    ///   stream was seen, so reading goes on until it returns 0 or would block.
    private func readAvailable(hasHangup: Bool = false) {
        guard let socket else { return }
        while state == .busy, !isResponsePaused {
            // The head limit bounds growth: the parser fails before a head outgrows it.
            guard buffer.makeRoom(growingUpTo: pool.configuration.limits.maxHeadBytes + 1024) else {
                fail(HTTPClientError(.malformedResponse, detail: "response head over the limit"))
                return
            }
            let space = buffer.freeSpace.count
            let result: IOResult<Int>
            do {
                result = try buffer.fill(from: socket)
            } catch {
                fail(HTTPClientError(.connectionClosed, detail: "\(error)"))
                return
            }
            switch result {
            case .wouldBlock:
                return
            case .done(0):
                onEndOfInput()
                return
            case .done(let count):
                hasResponseBytes = true
                process()
                if count < space, !hasHangup {
                    // A short read drained the socket; the next arrival raises a new edge.
                    return
                }
            }
        }
    }

    private func process() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while state == .busy, !isResponsePaused {
            let base = buffer.readIndex
            let step = parser.parse(buffer.unread)
            buffer.readIndex += step.consumed
            switch step.event {
            case .needMore:
                return
            case .head(let head):
                guard head.status >= 200 else {
                    isInformational = true
                    continue
                }
                isResponseKeepAlive = head.isKeepAlive
                let bytes = buffer.bytes(base..<(base + head.headLength))
                exchange?.delegate.onResponseHead(head, bytes: bytes)
            case .body(let range):
                let bytes = buffer.bytes((base + range.lowerBound)..<(base + range.upperBound))
                exchange?.delegate.onResponseBody(bytes)
            case .end:
                if isInformational {
                    // The end of a 1xx response; the final one follows.
                    isInformational = false
                    continue
                }
                complete()
                return
            case .error(let error):
                fail(HTTPClientError(.malformedResponse, detail: "\(error.shortName)"))
                return
            }
        }
    }

    private func onEndOfInput() {
        if let event = parser.finish(), event == .end {
            complete()
            close()
            return
        }
        fail(HTTPClientError(.connectionClosed, detail: "the peer closed the connection"))
    }

    private func complete() {
        guard let finished = exchange else { return }
        exchange = nil
        deadline.clear()
        finished.request.bodyStream?.detach()
        // A response that ended before the request body did leaves the connection mid-request: not reusable.
        let reusable =
            isResponseKeepAlive && buffer.isEmpty && outputSent == output.count && isRequestBodyComplete
        if reusable {
            state = .idle
        } else {
            close()
        }
        finished.delegate.onResponseEnd()
        if state == .idle {
            pool.release(self)
        }
    }

    // MARK: Idle and failure

    func becomeIdle() {
        state = .idle
        setDeadline(.idle, after: pool.configuration.idleTimeout)
    }

    private func fail(_ error: HTTPClientError) {
        let failed = exchange
        exchange = nil
        let wasReused = hasUsedBefore
        // A streamed body already handed to this connection cannot be sent again.
        let isBodyGone = failed?.request.bodyStream?.isCommitted ?? false
        failed?.request.bodyStream?.detach()
        let canRetry = !hasResponseBytes && wasReused && error.reason == .connectionClosed && !isBodyGone
        close()
        guard var failed else { return }
        if canRetry, !failed.isRetry, failed.request.isIdempotent {
            // The pooled connection was closed by the peer while idle; the request never reached a live
            // server, so a fresh connection may carry it once.
            failed.isRetry = true
            pool.submit(failed)
            return
        }
        failed.delegate.onFailure(error)
    }

    func close() {
        guard state != .closed else { return }
        let pending = exchange
        exchange = nil
        pending?.request.bodyStream?.detach()
        state = .closed
        deadline.cancel(on: loop)
        if let socket {
            loop.deregister(socket.descriptor)
            socket.close()
        }
        socket = nil
        pool.connectionClosed(self)
        pending?.delegate.onFailure(HTTPClientError(.cancelled, detail: "connection closed"))
    }

    // MARK: Timeouts

    private func setDeadline(_ kind: TimeoutKind, after duration: Duration) {
        timeoutKind = kind
        // The timer's action holds the connection until `close` cancels it.
        deadline.set(loop.now + duration, on: loop) { self.onTimer() }
    }

    private func onTimer() {
        guard state != .closed, deadline.fired(on: loop, onFire: { self.onTimer() }) else { return }
        switch timeoutKind {
        case .connect: fail(HTTPClientError(.connectTimeout, detail: "\(pool.endpoint)"))
        case .response: fail(HTTPClientError(.responseTimeout, detail: "\(pool.endpoint)"))
        case .idle: close()
        }
    }
}
