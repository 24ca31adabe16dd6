@testable import Shared

/// The problems decoding `text` as `Resource` reports, or an empty list when it decodes.
func decodingProblems<Resource: ConfigResource>(_ type: Resource.Type, _ text: String) -> [ConfigError.Problem] {
    do {
        _ = try ConfigDecoder.decode(type, from: text)
        return []
    } catch {
        return error.problems
    }
}

/// Shorthand for a problem in expectations.
func problem(_ field: String, _ reason: String) -> ConfigError.Problem {
    ConfigError.Problem(field: field, reason: reason)
}

/// A certificate chain and key shaped like PEM; their contents are not parsed by the model.
let samplePEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
let sampleKeyPEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
