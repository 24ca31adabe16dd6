import Shared

/// Proxies the exchanges of one client connection: matches the route, answers by itself (direct responses,
/// redirects, errors) or forwards to an endpoint of the route's service and streams the response back.
///
/// Bodies stream both ways with backpressure: a request body is forwarded as it arrives (reading from the client
/// pauses while the upstream cannot take more), and reading the upstream's response pauses while the client is
/// slow to read it, so neither side is ever buffered whole.
final class ProxyHandler: HTTPServerHandler {
    private let state: ProxyLoop
    private var exchange: ProxyExchange?
    private var bodyBytes = 0
    private var startedAt = Instant(nanoseconds: 0)
    /// The client's address as text, made once per connection.
    private var cachedPeerHost: [UInt8]?
    /// The start of the access-log line of the exchange in progress, when the log is on.
    private var linePrefix: [UInt8]?
    private var routeName = ""

    init(state: ProxyLoop) {
        self.state = state
    }

    func onRequestHead(_ request: HTTPRequestView, responder: HTTPResponder) {
        state.statistics.requests.add(1, ordering: .relaxed)
        exchange = nil
        bodyBytes = 0
        startedAt = state.loop.now
        routeName = ""
        linePrefix = state.accessLog == nil ? nil : AccessLog.linePrefix(request, peerHost: peerHost(request.peer))
        guard let configuration = state.configuration else {
            reply(responder, 503, reason: "no_config")
            return
        }
        let host = Self.hostName(request.header("host") ?? "")
        let path = request.path
        let target = request.target
        let query = target.firstIndex(of: "?").map { target[target.index(after: $0)...] } ?? ""
        guard
            let match = configuration.routes.match(
                method: request.methodName, host: host, path: Substring(path), query: query,
                header: { Self.joinedHeader(request, named: $0) })
        else {
            reply(responder, 404, reason: "no_route")
            return
        }
        let route = match.route.spec
        routeName = match.route.name
        switch route.action {
        case .directResponse(let direct):
            responder.respond(
                status: direct.status, headers: [("content-type", direct.contentType)], body: Array(direct.body.utf8),
                reason: "direct_response")
            record(status: direct.status, reason: "direct_response")
        case .redirect(let redirect):
            let location = Self.location(redirect, host: host, path: path, query: query)
            responder.respond(status: redirect.status, headers: [("location", location)], reason: "redirect")
            record(status: redirect.status, reason: "redirect")
        case .service(let name):
            guard let service = configuration.services[name] else {
                reply(responder, 503, reason: "no_service")
                return
            }
            let forwarded = ProxyHandler.upstreamHead(
                request, route: route, target: Self.rewrittenTarget(route, match: match, path: path, query: query),
                peerHost: peerHost(request.peer), state: state)
            if let limit = state.maxBodyBytes, case .contentLength(let length) = request.head.framing, length > limit {
                reply(responder, 413, reason: "body_too_large")
                return
            }
            let stream: HTTPClientBodyStream
            switch request.head.framing {
            case .none: stream = HTTPClientBodyStream()
            case .contentLength(let length): stream = HTTPClientBodyStream(length: length)
            case .chunked, .untilClose: stream = HTTPClientBodyStream(length: nil)
            }
            stream.onWritable = { responder.resumeRequestBody() }
            let started = ProxyExchange(
                state: state, serviceName: name, service: service, route: route, method: request.methodName,
                head: forwarded, stream: stream, responder: responder, configuration: configuration,
                routeName: match.route.name, startedAt: startedAt, linePrefix: linePrefix,
                balancingKey: Self.balancingKey(service.spec, request: request))
            exchange = started
            started.start()
        }
    }

    func onRequestBody(_ bytes: UnsafeRawBufferPointer, responder: HTTPResponder) {
        guard let exchange else { return }
        bodyBytes += bytes.count
        if let limit = state.maxBodyBytes, bodyBytes > limit {
            exchange.clientWentAway()
            self.exchange = nil
            reply(responder, 413, reason: "body_too_large")
            return
        }
        if !exchange.stream.write(bytes) {
            responder.pauseRequestBody()
        }
    }

    func onRequestEnd(responder: HTTPResponder) {
        exchange?.stream.end()
    }

    func onResponseWritable(responder: HTTPResponder) {
        exchange?.stream.resumeResponse()
    }

    func onExchangeAborted(responder: HTTPResponder) {
        exchange?.clientWentAway()
        exchange = nil
    }

    private func peerHost(_ peer: SocketAddress) -> [UInt8] {
        if let cachedPeerHost {
            return cachedPeerHost
        }
        let host = Array(peer.host.utf8)
        cachedPeerHost = host
        return host
    }

    private func record(status: Int, reason: String?) {
        state.record(
            linePrefix: linePrefix, route: routeName, service: "", status: status, reason: reason,
            startedAt: startedAt)
    }

    private func reply(_ responder: HTTPResponder, _ status: Int, reason: String) {
        record(status: status, reason: reason)
        if status >= 500 {
            state.statistics.responses5xx.add(1, ordering: .relaxed)
        }
        responder.respond(
            status: status, headers: [("content-type", "text/plain")], body: Array("\(reason)\n".utf8), reason: reason)
    }

