import Testing

@testable import ControlPlane

extension StoreTests {
    @Suite("RegistryStore")
    struct RegistryStoreTests {
        private static let hashA = String(repeating: "a", count: 64)
        private static let hashB = String(repeating: "0123456789abcdef", count: 4)

        // MARK: Draft resources

        @Test func putGetListAndDeleteResources() throws {
            try withStore { store, clock, _ throws in
                #expect(try store.put(kind: .service, name: "users", spec: #"{"lb":{"policy":"random"}}"#))
                #expect(try store.put(kind: .service, name: "orders", spec: "{}"))
                #expect(try store.put(kind: .route, name: "users", spec: #"{"service":"users"}"#))
                clock.advance(seconds: 5)
                #expect(try !store.put(kind: .service, name: "users", spec: #"{"lb":{"policy":"maglev"}}"#))

                let users = try store.get(kind: .service, name: "users")
                #expect(users?.spec == #"{"lb":{"policy":"maglev"}}"#)
                #expect(users?.updatedAt == clock.now)
                #expect(try store.get(kind: .breakerPolicy, name: "users") == nil)
                #expect(try store.list(kind: .service).map(\.name) == ["orders", "users"])
                #expect(try store.list(kind: .route).map(\.kind) == [.route])
                #expect(
                    try store.draft().map { "\($0.kind.rawValue)/\($0.name)" } == [
                        "route/users", "service/orders", "service/users",
                    ])

                #expect(try store.delete(kind: .service, name: "orders"))
                #expect(try !store.delete(kind: .service, name: "orders"))
                #expect(try store.list(kind: .service).map(\.name) == ["users"])
            }
        }

        @Test func everyKindRoundTrips() throws {
            try withStore { store, _, _ throws in
                for kind in ResourceKind.allCases {
                    try store.put(kind: kind, name: "same-name", spec: #"{"kind":"\#(kind.rawValue)"}"#)
                }

                for kind in ResourceKind.allCases {
                    #expect(try store.get(kind: kind, name: "same-name")?.spec == #"{"kind":"\#(kind.rawValue)"}"#)
                    #expect(try store.list(kind: kind).count == 1)
                }
            }
        }

        @Test func refusesSpecsThatAreNotJSONAndEmptyNames() throws {
            try withStore { store, _, _ throws in
                let notJSON = #expect(throws: StoreError.self) { try store.put(kind: .route, name: "r", spec: "{nope") }
                let emptyName = #expect(throws: StoreError.self) { try store.put(kind: .route, name: "", spec: "{}") }

                #expect(notJSON?.reason == .constraint)
                #expect(emptyName?.reason == .constraint)
                #expect(try store.list(kind: .route).isEmpty)
            }
        }

        @Test func certificateKeysAreKeptApartAndDeletedWithTheCertificate() throws {
            try withStore { store, _, _ throws in
                let spec = #"{"cert_pem":"-----BEGIN CERTIFICATE-----","snis":["api.example.com"]}"#
                #expect(try store.putCertificate(name: "api", spec: spec, encryptedKey: [1, 2, 3]))
                #expect(try !store.putCertificate(name: "api", spec: spec, encryptedKey: [4, 5]))

                #expect(try store.certificateKey(name: "api") == [4, 5])
                #expect(try store.get(kind: .certificate, name: "api")?.spec == spec)
                #expect(try store.list(kind: .certificate).map(\.spec) == [spec])
                #expect(try store.certificateKey(name: "other") == nil)

                try store.put(kind: .certificate, name: "api", spec: #"{"snis":[]}"#)
                #expect(try store.certificateKey(name: "api") == [4, 5], "replacing the spec alone keeps the key")

                #expect(try store.delete(kind: .certificate, name: "api"))
                #expect(try store.certificateKey(name: "api") == nil)
            }
        }

        @Test func aFailedWriteLeavesNothingHalfWritten() throws {
            try withStore { store, _, _ throws in
                let error = #expect(throws: StoreError.self) {
                    try store.putCertificate(name: "api", spec: "{not json", encryptedKey: [9])
                }
                #expect(error?.reason == .constraint)
                #expect(try store.certificateKey(name: "api") == nil)

                #expect(throws: TestFailure.self) {
                    try store.write { connection in
                        try connection.run(
                            "INSERT INTO resources VALUES ('service', 'half', '{}', 1)"
                        )
                        throw TestFailure("fails after the first statement")
                    }
                }
                #expect(try store.get(kind: .service, name: "half") == nil)
            }
        }

