import COpenSSL

/// A failed OpenSSL call: which call, why in Gatehouse's terms, and everything OpenSSL's error queue held.
///
/// OpenSSL reports failures by pushing entries onto a per-thread queue. Every call goes through
/// ``OpenSSLError/check(_:reason:context:_:)`` or ``OpenSSLError/checkStatus(_:reason:context:_:)``, which clear
/// the queue first, so entries left behind by an earlier, unrelated call never show up here, and drain it after a
/// failure, so nothing is left for the next call either.
///
/// The entries are OpenSSL's own texts (`error:0480006C:PEM routines::no start line`). They name libraries,
/// functions and reasons, never the bytes that were being decoded, so the error is safe to log even when the
/// input was a private key.
public struct OpenSSLError: Error, Sendable, CustomStringConvertible {
    /// Why an OpenSSL operation failed.
    public enum Reason: String, Sendable, CaseIterable {
        /// The input (PEM text, DER bytes) could not be decoded, or holds nothing usable.
        case malformedInput
        /// The input decoded, but uses an algorithm Gatehouse does not accept.
        case unsupportedAlgorithm
        /// A call that should succeed on valid input failed: allocation, key generation, signing, randomness.
        case operationFailed
    }

    /// The fixed reason for the failure.
    public let reason: Reason
    /// The OpenSSL function that failed, such as `PEM_read_bio_X509`.
    public let operation: String
    /// What Gatehouse knows about the failure beyond OpenSSL's entries, such as "the key is encrypted"; `nil`
    /// when the entries say it all.
    public let context: String?
    /// The packed error codes drained from OpenSSL's queue, oldest first.
    public let codes: [UInt]
    /// The drained entries as OpenSSL renders them, oldest first, one per code.
    public let entries: [String]

    /// Creates an error from codes already taken off the queue.
    ///
    /// - Parameters:
    ///   - reason: The fixed reason.
    ///   - operation: The OpenSSL function that failed.
    ///   - context: An explanation to show before OpenSSL's entries; it must hold no secret.
    ///   - codes: Packed error codes, oldest first; may be empty.
    public init(_ reason: Reason, operation: String, context: String? = nil, codes: [UInt] = []) {
        self.reason = reason
        self.operation = operation
        self.context = context
        self.codes = codes
        self.entries = codes.map(Self.render)
    }

    /// A short, stable name for the reason, usable as a metric label: `openssl_malformed_input`…
    public var shortName: String {
        switch reason {
        case .malformedInput: "openssl_malformed_input"
        case .unsupportedAlgorithm: "openssl_unsupported_algorithm"
        case .operationFailed: "openssl_operation_failed"
        }
    }

    /// The failure in a few words, without the function name: the context when there is one, then the
    /// entries, or a fixed text when OpenSSL left none.
    public var summary: String {
        let parts = (context.map { [$0] } ?? []) + entries
        return parts.isEmpty ? "OpenSSL gave no reason" : parts.joined(separator: "; ")
    }

    /// The error as one line: the function that failed, then ``summary``.
    public var description: String {
        "\(operation) failed: \(summary)"
    }

    /// Whether any drained entry carries `reason` from the OpenSSL library `library` (`ERR_LIB_PEM`…).
    public func hasEntry(library: Int32, reason: Int32) -> Bool {
        codes.contains { ERR_GET_LIB($0) == library && ERR_GET_REASON($0) == reason }
    }

    private static func render(_ code: UInt) -> String {
        // OpenSSL documents 256 bytes as always enough; a longer text is cut, never overrun.
        var buffer = [CChar](repeating: 0, count: 256)
        buffer.withUnsafeMutableBufferPointer { text in
            ERR_error_string_n(code, text.baseAddress, text.count)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension OpenSSLError {
    /// Empties this thread's OpenSSL error queue, so that a failure seen next belongs to the next call.
    static func clearQueue() {
        ERR_clear_error()
    }

    /// Takes every entry off this thread's OpenSSL error queue and returns them in an error.
    static func drainQueue(_ reason: Reason, operation: String, context: String? = nil) -> OpenSSLError {
        var codes: [UInt] = []
        while true {
            let code = ERR_get_error()
            if code == 0 {
                break
            }
            codes.append(code)
        }
        return OpenSSLError(reason, operation: operation, context: context, codes: codes)
    }

    /// Runs an OpenSSL call that returns a pointer, `nil` meaning failure.
    ///
    /// - Parameters:
    ///   - operation: The OpenSSL function's name, for the error.
    ///   - reason: The reason to report when the call fails.
    ///   - context: An explanation to add to the error; it must hold no secret.
    ///   - body: The call.
    /// - Returns: The pointer the call returned.
    static func check<Value>(
        _ operation: StaticString,
        reason: Reason = .operationFailed,
        context: String? = nil,
        _ body: () -> Value?
    ) throws(OpenSSLError) -> Value {
        clearQueue()
        guard let value = body() else {
            throw drainQueue(reason, operation: String(describing: operation), context: context)
        }
        return value
    }

    /// Runs an OpenSSL call that returns 1 on success and 0 or a negative number on failure.
    ///
    /// - Parameters:
    ///   - operation: The OpenSSL function's name, for the error.
    ///   - reason: The reason to report when the call fails.
    ///   - context: An explanation to add to the error; it must hold no secret.
    ///   - body: The call.
    static func checkStatus(
        _ operation: StaticString,
        reason: Reason = .operationFailed,
        context: String? = nil,
        _ body: () -> Int32
    ) throws(OpenSSLError) {
        clearQueue()
        guard body() == 1 else {
            throw drainQueue(reason, operation: String(describing: operation), context: context)
        }
    }
}
