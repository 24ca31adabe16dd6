import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

@testable import Shared

/// Runs `body` on `loop` and waits for the result it passes to its completion.
func onLoop<Value: Sendable>(
    _ loop: EventLoop, _ body: @escaping @Sendable (@escaping @Sendable (Value) -> Void) -> Void
) -> Value {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    loop.execute {
        body { value in
            result.withLock { $0 = value }
            done.signal()
        }
    }
    done.wait()
    return result.withLock { $0! }
}

/// The client of a loop, created on it and used only there.
final class LoopClient: @unchecked Sendable {
    // Safe: `client` is touched only inside `loop.execute` closures.
    let loop: EventLoop
    var client: HTTPClient!

    init(loop: EventLoop, configure: (inout HTTPClientConfiguration) -> Void = { _ in }) {
        self.loop = loop
        var configuration = HTTPClientConfiguration()
        configure(&configuration)
        let made = configuration
        let done = DispatchSemaphore(value: 0)
        loop.execute { [self] in
            client = HTTPClient(loop: loop, configuration: made)
            done.signal()
        }
        done.wait()
    }

    func fetch(_ request: HTTPClientRequest, to endpoint: SocketAddress) -> Result<HTTPClientResponse, HTTPClientError>
    {
        onLoop(loop) { [self] finish in client.fetch(request, to: endpoint) { finish($0) } }
    }

    func connections(to endpoint: SocketAddress) -> (all: Int, idle: Int) {
        onLoop(loop) { [self] finish in
            finish((client.connectionCount(to: endpoint), client.idleConnectionCount(to: endpoint)))
        }
    }
}

/// A listener that accepts connections and answers each request with raw bytes chosen by the test, then
/// optionally closes: an upstream that can misbehave.
final class RawUpstream: @unchecked Sendable {
    // Safe: the accept thread owns the descriptors it accepts; the test only reads `accepted`.
    let descriptor: Int32
    let address: SocketAddress
    let accepted = AcceptCount()

    init(answer: [UInt8], closeAfterAnswer: Bool) throws {
        let listener = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0)!, reusePort: false)
        address = try listener.localAddress()
        descriptor = dup(listener.descriptor)
        listener.close()
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        let descriptor = self.descriptor
        let accepted = self.accepted
        Thread.detachNewThread {
            while true {
                let connection = Glibc.accept(descriptor, nil, nil)
                guard connection >= 0 else {
                    Glibc.close(descriptor)
                    return
                }
                accepted.value.add(1, ordering: .relaxed)
                Thread.detachNewThread {
                    var buffer = [UInt8](repeating: 0, count: 65536)
                    while true {
                        let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                        guard count > 0 else { break }
                        _ = answer.withUnsafeBytes {
                            Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                        }
                        if closeAfterAnswer { break }
                    }
                    Glibc.close(connection)
                }
            }
        }
    }

    deinit {
        // Wakes the accept thread, which closes the descriptor itself: closing it here could let the number be
        // reused while that thread still accepts on it.
        Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }
}

/// A counter shared between threads.
final class AcceptCount: Sendable {
    let value = Atomic<Int>(0)
}