        // MARK: Endpoints

        @Test func putListAndDeleteEndpoints() throws {
            try withStore { store, clock, _ throws in
                #expect(try store.endpointGeneration() == 0)
                #expect(
                    try store.putEndpoint(service: "users", id: "u2", address: "10.0.0.2", port: 9002, now: clock.now))
                #expect(
                    try store.putEndpoint(
                        service: "users", id: "u1", address: "10.0.0.1", port: 9001, weight: 3, ttlSeconds: 30,
                        now: clock.now))
                #expect(
                    try store.putEndpoint(service: "orders", id: "o1", address: "10.0.1.1", port: 80, now: clock.now))
                #expect(try store.endpointGeneration() == 3)

                let users = try store.endpoints(service: "users")
                #expect(users.map(\.id) == ["u1", "u2"])
                #expect(users[0].weight == 3)
                #expect(users[0].ttlSeconds == 30)
                #expect(users[0].expiresAt == clock.now + 30_000)
                #expect(users[1].weight == 1)
                #expect(users[1].ttlSeconds == nil && users[1].expiresAt == nil)
                #expect(try store.allEndpoints().map(\.service) == ["orders", "users", "users"])

                #expect(try store.deleteEndpoint(service: "users", id: "u2"))
                #expect(try !store.deleteEndpoint(service: "users", id: "u2"))
                #expect(try store.endpointGeneration() == 4, "deleting a missing endpoint changes nothing")
                #expect(try store.endpoints(service: "users").map(\.id) == ["u1"])
            }
        }

        @Test func replacingAnEndpointKeepsItsRegistrationTime() throws {
            try withStore { store, clock, _ throws in
                let registered = clock.now
                try store.putEndpoint(service: "users", id: "u1", address: "10.0.0.1", port: 9001, now: registered)
                clock.advance(seconds: 60)
                #expect(
                    try !store.putEndpoint(service: "users", id: "u1", address: "10.0.0.9", port: 9009, now: clock.now))

                let endpoint = try store.endpoints(service: "users").first
                #expect(endpoint?.address == "10.0.0.9")
                #expect(endpoint?.port == 9009)
                #expect(endpoint?.registeredAt == registered)
                #expect(endpoint?.lastHeartbeat == clock.now)
                #expect(try store.endpointGeneration() == 2)
            }
        }

        @Test func invalidEndpointsAreRefusedWithoutChangingTheGeneration() throws {
            try withStore { store, clock, _ throws in
                let badPort = #expect(throws: StoreError.self) {
                    try store.putEndpoint(service: "users", id: "u1", address: "10.0.0.1", port: 0, now: clock.now)
                }
                let badTTL = #expect(throws: StoreError.self) {
                    try store.putEndpoint(
                        service: "users", id: "u1", address: "10.0.0.1", port: 80, ttlSeconds: 0, now: clock.now)
                }
                let badWeight = #expect(throws: StoreError.self) {
                    try store.putEndpoint(
                        service: "users", id: "u1", address: "10.0.0.1", port: 80, weight: -1, now: clock.now)
                }

                #expect(
                    [badPort?.reason, badTTL?.reason, badWeight?.reason] == [.constraint, .constraint, .constraint])
                #expect(try store.endpointGeneration() == 0)
                #expect(try store.allEndpoints().isEmpty)
            }
        }

        @Test func anOutOfRangeTTLIsRefusedNotATrap() throws {
            try withStore { store, clock, _ throws in
                let error = #expect(throws: StoreError.self) {
                    try store.putEndpoint(
                        service: "users", id: "u1", address: "10.0.0.1", port: 80, ttlSeconds: Int.max, now: clock.now)
                }

                #expect(error?.reason == .constraint)
                #expect(try store.expireEndpoints(now: clock.now, graceSeconds: Int.max).removed.isEmpty)
                #expect(try store.endpointGeneration() == 0)
            }
        }

        @Test func liveEndpointsLeaveOutLapsedOnesAndCarryTheirGeneration() throws {
            try withStore { store, clock, _ throws in
                try store.putEndpoint(
                    service: "users", id: "u1", address: "10.0.0.1", port: 1, ttlSeconds: 5, now: clock.now)
                try store.putEndpoint(service: "users", id: "u2", address: "10.0.0.2", port: 2, now: clock.now)
                #expect(try store.liveEndpoints().endpoints.map(\.id) == ["u1", "u2"])

                clock.advance(seconds: 6)
                #expect(try store.liveEndpoints().endpoints.map(\.id) == ["u1", "u2"], "until a sweep, u1 stays")
                try store.expireEndpoints(now: clock.now, graceSeconds: 60)

                let live = try store.liveEndpoints()
                #expect(live.generation == 3)
                #expect(live.endpoints.map(\.id) == ["u2"])
            }
        }

        @Test func heartbeatsPushTheExpiry() throws {
            try withStore { store, clock, _ throws in
                try store.putEndpoint(
                    service: "users", id: "u1", address: "10.0.0.1", port: 9001, ttlSeconds: 10, now: clock.now)
                clock.advance(seconds: 8)

                #expect(try store.heartbeat(service: "users", id: "u1", now: clock.now))
                #expect(try !store.heartbeat(service: "users", id: "missing", now: clock.now))
                let endpoint = try store.endpoints(service: "users").first
                #expect(endpoint?.expiresAt == clock.now + 10_000)
                #expect(endpoint?.lastHeartbeat == clock.now)
                #expect(try store.endpointGeneration() == 1, "a heartbeat from a live endpoint changes no snapshot")
            }
        }

        @Test func expiryLapsesThenRemovesAfterTheGraceTime() throws {
            try withStore { store, clock, _ throws in
                let start = clock.now
                try store.putEndpoint(
                    service: "users", id: "short", address: "10.0.0.1", port: 1, ttlSeconds: 10, now: start)
                try store.putEndpoint(
                    service: "users", id: "long", address: "10.0.0.2", port: 2, ttlSeconds: 60, now: start)
                try store.putEndpoint(service: "users", id: "static", address: "10.0.0.3", port: 3, now: start)
                #expect(try store.endpointGeneration() == 3)

                let early = try store.expireEndpoints(now: start + 9_999, graceSeconds: 30)
                #expect(early == EndpointExpiry(lapsed: [], removed: []))
                #expect(try store.endpointGeneration() == 3)

                let lapse = try store.expireEndpoints(now: start + 10_000, graceSeconds: 30)
                #expect(lapse.lapsed == [EndpointID(service: "users", id: "short")])
                #expect(lapse.removed.isEmpty)
                #expect(try store.endpointGeneration() == 4)
                #expect(try store.endpoints(service: "users").filter(\.isLapsed).map(\.id) == ["short"])

                let again = try store.expireEndpoints(now: start + 20_000, graceSeconds: 30)
                #expect(again.lapsed.isEmpty, "an endpoint lapses once")
                #expect(try store.endpointGeneration() == 4)

                let removal = try store.expireEndpoints(now: start + 40_000, graceSeconds: 30)
                #expect(removal.lapsed.isEmpty)
                #expect(removal.removed == [EndpointID(service: "users", id: "short")])
                #expect(try store.endpointGeneration() == 4, "removing a lapsed endpoint changes no snapshot")
                #expect(try store.endpoints(service: "users").map(\.id) == ["long", "static"])
            }
        }

        @Test func anEndpointLongExpiredLapsesAndIsRemovedInOneSweep() throws {
            try withStore { store, clock, _ throws in
                try store.putEndpoint(
                    service: "users", id: "u1", address: "10.0.0.1", port: 1, ttlSeconds: 5, now: clock.now)
                let sweep = try store.expireEndpoints(now: clock.now + 3_600_000, graceSeconds: 60)

                let id = EndpointID(service: "users", id: "u1")
                #expect(sweep == EndpointExpiry(lapsed: [id], removed: [id]))
                #expect(id.description == "users/u1")
                #expect(try store.endpointGeneration() == 2)
                #expect(try store.allEndpoints().isEmpty)
            }
        }

        @Test func aHeartbeatRevivesALapsedEndpoint() throws {
            try withStore { store, clock, _ throws in
                try store.putEndpoint(
                    service: "users", id: "u1", address: "10.0.0.1", port: 1, ttlSeconds: 5, now: clock.now)
                clock.advance(seconds: 6)
                try store.expireEndpoints(now: clock.now, graceSeconds: 60)
                #expect(try store.endpointGeneration() == 2)

                #expect(try store.heartbeat(service: "users", id: "u1", now: clock.now))
                let endpoint = try store.endpoints(service: "users").first
                #expect(endpoint?.isLapsed == false)
                #expect(endpoint?.expiresAt == clock.now + 5_000)
                #expect(try store.endpointGeneration() == 3, "the endpoint is back in the snapshot")
            }
        }

        // MARK: Versions

        @Test func publishNumbersVersionsAndIsIdempotentOnTheHash() throws {
            try withStore { store, _, _ throws in
                #expect(try store.latestVersion() == nil)
                let first = try store.publish(message: "add users", content: #"{"services":[]}"#, hash: "h1", now: 10)
                let repeated = try store.publish(message: "again", content: #"{"services":[]}"#, hash: "h1", now: 20)
                let second = try store.publish(
                    message: "add orders", content: #"{"services":[1]}"#, hash: "h2", now: 30)
                let back = try store.publish(message: "roll back", content: #"{"services":[]}"#, hash: "h1", now: 40)

                #expect(first == (1, true))
                #expect(repeated == (1, false))
                #expect(second == (2, true))
                #expect(back == (3, true), "only the newest version's hash makes a publish a no-op")
                #expect(
                    try store.latestVersion()
                        == VersionSummary(version: 3, hash: "h1", message: "roll back", createdAt: 40)
                )
                #expect(try store.versions().map(\.version) == [1, 2, 3])
                #expect(try store.versions().map(\.message) == ["add users", "add orders", "roll back"])
                #expect(try store.version(2)?.content == #"{"services":[1]}"#)
                #expect(try store.version(2)?.summary.createdAt == 30)
                #expect(try store.version(9) == nil)
            }
        }

        @Test func publishedVersionsAreImmutable() throws {
            try withStore { store, _, _ throws in
                try store.publish(message: "one", content: "{}", hash: "h1", now: 1)

                let error = #expect(throws: StoreError.self) {
                    try store.write { connection in
                        try connection.run("UPDATE versions SET content = '[]' WHERE version = 1")
                    }
                }
                #expect(error?.reason == .constraint)
                #expect(error?.message == "published versions are immutable")
                #expect(try store.version(1)?.content == "{}")
            }
        }

        // MARK: Nodes

        @Test func pollsCreateAndRefreshNodes() throws {
            try withStore { store, _, _ throws in
                try store.recordPoll(node: "edge-1", labels: #"{"zone":"a"}"#, build: "0.1.0", now: 100)
                try store.recordPoll(node: "edge-0", labels: "{}", build: "0.1.0", now: 150)
                try store.recordPoll(node: "edge-1", labels: #"{"zone":"b"}"#, build: "0.2.0", now: 200)

                let nodes = try store.nodes()
                #expect(nodes.map(\.node) == ["edge-0", "edge-1"])
                #expect(nodes[1].labels == #"{"zone":"b"}"#)
                #expect(nodes[1].build == "0.2.0")
                #expect(nodes[1].firstSeen == 100)
                #expect(nodes[1].lastSeen == 200)
                #expect(nodes[1].desiredVersion == nil && nodes[1].appliedVersion == nil && nodes[1].reportedAt == nil)
                #expect(try store.node("edge-9") == nil)

                let error = #expect(throws: StoreError.self) {
                    try store.recordPoll(node: "edge-2", labels: "zone=a", build: "", now: 1)
                }
                #expect(error?.reason == .constraint)
            }
        }

        @Test func statusReportsRecordAppliedAndRejectedVersions() throws {
            try withStore { store, _, _ throws in
                try store.recordPoll(node: "edge-1", labels: "{}", build: "0.1.0", now: 100)
                try store.reportStatus(
                    node: "edge-1", applied: 7, rejected: nil, reason: nil, figures: #"{"requests":10}"#, now: 200)
                var node = try store.node("edge-1")
                #expect(node?.appliedVersion == 7)
                #expect(node?.rejectedVersion == nil)
                #expect(node?.figures == #"{"requests":10}"#)
                #expect(node?.lastSeen == 200 && node?.reportedAt == 200)

                try store.reportStatus(
                    node: "edge-1", applied: nil, rejected: 8, reason: "route r names no service", figures: nil,
                    now: 300)
                node = try store.node("edge-1")
                #expect(node?.appliedVersion == 7, "the node still runs the version it applied before")
                #expect(node?.rejectedVersion == 8)
                #expect(node?.rejectionReason == "route r names no service")

                try store.reportStatus(node: "edge-1", applied: 9, rejected: nil, reason: nil, figures: nil, now: 400)
                node = try store.node("edge-1")
                #expect(node?.appliedVersion == 9)
                #expect(node?.rejectedVersion == nil && node?.rejectionReason == nil)
                #expect(node?.labels == "{}" && node?.build == "0.1.0" && node?.firstSeen == 100)
            }
        }

        @Test func aReportFromAnUnknownNodeCreatesIt() throws {
            try withStore { store, _, _ throws in
                try store.reportStatus(node: "edge-5", applied: 1, rejected: nil, reason: nil, figures: nil, now: 50)

                let node = try store.node("edge-5")
                #expect(node?.labels == "{}")
                #expect(node?.firstSeen == 50)
                #expect(node?.appliedVersion == 1)
            }
        }

        @Test func desiredVersionsPinAndRelease() throws {
            try withStore { store, _, _ throws in
                try store.publish(message: "one", content: "{}", hash: "h1", now: 1)
                try store.publish(message: "two", content: "[]", hash: "h2", now: 2)
                for node in ["a", "b", "c"] {
                    try store.recordPoll(node: node, labels: "{}", build: "0.1.0", now: 10)
                }
                #expect(try store.desiredVersion(node: "a") == nil)

                #expect(try store.setDesiredVersion(nodes: ["a", "b", "ghost"], version: 1) == 2)
                #expect(try store.desiredVersion(node: "a") == 1)
                #expect(try store.desiredVersion(node: "c") == nil)
                #expect(try store.desiredVersion(node: "ghost") == nil)
                #expect(try store.nodes().map(\.desiredVersion) == [1, 1, nil])

                let missing = #expect(throws: StoreError.self) { try store.setDesiredVersion(nodes: ["c"], version: 9) }
                #expect(missing?.reason == .notFound)
                #expect(try store.desiredVersion(node: "c") == nil)

                #expect(try store.setDesiredVersion(nodes: ["a"], version: nil) == 1)
                #expect(try store.desiredVersion(node: "a") == nil)
            }
        }

        // MARK: Tokens

        @Test func tokensAreFoundByHash() throws {
            try withStore { store, clock, _ throws in
                let admin = try store.addToken(hash: Self.hashA, role: .admin, description: "first start")
                let node = try store.addToken(hash: Self.hashB, role: .node)

                #expect(try store.token(byHash: Self.hashA) == .admin)
                #expect(try store.token(byHash: Self.hashB) == .node)
                #expect(try store.token(byHash: String(repeating: "c", count: 64)) == nil)
                let tokens = try store.tokens()
                #expect(tokens.map(\.id) == [admin, node])
                #expect(
                    tokens[0]
                        == TokenRecord(
                            id: admin, hash: Self.hashA, role: .admin, createdAt: clock.now, description: "first start")
                )

                #expect(try store.deleteToken(id: admin))
                #expect(try !store.deleteToken(id: admin))
                #expect(try store.token(byHash: Self.hashA) == nil)
            }
        }

        @Test func malformedOrDuplicateTokenHashesAreRefused() throws {
            try withStore { store, _, _ throws in
                try store.addToken(hash: Self.hashA, role: .read)
                let duplicate = #expect(throws: StoreError.self) { try store.addToken(hash: Self.hashA, role: .admin) }
                let short = #expect(throws: StoreError.self) { try store.addToken(hash: "abc", role: .admin) }
                let upper = #expect(throws: StoreError.self) {
                    try store.addToken(hash: Self.hashA.uppercased(), role: .admin)
                }

                #expect(duplicate?.reason == .constraint)
                #expect(duplicate?.code == 2067, "SQLITE_CONSTRAINT_UNIQUE")
                #expect(short?.reason == .constraint)
                #expect(upper?.reason == .constraint)
                #expect(try store.tokens().count == 1)
                #expect(try store.token(byHash: Self.hashA) == .read)
            }
        }

        // MARK: Whole file

        @Test func dataSurvivesReopening() throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/gatehouse.db"
                do {
                    let store = try RegistryStore(path: path)
                    try store.put(kind: .service, name: "users", spec: "{}")
                    try store.putEndpoint(service: "users", id: "u1", address: "127.0.0.1", port: 9001, now: 1)
                    try store.publish(message: "one", content: "{}", hash: "h", now: 2)
                }

                let reopened = try RegistryStore(path: path)
                #expect(try reopened.get(kind: .service, name: "users") != nil)
                #expect(try reopened.endpointGeneration() == 1)
                #expect(try reopened.latestVersion()?.version == 1)
                #expect(try reopened.integrityCheck() == ["ok"])
            }
        }
    }
}
