import Shared
import Synchronization

/// Settings of `gatehouse proxy`. Every field not given on the command line has a default.
public struct ProxySettings: Sendable {
    /// The control plane's address (plain HTTP).
    public var control: SocketAddress
    /// This node's id, as the control plane knows it.
    public var node: String
    /// The node token.
    public var token: String
    /// The folder of the last-good snapshot (`snapshot.json`, mode 0600).
    public var dataDirectory: String
    /// Where clients connect.
    public var listen: SocketAddress
    /// Where the admin endpoint (`/ready`, `/status`, `/metrics`) listens.
    public var admin: SocketAddress
    /// This node's labels, sent with every poll.
    public var labels: [String: String] = [:]
    /// The number of event loops serving clients. Default: one per core.
    public var workers: Int = EventLoopGroup.coreCount
    /// How long each poll asks the control plane to wait for a change, in seconds. Default 60.
    public var pollWaitSeconds: Int = 60
    /// The longest pause between polls while the control plane is unreachable. Default 30 s.
    public var maxBackoff: Duration = .seconds(30)
    /// How often a status report (also the heartbeat) is sent. Default 10 s.
    public var reportInterval: Duration = .seconds(10)
    /// The largest request body forwarded; larger ones get 413. Bodies stream, so this is a policy, not a
    /// memory bound. Default nil: no limit.
    public var maxBodyBytes: Int?
    /// The access log: a file to append JSON lines to, `-` for standard output, nil for none. Default nil.
    public var accessLogPath: String?
    /// Where lifecycle events are logged.
    public var logger: Logger = Logger(label: "proxy")

    /// Creates settings with defaults.
    public init(
        control: SocketAddress, node: String, token: String, dataDirectory: String, listen: SocketAddress,
        admin: SocketAddress
    ) {
        self.control = control
        self.node = node
        self.token = token
        self.dataDirectory = dataDirectory
        self.listen = listen
        self.admin = admin
    }
}

/// The applied version and the last rejection, shown by the admin endpoint.
public final class ProxyStatus: Sendable {
    private struct State {
        var version: String?
        var rejected: (version: String, error: String)?
    }

    private let state = Mutex(State())
    private let config = Mutex<[UInt8]?>(nil)

    /// Creates an empty status: nothing applied yet.
    public init() {}

    func update(version: String?, rejected: (version: String, error: String)?) {
        state.withLock { $0 = State(version: version, rejected: rejected) }
    }

    /// Keeps the applied snapshot for `/config`, with certificate keys removed.
    func show(snapshot bytes: [UInt8]) {
        guard case .object(var fields)? = try? ConfigDecoder.parse(bytes) else { return }
        if case .object(var certificates)? = fields["certificates"] {
            for (name, certificate) in certificates {
                if case .object(var members) = certificate {
                    members["key_pem"] = .string("[redacted]")
                    certificates[name] = .object(members)
                }
            }
            fields["certificates"] = .object(certificates)
        }
        let redacted = JSONValue.object(fields).canonicalBytes
        config.withLock { $0 = redacted }
    }

    /// The applied snapshot with secrets removed, or nil before any was applied.
    public var redactedSnapshot: [UInt8]? { config.withLock { $0 } }

    /// The snapshot version in force, or nil before any was applied.
    public var version: String? { state.withLock { $0.version } }

    /// The status as JSON for `/status`.
    var json: JSONValue {
        state.withLock { state in
            var rejected = JSONValue.null
            if let rejection = state.rejected {
                rejected = .object(["version": .string(rejection.version), "error": .string(rejection.error)])
            }
            return .object([
                "applied_version": state.version.map { .string($0) } ?? .null,
                "rejected": rejected,
                "ready": .bool(state.version != nil),
            ])
        }
    }
}
