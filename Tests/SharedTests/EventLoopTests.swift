import Dispatch
import Synchronization
import Testing

@testable import Shared

@Suite struct EventLoopTests {
    @Test func tasksFromOtherThreadsRunOnTheLoop() throws {
        let group = try EventLoopGroup(count: 2)
        defer { group.shutdown() }
        let count = Atomic<Int>(0)
        let done = DispatchSemaphore(value: 0)
        for loop in group.loops {
            for _ in 0..<1000 {
                loop.execute {
                    precondition(loop.isInLoop, "a task ran off its loop")
                    if count.add(1, ordering: .relaxed).newValue == 2000 {
                        done.signal()
                    }
                }
            }
        }
        done.wait()
        #expect(count.load(ordering: .relaxed) == 2000)
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() throws {
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let fired = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        loop.execute {
            loop.schedule(after: .milliseconds(30)) { fired.withLock { $0.append(3) } }
            loop.schedule(after: .milliseconds(10)) { fired.withLock { $0.append(1) } }
            let cancelled = loop.schedule(after: .milliseconds(20)) { fired.withLock { $0.append(2) } }
            loop.cancel(cancelled)
            loop.schedule(after: .milliseconds(40)) { done.signal() }
        }
        done.wait()
        #expect(fired.withLock { $0 } == [1, 3])
    }

    @Test func timerQueueCountsLiveTimers() {
        var queue = TimerQueue()
        let first = queue.schedule(at: Instant(nanoseconds: 10)) {}
        _ = queue.schedule(at: Instant(nanoseconds: 5)) {}
        queue.cancel(first)
        queue.cancel(first)
        #expect(queue.count == 1)
        #expect(queue.nextDeadline() == Instant(nanoseconds: 5))
        #expect(queue.popDue(now: Instant(nanoseconds: 100)).count == 1)
        queue.cancel(first)
        #expect(queue.count == 0)
        #expect(queue.nextDeadline() == nil)
    }

    @Test func systemErrorsNameTheCall() {
        let error = SystemError(call: "bind", errno: 98)
        #expect(error.description.hasPrefix("bind failed: "))
        #expect(error.description.hasSuffix("(errno 98)"))
    }

    @Test func listeningTwiceWithoutReusePortFails() throws {
        let first = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0)!, reusePort: false)
        let address = try first.localAddress()
        #expect(throws: SystemError.self) { _ = try Socket.listen(on: address, reusePort: false) }
    }

    @Test func addressesParseAndExplainMistakes() throws {
        #expect(try SocketAddress(parsing: "127.0.0.1:8080").description == "127.0.0.1:8080")
        #expect(try SocketAddress(parsing: "[::1]:80").description == "[::1]:80")
        #expect(try SocketAddress(parsing: "localhost:1").host == "127.0.0.1")
        #expect(throws: AddressError.self) { try SocketAddress(parsing: "127.0.0.1") }
        #expect(throws: AddressError.self) { try SocketAddress(parsing: "127.0.0.1:99999") }
        #expect(throws: AddressError.self) { try SocketAddress(parsing: "example.com:80") }
        #expect(throws: AddressError.self) { try SocketAddress(parsing: "::1:80") }
    }
}
