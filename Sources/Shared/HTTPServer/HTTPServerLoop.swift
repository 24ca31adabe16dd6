import Synchronization

/// What an ``HTTPServer`` keeps on each of its loops: the listener, the handler factory, and the open connections.
final class HTTPServerLoop: EventHandler {
    let loop: EventLoop
    let configuration: HTTPServerConfiguration
    let makeHandler: HTTPServer.MakeHandler
    let statistics: HTTPServerStatistics
    private let listener: Socket
    private var isListening = true
    private var connections: [Int32: HTTPServerConnection] = [:]
    private let maxConnections: Int
    private var dateCache = HTTPDateCache()
    private var onDrained: (() -> Void)?

    init(
        loop: EventLoop, listener: Socket, configuration: HTTPServerConfiguration,
        makeHandler: @escaping HTTPServer.MakeHandler,
        maxConnections: Int, statistics: HTTPServerStatistics
    ) {
        self.loop = loop
        self.listener = listener
        self.configuration = configuration
        self.makeHandler = makeHandler
        self.maxConnections = maxConnections
        self.statistics = statistics
    }

    var connectionCount: Int { connections.count }

    func start() throws(SystemError) {
        try loop.register(listener.descriptor, handler: self)
    }

    func date() -> [UInt8] {
        dateCache.current()
    }

    // MARK: Accepting

    func onEvents(_ events: IOEvents) {
        while isListening {
            let accepted: (Socket, SocketAddress)?
            do {
                accepted = try listener.accept()
            } catch {
                // Out of descriptors or memory: the pending connection stays queued; try at the next event.
                statistics.acceptErrors.add(1, ordering: .relaxed)
                return
            }
            guard let (socket, peer) = accepted else { return }
            guard connections.count < maxConnections else {
                statistics.connectionsRefused.add(1, ordering: .relaxed)
                socket.close()
                continue
            }
            let connection = HTTPServerConnection(
                socket: socket, peer: peer, owner: self, handler: makeHandler(loop))
            connections[socket.descriptor] = connection
            statistics.connectionsAccepted.add(1, ordering: .relaxed)
            do {
                try connection.start()
            } catch {
                connection.close()
            }
        }
    }

    func connectionClosed(_ descriptor: Int32) {
        connections[descriptor] = nil
        if connections.isEmpty, let onDrained {
            self.onDrained = nil
            onDrained()
        }
    }

    func countRejected(_ error: HTTPParseError) {
        statistics.requestsRejected.add(1, ordering: .relaxed)
    }

    func countTimeout() {
        statistics.timeouts.add(1, ordering: .relaxed)
    }

    // MARK: Stopping

    /// Closes the listener and lets the connections finish their exchanges; `completion` runs once they are all
    /// closed, or once `grace` has passed and the rest were closed by force.
    func drain(grace: Duration, completion: @escaping () -> Void) {
        if isListening {
            isListening = false
            loop.deregister(listener.descriptor)
            listener.close()
        }
        onDrained = completion
        for connection in Array(connections.values) {
            connection.drain()
        }
        if connections.isEmpty {
            onDrained = nil
            completion()
            return
        }
        loop.schedule(after: grace) { [self] in
            for connection in Array(connections.values) {
                connection.close()
            }
        }
    }
}

/// Counters of an ``HTTPServer``, summed over its loops.
public final class HTTPServerStatistics: Sendable {
    /// Connections accepted.
    public let connectionsAccepted = Atomic<Int>(0)
    /// Connections closed at once because the connection limit was reached.
    public let connectionsRefused = Atomic<Int>(0)
    /// Failed `accept4` calls.
    public let acceptErrors = Atomic<Int>(0)
    /// Requests answered with an error because they were malformed or over a limit.
    public let requestsRejected = Atomic<Int>(0)
    /// Connections cut by a header, body, idle or write timeout.
    public let timeouts = Atomic<Int>(0)

    init() {}
}
