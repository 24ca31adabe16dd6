import Shared

/// Picks endpoints by looking the request's key up in a shared consistent-hashing table, so requests with the
/// same key reach the same endpoint on every loop and every gateway process.
public struct ConsistentHashBalancer<Table: ConsistentHashTable>: LoadBalancer {
    /// The table, built once per snapshot and shared between loops.
    public let table: Table
    private var random: BalancerRandom

    /// Creates a balancer over the shared `table`; requests without a key get a random one from a generator
    /// seeded with `seed`.
    public init(table: Table, seed: UInt64) {
        self.table = table
        self.random = BalancerRandom(seed: seed)
    }

    /// The endpoint for `key`, or for a random key when there is none.
    public mutating func pick(key: UInt64?, excluding excluded: SocketAddress?) -> Int? {
        table.endpoint(for: key ?? random.next(), excluding: excluded)
    }
}
