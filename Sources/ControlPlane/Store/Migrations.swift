/// The numbered SQL scripts that build the store's schema, and the code that applies the pending ones.
///
/// Script `n` (counting from 1) takes the schema from version `n - 1` to version `n`. A script, once
/// released, never changes: a schema change is a new script at the end of the list. The versions applied
/// are recorded in `schema_migrations`.
public struct Migrations: Sendable {
    /// The scripts, in order; the first one is version 1.
    public let scripts: [String]

    /// Creates a list of migrations.
    ///
    /// - Parameter scripts: The SQL scripts; the first one is version 1.
    public init(scripts: [String]) {
        self.scripts = scripts
    }

    /// The migrations of this program's schema.
    public static let registry = Migrations(scripts: [registrySchemaVersion1])

    /// The schema version this list leads to.
    public var latestVersion: Int {
        scripts.count
    }

    /// Applies every pending script, and records each, in one transaction.
    ///
    /// A database already at ``latestVersion`` is left as it is. A database at a newer version than this
    /// list knows is refused with ``StoreError/Reason/schemaTooNew`` and left untouched.
    ///
    /// - Parameters:
    ///   - database: The database to migrate.
    ///   - now: The time to record as each script's `applied_at`, in unix milliseconds.
    /// - Returns: The versions that were applied, oldest first; empty when none was pending.
    @discardableResult
    public func apply(to database: SQLiteDatabase, now: Int64) throws -> [Int] {
        try database.transaction {
            try database.execute(
                script: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        applied_at INTEGER NOT NULL
                    );
                    """
            )
            let current = try Self.currentVersion(of: database)
            guard current <= latestVersion else {
                throw StoreError(
                    .schemaTooNew,
                    message: "database schema version \(current) is newer than this program supports "
                        + "(\(latestVersion)); upgrade gatehouse",
                    operation: "migrate"
                )
            }

            let pending = Array((current + 1)..<(latestVersion + 1))
            for version in pending {
                try database.execute(script: scripts[version - 1])
                try database.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [.integer(Int64(version)), .integer(now)]
                )
            }
            return pending
        }
    }

    /// The newest schema version recorded in `database`; 0 when none is.
    public static func currentVersion(of database: SQLiteDatabase) throws(StoreError) -> Int {
        let table = try database.query("SELECT 1 FROM sqlite_schema WHERE name = 'schema_migrations'") { _ in 1 }
        guard !table.isEmpty else {
            return 0
        }
        let rows = try database.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") { row in
            Int(row.int64(at: 0))
        }
        return rows.first ?? 0
    }
}

/// Version 1: draft resources, certificate keys, live endpoints, published versions, nodes and tokens.
///
/// Times are unix milliseconds. JSON columns hold text the caller has already validated; the checks here
/// only keep text that is not JSON at all out of the database.
private let registrySchemaVersion1 = """
    CREATE TABLE resources (
        kind TEXT NOT NULL CHECK (kind IN
            ('service', 'route', 'breaker_policy', 'rate_limit', 'consumer', 'certificate')),
        name TEXT NOT NULL CHECK (length(name) > 0),
        spec TEXT NOT NULL CHECK (json_valid(spec)),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (kind, name)
    ) WITHOUT ROWID;

    CREATE TABLE certificate_keys (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'certificate' CHECK (kind = 'certificate'),
        encrypted_key BLOB NOT NULL,
        updated_at INTEGER NOT NULL,
        FOREIGN KEY (kind, name) REFERENCES resources (kind, name) ON DELETE CASCADE
    );

    CREATE TABLE endpoints (
        service TEXT NOT NULL CHECK (length(service) > 0),
        id TEXT NOT NULL CHECK (length(id) > 0),
        address TEXT NOT NULL CHECK (length(address) > 0),
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        weight INTEGER NOT NULL CHECK (weight >= 0),
        ttl_s INTEGER CHECK (ttl_s IS NULL OR ttl_s > 0),
        expires_at INTEGER,
        is_lapsed INTEGER NOT NULL DEFAULT 0 CHECK (is_lapsed IN (0, 1)),
        registered_at INTEGER NOT NULL,
        last_heartbeat INTEGER NOT NULL,
        PRIMARY KEY (service, id),
        CHECK ((ttl_s IS NULL) = (expires_at IS NULL))
    ) WITHOUT ROWID;

    CREATE INDEX endpoints_by_expiry ON endpoints (expires_at) WHERE expires_at IS NOT NULL;

    CREATE TABLE endpoint_generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL
    );

    INSERT INTO endpoint_generation (id, generation) VALUES (1, 0);

    CREATE TABLE versions (
        version INTEGER PRIMARY KEY CHECK (version > 0),
        hash TEXT NOT NULL CHECK (length(hash) > 0),
        message TEXT NOT NULL,
        content TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );

    CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON versions
    BEGIN
        SELECT RAISE(ABORT, 'published versions are immutable');
    END;

    CREATE TABLE nodes (
        node TEXT PRIMARY KEY CHECK (length(node) > 0),
        labels TEXT NOT NULL CHECK (json_valid(labels)),
        build TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        desired_version INTEGER REFERENCES versions (version),
        applied_version INTEGER,
        rejected_version INTEGER,
        rejected_reason TEXT,
        figures TEXT CHECK (figures IS NULL OR json_valid(figures)),
        reported_at INTEGER
    );

    CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
        role TEXT NOT NULL CHECK (role IN ('admin', 'read', 'node')),
        created_at INTEGER NOT NULL,
        description TEXT NOT NULL
    );
    """
