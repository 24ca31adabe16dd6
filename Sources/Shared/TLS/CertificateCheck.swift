import COpenSSL
import Glibc

/// Checks a certificate chain and its private key before they are stored, so that a gateway never receives
/// a pair it cannot serve.
///
/// Checks are pure: the time is passed in, and the result is a list of problems rather than log lines.
public enum CertificateCheck {
    /// Lists every problem with a PEM certificate chain and its PEM private key.
    ///
    /// Problems name the field they concern (`certificate_pem`, `key_pem`) and never quote the key. Checked:
    /// both decode; the key belongs to the leaf; each certificate is valid at `now`; each certificate after the
    /// first issued the one before it.
    ///
    /// - Parameters:
    ///   - certPEM: The certificate chain, leaf first.
    ///   - keyPEM: The leaf's private key, unencrypted.
    ///   - now: The time to check validity at, in unix seconds.
    /// - Returns: Readable problems, such as `certificate_pem: expired on 2026-01-02T03:04:05Z`; empty when the
    ///   pair can be stored.
    public static func validate(certPEM: String, keyPEM: String, now: Int64) -> [String] {
        var problems: [String] = []
        let chain: [PEMCertificate]
        do {
            chain = try PEMCertificate.decodeChain(certPEM)
        } catch {
            problems.append("certificate_pem: does not parse: \(error.summary)")
            chain = []
        }
        let key: PEMPrivateKey?
        do {
            key = try PEMPrivateKey(pem: keyPEM)
        } catch {
            problems.append("key_pem: does not parse: \(error.summary)")
            key = nil
        }

        if let leaf = chain.first, let key, !keyMatches(certificate: leaf, key: key) {
            problems.append("key_pem: does not match the certificate")
        }
        for (index, certificate) in chain.enumerated() {
            let label = index == 0 ? "certificate_pem" : "certificate_pem: certificate \(index + 1) of the chain"
            problems += validityProblems(certificate.info, now: now, label: label)
        }
        for (subject, issuer) in zip(chain, chain.dropFirst()) where !isIssued(subject, by: issuer) {
            problems.append(
                "certificate_pem: \"\(issuer.info.subject)\" did not issue \"\(subject.info.subject)\"; "
                    + "list the leaf first, then each issuer in turn")
        }
        return problems
    }

    /// Whether `key` is the private key of `certificate`'s public key.
    ///
    /// - Parameters:
    ///   - certificate: The certificate, usually a chain's leaf.
    ///   - key: The private key to compare.
    /// - Returns: `true` when they form a pair; `false` when they differ, including in algorithm.
    public static func keyMatches(certificate: PEMCertificate, key: PEMPrivateKey) -> Bool {
        certificate.withUnsafeX509 { x509 in
            key.withUnsafeKey { key in
                OpenSSLError.clearQueue()
                let matches = X509_check_private_key(x509, key) == 1
                // A mismatch leaves "key values mismatch" behind; it is the answer, not a failure to report.
                OpenSSLError.clearQueue()
                return matches
            }
        }
    }

    /// Formats unix seconds as an RFC 3339 UTC timestamp, such as `2026-01-02T03:04:05Z`.
    static func timestamp(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var fields = tm()
        guard gmtime_r(&time, &fields) != nil else {
            return "\(seconds) (unix seconds)"
        }
        func twoDigits(_ value: Int32) -> String {
            value < 10 ? "0\(value)" : "\(value)"
        }
        let year = String(fields.tm_year + 1900)
        let date = "\(year)-\(twoDigits(fields.tm_mon + 1))-\(twoDigits(fields.tm_mday))"
        return "\(date)T\(twoDigits(fields.tm_hour)):\(twoDigits(fields.tm_min)):\(twoDigits(fields.tm_sec))Z"
    }

    private static func validityProblems(_ info: CertificateInfo, now: Int64, label: String) -> [String] {
        // Both bounds are inclusive (RFC 5280 §4.1.2.5).
        if now > info.notAfter {
            return ["\(label): expired on \(timestamp(info.notAfter))"]
        }
        if now < info.notBefore {
            return ["\(label): not yet valid until \(timestamp(info.notBefore))"]
        }
        return []
    }

    private static func isIssued(_ subject: PEMCertificate, by issuer: PEMCertificate) -> Bool {
        issuer.withUnsafeX509 { issuerX509 in
            subject.withUnsafeX509 { subjectX509 in
                OpenSSLError.clearQueue()
                let result = X509_check_issued(issuerX509, subjectX509)
                OpenSSLError.clearQueue()
                return result == X509_V_OK
            }
        }
    }
}
