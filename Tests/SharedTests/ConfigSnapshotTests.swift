import FoundationEssentials
import Testing

@testable import Shared

@Suite struct ConfigSnapshotTests {
    private func sampleSnapshot() -> Snapshot {
        Snapshot(
            version: "42.1187",
            configVersion: 42,
            services: ["users": ServiceSpec(loadBalancing: .init(policy: .leastRequest), breakerPolicy: "default")],
            endpoints: [
                "users": [
                    EndpointEntry(id: "u1", address: "10.0.0.1", port: 9001),
                    EndpointEntry(id: "u2", address: "fd00::2", port: 9001, weight: 3, isHealthy: false),
                ]
            ],
            routes: ["users": RouteSpec(match: RouteMatch(path: .prefix("/users")), action: .service("users"))],
            breakerPolicies: ["default": BreakerPolicySpec()],
            rateLimits: ["slow": RateLimitSpec(requestsPerSecond: 1)],
            consumers: ["alice": ConsumerSpec(groups: ["staff"])],
            certificates: [
                "main": CertificateBundle(
                    certificate: CertificateSpec(
                        certificatePEM: ConfigFixture.certificatePEM, serverNames: ["api.example.com"]),
                    keyPEM: ConfigFixture.keyPEM)
            ],
            generatedAt: "2026-01-01T00:00:00Z"
        )
    }

    @Test func roundTripsThroughCanonicalBytes() throws {
        let snapshot = sampleSnapshot()
        let bytes = SnapshotCodec.encode(snapshot)
        let decoded = try SnapshotCodec.decode(bytes)
        #expect(decoded == snapshot)
        #expect(SnapshotCodec.encode(decoded) == bytes)
        #expect(SnapshotValidator.validate(decoded) == [])
        #expect(try SnapshotCodec.decodeValidated(bytes) == snapshot)
    }

    @Test func usesTheDocumentedFieldNames() throws {
        let text = String(decoding: SnapshotCodec.encode(sampleSnapshot()), as: UTF8.self)
        for key in [
            #""version":"42.1187""#, #""config_version":42"#, #""generated_at":"#, #""breaker_policies":"#,
            #""rate_limits":"#, #""key_pem":"#, #""healthy":false"#, #""endpoints":{"users":[{"#,
        ] {
            #expect(text.contains(key), "missing \(key)")
        }
    }

    @Test func routeNamingAMissingServiceIsRefused() throws {
        var snapshot = sampleSnapshot()
        snapshot.routes["orders"] = RouteSpec(action: .service("orders"))
        let bytes = SnapshotCodec.encode(snapshot)
        _ = try SnapshotCodec.decode(bytes)
        let error = #expect(throws: ConfigError.self) { try SnapshotCodec.decodeValidated(bytes) }
        #expect(error?.problems == [ConfigFixture.problem("routes.orders.service", #"no service named "orders""#)])
        #expect(error?.description == #"routes.orders.service: no service named "orders""#)
    }

    @Test func endpointsAndHeaderAreChecked() {
        var snapshot = sampleSnapshot()
        snapshot.version = ""
        snapshot.endpoints["ghost"] = [EndpointEntry(id: "g1", address: "10.0.0.9", port: 1)]
        snapshot.endpoints["users"]?.append(EndpointEntry(id: "u1", address: "10.0.0.300", port: 0))
        snapshot.certificates["main"]?.keyPEM = "not a key"
        #expect(
            SnapshotValidator.validate(snapshot) == [
                ConfigFixture.problem("version", #"must be 1 to 128 visible ASCII characters without '"'"#),
                ConfigFixture.problem("certificates.main.key_pem", "must hold a PEM private key"),
                ConfigFixture.problem("endpoints.ghost", #"no service named "ghost""#),
                ConfigFixture.problem(
                    "endpoints.users[2].address", #""10.0.0.300" is not a numeric IPv4 or IPv6 address"#),
                ConfigFixture.problem("endpoints.users[2].port", "must be between 1 and 65535, found 0"),
                ConfigFixture.problem("endpoints.users[2].id", #"duplicate endpoint id "u1""#),
            ])
    }

    @Test func structuralProblemsNameTheResource() {
        let text = """
            {"version": "1.1", "config_version": 1, "generated_at": "now",
             "services": {"users": {"lb": {"polcy": "random"}}},
             "endpoints": {"users": [{"id": "u1", "address": "10.0.0.1"}]},
             "routes": {"r": {"service": 7}}, "extra": true}
            """
        let error = #expect(throws: ConfigError.self) { try SnapshotCodec.decode(Array(text.utf8)) }
        #expect(
            error?.problems == [
                ConfigFixture.problem("services.users.lb.polcy", #"unknown field; did you mean "policy"?"#),
                ConfigFixture.problem("endpoints.users[0].port", "is required"),
                ConfigFixture.problem("routes.r.service", "expected a string, found an integer"),
                ConfigFixture.problem("extra", "unknown field"),
            ])
    }

    @Test func missingHeaderFieldsAreRequired() {
        let error = #expect(throws: ConfigError.self) { try SnapshotCodec.decode(Array("{}".utf8)) }
        #expect(error?.problems.map(\.field) == ["version", "config_version", "generated_at"])
    }

    @Test func drainedEndpointsAndInstanceStyleIdsAreAccepted() {
        var snapshot = sampleSnapshot()
        snapshot.endpoints["users"]?.append(
            EndpointEntry(id: "Users-7f9c:9001", address: "10.0.0.3", port: 1, weight: 0))
        #expect(SnapshotValidator.validate(snapshot) == [])
        #expect(ResourceName.endpointIDProblem("a/b") != nil)
        #expect(ResourceName.problem("users") == nil)
        #expect(ResourceName.problem("Users") != nil)
    }

    @Test func worksThroughFoundationCoders() throws {
        let snapshot = sampleSnapshot()
        let data = try JSONEncoder().encode(snapshot)
        #expect(try JSONDecoder().decode(Snapshot.self, from: data) == snapshot)
    }
}
