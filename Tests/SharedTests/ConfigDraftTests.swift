import Testing

@testable import Shared

@Suite struct ConfigDraftTests {
    private func validDraft() -> Draft {
        Draft(
            services: ["users": ServiceSpec(breakerPolicy: "default")],
            routes: [
                "users": RouteSpec(
                    match: RouteMatch(path: .prefix("/users")),
                    action: .service("users"),
                    policies: .init(rateLimit: "per-client", auth: .init(groups: ["staff"]))),
                "health": RouteSpec(
                    match: RouteMatch(path: .exact("/healthz")), action: .directResponse(.init(status: 200))),
            ],
            breakerPolicies: ["default": BreakerPolicySpec()],
            rateLimits: ["per-client": RateLimitSpec(requestsPerSecond: 10)],
            consumers: ["alice": ConsumerSpec(groups: ["staff"])],
            certificates: [
                "main": CertificateSpec(certificatePEM: ConfigFixture.certificatePEM, serverNames: ["api.example.com"])
            ]
        )
    }

    @Test func validDraftHasNoProblems() {
        #expect(DraftValidator.validate(validDraft()) == [])
    }

    @Test func findsEveryProblemAtOnce() {
        var draft = validDraft()
        draft.services["users"]?.breakerPolicy = "strict"
        draft.services["Bad Name"] = ServiceSpec()
        draft.routes["users"]?.action = .service("userz")
        draft.routes["users"]?.policies.rateLimit = "per-user"
        draft.routes["search"] = RouteSpec(match: RouteMatch(path: .regex("/s(")), action: .service("users"))
        draft.routes["files"] = RouteSpec(match: RouteMatch(path: .template("/f/{")), action: .service("users"))
        draft.routes["moved"] = RouteSpec(action: .redirect(.init(status: 200, location: "/new")))
        draft.routes["users-again"] = RouteSpec(match: RouteMatch(path: .prefix("/users")), action: .service("users"))
        draft.certificates["other"] = CertificateSpec(
            certificatePEM: ConfigFixture.certificatePEM, serverNames: ["api.example.com"])

        let problems = DraftValidator.validate(draft)
        let byField = Dictionary(problems.map { ($0.field, $0.reason) }) { first, _ in first }
        #expect(byField["routes.users.service"] == #"no service named "userz""#)
        #expect(byField["services.users.breaker_policy"] == #"no breaker policy named "strict""#)
        #expect(byField["routes.users.policies.rate_limit"] == #"no rate limit named "per-user""#)
        #expect(byField["routes.search.match.path_regex"]?.hasPrefix("is not a valid regular expression") == true)
        #expect(
            byField["routes.files.match.path_template"]
                == #"segment "{" must be literal text or a whole {name} capture"#)
        #expect(byField["routes.moved.redirect.status"] == "must be one of 301, 302, 303, 307, 308, found 200")
        #expect(byField["routes.users-again.match"] == #"has the same match and priority as route "users""#)
        #expect(byField["certificates.other.snis[0]"] == #""api.example.com" is already served by certificate "main""#)
        #expect(byField["services.Bad Name"]?.hasPrefix(#"invalid name "Bad Name""#) == true)
        #expect(problems.count == 9)
    }

    @Test func routesDifferingOnlyInPriorityOrOrderAreHandledApart() {
        var draft = validDraft()
        draft.routes["users-get"] = RouteSpec(
            match: RouteMatch(hosts: ["b.io", "a.io"], path: .prefix("/users"), methods: ["GET", "HEAD"]),
            action: .service("users"))
        draft.routes["users-get-2"] = RouteSpec(
            match: RouteMatch(hosts: ["a.io", "b.io"], path: .prefix("/users"), methods: ["HEAD", "GET"]),
            action: .service("users"))
        draft.routes["users-urgent"] = RouteSpec(
            match: RouteMatch(path: .prefix("/users")), priority: 5, action: .service("users"))
        #expect(
            DraftValidator.validate(draft) == [
                ConfigFixture.problem(
                    "routes.users-get-2.match", #"has the same match and priority as route "users-get""#)
            ])
    }

    @Test func authGroupsMustBelongToSomeConsumer() {
        var draft = validDraft()
        draft.consumers = [:]
        #expect(
            DraftValidator.validate(draft) == [
                ConfigFixture.problem("routes.users.policies.auth.groups[0]", #"no consumer belongs to group "staff""#)
            ])
    }

    @Test func resourcesBuiltInCodeAreCheckedLikeDecodedOnes() {
        var draft = validDraft()
        draft.services["users"]?.timeouts.connectMilliseconds = 0
        draft.breakerPolicies["default"]?.failureRate = 2
        #expect(
            DraftValidator.validate(draft) == [
                ConfigFixture.problem("services.users.timeouts.connect_ms", "must be between 1 and 600000, found 0"),
                ConfigFixture.problem(
                    "breaker_policies.default.failure_rate", "must be greater than 0 and at most 1, found 2"),
            ])
    }

    @Test func draftHashIsIndependentOfInsertionOrder() {
        var first = Draft()
        first.services["a"] = ServiceSpec()
        first.services["b"] = ServiceSpec(upstreamProtocol: .h2)
        var second = Draft()
        second.services["b"] = ServiceSpec(upstreamProtocol: .h2)
        second.services["a"] = ServiceSpec()
        #expect(
            ContentHash.sha256Hex(first.jsonValue.canonicalBytes)
                == ContentHash.sha256Hex(second.jsonValue.canonicalBytes))
    }
}

@Suite struct ConfigDraftDecodingTests {
    @Test func draftRoundTripsThroughItsJSON() throws {
        let draft = Draft(
            services: ["users": ServiceSpec(upstreamProtocol: .grpc)],
            routes: ["users": RouteSpec(action: .service("users"))],
            rateLimits: ["slow": RateLimitSpec(requestsPerSecond: 2)])
        let bytes = draft.jsonValue.canonicalBytes
        let decoded = try Draft(json: ConfigDecoder.parse(bytes))
        #expect(decoded == draft)
        #expect(decoded.jsonValue.canonicalBytes == bytes)
    }

    @Test func draftProblemsNameKindAndResource() {
        let text = #"{"services": {"users": {"retries": {"attempts": -1}}}, "route": {}}"#
        let error = #expect(throws: ConfigError.self) { try Draft(json: ConfigDecoder.parse(Array(text.utf8))) }
        #expect(
            error?.problems == [
                ConfigFixture.problem("services.users.retries.attempts", "must be between 0 and 10, found -1"),
                ConfigFixture.problem("route", #"unknown field; did you mean "routes"?"#),
            ])
    }
}

@Suite struct ConfigDraftHashTests {
    @Test func hashChangesWithContentOnly() {
        let first = Draft(services: ["a": ServiceSpec(), "b": ServiceSpec()])
        var second = Draft(services: ["b": ServiceSpec()])
        second.services["a"] = ServiceSpec()
        #expect(first.contentHash == second.contentHash)
        #expect(first.contentHash.utf8.count == 64)
        second.services["a"]?.timeouts.idleMilliseconds = 1
        #expect(first.contentHash != second.contentHash)
    }
}
