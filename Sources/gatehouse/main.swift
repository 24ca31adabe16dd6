import ControlPlane
import DataPlane
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

func startControlPlane(dataDirectory: String, listen: SocketAddress) -> ControlPlaneServer {
    let server: ControlPlaneServer
    do {
        var configuration = ControlPlaneConfiguration(dataDirectory: dataDirectory, listen: listen)
        configuration.masterKeyFile = parsed.string("master-key")
        if parsed.commandPath == ["gatehouse", "control"], let seconds = parsed.int("max-wait"), seconds > 0 {
            configuration.maxWait = .seconds(seconds)
            configuration.defaultWait = min(configuration.defaultWait, configuration.maxWait)
        }
        server = try ControlPlaneServer(configuration: configuration)
    } catch {
        fail("cannot start the control plane: \(error)")
    }
    say("control plane listening on http://\(server.localAddress)")
    say("admin token in \(dataDirectory)/admin.token, node token in \(dataDirectory)/node.token")
    return server
}

func startProxy(_ settings: ProxySettings) -> ProxyServer {
    let proxy: ProxyServer
    do {
        proxy = try ProxyServer(settings: settings)
    } catch {
        fail("cannot start the proxy: \(error)")
    }
    say("proxy listening on http://\(proxy.localAddress), admin on http://\(proxy.adminAddress)")
    return proxy
}

/// The control plane's address from `--control`: `http://HOST:PORT` (HTTPS is not part of this build yet).
func controlAddress(_ text: String) -> SocketAddress {
    guard text.hasPrefix("http://") else { fail("--control must be an http:// URL", code: 2) }
    var rest = text.dropFirst("http://".count)
    if rest.hasSuffix("/") {
        rest = rest.dropLast()
    }
    do {
        return try SocketAddress(parsing: String(rest))
    } catch {
        fail("--control: \(error)", code: 2)
    }
}

switch parsed.commandPath {
case ["gatehouse", "version"]:
    say("gatehouse \(BuildInfo.version)")
case ["gatehouse", "control"]:
    guard let directory = parsed.string("data-dir") else { fail("missing --data-dir", code: 2) }
    let server = startControlPlane(dataDirectory: directory, listen: address("listen"))
    _ = signals.wait()
    server.stop()
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
    let control = startControlPlane(dataDirectory: directory, listen: address("control-listen"))
    var settings = ProxySettings(
        control: control.localAddress, node: "local", token: control.nodeToken, dataDirectory: directory + "/proxy",
        listen: address("listen"), admin: address("admin"))
    settings.labels = ["mode": "up"]
    settings.accessLogPath = parsed.string("access-log")
    if let workers = parsed.int("workers"), workers > 0 {
        settings.workers = workers
    }
    let proxy = startProxy(settings)
    let header = "-H \"Authorization: Bearer $(cat \(directory)/admin.token)\" -H 'content-type: application/json'"
    say("try: curl -X PUT \(header) \\")
    say("       -d '{}' http://\(control.localAddress)/v1/services/hello")
    _ = signals.wait()
    proxy.stop()
    control.stop()
case ["gatehouse", "proxy"]:
    guard let tokenFile = parsed.string("token-file"), let directory = parsed.string("data-dir"),
        let node = parsed.string("node"), let control = parsed.string("control")
    else { fail("missing a required option", code: 2) }
    guard let token = readToken(tokenFile) else { fail("cannot read a token from \(tokenFile)") }
    var settings = ProxySettings(
        control: controlAddress(control), node: node, token: token, dataDirectory: directory,
        listen: address("listen"), admin: address("admin"))
    do {
        settings.labels = try parsed.labels("labels")
    } catch {
        fail("\(error)", code: 2)
    }
    if let workers = parsed.int("workers"), workers > 0 {
        settings.workers = workers
    }
    settings.accessLogPath = parsed.string("access-log")
    let proxy = startProxy(settings)
    _ = signals.wait()
    proxy.stop()
default:
    say(ArgumentParser.usage(of: Commands.program))
    exit(2)
}

/// The token in `path`, without surrounding whitespace.
func readToken(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 4096)
    let count = read(descriptor, &bytes, bytes.count)
    guard count > 0 else { return nil }
    let token = String(decoding: bytes[0..<count], as: UTF8.self).trimmingSpaces()
    return token.isEmpty ? nil : token
}
