import COpenSSL
import Glibc

/// What a certificate says about itself: whom it names, for which host names, and when it is valid.
public struct CertificateInfo: Sendable, Hashable {
    /// The subject's distinguished name in RFC 4514 order and form, such as `CN=api.example.com,O=Example`.
    public var subject: String
    /// The DNS names of the subject alternative name extension, in the certificate's order; empty when the
    /// extension is missing or names no host.
    public var dnsNames: [String]
    /// The first moment the certificate is valid, in unix seconds.
    public var notBefore: Int64
    /// The last moment the certificate is valid, in unix seconds.
    public var notAfter: Int64
    /// The serial number's bytes as lowercase hexadecimal, as encoded in the certificate.
    public var serialHex: String

    /// Creates a description of a certificate.
    public init(subject: String, dnsNames: [String], notBefore: Int64, notAfter: Int64, serialHex: String) {
        self.subject = subject
        self.dnsNames = dnsNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.serialHex = serialHex
    }
}

/// An X.509 certificate decoded from PEM text; owns its `X509*` and frees it when released.
///
/// The certificate is read once, when decoded: ``info`` holds what Gatehouse needs from it.
public final class PEMCertificate {
    private let x509: OpaquePointer
    /// What the certificate says about itself.
    public let info: CertificateInfo

    /// Takes ownership of `x509`, which is freed with this object, also when reading it fails.
    init(taking x509: OpaquePointer) throws(OpenSSLError) {
        let info: CertificateInfo
        do {
            info = try Self.readInfo(x509)
        } catch {
            X509_free(x509)
            throw error
        }
        self.x509 = x509
        self.info = info
    }

    deinit {
        X509_free(x509)
    }

    /// Decodes every certificate of a PEM chain, leaf first.
    ///
    /// Text outside `BEGIN CERTIFICATE` blocks is skipped, including blocks of other kinds.
    ///
    /// - Parameter pem: PEM text holding one or more certificates.
    /// - Returns: The certificates in the order of the text; never empty.
    /// - Throws: ``OpenSSLError`` with ``OpenSSLError/Reason/malformedInput`` when the text holds no certificate
    ///   or a block does not decode.
    public static func decodeChain(_ pem: String) throws(OpenSSLError) -> [PEMCertificate] {
        try MemoryBIO.reading(pem) { (bio) throws(OpenSSLError) -> [PEMCertificate] in
            var chain: [PEMCertificate] = []
            while true {
                OpenSSLError.clearQueue()
                guard let x509 = PEM_read_bio_X509(bio, nil, refusePassphrase, nil) else {
                    let error = OpenSSLError.drainQueue(.malformedInput, operation: "PEM_read_bio_X509")
                    // "No start line" after at least one certificate is how OpenSSL says the text has ended.
                    guard error.hasEntry(library: ERR_LIB_PEM, reason: PEM_R_NO_START_LINE) else {
                        throw error
                    }
                    guard chain.isEmpty else {
                        return chain
                    }
                    throw OpenSSLError(
                        .malformedInput, operation: "PEM_read_bio_X509", context: "no BEGIN CERTIFICATE block found")
                }
                chain.append(try PEMCertificate(taking: x509))
            }
        }
    }

    /// The certificate as one PEM block.
    public func pemEncoded() throws(OpenSSLError) -> String {
        try MemoryBIO.writing { (bio) throws(OpenSSLError) in
            try OpenSSLError.checkStatus("PEM_write_bio_X509") { PEM_write_bio_X509(bio, x509) }
        }
    }

    /// Lends the `X509*` to `body`; it must not be freed, nor kept after `body` returns.
    func withUnsafeX509<Result, Failure>(
        _ body: (OpaquePointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withExtendedLifetime(self) { () throws(Failure) -> Result in try body(x509) }
    }

    // MARK: Reading fields

    private static func readInfo(_ x509: OpaquePointer) throws(OpenSSLError) -> CertificateInfo {
        CertificateInfo(
            subject: try subject(of: x509),
            dnsNames: dnsNames(of: x509),
            notBefore: try unixTime(X509_get0_notBefore(x509), field: "notBefore"),
            notAfter: try unixTime(X509_get0_notAfter(x509), field: "notAfter"),
            serialHex: serialHex(of: x509)
        )
    }

    private static func subject(of x509: OpaquePointer) throws(OpenSSLError) -> String {
        // `XN_FLAG_RFC2253` is not importable; these are its parts, without `ASN1_STRFLGS_ESC_MSB`, so that
        // non-ASCII names stay readable UTF-8 instead of turning into `\C3\A9` escapes.
        let stringFlags =
            ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT
            | ASN1_STRFLGS_DUMP_UNKNOWN | ASN1_STRFLGS_DUMP_DER
        let nameFlags = XN_FLAG_SEP_COMMA_PLUS | XN_FLAG_DN_REV | XN_FLAG_FN_SN | XN_FLAG_DUMP_UNKNOWN_FIELDS
        let name = X509_get_subject_name(x509)
        return try MemoryBIO.writing { (bio) throws(OpenSSLError) in
            OpenSSLError.clearQueue()
            guard X509_NAME_print_ex(bio, name, 0, UInt(stringFlags | nameFlags)) >= 0 else {
                throw OpenSSLError.drainQueue(.malformedInput, operation: "X509_NAME_print_ex")
            }
        }
    }

    private static func dnsNames(of x509: OpaquePointer) -> [String] {
        OpenSSLError.clearQueue()
        guard let extensionValue = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else {
            // Missing, repeated or undecodable: in each case no name can be trusted, and none is reported.
            OpenSSLError.clearQueue()
            return []
        }
        let names = OpaquePointer(extensionValue)
        defer { GENERAL_NAMES_free(names) }

        var dnsNames: [String] = []
        for index in 0..<OPENSSL_sk_num(names) {
            var type: Int32 = 0
            let name = OPENSSL_sk_value(names, index)?.assumingMemoryBound(to: GENERAL_NAME.self)
            let value = GENERAL_NAME_get0_value(name, &type)
            if type == GEN_DNS, let value {
                dnsNames.append(text(of: value.assumingMemoryBound(to: ASN1_STRING.self)))
            }
        }
        return dnsNames
    }

    private static func unixTime(
        _ time: UnsafePointer<ASN1_TIME>?,
        field: String
    ) throws(OpenSSLError) -> Int64 {
        // A missing time must not reach `ASN1_TIME_to_tm`, which reads a null time as "now".
        guard let time else {
            throw OpenSSLError(.malformedInput, operation: "X509_get0_\(field)", context: "\(field) is missing")
        }
        var fields = tm()
        try OpenSSLError.checkStatus("ASN1_TIME_to_tm", reason: .malformedInput, context: "\(field) is invalid") {
            ASN1_TIME_to_tm(time, &fields)
        }
        return Int64(timegm(&fields))
    }

    private static func serialHex(of x509: OpaquePointer) -> String {
        guard let serial = X509_get0_serialNumber(x509) else {
            return ""
        }
        let bytes = UnsafeBufferPointer(start: ASN1_STRING_get0_data(serial), count: Int(ASN1_STRING_length(serial)))
        return bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    private static func text(of string: UnsafePointer<ASN1_STRING>) -> String {
        let count = Int(ASN1_STRING_length(string))
        guard count > 0, let start = ASN1_STRING_get0_data(string) else {
            return ""
        }
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }
}

/// A passphrase callback that supplies none, so that an encrypted PEM block fails to decode instead of
/// OpenSSL's default callback asking for a passphrase on the terminal.
let refusePassphrase: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = {
    _, _, _, _ in 0
}
