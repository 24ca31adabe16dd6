import ControlPlane
import Glibc
import Shared

/// Writes a line to standard output at once (the output may be a pipe read by a supervisor or a test).
func say(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    _ = write(1, &bytes, bytes.count)
}

func fail(_ message: String, code: Int32 = 1) -> Never {
    var bytes = Array("gatehouse: \(message)\n".utf8)
    _ = write(2, &bytes, bytes.count)
    exit(code)
}

let signals = SignalWaiter.block()
let parsed: ParsedArguments
do {
    switch try ArgumentParser.parse(Array(CommandLine.arguments.dropFirst()), spec: Commands.program) {
    case .help(let text):
        say(text)
        exit(0)
    case .run(let arguments):
        parsed = arguments
    }
} catch {
    fail("\(error)\nrun `gatehouse --help` for usage", code: 2)
}

let level = parsed.string("log-level").flatMap(Logger.Level.init(parsing:)) ?? .info
let format: LogFormat = parsed.string("log-format") == "json" ? .json : .logfmt
Logger.bootstrap(sink: FileDescriptorLogSink.standardError(format: format), level: level)

func address(_ option: String) -> SocketAddress {
    guard let text = parsed.string(option) else { fail("missing --\(option)", code: 2) }
    do {
        return try SocketAddress(parsing: text)
    } catch {
        fail("--\(option): \(error)", code: 2)
    }
}

func runControlPlane(dataDirectory: String, listen: SocketAddress) {
    let server: ControlPlaneServer
    do {
        server = try ControlPlaneServer(
            configuration: ControlPlaneConfiguration(dataDirectory: dataDirectory, listen: listen))
    } catch {
        fail("cannot start the control plane: \(error)")
    }
    say("control plane listening on http://\(server.localAddress)")
    say("admin token in \(dataDirectory)/admin.token, node token in \(dataDirectory)/node.token")
    _ = signals.wait()
    server.stop()
}

switch parsed.commandPath {
case ["gatehouse", "version"]:
    say("gatehouse \(BuildInfo.version)")
case ["gatehouse", "control"]:
    guard let directory = parsed.string("data-dir") else { fail("missing --data-dir", code: 2) }
    runControlPlane(dataDirectory: directory, listen: address("listen"))
case ["gatehouse", "control", "token", "create"]:
    guard let directory = parsed.string("data-dir") else { fail("missing --data-dir", code: 2) }
    do {
        let token = try TokenCommands.create(
            dataDirectory: directory, role: parsed.string("role") ?? "read",
            description: parsed.string("description") ?? "")
        say(token)
    } catch {
        fail("\(error)")
    }
case ["gatehouse", "up"]:
    let directory = parsed.string("data-dir") ?? "./data"
    say("the data plane (--listen, --admin) is not part of this build yet; running the control plane alone")
    runControlPlane(dataDirectory: directory, listen: address("control-listen"))
case ["gatehouse", "proxy"]:
    fail("the data plane is not part of this build yet", code: 2)
default:
    say(ArgumentParser.usage(of: Commands.program))
    exit(2)
}
