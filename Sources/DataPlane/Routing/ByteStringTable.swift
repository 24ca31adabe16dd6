/// A hash table from byte strings to integers, filled once and then only read. A lookup takes bytes the caller
/// lends, so looking up a slice of a request's host or path copies nothing and allocates nothing.
///
/// Each key lives in a scope, a number the caller chooses: a trie keeps the segments of all its nodes in one table
/// by using the parent node as the scope.
///
/// Open addressing with linear probing, at most half full. Keys come from configuration and only lookups come from
/// requests, so a request cannot lengthen a probe sequence: the longest lookup is bounded by the table's own
/// clusters, whatever bytes are looked up.
struct ByteStringTable {
    private struct Entry {
        var scope: Int
        var start: Int
        var count: Int
        var hash: UInt64
        var value: Int
    }

    /// Every key's bytes, one after the other.
    private var keyBytes: [UInt8] = []
    private var entries: [Entry] = []
    /// An index into `entries`, or -1 for a free slot; the count is zero or a power of two.
    private var slots: [Int] = []

    /// Whether the table holds no key.
    var isEmpty: Bool { entries.isEmpty }

    /// The value stored for `key` in `scope`, or nil.
    func value(forKey key: UnsafeBufferPointer<UInt8>, inScope scope: Int = 0) -> Int? {
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(key, scope: scope)
        let mask = slots.count - 1
        var slot = Self.slot(for: hash, mask: mask)
        while slots[slot] >= 0 {
            let entry = entries[slots[slot]]
            if entry.hash == hash, entry.scope == scope, entry.count == key.count, equals(entry, key) {
                return entry.value
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The value stored for `key` in `scope`, or nil.
    func value(forKey key: some Collection<UInt8>, inScope scope: Int = 0) -> Int? {
        Array(key).withUnsafeBufferPointer { value(forKey: $0, inScope: scope) }
    }

    /// Stores `value` for `key` in `scope`; the key must not be there yet.
    mutating func insert(_ key: some Collection<UInt8>, inScope scope: Int = 0, value: Int) {
        precondition(self.value(forKey: key, inScope: scope) == nil, "a key is inserted once")
        let bytes = Array(key)
        let hash = bytes.withUnsafeBufferPointer { Self.hash($0, scope: scope) }
        let entry = Entry(scope: scope, start: keyBytes.count, count: bytes.count, hash: hash, value: value)
        entries.append(entry)
        keyBytes.append(contentsOf: bytes)
        if entries.count * 2 > slots.count {
            rebuildSlots(count: max(8, slots.count * 2))
        } else {
            place(entries.count - 1)
        }
    }

    private mutating func rebuildSlots(count: Int) {
        slots = Array(repeating: -1, count: count)
        for index in entries.indices {
            place(index)
        }
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = Self.slot(for: entries[index].hash, mask: mask)
        while slots[slot] >= 0 {
            slot = (slot + 1) & mask
        }
        slots[slot] = index
    }

    private func equals(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { stored in
            UnsafeBufferPointer(rebasing: stored[entry.start..<entry.start + entry.count]).elementsEqual(key)
        }
    }

    private static func slot(for hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }

    /// FNV-1a, started from the scope: keys are short host names and path segments.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>, scope: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ (UInt64(truncatingIfNeeded: scope) &* 0x9E37_79B9_7F4A_7C15)
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
