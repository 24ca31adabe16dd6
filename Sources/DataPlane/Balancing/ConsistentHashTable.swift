import Shared

/// A table that maps a 64-bit key hash to an endpoint so that most keys keep their endpoint when endpoints
/// come and go: a hash ring or a Maglev table. Built once per snapshot; immutable and shared between loops.
public protocol ConsistentHashTable: Sendable {
    /// The endpoints, in the order indices refer to.
    var endpoints: [WeightedEndpoint] { get }

    /// The endpoint for `key`, skipping endpoints whose address is `excluded` when another exists; nil when the
    /// table is empty.
    func endpoint(for key: UInt64, excluding excluded: SocketAddress?) -> Int?
}
