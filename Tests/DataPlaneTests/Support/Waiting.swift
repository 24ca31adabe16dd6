import Dispatch
import Glibc

/// Thrown when a condition a test waits for does not come true before the deadline.
struct WaitTimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Checks `condition` until it holds, pausing between checks (starting at 5 ms, doubling up to 100 ms), and
/// throws when `timeout` passes first. For state another thread changes, such as the version a proxy applied.
func waitUntil(
    _ what: String, timeout: Duration = .seconds(10), _ condition: () throws -> Bool
) throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var pause = Duration.milliseconds(5)
    while try !condition() {
        guard clock.now < deadline else { throw WaitTimedOut(what: what) }
        let microseconds = pause.components.seconds * 1_000_000 + pause.components.attoseconds / 1_000_000_000_000
        usleep(UInt32(microseconds))
        pause = min(pause * 2, .milliseconds(100))
    }
}

/// A one-shot event a test thread can wait for with a deadline.
final class Signal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// Marks the event as happened; wakes one waiter.
    func fire() {
        semaphore.signal()
    }

    /// Waits for the event; throws when `timeout` passes first.
    func wait(_ what: String, timeout: Duration = .seconds(10)) throws {
        let milliseconds = Int(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard semaphore.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else {
            throw WaitTimedOut(what: what)
        }
    }
}
