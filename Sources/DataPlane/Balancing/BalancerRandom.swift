/// A fast pseudo-random generator for balancing decisions (SplitMix64): a counter advanced by a fixed odd step
/// and scrambled, so that a draw costs a few arithmetic instructions and no system call.
///
/// Not suitable for anything secret. Each balancer seeds its own generator once, when it is created.
public struct BalancerRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return BalancerKey.mix(state)
    }

    /// A random integer in `0..<bound`; `bound` must be positive.
    mutating func below(_ bound: Int) -> Int {
        Int(UInt64.random(in: 0..<UInt64(bound), using: &self))
    }
}
