import Shared

/// Consistent hashing with a Maglev lookup table: a table of prime size whose slots are dealt out to endpoints
/// in proportion to their weight, each endpoint claiming slots in its own pseudo-random order. A key goes to the
/// owner of slot `key % size`.
///
/// Lookups take one array access and shares match weights closely; an endpoint change moves somewhat more
/// keys than a hash ring would, but not many. Slot orders come from the endpoint's identifier, so every process
/// builds the same table whatever the order of the list.
public struct MaglevTable: ConsistentHashTable {
    /// The default table size, a prime. Tables should be far larger than the number of endpoints.
    public static let defaultSize = 65537

    /// The endpoints, in the order indices refer to.
    public let endpoints: [WeightedEndpoint]
    /// The index of the endpoint owning each slot; empty when no endpoint has a positive weight.
    private let slots: [Int32]

    /// Builds the table of `endpoints`; endpoints with weight 0 or less get no slots.
    ///
    /// - Parameter size: The number of slots; must be prime, so that every slot order visits every slot.
    ///   Default ``defaultSize``.
    public init(endpoints: [WeightedEndpoint], size: Int = defaultSize) {
        precondition(size > 2, "a Maglev table needs a prime size above 2")
        self.endpoints = endpoints
        self.slots = Self.fill(endpoints: endpoints, size: size)
    }

    /// The number of slots; 0 when the table is empty.
    public var size: Int { slots.count }

    /// The owner of `key`'s slot, moving on to the following slots past those of `excluded`.
    public func endpoint(for key: UInt64, excluding excluded: SocketAddress?) -> Int? {
        guard !slots.isEmpty else { return nil }
        let start = Int(key % UInt64(slots.count))
        let first = Int(slots[start])
        guard let excluded, endpoints[first].address == excluded else { return first }

        for step in 1..<slots.count {
            let owner = Int(slots[(start + step) % slots.count])
            if endpoints[owner].address != excluded {
                return owner
            }
        }
        return first
    }

    /// Deals the slots out in rounds. Over `n` rounds an endpoint of weight `w` claims `n * w / maxWeight`
    /// slots, so the heaviest endpoint claims one per round; each claim takes the next free slot in the
    /// endpoint's own order, which starts at an offset and advances by a skip, both hashed from its identifier.
    private static func fill(endpoints: [WeightedEndpoint], size: Int) -> [Int32] {
        let eligible = endpoints.indices.filter { endpoints[$0].isEligible }
        guard let maxWeight = eligible.map({ endpoints[$0].weight }).max() else { return [] }

        var positions: [Int] = []
        var skips: [Int] = []
        for index in eligible {
            positions.append(Int(hash(endpoints[index].id, salt: 0) % UInt64(size)))
            skips.append(Int(hash(endpoints[index].id, salt: 1) % UInt64(size - 1)) + 1)
        }

        var slots = [Int32](repeating: -1, count: size)
        var claimed = [Int](repeating: 0, count: eligible.count)
        var filled = 0
        var round = 0
        while filled < size {
            round += 1
            for (rank, index) in eligible.enumerated() {
                guard claimed[rank] * maxWeight < round * endpoints[index].weight else { continue }
                while slots[positions[rank]] >= 0 {
                    positions[rank] = (positions[rank] + skips[rank]) % size
                }
                slots[positions[rank]] = Int32(index)
                claimed[rank] += 1
                filled += 1
                if filled == size {
                    break
                }
            }
        }
        return slots
    }

    /// The hash of an endpoint identifier under one of two salts, for its slot order's offset and skip.
    private static func hash(_ id: String, salt: UInt32) -> UInt64 {
        var state = BalancerKey.State()
        state.add(salt)
        state.add(id.utf8)
        return state.finish()
    }
}
