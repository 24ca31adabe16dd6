import COpenSSL
import FoundationEssentials
import Glibc
import Testing

@testable import Shared

private struct FolderFailure: Error {
    let errno: Int32
}

/// Runs `body` with a fresh folder of its own, removed afterwards whatever `body` did.
private func withTemporaryFolder<Result>(_ body: (String) throws -> Result) throws -> Result {
    var template = Array("/tmp/gatehouse-keys-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { buffer in
        mkdtemp(buffer.baseAddress!)
    }
    guard created != nil else {
        throw FolderFailure(errno: errno)
    }
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Writes `text` to `path` with `mode`, replacing any file there.
private func writeFile(_ path: String, _ text: String, mode: mode_t = 0o600) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
        throw FolderFailure(errno: errno)
    }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    #expect(write(descriptor, bytes, bytes.count) == bytes.count)
    #expect(fchmod(descriptor, mode) == 0)
}

private func fileMode(_ path: String) -> mode_t {
    var status = stat()
    #expect(stat(path, &status) == 0)
    return status.st_mode & 0o7777
}

private let name = Array("certificates/api-example".utf8)
private let secret = Array("-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n".utf8)

@Suite struct KeySealingTests {
    @Test func openReturnsWhatWasSealed() throws {
        let key = try MasterKey.random()

        let sealed = try key.seal(secret, associatedData: name)

        #expect(sealed.count == 1 + 12 + secret.count + 16)
        #expect(sealed.first == 1)
        #expect(try key.open(sealed, associatedData: name) == secret)
    }

    @Test func emptyPlaintextAndEmptyAssociatedDataRoundTrip() throws {
        let key = try MasterKey.random()

        let sealed = try key.seal([])

        #expect(sealed.count == 1 + 12 + 16)
        #expect(try key.open(sealed) == [])
    }

    @Test func eachSealUsesAFreshNonce() throws {
        let key = try MasterKey.random()

        let first = try key.seal(secret, associatedData: name)
        let second = try key.seal(secret, associatedData: name)

        #expect(first != second)
        #expect(first[1..<13] != second[1..<13])
    }

    @Test(arguments: [1, 12, 13, 40, 1 + 12 + 64 + 15])
    func changingAnyByteIsDetected(position: Int) throws {
        let key = try MasterKey.random()
        var sealed = try key.seal(secret, associatedData: name)

        sealed[position] ^= 0x01

        let error = #expect(throws: KeyEncryptionError.self) {
            try key.open(sealed, associatedData: name)
        }
        #expect(error?.reason == .authenticationFailed)
        #expect(error?.shortName == "key_encryption_authentication_failed")
    }

    @Test func otherAssociatedDataIsDetected() throws {
        let key = try MasterKey.random()
        let sealed = try key.seal(secret, associatedData: name)

        let error = #expect(throws: KeyEncryptionError.self) {
            try key.open(sealed, associatedData: Array("certificates/other".utf8))
        }

        #expect(error?.reason == .authenticationFailed)
        #expect(ERR_peek_error() == 0)
    }

    @Test func anotherKeyIsDetected() throws {
        let sealed = try MasterKey.random().seal(secret, associatedData: name)

        let error = #expect(throws: KeyEncryptionError.self) {
            try MasterKey.random().open(sealed, associatedData: name)
        }

        #expect(error?.reason == .authenticationFailed)
        #expect(error?.description.contains("another master key") == true)
    }

    @Test func truncatedDataAndUnknownVersionsAreRefused() throws {
        let key = try MasterKey.random()
        var sealed = try key.seal(secret)

        let truncated = #expect(throws: KeyEncryptionError.self) {
            try key.open(Array(sealed.prefix(28)))
        }
        sealed[0] = 2
        let versioned = #expect(throws: KeyEncryptionError.self) {
            try key.open(sealed)
        }

        #expect(truncated?.reason == .sealedDataTruncated)
        #expect(versioned?.reason == .unsupportedVersion)
    }

    @Test func printingAKeyShowsNoBytes() {
        let key = MasterKey(bytes: [UInt8](repeating: 0xAB, count: 32))
        var dumped = ""
        dump(key, to: &dumped)

        #expect(String(describing: key) == "MasterKey(redacted)")
        #expect(String(reflecting: key) == "MasterKey(redacted)")
        #expect(!dumped.contains("171"))
    }
}

@Suite struct MasterKeyFileTests {
    @Test func aMissingFileIsCreatedWithMode0600AndHexText() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/master.key"

            _ = try MasterKey.loadOrCreate(path: path)

            #expect(fileMode(path) == 0o600)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.count == 65)
            #expect(text.hasSuffix("\n"))
            #expect(text.dropLast().allSatisfy { "0123456789abcdef".contains($0) })
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["master.key"])
        }
    }

    @Test func aSecondLoadReturnsTheSameKey() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/master.key"
            let sealed = try MasterKey.loadOrCreate(path: path).seal(secret, associatedData: name)

            let reloaded = try MasterKey.loadOrCreate(path: path)

            #expect(try reloaded.open(sealed, associatedData: name) == secret)
        }
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/master.key"
            _ = try MasterKey.loadOrCreate(path: path)
            #expect(chmod(path, 0o644) == 0)

            let error = #expect(throws: KeyEncryptionError.self) {
                try MasterKey.loadOrCreate(path: path)
            }

            #expect(error?.reason == .masterKeyFileExposed)
            #expect(
                error?.message == "master key file \(path) must not be readable by others (mode 0644); chmod 600 it")
        }
    }

    @Test func aFileTheGroupCanWriteIsRefused() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/master.key"
            try writeFile(path, String(repeating: "0f", count: 32) + "\n", mode: 0o620)

            let error = #expect(throws: KeyEncryptionError.self) {
                try MasterKey.loadOrCreate(path: path)
            }

            #expect(error?.reason == .masterKeyFileExposed)
        }
    }

    @Test(arguments: [
        ("", "it holds 0"),
        (String(repeating: "a", count: 63) + "\n", "it holds 63"),
        (String(repeating: "a", count: 66), "it holds 66"),
        (String(repeating: "g", count: 64) + "\n", "only hexadecimal characters"),
    ])
    func malformedContentIsRefusedWithoutQuotingIt(content: String, expected: String) throws {
        try withTemporaryFolder { folder in
            let path = folder + "/master.key"
            try writeFile(path, content)

            let error = #expect(throws: KeyEncryptionError.self) {
                try MasterKey.loadOrCreate(path: path)
            }

            #expect(error?.reason == .masterKeyFileMalformed)
            #expect(error?.message.contains(expected) == true)
            #expect(error?.message.contains("aaaa") == false)
            #expect(error?.message.contains("gggg") == false)
        }
    }

    @Test func aKeyWrittenByHandIsRead() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/master.key"
            try writeFile(path, String(repeating: "0F", count: 32) + "\r\n")

            let key = try MasterKey.loadOrCreate(path: path)

            #expect(key.bytes == [UInt8](repeating: 0x0F, count: 32))
        }
    }

    @Test func aMissingFolderIsReported() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/absent/master.key"

            let error = #expect(throws: KeyEncryptionError.self) {
                try MasterKey.loadOrCreate(path: path)
            }

            #expect(error?.reason == .masterKeyFileUnusable)
            #expect(error?.message.hasPrefix("cannot create master key file \(path): open failed") == true)
        }
    }
}
