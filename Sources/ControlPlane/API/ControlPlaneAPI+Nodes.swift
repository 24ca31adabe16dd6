import Shared

/// The data-plane protocol (snapshot long-poll and status report) and the node inventory.
extension ControlPlaneAPI {
    func addNodeRoutes() {
        add("GET", "/v1/nodes", .read) { api, call in try api.listNodes(call) }
        add("GET", "/v1/nodes/{node}/snapshot", .node) { api, call in try api.pollSnapshot(call) }
        add("PUT", "/v1/nodes/{node}/status", .node) { api, call in try api.reportStatus(call) }
    }

    // MARK: Snapshot polls

    /// Answers at once when the node's snapshot differs from the one it holds, otherwise holds the poll until it
    /// changes or the wait ends (then 304).
    private func pollSnapshot(_ call: APICall) throws -> APIResponse? {
        let node = call.capture("node")
        if let problem = ResourceName.endpointIDProblem(node) {
            throw APIProblem.badRequest("invalid node id", errors: [.init(field: "node", reason: problem)])
        }
        recordPoll(node: node, request: call.request, now: call.now)
        let known = call.request.header("if-none-match").map(Self.unquotedTag)
        if let current = try snapshot(for: node), current.version != known {
            return snapshotResponse(current)
        }
        let wait = waitDuration(call.request.header("prefer"))
        waiters.add(node: node, known: known, responder: call.responder, wait: wait, on: loop) { [weak self] id in
            self?.waiterTimedOut(id)
        }
        return nil
    }

    private func snapshotResponse(_ snapshot: SnapshotCache.Entry) -> APIResponse {
        APIResponse(
            status: 200,
            headers: [("content-type", APIResponse.jsonType), ("etag", "\"\(snapshot.version)\"")],
            body: snapshot.bytes)
    }

    private func waiterTimedOut(_ id: Int) {
        guard let waiter = waiters.remove(id) else { return }
        var headers: [(name: String, value: String)] = []
        if let known = waiter.known {
            headers.append(("etag", "\"\(known)\""))
        }
        metrics.countRequest(route: "/v1/nodes/{node}/snapshot", status: 304)
        waiter.responder.respond(status: 304, headers: headers)
    }

    /// Answers every waiting poll whose node's snapshot changed.
    func wakeWaiters() {
        // Read what every waiter's snapshot depends on once, not once per waiter.
        let context: SnapshotContext
        do {
            let pinned = try store.nodes().reduce(into: [String: Int]()) { $0[$1.node] = $1.desiredVersion }
            context = SnapshotContext(
                latest: try store.latestVersion()?.version, generation: try store.endpointGeneration(), pinned: pinned)
        } catch {
            logger.error("waking polls failed", metadata: ["error": "\(error)"])
            return
        }
        for (id, waiter) in waiters.all {
            guard waiter.responder.isActive else {
                waiters.remove(id)
                continue
            }
            guard let current = try? snapshot(for: waiter.node, context: context), current.version != waiter.known
            else { continue }
            waiters.remove(id)
            loop.cancel(waiter.timer)
            metrics.countRequest(route: "/v1/nodes/{node}/snapshot", status: 200)
            let response = snapshotResponse(current)
            waiter.responder.respond(status: 200, headers: response.headers, body: response.body)
        }
    }

    /// The wait a poll asked for with `Prefer: wait=N`, capped, plus jitter of up to a sixteenth of it so that
    /// nodes that polled together do not come back together.
    private func waitDuration(_ prefer: String?) -> Duration {
        var seconds = configuration.defaultWait.milliseconds / 1000
        if let prefer {
            for preference in prefer.split(separator: ",") {
                let parts = preference.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces().lowercased() == "wait",
                    let value = Int64(parts[1].trimmingSpaces()), value >= 0
                {
                    seconds = value
                }
            }
        }
        let capped = min(seconds, configuration.maxWait.milliseconds / 1000) * 1000
        let jitter = capped >= 16 ? Int64.random(in: 0...(capped / 16)) : 0
        return .milliseconds(capped + jitter)
    }

    static func unquotedTag(_ header: String) -> String {
        var tag = Substring(header.trimmingSpaces())
        if tag.hasPrefix("W/") {
            tag = tag.dropFirst(2)
        }
        if tag.count >= 2, tag.hasPrefix("\""), tag.hasSuffix("\"") {
            tag = tag.dropFirst().dropLast()
        }
        return String(tag)
    }

