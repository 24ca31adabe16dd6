import Shared

/// Snapshot polls held open until their node's snapshot changes or their wait ends.
struct SnapshotWaiters {
    /// One held poll.
    struct Waiter {
        /// The polling node.
        var node: String
        /// The snapshot version the node holds, from `If-None-Match`.
        var known: String?
        /// Answers the poll.
        var responder: HTTPResponder
        /// Ends the wait with a 304.
        var timer: TimerHandle
    }

    private var waiters: [Int: Waiter] = [:]
    private var nextID = 0

    /// The number of polls held.
    var count: Int { waiters.count }

    /// Every held poll, by id.
    var all: [(Int, Waiter)] { waiters.map { ($0.key, $0.value) } }

    /// Holds a poll for up to `wait`; `onTimeout` runs with its id when the wait ends.
    mutating func add(
        node: String, known: String?, responder: HTTPResponder, wait: Duration, on loop: EventLoop,
        onTimeout: @escaping (Int) -> Void
    ) {
        let id = nextID
        nextID += 1
        let timer = loop.schedule(after: wait) { onTimeout(id) }
        waiters[id] = Waiter(node: node, known: known, responder: responder, timer: timer)
    }

    /// Stops holding a poll; its timer is cancelled unless it is the one firing.
    @discardableResult
    mutating func remove(_ id: Int) -> Waiter? {
        waiters.removeValue(forKey: id)
    }

    /// Answers every held poll with 304 (for a clean stop).
    mutating func releaseAll(on loop: EventLoop) {
        for waiter in waiters.values {
            loop.cancel(waiter.timer)
            waiter.responder.respond(status: 304)
        }
        waiters = [:]
    }
}
