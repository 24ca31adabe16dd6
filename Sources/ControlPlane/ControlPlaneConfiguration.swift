import Shared

/// Settings of `gatehouse control`. Every field but the data directory and the address has a default.
public struct ControlPlaneConfiguration: Sendable {
    /// The folder holding `gatehouse.db`, `admin.token` and `node.token`; created (mode 0700) when missing.
    public var dataDirectory: String
    /// Where the REST API listens.
    public var listen: SocketAddress
    /// How long a snapshot poll waits for a change when `Prefer: wait` is absent. Default 60 s.
    public var defaultWait: Duration = .seconds(60)
    /// The longest wait a poll may ask for; longer asks are capped. Default 300 s.
    public var maxWait: Duration = .seconds(300)
    /// How often endpoint TTLs are checked. Default 1 s.
    public var sweepInterval: Duration = .seconds(1)
    /// How long an endpoint whose TTL lapsed is kept (out of snapshots) before it is deleted. Default 300 s.
    public var endpointGraceSeconds: Int = 300
    /// A node silent for longer than this is listed as stale. Default 90 s.
    public var staleAfterSeconds: Int = 90
    /// A node whose applied version differs from its desired one for longer than this is flagged as drifted.
    /// Default 60 s.
    public var driftGraceSeconds: Int = 60
    /// The most open connections; more are closed at once. Every node holding a snapshot poll keeps one open, so
    /// this bounds the fleet, and admin calls need room beside it. The process's open-file limit must be higher.
    /// Default 50,000.
    public var maxConnections: Int = 50_000
    /// The largest request body accepted. Default 4 MiB.
    public var maxBodyBytes: Int = 4 << 20
    /// The file of the 32-byte key that encrypts certificate keys at rest; created with mode 0600 when missing.
    /// Default: `master.key` in the data directory.
    public var masterKeyFile: String?
    /// Where lifecycle events are logged.
    public var logger: Logger

    /// Creates a configuration with defaults.
    public init(dataDirectory: String, listen: SocketAddress, logger: Logger = Logger(label: "control")) {
        self.dataDirectory = dataDirectory
        self.listen = listen
        self.logger = logger
    }
}
