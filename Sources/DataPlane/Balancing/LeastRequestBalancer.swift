import Shared

/// Sends each request to the less busy of two endpoints drawn at random ("power of two choices"): nearly as good
/// as asking every endpoint, at the cost of two draws.
///
/// The two candidates are distinct and drawn in proportion to their weights; the one with fewer requests in
/// flight per unit of weight wins, the first drawn on a tie. In-flight counts are this loop's own.
public struct LeastRequestBalancer: LoadBalancer {
    /// The endpoints and their weights, shared between loops.
    public let choice: WeightedChoice
    /// Requests in flight from this loop, per endpoint.
    public private(set) var inFlight: [Int]
    private var random: BalancerRandom

    /// Creates a balancer over the shared `choice`, drawing from a generator seeded with `seed`.
    public init(choice: WeightedChoice, seed: UInt64) {
        self.choice = choice
        self.inFlight = Array(repeating: 0, count: choice.endpoints.count)
        self.random = BalancerRandom(seed: seed)
    }

    /// The less loaded of two weighted random endpoints; an excluded address is only picked when nothing else
    /// can be.
    public mutating func pick(key: UInt64?, excluding excluded: SocketAddress?) -> Int? {
        guard let first = firstCandidate(excluding: excluded) else { return nil }
        guard let second = choice.pick(otherThan: first, using: &random) else { return first }
        if let excluded, choice.endpoints[second].address == excluded {
            return first
        }
        return isLessLoaded(second, than: first) ? second : first
    }

    /// Counts a request sent to the endpoint at `index`.
    public mutating func started(_ index: Int) {
        guard inFlight.indices.contains(index) else { return }
        inFlight[index] += 1
    }

    /// Stops counting a request sent to the endpoint at `index`; counts never drop below zero, so a request
    /// started under an earlier balancer cannot skew this one.
    public mutating func finished(_ index: Int) {
        guard inFlight.indices.contains(index), inFlight[index] > 0 else { return }
        inFlight[index] -= 1
    }

    private mutating func firstCandidate(excluding excluded: SocketAddress?) -> Int? {
        if let excluded, let index = choice.pick(avoiding: excluded, using: &random) {
            return index
        }
        return choice.pick(using: &random)
    }

    /// Whether `candidate` has fewer requests in flight per unit of weight than `other`.
    private func isLessLoaded(_ candidate: Int, than other: Int) -> Bool {
        // Cross-multiplied to compare inFlight / weight without division; both weights are positive.
        inFlight[candidate] * choice.endpoints[other].weight < inFlight[other] * choice.endpoints[candidate].weight
    }
}
