import Testing

@testable import Shared

@Suite struct ConfigRouteTests {
    @Test func minimalRouteGetsEveryDefault() throws {
        let route = try ConfigDecoder.decode(RouteSpec.self, from: #"{"service": "users"}"#)
        #expect(route == RouteSpec(action: .service("users")))
        #expect(route.match == RouteMatch())
        #expect(route.priority == 0)
        #expect(route.rewrite == nil)
        #expect(route.requestHeaders.isEmpty && route.responseHeaders.isEmpty)
        #expect(route.requestTimeoutMilliseconds == nil)
        #expect(route.retryAttempts == nil)
        #expect(route.policies == RouteSpec.Policies())
    }

    @Test func contractExampleDecodes() throws {
        let text = """
            {"match": {"hosts": ["api.example.com"], "path_prefix": "/users", "methods": ["GET"]}, "service": "users"}
            """
        let route = try ConfigDecoder.decode(RouteSpec.self, from: text)
        #expect(route.match == RouteMatch(hosts: ["api.example.com"], path: .prefix("/users"), methods: ["GET"]))
    }

    @Test func everyFieldIsReadAndNormalised() throws {
        let text = """
            {"match": {"hosts": ["API.Example.com", "*.example.org"], "path_template": "/users/{id}/files/{rest...}",
                       "methods": ["get", "Post"],
                       "headers": [{"name": "X-Env", "exact": "prod"},
                                   {"name": "x-debug", "present": true, "invert": true},
                                   {"name": "x-v", "prefix": "2."}, {"name": "x-r", "regex": "[a-z]+"}],
                       "query": [{"name": "full", "exact": "1"}, {"name": "trace", "present": true}]},
             "priority": 10, "service": "files",
             "rewrite": {"path_template": "/v2/{id}/{rest}"},
             "request_headers": {"add": {"X-From": "gatehouse"}, "remove": ["Cookie"]},
             "response_headers": {"remove": ["server"]},
             "timeouts": {"request_ms": 3000}, "retries": {"attempts": 0},
             "policies": {"rate_limit": "per-client", "auth": {"groups": ["admins"]}}}
            """
        let route = try ConfigDecoder.decode(RouteSpec.self, from: text)
        #expect(route.match.hosts == ["api.example.com", "*.example.org"])
        #expect(route.match.path == .template("/users/{id}/files/{rest...}"))
        #expect(route.match.methods == ["GET", "POST"])
        #expect(
            route.match.headers == [
                .init(name: "x-env", condition: .exact("prod")),
                .init(name: "x-debug", condition: .present, isInverted: true),
                .init(name: "x-v", condition: .prefix("2.")),
                .init(name: "x-r", condition: .regex("[a-z]+")),
            ])
        #expect(
            route.match.query == [
                .init(name: "full", condition: .exact("1")), .init(name: "trace", condition: .present),
            ])
        #expect(route.priority == 10)
        #expect(route.action == .service("files"))
        #expect(route.rewrite == .template("/v2/{id}/{rest}"))
        #expect(route.requestHeaders == .init(add: ["x-from": "gatehouse"], remove: ["cookie"]))
        #expect(route.responseHeaders == .init(remove: ["server"]))
        #expect(route.requestTimeoutMilliseconds == 3000)
        #expect(route.retryAttempts == 0)
        #expect(route.policies.rateLimit == "per-client")
        #expect(route.policies.auth == .init(consumersRequired: true, groups: ["admins"]))
    }

    @Test func directResponseDefaults() throws {
        let route = try ConfigDecoder.decode(RouteSpec.self, from: #"{"direct_response": {"status": 204}}"#)
        #expect(route.action == .directResponse(.init(status: 204, body: "", contentType: "text/plain; charset=utf-8")))
    }

    @Test func redirectByLocationAndByParts() throws {
        let byLocation = try ConfigDecoder.decode(RouteSpec.self, from: #"{"redirect": {"location": "https://x.io/"}}"#)
        #expect(byLocation.action == .redirect(.init(status: 302, location: "https://x.io/")))
        let text =
            #"{"redirect": {"status": 308, "scheme": "HTTPS", "host": "new.example.com:8443", "strip_query": true}}"#
        let byParts = try ConfigDecoder.decode(RouteSpec.self, from: text)
        #expect(
            byParts.action
                == .redirect(.init(status: 308, scheme: "https", host: "new.example.com:8443", stripsQuery: true)))
        #expect(
            ConfigFixture.decodingProblems(RouteSpec.self, #"{"redirect": {}}"#) == [
                ConfigFixture.problem("redirect", "needs location, or at least one of scheme, host, path")
            ])
    }

    @Test func prefixRewriteNeedsPrefixMatch() throws {
        let text = #"{"match": {"path_prefix": "/api/v1"}, "service": "s", "rewrite": {"path_prefix": "/"}}"#
        #expect(try ConfigDecoder.decode(RouteSpec.self, from: text).rewrite == .prefix("/"))
        let redirect = #"{"redirect": {"path": "/x"}, "rewrite": {"path_prefix": "/"}}"#
        #expect(
            ConfigFixture.decodingProblems(RouteSpec.self, redirect) == [
                ConfigFixture.problem("rewrite", "applies only to routes with a service")
            ])
    }

    @Test func templatesParseIntoSegments() throws {
        let template = try PathTemplate("/users/{id}/orders/{order}")
        #expect(template.segments == [.literal("users"), .capture("id"), .literal("orders"), .capture("order")])
        #expect(try PathTemplate("/files/{path...}").segments == [.literal("files"), .rest("path")])
        #expect(try PathTemplate("/").segments == [.literal("")])
        #expect(try PathTemplate("/a/{id}/{rest...}").captureNames == ["id", "rest"])
    }

    @Test(arguments: [
        ("users/{id}", "must start with '/'"),
        ("/a/{", #"segment "{" must be literal text or a whole {name} capture"#),
        ("/a/x{id}", #"segment "x{id}" must be literal text or a whole {name} capture"#),
        ("/a/{}", #"segment "{}" must be literal text or a whole {name} capture"#),
        ("/a/{1d}", #"capture name "1d" must start with a letter or '_' and hold only letters, digits, '_'"#),
        ("/a/{id}/{id}", "capture {id} appears more than once"),
        ("/{rest...}/x", "{rest...} may only be the last segment"),
    ])
    func badTemplatesAreRefused(_ text: String, _ reason: String) {
        #expect(throws: PathTemplate.ParseError(reason: reason)) { try PathTemplate(text) }
    }

    @Test(arguments: ["example.com", "*.example.com", "a-b.c1.io", "localhost"])
    func goodHostsAreAccepted(_ host: String) {
        #expect(ConfigSyntax.hostPatternProblem(host) == nil)
    }

    @Test(arguments: ["a.*.com", "*", "*example.com", "-a.com", "a..com", "a_b.com", "a.com."])
    func badHostsAreRefused(_ host: String) {
        #expect(ConfigSyntax.hostPatternProblem(host) != nil)
    }

    @Test func headerAdditionsDifferingOnlyInCaseAreRefused() {
        let text = #"{"service": "s", "request_headers": {"add": {"X-A": "1", "x-a": "2"}}}"#
        #expect(
            ConfigFixture.decodingProblems(RouteSpec.self, text) == [
                ConfigFixture.problem("request_headers.add.x-a", "is given twice, ignoring case")
            ])
    }

    @Test func protocolRelativeRedirectLocationIsRefused() {
        #expect(
            ConfigFixture.decodingProblems(RouteSpec.self, #"{"redirect": {"location": "//evil.example/"}}"#) == [
                ConfigFixture.problem(
                    "redirect.location", "must be an http or https URL or a path starting with a single '/'")
            ])
    }

    @Test func headerValuesAndNamesAreChecked() {
        let text = #"{"service": "s", "response_headers": {"add": {"x-a": "1\r\nx-b: 2", "bad name": "v"}}}"#
        #expect(
            ConfigFixture.decodingProblems(RouteSpec.self, text) == [
                ConfigFixture.problem("response_headers.add.bad name", #""bad name" is not a valid header name"#),
                ConfigFixture.problem("response_headers.add.x-a", "header value must not contain CR, LF or NUL"),
            ])
    }
}

@Suite struct ConfigPathTemplateTests {
    @Test func capturesOneSegmentPerName() throws {
        let template = try PathTemplate("/users/{id}/orders/{order}")
        #expect(template.match("/users/7/orders/42") == ["id": "7", "order": "42"])
        #expect(template.match("/users/7/orders") == nil)
        #expect(template.match("/users//orders/42") == nil)
        #expect(template.match("/users/7/orders/42/x") == nil)
        #expect(template.match("/people/7/orders/42") == nil)
        #expect(template.match("users/7/orders/42") == nil)
    }

    @Test func restTakesTheRemainderPossiblyEmpty() throws {
        let template = try PathTemplate("/files/{bucket}/{path...}")
        #expect(template.match("/files/b/a/b/c.txt") == ["bucket": "b", "path": "a/b/c.txt"])
        #expect(template.match("/files/b/") == ["bucket": "b", "path": ""])
        #expect(template.match("/files/b") == ["bucket": "b", "path": ""])
        #expect(template.match("/files") == nil)
    }

    @Test func rendersRewrites() throws {
        let source = try PathTemplate("/api/users/{id}/{rest...}")
        let target = try PathTemplate("/v2/{id}/{rest}")
        let captures = try #require(source.match("/api/users/9/photos/1"))
        #expect(target.render(captures) == "/v2/9/photos/1")
        #expect(try PathTemplate("/").render([:]) == "/")
    }
}
