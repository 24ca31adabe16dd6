/// One movable deadline of a connection, backed by at most one loop timer.
///
/// Moving the deadline later only writes a field; the timer, when it fires early, is scheduled again for the
/// current deadline. Moving it earlier replaces the timer. Use it on its loop only.
struct DeadlineTimer {
    /// The current deadline, or nil when none applies.
    private(set) var deadline: Instant?
    private var timer: TimerHandle?
    private var timerAt = Instant(nanoseconds: 0)

    /// Sets the deadline to `at`; `onFire` must call ``fired(on:now:onFire:)``.
    mutating func set(_ at: Instant, on loop: EventLoop, onFire: @escaping () -> Void) {
        deadline = at
        if let timer {
            guard at < timerAt else { return }
            loop.cancel(timer)
        }
        timerAt = at
        timer = loop.schedule(at: at, onFire)
    }

    /// Removes the deadline; a pending timer finds nothing to do.
    mutating func clear() {
        deadline = nil
    }

    /// Handles the timer firing: true when the deadline has passed (and is now cleared), false when there is no
    /// deadline or it moved later (then the timer is scheduled again).
    mutating func fired(on loop: EventLoop, onFire: @escaping () -> Void) -> Bool {
        timer = nil
        guard let deadline else { return false }
        if loop.now < deadline {
            timerAt = deadline
            timer = loop.schedule(at: deadline, onFire)
            return false
        }
        self.deadline = nil
        return true
    }

    /// Cancels the timer, releasing what its action captured.
    mutating func cancel(on loop: EventLoop) {
        deadline = nil
        if let timer {
            loop.cancel(timer)
            self.timer = nil
        }
    }
}
