import Glibc
import Shared

/// A fixed-response server on the gateway's HTTP stack: answers every request with 200 and
/// `hello from upstream\n`, for comparing the stack itself with nginx's `return 200`.
final class FixedResponseHandler: HTTPServerHandler {
    private static let body = Array("hello from upstream\n".utf8)
    private static let headers = [(name: "content-type", value: "text/plain")]

    func onRequestHead(_ request: HTTPRequestView, responder: HTTPResponder) {}

    func onRequestEnd(responder: HTTPResponder) {
        responder.respond(status: 200, headers: Self.headers, body: Self.body)
    }
}

func fail(_ message: String) -> Never {
    var line = Array("gatehouse-bench-server: \(message)\n".utf8)
    _ = write(2, &line, line.count)
    exit(2)
}

var listen = "127.0.0.1:18810"
var workers = 1
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--listen":
        guard let value = arguments.popFirst() else { fail("--listen needs ADDRESS:PORT") }
        listen = value
    case "--workers":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
            fail("--workers needs a positive number")
        }
        workers = value
    default:
        fail("unknown argument \(argument); usage: gatehouse-bench-server [--listen ADDR:PORT] [--workers N]")
    }
}

let signals = SignalWaiter.block()
do {
    let address = try SocketAddress(parsing: listen)
    let group = try EventLoopGroup(count: workers)
    let server = try HTTPServer(group: group, address: address) { _ in FixedResponseHandler() }
    print("listening on \(server.localAddress) with \(workers) worker(s)")
    _ = signals.wait()
    server.stop(grace: .seconds(2))
    group.shutdown()
} catch {
    fail("\(error)")
}
