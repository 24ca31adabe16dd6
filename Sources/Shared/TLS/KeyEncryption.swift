import COpenSSL

/// The 256-bit key that seals private keys before they are stored, with AES-256-GCM.
///
/// Sealed format, version 1: `version (1 byte, 1) | nonce (12 bytes) | ciphertext | tag (16 bytes)`. The
/// ciphertext is as long as the plaintext. Each seal draws a fresh random nonce, so sealing the same plaintext
/// twice gives different bytes. The associated data (a certificate's name) is authenticated but not stored:
/// opening needs the same value, so a sealed key cannot be moved to another name unnoticed.
///
/// Limitation: a random 96-bit nonce stays safe for about 2^32 seals under one master key; rotate the master
/// key long before a store seals that many keys.
public struct MasterKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length of a master key, in bytes.
    public static let byteCount = 32
    /// The format version written as the first byte of sealed data.
    public static let formatVersion: UInt8 = 1
    /// The length of the nonce, in bytes.
    public static let nonceByteCount = 12
    /// The length of the authentication tag, in bytes.
    public static let tagByteCount = 16

    let bytes: [UInt8]

    /// Creates a master key from its bytes.
    ///
    /// - Parameter bytes: Exactly ``byteCount`` bytes, from a secure random source.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a master key is \(Self.byteCount) bytes, not \(bytes.count)")
        self.bytes = bytes
    }

    /// Creates a master key from OpenSSL's secure random generator.
    public static func random() throws(KeyEncryptionError) -> MasterKey {
        MasterKey(bytes: try randomBytes(count: byteCount))
    }

    /// Fixed text, so that printing or logging a key never shows it.
    public var description: String { "MasterKey(redacted)" }

    /// Fixed text, so that printing or logging a key never shows it.
    public var debugDescription: String { description }

    /// A mirror without children, so that `dump` never shows the key.
    public var customMirror: Mirror { Mirror(self, children: []) }

    // MARK: Sealing

    /// Encrypts and authenticates `plaintext`, binding it to `associatedData`.
    ///
    /// - Parameters:
    ///   - plaintext: The bytes to protect, such as a PEM private key.
    ///   - associatedData: Bytes that opening must present unchanged, such as the certificate's name. Default:
    ///     none.
    /// - Returns: Sealed data in the format described on the type.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(KeyEncryptionError) -> [UInt8] {
        let nonce = try Self.randomBytes(count: Self.nonceByteCount)
        do throws(OpenSSLError) {
            let cipher = try GCMCipher(encrypting: true, key: bytes, nonce: nonce)
            try cipher.authenticate(associatedData)
            let ciphertext = try cipher.update(plaintext)
            try cipher.finish()
            return [Self.formatVersion] + nonce + ciphertext + (try cipher.tag())
        } catch {
            throw KeyEncryptionError(.cryptoFailure, message: "sealing failed", underlying: error)
        }
    }

    /// Checks and decrypts data made by ``seal(_:associatedData:)``.
    ///
    /// - Parameters:
    ///   - sealed: The sealed data.
    ///   - associatedData: The same associated data that sealing was given. Default: none.
    /// - Returns: The plaintext.
    /// - Throws: ``KeyEncryptionError`` with ``KeyEncryptionError/Reason/authenticationFailed`` when the data was
    ///   altered, or sealed under another key or with other associated data; no plaintext is returned then.
    public func open(_ sealed: [UInt8], associatedData: [UInt8] = []) throws(KeyEncryptionError) -> [UInt8] {
        let minimumCount = 1 + Self.nonceByteCount + Self.tagByteCount
        guard sealed.count >= minimumCount else {
            throw KeyEncryptionError(
                .sealedDataTruncated,
                message: "sealed data is \(sealed.count) bytes; a version, nonce and tag need \(minimumCount)")
        }
        guard sealed[0] == Self.formatVersion else {
            throw KeyEncryptionError(
                .unsupportedVersion,
                message: "sealed data has format version \(sealed[0]); this program reads version \(Self.formatVersion)"
            )
        }
        let nonce = Array(sealed[1..<(1 + Self.nonceByteCount)])
        let ciphertext = Array(sealed[(1 + Self.nonceByteCount)..<(sealed.count - Self.tagByteCount)])
        let tag = Array(sealed.suffix(Self.tagByteCount))

        var plaintext: [UInt8]
        let cipher: GCMCipher
        do throws(OpenSSLError) {
            cipher = try GCMCipher(encrypting: false, key: bytes, nonce: nonce)
            try cipher.authenticate(associatedData)
            plaintext = try cipher.update(ciphertext)
            try cipher.setExpectedTag(tag)
        } catch {
            throw KeyEncryptionError(.cryptoFailure, message: "opening failed", underlying: error)
        }
        guard cipher.finishAndVerify() else {
            // GCM decrypts before it verifies; bytes that did not authenticate are wiped, never returned.
            plaintext.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            throw KeyEncryptionError(
                .authenticationFailed,
                message: "sealed data does not authenticate: it was altered, or sealed under another master key "
                    + "or for another name")
        }
        return plaintext
    }

    static func randomBytes(count: Int) throws(KeyEncryptionError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        do throws(OpenSSLError) {
            try bytes.withUnsafeMutableBufferPointer { (buffer) throws(OpenSSLError) in
                try OpenSSLError.checkStatus("RAND_bytes") { RAND_bytes(buffer.baseAddress, Int32(buffer.count)) }
            }
        } catch {
            throw KeyEncryptionError(.cryptoFailure, message: "no random bytes", underlying: error)
        }
        return bytes
    }
}

