import Testing

@testable import Shared

@Suite struct ConfigPolicyTests {
    @Test func endpointDefaultsAndContractExample() throws {
        let endpoint = try ConfigDecoder.decode(
            EndpointSpec.self, from: #"{"address": "127.0.0.1", "port": 9001, "weight": 1, "ttl_s": 30}"#)
        #expect(endpoint == EndpointSpec(address: "127.0.0.1", port: 9001, weight: 1, ttlSeconds: 30))
        let minimal = try ConfigDecoder.decode(EndpointSpec.self, from: #"{"address": "fd00::7", "port": 80}"#)
        #expect(minimal.weight == 1 && minimal.ttlSeconds == nil && minimal.labels.isEmpty)
        let labelled = try ConfigDecoder.decode(
            EndpointSpec.self, from: #"{"address": "::1", "port": 1, "labels": {"zone": "a"}}"#)
        #expect(labelled.labels == ["zone": "a"])
    }

    @Test(arguments: ["10.0.0.1\u{0}x", "10.0.0.1:80", "[::1]", "fe80::1%eth0", "1.2.3", "example.com", ""])
    func endpointAddressesMustBeNumeric(_ address: String) {
        #expect(!ConfigSyntax.isNumericAddress(address))
    }

    @Test(arguments: ["10.0.0.1", "0.0.0.0", "::1", "fd00::7", "::ffff:10.0.0.1"])
    func numericAddressesAreAccepted(_ address: String) {
        #expect(ConfigSyntax.isNumericAddress(address))
    }

    @Test func breakerPolicyDefaults() throws {
        let policy = try ConfigDecoder.decode(BreakerPolicySpec.self, from: "{}")
        #expect(policy == BreakerPolicySpec())
        #expect(policy.failureRate == 0.5)
        #expect(policy.minimumRequests == 20)
        #expect(policy.windowSeconds == 10)
        #expect(policy.consecutiveFailures == 5)
        #expect(policy.openSeconds == 5)
        #expect(policy.maximumOpenSeconds == 60)
        #expect(policy.halfOpenRequests == 3)
        #expect(policy.failureOn == [.serverError, .connectFailure, .timeout, .reset])
        #expect(policy.maximumConcurrentRequests == 1024)
        #expect(policy.maximumPendingRequests == 1024)
        #expect(policy.maximumConnectionsPerEndpoint == 1024)
        #expect(policy.maximumRetriesInFlight == 3)
    }

    @Test func breakerPolicyContractExample() throws {
        let text = """
            {"failure_rate": 0.25, "min_requests": 50, "window_s": 30, "open_s": 10, "half_open_requests": 1,
             "max_concurrent_requests": 64, "consecutive_failures": 0, "failure_on": ["gateway_error"]}
            """
        let policy = try ConfigDecoder.decode(BreakerPolicySpec.self, from: text)
        #expect(policy.failureRate == 0.25)
        #expect(policy.minimumRequests == 50)
        #expect(policy.windowSeconds == 30)
        #expect(policy.openSeconds == 10)
        #expect(policy.halfOpenRequests == 1)
        #expect(policy.maximumConcurrentRequests == 64)
        #expect(policy.consecutiveFailures == 0)
        #expect(policy.failureOn == [.gatewayError])
    }

    @Test func failureRateOfOneAcceptsAnInteger() throws {
        #expect(try ConfigDecoder.decode(BreakerPolicySpec.self, from: #"{"failure_rate": 1}"#).failureRate == 1)
    }

    @Test func rateLimitBurstDefaultsToTheRate() throws {
        let limit = try ConfigDecoder.decode(RateLimitSpec.self, from: #"{"requests_per_s": 50}"#)
        #expect(limit == RateLimitSpec(requestsPerSecond: 50, burst: 50, key: .clientAddress))
        let slow = try ConfigDecoder.decode(RateLimitSpec.self, from: #"{"requests_per_s": 0.5}"#)
        #expect(slow.burst == 1)
        let byHeader = try ConfigDecoder.decode(
            RateLimitSpec.self, from: #"{"requests_per_s": 5, "burst": 20, "key": "header:X-Tenant"}"#)
        #expect(byHeader.key == .header("x-tenant") && byHeader.burst == 20)
        let byConsumer = try ConfigDecoder.decode(
            RateLimitSpec.self, from: #"{"requests_per_s": 5, "key": "consumer"}"#)
        #expect(byConsumer.key == .consumer)
    }

    @Test func consumerDefaultsAndHashes() throws {
        #expect(try ConfigDecoder.decode(ConsumerSpec.self, from: "{}") == ConsumerSpec())
        let hash = ContentHash.sha256Hex(Array("key-1".utf8))
        let text = #"{"groups": ["partners"], "api_key_hashes": ["\#(hash.uppercased())"], "jwt_subjects": ["svc"]}"#
        let consumer = try ConfigDecoder.decode(ConsumerSpec.self, from: text)
        #expect(consumer == ConsumerSpec(groups: ["partners"], apiKeyHashes: [hash], jwtSubjects: ["svc"]))
    }

    @Test func certificateSpecRefusesAKeyAndBundleNeedsOne() throws {
        let text =
            #"{"cert_pem": "\#(ConfigFixture.certificatePEMInJSON)", "snis": ["API.example.com", "*.example.com"]}"#
        let certificate = try ConfigDecoder.decode(CertificateSpec.self, from: text)
        #expect(certificate.serverNames == ["api.example.com", "*.example.com"])

        let withKey = #"{"cert_pem": "\#(ConfigFixture.certificatePEMInJSON)", "key_pem": "k", "snis": ["a.io"]}"#
        #expect(
            ConfigFixture.decodingProblems(CertificateSpec.self, withKey) == [
                ConfigFixture.problem("key_pem", "unknown field")
            ])

        let bundleText = """
            {"cert_pem": "\(ConfigFixture.certificatePEMInJSON)", "key_pem": "\(ConfigFixture.keyPEMInJSON)",
             "snis": ["a.io"]}
            """
        let bundle = try ConfigDecoder.decode(CertificateBundle.self, from: bundleText)
        #expect(bundle.keyPEM == ConfigFixture.keyPEM)
        #expect(!bundle.description.contains("PRIVATE"))
        #expect(
            ConfigFixture.decodingProblems(CertificateBundle.self, withKey) == [
                ConfigFixture.problem("key_pem", "must hold a PEM private key")
            ])
    }
}
