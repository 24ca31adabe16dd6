import FoundationEssentials
import Synchronization

/// The control plane's registry, kept in one SQLite file: draft resources, live endpoints, published
/// versions, data-plane nodes and API tokens.
///
/// Every write runs in its own transaction. The store may be shared between threads: a mutex lets one
/// operation at a time use the connection, and each operation is short.
///
/// The store keeps JSON text (specifications, labels, figures) as it is given and never reads it; checks
/// between resources, such as a route naming a service that exists, belong to the caller.
public final class RegistryStore: Sendable {
    /// Serializes use of ``database``.
    private let lock = Mutex(())
    // The connection is used only inside `lock`, so one thread at a time, as SQLiteDatabase requires.
    nonisolated(unsafe) private let database: SQLiteDatabase
    private let clock: @Sendable () -> Int64

    /// The migrations this open applied, by number; empty when the schema was current.
    public let appliedMigrations: [Int]

    /// Opens the registry at `path`, creating it if needed, and applies pending migrations.
    ///
    /// - Parameters:
    ///   - path: The database file, such as `DATA_DIR/gatehouse.db`.
    ///   - migrations: The schema scripts; the default is this program's schema.
    ///   - clock: The current time in unix milliseconds, for methods that take no `now`; the default reads
    ///     the system clock.
    public init(
        path: String,
        migrations: Migrations = .registry,
        clock: @escaping @Sendable () -> Int64 = RegistryStore.systemTime
    ) throws {
        let connection = try SQLiteDatabase(path: path)
        appliedMigrations = try migrations.apply(to: connection, now: clock())
        self.database = connection
        self.clock = clock
    }

    /// The system clock in unix milliseconds.
    @Sendable
    public static func systemTime() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// The current time by the store's clock, in unix milliseconds.
    var now: Int64 {
        clock()
    }

    /// Runs `body` in one write transaction on the connection.
    @discardableResult
    func write<Result: Sendable>(_ body: (SQLiteDatabase) throws -> Result) throws -> Result {
        try lock.withLock { _ in
            try database.transaction { try body(database) }
        }
    }

    /// Runs `body` on the connection with no explicit transaction: for single statements that read.
    func read<Result: Sendable>(_ body: (SQLiteDatabase) throws -> Result) throws -> Result {
        try lock.withLock { _ in
            try body(database)
        }
    }

    /// Runs `PRAGMA integrity_check` and returns its findings; `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] {
        try read { connection in
            try connection.query("PRAGMA integrity_check") { row in row.string(at: 0) ?? "" }
        }
    }
}
