import Shared

/// Weighted round robin that interleaves endpoints instead of sending each its whole share in a row: weights
/// 5, 1, 1 give a, a, b, a, c, a, a.
///
/// Each endpoint carries a running score. Every pick raises each score by the endpoint's weight, takes the
/// endpoint with the highest score and lowers that one by the sum of the weights, so over one cycle of
/// `totalWeight` picks each endpoint is taken exactly `weight` times, spread out.
public struct SmoothRoundRobinBalancer: LoadBalancer {
    /// The endpoints, in the order indices refer to.
    public let endpoints: [WeightedEndpoint]
    private var scores: [Int]

    /// Creates a balancer over `endpoints`; endpoints with weight 0 or less are never picked.
    public init(endpoints: [WeightedEndpoint]) {
        self.endpoints = endpoints
        self.scores = Array(repeating: 0, count: endpoints.count)
    }

    /// The next endpoint in the interleaved cycle; an excluded endpoint sits this pick out.
    public mutating func pick(key: UInt64?, excluding excluded: SocketAddress?) -> Int? {
        if let excluded, let index = step(skipping: excluded) {
            return index
        }
        return step(skipping: nil)
    }

    /// One round of the score update over the eligible endpoints not at `skipped`.
    private mutating func step(skipping skipped: SocketAddress?) -> Int? {
        var total = 0
        var best: Int?
        for index in endpoints.indices {
            let endpoint = endpoints[index]
            guard endpoint.isEligible, endpoint.address != skipped else { continue }
            scores[index] += endpoint.weight
            total += endpoint.weight
            if best.map({ scores[index] > scores[$0] }) ?? true {
                best = index
            }
        }
        guard let best else { return nil }

        scores[best] -= total
        return best
    }
}
