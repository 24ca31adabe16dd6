extension RegistryStore {
    /// Creates or replaces the draft resource `kind`/`name`.
    ///
    /// - Parameters:
    ///   - kind: The resource's kind.
    ///   - name: The resource's name.
    ///   - spec: The specification as canonical JSON text; it must at least be valid JSON.
    /// - Returns: `true` when the resource was created, `false` when it replaced one.
    @discardableResult
    public func put(kind: ResourceKind, name: String, spec: String) throws -> Bool {
        let updatedAt = now
        return try write { connection in
            try Self.upsertResource(kind: kind, name: name, spec: spec, at: updatedAt, in: connection)
        }
    }

    /// The draft resource `kind`/`name`, or `nil` when there is none.
    ///
    /// For a certificate the result holds only the specification; the private key is never part of it.
    public func get(kind: ResourceKind, name: String) throws -> Resource? {
        try read { connection in
            try connection.query(
                "SELECT kind, name, spec, updated_at FROM resources WHERE kind = ? AND name = ?",
                [.text(kind.rawValue), .text(name)],
                row: Self.resource(from:)
            ).first
        }
    }

    /// Every draft resource of `kind`, ordered by name.
    public func list(kind: ResourceKind) throws -> [Resource] {
        try read { connection in
            try connection.query(
                "SELECT kind, name, spec, updated_at FROM resources WHERE kind = ? ORDER BY name",
                [.text(kind.rawValue)],
                row: Self.resource(from:)
            )
        }
    }

    /// The whole draft: every resource of every kind, ordered by kind and then by name.
    public func draft() throws -> [Resource] {
        try read { connection in
            try connection.query(
                "SELECT kind, name, spec, updated_at FROM resources ORDER BY kind, name",
                row: Self.resource(from:)
            )
        }
    }

    /// Deletes the draft resource `kind`/`name`, and a certificate's private key with it.
    ///
    /// - Returns: `true` when the resource existed.
    @discardableResult
    public func delete(kind: ResourceKind, name: String) throws -> Bool {
        try write { connection in
            let deleted = try connection.run(
                "DELETE FROM resources WHERE kind = ? AND name = ?",
                [.text(kind.rawValue), .text(name)]
            )
            return deleted > 0
        }
    }

    // MARK: Certificates

    /// Creates or replaces the certificate `name` together with its private key, in one transaction.
    ///
    /// - Parameters:
    ///   - name: The certificate's name.
    ///   - spec: The certificate's specification as canonical JSON text, without the key.
    ///   - encryptedKey: The private key, already encrypted by the caller; the store keeps the bytes.
    /// - Returns: `true` when the certificate was created, `false` when it replaced one.
    @discardableResult
    public func putCertificate(name: String, spec: String, encryptedKey: [UInt8]) throws -> Bool {
        let updatedAt = now
        return try write { connection in
            let created = try Self.upsertResource(
                kind: .certificate, name: name, spec: spec, at: updatedAt, in: connection)
            try connection.run(
                """
                INSERT INTO certificate_keys (name, encrypted_key, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET encrypted_key = excluded.encrypted_key,
                    updated_at = excluded.updated_at
                """,
                [.text(name), .blob(encryptedKey), .integer(updatedAt)]
            )
            return created
        }
    }

    /// The encrypted private key of the certificate `name`, or `nil` when it has none.
    public func certificateKey(name: String) throws -> [UInt8]? {
        try read { connection in
            try connection.query(
                "SELECT encrypted_key FROM certificate_keys WHERE name = ?",
                [.text(name)]
            ) { row in row.blob(at: 0) ?? [] }.first
        }
    }

    // MARK: Rows

    private static func upsertResource(
        kind: ResourceKind,
        name: String,
        spec: String,
        at updatedAt: Int64,
        in connection: SQLiteDatabase
    ) throws -> Bool {
        let key: [SQLiteValue] = [.text(kind.rawValue), .text(name)]
        let existing = try connection.query("SELECT 1 FROM resources WHERE kind = ? AND name = ?", key) { _ in 1 }

        try connection.run(
            """
            INSERT INTO resources (kind, name, spec, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at
            """,
            key + [.text(spec), .integer(updatedAt)]
        )
        return existing.isEmpty
    }

    private static func resource(from row: SQLiteStatement) throws(StoreError) -> Resource {
        let kindName = row.string(at: 0) ?? ""
        guard let kind = ResourceKind(rawValue: kindName) else {
            throw StoreError(
                .corrupt, message: "unknown resource kind '\(kindName)' in the database", operation: "read")
        }
        return Resource(
            kind: kind, name: row.string(at: 1) ?? "", spec: row.string(at: 2) ?? "", updatedAt: row.int64(at: 3))
    }
}
