import Glibc

/// Waits for termination signals on a thread of the caller's choosing.
///
/// ``block(_:)`` must run before any other thread starts, so that every thread inherits the mask and the signals
/// are only ever delivered through ``wait()``.
public struct SignalWaiter: Sendable {
    private let signals: [Int32]

    /// Blocks `signals` (by default SIGINT and SIGTERM) in the calling thread and the threads it starts later.
    public static func block(_ signals: [Int32] = [SIGINT, SIGTERM]) -> SignalWaiter {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals {
            sigaddset(&set, signal)
        }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        return SignalWaiter(signals: signals)
    }

    /// Blocks the calling thread until one of the signals arrives, and returns it.
    public func wait() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals {
            sigaddset(&set, signal)
        }
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }
}
