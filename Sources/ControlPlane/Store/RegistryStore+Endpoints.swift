/// Endpoints are live state: they change without a publish, and every change that alters what a snapshot
/// holds increments the endpoint generation in the same transaction. A snapshot's version is then
/// `"<configuration version>.<endpoint generation>"`.
///
/// A snapshot holds the endpoints that are not lapsed. An endpoint lapses when a sweep by
/// ``RegistryStore/expireEndpoints(now:graceSeconds:)`` finds its TTL over, not at the instant the TTL runs
/// out, so that a given generation always stands for the same set of endpoints.
extension RegistryStore {
    /// Registers the endpoint `service`/`id`, or replaces its address, port, weight and TTL.
    ///
    /// A replaced endpoint keeps its registration time and is no longer lapsed. The generation increments.
    ///
    /// - Parameters:
    ///   - service: The service the endpoint belongs to.
    ///   - id: The endpoint's id within the service.
    ///   - address: The host name or IP address to connect to.
    ///   - port: The TCP port, 1 to 65535.
    ///   - weight: The endpoint's relative share of traffic, 0 or more. Default: 1.
    ///   - ttlSeconds: How long the endpoint lasts without a heartbeat, in seconds; `nil` (the default)
    ///     for as long as it is not deleted.
    ///   - now: The time of registration, in unix milliseconds.
    /// - Returns: `true` when the endpoint was created, `false` when it replaced one.
    @discardableResult
    public func putEndpoint(
        service: String,
        id: String,
        address: String,
        port: Int,
        weight: Int = 1,
        ttlSeconds: Int? = nil,
        now: Int64
    ) throws -> Bool {
        let ttl: SQLiteValue = ttlSeconds.map { .integer(Int64($0)) } ?? .null
        var expiresAt = SQLiteValue.null
        if let ttlSeconds {
            expiresAt = .integer(try Self.time(now, plusSeconds: ttlSeconds, operation: "put endpoint"))
        }
        return try write { connection in
            let key: [SQLiteValue] = [.text(service), .text(id)]
            let existing = try connection.query("SELECT 1 FROM endpoints WHERE service = ? AND id = ?", key) { _ in 1 }

            try connection.run(
                """
                INSERT INTO endpoints (service, id, address, port, weight, ttl_s, expires_at, is_lapsed,
                    registered_at, last_heartbeat)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                ON CONFLICT (service, id) DO UPDATE SET address = excluded.address, port = excluded.port,
                    weight = excluded.weight, ttl_s = excluded.ttl_s, expires_at = excluded.expires_at,
                    is_lapsed = 0, last_heartbeat = excluded.last_heartbeat
                """,
                key + [.text(address), .integer(Int64(port)), .integer(Int64(weight)), ttl, expiresAt]
                    + [.integer(now), .integer(now)]
            )
            try Self.incrementGeneration(in: connection)
            return existing.isEmpty
        }
    }

    /// Removes the endpoint `service`/`id`; the generation increments when it existed.
    ///
    /// - Returns: `true` when the endpoint existed.
    @discardableResult
    public func deleteEndpoint(service: String, id: String) throws -> Bool {
        try write { connection in
            let deleted = try connection.run(
                "DELETE FROM endpoints WHERE service = ? AND id = ?",
                [.text(service), .text(id)]
            )
            guard deleted > 0 else {
                return false
            }
            try Self.incrementGeneration(in: connection)
            return true
        }
    }

    /// Records a heartbeat from the endpoint `service`/`id`, pushing its expiry a full TTL past `now`.
    ///
    /// A heartbeat from a lapsed endpoint that has not been removed yet revives it, and the generation
    /// increments; a heartbeat from a live endpoint changes no snapshot, so the generation stays.
    ///
    /// - Parameters:
    ///   - service: The service the endpoint belongs to.
    ///   - id: The endpoint's id within the service.
    ///   - now: The time of the heartbeat, in unix milliseconds.
    /// - Returns: `false` when there is no such endpoint; it has to register again.
    @discardableResult
    public func heartbeat(service: String, id: String, now: Int64) throws -> Bool {
        try write { connection in
            let key: [SQLiteValue] = [.text(service), .text(id)]
            let lapsed = try connection.query("SELECT is_lapsed FROM endpoints WHERE service = ? AND id = ?", key) {
                row in row.int64(at: 0) != 0
            }
            guard let wasLapsed = lapsed.first else {
                return false
            }

            try connection.run(
                """
                UPDATE endpoints SET last_heartbeat = ?1, is_lapsed = 0,
                    expires_at = CASE WHEN ttl_s IS NULL THEN NULL ELSE ?1 + ttl_s * 1000 END
                WHERE service = ?2 AND id = ?3
                """,
                [.integer(now)] + key
            )
            if wasLapsed {
                try Self.incrementGeneration(in: connection)
            }
            return true
        }
    }

