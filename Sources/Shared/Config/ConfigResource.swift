/// A configuration resource that can be read from JSON with precise problems, written back canonically, and
/// checked on its own.
///
/// Every spec stored by the control plane and shipped in snapshots conforms. `Codable` comes through
/// ``JSONValue``, so `JSONDecoder` and `JSONEncoder` apply the same rules and defaults as ``ConfigDecoder``.
public protocol ConfigResource: Codable, Sendable, Equatable {
    /// Builds the resource from a parsed JSON value, applying the documented defaults.
    ///
    /// - Parameters:
    ///   - json: The value to read; it must be an object.
    ///   - path: The JSON path of `json` itself, used as the prefix of every problem's field; empty at the root.
    /// - Throws: ``ConfigError`` listing every unknown field, wrong type, missing field and invalid value.
    init(json: JSONValue, at path: String) throws(ConfigError)

    /// The resource as JSON with every default written out, ready for ``JSONValue/canonicalBytes``.
    var jsonValue: JSONValue { get }

    /// Problems within this resource alone (ranges, patterns, consistency between its fields), with fields
    /// prefixed by `path`. References to other resources are checked by ``DraftValidator``.
    func problems(at path: String) -> [ConfigError.Problem]
}

extension ConfigResource {
    /// Reads the resource through any `Decoder` by way of ``JSONValue``; problems become a
    /// `DecodingError.dataCorrupted` whose description lists them.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            try self.init(json: json, at: "")
        } catch {
            let context = DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description)
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// Writes the resource's canonical ``jsonValue`` through any `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    /// Runs the reading closure, then the resource's own checks, and throws if either found a problem.
    static func read(
        _ json: JSONValue,
        at path: String,
        _ build: (inout ObjectReader) -> Self
    ) throws(ConfigError) -> Self {
        let problems = ProblemList()
        guard var reader = ObjectReader(json, at: path, problems: problems) else {
            throw ConfigError(problems: problems.items)
        }
        let resource = build(&reader)
        reader.rejectUnknownFields()
        // Checks on values only make sense once every field had the right type; otherwise they would repeat
        // the type problem as a range problem on a placeholder.
        if problems.items.isEmpty {
            problems.items += resource.problems(at: path)
        }
        guard problems.items.isEmpty else {
            throw ConfigError(problems: problems.items)
        }
        return resource
    }
}
