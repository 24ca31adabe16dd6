import Dispatch
import Foundation
import Shared
import Synchronization

@testable import ControlPlane

/// A control plane on `127.0.0.1:0` in a fresh temporary folder, with a blocking client for its REST API.
///
/// The client is our `HTTPClient` on a loop of its own; every call from the test thread hops onto that loop and
/// waits for the answer, so tests read top to bottom.
final class APITestClient: @unchecked Sendable {
    // Safe: `client` is created and used only inside `loop.execute` closures; the other stored properties are
    // constants.

    /// Which credentials a request carries.
    enum Token {
        /// The admin token the server made in its data directory.
        case admin
        /// A read-only token made before the server started.
        case read
        /// The node token the server made in its data directory.
        case node
        /// No `authorization` field.
        case none
        /// This exact bearer token.
        case custom(String)
    }

    /// One complete answer.
    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: String

        /// The value of the first field named `name`, compared without case.
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body parsed as a JSON object; empty when it is not one.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// The body parsed as any JSON value.
        var jsonValue: Any? {
            try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        }

        /// The `field` names of a problem document's `errors`.
        var errorFields: [String] {
            (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        }
    }

    /// An answer that arrives later, for calls held open by the server.
    final class PendingAnswer: Sendable {
        private let result = Mutex<Result<Answer, HTTPClientError>?>(nil)
        private let arrived = DispatchSemaphore(value: 0)

        fileprivate func finish(_ value: Result<Answer, HTTPClientError>) {
            result.withLock { $0 = value }
            arrived.signal()
        }

        /// Waits for the answer.
        func wait() throws -> Answer {
            arrived.wait()
            arrived.signal()
            return try result.withLock { $0! }.get()
        }
    }

    let server: ControlPlaneServer
    let dataDirectory: String
    let readToken: String
    private let group: EventLoopGroup
    private let loop: EventLoop
    private var client: HTTPClient!

    /// Starts a control plane in `dataDirectory`, after making a read-only token there.
    init(
        dataDirectory: String, configure: (inout ControlPlaneConfiguration) -> Void = { _ in }
    ) throws {
        self.dataDirectory = dataDirectory
        readToken = try TokenCommands.create(dataDirectory: dataDirectory, role: "read", description: "tests")
        // Errors only: lifecycle lines of a server per test would bury the test runner's own output.
        var logger = Logger(label: "control-tests")
        logger.logLevel = .error
        var configuration = ControlPlaneConfiguration(
            dataDirectory: dataDirectory, listen: SocketAddress(host: "127.0.0.1", port: 0)!, logger: logger)
        configure(&configuration)
        server = try ControlPlaneServer(configuration: configuration)
        group = try EventLoopGroup(count: 1)
        loop = group.loops[0]
        let made = DispatchSemaphore(value: 0)
        loop.execute { [self] in
            var clientConfiguration = HTTPClientConfiguration()
            clientConfiguration.responseTimeout = .seconds(30)
            client = HTTPClient(loop: loop, configuration: clientConfiguration)
            made.signal()
        }
        made.wait()
    }

    /// Closes the client's connections and stops the server.
    func stop() {
        let closed = DispatchSemaphore(value: 0)
        loop.execute { [self] in
            client.shutdown()
            closed.signal()
        }
        closed.wait()
        group.shutdown()
        server.stop()
    }

    /// Sends a request and waits for its answer. A body is sent as `application/json` unless `headers` says
    /// otherwise.
    func request(
        _ method: String, _ path: String, body: String? = nil, token: Token = .admin,
        headers: [(String, String)] = []
    ) throws -> Answer {
        try start(method, path, body: body, token: token, headers: headers).wait()
    }

    /// Sends a request and returns at once; the answer is waited for with ``PendingAnswer/wait()``.
    func start(
        _ method: String, _ path: String, body: String? = nil, token: Token = .admin,
        headers: [(String, String)] = []
    ) -> PendingAnswer {
        var fields: [(name: String, value: String)] = headers.map { (name: $0.0, value: $0.1) }
        if let bearer = bearer(token) {
            fields.append((name: "authorization", value: "Bearer \(bearer)"))
        }
        if body != nil, !fields.contains(where: { $0.name.lowercased() == "content-type" }) {
            fields.append((name: "content-type", value: "application/json"))
        }
        let request = HTTPClientRequest(
            method: method, target: path, headers: fields, body: body.map { Array($0.utf8) })
        let pending = PendingAnswer()
        let address = server.localAddress
        loop.execute { [self] in
            client.fetch(request, to: address) { result in
                pending.finish(
                    result.map { response in
                        Answer(
                            status: response.status, headers: response.headers.map { ($0.name, $0.value) },
                            body: String(decoding: response.body, as: UTF8.self))
                    })
            }
        }
        return pending
    }

    private func bearer(_ token: Token) -> String? {
        switch token {
        case .admin: server.adminToken
        case .read: readToken
        case .node: server.nodeToken
        case .none: nil
        case .custom(let value): value
        }
    }

    /// The number of snapshot polls the server holds, read on its loop.
    var heldPolls: Int {
        server.withAPI { $0.waiters.count } ?? 0
    }

    /// Waits until `condition` holds, checking it again after each hop through the server's loop; fails after
    /// `timeout`.
    func waitUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("the condition did not hold within \(timeout)")
            }
            _ = server.withAPI { _ in true }
        }
    }
}

/// Runs `body` with a control plane in a fresh temporary folder, stopping it and removing the folder afterwards.
func withAPIServer<Result>(
    configure: (inout ControlPlaneConfiguration) -> Void = { _ in }, _ body: (APITestClient) throws -> Result
) throws -> Result {
    try withTemporaryDirectory { folder in
        let api = try APITestClient(dataDirectory: folder + "/data", configure: configure)
        defer { api.stop() }
        return try body(api)
    }
}