    /// The snapshot the node should run: its desired version (the newest when none is set) with the current
    /// endpoints; nil before anything was published.
    func snapshot(for node: String) throws -> SnapshotCache.Entry? {
        let context = SnapshotContext(
            latest: try store.latestVersion()?.version, generation: try store.endpointGeneration(),
            pinned: try store.desiredVersion(node: node).map { [node: $0] } ?? [:])
        return try snapshot(for: node, context: context)
    }

    /// What the snapshots of many nodes depend on, read once.
    struct SnapshotContext {
        /// The newest published version.
        var latest: Int?
        /// The endpoint generation.
        var generation: Int64
        /// Desired versions of nodes pinned to one (during a rollout).
        var pinned: [String: Int]
    }

    func snapshot(for node: String, context: SnapshotContext) throws -> SnapshotCache.Entry? {
        guard let desired = context.pinned[node] ?? context.latest else { return nil }
        return try snapshots.entry(version: desired, generation: context.generation) {
            try buildSnapshot(version: desired)
        }
    }

    private func buildSnapshot(version: Int) throws -> Snapshot {
        guard let published = try store.version(version) else {
            throw APIProblem.notFound("no version \(version)")
        }
        let draft = try Draft(json: ConfigDecoder.parse(Array(published.content.utf8)))
        let (generation, live) = try store.liveEndpoints()
        var endpoints: [String: [EndpointEntry]] = [:]
        for endpoint in live where !endpoint.isLapsed && draft.services[endpoint.service] != nil {
            endpoints[endpoint.service, default: []].append(
                EndpointEntry(id: endpoint.id, address: endpoint.address, port: endpoint.port, weight: endpoint.weight))
        }
        return Snapshot(
            version: "\(version).\(generation)", configVersion: version, services: draft.services,
            endpoints: endpoints.mapValues { $0.sorted { $0.id < $1.id } }, routes: draft.routes,
            breakerPolicies: draft.breakerPolicies, rateLimits: draft.rateLimits, consumers: draft.consumers,
            certificates: try certificateBundles(draft.certificates),
            generatedAt: APITime.text(RegistryStore.systemTime()))
    }

    // MARK: Status and inventory

    private func reportStatus(_ call: APICall) throws -> APIResponse {
        let node = call.capture("node")
        if let problem = ResourceName.endpointIDProblem(node) {
            throw APIProblem.badRequest("invalid node id", errors: [.init(field: "node", reason: problem)])
        }
        guard case .object(let fields) = try call.jsonBody() else {
            throw APIProblem.badRequest("the body must be a JSON object")
        }
        var errors: [APIProblem.FieldError] = []
        for key in fields.keys where !["applied_version", "rejected", "figures"].contains(key) {
            errors.append(.init(field: key, reason: "unknown field"))
        }
        var applied: Int?
        switch fields["applied_version"] {
        case nil, .null: break
        case .string(let text): applied = Self.configVersion(text)
        case .int(let number): applied = number
        default: errors.append(.init(field: "applied_version", reason: "must be a snapshot version such as \"42.7\""))
        }
        var rejected: Int?
        var reason: String?
        switch fields["rejected"] {
        case nil, .null: break
        case .object(let rejection):
            switch rejection["version"] {
            case .string(let text)?: rejected = Self.configVersion(text)
            case .int(let number)?: rejected = number
            default: errors.append(.init(field: "rejected.version", reason: "must be a snapshot version"))
            }
            if case .string(let text)? = rejection["error"] {
                reason = text
            } else {
                errors.append(.init(field: "rejected.error", reason: "must be a string"))
            }
        default: errors.append(.init(field: "rejected", reason: "must be null or an object"))
        }
        var figures: String?
        switch fields["figures"] {
        case nil, .null: break
        case .object(let values): figures = String(decoding: JSONValue.object(values).canonicalBytes, as: UTF8.self)
        default: errors.append(.init(field: "figures", reason: "must be an object"))
        }
        guard errors.isEmpty else {
            throw APIProblem.badRequest("invalid status report", errors: errors)
        }
        flushPolls()
        try store.reportStatus(
            node: node, applied: applied, rejected: rejected, reason: reason, figures: figures, now: call.now)
        if let rejected, let reason {
            logger.warning(
                "node rejected a version",
                metadata: ["node": "\(node)", "version": "\(rejected)", "error": "\(reason)"])
        }
        return .empty(204)
    }

