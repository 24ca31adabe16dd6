import Shared

/// Consistent hashing on a ring: each endpoint owns many points on a circle of 64-bit hashes, in proportion to
/// its weight, and a key goes to the owner of the first point at or after the key's hash.
///
/// Adding or removing an endpoint moves only the keys between its points and their predecessors, about
/// `weight / totalWeight` of them. Points are placed by hashing the endpoint's identifier, so every process
/// builds the same ring whatever the order of the list.
public struct HashRing: ConsistentHashTable {
    /// Points per unit of weight. Default 512, which keeps each endpoint's share within a few percent of its
    /// weight.
    public static let defaultPointsPerWeight = 512
    /// The most points a ring holds. Default 262144 (about 3 MiB).
    public static let defaultMaximumPoints = 1 << 18

    /// The endpoints, in the order indices refer to.
    public let endpoints: [WeightedEndpoint]
    /// The points' hashes, ascending.
    private let hashes: [UInt64]
    /// The index of the endpoint owning each point.
    private let owners: [Int32]

    /// Builds the ring of `endpoints`; endpoints with weight 0 or less get no points.
    ///
    /// - Parameters:
    ///   - pointsPerWeight: Points for each unit of weight; default ``defaultPointsPerWeight``.
    ///   - maximumPoints: The most points in the ring; default ``defaultMaximumPoints``.
    public init(
        endpoints: [WeightedEndpoint],
        pointsPerWeight: Int = defaultPointsPerWeight,
        maximumPoints: Int = defaultMaximumPoints
    ) {
        precondition(pointsPerWeight > 0 && maximumPoints > 0, "a ring needs a positive number of points")
        let totalWeight = endpoints.reduce(0) { $0 + max($1.weight, 0) }

        // Limitation: when the weights would need more than `maximumPoints` points, every endpoint gets
        // proportionally fewer, and a change of the total weight then moves a few more keys than the minimum.
        // Raising `maximumPoints` lifts this at the cost of memory.
        let scale = min(1.0, Double(maximumPoints) / Double(max(totalWeight * pointsPerWeight, 1)))

        var points: [(hash: UInt64, owner: Int32)] = []
        points.reserveCapacity(min(totalWeight * pointsPerWeight, maximumPoints + endpoints.count))
        for (index, endpoint) in endpoints.enumerated() where endpoint.isEligible {
            let count = max(1, Int((Double(endpoint.weight * pointsPerWeight) * scale).rounded(.down)))
            var base = BalancerKey.State()
            base.add(endpoint.id.utf8)
            for replica in 0..<count {
                var state = base
                state.add(UInt32(truncatingIfNeeded: replica))
                points.append((state.finish(), Int32(index)))
            }
        }

        // Ties between equal hashes go to the smaller identifier, so the order of the list never matters.
        points.sort { left, right in
            if left.hash != right.hash {
                return left.hash < right.hash
            }
            return endpoints[Int(left.owner)].id < endpoints[Int(right.owner)].id
        }
        self.endpoints = endpoints
        self.hashes = points.map(\.hash)
        self.owners = points.map(\.owner)
    }

    /// The number of points on the ring.
    public var pointCount: Int { hashes.count }

    /// The owner of the first point at or after `key`, walking on past points of `excluded`.
    public func endpoint(for key: UInt64, excluding excluded: SocketAddress?) -> Int? {
        guard !hashes.isEmpty else { return nil }
        let start = firstPoint(atOrAfter: key)
        let first = Int(owners[start])
        guard let excluded, endpoints[first].address == excluded else { return first }

        for step in 1..<hashes.count {
            let owner = Int(owners[(start + step) % hashes.count])
            if endpoints[owner].address != excluded {
                return owner
            }
        }
        return first
    }

    /// The position of the first point whose hash is at or after `key`, wrapping to the first point.
    private func firstPoint(atOrAfter key: UInt64) -> Int {
        var low = 0
        var high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < key {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low == hashes.count ? 0 : low
    }
}
