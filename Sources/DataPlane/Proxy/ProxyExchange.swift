import Shared

/// One request forwarded to a service: picks an endpoint, retries connect failures and resets on another one
/// (as the service's retry policy allows, and only before any response byte was relayed), and streams the
/// response back to the client.
final class ProxyExchange: HTTPClientDelegate {
    private let state: ProxyLoop
    private let serviceName: String
    private let service: ProxyConfiguration.Service
    private let route: RouteSpec
    private let method: String
    private let head: [UInt8]
    /// The request body as it arrives, and the switch that pauses the upstream's response.
    let stream: HTTPClientBodyStream
    private let responder: HTTPResponder
    private var attempt = 0
    private var endpoint: SocketAddress?
    private var endpointIndex: Int?
    private let routeName: String
    private let startedAt: Instant
    private let linePrefix: [UInt8]?
    private var status = 0
    /// The configuration the request started with, for in-flight accounting.
    private let configuration: ProxyConfiguration
    /// The hash of the balancing key (ring hash, Maglev), computed once and kept for retries.
    private let balancingKey: UInt64?
    private var hasRelayedHead = false
    private var isFinished = false

    init(
        state: ProxyLoop, serviceName: String, service: ProxyConfiguration.Service, route: RouteSpec,
        method: String, head: [UInt8], stream: HTTPClientBodyStream, responder: HTTPResponder,
        configuration: ProxyConfiguration, routeName: String, startedAt: Instant, linePrefix: [UInt8]?,
        balancingKey: UInt64?
    ) {
        self.linePrefix = linePrefix
        self.routeName = routeName
        self.startedAt = startedAt
        self.configuration = configuration
        self.balancingKey = balancingKey
        self.state = state
        self.serviceName = serviceName
        self.service = service
        self.route = route
        self.method = method
        self.head = head
        self.stream = stream
        self.responder = responder
    }

    /// Sends the request to the first endpoint.
    func start() {
        send(excluding: nil)
    }

    /// When the whole request, retries included, must be done.
    private var deadline: Instant {
        startedAt + .milliseconds(route.requestTimeoutMilliseconds ?? service.spec.timeouts.requestMilliseconds)
    }

    private func send(excluding excluded: SocketAddress?) {
        guard state.loop.now < deadline else {
            fail(status: 504, reason: "upstream_timeout")
            return
        }
        guard let chosen = state.pickEndpoint(serviceName, service: service, key: balancingKey, excluding: excluded)
        else {
            fail(status: 503, reason: "no_healthy_endpoint")
            return
        }
        endpoint = chosen.address
        endpointIndex = chosen.index
        attempt += 1
        state.client.execute(upstreamRequest(), to: chosen.address, delegate: self)
    }

    /// The current try ended: it no longer counts as in flight for least-request balancing.
    private func tryEnded() {
        if let index = endpointIndex {
            state.finished(serviceName, index: index, configuration: configuration)
            endpointIndex = nil
        }
    }

    private func upstreamRequest() -> HTTPClientRequest {
        let timeouts = service.spec.timeouts
        var upstream = HTTPClientRequest(method: method, target: "")
        upstream.serializedHead = head
        upstream.bodyStream = stream
        upstream.connectTimeout = .milliseconds(timeouts.connectMilliseconds)
        // Each try gets the per-try timeout when one is set, and never more than what is left of the request's.
        let remaining = deadline - state.loop.now
        if let perTry = service.spec.retries.perTryTimeoutMilliseconds {
            upstream.responseTimeout = min(.milliseconds(perTry), remaining)
        } else {
            upstream.responseTimeout = remaining
        }
        return upstream
    }

    // MARK: Upstream events

    func onResponseHead(_ head: HTTPHead, bytes: UnsafeRawBufferPointer) {
        guard !isFinished, responder.isActive else { return }
        hasRelayedHead = true
        var fields: [UInt8] = []
        fields.reserveCapacity(head.headLength)
        ForwardedFields.append(head, bytes: bytes, removing: route.responseHeaders.remove, to: &fields) { name in
            HTTPHeaderName.matches(bytes, name, "date")
        }
        for (name, value) in route.responseHeaders.add.sorted(by: { $0.key < $1.key }) {
            ForwardedFields.append(name, value, to: &fields)
        }
        var length: Int?
        switch head.framing {
        case .contentLength(let count): length = count
        case .none: length = 0
        case .chunked, .untilClose: length = nil
        }
        if head.status >= 500 {
            state.statistics.responses5xx.add(1, ordering: .relaxed)
        }
        status = head.status
        responder.writeHead(status: head.status, rawFields: fields, contentLength: length)
    }

    func onResponseBody(_ bytes: UnsafeRawBufferPointer) {
        guard !isFinished else { return }
        if !responder.writeBody(bytes) {
            // The client reads slower than the upstream sends: stop reading the upstream until it catches up.
            stream.pauseResponse()
        }
    }

    func onResponseEnd() {
        tryEnded()
        guard !isFinished else { return }
        isFinished = true
        record(status: status, reason: nil)
        responder.end()
    }

    func onFailure(_ error: HTTPClientError) {
        tryEnded()
        state.metrics.upstreamFailed(service: serviceName, reason: error.shortName)
        guard !isFinished else { return }
        if hasRelayedHead {
            // The response has begun: it cannot be replaced by an error, only cut.
            isFinished = true
            responder.abort()
            return
        }
        let conditions = service.spec.retries.conditions
        let isConnectFailure = error.reason == .connectFailed || error.reason == .connectTimeout
        let retryable =
            (isConnectFailure && conditions.contains(.connectFailure))
            || (error.reason == .connectionClosed && conditions.contains(.reset) && Self.isIdempotent(method))
            || (error.reason == .responseTimeout && conditions.contains(.timeout))
        let retries = route.retryAttempts ?? service.spec.retries.attempts
        // A body already handed to a connection is gone; a request without one can always go again.
        let canResend = stream.isBodyless || !stream.isCommitted
        if retryable, canResend, attempt <= retries, responder.isActive {
            send(excluding: endpoint)
            return
        }
        switch error.reason {
        case .connectFailed: fail(status: 502, reason: "connect_failure")
        case .connectTimeout: fail(status: 504, reason: "connect_timeout")
        case .responseTimeout: fail(status: 504, reason: "upstream_timeout")
        case .connectionClosed: fail(status: 502, reason: "upstream_reset")
        case .malformedResponse: fail(status: 502, reason: "bad_upstream_response")
        case .overflow: fail(status: 503, reason: "overflow")
        case .invalidRequest: fail(status: 400, reason: "bad_request")
        case .cancelled: fail(status: 502, reason: "upstream_cancelled")
        }
    }

    /// Whether a request with `method` may be sent twice (RFC 9110 §9.2.2).
    static func isIdempotent(_ method: String) -> Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"].contains(method)
    }

    /// The client went away: the upstream answer, when it comes, is dropped.
    func clientWentAway() {
        isFinished = true
        stream.resumeResponse()
    }

    private func record(status: Int, reason: String?) {
        state.record(
            linePrefix: linePrefix, route: routeName, service: serviceName, status: status, reason: reason,
            startedAt: startedAt)
    }

    private func fail(status: Int, reason: String) {
        isFinished = true
        record(status: status, reason: reason)
        if status >= 500 {
            state.statistics.responses5xx.add(1, ordering: .relaxed)
        }
        responder.respond(
            status: status, headers: [("content-type", "text/plain")], body: Array("\(reason)\n".utf8), reason: reason)
    }
}
