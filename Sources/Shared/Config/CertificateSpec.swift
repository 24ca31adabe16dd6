/// A server certificate chain the data plane presents to clients, and the names it is served for.
///
/// The private key is not part of this spec: the control plane stores it apart and never returns it; it travels
/// only inside snapshots, as ``CertificateBundle``.
///
/// JSON: `{"cert_pem": "-----BEGIN CERTIFICATE-----…", "snis": ["api.example.com", "*.example.com"]}`.
public struct CertificateSpec: ConfigResource {
    /// The certificate chain in PEM, leaf first. JSON `cert_pem`; required.
    public var certificatePEM: String
    /// The TLS server names this certificate is presented for: exact names or `*.` wildcards, lower-cased.
    /// JSON `snis`; required, at least one.
    public var serverNames: [String]

    /// Creates a certificate spec.
    public init(certificatePEM: String, serverNames: [String]) {
        self.certificatePEM = certificatePEM
        self.serverNames = serverNames
    }

    /// Reads a certificate from JSON. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            CertificateSpec(reading: &reader)
        }
    }

    init(reading reader: inout ObjectReader) {
        let certificatePEM = reader.requiredString("cert_pem")
        var serverNames: [String] = []
        if let names = reader.strings("snis") {
            serverNames = names.map { $0.lowercased() }
        } else {
            reader.problems.add(fieldPath(reader.path, "snis"), "is required")
        }
        self.init(certificatePEM: certificatePEM, serverNames: serverNames)
    }

    /// The certificate as JSON.
    public var jsonValue: JSONValue {
        .object(fields)
    }

    var fields: [String: JSONValue] {
        ["cert_pem": .string(certificatePEM), "snis": .array(serverNames.map(JSONValue.string))]
    }

    /// Checks that the chain looks like PEM and that every server name is a valid exact or wildcard name.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        if !certificatePEM.contains("-----BEGIN CERTIFICATE-----") {
            report.add("cert_pem", "must hold a PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        if serverNames.isEmpty {
            report.add("snis", "must list at least one server name")
        }
        for (index, name) in serverNames.enumerated() {
            if let reason = ConfigSyntax.hostPatternProblem(name) {
                report.add(elementPath("snis", index), reason)
            }
        }
        return report.problems
    }
}
