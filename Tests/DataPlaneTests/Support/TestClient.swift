import Synchronization

@testable import Shared

/// A blocking HTTP client for tests: our `HTTPClient` on a loop of its own, with each call waiting for its
/// response up to a deadline, so a broken gateway fails the test instead of hanging it.
final class TestClient: @unchecked Sendable {
    // Safe: `client` is created and used only inside `loop.execute` closures.
    private let group: EventLoopGroup
    private var client: HTTPClient?

    init() throws {
        group = try EventLoopGroup(count: 1)
        let created = Signal()
        loop.execute { [self] in
            client = HTTPClient(loop: loop)
            created.fire()
        }
        try created.wait("the test client's loop")
    }

    private var loop: EventLoop { group.loops[0] }

    /// Sends `request` and returns at once; ``PendingResponse/wait()`` gives the response.
    func start(_ request: HTTPClientRequest, to address: SocketAddress) -> PendingResponse {
        let pending = PendingResponse()
        var request = request
        request.responseTimeout = request.responseTimeout ?? .seconds(10)
        let sent = request
        loop.execute { [self] in
            client?.fetch(sent, to: address) { pending.complete($0) }
        }
        return pending
    }

    /// Sends `request` and waits for the whole response.
    func send(_ request: HTTPClientRequest, to address: SocketAddress) throws -> HTTPClientResponse {
        try start(request, to: address).wait()
    }

    /// Sends a GET for `target` with `headers` and waits for the whole response.
    func get(
        _ target: String, headers: [(name: String, value: String)] = [], from address: SocketAddress
    ) throws -> HTTPClientResponse {
        try send(HTTPClientRequest(target: target, headers: headers), to: address)
    }

    /// Closes the client's connections and stops its loop.
    func shutdown() {
        let done = Signal()
        loop.execute { [self] in
            client?.shutdown()
            client = nil
            done.fire()
        }
        try? done.wait("the test client to close")
        group.shutdown()
    }
}

/// A response that will arrive later.
final class PendingResponse: Sendable {
    private let result = Mutex<Result<HTTPClientResponse, HTTPClientError>?>(nil)
    private let arrived = Signal()

    func complete(_ value: Result<HTTPClientResponse, HTTPClientError>) {
        result.withLock { $0 = value }
        arrived.fire()
    }

    /// Waits for the response; throws the client's error, or ``WaitTimedOut`` after `timeout`.
    func wait(timeout: Duration = .seconds(15)) throws -> HTTPClientResponse {
        try arrived.wait("a response", timeout: timeout)
        arrived.fire()
        guard let value = result.withLock({ $0 }) else { throw WaitTimedOut(what: "a response") }
        return try value.get()
    }
}

extension HTTPClientResponse {
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The reason the gateway gave for answering by itself, if it did.
    var gatewayReason: String? { header("gatehouse-reason") }
}
