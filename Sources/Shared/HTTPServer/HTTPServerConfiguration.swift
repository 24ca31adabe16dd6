/// Limits and timeouts of an HTTP/1.1 server. Every field has a default fit for an edge proxy.
public struct HTTPServerConfiguration: Sendable {
    /// Parser limits: request line, head size and field count, chunk lines, body size.
    public var limits: HTTPLimits = .default
    /// The time a client has to send a complete request head, from its first byte (or from the accept, for
    /// the first request). Not extended by progress, so a client trickling bytes is cut off. Default 10 s.
    public var headerTimeout: Duration = .seconds(10)
    /// How long a keep-alive connection may sit idle between requests. Default 60 s.
    public var idleTimeout: Duration = .seconds(60)
    /// The longest pause allowed while a request body is arriving. Default 30 s.
    public var bodyTimeout: Duration = .seconds(30)
    /// The longest pause allowed while a response waits for the client to read it. Default 30 s.
    public var writeTimeout: Duration = .seconds(30)
    /// The most open connections per server, divided evenly between its loops; more are closed at once.
    /// Default 10,000.
    public var maxConnections: Int = 10_000
    /// The most requests served on one connection before it is closed. Default 100,000.
    public var maxRequestsPerConnection: Int = 100_000
    /// Response bytes buffered for a slow client above which the handler is told to stop producing
    /// (``HTTPResponder/writeBody(_:)`` returns false). Default 256 KiB.
    public var outputHighWatermark: Int = 256 * 1024
    /// The first size of a connection's read buffer; it grows up to the head limit when a head needs it.
    /// Default 4 KiB.
    public var initialReadBufferSize: Int = 4096
    /// The header that names the reason of responses the server makes itself, such as a 400 for a malformed
    /// request; nil sends none. Default `gatehouse-reason`.
    public var reasonHeader: String? = "gatehouse-reason"
    /// The `server` header sent with every response; nil sends none. Default nil.
    public var serverName: String? = nil

    /// Creates the default configuration.
    public init() {}
}
