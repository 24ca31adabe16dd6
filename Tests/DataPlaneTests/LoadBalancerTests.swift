import Testing

@testable import DataPlane
@testable import Shared

/// Endpoints and keys for the balancer tests.
private enum Fixture {
    /// Endpoint `number` at 10.0.0.`number`:80 with identifier `e<number>`.
    static func endpoint(_ number: Int, weight: Int = 1) -> WeightedEndpoint {
        WeightedEndpoint(address: SocketAddress(host: "10.0.0.\(number)", port: 80)!, weight: weight, id: "e\(number)")
    }

    /// Endpoints 1…`count`, weight 1 each.
    static func endpoints(_ count: Int) -> [WeightedEndpoint] {
        (1...count).map { endpoint($0) }
    }

    /// `count` distinct key hashes, as client addresses would give.
    static func keys(_ count: Int) -> [UInt64] {
        (0..<count).map { BalancerKey.hash(string: "client-\($0)") }
    }

    /// A consistent-hashing table of `policy` over `endpoints`.
    static func table(_ policy: ServiceSpec.LoadBalancing.Policy, _ endpoints: [WeightedEndpoint])
        -> any ConsistentHashTable
    {
        policy == .maglev ? MaglevTable(endpoints: endpoints) : HashRing(endpoints: endpoints)
    }

    /// The identifier of the endpoint each key maps to.
    static func owners(_ table: any ConsistentHashTable, _ keys: [UInt64]) -> [String] {
        keys.map { table.endpoints[table.endpoint(for: $0, excluding: nil)!].id }
    }

    /// How many picks went to each index, out of `count` picks.
    static func counts(_ balancer: inout some LoadBalancer, picks count: Int, size: Int) -> [Int] {
        var counts = Array(repeating: 0, count: size)
        for _ in 0..<count {
            counts[balancer.pick(key: nil, excluding: nil)!] += 1
        }
        return counts
    }

    /// The fraction of positions where two owner lists differ.
    static func movedFraction(_ before: [String], _ after: [String]) -> Double {
        Double(zip(before, after).filter { $0 != $1 }.count) / Double(before.count)
    }
}

@Suite struct SmoothRoundRobinTests {
    @Test func weightsFiveOneOneInterleave() {
        var balancer = SmoothRoundRobinBalancer(endpoints: [
            Fixture.endpoint(1, weight: 5), Fixture.endpoint(2, weight: 1), Fixture.endpoint(3, weight: 1),
        ])
        let picks = (0..<14).map { _ in balancer.pick(key: nil, excluding: nil)! }
        #expect(picks == [0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0])
    }

    @Test func sharesMatchWeightsExactly() {
        var balancer = SmoothRoundRobinBalancer(endpoints: [
            Fixture.endpoint(1, weight: 5), Fixture.endpoint(2, weight: 1), Fixture.endpoint(3, weight: 1),
        ])
        #expect(Fixture.counts(&balancer, picks: 7000, size: 3) == [5000, 1000, 1000])
    }

    @Test func skipsTheExcludedEndpointAndZeroWeights() {
        var endpoints = Fixture.endpoints(3)
        endpoints[2].weight = 0
        var balancer = SmoothRoundRobinBalancer(endpoints: endpoints)
        for _ in 0..<50 {
            #expect(balancer.pick(key: nil, excluding: endpoints[0].address) == 1)
        }
    }
}

@Suite struct LeastRequestTests {
    @Test func prefersIdleEndpoints() {
        var balancer = LeastRequestBalancer(choice: WeightedChoice(Fixture.endpoints(3)), seed: 7)
        balancer.started(1)
        for _ in 0..<1000 {
            #expect(balancer.pick(key: nil, excluding: nil) != 1)
        }

        balancer.finished(1)
        #expect(balancer.inFlight == [0, 0, 0])
    }

    @Test func spreadsEvenlyWhenLoadIsEqual() {
        var balancer = LeastRequestBalancer(choice: WeightedChoice(Fixture.endpoints(3)), seed: 11)
        let counts = Fixture.counts(&balancer, picks: 30_000, size: 3)
        for count in counts {
            #expect(abs(count - 10_000) < 500, "counts \(counts)")
        }
    }

    @Test func keepsInFlightCountsLevel() {
        var balancer = LeastRequestBalancer(choice: WeightedChoice(Fixture.endpoints(4)), seed: 3)
        for _ in 0..<400 {
            balancer.started(balancer.pick(key: nil, excluding: nil)!)
        }
        #expect(balancer.inFlight.max()! - balancer.inFlight.min()! <= 3, "in flight \(balancer.inFlight)")
    }

