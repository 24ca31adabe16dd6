import Dispatch
import Glibc
import Shared
import Synchronization

/// `gatehouse proxy`: the data plane. Client loops proxy with the configuration in force; one more loop follows
/// the control plane and serves the admin endpoint.
public final class ProxyServer: Sendable {
    /// Where clients connect.
    public let localAddress: SocketAddress
    /// Where the admin endpoint listens.
    public let adminAddress: SocketAddress
    /// The applied version and the last rejection.
    public let status = ProxyStatus()
    /// Requests and error counts.
    public let statistics = ProxyStatistics()
    /// The metrics served at the admin endpoint's `/metrics`.
    public let metrics = ProxyMetrics()
    private let workers: EventLoopGroup
    private let control: EventLoopGroup
    private let server: HTTPServer
    private let adminServer: HTTPServer
    private let sync: SyncReferenceBox
    private let logger: Logger

    /// Starts the loops, applies the cached snapshot if there is one, and starts following the control plane.
    public init(settings: ProxySettings) throws {
        logger = settings.logger
        if mkdir(settings.dataDirectory, 0o700) != 0, errno != EEXIST {
            throw SystemError(call: "mkdir \(settings.dataDirectory)", errno: errno)
        }
        workers = try EventLoopGroup(count: settings.workers)
        control = try EventLoopGroup(count: 1)
        let statistics = self.statistics
        let metrics = self.metrics
        let loops = ProxyLoopTable()
        var accessLog: AccessLog?
        if let path = settings.accessLogPath {
            accessLog = try AccessLog(path: path, writer: control.loops[0])
        }
        let loopAccessLog = accessLog
        let ready = DispatchSemaphore(value: 0)
        for loop in workers.loops {
            loop.execute {
                loops.set(
                    loop.index,
                    ProxyLoop(
                        loop: loop, statistics: statistics, metrics: metrics, accessLog: loopAccessLog,
                        maxBodyBytes: settings.maxBodyBytes))
                ready.signal()
            }
        }
        for _ in workers.loops {
            ready.wait()
        }
        server = try HTTPServer(group: workers, address: settings.listen) { loop in
            ProxyHandler(state: loops.get(loop.index))
        }
        let status = self.status
        adminServer = try HTTPServer(group: control, address: settings.admin) { _ in
            BufferedHTTPHandler { request, responder in
                AdminEndpoint.handle(request, responder: responder, status: status, metrics: metrics)
            }
        }
        localAddress = server.localAddress
        adminAddress = adminServer.localAddress
        metrics.registry.gaugeFunction(
            name: "gatehouse_proxy_config_version",
            help: "The configuration version of the snapshot in force (0: none)."
        ) {
            Double(status.version.flatMap { Int($0.split(separator: ".").first ?? "") } ?? 0)
        }
        let syncLoop = control.loops[0]
        let box = SyncReferenceBox()
        sync = box
        let workerLoops = workers.loops
        let started = DispatchSemaphore(value: 0)
        syncLoop.execute {
            let client = SyncClient(settings: settings, loop: syncLoop, statistics: statistics, status: status) {
                configuration, completion in
                let remaining = Atomic<Int>(workerLoops.count)
                for loop in workerLoops {
                    loop.execute {
                        loops.get(loop.index).apply(configuration)
                        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                            completion()
                        }
                    }
                }
            }
            box.set(client)
            client.start()
            started.signal()
        }
        started.wait()
        logger.info(
            "proxy listening",
            metadata: ["address": "\(localAddress)", "admin": "\(adminAddress)", "node": "\(settings.node)"])
    }

    /// Stops following the control plane, then stops the servers gracefully.
    public func stop() {
        sync.stop()
        server.stop(grace: .seconds(10))
        adminServer.stop(grace: .seconds(1))
        workers.shutdown()
        control.shutdown()
        logger.info("proxy stopped")
    }
}

/// The per-loop proxy states, by loop index.
final class ProxyLoopTable: @unchecked Sendable {
    // Safe: each entry is written once on its loop before the server starts and afterwards only used on that loop.
    private let entries = Mutex<[Int: ProxyLoopReference]>([:])

    func set(_ index: Int, _ state: ProxyLoop) {
        entries.withLock { $0[index] = ProxyLoopReference(state) }
    }

    func get(_ index: Int) -> ProxyLoop {
        guard let reference = entries.withLock({ $0[index] }) else {
            preconditionFailure("every loop has its proxy state before the server starts")
        }
        return reference.state
    }
}

final class ProxyLoopReference: @unchecked Sendable {
    // Safe: used only on the loop that created it.
    let state: ProxyLoop
    init(_ state: ProxyLoop) { self.state = state }
}

/// Holds the sync client, which lives on the control loop.
final class SyncReferenceBox: Sendable {
    private let reference = Mutex<SyncClientReference?>(nil)

    func set(_ client: SyncClient) {
        reference.withLock { $0 = SyncClientReference(client) }
    }

    /// Stops the sync client on its loop and waits.
    func stop() {
        guard let box = reference.withLock({ $0 }) else { return }
        let done = DispatchSemaphore(value: 0)
        box.client.syncLoop.execute {
            box.client.stop()
            done.signal()
        }
        done.wait()
    }
}

/// The proxy's admin endpoint: readiness, status and metrics.
enum AdminEndpoint {
    static func handle(_ request: HTTPRequest, responder: HTTPResponder, status: ProxyStatus, metrics: ProxyMetrics) {
        switch request.path {
        case "/ready":
            let isReady = status.version != nil
            responder.respond(status: isReady ? 200 : 503, body: Array((isReady ? "ready\n" : "no_config\n").utf8))
        case "/config":
            guard let snapshot = status.redactedSnapshot else {
                responder.respond(status: 503, body: Array("no_config\n".utf8))
                return
            }
            responder.respond(status: 200, headers: [("content-type", "application/json")], body: snapshot)
        case "/status":
            responder.respond(
                status: 200, headers: [("content-type", "application/json")], body: status.json.canonicalBytes)
        case "/metrics":
            responder.respond(
                status: 200, headers: [("content-type", "text/plain; version=0.0.4")],
                body: Array(metrics.registry.render().utf8))
        default:
            responder.respond(status: 404, body: Array("no such admin path\n".utf8))
        }
    }
}
