import FoundationEssentials
import Glibc
import Synchronization
import Testing

@testable import ControlPlane

/// Creates a fresh folder under the system's temporary folder, runs `body` with its path, and removes the
/// folder afterwards, whatever `body` did.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    var template = Array("/tmp/gatehouse-store-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { buffer in
        mkdtemp(buffer.baseAddress!)
    }
    guard created != nil else {
        throw TestFailure("mkdtemp failed with errno \(errno)")
    }
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Opens a registry store in a fresh temporary folder, with a clock the test sets.
func withStore<Result>(_ body: (RegistryStore, TestClock, String) throws -> Result) throws -> Result {
    try withTemporaryDirectory { folder throws in
        let clock = TestClock(1_700_000_000_000)
        let store = try RegistryStore(path: folder + "/gatehouse.db", clock: { clock.now })
        return try body(store, clock, folder)
    }
}

/// A clock for tests: it stands still until the test moves it.
final class TestClock: Sendable {
    private let milliseconds: Mutex<Int64>

    init(_ start: Int64) {
        milliseconds = Mutex(start)
    }

    /// The current time, in unix milliseconds.
    var now: Int64 {
        milliseconds.withLock { $0 }
    }

    /// Moves the clock forward by `seconds`.
    func advance(seconds: Int64) {
        milliseconds.withLock { $0 += seconds * 1000 }
    }
}

/// An error a test raises itself.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Every test that uses SQLite runs inside this suite, one test at a time.
///
/// The crash test forks the test process. A child forked while another thread holds one of SQLite's global
/// mutexes (its allocator takes one on every allocation) inherits that mutex locked, with no thread left to
/// release it, and waits on it forever. Running SQLite tests one at a time keeps the fork clear of them.
@Suite(.serialized)
enum StoreTests {}
