import Glibc

@testable import Shared

/// A fresh folder under the system's temporary directory, removed with everything in it by ``remove()``.
struct TemporaryDirectory: Sendable {
    /// The folder's absolute path.
    let path: String

    /// Creates the folder with `mkdtemp`.
    init() throws {
        var template = Array("/tmp/gatehouse-dataplane-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw SystemError(call: "mkdtemp", errno: errno) }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The path of `name` inside the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Deletes the folder and its contents.
    func remove() {
        Self.removeTree(path)
    }

    private static func removeTree(_ path: String) {
        if let folder = opendir(path) {
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                    String(cString: bytes.bindMemory(to: CChar.self).baseAddress!)
                }
                guard name != ".", name != ".." else { continue }
                let child = path + "/" + name
                var info = stat()
                if lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                    removeTree(child)
                } else {
                    unlink(child)
                }
            }
            closedir(folder)
        }
        rmdir(path)
    }
}

/// The permission bits of the file at `path`, or nil when it does not exist.
func permissionBits(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}
