/// A certificate together with its private key: the body of a certificate upload and the form certificates take
/// in a snapshot. Its description never shows the key.
///
/// JSON: `{"cert_pem": "…", "key_pem": "…", "snis": ["api.example.com"]}`.
public struct CertificateBundle: ConfigResource, CustomStringConvertible {
    /// The certificate and its server names. JSON `cert_pem` and `snis`, as in ``CertificateSpec``.
    public var certificate: CertificateSpec
    /// The private key in PEM. JSON `key_pem`; required.
    public var keyPEM: String

    /// Creates a bundle from a certificate and its key.
    public init(certificate: CertificateSpec, keyPEM: String) {
        self.certificate = certificate
        self.keyPEM = keyPEM
    }

    /// Reads a bundle from JSON. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            let certificate = CertificateSpec(reading: &reader)
            return CertificateBundle(certificate: certificate, keyPEM: reader.requiredString("key_pem"))
        }
    }

    /// The bundle as JSON, key included.
    public var jsonValue: JSONValue {
        var fields = certificate.fields
        fields["key_pem"] = .string(keyPEM)
        return .object(fields)
    }

    /// Checks the certificate and that the key looks like a PEM private key.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        report.add(contentsOf: certificate.problems(at: path))
        if !(keyPEM.contains("-----BEGIN ") && keyPEM.contains("PRIVATE KEY-----")) {
            report.add("key_pem", "must hold a PEM private key")
        }
        return report.problems
    }

    /// The server names, with the key left out.
    public var description: String {
        "CertificateBundle(snis: \(certificate.serverNames), key: <redacted>)"
    }
}
