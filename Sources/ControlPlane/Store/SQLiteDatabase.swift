import CSQLite

/// One connection to an SQLite database file, owning its `sqlite3*` and closing it when released.
///
/// The connection is opened in SQLite's multi-thread mode (`SQLITE_OPEN_NOMUTEX`): SQLite takes no lock of
/// its own, so the connection and its statements must be used by one thread at a time. Whoever shares a
/// database between threads serializes access to it, as ``RegistryStore`` does with a mutex.
///
/// Settings applied at open:
/// - `journal_mode=WAL`: readers do not block the writer, and a commit appends to the log instead of
///   rewriting pages in place.
/// - `synchronous=FULL`: in WAL mode, `NORMAL` syncs the log only at checkpoints, so a commit survives the
///   process being killed but can be lost when the machine loses power. `FULL` syncs the log at every
///   commit, so a write the store has acknowledged survives both.
/// - `foreign_keys=ON`: SQLite leaves foreign keys unchecked unless each connection asks for them.
/// - `busy_timeout=5000`: a connection that finds the database locked retries for up to 5 seconds
///   before failing with ``StoreError/Reason/busy``.
public final class SQLiteDatabase {
    private let connection: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The path the database was opened from.
    public let path: String

    /// How long a locked database is retried before an operation fails by default, in milliseconds.
    public static let defaultBusyTimeoutMilliseconds: Int32 = 5000

    /// Opens the database at `path`, creating the file if it does not exist, and applies the settings listed
    /// on the type.
    ///
    /// - Parameters:
    ///   - path: A file path, or `:memory:` for a private in-memory database.
    ///   - busyTimeoutMilliseconds: How long a locked database is retried before an operation fails with
    ///     ``StoreError/Reason/busy``, in milliseconds. Default: 5000.
    public init(
        path: String,
        busyTimeoutMilliseconds: Int32 = SQLiteDatabase.defaultBusyTimeoutMilliseconds
    ) throws(StoreError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let error = Self.error(code: result, connection: opened, operation: "open")
            // SQLite usually hands back a handle even when opening fails; it still has to be released.
            sqlite3_close_v2(opened)
            throw error
        }
        self.connection = opened
        self.path = path

        // From here on, a thrown error releases the object, and deinit closes the connection.
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        try execute(script: "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        let mode = try query("PRAGMA journal_mode = WAL") { row in row.string(at: 0) ?? "" }.first ?? ""
        guard mode.lowercased() == "wal" || path == ":memory:" else {
            throw StoreError(.io, message: "the database refused write-ahead logging (mode \(mode))", operation: "open")
        }
    }

    deinit {
        // Statements are finalized before the connection; close_v2 also tolerates one that outlives it.
        statements.removeAll()
        sqlite3_close_v2(connection)
    }

    // MARK: Running SQL

    /// Runs one or more SQL statements separated by semicolons, with no parameters and no result rows.
    ///
    /// - Parameter script: The SQL text.
    public func execute(script: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(connection, script, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard result == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(result))
            throw StoreError(Self.reason(for: result), code: result, message: text, operation: "execute")
        }
    }

    /// Lends the cached prepared statement for `sql`, preparing it the first time.
    ///
    /// The statement is reset and its bindings cleared when `body` returns, so that no read stays open and
    /// the next user starts clean.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement; its text is the cache key.
    ///   - body: The work to do with the statement.
    public func withStatement<Result>(
        _ sql: String,
        _ body: (SQLiteStatement) throws -> Result
    ) throws -> Result {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        return try body(statement)
    }

    /// Runs one statement to completion with `values` bound to its parameters.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement.
    ///   - values: One value per parameter, in order.
    /// - Returns: The number of rows the statement inserted, changed or deleted.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> Int {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes64(connection))
    }

    /// Runs a query and turns each result row into a value.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement.
    ///   - values: One value per parameter, in order.
    ///   - row: Reads the current row from the statement.
    /// - Returns: One value per row, in the order SQLite returned them.
    public func query<Row>(
        _ sql: String,
        _ values: [SQLiteValue] = [],
        row: (SQLiteStatement) throws(StoreError) -> Row
    ) throws(StoreError) -> [Row] {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(try row(statement))
        }
        return rows
    }

    /// The row id of the last row inserted through this connection.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(connection)
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool {
        sqlite3_get_autocommit(connection) == 0
    }

    /// The number of prepared statements held in the cache.
    public var cachedStatementCount: Int {
        statements.count
    }

    // MARK: Transactions

    /// Runs `body` in a write transaction: `BEGIN IMMEDIATE`, then `COMMIT`, or `ROLLBACK` when `body` or
    /// the commit throws.
    ///
    /// `IMMEDIATE` takes the write lock at the start, so a transaction that reads before it writes cannot
    /// fail halfway on a lock taken by another connection in between.
    ///
    /// - Parameter body: The reads and writes to make atomic.
    /// - Returns: What `body` returns.
    public func transaction<Result>(_ body: () throws -> Result) throws -> Result {
        precondition(!isInTransaction, "transactions do not nest; the store opens one per operation")
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            // After some failures SQLite has already rolled back; a second rollback is then harmless.
            if isInTransaction {
                _ = try? run("ROLLBACK")
            }
            throw error
        }
    }

    /// Runs `body` in a read transaction (`BEGIN DEFERRED`), so that every query in it sees the same
    /// state of the database, whatever other connections commit meanwhile.
    ///
    /// - Parameter body: The reads to make consistent; a write in it would take the write lock late.
    /// - Returns: What `body` returns.
    public func readTransaction<Result>(_ body: () throws -> Result) throws -> Result {
        precondition(!isInTransaction, "transactions do not nest; the store opens one per operation")
        try run("BEGIN DEFERRED")
        defer {
            // Nothing was written, so ending the transaction either way loses nothing.
            if isInTransaction {
                _ = try? run("ROLLBACK")
            }
        }
        return try body()
    }

    // MARK: Statement cache

    private func cachedStatement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let statement = statements[sql] {
            return statement
        }
        var prepared: OpaquePointer?
        let result = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard result == SQLITE_OK else {
            throw Self.error(code: result, connection: connection, operation: "prepare")
        }
        guard let prepared else {
            throw StoreError(.misuse, message: "the SQL text holds no statement", operation: "prepare")
        }
        let statement = SQLiteStatement(handle: prepared, sql: sql)
        statements[sql] = statement
        return statement
    }

    // MARK: Errors

    /// Builds a ``StoreError`` from an SQLite result code and the connection's latest message.
    static func error(code: Int32, connection: OpaquePointer?, operation: String) -> StoreError {
        let message: String
        if let connection {
            message = String(cString: sqlite3_errmsg(connection))
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        return StoreError(reason(for: code), code: code, message: message, operation: operation)
    }

    /// Maps an SQLite result code, plain or extended, to the store's reason.
    static func reason(for code: Int32) -> StoreError.Reason {
        switch code & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED:
            .busy
        case SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_TOOBIG:
            .constraint
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            .corrupt
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_NOLFS, SQLITE_PROTOCOL:
            .io
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH:
            .readOnly
        case SQLITE_MISUSE, SQLITE_RANGE:
            .misuse
        default:
            .other
        }
    }
}
