/// Reads configuration resources from JSON bytes, reporting every problem with its JSON path.
public enum ConfigDecoder {
    /// Parses `bytes` as JSON and builds a `Resource` from it, applying the documented defaults.
    ///
    /// - Throws: ``ConfigError``; for bytes that are not JSON, one problem with an empty field and a reason
    ///   starting with "invalid JSON", otherwise every unknown field, wrong type, missing field and invalid value.
    public static func decode<Resource: ConfigResource>(
        _ type: Resource.Type,
        from bytes: [UInt8]
    ) throws(ConfigError) -> Resource {
        try Resource(json: parse(bytes), at: "")
    }

    /// Parses `text` as JSON and builds a `Resource` from it, exactly as the byte variant does.
    public static func decode<Resource: ConfigResource>(
        _ type: Resource.Type,
        from text: String
    ) throws(ConfigError) -> Resource {
        try decode(type, from: Array(text.utf8))
    }

    /// Parses `bytes` as one JSON document.
    ///
    /// - Throws: ``ConfigError`` with one problem whose field is empty and whose reason names the byte offset.
    public static func parse(_ bytes: [UInt8]) throws(ConfigError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            let problem = ConfigError.Problem(
                field: "", reason: "invalid JSON at byte \(error.offset): \(error.reason)")
            throw ConfigError(problems: [problem])
        }
    }
}
