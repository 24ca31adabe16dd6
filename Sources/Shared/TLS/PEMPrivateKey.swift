import COpenSSL

/// A private key decoded from PEM text; owns its `EVP_PKEY*` and frees it when released.
///
/// Accepted: RSA, EC and Ed25519 keys, unencrypted, as PKCS#8 (`BEGIN PRIVATE KEY`) or in the algorithm's
/// traditional form (`BEGIN RSA PRIVATE KEY`, `BEGIN EC PRIVATE KEY`). Nothing about the key's value ever
/// appears in an error or a description.
public final class PEMPrivateKey: CustomStringConvertible {
    /// The algorithms Gatehouse accepts for certificate keys.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// RSA, with any modulus size OpenSSL accepts.
        case rsa
        /// Elliptic-curve keys on a named curve, such as P-256.
        case ec
        /// Ed25519.
        case ed25519
    }

    private let key: OpaquePointer
    /// The key's algorithm.
    public let algorithm: Algorithm
    /// The key's size in bits as OpenSSL counts it: the modulus for RSA, the curve order for EC, 253 for
    /// Ed25519.
    public let bitCount: Int

    /// Takes ownership of `key`, which is freed with this object, also when its algorithm is refused.
    init(taking key: OpaquePointer) throws(OpenSSLError) {
        guard let algorithm = Self.algorithm(of: key) else {
            let name = OBJ_nid2sn(EVP_PKEY_get_base_id(key)).map { String(cString: $0) } ?? "unknown"
            EVP_PKEY_free(key)
            throw OpenSSLError(
                .unsupportedAlgorithm, operation: "EVP_PKEY_get_base_id",
                context: "\(name) keys are not supported; use RSA, EC or Ed25519")
        }
        self.key = key
        self.algorithm = algorithm
        self.bitCount = Int(EVP_PKEY_get_bits(key))
    }

    /// Decodes the first private key in PEM text.
    ///
    /// - Parameter pem: PEM text holding an unencrypted private key; other blocks are skipped.
    /// - Throws: ``OpenSSLError`` with ``OpenSSLError/Reason/malformedInput`` when no key block decodes,
    ///   including an encrypted one, or ``OpenSSLError/Reason/unsupportedAlgorithm``.
    public convenience init(pem: String) throws(OpenSSLError) {
        // An encrypted block fails below too, but with OpenSSL's vaguer "bad decrypt" or "bad password read".
        if pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw OpenSSLError(
                .malformedInput, operation: "PEM_read_bio_PrivateKey",
                context: "the key is encrypted; provide it without a passphrase")
        }
        // OpenSSL's decoders report text without a key block only as "unsupported"; this says what is wrong.
        guard pem.contains("PRIVATE KEY-----") else {
            throw OpenSSLError(
                .malformedInput, operation: "PEM_read_bio_PrivateKey", context: "no BEGIN PRIVATE KEY block found")
        }
        let key = try MemoryBIO.reading(pem) { (bio) throws(OpenSSLError) -> OpaquePointer in
            try OpenSSLError.check(
                "PEM_read_bio_PrivateKey", reason: .malformedInput, context: "the private key block does not decode"
            ) {
                PEM_read_bio_PrivateKey(bio, nil, refusePassphrase, nil)
            }
        }
        try self.init(taking: key)
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Names the algorithm and size only, so that printing a key never shows its value.
    public var description: String {
        "PEMPrivateKey(\(algorithm.rawValue), \(bitCount) bits)"
    }

    /// Lends the `EVP_PKEY*` to `body`; it must not be freed, nor kept after `body` returns.
    func withUnsafeKey<Result, Failure>(
        _ body: (OpaquePointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withExtendedLifetime(self) { () throws(Failure) -> Result in try body(key) }
    }

    private static func algorithm(of key: OpaquePointer) -> Algorithm? {
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA: .rsa
        case EVP_PKEY_EC: .ec
        case EVP_PKEY_ED25519: .ed25519
        default: nil
        }
    }
}
