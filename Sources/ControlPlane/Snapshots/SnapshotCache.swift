import Shared

/// Encoded snapshots by (configuration version, endpoint generation): built once, shared by every node that
/// wants the same pair. Keeps the few most recent pairs, enough for a rollout's old and new versions.
struct SnapshotCache {
    /// One built snapshot.
    struct Entry {
        /// The opaque version the data plane sees, `"<config>.<generation>"`.
        var version: String
        /// The canonical JSON of the snapshot.
        var bytes: [UInt8]
    }

    private struct Key: Hashable {
        var version: Int
        var generation: Int64
    }

    private var entries: [Key: Entry] = [:]
    private var order: [Key] = []
    private let capacity = 8

    /// The snapshot for the pair, built by `build` the first time.
    mutating func entry(version: Int, generation: Int64, build: () throws -> Snapshot) throws -> Entry {
        let key = Key(version: version, generation: generation)
        if let entry = entries[key] {
            return entry
        }
        let snapshot = try build()
        let entry = Entry(version: snapshot.version, bytes: SnapshotCodec.encode(snapshot))
        entries[key] = entry
        order.append(key)
        if order.count > capacity {
            entries[order.removeFirst()] = nil
        }
        return entry
    }
}
