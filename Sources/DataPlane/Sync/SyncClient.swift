import Shared

/// Follows the control plane: long-polls this node's snapshot, validates and applies each new one, reports
/// what it applied or rejected, and keeps serving the last good snapshot while the control plane is away.
final class SyncClient {
    /// Delivers a validated configuration to the proxy's loops and calls back once every loop has it.
    typealias Apply = (ProxyConfiguration, _ completion: @escaping @Sendable () -> Void) -> Void

    private let settings: ProxySettings
    private let loop: EventLoop
    private let client: HTTPClient
    private let apply: Apply
    private let statistics: ProxyStatistics
    private var logger: Logger
    private var appliedVersion: String?
    private var rejected: (version: String, error: String)?
    private var failures = 0
    private var isStopped = false
    private var lastRequests = 0
    private var last5xx = 0
    /// What `/status` and `/ready` show, read from other threads.
    let status: ProxyStatus

    init(
        settings: ProxySettings, loop: EventLoop, statistics: ProxyStatistics, status: ProxyStatus,
        apply: @escaping Apply
    ) {
        self.settings = settings
        self.loop = loop
        self.statistics = statistics
        self.status = status
        self.apply = apply
        self.logger = settings.logger
        logger[metadataKey: "node"] = "\(settings.node)"
        client = HTTPClient(loop: loop)
    }

    /// Applies the cached snapshot, if any, then starts polling.
    func start() {
        if let bytes = SnapshotCacheFile.read(in: settings.dataDirectory) {
            do {
                let snapshot = try SnapshotCodec.decodeValidated(bytes)
                let configuration = try ProxyConfiguration(snapshot: snapshot)
                let version = snapshot.version
                let box = SyncClientReference(self)
                // `/ready` and `status.version` change only once every loop has the configuration.
                apply(configuration) {
                    box.client.syncLoop.execute { box.client.cacheApplied(version: version, bytes: bytes) }
                }
                appliedVersion = version
                logger.info("serving the cached snapshot", metadata: ["version": "\(version)"])
            } catch {
                logger.warning("the cached snapshot is unusable", metadata: ["error": "\(error)"])
            }
        }
        poll()
        scheduleHeartbeat()
    }

    /// The cached snapshot reached every loop; shown unless a newer snapshot was applied meanwhile.
    private func cacheApplied(version: String, bytes: [UInt8]) {
        guard appliedVersion == version, status.version == nil else { return }
        status.update(version: version, rejected: rejected)
        status.show(snapshot: bytes)
    }

    func stop() {
        isStopped = true
        client.shutdown()
    }

    // MARK: Polling

    private func poll() {
        guard !isStopped else { return }
        let labels = settings.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var headers = [
            (name: "authorization", value: "Bearer \(settings.token)"),
            (name: "prefer", value: "wait=\(settings.pollWaitSeconds)"),
            (name: "gatehouse-build", value: BuildInfo.version),
            (name: "gatehouse-node-labels", value: labels.joined(separator: ",")),
        ]
        if let known = rejected?.version ?? appliedVersion {
            headers.append(("if-none-match", "\"\(known)\""))
        }
        var request = HTTPClientRequest(target: "/v1/nodes/\(settings.node)/snapshot", headers: headers)
        request.responseTimeout = .seconds(Int64(settings.pollWaitSeconds) + 30)
        client.fetch(request, to: settings.control) { [weak self] result in
            self?.onPollResult(result)
        }
    }

    private func onPollResult(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        guard !isStopped else { return }
        switch result {
        case .success(let response) where response.status == 200:
            recovered()
            receive(response)
        case .success(let response) where response.status == 304:
            recovered()
            poll()
        case .success(let response):
            failed("control plane answered \(response.status)")
        case .failure(let error):
            failed("\(error)")
        }
    }

    private func receive(_ response: HTTPClientResponse) {
        let tag = response.header("etag").map { String($0.filter { $0 != "\"" }) } ?? "unknown"
        let configuration: ProxyConfiguration
        let version: String
        do {
            let snapshot = try SnapshotCodec.decodeValidated(response.body)
            configuration = try ProxyConfiguration(snapshot: snapshot)
            version = snapshot.version
        } catch {
            reject(version: tag, error: error.description)
            return
        }
        let body = response.body
        let box = SyncClientReference(self)
        apply(configuration) {
            box.client.syncLoop.execute { box.client.applied(version: version, bytes: body) }
        }
    }

    private func applied(version: String, bytes: [UInt8]) {
        appliedVersion = version
        rejected = nil
        status.update(version: version, rejected: nil)
        status.show(snapshot: bytes)
        logger.info("applied snapshot", metadata: ["version": "\(version)"])
        do {
            try SnapshotCacheFile.write(bytes, in: settings.dataDirectory)
        } catch {
            logger.error("cannot write the snapshot cache", metadata: ["error": "\(error)"])
        }
        report()
        poll()
    }

    private func reject(version: String, error: String) {
        rejected = (version, error)
        status.update(version: appliedVersion, rejected: (version, error))
        logger.warning("rejected snapshot", metadata: ["version": "\(version)", "error": "\(error)"])
        report()
        poll()
    }

    // MARK: Outages

    private func failed(_ reason: String) {
        if failures == 0 {
            logger.warning(
                "control plane unreachable; serving the last good snapshot", metadata: ["error": "\(reason)"])
        }
        failures += 1
        // Exponential backoff with full jitter, capped.
        let ceiling = min(settings.maxBackoff.milliseconds, 250 * (Int64(1) << min(failures, 16)))
        let delay = Int64.random(in: 0...max(ceiling, 1))
        loop.schedule(after: .milliseconds(delay)) { [weak self] in self?.poll() }
    }

    private func recovered() {
        if failures > 0 {
            logger.info("control plane reachable again", metadata: ["failures": "\(failures)"])
        }
        failures = 0
    }

    // MARK: Reports

    private func scheduleHeartbeat() {
        loop.schedule(after: settings.reportInterval) { [weak self] in
            guard let self, !self.isStopped else { return }
            self.report()
            self.scheduleHeartbeat()
        }
    }

    /// Sends the applied version, the rejection if any, and the figures since the last report.
    private func report() {
        let requests = statistics.requests.load(ordering: .relaxed)
        let errors = statistics.responses5xx.load(ordering: .relaxed)
        var body: [String: JSONValue] = [
            "applied_version": appliedVersion.map { .string($0) } ?? .null,
            "figures": .object([
                "requests": .int(requests - lastRequests), "responses_5xx": .int(errors - last5xx),
                "breaker_openings": .int(0),
            ]),
        ]
        if let rejected {
            body["rejected"] = .object(["version": .string(rejected.version), "error": .string(rejected.error)])
        }
        var request = HTTPClientRequest(
            method: "PUT", target: "/v1/nodes/\(settings.node)/status",
            headers: [("authorization", "Bearer \(settings.token)"), ("content-type", "application/json")],
            body: JSONValue.object(body).canonicalBytes)
        request.responseTimeout = .seconds(10)
        client.fetch(request, to: settings.control) { [weak self] result in
            guard let self else { return }
            if case .success(let response) = result, response.status == 204 {
                self.lastRequests = requests
                self.last5xx = errors
            }
        }
    }
}

/// Carries the sync client into the completion of an apply, which runs on another loop.
final class SyncClientReference: @unchecked Sendable {
    // Safe: the client is only used inside `client.loop.execute`, on its own loop.
    let client: SyncClient
    init(_ client: SyncClient) { self.client = client }
}

extension SyncClient {
    var syncLoop: EventLoop { loop }
}
