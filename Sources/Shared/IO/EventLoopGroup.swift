import Glibc
import Synchronization

/// A fixed set of event loops, each on its own thread.
public final class EventLoopGroup: Sendable {
    /// The loops, indexed from 0.
    public let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    /// Creates and starts `count` loops; the default is one per processor core.
    public init(count: Int = EventLoopGroup.coreCount) throws(SystemError) {
        precondition(count > 0, "an event loop group needs at least one loop")
        Self.ignoreBrokenPipes()
        var loops: [EventLoop] = []
        for index in 0..<count {
            loops.append(try EventLoop(index: index))
        }
        self.loops = loops
        for loop in loops {
            loop.start()
        }
    }

    /// The number of processor cores online.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The next loop in round-robin order, for work that is not tied to a listener.
    public func next() -> EventLoop {
        loops[nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Stops every loop and waits for their threads to end.
    public func shutdown() {
        for loop in loops {
            loop.stop()
        }
        for loop in loops {
            loop.join()
        }
    }

    /// A write to a closed socket must fail with `EPIPE`, not kill the process.
    private static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
