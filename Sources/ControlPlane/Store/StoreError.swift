/// A failure of the control plane's SQLite store.
///
/// The ``reason`` is a fixed set, suitable for branching and, through ``shortName``, as a metric label.
/// The ``message`` is SQLite's own text (or the store's), which names tables and constraints but never
/// the values that were bound, so it is safe to log.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Why a store operation failed.
    public enum Reason: String, Sendable, CaseIterable {
        /// The database stayed locked by another connection past the busy timeout.
        case busy
        /// A write broke a constraint: a duplicate key, a check, a foreign key, a missing value.
        case constraint
        /// The database file is damaged or is not a database.
        case corrupt
        /// The record that the operation needs does not exist.
        case notFound
        /// The operation contradicts the stored state (for example, changing an immutable record).
        case conflict
        /// The database was written by a newer program, with migrations this one does not know.
        case schemaTooNew
        /// The file system failed: reading, writing, opening, or a full disk.
        case io
        /// The database or its folder cannot be written.
        case readOnly
        /// The SQLite API was called the wrong way; a programming error in the store.
        case misuse
        /// Any other SQLite failure; ``StoreError/code`` tells which.
        case other
    }

    /// The fixed reason for the failure.
    public let reason: Reason
    /// SQLite's extended result code, or 0 when the store itself raised the error.
    public let code: Int32
    /// A human description of the failure: SQLite's message, or the store's.
    public let message: String
    /// The step that failed, such as `open`, `prepare`, `step` or `migrate`.
    public let operation: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - reason: The fixed reason.
    ///   - code: SQLite's extended result code; 0 when the error did not come from SQLite.
    ///   - message: A human description that holds no secret.
    ///   - operation: The step that failed.
    public init(_ reason: Reason, code: Int32 = 0, message: String, operation: String) {
        self.reason = reason
        self.code = code
        self.message = message
        self.operation = operation
    }

    /// A short, stable name for the reason, usable as a metric label: `store_busy`, `store_constraint`…
    public var shortName: String {
        switch reason {
        case .busy: "store_busy"
        case .constraint: "store_constraint"
        case .corrupt: "store_corrupt"
        case .notFound: "store_not_found"
        case .conflict: "store_conflict"
        case .schemaTooNew: "store_schema_too_new"
        case .io: "store_io"
        case .readOnly: "store_read_only"
        case .misuse: "store_misuse"
        case .other: "store_other"
        }
    }

    /// The error as one line: the reason, the failing step, SQLite's code when there is one, and the message.
    public var description: String {
        let codeText = code == 0 ? "" : ", sqlite code \(code)"
        return "store \(reason.rawValue) during \(operation)\(codeText): \(message)"
    }
}
