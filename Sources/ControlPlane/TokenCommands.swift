import Shared

/// Token management for the command line, working on the database directly.
public enum TokenCommands {
    /// Creates a token with `role` in the data directory's database and returns it; only its hash is stored.
    public static func create(dataDirectory: String, role: String, description: String) throws -> String {
        guard let role = TokenRole(rawValue: role) else {
            throw DataDirectoryError(path: dataDirectory, problem: "has no role \(role); use admin, read or node")
        }
        try DataDirectory.prepare(dataDirectory)
        let store = try RegistryStore(path: dataDirectory + "/" + DataDirectory.databaseName)
        let token = DataDirectory.randomToken()
        _ = try store.addToken(hash: ContentHash.sha256Hex(Array(token.utf8)), role: role, description: description)
        return token
    }
}
