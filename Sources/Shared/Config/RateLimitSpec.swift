/// A token-bucket rate limit, applied by routes that name it. Each key (client address, consumer or header
/// value) has its own bucket on each data plane.
///
/// JSON: `{"requests_per_s": 10, "burst": 20, "key": "client_address"}`.
public struct RateLimitSpec: ConfigResource {
    /// The sustained rate: tokens added to a bucket per second. JSON `requests_per_s`; required; greater than 0
    /// and at most 1000000; fractions allowed (0.5 is one request every two seconds).
    public var requestsPerSecond: Double
    /// The bucket's size: requests that may pass at once after a quiet period. JSON `burst`; default the rate,
    /// but at least 1; 1…1000000.
    public var burst: Double
    /// What requests are counted by. JSON `key`: `"client_address"`, `"consumer"` or `"header:NAME"`; default
    /// `"client_address"`.
    public var key: Key

    /// What a rate limit counts requests by.
    public enum Key: Sendable, Hashable {
        /// The client's IP address. JSON `"client_address"`.
        case clientAddress
        /// The authenticated consumer's name; anonymous requests share one bucket. JSON `"consumer"`.
        case consumer
        /// The value of a request header, by lower-cased name; requests without it share one bucket. JSON
        /// `"header:NAME"`.
        case header(String)
    }

    /// Creates a rate limit; the burst defaults to the rate (at least 1).
    public init(requestsPerSecond: Double, burst: Double? = nil, key: Key = .clientAddress) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst ?? max(requestsPerSecond, 1)
        self.key = key
    }

    /// Reads a rate limit from JSON, applying defaults. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            let rate = reader.requiredDouble("requests_per_s")
            var key = Key.clientAddress
            if let text = reader.string("key") {
                if let parsed = Key(text: text) {
                    key = parsed
                } else {
                    reader.problems.add(
                        fieldPath(reader.path, "key"),
                        "unknown value \"\(text)\"; expected \"client_address\", \"consumer\" or \"header:NAME\"")
                }
            }
            return RateLimitSpec(requestsPerSecond: rate, burst: reader.double("burst"), key: key)
        }
    }

    /// The rate limit with every default written out.
    public var jsonValue: JSONValue {
        .object([
            "requests_per_s": .double(requestsPerSecond),
            "burst": .double(burst),
            "key": .string(key.text),
        ])
    }

    /// Checks the rate, the burst and the header name of the key.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        report.check(requestsPerSecond, above: 0, atMost: 1_000_000, "requests_per_s")
        report.check(burst, in: 1...1_000_000, "burst")
        if case .header(let name) = key, !ConfigSyntax.isToken(name) {
            report.add("key", "\"\(name)\" is not a valid header name")
        }
        return report.problems
    }
}

extension RateLimitSpec.Key {
    /// Parses `"client_address"`, `"consumer"` or `"header:NAME"`; header names are lower-cased.
    init?(text: String) {
        switch text {
        case "client_address": self = .clientAddress
        case "consumer": self = .consumer
        case _ where text.hasPrefix("header:"): self = .header(String(text.dropFirst("header:".count)).lowercased())
        default: return nil
        }
    }

    /// The JSON text of the key.
    var text: String {
        switch self {
        case .clientAddress: "client_address"
        case .consumer: "consumer"
        case .header(let name): "header:\(name)"
        }
    }
}