/// One AES-256-GCM operation; owns its `EVP_CIPHER_CTX*` and frees it when released.
private final class GCMCipher {
    private let context: OpaquePointer

    init(encrypting: Bool, key: [UInt8], nonce: [UInt8]) throws(OpenSSLError) {
        context = try OpenSSLError.check("EVP_CIPHER_CTX_new") { EVP_CIPHER_CTX_new() }
        // GCM's default nonce length is the 12 bytes used here, so it is not set explicitly.
        precondition(nonce.count == MasterKey.nonceByteCount, "GCM nonces here are 12 bytes")
        try OpenSSLError.checkStatus("EVP_CipherInit_ex") {
            EVP_CipherInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce, encrypting ? 1 : 0)
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// Feeds associated data, which is authenticated but produces no output.
    func authenticate(_ data: [UInt8]) throws(OpenSSLError) {
        // OpenSSL's GCM reads a null input as "finish"; empty data is skipped instead of passed.
        guard !data.isEmpty else { return }
        let length = try Self.length(data)
        var written: Int32 = 0
        try OpenSSLError.checkStatus("EVP_CipherUpdate") {
            EVP_CipherUpdate(context, nil, &written, data, length)
        }
    }

    /// Encrypts or decrypts `input`; GCM output is as long as its input.
    func update(_ input: [UInt8]) throws(OpenSSLError) -> [UInt8] {
        guard !input.isEmpty else { return [] }
        let length = try Self.length(input)
        var output = [UInt8](repeating: 0, count: input.count)
        var written: Int32 = 0
        try OpenSSLError.checkStatus("EVP_CipherUpdate") {
            EVP_CipherUpdate(context, &output, &written, input, length)
        }
        return Array(output.prefix(Int(written)))
    }

    /// Ends encryption; GCM writes no bytes here.
    func finish() throws(OpenSSLError) {
        var scratch = [UInt8](repeating: 0, count: 16)
        var written: Int32 = 0
        try OpenSSLError.checkStatus("EVP_CipherFinal_ex") { EVP_CipherFinal_ex(context, &scratch, &written) }
    }

    /// The tag computed by encryption, after ``finish()``.
    func tag() throws(OpenSSLError) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: MasterKey.tagByteCount)
        try OpenSSLError.checkStatus("EVP_CIPHER_CTX_ctrl(GET_TAG)") {
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tag.count), &tag)
        }
        return tag
    }

    /// Gives decryption the tag to compare at the end.
    func setExpectedTag(_ tag: [UInt8]) throws(OpenSSLError) {
        var tag = tag
        try OpenSSLError.checkStatus("EVP_CIPHER_CTX_ctrl(SET_TAG)") {
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tag.count), &tag)
        }
    }

    /// Ends decryption: whether the tag matched the data, the key and the associated data.
    func finishAndVerify() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 16)
        var written: Int32 = 0
        OpenSSLError.clearQueue()
        let isAuthentic = EVP_CipherFinal_ex(context, &scratch, &written) == 1
        // A mismatch is the answer here, not a failure to report; nothing is left for the next call.
        OpenSSLError.clearQueue()
        return isAuthentic
    }

    private static func length(_ bytes: [UInt8]) throws(OpenSSLError) -> Int32 {
        guard let length = Int32(exactly: bytes.count) else {
            throw OpenSSLError(.operationFailed, operation: "EVP_CipherUpdate", context: "input over 2 GiB")
        }
        return length
    }
}
