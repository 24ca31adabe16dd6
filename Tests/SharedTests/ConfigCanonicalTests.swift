import Testing

@testable import Shared

@Suite struct ConfigCanonicalTests {
    private let routeText = """
        {"service": "files", "priority": 3,
         "match": {"path_template": "/u/{id}/{rest...}", "hosts": ["*.example.com"], "methods": ["GET"],
                   "headers": [{"name": "x-env", "exact": "prod"}], "query": [{"name": "q", "present": true}]},
         "rewrite": {"path_template": "/v2/{id}/{rest}"},
         "request_headers": {"add": {"b": "2", "a": "1"}, "remove": ["cookie"]},
         "timeouts": {"request_ms": 2500}, "retries": {"attempts": 3},
         "policies": {"rate_limit": "rl", "auth": {"consumers_required": false, "groups": ["g"]}}}
        """

    private let reorderedRouteText = """
        {"policies": {"auth": {"groups": ["g"], "consumers_required": false}, "rate_limit": "rl"},
         "retries": {"attempts": 3}, "timeouts": {"request_ms": 2500},
         "request_headers": {"remove": ["cookie"], "add": {"a": "1", "b": "2"}},
         "rewrite": {"path_template": "/v2/{id}/{rest}"},
         "match": {"query": [{"present": true, "name": "q"}], "headers": [{"exact": "prod", "name": "x-env"}],
                   "methods": ["GET"], "hosts": ["*.example.com"], "path_template": "/u/{id}/{rest...}"},
         "priority": 3, "service": "files"}
        """

    private func roundTrip<Resource: ConfigResource>(_ type: Resource.Type, _ text: String) throws -> [UInt8] {
        let first = try ConfigDecoder.decode(type, from: text)
        let firstBytes = ConfigEncoder.canonicalJSON(first)
        let second = try ConfigDecoder.decode(type, from: firstBytes)
        let secondBytes = ConfigEncoder.canonicalJSON(second)
        #expect(second == first)
        #expect(secondBytes == firstBytes)
        return firstBytes
    }

    @Test func routeEncodingIsStable() throws {
        _ = try roundTrip(RouteSpec.self, routeText)
    }

    @Test func keyOrderOfTheInputDoesNotMatter() throws {
        let first = try roundTrip(RouteSpec.self, routeText)
        let second = try roundTrip(RouteSpec.self, reorderedRouteText)
        #expect(first == second)
        #expect(ContentHash.sha256Hex(first) == ContentHash.sha256Hex(second))
    }

    @Test func everySpecIsStable() throws {
        _ = try roundTrip(
            ServiceSpec.self, #"{"lb": {"policy": "ring_hash"}, "health_check": {"path": "/h"}, "tls": {}}"#)
        _ = try roundTrip(EndpointSpec.self, #"{"address": "::1", "port": 8, "labels": {"z": "a", "b": "c"}}"#)
        _ = try roundTrip(BreakerPolicySpec.self, #"{"failure_rate": 0.3}"#)
        _ = try roundTrip(RateLimitSpec.self, #"{"requests_per_s": 2.5, "key": "header:x-k"}"#)
        _ = try roundTrip(ConsumerSpec.self, #"{"groups": ["a"], "jwt_subjects": []}"#)
        _ = try roundTrip(
            CertificateSpec.self, #"{"cert_pem": "\#(ConfigFixture.certificatePEMInJSON)", "snis": ["a.io"]}"#)
        _ = try roundTrip(RouteSpec.self, #"{"redirect": {"host": "b.io"}}"#)
        _ = try roundTrip(RouteSpec.self, #"{"direct_response": {"status": 503, "body": "down"}}"#)
    }

    @Test func defaultsAreWrittenOut() throws {
        let service = try ConfigDecoder.decode(ServiceSpec.self, from: "{}")
        let text = String(decoding: ConfigEncoder.canonicalJSON(service), as: UTF8.self)
        #expect(
            text
                == #"{"lb":{"policy":"round_robin"},"protocol":"http1","retries":{"attempts":1,"budget_percent":20,"#
                + #""on":["connect_failure","reset"]},"#
                + #""timeouts":{"connect_ms":1000,"idle_ms":60000,"request_ms":15000}}"#
        )
        #expect(try ConfigDecoder.decode(ServiceSpec.self, from: text) == service)
    }

    @Test func writingDefaultsExplicitlyGivesTheSameBytes() throws {
        let implicit = try ConfigDecoder.decode(BreakerPolicySpec.self, from: "{}")
        let explicit = try ConfigDecoder.decode(
            BreakerPolicySpec.self, from: #"{"failure_rate": 0.5, "min_requests": 20, "max_retries_in_flight": 3}"#)
        #expect(ConfigEncoder.canonicalJSON(implicit) == ConfigEncoder.canonicalJSON(explicit))
    }
}
