import CLinux
import Glibc

/// An IPv4 or IPv6 socket address with a port.
public struct SocketAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable { case inet, inet6 }

    /// The family of this address.
    public let family: Family
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    /// The port, in host byte order.
    public let port: UInt16

    /// Parses a numeric address: `127.0.0.1`, `::1` or `[::1]`; `localhost` means `127.0.0.1`.
    ///
    /// - Returns: nil when `host` is not a numeric IPv4 or IPv6 address.
    public init?(host: String, port: UInt16) {
        var name = host
        if name == "localhost" {
            name = "127.0.0.1"
        }
        if name.hasPrefix("["), name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            self.family = .inet
            self.bytes = withUnsafeBytes(of: v4) { Array($0) }
            self.port = port
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            self.family = .inet6
            self.bytes = withUnsafeBytes(of: v6) { Array($0) }
            self.port = port
            return
        }
        return nil
    }

    /// Parses `host:port`, `[v6]:port` or `localhost:port`.
    ///
    /// - Throws: ``AddressError`` naming what is wrong with the text.
    public init(parsing text: String) throws(AddressError) {
        guard let colon = text.lastIndex(of: ":") else {
            throw AddressError(text: text, problem: "expected HOST:PORT")
        }
        let host = String(text[..<colon])
        guard let port = UInt16(text[text.index(after: colon)...]) else {
            throw AddressError(text: text, problem: "the port must be a number from 0 to 65535")
        }
        if host.contains(":"), !host.hasPrefix("[") {
            throw AddressError(text: text, problem: "write IPv6 addresses in brackets, as [::1]:8080")
        }
        guard let address = SocketAddress(host: host, port: port) else {
            throw AddressError(text: text, problem: "the host must be a numeric IPv4 or IPv6 address or localhost")
        }
        self = address
    }

    init(storage: sockaddr_storage) {
        var storage = storage
        if storage.ss_family == sa_family_t(AF_INET6) {
            let v6 = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
            }
            self.family = .inet6
            self.bytes = withUnsafeBytes(of: v6.sin6_addr) { Array($0) }
            self.port = UInt16(bigEndian: v6.sin6_port)
        } else {
            let v4 = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
            }
            self.family = .inet
            self.bytes = withUnsafeBytes(of: v4.sin_addr) { Array($0) }
            self.port = UInt16(bigEndian: v4.sin_port)
        }
    }

    /// The same address with another port.
    public func withPort(_ port: UInt16) -> SocketAddress {
        SocketAddress(family: family, bytes: bytes, port: port)
    }

    private init(family: Family, bytes: [UInt8], port: UInt16) {
        self.family = family
        self.bytes = bytes
        self.port = port
    }

    /// The address in C form, with its length.
    func storage() -> (sockaddr_storage, socklen_t) {
        var storage = sockaddr_storage()
        switch family {
        case .inet:
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &v4.sin_addr) { $0.copyBytes(from: bytes) }
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: v4) { raw.copyMemory(from: $0) }
            }
            return (storage, socklen_t(MemoryLayout<sockaddr_in>.size))
        case .inet6:
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &v6.sin6_addr) { $0.copyBytes(from: bytes) }
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: v6) { raw.copyMemory(from: $0) }
            }
            return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
    }

    /// The host part as text: `127.0.0.1` or `::1`.
    public var host: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let af = family == .inet ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(af, $0.baseAddress, &text, socklen_t(text.count)) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String {
        family == .inet ? "\(host):\(port)" : "[\(host)]:\(port)"
    }
}

/// A socket address that could not be parsed.
public struct AddressError: Error, Sendable, CustomStringConvertible {
    /// The text that was given.
    public var text: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "invalid address \"\(text)\": \(problem)" }
}
