/// Identifies a scheduled timer, so it can be cancelled.
public struct TimerHandle: Sendable, Hashable {
    let id: UInt64
}

/// The timers of one event loop: a binary heap of deadlines, with the actions kept beside it by timer id.
///
/// Cancelling drops the action at once (releasing what it captured); its heap entry is skipped when it reaches
/// the top. Connections keep one timer at a time and extend their deadline by writing a field; when the timer
/// fires early they schedule it again for the real deadline. So a busy keep-alive connection costs a timer
/// operation per timeout period, not per request.
struct TimerQueue {
    private struct Entry {
        var deadline: Instant
        var id: UInt64
    }

    private var heap: [Entry] = []
    private var actions: [UInt64: () -> Void] = [:]
    private var nextID: UInt64 = 1

    /// The number of timers scheduled and not yet fired or cancelled.
    var count: Int { actions.count }

    mutating func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerHandle {
        let id = nextID
        nextID += 1
        actions[id] = action
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        return TimerHandle(id: id)
    }

    mutating func cancel(_ handle: TimerHandle) {
        actions[handle.id] = nil
        if heap.count > 4 * actions.count + 4096 {
            // Many cancelled entries wait below the top: rebuild the heap from the live ones.
            heap.removeAll { actions[$0.id] == nil }
            for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) {
                siftDown(index)
            }
        }
    }

    /// The earliest deadline of a live timer.
    mutating func nextDeadline() -> Instant? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    /// Removes and returns the actions of every timer due at `now`, earliest first.
    mutating func popDue(now: Instant) -> [() -> Void] {
        var due: [() -> Void] = []
        while true {
            dropCancelledTop()
            guard let top = heap.first, top.deadline <= now else { break }
            removeTop()
            if let action = actions.removeValue(forKey: top.id) {
                due.append(action)
            }
        }
        return due
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, actions[top.id] == nil {
            removeTop()
        }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
