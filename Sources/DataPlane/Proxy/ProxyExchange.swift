import Shared

/// One request forwarded to a service: picks an endpoint, retries connect failures and resets on another one
/// (as the service's retry policy allows, and only before any response byte was relayed), and streams the
/// response back to the client.
final class ProxyExchange: HTTPClientDelegate {
    private let state: ProxyLoop
    private let serviceName: String
    private let service: ProxyConfiguration.Service
    private let route: RouteSpec
    var request: HTTPRequest
    private let responder: HTTPResponder
    private var attempt = 0
    private var endpoint: SocketAddress?
    private var hasRelayedHead = false
    private var isFinished = false

    /// Hop-by-hop fields (RFC 9110 §7.6.1), never forwarded.
    private static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
        "proxy-authenticate", "proxy-authorization", "content-length",
    ]

    init(
        state: ProxyLoop, serviceName: String, service: ProxyConfiguration.Service, route: RouteSpec,
        request: HTTPRequest, responder: HTTPResponder
    ) {
        self.state = state
        self.serviceName = serviceName
        self.service = service
        self.route = route
        self.request = request
        self.responder = responder
    }

    /// Sends the request to the first endpoint.
    func start() {
        send(excluding: nil)
    }

    private func send(excluding excluded: SocketAddress?) {
        guard let chosen = state.pickEndpoint(serviceName, service: service, excluding: excluded) else {
            fail(status: 503, reason: "no_healthy_endpoint")
            return
        }
        endpoint = chosen
        attempt += 1
        state.client.execute(upstreamRequest(), to: chosen, delegate: self)
    }

    private func upstreamRequest() -> HTTPClientRequest {
        var connectionTokens: Set<String> = []
        for (name, value) in request.headers where name.lowercased() == "connection" {
            for token in value.split(separator: ",") {
                connectionTokens.insert(token.trimmingSpaces().lowercased())
            }
        }
        let removed = Set(route.requestHeaders.remove.map { $0.lowercased() })
        var headers: [(name: String, value: String)] = []
        var forwardedFor: String?
        for (name, value) in request.headers {
            let lower = name.lowercased()
            if Self.hopByHop.contains(lower) || connectionTokens.contains(lower) || removed.contains(lower) {
                continue
            }
            if lower == "x-forwarded-for" {
                forwardedFor = forwardedFor.map { "\($0), \(value)" } ?? value
                continue
            }
            headers.append((name, value))
        }
        let client = request.peer.host
        headers.append(("x-forwarded-for", forwardedFor.map { "\($0), \(client)" } ?? client))
        headers.append(("x-forwarded-proto", "http"))
        for (name, value) in route.requestHeaders.add.sorted(by: { $0.key < $1.key }) {
            headers.append((name, value))
        }
        let timeouts = service.spec.timeouts
        var upstream = HTTPClientRequest(
            method: request.method, target: request.target, headers: headers,
            body: request.body.isEmpty && !Self.hasBody(request) ? nil : request.body)
        upstream.connectTimeout = .milliseconds(timeouts.connectMilliseconds)
        upstream.responseTimeout = .milliseconds(route.requestTimeoutMilliseconds ?? timeouts.requestMilliseconds)
        return upstream
    }

    private static func hasBody(_ request: HTTPRequest) -> Bool {
        request.header("content-length") != nil || request.header("transfer-encoding") != nil
    }

    // MARK: Upstream events

    func onResponseHead(_ head: HTTPHead, bytes: UnsafeRawBufferPointer) {
        guard !isFinished, responder.isActive else { return }
        hasRelayedHead = true
        var removed = Set(route.responseHeaders.remove.map { $0.lowercased() })
        for field in head.fields {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.name]), as: UTF8.self)
            guard name.lowercased() == "connection" else { continue }
            // Fields the upstream names in `Connection` are hop-by-hop too (RFC 9110 §7.6.1).
            let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.value]), as: UTF8.self)
            for token in value.split(separator: ",") {
                removed.insert(token.trimmingSpaces().lowercased())
            }
        }
        var headers: [(name: String, value: String)] = []
        for field in head.fields {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.name]), as: UTF8.self)
            let lower = name.lowercased()
            guard !Self.hopByHop.contains(lower), !removed.contains(lower), lower != "date" else { continue }
            headers.append(
                (name, String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.value]), as: UTF8.self)))
        }
        for (name, value) in route.responseHeaders.add.sorted(by: { $0.key < $1.key }) {
            headers.append((name, value))
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
        responder.writeHead(status: head.status, headers: headers, contentLength: length)
    }

    func onResponseBody(_ bytes: UnsafeRawBufferPointer) {
        guard !isFinished else { return }
        responder.writeBody(bytes)
    }

    func onResponseEnd() {
        guard !isFinished else { return }
        isFinished = true
        responder.end()
    }

    func onFailure(_ error: HTTPClientError) {
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
            || (error.reason == .connectionClosed && conditions.contains(.reset))
            || (error.reason == .responseTimeout && conditions.contains(.timeout))
        let retries = route.retryAttempts ?? service.spec.retries.attempts
        if retryable, attempt <= retries, responder.isActive {
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

    /// The client went away: the upstream answer, when it comes, is dropped.
    func clientWentAway() {
        isFinished = true
    }

    private func fail(status: Int, reason: String) {
        isFinished = true
        state.statistics.gatewayResponses.add(1, ordering: .relaxed)
        if status >= 500 {
            state.statistics.responses5xx.add(1, ordering: .relaxed)
        }
        responder.respond(
            status: status, headers: [("content-type", "text/plain")], body: Array("\(reason)\n".utf8), reason: reason)
    }
}
