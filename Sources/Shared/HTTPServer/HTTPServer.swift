import Dispatch
import Synchronization

/// An HTTP/1.1 server with a listener on each loop of a group (`SO_REUSEPORT`), so the kernel spreads
/// connections over the loops and no loop hands work to another.
public final class HTTPServer: Sendable {
    /// Makes the handler of one connection; called on the connection's loop when it is accepted. State shared by
    /// the connections of a loop belongs in an object the handlers hold.
    public typealias MakeHandler = @Sendable (EventLoop) -> HTTPServerHandler

    /// The address the server listens on, with the port filled in when port 0 was asked for.
    public let localAddress: SocketAddress
    /// Counters summed over the loops.
    public let statistics = HTTPServerStatistics()
    private let group: EventLoopGroup
    private let states = Mutex<[Int: HTTPServerLoopBox]>([:])

    /// Binds a listener per loop and starts serving.
    ///
    /// - Parameters:
    ///   - group: the loops to serve on.
    ///   - address: where to listen; port 0 picks a free port, shared by all loops.
    ///   - configuration: limits and timeouts.
    ///   - makeHandler: makes each connection's handler.
    public init(
        group: EventLoopGroup, address: SocketAddress, configuration: HTTPServerConfiguration = .init(),
        makeHandler: @escaping MakeHandler
    ) throws(SystemError) {
        self.group = group
        var listeners: [Socket] = []
        var bound = address
        for _ in group.loops {
            let listener = try Socket.listen(on: bound, reusePort: true)
            if bound.port == 0 {
                bound = try listener.localAddress()
            }
            listeners.append(listener)
        }
        localAddress = bound
        let perLoop = max(1, configuration.maxConnections / group.loops.count)
        let started = DispatchSemaphore(value: 0)
        let failure = Mutex<SystemError?>(nil)
        for (loop, listener) in zip(group.loops, listeners) {
            let box = HTTPServerListenerBox(listener)
            loop.execute { [self] in
                let state = HTTPServerLoop(
                    loop: loop, listener: box.take(), configuration: configuration, makeHandler: makeHandler,
                    maxConnections: perLoop, statistics: statistics)
                do throws(SystemError) {
                    try state.start()
                } catch {
                    failure.withLock { $0 = error }
                }
                states.withLock { $0[loop.index] = HTTPServerLoopBox(state) }
                started.signal()
            }
        }
        for _ in group.loops {
            started.wait()
        }
        if let error = failure.withLock({ $0 }) {
            throw error
        }
    }

    /// The number of open connections, summed over the loops (read on each loop).
    public func connectionCount() -> Int {
        let boxes = states.withLock { Array($0.values) }
        let total = Atomic<Int>(0)
        let done = DispatchSemaphore(value: 0)
        for box in boxes {
            box.state.loop.execute {
                total.add(box.state.connectionCount, ordering: .relaxed)
                done.signal()
            }
        }
        for _ in boxes {
            done.wait()
        }
        return total.load(ordering: .relaxed)
    }

    /// Stops gracefully: stops accepting, lets exchanges in flight finish for up to `grace`, then closes what is
    /// left. Returns once every connection is closed. Do not call it from one of the server's loops.
    public func stop(grace: Duration = .seconds(10)) {
        let boxes = states.withLock { Array($0.values) }
        let done = DispatchSemaphore(value: 0)
        for box in boxes {
            box.state.loop.execute {
                box.state.drain(grace: grace) { done.signal() }
            }
        }
        for _ in boxes {
            done.wait()
        }
    }
}

/// Carries a loop's state in the server's table; it is only used on its own loop.
final class HTTPServerLoopBox: @unchecked Sendable {
    // Safe: `state` is created on its loop and every use goes through `state.loop.execute`.
    let state: HTTPServerLoop
    init(_ state: HTTPServerLoop) { self.state = state }
}

/// Hands a listening socket to the loop that will own it.
final class HTTPServerListenerBox: @unchecked Sendable {
    // Safe: the socket is created on the caller's thread and only touched again on the loop, after the hand-over.
    private let socket: Socket
    init(_ socket: Socket) { self.socket = socket }
    func take() -> Socket { socket }
}
