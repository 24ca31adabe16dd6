import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Shared

/// A handler for tests: answers `/echo` with the request body, `/later` after the test releases it, and
/// everything else with the path.
final class TestHandler: HTTPServerHandler {
    let events: TestEvents
    private var body: [UInt8] = []
    private var path = ""

    init(events: TestEvents) {
        self.events = events
    }

    func onRequestHead(_ request: HTTPRequestView, responder: HTTPResponder) {
        path = request.path
        body = []
        if path == "/early-reject" {
            responder.respond(status: 413, reason: "body_too_large")
        }
    }

    func onRequestBody(_ bytes: UnsafeRawBufferPointer, responder: HTTPResponder) {
        body.append(contentsOf: bytes)
    }

    func onRequestEnd(responder: HTTPResponder) {
        switch path {
        case "/echo":
            responder.respond(status: 200, body: body)
        case "/later":
            events.held.withLock { $0.append(responder) }
            events.signal.signal()
        case "/stream":
            responder.writeHead(status: 200, contentLength: nil)
            let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
            piece.withUnsafeBytes { _ = responder.writeBody($0) }
            piece.withUnsafeBytes { _ = responder.writeBody($0) }
            responder.end()
        default:
            responder.respond(status: 200, body: Array(path.utf8))
        }
    }

    func onExchangeAborted(responder: HTTPResponder) {
        events.aborted.add(1, ordering: .relaxed)
        events.signal.signal()
    }
}

final class TestEvents: Sendable {
    let held = Mutex<[HTTPResponder]>([])
    let aborted = Atomic<Int>(0)
    let signal = DispatchSemaphore(value: 0)
}

func startServer(
    loops: Int = 1, configure: (inout HTTPServerConfiguration) -> Void = { _ in }
) throws -> (EventLoopGroup, HTTPServer, TestEvents) {
    var configuration = HTTPServerConfiguration()
    configure(&configuration)
    let group = try EventLoopGroup(count: loops)
    let events = TestEvents()
    let server = try HTTPServer(
        group: group, address: SocketAddress(host: "127.0.0.1", port: 0)!, configuration: configuration
    ) { _ in TestHandler(events: events) }
    return (group, server, events)
}

