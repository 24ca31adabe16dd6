import Synchronization
import Testing

@testable import DataPlane
@testable import Shared

/// One test's gateway: a stand-in control plane, the proxies following it, a client, and a temporary folder
/// for the proxies' data; ``shutdown()`` stops them all and removes the folder.
final class Gateway: Sendable {
    let folder: TemporaryDirectory
    let control: StandInControlPlane
    let client: TestClient
    private let proxies = Mutex<[ProxyServer]>([])

    init() throws {
        folder = try TemporaryDirectory()
        control = try StandInControlPlane()
        client = try TestClient()
    }

    /// The data directory the first proxy uses.
    var dataDirectory: String { folder.file("proxy") }

    /// Starts a proxy with two worker loops that polls the stand-in every second.
    func startProxy(dataDirectory: String? = nil, configure: (inout ProxySettings) -> Void = { _ in }) throws
        -> ProxyServer
    {
        let loopback = SocketAddress(host: "127.0.0.1", port: 0)!
        var settings = ProxySettings(
            control: control.address, node: control.node, token: control.token,
            dataDirectory: dataDirectory ?? self.dataDirectory, listen: loopback, admin: loopback)
        settings.workers = 2
        settings.pollWaitSeconds = 1
        settings.maxBackoff = .milliseconds(200)
        settings.logger = Logger(
            label: "proxy", sink: FileDescriptorLogSink.standardError(), logLevel: .error)
        configure(&settings)
        let proxy = try ProxyServer(settings: settings)
        proxies.withLock { $0.append(proxy) }
        return proxy
    }

    /// Stops `proxy` now rather than at shutdown.
    func stop(_ proxy: ProxyServer) {
        let isRunning = proxies.withLock { proxies in
            guard let index = proxies.firstIndex(where: { $0 === proxy }) else { return false }
            proxies.remove(at: index)
            return true
        }
        if isRunning {
            proxy.stop()
        }
    }

    /// Waits until `proxy` serves `version`.
    func waitForVersion(_ version: String, on proxy: ProxyServer) throws {
        try waitUntil("version \(version) to be applied") { proxy.status.version == version }
    }

    /// Sends a GET through `proxy`.
    func get(
        _ target: String, headers: [(name: String, value: String)] = [], through proxy: ProxyServer
    ) throws -> HTTPClientResponse {
        try client.get(target, headers: headers, from: proxy.localAddress)
    }

    /// Sends a GET to `proxy`'s admin endpoint.
    func admin(_ path: String, of proxy: ProxyServer) throws -> HTTPClientResponse {
        try client.get(path, from: proxy.adminAddress)
    }

    func shutdown() {
        client.shutdown()
        for proxy in proxies.withLock({ $0 }) {
            stop(proxy)
        }
        control.stop()
        folder.remove()
    }
}

/// Runs `body` with a fresh ``Gateway`` and shuts it down afterwards, whatever happens.
func withGateway(_ body: (Gateway) throws -> Void) throws {
    let gateway = try Gateway()
    defer { gateway.shutdown() }
    try body(gateway)
}

/// Upstreams started for a test and stopped with it.
func withUpstreams(_ names: [String], _ body: ([EchoUpstream]) throws -> Void) throws {
    var upstreams: [EchoUpstream] = []
    defer {
        for upstream in upstreams {
            upstream.stop()
        }
    }
    for name in names {
        upstreams.append(try EchoUpstream(name: name))
    }
    try body(upstreams)
}
