import Shared

/// Picks an endpoint at random in proportion to its weight.
public struct RandomBalancer: LoadBalancer {
    /// The endpoints and their weights, shared between loops.
    public let choice: WeightedChoice
    private var random: BalancerRandom

    /// Creates a balancer over the shared `choice`, drawing from a generator seeded with `seed`.
    public init(choice: WeightedChoice, seed: UInt64) {
        self.choice = choice
        self.random = BalancerRandom(seed: seed)
    }

    /// A random endpoint, weighted, whose address is not `excluded` unless no other endpoint can be picked.
    public mutating func pick(key: UInt64?, excluding excluded: SocketAddress?) -> Int? {
        if let excluded, let index = choice.pick(avoiding: excluded, using: &random) {
            return index
        }
        return choice.pick(using: &random)
    }
}
