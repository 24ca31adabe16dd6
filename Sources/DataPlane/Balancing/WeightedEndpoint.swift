import Shared

/// One endpoint of a service as the load balancers see it: where it listens, its share of traffic and the
/// identifier that places it in consistent-hashing tables.
public struct WeightedEndpoint: Sendable, Hashable {
    /// The endpoint's socket address; `excluding` arguments are compared against it.
    public var address: SocketAddress
    /// The endpoint's share of traffic, relative to the other endpoints of its service; 0 or less means the
    /// endpoint is never picked.
    public var weight: Int
    /// The endpoint's identifier, unique within its service. Hash rings and Maglev tables place an endpoint by
    /// this identifier, so an endpoint keeps its keys while others come and go, whatever the list order.
    public var id: String

    /// Creates a weighted endpoint.
    public init(address: SocketAddress, weight: Int, id: String) {
        self.address = address
        self.weight = weight
        self.id = id
    }

    /// Whether the endpoint may receive new requests.
    var isEligible: Bool { weight > 0 }
}
