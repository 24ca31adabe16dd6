import Synchronization

@testable import Shared

/// The data-plane side of a control plane, in process: it answers a node's snapshot long-polls and records its
/// status reports, as `gatehouse control` does, from a registry the test edits directly.
///
/// Publishing does not validate, so a test can hand the proxy a snapshot it must refuse. Snapshot versions are
/// `CONFIG.GENERATION`, like the real control plane's: a publish raises the first number, an endpoint change the
/// second.
final class StandInControlPlane: Sendable {
    /// The node id the proxy must poll as.
    let node = "edge-1"
    /// The node token the proxy must present.
    let token = "node-token-for-tests"
    /// Where the API listens.
    let address: SocketAddress
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let state = Mutex(Registry())
    private let isStopped = Atomic<Bool>(false)

    private struct Endpoint {
        var address: SocketAddress
        var weight: Int
    }

    private struct Waiter {
        var id: Int
        var known: String?
        var responder: HTTPResponder
    }

    private struct Registry {
        var published: (number: Int, services: [String: String], routes: [String: String])?
        var endpoints: [String: [String: Endpoint]] = [:]
        var generation = 1
        var waiters: [Waiter] = []
        var nextWaiter = 0
        var reports: [JSONValue] = []
        var polls = 0

        var version: String? {
            published.map { "\($0.number).\(generation)" }
        }

        /// The snapshot the node gets now, as JSON text, or nil before the first publish.
        var snapshot: (version: String, body: [UInt8])? {
            guard let published, let version else { return nil }
            func object(_ members: [(String, String)]) -> String {
                "{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
            }
            var endpointLists: [(String, String)] = []
            for service in published.services.keys.sorted() {
                let entries = (endpoints[service] ?? [:]).sorted { $0.key < $1.key }.map { id, endpoint in
                    let host = endpoint.address.description.split(separator: ":")[0]
                    return #"{"id": "\#(id)", "address": "\#(host)", "port": \#(endpoint.address.port), "#
                        + #""weight": \#(endpoint.weight)}"#
                }
                endpointLists.append((service, "[" + entries.joined(separator: ", ") + "]"))
            }
            let text = object([
                ("version", "\"\(version)\""),
                ("config_version", "\(published.number)"),
                ("services", object(published.services.sorted { $0.key < $1.key })),
                ("endpoints", object(endpointLists)),
                ("routes", object(published.routes.sorted { $0.key < $1.key })),
                ("generated_at", "\"2026-01-01T00:00:00Z\""),
            ])
            return (version, Array(text.utf8))
        }
    }

    init() throws {
        group = try EventLoopGroup(count: 1)
        let owner = Owner()
        server = try HTTPServer(group: group, address: SocketAddress(host: "127.0.0.1", port: 0)!) { _ in
            BufferedHTTPHandler { request, responder in
                guard let plane = owner.plane else {
                    responder.respond(status: 503)
                    return
                }
                plane.handle(request, responder)
            }
        }
        address = server.localAddress
        owner.plane = self
    }

    /// Lets the server's handlers reach the stand-in without keeping it alive.
    private final class Owner: Sendable {
        private let reference = Mutex<Reference>(Reference())

        private struct Reference {
            weak var plane: StandInControlPlane?
        }

        var plane: StandInControlPlane? {
            get { reference.withLock { $0.plane } }
            set { reference.withLock { $0.plane = newValue } }
        }
    }

    // MARK: Editing the registry

    /// Publishes a configuration made of `services` and `routes` (JSON objects by name), replacing the last one.
    ///
    /// - Returns: the snapshot version the node will get.
    @discardableResult
    func publish(services: [String: String], routes: [String: String]) -> String {
        change { registry in
            let number = (registry.published?.number ?? 0) + 1
            registry.published = (number, services, routes)
        }
    }

