/// One endpoint of a service as shipped in a snapshot: its identity, address, weight and current health.
///
/// JSON: `{"id": "u1", "address": "10.0.0.7", "port": 9001, "weight": 1, "healthy": true}`.
public struct EndpointEntry: Sendable, Hashable {
    /// The endpoint's identifier, unique within its service. JSON `id`; required; see
    /// ``ResourceName/endpointIDProblem(_:)``.
    public var id: String
    /// The numeric IPv4 or IPv6 address. JSON `address`; required.
    public var address: String
    /// The TCP port. JSON `port`; required; 1…65535.
    public var port: Int
    /// The endpoint's share of traffic; 0 means drained: it keeps its open requests but receives no new ones.
    /// JSON `weight`; default 1; 0…1000.
    public var weight: Int
    /// Whether the control plane considers the endpoint healthy; the data plane's own health checks may still
    /// exclude it. JSON `healthy`; default `true`.
    public var isHealthy: Bool

    /// Creates an endpoint entry; it is healthy with weight 1 unless told otherwise.
    public init(id: String, address: String, port: Int, weight: Int = 1, isHealthy: Bool = true) {
        self.id = id
        self.address = address
        self.port = port
        self.weight = weight
        self.isHealthy = isHealthy
    }

    init(reading reader: inout ObjectReader) {
        self.init(
            id: reader.requiredString("id"),
            address: reader.requiredString("address"),
            port: reader.requiredInt("port"),
            weight: reader.int("weight", default: 1),
            isHealthy: reader.bool("healthy", default: true)
        )
    }

    /// The entry as JSON.
    public var jsonValue: JSONValue {
        .object([
            "id": .string(id),
            "address": .string(address),
            "port": .int(port),
            "weight": .int(weight),
            "healthy": .bool(isHealthy),
        ])
    }

    func check(into report: inout ProblemReport) {
        if let reason = ResourceName.endpointIDProblem(id) {
            report.add("id", reason)
        }
        EndpointSpec.checkAddress(address, port: port, into: &report)
        report.check(weight, in: 0...EndpointSpec.maximumWeight, "weight")
    }
}