@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        for name in ["/a", "/b", "/c"] {
            client.send("GET \(name) HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = client.read(until: name)
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(response.contains("content-length: 2\r\n"))
            #expect(!response.contains("connection: close"))
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send(
            "GET /first HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /third HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = client.read(until: "/third")
        let first = response.range(of: "/first")
        let second = response.range(of: "hello")
        let third = response.range(of: "/third")
        #expect(first != nil && second != nil && third != nil)
        if let first, let second, let third {
            #expect(first.upperBound <= second.lowerBound && second.upperBound <= third.lowerBound)
        }
    }

    @Test func pipelinedRequestWaitsForALateResponse() throws {
        let (group, server, events) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        events.signal.wait()
        let responder = try #require(events.held.withLock { $0.first })
        responder.loop.execute { responder.respond(status: 200, body: Array("late".utf8)) }
        let response = client.read(until: "/after")
        let late = try #require(response.range(of: "late"))
        let after = try #require(response.range(of: "/after"))
        #expect(late.upperBound <= after.lowerBound)
    }

    @Test func interleavedBodiesOnOneLoopStayApart() throws {
        let (group, server, _) = try startServer(loops: 1)
        defer { group.shutdown() }
        let first = try RawClient(server.localAddress)
        let second = try RawClient(server.localAddress)
        first.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\naaaaa")
        second.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbbbb")
        #expect(second.read(until: "bbbb").hasSuffix("\r\n\r\nbbbb"))
        first.send("AAAAA")
        #expect(first.read(until: "aaaaaAAAAA").hasSuffix("\r\n\r\naaaaaAAAAA"))
    }

    @Test func chunkedRequestBodyIsDecoded() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        let response = client.read(until: "abcde")
        #expect(response.contains("content-length: 5\r\n"))
    }

    @Test func streamedResponseIsChunked() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = client.read(until: "0\r\n\r\n")
        #expect(response.contains("transfer-encoding: chunked\r\n"))
        #expect(occurrences(of: "3e8\r\n", in: response) == 2)
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let plain = try RawClient(server.localAddress)
        plain.send("GET /old HTTP/1.0\r\n\r\n")
        let response = plain.readToEnd()
        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(response.contains("connection: close"))

        let kept = try RawClient(server.localAddress)
        kept.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.read(until: "/one").contains("connection: keep-alive"))
        kept.send("GET /two HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.read(until: "/two").contains("200 OK"))
    }

    @Test func malformedRequestGets400AndTheConnectionCloses() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
        let response = client.readToEnd()
        #expect(response.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(response.contains("gatehouse-reason: "))
        #expect(response.contains("connection: close"))
        #expect(server.statistics.requestsRejected.load(ordering: .relaxed) == 1)
    }

    @Test func expectContinueGetsAnInterimResponse() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(client.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"))
        client.send("ping")
        #expect(client.read(until: "ping").contains("200 OK"))
    }

    @Test func earlyResponseDiscardsTheRestOfTheBodyAndKeepsTheConnection() throws {
        let (group, server, _) = try startServer()
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send("POST /early-reject HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345")
        #expect(client.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 413"))
        client.send("67890GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.read(until: "/next").contains("200 OK"))
    }

    @Test func slowHeadersAreCutOffAtTheHeaderDeadline() throws {
        let (group, server, _) = try startServer { $0.headerTimeout = .milliseconds(400) }
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        let started = Instant.now()
        // One byte every 100 ms: progress never extends the header deadline.
        for byte in "GET / HTTP/1.1\r\n".utf8.prefix(8) {
            client.send([byte])
            usleep(100_000)
        }
        let response = client.readToEnd()
        let elapsed = Instant.now() - started
        #expect(response.hasPrefix("HTTP/1.1 408"))
        #expect(elapsed < .seconds(2))
        #expect(server.statistics.timeouts.load(ordering: .relaxed) == 1)
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let (group, server, _) = try startServer { $0.idleTimeout = .milliseconds(200) }
        defer { group.shutdown() }
        let client = try RawClient(server.localAddress)
        client.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = client.read(until: "/x")
        #expect(client.isClosedByPeer())
    }

    @Test func clientGoingAwayAbortsAPendingExchange() throws {
        let (group, server, events) = try startServer()
        defer { group.shutdown() }
        do {
            let client = try RawClient(server.localAddress)
            client.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n")
            events.signal.wait()
        }
        events.signal.wait()
        #expect(events.aborted.load(ordering: .relaxed) == 1)
        let responder = try #require(events.held.withLock { $0.first })
        let isActive = Mutex(true)
        let done = DispatchSemaphore(value: 0)
        responder.loop.execute {
            isActive.withLock { $0 = responder.isActive }
            responder.respond(status: 200)
            done.signal()
        }
        done.wait()
        #expect(isActive.withLock { $0 } == false)
    }

    @Test func connectionLimitClosesExtraConnections() throws {
        let (group, server, _) = try startServer { $0.maxConnections = 2 }
        defer { group.shutdown() }
        let first = try RawClient(server.localAddress)
        let second = try RawClient(server.localAddress)
        first.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
        second.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = first.read(until: "/1")
        _ = second.read(until: "/2")
        let third = try RawClient(server.localAddress)
        #expect(third.isClosedByPeer())
        #expect(server.statistics.connectionsRefused.load(ordering: .relaxed) == 1)
    }

    @Test func slowReaderIsBackpressured() throws {
        let (group, server, _) = try startServer { $0.outputHighWatermark = 4096 }
        defer { group.shutdown() }
        // A large echo to a client that does not read: the server buffers at most what the socket takes plus
        // the response, and answers in full once the client reads.
        let client = try RawClient(server.localAddress)
        let body = [UInt8](repeating: UInt8(ascii: "b"), count: 4 << 20)
        let head = Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        let sent = inBackground { client.send(head + body) }
        var received = 0
        while received < body.count {
            guard let more = client.readSome() else { break }
            received += more.count
        }
        #expect(received > body.count)
        sent.wait()
    }

    @Test func gracefulStopLetsAnExchangeInFlightFinish() throws {
        let (group, server, events) = try startServer()
        defer { group.shutdown() }
        let idle = try RawClient(server.localAddress)
        idle.send("GET /warm HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = idle.read(until: "/warm")
        let busy = try RawClient(server.localAddress)
        busy.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n")
        events.signal.wait()
        let stopped = inBackground { server.stop(grace: .seconds(5)) }
        #expect(idle.isClosedByPeer())
        let responder = try #require(events.held.withLock { $0.first })
        responder.loop.execute { responder.respond(status: 200, body: Array("done".utf8)) }
        let response = busy.readToEnd()
        #expect(response.contains("done"))
        #expect(response.contains("connection: close"))
        stopped.wait()
        #expect(throws: SystemError.self) { _ = try RawClient(server.localAddress) }
    }
}

/// Runs `body` on another thread; the returned semaphore is signalled when it returns.
func inBackground(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        body()
        done.signal()
    }
    return done
}
