import Dispatch
import Shared
import Synchronization

/// `gatehouse control`: the REST API over the SQLite registry, on one event loop.
public final class ControlPlaneServer: Sendable {
    /// Where the API listens (the real port when port 0 was asked for).
    public let localAddress: SocketAddress
    /// The admin token from the data directory.
    public let adminToken: String
    /// The node token from the data directory.
    public let nodeToken: String
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let api: APIBox
    private let logger: Logger

    /// Opens the data directory and the database (migrating it), makes the token files on first start, and
    /// starts serving.
    public init(configuration: ControlPlaneConfiguration) throws {
        logger = configuration.logger
        try DataDirectory.prepare(configuration.dataDirectory)
        let masterKey = try MasterKey.loadOrCreate(
            path: configuration.masterKeyFile ?? configuration.dataDirectory + "/master.key")
        let store = try RegistryStore(path: configuration.dataDirectory + "/" + DataDirectory.databaseName)
        if let newest = store.appliedMigrations.last {
            logger.info(
                "database migrated",
                metadata: ["schema": "\(newest)", "applied": "\(store.appliedMigrations.count)"])
        }
        var tokens: [String] = []
        for (file, role) in [("admin.token", TokenRole.admin), ("node.token", TokenRole.node)] {
            let (token, created) = try DataDirectory.token(named: file, in: configuration.dataDirectory)
            let hash = ContentHash.sha256Hex(Array(token.utf8))
            if try store.token(byHash: hash) == nil {
                _ = try store.addToken(hash: hash, role: role, description: "created with the data directory")
            }
            if created {
                logger.info("token created", metadata: ["file": "\(file)", "role": "\(role.rawValue)"])
            }
            tokens.append(token)
        }
        adminToken = tokens[0]
        nodeToken = tokens[1]

        group = try EventLoopGroup(count: 1)
        let loop = group.loops[0]
        let metrics = ControlPlaneMetrics()
        let box = APIBox()
        api = box
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.idleTimeout = configuration.maxWait + .seconds(60)
        serverConfiguration.maxConnections = configuration.maxConnections
        let maxBody = configuration.maxBodyBytes
        let created = DispatchSemaphore(value: 0)
        loop.execute {
            let api = ControlPlaneAPI(
                store: store, configuration: configuration, loop: loop, metrics: metrics, masterKey: masterKey)
            box.set(api)
            api.startSweeping()
            created.signal()
        }
        created.wait()
        guard let reference = box.reference else {
            preconditionFailure("the API is created before the server starts")
        }
        do {
            server = try HTTPServer(group: group, address: configuration.listen, configuration: serverConfiguration) {
                _ in
                BufferedHTTPHandler(maxBodyBytes: maxBody) { request, responder in
                    reference.api.handle(request, responder: responder)
                }
            }
        } catch {
            group.shutdown()
            throw error
        }
        localAddress = server.localAddress
        metrics.registry.gaugeFunction(
            name: "gatehouse_control_nodes", help: "Known nodes by state: ready, stale, drifted.",
            labelNames: ["state"]
        ) {
            let states =
                (try? ControlPlaneAPI.nodeStates(
                    store: store, configuration: configuration, now: RegistryStore.systemTime())) ?? []
            return [
                GaugeSample(labelValues: ["ready"], value: Double(states.filter { !$0.isStale }.count)),
                GaugeSample(labelValues: ["stale"], value: Double(states.filter(\.isStale).count)),
                GaugeSample(labelValues: ["drifted"], value: Double(states.filter(\.isDrifted).count)),
            ]
        }
        metrics.registry.gaugeFunction(name: "gatehouse_control_long_polls", help: "Snapshot polls held open.") {
            Double(box.onLoop { $0.waiters.count } ?? 0)
        }
        logger.info("control plane listening", metadata: ["address": "\(localAddress)"])
    }

    /// Answers held polls with 304, stops accepting, lets calls in flight finish, and closes the database.
    public func stop() {
        api.onLoop { $0.stop() }
        server.stop(grace: .seconds(5))
        group.shutdown()
        logger.info("control plane stopped")
    }

    /// The API object of the loop, for tests.
    func withAPI<Value: Sendable>(_ body: @escaping @Sendable (ControlPlaneAPI) -> Value) -> Value? {
        api.onLoop(body)
    }
}

/// Holds the loop's API object so that work can be sent to it from other threads.
final class APIBox: Sendable {
    // The API object is only touched on its loop: `onLoop` runs the body there.
    private let api = Mutex<APIReference?>(nil)

    func set(_ value: ControlPlaneAPI) {
        api.withLock { $0 = APIReference(value) }
    }

    /// The API, once set.
    var reference: APIReference? { api.withLock { $0 } }

    /// Runs `body` on the API's loop and waits for its result; nil before the API exists. If called on the loop
    /// itself it runs at once.
    func onLoop<Value: Sendable>(_ body: @escaping @Sendable (ControlPlaneAPI) -> Value) -> Value? {
        guard let reference = api.withLock({ $0 }) else { return nil }
        if reference.api.loop.isInLoop {
            return body(reference.api)
        }
        let result = Mutex<Value?>(nil)
        let done = DispatchSemaphore(value: 0)
        reference.api.loop.execute {
            result.withLock { $0 = body(reference.api) }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }
}

/// Carries the API object across threads; it is used only on its loop.
final class APIReference: @unchecked Sendable {
    // Safe: every use goes through `APIBox.onLoop`, which runs on the API's loop.
    let api: ControlPlaneAPI
    init(_ api: ControlPlaneAPI) { self.api = api }
}

extension ControlPlaneAPI {
    /// Checks endpoint TTLs and flushes recorded polls every sweep interval.
    func startSweeping() {
        loop.schedule(after: configuration.sweepInterval) { [weak self] in
            guard let self else { return }
            self.sweepEndpoints(now: RegistryStore.systemTime())
            self.flushPolls()
            self.startSweeping()
        }
    }
}
