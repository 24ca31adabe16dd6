import Shared

/// One loop's balancer for one service, whichever the policy: the per-loop state made by
/// ``BalancingPlan/makeBalancer(seed:)``.
public struct EndpointBalancer: LoadBalancer {
    /// The balancer of each policy.
    enum State {
        case roundRobin(SmoothRoundRobinBalancer)
        case leastRequest(LeastRequestBalancer)
        case random(RandomBalancer)
        case ringHash(ConsistentHashBalancer<HashRing>)
        case maglev(ConsistentHashBalancer<MaglevTable>)
        /// Held only while a balancer is taken out to be changed, so that its arrays are not copied.
        case changing
    }

    private var state: State

    init(_ state: State) {
        self.state = state
    }

    /// Picks the endpoint for the next try; see ``LoadBalancer/pick(key:excluding:)``.
    public mutating func pick(key: UInt64?, excluding excluded: SocketAddress?) -> Int? {
        switch take() {
        case .roundRobin(var balancer):
            defer { state = .roundRobin(balancer) }
            return balancer.pick(key: key, excluding: excluded)
        case .leastRequest(var balancer):
            defer { state = .leastRequest(balancer) }
            return balancer.pick(key: key, excluding: excluded)
        case .random(var balancer):
            defer { state = .random(balancer) }
            return balancer.pick(key: key, excluding: excluded)
        case .ringHash(var balancer):
            defer { state = .ringHash(balancer) }
            return balancer.pick(key: key, excluding: excluded)
        case .maglev(var balancer):
            defer { state = .maglev(balancer) }
            return balancer.pick(key: key, excluding: excluded)
        case .changing:
            preconditionFailure("a balancer is changed by one caller at a time")
        }
    }

    /// Records that a request was sent to the endpoint at `index`.
    public mutating func started(_ index: Int) {
        guard case .leastRequest(var balancer) = state else { return }
        state = .changing
        balancer.started(index)
        state = .leastRequest(balancer)
    }

    /// Records that a request sent to the endpoint at `index` completed.
    public mutating func finished(_ index: Int) {
        guard case .leastRequest(var balancer) = state else { return }
        state = .changing
        balancer.finished(index)
        state = .leastRequest(balancer)
    }

    /// Moves the state out, leaving ``State/changing`` behind.
    private mutating func take() -> State {
        let current = state
        state = .changing
        return current
    }
}
