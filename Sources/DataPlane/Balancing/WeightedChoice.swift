import Shared

/// A service's endpoints with their running weight totals, for picking an endpoint at random in proportion to
/// its weight. Built once per snapshot; immutable, so loops share its storage.
public struct WeightedChoice: Sendable {
    /// The endpoints, in the order indices refer to.
    public let endpoints: [WeightedEndpoint]
    /// For each endpoint, the sum of the positive weights before it.
    private let starts: [Int]
    /// The sum of all positive weights.
    public let totalWeight: Int

    /// Prepares `endpoints` for weighted picks; endpoints with weight 0 or less are never picked.
    public init(_ endpoints: [WeightedEndpoint]) {
        var starts: [Int] = []
        starts.reserveCapacity(endpoints.count)
        var total = 0
        for endpoint in endpoints {
            starts.append(total)
            total += max(endpoint.weight, 0)
        }
        self.endpoints = endpoints
        self.starts = starts
        self.totalWeight = total
    }

    /// The endpoint owning position `offset` of the weight line, `0..<totalWeight`.
    func index(at offset: Int) -> Int {
        // The last endpoint whose start is at or before `offset`; an endpoint of weight 0 shares its start with
        // the next one, and the search lands past it.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    /// A random endpoint, weighted; nil when no endpoint has a positive weight.
    func pick(using random: inout BalancerRandom) -> Int? {
        guard totalWeight > 0 else { return nil }
        return index(at: random.below(totalWeight))
    }

    /// A random endpoint other than the one at `other`, weighted; nil when no other endpoint has a positive
    /// weight.
    func pick(otherThan other: Int, using random: inout BalancerRandom) -> Int? {
        let remaining = totalWeight - max(endpoints[other].weight, 0)
        guard remaining > 0 else { return nil }

        // Draw on the weight line with `other`'s stretch cut out, then step over the cut.
        var offset = random.below(remaining)
        if offset >= starts[other] {
            offset += max(endpoints[other].weight, 0)
        }
        return index(at: offset)
    }

    /// A random endpoint whose address is not `excluded`, weighted, found by a walk over the list; nil when every
    /// endpoint with a positive weight has that address.
    func pick(avoiding excluded: SocketAddress, using random: inout BalancerRandom) -> Int? {
        var remaining = 0
        for endpoint in endpoints where endpoint.isEligible && endpoint.address != excluded {
            remaining += endpoint.weight
        }
        guard remaining > 0 else { return nil }

        var offset = random.below(remaining)
        for (index, endpoint) in endpoints.enumerated() where endpoint.isEligible && endpoint.address != excluded {
            if offset < endpoint.weight {
                return index
            }
            offset -= endpoint.weight
        }
        preconditionFailure("the offset is below the sum of the weights walked")
    }
}