    @Test func avoidsTheExcludedEndpoint() {
        let endpoints = Fixture.endpoints(2)
        var balancer = LeastRequestBalancer(choice: WeightedChoice(endpoints), seed: 5)
        balancer.started(1)
        for _ in 0..<100 {
            #expect(balancer.pick(key: nil, excluding: endpoints[0].address) == 1)
        }
    }

    @Test func ignoresUnknownAndUnbalancedCompletions() {
        var balancer = LeastRequestBalancer(choice: WeightedChoice(Fixture.endpoints(2)), seed: 5)
        balancer.finished(0)
        balancer.finished(9)
        balancer.started(-1)
        #expect(balancer.inFlight == [0, 0])
    }
}

@Suite struct RandomBalancerTests {
    @Test func sharesFollowWeights() {
        let endpoints = [
            Fixture.endpoint(1, weight: 3), Fixture.endpoint(2, weight: 1), Fixture.endpoint(3, weight: 0),
        ]
        var balancer = RandomBalancer(choice: WeightedChoice(endpoints), seed: 42)
        let counts = Fixture.counts(&balancer, picks: 100_000, size: 3)
        #expect(abs(Double(counts[0]) / 100_000 - 0.75) < 0.01, "counts \(counts)")
        #expect(counts[2] == 0)
    }

    @Test func avoidsTheExcludedEndpoint() {
        let endpoints = Fixture.endpoints(3)
        var balancer = RandomBalancer(choice: WeightedChoice(endpoints), seed: 1)
        for _ in 0..<300 {
            #expect(balancer.pick(key: nil, excluding: endpoints[1].address) != 1)
        }
    }
}

@Suite struct ConsistentHashTests {
    static let policies: [ServiceSpec.LoadBalancing.Policy] = [.ringHash, .maglev]

    @Test(arguments: policies) func sameKeySameEndpointWhateverTheListOrder(
        policy: ServiceSpec.LoadBalancing.Policy
    ) {
        let keys = Fixture.keys(2000)
        let forward = Fixture.owners(Fixture.table(policy, Fixture.endpoints(5)), keys)
        let backward = Fixture.owners(Fixture.table(policy, Fixture.endpoints(5).reversed()), keys)
        #expect(forward == backward)

        var balancer = ConsistentHashBalancer(table: HashRing(endpoints: Fixture.endpoints(5)), seed: 9)
        let first = balancer.pick(key: keys[0], excluding: nil)
        #expect((0..<20).allSatisfy { _ in balancer.pick(key: keys[0], excluding: nil) == first })
    }

    @Test(arguments: policies) func equalEndpointsShareKeysEvenly(policy: ServiceSpec.LoadBalancing.Policy) {
        let owners = Fixture.owners(Fixture.table(policy, Fixture.endpoints(3)), Fixture.keys(30_000))
        for id in ["e1", "e2", "e3"] {
            let share = Double(owners.filter { $0 == id }.count) / 30_000
            #expect(abs(share - 1.0 / 3) < 0.1 / 3, "\(policy) \(id) share \(share)")
        }
    }

