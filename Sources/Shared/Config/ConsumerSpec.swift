/// A known caller of the gateway's routes, identified by API key or JWT subject, and the groups it belongs to.
///
/// JSON: `{"groups": ["partners"], "api_key_hashes": ["<64 hex digits>"], "jwt_subjects": ["svc-billing"]}`.
public struct ConsumerSpec: ConfigResource {
    /// The groups the consumer belongs to, matched by routes' `policies.auth.groups`. JSON `groups`; default
    /// empty; each a resource name.
    public var groups: [String]
    /// SHA-256 digests of the consumer's API keys, as 64 lower-case hexadecimal digits; plain keys are never
    /// stored or shipped. JSON `api_key_hashes`; default empty.
    public var apiKeyHashes: [String]
    /// JWT `sub` claims identifying this consumer. JSON `jwt_subjects`; default `nil`, JWTs do not identify it.
    public var jwtSubjects: [String]?

    /// Creates a consumer; every parameter defaults to none.
    public init(groups: [String] = [], apiKeyHashes: [String] = [], jwtSubjects: [String]? = nil) {
        self.groups = groups
        self.apiKeyHashes = apiKeyHashes
        self.jwtSubjects = jwtSubjects
    }

    /// Reads a consumer from JSON, applying defaults. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            ConsumerSpec(
                groups: reader.strings("groups") ?? [],
                apiKeyHashes: (reader.strings("api_key_hashes") ?? []).map { $0.lowercased() },
                jwtSubjects: reader.strings("jwt_subjects")
            )
        }
    }

    /// The consumer with every default written out.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "groups": .array(groups.map(JSONValue.string)),
            "api_key_hashes": .array(apiKeyHashes.map(JSONValue.string)),
        ]
        fields["jwt_subjects"] = jwtSubjects.map { .array($0.map(JSONValue.string)) }
        return .object(fields)
    }

    /// Checks group names, the form of the key digests and that subjects are not empty.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        for (index, group) in groups.enumerated() {
            if let reason = ConfigSyntax.nameProblem(group) {
                report.add(elementPath("groups", index), reason)
            }
        }
        for (index, hash) in apiKeyHashes.enumerated() where !Self.isSHA256Hex(hash) {
            report.add(elementPath("api_key_hashes", index), "must be a SHA-256 digest as 64 hexadecimal digits")
        }
        for (index, subject) in (jwtSubjects ?? []).enumerated() where subject.isEmpty {
            report.add(elementPath("jwt_subjects", index), "must not be empty")
        }
        return report.problems
    }

    private static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64
            && text.utf8.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }
}
