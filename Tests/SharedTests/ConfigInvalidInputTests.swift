import Testing

@testable import Shared

/// One document that must be refused, and the single problem it must be refused with.
struct ConfigInvalidInput: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable {
        case service, endpoint, route, breakerPolicy, rateLimit, consumer, certificate
    }

    var kind: Kind
    var json: String
    var field: String
    var reason: String

    var testDescription: String {
        "\(kind) \(json)"
    }

    func problems() -> [ConfigError.Problem] {
        switch kind {
        case .service: ConfigFixture.decodingProblems(ServiceSpec.self, json)
        case .endpoint: ConfigFixture.decodingProblems(EndpointSpec.self, json)
        case .route: ConfigFixture.decodingProblems(RouteSpec.self, json)
        case .breakerPolicy: ConfigFixture.decodingProblems(BreakerPolicySpec.self, json)
        case .rateLimit: ConfigFixture.decodingProblems(RateLimitSpec.self, json)
        case .consumer: ConfigFixture.decodingProblems(ConsumerSpec.self, json)
        case .certificate: ConfigFixture.decodingProblems(CertificateSpec.self, json)
        }
    }
}

private let pathMatchers = "path_exact, path_prefix, path_regex, path_template"

private let invalidInputs: [ConfigInvalidInput] = [
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"path_prefx": "/a"}, "service": "s"}"#,
        field: "match.path_prefx", reason: #"unknown field; did you mean "path_prefix"?"#),
    ConfigInvalidInput(
        kind: .service, json: #"{"timeout": {}}"#,
        field: "timeout", reason: #"unknown field; did you mean "timeouts"?"#),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"address": "::1", "port": 80, "colour": "red"}"#,
        field: "colour", reason: "unknown field"),
    ConfigInvalidInput(
        kind: .service, json: #"{"timeouts": {"connect_ms": "1s"}}"#,
        field: "timeouts.connect_ms", reason: "expected an integer, found a string"),
    ConfigInvalidInput(
        kind: .service, json: #"{"lb": "maglev"}"#,
        field: "lb", reason: "expected an object, found a string"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"hosts": "a.com"}, "service": "s"}"#,
        field: "match.hosts", reason: "expected an array, found a string"),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"address": "10.0.0.1", "port": 70000}"#,
        field: "port", reason: "must be between 1 and 65535, found 70000"),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"address": "::1"}"#,
        field: "port", reason: "is required"),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"address": "localhost", "port": 80}"#,
        field: "address", reason: #""localhost" is not a numeric IPv4 or IPv6 address"#),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"address": "10.0.0.1", "port": 80, "weight": 0}"#,
        field: "weight", reason: "must be between 1 and 1000, found 0"),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"address": "10.0.0.1", "port": 80, "ttl_s": 100000}"#,
        field: "ttl_s", reason: "must be between 1 and 86400, found 100000"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"path_exact": "/a", "path_prefix": "/b"}, "service": "s"}"#,
        field: "match.path_prefix", reason: "conflicts with path_exact; set only one of \(pathMatchers)"),
    ConfigInvalidInput(
        kind: .route, json: #"{"service": "s", "redirect": {"location": "/x"}}"#,
        field: "redirect", reason: "conflicts with service; set only one of service, direct_response, redirect"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"path_prefix": "/a"}}"#,
        field: "", reason: "needs one action: service, direct_response or redirect"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"hosts": ["ok.example.com", "a.*.com"]}, "service": "s"}"#,
        field: "match.hosts[1]", reason: "wildcard '*' is allowed only as the whole first label, as in *.example.com"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"path_template": "/a/{"}, "service": "s"}"#,
        field: "match.path_template", reason: #"segment "{" must be literal text or a whole {name} capture"#),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"path_template": "/a/{rest...}/b"}, "service": "s"}"#,
        field: "match.path_template", reason: "{rest...} may only be the last segment"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"methods": ["GE T"]}, "service": "s"}"#,
        field: "match.methods[0]", reason: #""GE T" is not a valid method"#),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"headers": [{"name": "x", "exact": "a", "prefix": "b"}]}, "service": "s"}"#,
        field: "match.headers[0].prefix",
        reason: "conflicts with exact; set only one of exact, prefix, regex, present"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"headers": [{"name": "x", "present": false}]}, "service": "s"}"#,
        field: "match.headers[0].present", reason: "must be true; use invert to match an absent header"),
    ConfigInvalidInput(
        kind: .route, json: #"{"redirect": {"status": 305, "location": "/x"}}"#,
        field: "redirect.status", reason: "must be one of 301, 302, 303, 307, 308, found 305"),
    ConfigInvalidInput(
        kind: .route, json: #"{"direct_response": {"status": 42}}"#,
        field: "direct_response.status", reason: "must be between 200 and 599, found 42"),
    ConfigInvalidInput(
        kind: .route, json: #"{"match": {"path_exact": "/a"}, "service": "s", "rewrite": {"path_prefix": "/b"}}"#,
        field: "rewrite.path_prefix", reason: "requires match.path_prefix"),
    ConfigInvalidInput(
        kind: .route,
        json: #"{"match": {"path_template": "/u/{id}"}, "service": "s", "rewrite": {"path_template": "/v/{x}"}}"#,
        field: "rewrite.path_template", reason: "uses {x}, which match.path_template does not capture"),
    ConfigInvalidInput(
        kind: .service, json: #"{"lb": {"policy": "fastest"}}"#,
        field: "lb.policy",
        reason: #"unknown value "fastest"; expected one of round_robin, least_request, random, ring_hash, maglev"#),
    ConfigInvalidInput(
        kind: .service, json: #"{"lb": {"hash_on": "client_address"}}"#,
        field: "lb.hash_on", reason: "applies only to ring_hash and maglev"),
    ConfigInvalidInput(
        kind: .service, json: #"{"retries": {"attempts": 11}}"#,
        field: "retries.attempts", reason: "must be between 0 and 10, found 11"),
    ConfigInvalidInput(
        kind: .service, json: #"{"retries": {"on": ["5xx", "teapot"]}}"#,
        field: "retries.on[1]",
        reason: #"unknown value "teapot"; expected one of 5xx, gateway_error, connect_failure, timeout, reset"#),
    ConfigInvalidInput(
        kind: .service, json: #"{"retries": {"per_try_timeout_ms": 20000}}"#,
        field: "retries.per_try_timeout_ms", reason: "must be between 1 and 15000, found 20000"),
    ConfigInvalidInput(
        kind: .service, json: #"{"health_check": {}}"#,
        field: "health_check.path", reason: "is required"),
    ConfigInvalidInput(
        kind: .service, json: #"{"health_check": {"path": "/h", "expected_statuses": ["600"]}}"#,
        field: "health_check.expected_statuses[0]", reason: "statuses must be between 100 and 599"),
    ConfigInvalidInput(
        kind: .service, json: #"{"protocol": "http3"}"#,
        field: "protocol", reason: #"unknown value "http3"; expected one of http1, h2, grpc"#),
    ConfigInvalidInput(
        kind: .breakerPolicy, json: #"{"failure_rate": 0}"#,
        field: "failure_rate", reason: "must be greater than 0 and at most 1, found 0"),
    ConfigInvalidInput(
        kind: .breakerPolicy, json: #"{"failure_rate": 1.5}"#,
        field: "failure_rate", reason: "must be greater than 0 and at most 1, found 1.5"),
    ConfigInvalidInput(
        kind: .breakerPolicy, json: #"{"open_s": 5, "max_open_s": 2}"#,
        field: "max_open_s", reason: "must be between 5 and 86400, found 2"),
    // An open time beyond the largest maximum is a problem to report, not a range that cannot be formed.
    ConfigInvalidInput(
        kind: .breakerPolicy, json: #"{"open_s": 9223372036854775807, "max_open_s": 86400}"#,
        field: "open_s", reason: "must be between 1 and 3600, found 9223372036854775807"),
    ConfigInvalidInput(
        kind: .rateLimit, json: "{}",
        field: "requests_per_s", reason: "is required"),
    ConfigInvalidInput(
        kind: .rateLimit, json: #"{"requests_per_s": 5, "key": "ip"}"#,
        field: "key", reason: #"unknown value "ip"; expected "client_address", "consumer" or "header:NAME""#),
    ConfigInvalidInput(
        kind: .consumer, json: #"{"api_key_hashes": ["secret"]}"#,
        field: "api_key_hashes[0]", reason: "must be a SHA-256 digest as 64 hexadecimal digits"),
    ConfigInvalidInput(
        kind: .certificate, json: #"{"cert_pem": "-----BEGIN CERTIFICATE-----", "snis": []}"#,
        field: "snis", reason: "must list at least one server name"),
    ConfigInvalidInput(
        kind: .service, json: "[]",
        field: "", reason: "expected an object, found an array"),
    ConfigInvalidInput(
        kind: .service, json: #"{"lb": }"#,
        field: "", reason: "invalid JSON at byte 7: expected a value"),
    ConfigInvalidInput(
        kind: .endpoint, json: #"{"port": 1, "port": 2}"#,
        field: "", reason: #"invalid JSON at byte 12: duplicate key "port""#),
]

@Suite struct ConfigInvalidInputTests {
    @Test(arguments: invalidInputs)
    func isRefusedWithExactFieldAndReason(_ input: ConfigInvalidInput) {
        #expect(input.problems() == [ConfigFixture.problem(input.field, input.reason)])
    }

    @Test func badRegexNamesTheFieldAndTheCompilerError() {
        let problems = ConfigFixture.decodingProblems(
            RouteSpec.self, #"{"match": {"path_regex": "/a(["}, "service": "s"}"#)
        #expect(problems.count == 1)
        #expect(problems.first?.field == "match.path_regex")
        #expect(problems.first?.reason.hasPrefix("is not a valid regular expression: ") == true)
    }

    @Test func badHeaderRegexNamesTheCondition() {
        let text = #"{"match": {"headers": [{"name": "x-a", "regex": "(("}]}, "service": "s"}"#
        #expect(ConfigFixture.decodingProblems(RouteSpec.self, text).map(\.field) == ["match.headers[0].regex"])
    }

    @Test func everyProblemOfOneDocumentIsReported() {
        let text = #"{"lb": {"policy": 3}, "timeouts": {"connect_ms": "x", "request_sm": 1}, "protocl": "h2"}"#
        #expect(
            ConfigFixture.decodingProblems(ServiceSpec.self, text) == [
                ConfigFixture.problem("lb.policy", "expected a string, found an integer"),
                ConfigFixture.problem("timeouts.connect_ms", "expected an integer, found a string"),
                ConfigFixture.problem("timeouts.request_sm", #"unknown field; did you mean "request_ms"?"#),
                ConfigFixture.problem("protocl", #"unknown field; did you mean "protocol"?"#),
            ])
    }

    @Test func rangeProblemsAreAllReportedOnceTypesAreRight() {
        let text = #"{"timeouts": {"connect_ms": 0, "idle_ms": -1}, "retries": {"budget_percent": 101}}"#
        #expect(
            ConfigFixture.decodingProblems(ServiceSpec.self, text) == [
                ConfigFixture.problem("timeouts.connect_ms", "must be between 1 and 600000, found 0"),
                ConfigFixture.problem("timeouts.idle_ms", "must be between 1 and 3600000, found -1"),
                ConfigFixture.problem("retries.budget_percent", "must be between 0 and 100, found 101"),
            ])
    }

    @Test func errorDescribesItselfAndHasAStableShortName() {
        let json = #expect(throws: ConfigError.self) { try ConfigDecoder.decode(ServiceSpec.self, from: "{") }
        #expect(json?.shortDescription == "invalid_json")
        let config = #expect(throws: ConfigError.self) {
            try ConfigDecoder.decode(EndpointSpec.self, from: #"{"address": "x", "port": 0}"#)
        }
        #expect(config?.shortDescription == "invalid_config")
        #expect(
            config?.description == """
                address: "x" is not a numeric IPv4 or IPv6 address
                port: must be between 1 and 65535, found 0
                """)
    }
}
