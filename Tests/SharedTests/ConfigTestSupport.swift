@testable import Shared

/// Helpers and sample values shared by the configuration tests.
enum ConfigFixture {
    /// The problems decoding `text` as `Resource` reports, or an empty list when it decodes.
    static func decodingProblems<Resource: ConfigResource>(_ type: Resource.Type, _ text: String) -> [ConfigError
        .Problem]
    {
        do {
            _ = try ConfigDecoder.decode(type, from: text)
            return []
        } catch {
            return error.problems
        }
    }

    /// Shorthand for a problem in expectations.
    static func problem(_ field: String, _ reason: String) -> ConfigError.Problem {
        ConfigError.Problem(field: field, reason: reason)
    }

    /// ``certificatePEM`` escaped for splicing into a JSON string.
    static let certificatePEMInJSON = certificatePEM.replacing("\n", with: "\\n")
    /// ``keyPEM`` escaped for splicing into a JSON string.
    static let keyPEMInJSON = keyPEM.replacing("\n", with: "\\n")

    /// A certificate chain shaped like PEM; its contents are not parsed by the model.
    static let certificatePEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    /// A private key shaped like PEM.
    static let keyPEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
}
