import Synchronization

@testable import Shared

/// A service endpoint for tests: answers each request with a description of what it received (see ``Echo``),
/// except requests whose path starts with `/hold`, which it keeps unanswered until ``releaseHeld()``, and
/// `/hop-by-hop`, answered with `Connection: x-trace`, `X-Trace: 1` and `X-Other: 2`.
final class EchoUpstream: Sendable {
    /// The name written in every echo, to tell endpoints apart.
    let name: String
    /// Where the endpoint listens.
    let address: SocketAddress
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let record = Record()

    /// What the upstream's handlers share with the test.
    private final class Record: Sendable {
        let held = Mutex<[HTTPResponder]>([])
        let requests = Atomic<Int>(0)
    }

    init(name: String) throws {
        self.name = name
        group = try EventLoopGroup(count: 1)
        let record = self.record
        server = try HTTPServer(group: group, address: SocketAddress(host: "127.0.0.1", port: 0)!) { _ in
            BufferedHTTPHandler { request, responder in
                record.requests.add(1, ordering: .relaxed)
                if request.path == "/hop-by-hop" {
                    responder.respond(
                        status: 200, headers: [("connection", "x-trace"), ("x-trace", "1"), ("x-other", "2")])
                    return
                }
                if request.path.hasPrefix("/hold") {
                    record.held.withLock { $0.append(responder) }
                    return
                }
                responder.respond(
                    status: 200, headers: [("content-type", "text/plain"), ("x-upstream", name)],
                    body: Echo.describe(request, upstream: name))
            }
        }
        address = server.localAddress
    }

    /// Requests received so far, held ones included.
    var requests: Int { record.requests.load(ordering: .relaxed) }

    /// Requests waiting for ``releaseHeld()``.
    var heldCount: Int { record.held.withLock { $0.count } }

    /// Answers every held request with 200 and the body `released`.
    func releaseHeld() {
        let responders = record.held.withLock { held in
            defer { held = [] }
            return held
        }
        for responder in responders {
            responder.loop.execute {
                responder.respond(status: 200, body: Array("released".utf8))
            }
        }
    }

    func stop() {
        releaseHeld()
        server.stop(grace: .seconds(1))
        group.shutdown()
    }
}

/// What an ``EchoUpstream`` received, as it wrote it in its answer: one `key value` line each for the upstream,
/// the method and the target, a `header NAME: VALUE` line per field in the order received, then `body` and the
/// body's bytes on the following lines.
struct Echo {
    var upstream = ""
    var method = ""
    var target = ""
    var headers: [(name: String, value: String)] = []
    var body = ""

    static func describe(_ request: HTTPRequest, upstream: String) -> [UInt8] {
        var text = "upstream \(upstream)\nmethod \(request.method)\ntarget \(request.target)\n"
        for (name, value) in request.headers {
            text += "header \(name): \(value)\n"
        }
        text += "body\n"
        return Array(text.utf8) + request.body
    }

    /// Reads an echo from a response body.
    init(_ response: HTTPClientResponse) {
        var lines = response.text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst(), line != "body" {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count == 2 ? String(parts[1]) : ""
            switch parts[0] {
            case "upstream": upstream = value
            case "method": method = value
            case "target": target = value
            case "header":
                let field = value.split(separator: ":", maxSplits: 1)
                headers.append((String(field[0]), field.count == 2 ? String(field[1].dropFirst()) : ""))
            default: break
            }
        }
        body = lines.joined(separator: "\n")
    }

    /// Every value of the fields named `name`, compared without case.
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

/// An address where nothing listens: a port bound for a moment and released, so connecting is refused.
func deadAddress() throws -> SocketAddress {
    let socket = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0)!, reusePort: false)
    let address = try socket.localAddress()
    socket.close()
    return address
}

/// An endpoint that accepts each request and closes the connection without answering, counting the requests:
/// every try the proxy makes shows up as one.
final class ResettingUpstream: Sendable {
    let address: SocketAddress
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let counter = Counter()

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private final class Handler: HTTPServerHandler {
        let counter: Counter
        init(counter: Counter) { self.counter = counter }

        func onRequestHead(_ request: HTTPRequestView, responder: HTTPResponder) {}

        func onRequestEnd(responder: HTTPResponder) {
            counter.value.add(1, ordering: .relaxed)
            responder.abort()
        }
    }

    init() throws {
        group = try EventLoopGroup(count: 1)
        let counter = self.counter
        server = try HTTPServer(group: group, address: SocketAddress(host: "127.0.0.1", port: 0)!) { _ in
            Handler(counter: counter)
        }
        address = server.localAddress
    }

    /// Requests received so far.
    var requests: Int { counter.value.load(ordering: .relaxed) }

    func stop() {
        server.stop(grace: .seconds(1))
        group.shutdown()
    }
}
