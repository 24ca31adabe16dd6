/// Published versions are immutable and numbered from 1 upwards; a trigger in the schema refuses any
/// change to a stored one.
extension RegistryStore {
    /// Publishes the draft as a new version, unless it is the same as the newest one.
    ///
    /// - Parameters:
    ///   - message: The operator's message.
    ///   - content: The JSON text of the whole draft.
    ///   - hash: The hash of `content`, computed by the caller; equal hashes mean equal content.
    ///   - now: The time of publication, in unix milliseconds.
    /// - Returns: The new version's number and `created: true`; or, when `hash` equals the newest version's
    ///   hash, that version's number and `created: false`.
    @discardableResult
    public func publish(message: String, content: String, hash: String, now: Int64) throws -> (
        version: Int, created: Bool
    ) {
        try write { connection in
            let newest = try connection.query("SELECT version, hash FROM versions ORDER BY version DESC LIMIT 1") {
                row in (version: Int(row.int64(at: 0)), hash: row.string(at: 1) ?? "")
            }.first
            if let newest, newest.hash == hash {
                return (newest.version, false)
            }

            let version = (newest?.version ?? 0) + 1
            try connection.run(
                "INSERT INTO versions (version, hash, message, content, created_at) VALUES (?, ?, ?, ?, ?)",
                [.integer(Int64(version)), .text(hash), .text(message), .text(content), .integer(now)]
            )
            return (version, true)
        }
    }

    /// The published version `number` with its content, or `nil` when there is none.
    public func version(_ number: Int) throws -> PublishedVersion? {
        try read { connection in
            try connection.query(
                "SELECT version, hash, message, created_at, content FROM versions WHERE version = ?",
                [.integer(Int64(number))]
            ) { row in
                PublishedVersion(summary: Self.summary(from: row), content: row.string(at: 4) ?? "")
            }.first
        }
    }

    /// Every published version without its content, oldest first.
    public func versions() throws -> [VersionSummary] {
        try read { connection in
            try connection.query(
                "SELECT version, hash, message, created_at FROM versions ORDER BY version",
                row: Self.summary(from:)
            )
        }
    }

    /// The newest published version without its content, or `nil` before the first publish.
    public func latestVersion() throws -> VersionSummary? {
        try read { connection in
            try connection.query(
                "SELECT version, hash, message, created_at FROM versions ORDER BY version DESC LIMIT 1",
                row: Self.summary(from:)
            ).first
        }
    }

    private static func summary(from row: SQLiteStatement) -> VersionSummary {
        VersionSummary(
            version: Int(row.int64(at: 0)),
            hash: row.string(at: 1) ?? "",
            message: row.string(at: 2) ?? "",
            createdAt: row.int64(at: 3)
        )
    }
}
