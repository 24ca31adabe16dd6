import Dispatch
import Foundation
import Shared
import Synchronization

/// The built `gatehouse` executable, found from this file's place in the package.
enum GatehouseBinary {
    /// `.build/debug/gatehouse` under the package root.
    static let path: String = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 {
            root.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/gatehouse").path
    }()

    /// Whether the executable exists; the process tests are skipped without it.
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }
}

/// Creates a fresh folder under the system's temporary folder, runs `body` with its path, and removes it after.
func withTemporaryFolder<Result>(_ body: (String) throws -> Result) throws -> Result {
    var template = Array("/tmp/gatehouse-process-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard created != nil else {
        throw ProcessTestFailure("mkdtemp failed with errno \(errno)")
    }
    let path = String(cString: created!)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// An error a process test raises itself.
struct ProcessTestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A running `gatehouse` process whose standard output is read line by line.
final class GatehouseProcess: Sendable {
    private let process: Process
    private let output: FileHandle
    private let exited = DispatchSemaphore(value: 0)
    /// Where the process's standard error goes, for a failure message.
    let logPath: String

    /// Starts `gatehouse` with `arguments`; standard error goes to `logPath`.
    init(_ arguments: [String], logPath: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GatehouseBinary.path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        self.process = process
        self.output = pipe.fileHandleForReading
        self.logPath = logPath
    }

    var processIdentifier: Int32 { process.processIdentifier }

    /// Reads standard output until a line starting with `prefix` and returns it; fails at the end of the output
    /// or after `timeout`, killing the process then.
    func line(startingWith prefix: String, timeout: Duration = .seconds(10)) throws -> String {
        let found = Mutex<Bool>(false)
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) {
            if !found.withLock({ $0 }) {
                kill(pid, SIGKILL)
            }
        }
        var pending = Data()
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                pending = Data(pending[(end + 1)...])
                if line.hasPrefix(prefix) {
                    found.withLock { $0 = true }
                    return line
                }
                continue
            }
            let chunk = output.availableData
            guard !chunk.isEmpty else {
                throw ProcessTestFailure("gatehouse ended its output without \"\(prefix)\"; log: \(log)")
            }
            pending.append(chunk)
        }
    }

    /// Reads the `control plane listening on http://…` line and returns the address.
    func listeningAddress() throws -> SocketAddress {
        let line = try line(startingWith: "control plane listening on http://")
        let text = String(line.dropFirst("control plane listening on http://".count))
        return try SocketAddress(parsing: text)
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits up to `timeout` for the process to end; its exit status, or nil when it still runs.
    func waitForExit(timeout: Duration) -> (status: Int32, wasSignaled: Bool)? {
        let milliseconds = Int(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard exited.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else {
            return nil
        }
        exited.signal()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Kills the process if it still runs and waits for it, so that no test leaves one behind.
    func reap() {
        if process.isRunning {
            send(SIGKILL)
        }
        _ = waitForExit(timeout: .seconds(10))
    }

    /// The process's standard error so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}

/// A blocking client for one server: our `HTTPClient` on a loop of its own.
final class BlockingClient: @unchecked Sendable {
    // Safe: `client` is created and used only inside `loop.execute` closures.
    private let group: EventLoopGroup
    private let loop: EventLoop
    private var client: HTTPClient!
    let address: SocketAddress
    let token: String

    /// One complete answer.
    struct Answer: Sendable {
        var status: Int
        var body: String
    }

    init(address: SocketAddress, token: String) throws {
        self.address = address
        self.token = token
        group = try EventLoopGroup(count: 1)
        loop = group.loops[0]
        let made = DispatchSemaphore(value: 0)
        loop.execute { [self] in
            client = HTTPClient(loop: loop)
            made.signal()
        }
        made.wait()
    }

    /// Closes the connections and stops the loop.
    func shutdown() {
        let closed = DispatchSemaphore(value: 0)
        loop.execute { [self] in
            client.shutdown()
            closed.signal()
        }
        closed.wait()
        group.shutdown()
    }

    /// Sends a request with the bearer token and waits for the answer or the failure.
    func request(_ method: String, _ path: String, body: String? = nil) -> Result<Answer, HTTPClientError> {
        let result = Mutex<Result<Answer, HTTPClientError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        send(method, path, body: body) { answer in
            result.withLock { $0 = answer }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }

    /// Sends a request with the bearer token; `completion` runs on the client's loop.
    func send(
        _ method: String, _ path: String, body: String? = nil,
        completion: @escaping @Sendable (Result<Answer, HTTPClientError>) -> Void
    ) {
        var headers = [(name: "authorization", value: "Bearer \(token)")]
        if body != nil {
            headers.append((name: "content-type", value: "application/json"))
        }
        let request = HTTPClientRequest(
            method: method, target: path, headers: headers, body: body.map { Array($0.utf8) })
        let address = self.address
        loop.execute { [self] in
            client.fetch(request, to: address) { result in
                completion(
                    result.map { Answer(status: $0.status, body: String(decoding: $0.body, as: UTF8.self)) })
            }
        }
    }
}