    /// The request line and fields to send upstream: the client's fields as bytes without hop-by-hop ones, then
    /// `x-forwarded-for` (the client appended), `x-forwarded-proto`, `x-forwarded-host`, `via`, an `x-request-id`
    /// when the client sent none, and the route's additions.
    static func upstreamHead(
        _ request: HTTPRequestView, route: RouteSpec, target: String?, peerHost: [UInt8], state: ProxyLoop
    ) -> [UInt8] {
        let bytes = request.bytes
        let head = request.head
        var output: [UInt8] = []
        output.reserveCapacity(head.headLength + 256)
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[head.methodRange]))
        output.append(UInt8(ascii: " "))
        if let target {
            output.append(contentsOf: target.utf8)
        } else {
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[head.targetRange]))
        }
        output.append(contentsOf: " HTTP/1.1\r\n".utf8)
        var forwardedFor: [UInt8] = []
        var hasRequestID = false
        ForwardedFields.append(head, bytes: bytes, removing: route.requestHeaders.remove, to: &output) { name in
            if HTTPHeaderName.matches(bytes, name, "x-forwarded-for") {
                return true
            }
            if HTTPHeaderName.matches(bytes, name, "x-request-id") {
                hasRequestID = true
            }
            return HTTPHeaderName.matches(bytes, name, "x-forwarded-proto")
                || HTTPHeaderName.matches(bytes, name, "x-forwarded-host")
        }
        for field in head.fields where field.hasName("x-forwarded-for", in: bytes) {
            if !forwardedFor.isEmpty {
                forwardedFor.append(contentsOf: ", ".utf8)
            }
            forwardedFor.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[field.value]))
        }
        if !forwardedFor.isEmpty {
            forwardedFor.append(contentsOf: ", ".utf8)
        }
        forwardedFor.append(contentsOf: peerHost)
        output.append(contentsOf: "x-forwarded-for: ".utf8)
        output.append(contentsOf: forwardedFor)
        output.append(contentsOf: "\r\nx-forwarded-proto: http\r\nvia: 1.1 gatehouse\r\n".utf8)
        if let host = head.hostRange {
            output.append(contentsOf: "x-forwarded-host: ".utf8)
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[host]))
            output.append(contentsOf: [13, 10])
        }
        if !hasRequestID {
            output.append(contentsOf: "x-request-id: ".utf8)
            state.appendRequestID(to: &output)
            output.append(contentsOf: [13, 10])
        }
        for (name, value) in route.requestHeaders.add.sorted(by: { $0.key < $1.key }) {
            ForwardedFields.append(name, value, to: &output)
        }
        return output
    }

    /// Every value of the fields named `name`, joined with `", "` as route conditions compare them; nil when there
    /// is none.
    static func joinedHeader(_ request: HTTPRequestView, named name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            var joined: String?
            for field in request.head.fields where request.equalsIgnoringCase(field.name, wanted) {
                let value = request.string(field.value)
                joined = joined.map { $0 + ", " + value } ?? value
            }
            return joined
        }
    }

    /// The hash of what ring hash and Maglev balance on; nil for other policies, and for a missing header
    /// (then the pick is random).
    static func balancingKey(_ spec: ServiceSpec, request: HTTPRequestView) -> UInt64? {
        guard spec.loadBalancing.policy.isHashing else { return nil }
        switch spec.loadBalancing.hashOn ?? .clientAddress {
        case .clientAddress:
            return BalancerKey.hash(clientAddress: request.peer)
        case .header(let name):
            guard let field = request.field(named: name) else { return nil }
            return BalancerKey.hash(bytes: UnsafeRawBufferPointer(rebasing: request.bytes[field.value]))
        }
    }

    /// The host without a port, lower-cased.
    static func hostName(_ header: String) -> String {
        var host = Substring(header)
        if host.hasPrefix("[") {
            if let end = host.firstIndex(of: "]") {
                host = host[...end]
            }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return host.lowercased()
    }

    static func rewrittenTarget(_ route: RouteSpec, match: RouteTable.Match, path: String, query: Substring) -> String?
    {
        guard let rewrite = route.rewrite else { return nil }
        var newPath: String
        switch rewrite {
        case .prefix(let replacement):
            guard case .prefix(let prefix)? = route.match.path else { return nil }
            let rest = path.dropFirst(prefix.count)
            // `/api` rewritten to `/` turns `/api/users` into `/users`, not `//users`.
            newPath =
                replacement.hasSuffix("/") && rest.hasPrefix("/") ? replacement + rest.dropFirst() : replacement + rest
            if newPath.isEmpty {
                newPath = "/"
            }
        case .template(let template):
            guard let parsed = try? PathTemplate(template) else { return nil }
            newPath = parsed.render(match.captures)
        }
        return query.isEmpty ? newPath : newPath + "?" + query
    }

    static func location(_ redirect: RouteAction.Redirect, host: String, path: String, query: Substring) -> String {
        if let location = redirect.location {
            return location
        }
        let scheme = redirect.scheme ?? "http"
        let target = (redirect.path ?? path) + (redirect.stripsQuery || query.isEmpty ? "" : "?" + query)
        return "\(scheme)://\(redirect.host ?? host)\(target)"
    }
}
