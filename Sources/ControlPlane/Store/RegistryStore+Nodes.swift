/// A node is known from its first poll; it needs no registration of its own.
extension RegistryStore {
    /// Records a poll from `node`: creates the node on its first poll, and otherwise refreshes its labels,
    /// build and last-seen time.
    ///
    /// - Parameters:
    ///   - node: The node's id.
    ///   - labels: The node's labels, as a JSON object.
    ///   - build: The build version the node runs.
    ///   - now: The time of the poll, in unix milliseconds.
    public func recordPoll(node: String, labels: String?, build: String?, now: Int64) throws {
        try recordPolls([Poll(node: node, labels: labels, build: build, now: now)])
    }

    /// Records a status report from `node`, which also counts as a sign of life.
    ///
    /// The rejection is replaced by the report's: a node repeats its rejection in every report for as long
    /// as it holds it, and a report without one clears it. A report without an applied version keeps the
    /// one recorded before. A node that reports before it ever polled is created with no labels.
    ///
    /// - Parameters:
    ///   - node: The node's id.
    ///   - applied: The configuration version the node runs, if it says.
    ///   - rejected: The configuration version the node refused, if any.
    ///   - reason: Why the node refused `rejected`.
    ///   - figures: Health figures since the last report, as a JSON object.
    ///   - now: The time of the report, in unix milliseconds.
    public func reportStatus(
        node: String,
        applied: Int?,
        rejected: Int?,
        reason: String?,
        figures: String?,
        now: Int64
    ) throws {
        let appliedValue: SQLiteValue = applied.map { .integer(Int64($0)) } ?? .null
        let rejectedValue: SQLiteValue = rejected.map { .integer(Int64($0)) } ?? .null
        let reasonValue: SQLiteValue = rejected == nil ? .null : .text(reason ?? "")
        try write { connection in
            try connection.run(
                """
                INSERT INTO nodes (node, labels, build, first_seen, last_seen, applied_version, rejected_version,
                    rejected_reason, figures, reported_at)
                VALUES (?1, '{}', '', ?2, ?2, ?3, ?4, ?5, ?6, ?2)
                ON CONFLICT (node) DO UPDATE SET last_seen = excluded.last_seen,
                    applied_version = COALESCE(excluded.applied_version, applied_version),
                    rejected_version = excluded.rejected_version, rejected_reason = excluded.rejected_reason,
                    figures = excluded.figures, reported_at = excluded.reported_at
                """,
                [
                    .text(node), .integer(now), appliedValue, rejectedValue, reasonValue,
                    figures.map { .text($0) } ?? .null,
                ]
            )
        }
    }

    /// Every known node, ordered by id.
    public func nodes() throws -> [NodeRecord] {
        try read { connection in
            try connection.query("SELECT \(Self.nodeColumns) FROM nodes ORDER BY node", row: Self.node(from:))
        }
    }

    /// The node `node`, or `nil` when it never polled nor reported.
    public func node(_ node: String) throws -> NodeRecord? {
        try read { connection in
            try connection.query(
                "SELECT \(Self.nodeColumns) FROM nodes WHERE node = ?",
                [.text(node)],
                row: Self.node(from:)
            ).first
        }
    }

    /// The configuration version `node` should run; `nil` for the latest, and for a node not known.
    public func desiredVersion(node: String) throws -> Int? {
        try read { connection in
            try connection.query("SELECT desired_version FROM nodes WHERE node = ?", [.text(node)]) { row in
                row.optionalInt64(at: 0).map { Int($0) }
            }.first ?? nil
        }
    }

    /// Pins `nodes` to `version`, or, with `nil`, lets them follow the latest version again.
    ///
    /// - Parameters:
    ///   - nodes: The ids of the nodes; ids of unknown nodes are skipped.
    ///   - version: A published version, or `nil` for the latest.
    /// - Returns: The number of nodes changed.
    /// - Throws: ``StoreError/Reason/notFound`` when `version` was never published.
    @discardableResult
    public func setDesiredVersion(nodes: [String], version: Int?) throws -> Int {
        let versionValue: SQLiteValue = version.map { .integer(Int64($0)) } ?? .null
        return try write { connection in
            if let version {
                let found = try connection.query("SELECT 1 FROM versions WHERE version = ?", [versionValue]) { _ in 1 }
                guard !found.isEmpty else {
                    throw StoreError(.notFound, message: "version \(version) was never published", operation: "write")
                }
            }

            var changed = 0
            for node in nodes {
                changed += try connection.run(
                    "UPDATE nodes SET desired_version = ? WHERE node = ?",
                    [versionValue, .text(node)]
                )
            }
            return changed
        }
    }

    private static let nodeColumns = """
        node, labels, build, first_seen, last_seen, desired_version, applied_version, rejected_version, \
        rejected_reason, figures, reported_at
        """

    private static func node(from row: SQLiteStatement) -> NodeRecord {
        NodeRecord(
            node: row.string(at: 0) ?? "",
            labels: row.string(at: 1) ?? "{}",
            build: row.string(at: 2) ?? "",
            firstSeen: row.int64(at: 3),
            lastSeen: row.int64(at: 4),
            desiredVersion: row.optionalInt64(at: 5).map { Int($0) },
            appliedVersion: row.optionalInt64(at: 6).map { Int($0) },
            rejectedVersion: row.optionalInt64(at: 7).map { Int($0) },
            rejectionReason: row.string(at: 8),
            figures: row.string(at: 9),
            reportedAt: row.optionalInt64(at: 10)
        )
    }
}

extension RegistryStore {
    /// A poll waiting to be recorded: see ``recordPolls(_:)``.
    public struct Poll: Sendable, Equatable {
        /// The node's id.
        public var node: String
        /// The node's labels, as a JSON object; nil keeps the ones recorded before.
        public var labels: String?
        /// The build version the node runs; nil keeps the one recorded before.
        public var build: String?
        /// The time of the poll, in unix milliseconds.
        public var now: Int64

        /// Creates a poll record.
        public init(node: String, labels: String?, build: String?, now: Int64) {
            self.node = node
            self.labels = labels
            self.build = build
            self.now = now
        }
    }

    /// Records many polls in one transaction, so thousands of nodes polling at once cost one commit.
    public func recordPolls(_ polls: [Poll]) throws {
        guard !polls.isEmpty else { return }
        try write { connection in
            for poll in polls {
                try connection.run(
                    """
                    INSERT INTO nodes (node, labels, build, first_seen, last_seen)
                    VALUES (?1, COALESCE(?2, '{}'), COALESCE(?3, ''), ?4, ?4)
                    ON CONFLICT (node) DO UPDATE SET labels = COALESCE(?2, nodes.labels),
                        build = COALESCE(?3, nodes.build), last_seen = excluded.last_seen
                    """,
                    [
                        .text(poll.node), poll.labels.map { .text($0) } ?? .null, poll.build.map { .text($0) } ?? .null,
                        .integer(poll.now),
                    ]
                )
            }
        }
    }
}
