/// Tokens are stored by the SHA-256 of their secret, computed by the caller; the secret never reaches the
/// store.
extension RegistryStore {
    /// Adds a token.
    ///
    /// - Parameters:
    ///   - hash: The SHA-256 of the token's secret, as 64 lowercase hexadecimal digits.
    ///   - role: What the token may do.
    ///   - description: A note saying whom or what the token is for. Default: empty.
    /// - Returns: The id the store gave the token.
    /// - Throws: ``StoreError/Reason/constraint`` when the hash is malformed or already stored.
    @discardableResult
    public func addToken(hash: String, role: TokenRole, description: String = "") throws -> Int64 {
        let createdAt = now
        return try write { connection in
            try connection.run(
                "INSERT INTO tokens (hash, role, created_at, description) VALUES (?, ?, ?, ?)",
                [.text(hash), .text(role.rawValue), .integer(createdAt), .text(description)]
            )
            return connection.lastInsertRowID
        }
    }

    /// The role of the token whose secret hashes to `hash`, or `nil` when no such token is stored.
    public func token(byHash hash: String) throws -> TokenRole? {
        try read { connection in
            try connection.query("SELECT role FROM tokens WHERE hash = ?", [.text(hash)]) { row in
                TokenRole(rawValue: row.string(at: 0) ?? "")
            }.first ?? nil
        }
    }

    /// Every stored token, ordered by id.
    public func tokens() throws -> [TokenRecord] {
        try read { connection in
            try connection.query("SELECT id, hash, role, created_at, description FROM tokens ORDER BY id") {
                row throws(StoreError) in
                let roleName = row.string(at: 2) ?? ""
                guard let role = TokenRole(rawValue: roleName) else {
                    throw StoreError(.corrupt, message: "unknown token role '\(roleName)'", operation: "read")
                }
                return TokenRecord(
                    id: row.int64(at: 0),
                    hash: row.string(at: 1) ?? "",
                    role: role,
                    createdAt: row.int64(at: 3),
                    description: row.string(at: 4) ?? ""
                )
            }
        }
    }

    /// Deletes the token `id`.
    ///
    /// - Returns: `true` when the token existed.
    @discardableResult
    public func deleteToken(id: Int64) throws -> Bool {
        try write { connection in
            try connection.run("DELETE FROM tokens WHERE id = ?", [.integer(id)]) > 0
        }
    }
}
