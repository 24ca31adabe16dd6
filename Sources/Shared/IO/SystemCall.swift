import CLinux
import Glibc

/// A failed system call: which call, and the `errno` it set.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name of the system call that failed, for example `"accept4"`.
    public var call: String
    /// The `errno` value the call set.
    public var errno: Int32

    /// Creates an error for `call` failing with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// Whether the peer went away: a reset, a broken pipe or an aborted connection.
    public var isConnectionLoss: Bool {
        errno == ECONNRESET || errno == EPIPE || errno == ECONNABORTED || errno == ETIMEDOUT
    }
}

/// The outcome of a non-blocking system call that did not fail.
public enum IOResult<Value> {
    /// The call completed with this value.
    case done(Value)
    /// The call would have blocked (`EAGAIN` / `EWOULDBLOCK` / `EINPROGRESS`); wait for readiness.
    case wouldBlock
}

extension IOResult: Sendable where Value: Sendable {}

/// Runs a system call that returns -1 and sets `errno` on failure: retries on `EINTR`, reports "would block"
/// instead of failing, and throws a ``SystemError`` naming the call otherwise.
@inline(__always)
func systemCall(_ name: StaticString, _ body: () -> Int) throws(SystemError) -> IOResult<Int> {
    while true {
        let result = body()
        if result >= 0 {
            return .done(result)
        }
        let code = Glibc.errno
        switch code {
        case EINTR:
            continue
        case EAGAIN, EINPROGRESS:
            return .wouldBlock
        default:
            throw SystemError(call: String(describing: name), errno: code)
        }
    }
}

/// Runs a system call that must not block (configuration calls such as `bind` or `setsockopt`).
@inline(__always)
func blockingSystemCall(_ name: StaticString, _ body: () -> Int32) throws(SystemError) -> Int32 {
    while true {
        let result = body()
        if result >= 0 {
            return result
        }
        let code = Glibc.errno
        if code == EINTR {
            continue
        }
        throw SystemError(call: String(describing: name), errno: code)
    }
}
