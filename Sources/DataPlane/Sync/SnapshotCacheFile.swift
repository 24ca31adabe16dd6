import Glibc
import Shared

/// The last snapshot the proxy applied, kept in its data directory so that it can start serving while the
/// control plane is away. Written only after a successful apply: a temporary file, fsync, rename, mode 0600.
enum SnapshotCacheFile {
    static let name = "snapshot.json"

    /// Writes `bytes` atomically to `directory/snapshot.json`.
    static func write(_ bytes: [UInt8], in directory: String) throws(SystemError) {
        let path = directory + "/" + name
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SystemError(call: "open", errno: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = SystemError(call: "write", errno: errno)
                close(descriptor)
                throw error
            }
            written += count
        }
        guard fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            let error = SystemError(call: "fsync", errno: errno)
            close(descriptor)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else { throw SystemError(call: "rename", errno: errno) }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// The cached snapshot's bytes, or nil when there is none.
    static func read(in directory: String) -> [UInt8]? {
        let descriptor = open(directory + "/" + name, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