    /// The configuration version in a snapshot version such as `42.7`.
    static func configVersion(_ snapshotVersion: String) -> Int? {
        Int(snapshotVersion.split(separator: ".", maxSplits: 1).first ?? "")
    }

    private func listNodes(_ call: APICall) throws -> APIResponse {
        flushPolls()
        let items = try Self.nodeStates(store: store, configuration: configuration, now: call.now).map { state in
            let node = state.record
            var rejected = JSONValue.null
            if let version = node.rejectedVersion {
                rejected = .object(["version": .int(version), "error": .string(node.rejectionReason ?? "")])
            }
            return JSONValue.object([
                "node": .string(node.node),
                "labels": (try? ConfigDecoder.parse(Array(node.labels.utf8))) ?? .object([:]),
                "build": .string(node.build),
                "desired_version": state.desired.map { .int($0) } ?? .null,
                "applied_version": node.appliedVersion.map { .int($0) } ?? .null,
                "rejected": rejected,
                "last_seen": .string(APITime.text(node.lastSeen)),
                "first_seen": .string(APITime.text(node.firstSeen)),
                "state": .string(state.isStale ? "stale" : "ready"),
                "drifted": .bool(state.isDrifted),
            ])
        }
        return .json(.array(items))
    }

    /// A node with what the inventory says of it.
    struct NodeState {
        var record: NodeRecord
        /// The version it should run: its pinned one, else the newest.
        var desired: Int?
        /// Silent for longer than the stale time.
        var isStale: Bool
        /// Its applied version has differed from its desired one for longer than the drift grace time, counted
        /// from when the desired version was published (or the node first appeared, if later).
        var isDrifted: Bool
    }

    /// Every node's state, for the inventory and the metrics.
    static func nodeStates(store: RegistryStore, configuration: ControlPlaneConfiguration, now: Int64) throws
        -> [NodeState]
    {
        let latest = try store.latestVersion()?.version
        var publishedAt: [Int: Int64] = [:]
        return try store.nodes().map { node in
            let desired = node.desiredVersion ?? latest
            let isStale = now - node.lastSeen > Int64(configuration.staleAfterSeconds) * 1000
            var isDrifted = false
            if let desired, node.appliedVersion != desired {
                if publishedAt[desired] == nil {
                    publishedAt[desired] = try store.version(desired)?.summary.createdAt ?? now
                }
                let since = max(publishedAt[desired] ?? now, node.firstSeen)
                isDrifted = now - since > Int64(configuration.driftGraceSeconds) * 1000
            }
            return NodeState(record: node, desired: desired, isStale: isStale, isDrifted: isDrifted)
        }
    }

    // MARK: Poll bookkeeping

    /// Notes a poll; polls are written to the store in batches (see ``flushPolls()``).
    private func recordPoll(node: String, request: HTTPRequest, now: Int64) {
        // A poll without the header keeps the labels recorded before.
        var labelText: String?
        if let header = request.header("gatehouse-node-labels") {
            var labels: [String: JSONValue] = [:]
            for pair in header.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 {
                    labels[String(parts[0].trimmingSpaces())] = .string(String(parts[1].trimmingSpaces()))
                }
            }
            labelText = String(decoding: JSONValue.object(labels).canonicalBytes, as: UTF8.self)
        }
        var poll = RegistryStore.Poll(node: node, labels: labelText, build: request.header("gatehouse-build"), now: now)
        if let earlier = pendingPolls[node] {
            // Not yet written: what the earlier poll said stands unless this one says otherwise.
            poll.labels = poll.labels ?? earlier.labels
            poll.build = poll.build ?? earlier.build
        }
        pendingPolls[node] = poll
    }

    /// Writes the polls noted since the last flush in one transaction.
    func flushPolls() {
        guard !pendingPolls.isEmpty else { return }
        let polls = Array(pendingPolls.values)
        pendingPolls = [:]
        do {
            try store.recordPolls(polls)
        } catch {
            logger.error("recording polls failed", metadata: ["error": "\(error)", "polls": "\(polls.count)"])
        }
    }

    func renderMetrics() -> APIResponse {
        APIResponse(
            status: 200, headers: [("content-type", "text/plain; version=0.0.4")],
            body: Array(metrics.registry.render().utf8))
    }
}
