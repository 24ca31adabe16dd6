/// A failure to seal or open data under the master key, or to load the master key.
///
/// Messages name files, sizes and modes, never key bytes, plaintext or sealed bytes, so they are safe to log.
public struct KeyEncryptionError: Error, Sendable, CustomStringConvertible {
    /// Why sealing, opening or loading failed.
    public enum Reason: String, Sendable, CaseIterable {
        /// The master key file could not be opened, read, written, synced or renamed.
        case masterKeyFileUnusable
        /// The master key file's permissions let users other than its owner read or write it.
        case masterKeyFileExposed
        /// The master key file does not hold exactly 64 hexadecimal characters.
        case masterKeyFileMalformed
        /// The sealed data is too short to hold a version, a nonce and a tag.
        case sealedDataTruncated
        /// The sealed data starts with a format version this program does not know.
        case unsupportedVersion
        /// The sealed data does not authenticate: it was altered, or sealed under another master key or
        /// with other associated data.
        case authenticationFailed
        /// OpenSSL failed to set up the cipher or to produce random bytes.
        case cryptoFailure
    }

    /// The fixed reason for the failure.
    public let reason: Reason
    /// A human description of the failure, holding no secret.
    public let message: String
    /// The OpenSSL failure behind a ``Reason/cryptoFailure``, when there is one.
    public let underlying: OpenSSLError?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - reason: The fixed reason.
    ///   - message: A human description that holds no secret.
    ///   - underlying: The OpenSSL failure that caused this one, if any.
    public init(_ reason: Reason, message: String, underlying: OpenSSLError? = nil) {
        self.reason = reason
        self.message = message
        self.underlying = underlying
    }

    /// A short, stable name for the reason, usable as a metric label: `key_encryption_authentication_failed`…
    public var shortName: String {
        switch reason {
        case .masterKeyFileUnusable: "key_encryption_master_key_file_unusable"
        case .masterKeyFileExposed: "key_encryption_master_key_file_exposed"
        case .masterKeyFileMalformed: "key_encryption_master_key_file_malformed"
        case .sealedDataTruncated: "key_encryption_sealed_data_truncated"
        case .unsupportedVersion: "key_encryption_unsupported_version"
        case .authenticationFailed: "key_encryption_authentication_failed"
        case .cryptoFailure: "key_encryption_crypto_failure"
        }
    }

    /// The message, followed by the OpenSSL failure when there is one.
    public var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }
}
