import CLinux
import Glibc
import Synchronization

/// Readiness reported for a registered descriptor.
public struct IOEvents: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data (or an end of stream) can be read.
    public static let readable = IOEvents(rawValue: 1)
    /// The send buffer has room.
    public static let writable = IOEvents(rawValue: 2)
    /// The peer closed or the socket failed; reading tells which.
    public static let hangup = IOEvents(rawValue: 4)
}

/// Something registered with an event loop, told when its descriptor becomes ready.
///
/// Registration is edge-triggered for reading and writing at once, made once per descriptor: a handler reads
/// until a read comes back short or would block, and writes until done or would block, then waits for the next
/// edge. No `epoll_ctl` happens per request.
public protocol EventHandler: AnyObject {
    /// The descriptor became ready for what `events` says.
    func onEvents(_ events: IOEvents)
}

/// Something that buffers output and writes it once the loop has handled every event of a wake-up, so that
/// several pieces produced by different events leave in one system call.
public protocol DeferredFlush: AnyObject {
    /// Writes what was buffered.
    func flushDeferred()
}

/// One thread with its own epoll set, timers and queue of tasks posted from other threads.
///
/// Everything but ``execute(_:)``, ``stop()`` and ``isInLoop`` must be called on the loop's own thread.
public final class EventLoop: @unchecked Sendable {
    // Safe to share: the mutable state below is touched only on the loop's thread (checked in debug builds by
    // `assertInLoop`); `tasks` and `isWakePending` are the cross-thread parts and are synchronised themselves.

    private struct Registration {
        var handler: EventHandler?
        var generation: UInt32
    }

    /// A number naming this loop in logs and metrics, from 0.
    public let index: Int
    private let epoll: Int32
    private let wake: Int32
    private var registrations: [Registration] = []
    private var timers = TimerQueue()
    private var deferredFlushes: [DeferredFlush] = []
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private let isWakePending = Atomic<Bool>(false)
    private let isStopping = Atomic<Bool>(false)
    private var thread: pthread_t?
    private let threadID = Atomic<UInt>(0)
    private var events: UnsafeMutablePointer<epoll_event>
    private let eventCapacity = 512
    private static let wakeToken: UInt64 = UInt64.max

    /// The time of the latest wake-up; cheaper than reading the clock and the same for all work of one wake-up.
    public private(set) var now: Instant = .now()

