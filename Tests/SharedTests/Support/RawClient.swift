import Glibc

@testable import Shared

/// A blocking TCP client for tests: writes exact bytes and reads what the server sends, with a receive timeout
/// so a test fails instead of hanging.
final class RawClient: @unchecked Sendable {
    // Safe for tests: one thread writes while another reads, which a socket allows.
    let descriptor: Int32

    init(_ address: SocketAddress, timeoutSeconds: Int = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var (storage, length) = address.storage()
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, length) }
        }
        if result != 0 {
            // `deinit` closes the descriptor.
            throw SystemError(call: "connect", errno: errno)
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        Glibc.close(descriptor)
    }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            sent += count
        }
    }

    /// Reads once; nil on end of stream, error or timeout.
    func readSome(max: Int = 65536) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: max)
        let count = bytes.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress, max, 0) }
        guard count > 0 else { return nil }
        return Array(bytes[0..<count])
    }

    /// Reads until the text received contains `marker` `times` times, or the stream ends.
    func read(until marker: String, times: Int = 1) -> String {
        var received: [UInt8] = []
        while occurrences(of: marker, in: String(decoding: received, as: UTF8.self)) < times {
            guard let more = readSome() else { break }
            received += more
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Reads until the peer closes; returns everything received.
    func readToEnd() -> String {
        var received: [UInt8] = []
        while let more = readSome() {
            received += more
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the peer closed the connection (end of stream or reset) within the receive timeout.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        let count = Glibc.recv(descriptor, &byte, 1, 0)
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func shutdownWrite() {
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }
}

func occurrences(of marker: String, in text: String) -> Int {
    let needle = Array(marker.utf8)
    let haystack = Array(text.utf8)
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    var count = 0
    var index = 0
    while index + needle.count <= haystack.count {
        if haystack[index..<(index + needle.count)].elementsEqual(needle) {
            count += 1
            index += needle.count
        } else {
            index += 1
        }
    }
    return count
}
