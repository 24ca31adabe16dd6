import Glibc
import Shared

/// The control plane's data directory: the database file and the token files made on first start.
enum DataDirectory {
    /// The database file's name inside the data directory.
    static let databaseName = "gatehouse.db"

    /// Creates `path` (mode 0700) when it does not exist.
    static func prepare(_ path: String) throws(DataDirectoryError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw DataDirectoryError(path: path, problem: "exists and is not a directory")
            }
            return
        }
        if mkdir(path, 0o700) != 0 {
            throw DataDirectoryError(
                path: path, problem: "cannot be created: \(SystemError(call: "mkdir", errno: errno))")
        }
    }

    /// Reads the token in `name`, or makes a new one, writes it with mode 0600, and returns it.
    ///
    /// - Returns: the token and whether it was created now.
    static func token(named name: String, in directory: String) throws(DataDirectoryError) -> (String, Bool) {
        let path = directory + "/" + name
        if let existing = readSmallFile(path) {
            let token = existing.filter { !$0.isWhitespace }
            guard token.count >= 32 else {
                throw DataDirectoryError(path: path, problem: "does not hold a token (at least 32 characters)")
            }
            return (token, false)
        }
        let token = randomToken()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DataDirectoryError(
                path: path, problem: "cannot be created: \(SystemError(call: "open", errno: errno))")
        }
        defer { close(descriptor) }
        let line = Array((token + "\n").utf8)
        guard write(descriptor, line, line.count) == line.count, fsync(descriptor) == 0 else {
            throw DataDirectoryError(
                path: path, problem: "cannot be written: \(SystemError(call: "write", errno: errno))")
        }
        return (token, true)
    }

    /// A new random token: 32 bytes from the kernel's generator, as 64 hexadecimal digits.
    static func randomToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        let source = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        precondition(source >= 0, "/dev/urandom must be readable")
        defer { close(source) }
        var filled = 0
        while filled < bytes.count {
            let count = bytes[filled...].withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            precondition(count > 0 || errno == EINTR, "/dev/urandom must give bytes")
            filled += max(count, 0)
        }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &bytes, bytes.count)
        guard count >= 0 else { return nil }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }
}

/// The data directory cannot be used.
public struct DataDirectoryError: Error, Sendable, CustomStringConvertible {
    /// The file or folder at fault.
    public var path: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "\(path) \(problem)" }
}
