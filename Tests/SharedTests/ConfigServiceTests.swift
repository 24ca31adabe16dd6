import FoundationEssentials
import Testing

@testable import Shared

@Suite struct ConfigServiceTests {
    @Test func emptyObjectGetsEveryDefault() throws {
        let service = try ConfigDecoder.decode(ServiceSpec.self, from: "{}")
        #expect(service == ServiceSpec())
        #expect(service.loadBalancing.policy == .roundRobin)
        #expect(service.loadBalancing.hashOn == nil)
        #expect(service.timeouts.connectMilliseconds == 1000)
        #expect(service.timeouts.requestMilliseconds == 15000)
        #expect(service.timeouts.idleMilliseconds == 60000)
        #expect(service.retries.attempts == 1)
        #expect(service.retries.conditions == [.connectFailure, .reset])
        #expect(service.retries.perTryTimeoutMilliseconds == nil)
        #expect(service.retries.budgetPercent == 20)
        #expect(service.healthCheck == nil)
        #expect(service.upstreamProtocol == .http1)
        #expect(service.tls == nil)
        #expect(service.breakerPolicy == nil)
    }

    @Test func everyFieldIsRead() throws {
        let text = """
            {"lb": {"policy": "ring_hash", "hash_on": "header:X-User"}, "breaker_policy": "default",
             "timeouts": {"connect_ms": 250, "request_ms": 5000, "idle_ms": 30000},
             "retries": {"attempts": 3, "on": ["5xx", "reset"], "per_try_timeout_ms": 1000, "budget_percent": 50},
             "health_check": {"path": "/healthz", "expected_statuses": ["200", "204-299", 301]},
             "protocol": "h2", "tls": {"sni": "Users.Internal", "ca": "internal-ca", "verify": false}}
            """
        let service = try ConfigDecoder.decode(ServiceSpec.self, from: text)
        #expect(service.loadBalancing == .init(policy: .ringHash, hashOn: .header("x-user")))
        #expect(service.breakerPolicy == "default")
        #expect(service.timeouts == .init(connectMilliseconds: 250, requestMilliseconds: 5000, idleMilliseconds: 30000))
        #expect(
            service.retries
                == .init(
                    attempts: 3, conditions: [.serverError, .reset], perTryTimeoutMilliseconds: 1000, budgetPercent: 50)
        )
        #expect(service.healthCheck == .init(path: "/healthz", expectedStatuses: [200...200, 204...299, 301...301]))
        #expect(service.healthCheck?.intervalMilliseconds == 5000)
        #expect(service.healthCheck?.timeoutMilliseconds == 1000)
        #expect(service.healthCheck?.healthyThreshold == 2)
        #expect(service.healthCheck?.unhealthyThreshold == 3)
        #expect(service.upstreamProtocol == .h2)
        #expect(
            service.tls
                == .init(
                    isEnabled: true, serverName: "users.internal", certificateAuthority: "internal-ca",
                    verifiesPeer: false))
    }

    @Test func hashingPolicyDefaultsToClientAddress() throws {
        let service = try ConfigDecoder.decode(ServiceSpec.self, from: #"{"lb": {"policy": "maglev"}}"#)
        #expect(service.loadBalancing.hashOn == .clientAddress)
    }

    @Test func worksThroughFoundationCoders() throws {
        let text = #"{"lb": {"policy": "least_request"}, "retries": {"attempts": 2}}"#
        let service = try JSONDecoder().decode(ServiceSpec.self, from: Data(text.utf8))
        #expect(service.loadBalancing.policy == .leastRequest)
        let bytes = try JSONEncoder().encode(service)
        #expect(try ConfigDecoder.decode(ServiceSpec.self, from: Array(bytes)) == service)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ServiceSpec.self, from: Data(#"{"lb": 3}"#.utf8))
        }
    }
}
