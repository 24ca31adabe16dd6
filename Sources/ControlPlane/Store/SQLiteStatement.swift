import CSQLite

/// A value bound to a parameter of an SQL statement.
public enum SQLiteValue: Sendable, Equatable {
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A double-precision float.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])
    /// SQL `NULL`.
    case null
}

/// One prepared SQL statement, owning its `sqlite3_stmt*` and finalizing it when released.
///
/// A statement belongs to the ``SQLiteDatabase`` that prepared it and shares its threading rule: it is used
/// by one thread at a time. Parameters and columns are numbered as SQLite numbers them: parameters from 1,
/// columns from 0.
public final class SQLiteStatement {
    private let handle: OpaquePointer
    /// The SQL text the statement was prepared from.
    public let sql: String

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Binding

    /// Binds a value to the parameter at `index`.
    ///
    /// - Parameters:
    ///   - value: The value to bind.
    ///   - index: The parameter's position, starting at 1.
    public func bind(_ value: SQLiteValue, at index: Int32) throws(StoreError) {
        let result: Int32
        switch value {
        case .integer(let integer):
            result = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            result = sqlite3_bind_double(handle, index, real)
        case .text(let text):
            result = bindText(text, at: index)
        case .blob(let bytes):
            result = bindBlob(bytes, at: index)
        case .null:
            result = sqlite3_bind_null(handle, index)
        }
        try check(result, operation: "bind")
    }

    /// Binds `values` to parameters 1, 2, 3… in order, after clearing earlier bindings.
    ///
    /// - Parameter values: One value per parameter.
    public func bind(_ values: [SQLiteValue]) throws(StoreError) {
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    private func bindText(_ text: String, at index: Int32) -> Int32 {
        // A nil pointer would bind NULL, and an empty buffer may have no base address.
        guard !text.isEmpty else {
            return sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
        var text = text
        return text.withUTF8 { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
            let pointer = UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
            return sqlite3_bind_text(handle, index, pointer, Int32(bytes.count), Self.transient)
        }
    }

    private func bindBlob(_ bytes: [UInt8], at index: Int32) -> Int32 {
        // An empty buffer may have no base address, and SQLite binds a nil pointer as NULL.
        guard !bytes.isEmpty else {
            return sqlite3_bind_zeroblob(handle, index, 0)
        }
        return bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // MARK: Stepping

    /// Runs the statement one step.
    ///
    /// - Returns: `true` when a row is ready to read, `false` when the statement has finished.
    @discardableResult
    public func step() throws(StoreError) -> Bool {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            throw SQLiteDatabase.error(code: result, connection: sqlite3_db_handle(handle), operation: "step")
        }
    }

    /// Rewinds the statement so it can run again, and clears its bindings.
    public func reset() {
        // sqlite3_reset repeats the error of the last step, which step has already thrown.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns

    /// The number of columns in a result row.
    public var columnCount: Int32 {
        sqlite3_column_count(handle)
    }

    /// Whether the column at `index` of the current row is SQL `NULL`.
    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// The column at `index` of the current row as an integer; 0 for `NULL`.
    public func int64(at index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// The column at `index` of the current row as an integer, or `nil` for `NULL`.
    public func optionalInt64(at index: Int32) -> Int64? {
        isNull(at: index) ? nil : int64(at: index)
    }

    /// The column at `index` of the current row as a double; 0 for `NULL`.
    public func double(at index: Int32) -> Double {
        sqlite3_column_double(handle, index)
    }

    /// The column at `index` of the current row as text, or `nil` for `NULL`.
    public func string(at index: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, index) else {
            return nil
        }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column at `index` of the current row as bytes, or `nil` for `NULL`.
    public func blob(at index: Int32) -> [UInt8]? {
        guard !isNull(at: index) else {
            return nil
        }
        // sqlite3_column_blob returns nil for an empty blob; the byte count comes after it, as SQLite asks.
        let pointer = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let pointer, count > 0 else {
            return []
        }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private func check(_ result: Int32, operation: String) throws(StoreError) {
        guard result == SQLITE_OK else {
            throw SQLiteDatabase.error(code: result, connection: sqlite3_db_handle(handle), operation: operation)
        }
    }
}
