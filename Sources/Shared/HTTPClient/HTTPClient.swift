/// An HTTP/1.1 client for one event loop, with a keep-alive pool per endpoint.
///
/// Not thread-safe: make one per loop and use it on that loop. Requests to an endpoint reuse idle pooled
/// connections (most recently used first), open new ones up to a cap, and wait in a bounded queue beyond it.
public final class HTTPClient {
    /// The loop the client runs on.
    public let loop: EventLoop
    let configuration: HTTPClientConfiguration
    private var pools: [SocketAddress: HTTPClientPool] = [:]

    /// Creates a client for `loop`.
    public init(loop: EventLoop, configuration: HTTPClientConfiguration = .init()) {
        self.loop = loop
        self.configuration = configuration
    }

    /// Sends `request` to `endpoint` and streams the response to `delegate`.
    public func execute(_ request: HTTPClientRequest, to endpoint: SocketAddress, delegate: HTTPClientDelegate) {
        pool(for: endpoint).submit(HTTPClientExchange(request: request, delegate: delegate))
    }

    /// Sends `request` to `endpoint` and calls `completion` with the whole response.
    public func fetch(
        _ request: HTTPClientRequest, to endpoint: SocketAddress,
        completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void
    ) {
        execute(request, to: endpoint, delegate: CollectingDelegate(completion: completion))
    }

    /// Open connections to `endpoint`, busy and idle.
    public func connectionCount(to endpoint: SocketAddress) -> Int {
        pools[endpoint]?.connectionCount ?? 0
    }

    /// Idle pooled connections to `endpoint`.
    public func idleConnectionCount(to endpoint: SocketAddress) -> Int {
        pools[endpoint]?.idleCount ?? 0
    }

    /// Closes every connection; exchanges in flight fail with `cancelled`.
    public func shutdown() {
        for pool in pools.values {
            pool.shutdown()
        }
        pools = [:]
    }

    private func pool(for endpoint: SocketAddress) -> HTTPClientPool {
        if let pool = pools[endpoint] {
            return pool
        }
        let pool = HTTPClientPool(endpoint: endpoint, loop: loop, configuration: configuration)
        pools[endpoint] = pool
        return pool
    }
}

/// A request on its way, with who gets the response.
struct HTTPClientExchange {
    var request: HTTPClientRequest
    var delegate: HTTPClientDelegate
    /// Whether it was already sent once on a pooled connection that turned out to be closed.
    var isRetry = false
}

/// The connections of one client to one endpoint.
///
/// Connections hold their pool strongly and leave it when they close, so a pool outlives its client until its
/// last connection is gone.
final class HTTPClientPool {
    let endpoint: SocketAddress
    let loop: EventLoop
    let configuration: HTTPClientConfiguration
    private var idle: [HTTPClientConnection] = []
    private var waiting: [HTTPClientExchange] = []
    private var waitingStart = 0
    private var connections: [ObjectIdentifier: HTTPClientConnection] = [:]

    init(endpoint: SocketAddress, loop: EventLoop, configuration: HTTPClientConfiguration) {
        self.endpoint = endpoint
        self.loop = loop
        self.configuration = configuration
    }

    var idleCount: Int { idle.count }
    var connectionCount: Int { connections.count }
    private var waitingCount: Int { waiting.count - waitingStart }

    func submit(_ exchange: HTTPClientExchange) {
        if !exchange.isRetry {
            while let connection = idle.popLast() {
                if connection.isReusable {
                    connection.send(exchange)
                    return
                }
                connection.close()
            }
        }
        if connectionCount < configuration.maxConnectionsPerEndpoint {
            open(for: exchange)
        } else if waitingCount < configuration.maxPendingRequestsPerEndpoint {
            waiting.append(exchange)
        } else {
            exchange.delegate.onFailure(HTTPClientError(.overflow, detail: "\(endpoint)"))
        }
    }

    private func open(for exchange: HTTPClientExchange) {
        let connection = HTTPClientConnection(pool: self)
        connections[ObjectIdentifier(connection)] = connection
        connection.connect(then: exchange)
    }

    /// A connection finished an exchange and may serve another.
    func release(_ connection: HTTPClientConnection) {
        if let next = takeWaiting() {
            connection.send(next)
            return
        }
        idle.append(connection)
        connection.becomeIdle()
    }

    func connectionClosed(_ connection: HTTPClientConnection) {
        connections[ObjectIdentifier(connection)] = nil
        if let index = idle.firstIndex(where: { $0 === connection }) {
            idle.remove(at: index)
        }
        if connectionCount < configuration.maxConnectionsPerEndpoint, let next = takeWaiting() {
            open(for: next)
        }
    }

    private func takeWaiting() -> HTTPClientExchange? {
        guard waitingStart < waiting.count else { return nil }
        let next = waiting[waitingStart]
        waitingStart += 1
        if waitingStart == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingStart = 0
        }
        return next
    }

    func shutdown() {
        let pending = waiting[waitingStart...]
        waiting = []
        waitingStart = 0
        for exchange in pending {
            exchange.delegate.onFailure(HTTPClientError(.cancelled, detail: "client shut down"))
        }
        idle = []
        for connection in Array(connections.values) {
            connection.close()
        }
    }
}