    /// Registers (or moves) an endpoint of `service`; it reaches the node without a publish.
    @discardableResult
    func putEndpoint(_ service: String, id: String, at address: SocketAddress, weight: Int = 1) -> String {
        change { registry in
            registry.endpoints[service, default: [:]][id] = Endpoint(address: address, weight: weight)
            registry.generation += 1
        }
    }

    /// Removes an endpoint of `service`; the change reaches the node without a publish.
    @discardableResult
    func removeEndpoint(_ service: String, id: String) -> String {
        change { registry in
            registry.endpoints[service]?[id] = nil
            registry.generation += 1
        }
    }

    /// The status reports received, oldest first.
    var reports: [JSONValue] { state.withLock { $0.reports } }

    /// The snapshot polls received.
    var polls: Int { state.withLock { $0.polls } }

    /// Answers held polls with 304, then stops listening: from now on the node cannot connect.
    func stop() {
        guard !isStopped.exchange(true, ordering: .relaxed) else { return }
        let waiters = state.withLock { registry in
            defer { registry.waiters = [] }
            return registry.waiters
        }
        for waiter in waiters {
            waiter.responder.loop.execute { waiter.responder.respond(status: 304) }
        }
        server.stop(grace: .seconds(1))
        group.shutdown()
    }

    private func change(_ edit: (inout Registry) -> Void) -> String {
        let (version, ready) = state.withLock { registry in
            edit(&registry)
            let current = registry.snapshot
            var ready: [(Waiter, [UInt8])] = []
            registry.waiters.removeAll { waiter in
                guard let current, current.version != waiter.known else { return false }
                ready.append((waiter, current.body))
                return true
            }
            return (registry.version ?? "", ready)
        }
        for (waiter, body) in ready {
            waiter.responder.loop.execute { Self.answer(waiter.responder, version: version, body: body) }
        }
        return version
    }

    // MARK: Serving

    private func handle(_ request: HTTPRequest, _ responder: HTTPResponder) {
        guard request.header("authorization") == "Bearer \(token)" else {
            responder.respond(status: 401)
            return
        }
        switch (request.method, String(request.path)) {
        case ("GET", "/v1/nodes/\(node)/snapshot"):
            poll(request, responder)
        case ("PUT", "/v1/nodes/\(node)/status"):
            let report = try? ConfigDecoder.parse(request.body)
            state.withLock { $0.reports.append(report ?? .null) }
            responder.respond(status: report == nil ? 400 : 204)
        default:
            responder.respond(status: 404)
        }
    }

    private func poll(_ request: HTTPRequest, _ responder: HTTPResponder) {
        let known = request.header("if-none-match").map { String($0.filter { $0 != "\"" }) }
        var wait = 1
        if let prefer = request.header("prefer"), prefer.hasPrefix("wait="), let seconds = Int(prefer.dropFirst(5)) {
            wait = min(seconds, 5)
        }
        let (current, id) = state.withLock { registry in
            registry.polls += 1
            if let current = registry.snapshot, current.version != known {
                return (Optional(current), 0)
            }
            registry.nextWaiter += 1
            registry.waiters.append(Waiter(id: registry.nextWaiter, known: known, responder: responder))
            return (nil, registry.nextWaiter)
        }
        if let current {
            Self.answer(responder, version: current.version, body: current.body)
            return
        }
        _ = responder.loop.schedule(after: .seconds(Int64(wait))) { [weak self] in
            let waiter = self?.state.withLock { registry in
                registry.waiters.firstIndex { $0.id == id }.map { registry.waiters.remove(at: $0) }
            }
            guard let waiter else { return }
            var headers: [(name: String, value: String)] = []
            if let known = waiter.known {
                headers.append(("etag", "\"\(known)\""))
            }
            waiter.responder.respond(status: 304, headers: headers)
        }
    }

    private static func answer(_ responder: HTTPResponder, version: String, body: [UInt8]) {
        responder.respond(
            status: 200, headers: [("content-type", "application/json"), ("etag", "\"\(version)\"")], body: body)
    }
}
