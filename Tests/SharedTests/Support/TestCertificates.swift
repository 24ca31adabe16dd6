import COpenSSL

@testable import Shared

/// Keys and certificates made in the test process with OpenSSL's C API, so tests need no files and no
/// `openssl` command.
enum TestCertificates {
    /// How a private key is written out as PEM.
    enum KeyFormat {
        /// `BEGIN PRIVATE KEY`.
        case pkcs8
        /// `BEGIN RSA PRIVATE KEY` or `BEGIN EC PRIVATE KEY`.
        case traditional
        /// `BEGIN ENCRYPTED PRIVATE KEY`, with AES-256-CBC under `passphrase`.
        case encrypted(passphrase: String)
    }

    /// One hour, in seconds.
    static let hour: Int64 = 3600

    // MARK: Keys

    /// A fresh EC key on P-256.
    static func ecKey() throws -> PEMPrivateKey {
        try generateKey(type: EVP_PKEY_EC) { context in
            EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1)
        }
    }

    /// A fresh RSA key of `bits` bits.
    static func rsaKey(bits: Int32 = 2048) throws -> PEMPrivateKey {
        try generateKey(type: EVP_PKEY_RSA) { context in
            EVP_PKEY_CTX_set_rsa_keygen_bits(context, bits)
        }
    }

    /// A fresh Ed25519 key.
    static func ed25519Key() throws -> PEMPrivateKey {
        try generateKey(type: EVP_PKEY_ED25519) { _ in 1 }
    }

    /// The key as PEM text in `format`.
    static func pem(of key: PEMPrivateKey, format: KeyFormat = .pkcs8) throws -> String {
        try key.withUnsafeKey { (pkey) throws(OpenSSLError) -> String in
            try MemoryBIO.writing { (bio) throws(OpenSSLError) in
                switch format {
                case .pkcs8:
                    try OpenSSLError.checkStatus("PEM_write_bio_PrivateKey") {
                        PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil)
                    }
                case .traditional:
                    try OpenSSLError.checkStatus("PEM_write_bio_PrivateKey_traditional") {
                        PEM_write_bio_PrivateKey_traditional(bio, pkey, nil, nil, 0, nil, nil)
                    }
                case .encrypted(let passphrase):
                    var phrase = Array(passphrase.utf8CString)
                    try OpenSSLError.checkStatus("PEM_write_bio_PKCS8PrivateKey") {
                        PEM_write_bio_PKCS8PrivateKey(
                            bio, pkey, EVP_aes_256_cbc(), &phrase, Int32(phrase.count - 1), nil, nil)
                    }
                }
            }
        }
    }

    // MARK: Certificates

    /// A certificate for `key`, signed by `issuer` or, without one, by `key` itself.
    ///
    /// - Parameters:
    ///   - key: The subject's key, whose public half the certificate holds.
    ///   - commonName: The subject's CN.
    ///   - dnsNames: The subject alternative names; none adds no extension.
    ///   - notBefore: The start of validity, in unix seconds.
    ///   - notAfter: The end of validity, in unix seconds.
    ///   - serial: The serial number.
    ///   - issuer: The issuing certificate and its key; `nil` for a self-signed certificate.
    static func certificate(
        key: PEMPrivateKey,
        commonName: String,
        dnsNames: [String] = [],
        notBefore: Int64,
        notAfter: Int64,
        serial: Int = 1,
        issuer: (certificate: PEMCertificate, key: PEMPrivateKey)? = nil
    ) throws -> PEMCertificate {
        let x509 = try OpenSSLError.check("X509_new") { X509_new() }
        // Owned from here on, so that a failure below frees it.
        let owner = X509Owner(x509)

        try OpenSSLError.checkStatus("X509_set_version") { X509_set_version(x509, 2) }
        try OpenSSLError.checkStatus("ASN1_INTEGER_set") { ASN1_INTEGER_set(X509_get_serialNumber(x509), serial) }
        _ = try OpenSSLError.check("ASN1_TIME_set") { ASN1_TIME_set(X509_getm_notBefore(x509), time_t(notBefore)) }
        _ = try OpenSSLError.check("ASN1_TIME_set") { ASN1_TIME_set(X509_getm_notAfter(x509), time_t(notAfter)) }

        let name = X509_get_subject_name(x509)
        for (field, value) in [("O", "Gatehouse Tests"), ("CN", commonName)] {
            let bytes = Array(value.utf8)
            try OpenSSLError.checkStatus("X509_NAME_add_entry_by_txt") {
                X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0)
            }
        }
        if !dnsNames.isEmpty {
            let value = dnsNames.map { "DNS:" + $0 }.joined(separator: ",")
            let ext = try OpenSSLError.check("X509V3_EXT_conf_nid") {
                X509V3_EXT_conf_nid(nil, nil, NID_subject_alt_name, value)
            }
            defer { X509_EXTENSION_free(ext) }
            try OpenSSLError.checkStatus("X509_add_ext") { X509_add_ext(x509, ext, -1) }
        }
        try key.withUnsafeKey { (pkey) throws(OpenSSLError) in
            try OpenSSLError.checkStatus("X509_set_pubkey") { X509_set_pubkey(x509, pkey) }
        }

        let signer = issuer?.key ?? key
        if let issuer {
            try issuer.certificate.withUnsafeX509 { (issuerX509) throws(OpenSSLError) in
                try OpenSSLError.checkStatus("X509_set_issuer_name") {
                    X509_set_issuer_name(x509, X509_get_subject_name(issuerX509))
                }
            }
        } else {
            try OpenSSLError.checkStatus("X509_set_issuer_name") { X509_set_issuer_name(x509, name) }
        }
        try signer.withUnsafeKey { (pkey) throws(OpenSSLError) in
            // Ed25519 signs the whole message itself and takes no digest.
            let digest = signer.algorithm == .ed25519 ? nil : EVP_sha256()
            try OpenSSLError.checkStatus("X509_sign") { X509_sign(x509, pkey, digest) > 0 ? 1 : 0 }
        }
        return try PEMCertificate(taking: owner.release())
    }

    /// A self-signed certificate and its key, both as PEM, valid from `notBefore` to `notAfter`.
    static func pair(
        commonName: String = "api.example.test",
        dnsNames: [String] = ["api.example.test", "www.example.test"],
        notBefore: Int64,
        notAfter: Int64
    ) throws -> (certificatePEM: String, keyPEM: String) {
        let key = try ecKey()
        let certificate = try self.certificate(
            key: key, commonName: commonName, dnsNames: dnsNames, notBefore: notBefore, notAfter: notAfter)
        return (try certificate.pemEncoded(), try pem(of: key))
    }

    // MARK: Helpers

    private static func generateKey(
        type: Int32,
        configure: (OpaquePointer) -> Int32
    ) throws -> PEMPrivateKey {
        let context = try OpenSSLError.check("EVP_PKEY_CTX_new_id") { EVP_PKEY_CTX_new_id(type, nil) }
        defer { EVP_PKEY_CTX_free(context) }
        try OpenSSLError.checkStatus("EVP_PKEY_keygen_init") { EVP_PKEY_keygen_init(context) }
        try OpenSSLError.checkStatus("EVP_PKEY_CTX_set_keygen_parameters") { configure(context) > 0 ? 1 : 0 }

        var key: OpaquePointer?
        try OpenSSLError.checkStatus("EVP_PKEY_keygen") { EVP_PKEY_keygen(context, &key) }
        return try PEMPrivateKey(taking: try OpenSSLError.check("EVP_PKEY_keygen") { key })
    }
}

/// Frees an `X509*` under construction unless it was handed on.
private final class X509Owner {
    private var x509: OpaquePointer?

    init(_ x509: OpaquePointer) {
        self.x509 = x509
    }

    deinit {
        X509_free(x509)
    }

    func release() -> OpaquePointer {
        defer { x509 = nil }
        return x509!
    }
}
