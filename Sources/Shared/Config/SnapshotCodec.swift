/// Turns snapshots into bytes and back, for the long-poll answer and the last-good cache.
public enum SnapshotCodec {
    /// The snapshot as canonical JSON: sorted keys, no whitespace, defaults written out, so equal snapshots give
    /// equal bytes.
    public static func encode(_ snapshot: Snapshot) -> [UInt8] {
        snapshot.jsonValue.canonicalBytes
    }

    /// Reads a snapshot's structure from bytes; see ``Snapshot/init(json:)``. Run ``SnapshotValidator`` (or use
    /// ``decodeValidated(_:)``) before serving from it.
    ///
    /// - Throws: ``ConfigError`` for bytes that are not JSON or do not have a snapshot's shape.
    public static func decode(_ bytes: [UInt8]) throws(ConfigError) -> Snapshot {
        try Snapshot(json: ConfigDecoder.parse(bytes))
    }

    /// Reads a snapshot and checks it with ``SnapshotValidator``, so the result is safe to serve from.
    ///
    /// - Throws: ``ConfigError`` listing the structural problems, or else every validation problem.
    public static func decodeValidated(_ bytes: [UInt8]) throws(ConfigError) -> Snapshot {
        let snapshot = try decode(bytes)
        let problems = SnapshotValidator.validate(snapshot)
        guard problems.isEmpty else {
            throw ConfigError(problems: problems)
        }
        return snapshot
    }
}
