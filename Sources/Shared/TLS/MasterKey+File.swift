import Glibc

extension MasterKey {
    /// The permissions a new master key file gets: read and write for its owner only.
    public static let fileMode: mode_t = 0o600

    /// Reads the master key from `path`, or creates it there when the file does not exist.
    ///
    /// The file holds the key as 64 hexadecimal characters and a newline. A new file is written whole under a
    /// temporary name with mode 0600, synced, then renamed into place, so a crash never leaves a partial key
    /// behind. An existing file is refused when group or others may access it, or when it holds anything but
    /// 64 hexadecimal characters (and trailing white space).
    ///
    /// Limitation: two processes creating the same missing file at the same moment each rename their own key
    /// into place, and the first one's key is lost. The file belongs to one control plane, which creates it at
    /// start-up before it seals anything.
    ///
    /// - Parameter path: The key file's path; its folder must exist.
    public static func loadOrCreate(path: String) throws(KeyEncryptionError) -> MasterKey {
        if let key = try load(path: path) {
            return key
        }
        return try create(path: path)
    }

    /// Reads the key at `path`, or returns `nil` when no file is there.
    static func load(path: String) throws(KeyEncryptionError) -> MasterKey? {
        let status: stat
        let content: [UInt8]
        do throws(SystemError) {
            let file = try KeyFile.open(path, flags: O_RDONLY | O_CLOEXEC)
            status = try file.status()
            // Read no more than a valid file holds plus room for white space, so a wrong path cannot flood memory.
            content = try file.read(limit: 256)
        } catch {
            if error.errno == ENOENT {
                return nil
            }
            throw KeyEncryptionError(.masterKeyFileUnusable, message: "cannot read master key file \(path): \(error)")
        }

        guard status.st_mode & S_IFMT == S_IFREG else {
            throw KeyEncryptionError(.masterKeyFileUnusable, message: "master key file \(path) is not a regular file")
        }
        let permissions = status.st_mode & 0o7777
        guard permissions & 0o077 == 0 else {
            throw KeyEncryptionError(
                .masterKeyFileExposed,
                message: "master key file \(path) must not be readable by others (mode \(octal(permissions))); "
                    + "chmod 600 it")
        }
        return MasterKey(bytes: try decode(content, path: path))
    }

    private static func create(path: String) throws(KeyEncryptionError) -> MasterKey {
        let key = try MasterKey.random()
        let temporaryPath = path + ".tmp-" + hex(try randomBytes(count: 8))
        do throws(SystemError) {
            // O_EXCL: an existing file of that name, or a link planted there, is never written through.
            let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
            let file = try KeyFile.open(temporaryPath, flags: flags, mode: fileMode)
            try file.write(Array((hex(key.bytes) + "\n").utf8))
            try file.sync()
            _ = try blockingSystemCall("rename") { rename(temporaryPath, path) }
            try syncFolder(of: path)
        } catch {
            _ = unlink(temporaryPath)
            throw KeyEncryptionError(.masterKeyFileUnusable, message: "cannot create master key file \(path): \(error)")
        }
        return key
    }

    private static func decode(_ content: [UInt8], path: String) throws(KeyEncryptionError) -> [UInt8] {
        let whiteSpace: Set<UInt8> = [UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "\t")]
        var text = content[...]
        while let last = text.last, whiteSpace.contains(last) {
            text = text.dropLast()
        }
        // The message gives lengths only: the file's characters are the key, or close to it.
        guard text.count == 2 * byteCount else {
            throw KeyEncryptionError(
                .masterKeyFileMalformed,
                message: "master key file \(path) must hold \(2 * byteCount) hexadecimal characters; "
                    + "it holds \(text.count)")
        }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else {
                throw KeyEncryptionError(
                    .masterKeyFileMalformed,
                    message: "master key file \(path) must hold only hexadecimal characters (0-9, a-f)")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func syncFolder(of path: String) throws(SystemError) {
        // The rename is durable only once the folder's entry list reaches the disk.
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        let directory = try KeyFile.open(folder.isEmpty ? "/" : folder, flags: flags)
        try directory.sync()
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// An open file of the master key or its folder; owns the descriptor and closes it when released.
private final class KeyFile {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        _ = close(descriptor)
    }

    /// Opens `path` with `open(2)`'s `flags`, and `mode` when the call creates the file.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0) throws(SystemError) -> KeyFile {
        let descriptor = try blockingSystemCall("open") { Glibc.open(path, flags, mode) }
        return KeyFile(descriptor: descriptor)
    }

    func status() throws(SystemError) -> stat {
        var status = stat()
        _ = try blockingSystemCall("fstat") { fstat(descriptor, &status) }
        return status
    }

    /// Reads until the end of the file or until `limit` bytes.
    func read(limit: Int) throws(SystemError) -> [UInt8] {
        var content = [UInt8](repeating: 0, count: limit)
        var count = 0
        while count < limit {
            let read = try blockingSystemCall("read") {
                content.withUnsafeMutableBytes { buffer in
                    Int32(Glibc.read(descriptor, buffer.baseAddress! + count, limit - count))
                }
            }
            if read == 0 {
                break
            }
            count += Int(read)
        }
        return Array(content.prefix(count))
    }

    func write(_ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = try blockingSystemCall("write") {
                bytes.withUnsafeBytes { buffer in
                    Int32(Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset))
                }
            }
            offset += Int(written)
        }
    }

    func sync() throws(SystemError) {
        _ = try blockingSystemCall("fsync") { fsync(descriptor) }
    }
}