    /// Creates a loop; it runs once ``start()`` or ``run()`` is called.
    public init(index: Int = 0) throws(SystemError) {
        self.index = index
        epoll = try blockingSystemCall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        do {
            wake = try blockingSystemCall("eventfd") { eventfd(0, clinux_efd_flags()) }
        } catch {
            Glibc.close(epoll)
            throw error
        }
        events = .allocate(capacity: eventCapacity)
        var event = epoll_event()
        event.events = clinux_epollin()
        event.data.u64 = Self.wakeToken
        let (epoll, wake) = (self.epoll, self.wake)
        _ = try blockingSystemCall("epoll_ctl") { epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event) }
    }

    deinit {
        Glibc.close(wake)
        Glibc.close(epoll)
        events.deallocate()
    }

    /// Whether the caller runs on this loop's thread.
    public var isInLoop: Bool { threadID.load(ordering: .relaxed) == UInt(bitPattern: Int(pthread_self())) }

    @inline(__always)
    func assertInLoop() {
        assert(isInLoop || threadID.load(ordering: .relaxed) == 0, "called off the event loop's thread")
    }

    // MARK: Registration

    /// Registers `descriptor` for edge-triggered reading and writing, and for hang-ups.
    public func register(_ descriptor: Int32, handler: EventHandler) throws(SystemError) {
        assertInLoop()
        let index = Int(descriptor)
        if index >= registrations.count {
            registrations.append(
                contentsOf: repeatElement(
                    Registration(handler: nil, generation: 0), count: index + 1 - registrations.count + 64))
        }
        registrations[index].generation &+= 1
        registrations[index].handler = handler
        var event = epoll_event()
        event.events = clinux_epollin() | clinux_epollout() | clinux_epollrdhup() | clinux_epollet()
        event.data.u64 = UInt64(registrations[index].generation) << 32 | UInt64(UInt32(bitPattern: descriptor))
        let epoll = self.epoll
        do {
            _ = try blockingSystemCall("epoll_ctl") { epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) }
        } catch {
            registrations[index].handler = nil
            throw error
        }
    }

    /// Removes `descriptor` from the loop; call it before closing the descriptor. Events already read for it
    /// in this wake-up are dropped.
    public func deregister(_ descriptor: Int32) {
        assertInLoop()
        let index = Int(descriptor)
        guard index >= 0, index < registrations.count, registrations[index].handler != nil else { return }
        registrations[index].handler = nil
        registrations[index].generation &+= 1
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, descriptor, nil)
    }

    // MARK: Timers and tasks

    /// Runs `action` on this loop at `deadline` (or at the first wake-up after it).
    @discardableResult
    public func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerHandle {
        assertInLoop()
        return timers.schedule(at: deadline, action)
    }

    /// Runs `action` on this loop after `delay`.
    @discardableResult
    public func schedule(after delay: Duration, _ action: @escaping () -> Void) -> TimerHandle {
        schedule(at: now + delay, action)
    }

    /// Cancels a timer; cancelling one that fired already does nothing.
    public func cancel(_ timer: TimerHandle) {
        assertInLoop()
        timers.cancel(timer)
    }

    /// Calls `target.flushDeferred()` after the events of the current wake-up are handled.
    public func flushLater(_ target: DeferredFlush) {
        assertInLoop()
        deferredFlushes.append(target)
    }

    private func runDeferredFlushes() {
        while !deferredFlushes.isEmpty {
            let targets = deferredFlushes
            deferredFlushes.removeAll(keepingCapacity: true)
            for target in targets {
                target.flushDeferred()
            }
        }
    }

    /// Runs `task` on the loop's thread soon. Safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        if !isWakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = Glibc.write(wake, &one, 8)
        }
    }

    // MARK: Running

    /// Starts the loop on a thread of its own.
    public func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { argument in
                let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
                loop.run()
                return nil
            }, box)
        precondition(result == 0, "pthread_create failed with \(result)")
        self.thread = thread
    }

    /// Asks the loop to return from ``run()`` after the current wake-up. Safe from any thread.
    public func stop() {
        isStopping.store(true, ordering: .releasing)
        execute {}
    }

    /// Waits for the loop's thread to end, after ``stop()``.
    public func join() {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    /// Runs the loop on the calling thread until ``stop()``.
    public func run() {
        threadID.store(UInt(bitPattern: Int(pthread_self())), ordering: .relaxed)
        while !isStopping.load(ordering: .acquiring) {
            let timeout = waitTimeout()
            let count = epoll_wait(epoll, events, Int32(eventCapacity), timeout)
            now = .now()
            if count > 0 {
                dispatch(count: Int(count))
            }
            runDueTimers()
            runDeferredFlushes()
        }
        runTasks()
    }

    private func waitTimeout() -> Int32 {
        if !deferredFlushes.isEmpty {
            return 0
        }
        guard let deadline = timers.nextDeadline() else { return -1 }
        let current = Instant.now()
        guard deadline > current else { return 0 }
        // Round up, so a timer never fires a little early and is rescheduled in a loop.
        let milliseconds = (deadline.nanoseconds - current.nanoseconds + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }

    private func dispatch(count: Int) {
        for slot in 0..<count {
            let event = events[slot]
            let data = event.data.u64
            if data == Self.wakeToken {
                var value: UInt64 = 0
                _ = Glibc.read(wake, &value, 8)
                isWakePending.store(false, ordering: .releasing)
                runTasks()
                continue
            }
            let descriptor = Int(UInt32(truncatingIfNeeded: data))
            let generation = UInt32(truncatingIfNeeded: data >> 32)
            guard descriptor < registrations.count, registrations[descriptor].generation == generation,
                let handler = registrations[descriptor].handler
            else { continue }
            var ready: IOEvents = []
            let bits = event.events
            if bits & clinux_epollin() != 0 { ready.insert(.readable) }
            if bits & clinux_epollout() != 0 { ready.insert(.writable) }
            if bits & (clinux_epollhup() | clinux_epollerr() | clinux_epollrdhup()) != 0 {
                ready.insert(.hangup)
                ready.insert(.readable)
            }
            handler.onEvents(ready)
        }
    }

    private func runTasks() {
        let pending = tasks.withLock { tasks -> [@Sendable () -> Void] in
            let taken = tasks
            tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for task in pending {
            task()
        }
    }

    private func runDueTimers() {
        for action in timers.popDue(now: now) {
            action()
        }
    }
}
