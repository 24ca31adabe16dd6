import CLinux
import Glibc

/// A non-blocking TCP socket: owns its file descriptor and closes it when released.
///
/// All unsafe pointer work on sockets lives in this file. A socket is used by one event loop at a time.
public final class Socket {
    /// The file descriptor, or -1 once closed.
    public private(set) var descriptor: Int32

    /// Takes ownership of an open, non-blocking descriptor.
    init(descriptor: Int32) {
        precondition(descriptor >= 0, "a socket needs an open descriptor")
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
        }
    }

    /// Whether the descriptor is still open.
    public var isOpen: Bool { descriptor >= 0 }

    /// Closes the descriptor. Closing twice is harmless.
    public func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    // MARK: Creating

    /// Opens a listening socket bound to `address`.
    ///
    /// - Parameters:
    ///   - address: where to listen; port 0 picks a free port.
    ///   - reusePort: sets `SO_REUSEPORT`, so each event loop can own a listener on the same port.
    ///   - backlog: the kernel's accept queue length.
    public static func listen(on address: SocketAddress, reusePort: Bool, backlog: Int32 = 4096) throws(SystemError)
        -> Socket
    {
        let socket = try open(family: address.family)
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1, name: "setsockopt(SO_REUSEADDR)")
        if reusePort {
            try socket.setOption(SOL_SOCKET, SO_REUSEPORT, 1, name: "setsockopt(SO_REUSEPORT)")
        }
        var (storage, length) = address.storage()
        _ = try blockingSystemCall("bind") { clinux_bind(socket.descriptor, &storage, length) }
        _ = try blockingSystemCall("listen") { Glibc.listen(socket.descriptor, backlog) }
        return socket
    }

    /// Starts a non-blocking connection to `address`.
    ///
    /// - Returns: the socket and whether the connection is already established; when it is not, wait for
    ///   writability and call ``connectionResult()``.
    public static func connect(to address: SocketAddress) throws(SystemError) -> (Socket, isConnected: Bool) {
        let socket = try open(family: address.family)
        try socket.setNoDelay()
        var (storage, length) = address.storage()
        let result = try systemCall("connect") { Int(clinux_connect(socket.descriptor, &storage, length)) }
        if case .done = result {
            return (socket, true)
        }
        return (socket, false)
    }

    private static func open(family: SocketAddress.Family) throws(SystemError) -> Socket {
        let domain = family == .inet ? AF_INET : AF_INET6
        let type = clinux_sock_stream() | clinux_sock_nonblock_cloexec()
        let fd = try blockingSystemCall("socket") { Glibc.socket(domain, type, 0) }
        return Socket(descriptor: fd)
    }

    /// Accepts one pending connection, already non-blocking and close-on-exec.
    ///
    /// - Returns: the connection and its peer's address, or nil when no connection is pending.
    public func accept() throws(SystemError) -> (Socket, SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor
        switch try systemCall("accept4", { Int(clinux_accept4(fd, &storage, &length)) }) {
        case .done(let accepted):
            return (Socket(descriptor: Int32(accepted)), SocketAddress(storage: storage))
        case .wouldBlock:
            return nil
        }
    }

    /// The outcome of a non-blocking connect, once the socket became writable.
    public func connectionResult() -> SystemError? {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) < 0 {
            return SystemError(call: "getsockopt(SO_ERROR)", errno: Glibc.errno)
        }
        return code == 0 ? nil : SystemError(call: "connect", errno: code)
    }

    // MARK: Options and names

    /// Turns off Nagle's algorithm, so small responses leave at once.
    public func setNoDelay() throws(SystemError) {
        try setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1, name: "setsockopt(TCP_NODELAY)")
    }

    func setOption(_ level: Int32, _ option: Int32, _ value: Int32, name: StaticString) throws(SystemError) {
        var value = value
        let fd = descriptor
        _ = try blockingSystemCall(name) {
            setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// The local address the socket is bound to.
    public func localAddress() throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor
        _ = try blockingSystemCall("getsockname") { clinux_getsockname(fd, &storage, &length) }
        return SocketAddress(storage: storage)
    }

    /// The address of the peer.
    public func peerAddress() throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor
        _ = try blockingSystemCall("getpeername") { clinux_getpeername(fd, &storage, &length) }
        return SocketAddress(storage: storage)
    }

    // MARK: Reading and writing

    /// Reads into `buffer`.
    ///
    /// - Returns: the number of bytes read (0 means the peer closed its side), or `.wouldBlock`.
    @inline(__always)
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        let fd = descriptor
        return try systemCall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes from `buffer` without raising `SIGPIPE`.
    @inline(__always)
    public func write(_ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        let fd = descriptor
        return try systemCall("send") { Glibc.send(fd, buffer.baseAddress, buffer.count, clinux_msg_nosignal()) }
    }

    /// Writes several buffers with one call.
    @inline(__always)
    public func write(vectors: UnsafeBufferPointer<iovec>) throws(SystemError) -> IOResult<Int> {
        let fd = descriptor
        return try systemCall("writev") { Glibc.writev(fd, vectors.baseAddress, Int32(vectors.count)) }
    }

    /// Shuts down the sending side, so the peer reads an end of stream.
    public func shutdownOutput() {
        guard descriptor >= 0 else { return }
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }
}
