/// One instance of a service, as registered with the control plane: where it listens and how much traffic it
/// takes.
///
/// JSON: `{"address": "127.0.0.1", "port": 9001, "weight": 1, "ttl_s": 30, "labels": {"zone": "a"}}`.
public struct EndpointSpec: ConfigResource {
    /// The endpoint's numeric IPv4 or IPv6 address, without brackets or port. JSON `address`; required.
    public var address: String
    /// The TCP port. JSON `port`; required; 1…65535.
    public var port: Int
    /// The endpoint's share of traffic relative to the service's other endpoints. JSON `weight`; default 1;
    /// 1…1000.
    public var weight: Int
    /// Seconds after the last registration or heartbeat at which the control plane removes the endpoint.
    /// JSON `ttl_s`; default `nil`, the endpoint stays until deleted; 1…86400.
    public var ttlSeconds: Int?
    /// Free-form labels, such as a zone. JSON `labels`; default empty.
    public var labels: [String: String]

    /// The heaviest weight accepted.
    public static let maximumWeight = 1000

    /// Creates an endpoint spec; optional parameters default to the documented defaults.
    public init(address: String, port: Int, weight: Int = 1, ttlSeconds: Int? = nil, labels: [String: String] = [:]) {
        self.address = address
        self.port = port
        self.weight = weight
        self.ttlSeconds = ttlSeconds
        self.labels = labels
    }

    /// Reads an endpoint from JSON. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            EndpointSpec(
                address: reader.requiredString("address"),
                port: reader.requiredInt("port"),
                weight: reader.int("weight", default: 1),
                ttlSeconds: reader.int("ttl_s"),
                labels: reader.stringMap("labels") ?? [:]
            )
        }
    }

    /// The endpoint with every default written out.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "address": .string(address),
            "port": .int(port),
            "weight": .int(weight),
            "labels": .object(labels.mapValues(JSONValue.string)),
        ]
        fields["ttl_s"] = ttlSeconds.map(JSONValue.int)
        return .object(fields)
    }

    /// Checks the address, port, weight and time to live.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        Self.checkAddress(address, port: port, into: &report)
        report.check(weight, in: 1...Self.maximumWeight, "weight")
        if let ttlSeconds {
            report.check(ttlSeconds, in: 1...86_400, "ttl_s")
        }
        return report.problems
    }

    /// The address and port checks an endpoint and a snapshot's endpoint entry share.
    static func checkAddress(_ address: String, port: Int, into report: inout ProblemReport) {
        if !ConfigSyntax.isNumericAddress(address) {
            report.add("address", "\"\(address)\" is not a numeric IPv4 or IPv6 address")
        }
        report.check(port, in: 1...65_535, "port")
    }
}