    /// Marks the endpoints whose TTL ran out by `now` as lapsed, and removes those that stayed lapsed for
    /// longer than the grace time. The generation increments when any endpoint lapsed.
    ///
    /// - Parameters:
    ///   - now: The time of the sweep, in unix milliseconds.
    ///   - graceSeconds: How long a lapsed endpoint is kept, so that a late heartbeat can revive it, in
    ///     seconds.
    /// - Returns: The endpoints that lapsed in this sweep and those removed. One that ran out longer than
    ///   the grace time ago appears in both.
    @discardableResult
    public func expireEndpoints(now: Int64, graceSeconds: Int) throws -> EndpointExpiry {
        // A grace time too long to count in milliseconds keeps lapsed endpoints for good.
        let removalCutoff = (try? Self.time(now, plusSeconds: -max(graceSeconds, 0), operation: "expire")) ?? .min
        return try write { connection in
            let lapsed = try connection.query(
                "UPDATE endpoints SET is_lapsed = 1 WHERE expires_at <= ? AND is_lapsed = 0 RETURNING service, id",
                [.integer(now)],
                row: Self.endpointID(from:)
            )
            let removed = try connection.query(
                "DELETE FROM endpoints WHERE is_lapsed = 1 AND expires_at <= ? RETURNING service, id",
                [.integer(removalCutoff)],
                row: Self.endpointID(from:)
            )

            if !lapsed.isEmpty {
                try Self.incrementGeneration(in: connection)
            }
            return EndpointExpiry(lapsed: lapsed.sorted(by: Self.byName), removed: removed.sorted(by: Self.byName))
        }
    }

    /// The endpoints of `service`, lapsed ones included, ordered by id.
    public func endpoints(service: String) throws -> [Endpoint] {
        try read { connection in
            try connection.query(
                "SELECT \(Self.endpointColumns) FROM endpoints WHERE service = ? ORDER BY id",
                [.text(service)],
                row: Self.endpoint(from:)
            )
        }
    }

    /// Every endpoint of every service, lapsed ones included, ordered by service and then by id.
    public func allEndpoints() throws -> [Endpoint] {
        try read { connection in
            try connection.query(
                "SELECT \(Self.endpointColumns) FROM endpoints ORDER BY service, id",
                row: Self.endpoint(from:)
            )
        }
    }

    /// The endpoints a snapshot holds, the ones not lapsed, with the generation they belong to, read together
    /// so that the generation names exactly this set.
    public func liveEndpoints() throws -> (generation: Int64, endpoints: [Endpoint]) {
        try read { connection in
            try connection.readTransaction {
                let generation = try Self.generation(in: connection)
                let endpoints = try connection.query(
                    "SELECT \(Self.endpointColumns) FROM endpoints WHERE is_lapsed = 0 ORDER BY service, id",
                    row: Self.endpoint(from:)
                )
                return (generation, endpoints)
            }
        }
    }

    /// The endpoint generation: a counter that increments with every change to the endpoints a snapshot
    /// holds. It starts at 0.
    public func endpointGeneration() throws -> Int64 {
        try read { connection in
            try Self.generation(in: connection)
        }
    }

    // MARK: Rows

    private static func generation(in connection: SQLiteDatabase) throws -> Int64 {
        let rows = try connection.query("SELECT generation FROM endpoint_generation WHERE id = 1") { row in
            row.int64(at: 0)
        }
        guard let generation = rows.first else {
            throw StoreError(.corrupt, message: "the endpoint generation row is missing", operation: "read")
        }
        return generation
    }

    /// `time` moved by `seconds`, in unix milliseconds; a result beyond the 64-bit range is a constraint error,
    /// not a trap, since the seconds may come from a request.
    private static func time(_ time: Int64, plusSeconds seconds: Int, operation: String) throws -> Int64 {
        let (milliseconds, overflowMultiplying) = Int64(seconds).multipliedReportingOverflow(by: 1000)
        let (result, overflowAdding) = time.addingReportingOverflow(milliseconds)
        guard !overflowMultiplying && !overflowAdding else {
            throw StoreError(.constraint, message: "\(seconds) seconds is out of range", operation: operation)
        }
        return result
    }

    private static func incrementGeneration(in connection: SQLiteDatabase) throws {
        let changed = try connection.run("UPDATE endpoint_generation SET generation = generation + 1 WHERE id = 1")
        guard changed == 1 else {
            throw StoreError(.corrupt, message: "the endpoint generation row is missing", operation: "write")
        }
    }

    private static let endpointColumns =
        "service, id, address, port, weight, ttl_s, expires_at, is_lapsed, registered_at, last_heartbeat"

    private static func endpoint(from row: SQLiteStatement) -> Endpoint {
        Endpoint(
            service: row.string(at: 0) ?? "",
            id: row.string(at: 1) ?? "",
            address: row.string(at: 2) ?? "",
            port: Int(row.int64(at: 3)),
            weight: Int(row.int64(at: 4)),
            ttlSeconds: row.optionalInt64(at: 5).map { Int($0) },
            expiresAt: row.optionalInt64(at: 6),
            isLapsed: row.int64(at: 7) != 0,
            registeredAt: row.int64(at: 8),
            lastHeartbeat: row.int64(at: 9)
        )
    }

    private static func endpointID(from row: SQLiteStatement) -> EndpointID {
        EndpointID(service: row.string(at: 0) ?? "", id: row.string(at: 1) ?? "")
    }

    private static func byName(_ left: EndpointID, _ right: EndpointID) -> Bool {
        (left.service, left.id) < (right.service, right.id)
    }
}