@Suite struct HTTPClientTests {
    @Test func reusesAPooledConnection() throws {
        let (serverGroup, server, _) = try startServer()
        defer { serverGroup.shutdown() }
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0])
        for path in ["/one", "/two", "/three"] {
            let response = try client.fetch(HTTPClientRequest(target: path), to: server.localAddress).get()
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == path)
        }
        #expect(client.connections(to: server.localAddress) == (1, 1))
        #expect(server.statistics.connectionsAccepted.load(ordering: .relaxed) == 1)
    }

    @Test func sendsABody() throws {
        let (serverGroup, server, _) = try startServer()
        defer { serverGroup.shutdown() }
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0])
        let request = HTTPClientRequest(method: "POST", target: "/echo", body: Array("payload".utf8))
        let response = try client.fetch(request, to: server.localAddress).get()
        #expect(String(decoding: response.body, as: UTF8.self) == "payload")
    }

    @Test func refusedConnectionFails() throws {
        let free = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0)!, reusePort: false)
        let address = try free.localAddress()
        free.close()
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0])
        let result = client.fetch(HTTPClientRequest(target: "/"), to: address)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.reason == .connectFailed)
    }

    @Test func connectTimeoutFires() throws {
        // A listener that never accepts, with its accept queue already full: Linux drops further SYNs, so the
        // next connect hangs until the client's deadline.
        let listener = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0)!, reusePort: false, backlog: 0)
        let address = try listener.localAddress()
        let fillers = try (0..<2).map { _ in try Socket.connect(to: address).0 }
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0]) { $0.connectTimeout = .milliseconds(200) }
        let result = client.fetch(HTTPClientRequest(target: "/"), to: address)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.reason == .connectTimeout)
        withExtendedLifetime((listener, fillers)) {}
    }

    @Test func responseTimeoutFires() throws {
        let (serverGroup, server, _) = try startServer()
        defer { serverGroup.shutdown() }
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0]) { $0.responseTimeout = .milliseconds(200) }
        let result = client.fetch(HTTPClientRequest(target: "/later"), to: server.localAddress)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.reason == .responseTimeout)
    }

    @Test func retriesOnceWhenAPooledConnectionWasClosedByThePeer() throws {
        // The upstream answers with keep-alive but closes right after: the pooled connection is dead when the
        // second request takes it, and the client must carry that request on a fresh connection.
        let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)
        let upstream = try RawUpstream(answer: answer, closeAfterAnswer: true)
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0])
        for _ in 0..<5 {
            let response = try client.fetch(HTTPClientRequest(target: "/"), to: upstream.address).get()
            #expect(String(decoding: response.body, as: UTF8.self) == "ok")
        }
        #expect(upstream.accepted.value.load(ordering: .relaxed) == 5)
    }

    @Test func malformedResponseFails() throws {
        let upstream = try RawUpstream(
            answer: Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok".utf8),
            closeAfterAnswer: false)
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0])
        let result = client.fetch(HTTPClientRequest(target: "/"), to: upstream.address)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.reason == .malformedResponse)
    }

    @Test func untilCloseBodyEndsWithTheConnection() throws {
        let upstream = try RawUpstream(answer: Array("HTTP/1.1 200 OK\r\n\r\nall of it".utf8), closeAfterAnswer: true)
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0])
        let response = try client.fetch(HTTPClientRequest(target: "/"), to: upstream.address).get()
        #expect(String(decoding: response.body, as: UTF8.self) == "all of it")
        #expect(client.connections(to: upstream.address) == (0, 0))
    }

    @Test func connectionCapQueuesAndOverflowFails() throws {
        let (serverGroup, server, events) = try startServer()
        defer { serverGroup.shutdown() }
        let clientGroup = try EventLoopGroup(count: 1)
        defer { clientGroup.shutdown() }
        let client = LoopClient(loop: clientGroup.loops[0]) {
            $0.maxConnectionsPerEndpoint = 1
            $0.maxPendingRequestsPerEndpoint = 1
        }
        let results = Mutex<[String]>([])
        let finished = DispatchSemaphore(value: 0)
        client.loop.execute {
            for path in ["/later", "/queued", "/overflow"] {
                client.client.fetch(HTTPClientRequest(target: path), to: server.localAddress) { result in
                    switch result {
                    case .success(let response):
                        results.withLock { $0.append(String(decoding: response.body, as: UTF8.self)) }
                    case .failure(let error):
                        results.withLock { $0.append(error.shortName) }
                    }
                    finished.signal()
                }
            }
        }
        finished.wait()
        #expect(results.withLock { $0 } == ["overflow"])
        events.signal.wait()
        let responder = try #require(events.held.withLock { $0.first })
        responder.loop.execute { responder.respond(status: 200, body: Array("released".utf8)) }
        finished.wait()
        finished.wait()
        #expect(results.withLock { $0 } == ["overflow", "released", "/queued"])
        #expect(client.connections(to: server.localAddress).all == 1)
    }
}