    @Test(arguments: policies) func addingAnEndpointMovesAboutItsShare(policy: ServiceSpec.LoadBalancing.Policy) {
        let keys = Fixture.keys(30_000)
        let before = Fixture.owners(Fixture.table(policy, Fixture.endpoints(3)), keys)
        let after = Fixture.owners(Fixture.table(policy, Fixture.endpoints(4)), keys)
        let moved = Fixture.movedFraction(before, after)
        #expect(moved > 0.15 && moved < 0.35, "\(policy) moved \(moved)")
        let movedElsewhere = zip(before, after).filter { $0 != $1 && $1 != "e4" }.count
        if policy == .ringHash {
            #expect(movedElsewhere == 0, "keys move only to the new endpoint")
        } else {
            #expect(
                Double(movedElsewhere) / 30_000 < 0.03, "\(policy) moved \(movedElsewhere) keys between old endpoints")
        }
    }

    @Test(arguments: policies) func removingAnEndpointMovesMostlyItsKeys(policy: ServiceSpec.LoadBalancing.Policy) {
        let keys = Fixture.keys(30_000)
        let before = Fixture.owners(Fixture.table(policy, Fixture.endpoints(4)), keys)
        let after = Fixture.owners(Fixture.table(policy, Array(Fixture.endpoints(4).dropFirst())), keys)
        let survivorsMoved = zip(before, after).filter { $0 != "e1" && $0 != $1 }.count
        #expect(Double(survivorsMoved) / 30_000 < 0.03, "\(policy) moved \(survivorsMoved) keys of survivors")
        #expect(zip(before, after).allSatisfy { $1 != "e1" })
    }

    @Test(arguments: policies) func sharesFollowWeights(policy: ServiceSpec.LoadBalancing.Policy) {
        let endpoints = [
            Fixture.endpoint(1, weight: 2), Fixture.endpoint(2, weight: 1), Fixture.endpoint(3, weight: 0),
        ]
        let owners = Fixture.owners(Fixture.table(policy, endpoints), Fixture.keys(30_000))
        let share = Double(owners.filter { $0 == "e1" }.count) / 30_000
        #expect(abs(share - 2.0 / 3) < 0.04, "\(policy) heavier share \(share)")
        #expect(!owners.contains("e3"))
    }

    @Test(arguments: policies) func excludedEndpointIsSkippedWhenAnotherExists(
        policy: ServiceSpec.LoadBalancing.Policy
    ) {
        let table = Fixture.table(policy, Fixture.endpoints(3))
        for key in Fixture.keys(500) {
            let owner = table.endpoint(for: key, excluding: nil)!
            let other = table.endpoint(for: key, excluding: table.endpoints[owner].address)!
            #expect(other != owner)
        }

        let single = Fixture.table(policy, Fixture.endpoints(1))
        #expect(single.endpoint(for: 1, excluding: single.endpoints[0].address) == 0)
    }

    @Test func ringSizeFollowsWeightsUpToItsCap() {
        #expect(HashRing(endpoints: Fixture.endpoints(3)).pointCount == 3 * HashRing.defaultPointsPerWeight)
        let heavy = (1...10).map { Fixture.endpoint($0, weight: 1000) }
        #expect(HashRing(endpoints: heavy, maximumPoints: 5000).pointCount == 5000)
    }

    @Test func keyHashIsFixedAcrossProcesses() {
        #expect(BalancerKey.hash(string: "client") == BalancerKey.hash(bytes: Array("client".utf8)))
        #expect(BalancerKey.hash(string: "") == 0xf52a_15e9_a9b5_e89b)
        let address = SocketAddress(host: "192.0.2.1", port: 1)!
        let samePeer = SocketAddress(host: "192.0.2.1", port: 2)!
        #expect(BalancerKey.hash(clientAddress: address) == BalancerKey.hash(clientAddress: samePeer))
    }
}

@Suite struct BalancingPlanTests {
    @Test(arguments: ServiceSpec.LoadBalancing.Policy.allCases)
    func noEndpointsPickNothing(policy: ServiceSpec.LoadBalancing.Policy) {
        var empty = BalancingPlan(policy: policy, endpoints: []).makeBalancer(seed: 1)
        #expect(empty.pick(key: 5, excluding: nil) == nil)

        var drained = BalancingPlan(policy: policy, endpoints: [Fixture.endpoint(1, weight: 0)]).makeBalancer(seed: 1)
        #expect(drained.pick(key: 5, excluding: nil) == nil)
    }

    @Test(arguments: ServiceSpec.LoadBalancing.Policy.allCases)
    func everyPolicyAvoidsTheExcludedEndpoint(policy: ServiceSpec.LoadBalancing.Policy) {
        let endpoints = Fixture.endpoints(3)
        var balancer = BalancingPlan(policy: policy, endpoints: endpoints).makeBalancer(seed: 2)
        for key in Fixture.keys(200) {
            let index = balancer.pick(key: key, excluding: endpoints[2].address)!
            #expect(index != 2)
            balancer.started(index)
            balancer.finished(index)
        }

        var single = BalancingPlan(policy: policy, endpoints: [endpoints[0]]).makeBalancer(seed: 2)
        #expect(single.pick(key: 1, excluding: endpoints[0].address) == 0)
    }

    @Test func leastRequestCountsThroughThePlan() {
        var balancer = BalancingPlan(policy: .leastRequest, endpoints: Fixture.endpoints(2)).makeBalancer(seed: 4)
        balancer.started(0)
        #expect((0..<50).allSatisfy { _ in balancer.pick(key: nil, excluding: nil) == 1 })
    }
}
