import Testing

@testable import DataPlane
@testable import Shared

/// A request as the route table sees it.
private struct Probe {
    var method = "GET"
    var host = "api.test"
    var path: String
    var query = ""
    var headers: [String: String] = [:]
}

/// Route tables built from JSON, as the control plane would send them.
private enum Routes {
    /// A table compiled from routes given as JSON objects, by name.
    static func table(_ routes: [String: String]) throws -> RouteTable {
        var specs: [String: RouteSpec] = [:]
        for (name, text) in routes {
            specs[name] = try ConfigDecoder.decode(RouteSpec.self, from: text)
        }
        return try RouteTable(specs)
    }

    /// The name of the route taking `probe`, or nil when none does.
    static func winner(_ table: RouteTable, _ probe: Probe) -> String? {
        match(table, probe)?.route.name
    }

    static func match(_ table: RouteTable, _ probe: Probe) -> RouteTable.Match? {
        table.match(
            method: probe.method, host: probe.host, path: Substring(probe.path), query: Substring(probe.query),
            header: { probe.headers[$0] })
    }

    /// Whether a table holding only `route` takes `probe`.
    static func takes(_ route: String, _ probe: Probe) throws -> Bool {
        winner(try table(["only": route]), probe) == "only"
    }
}

@Suite struct RouteTableTests {
    // MARK: Hosts

    @Test func exactHostMatchesOnlyThatName() throws {
        let route = #"{"match": {"hosts": ["API.Example.com"]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(host: "api.example.com", path: "/")))
        #expect(try !Routes.takes(route, Probe(host: "www.example.com", path: "/")))
        #expect(try !Routes.takes(route, Probe(host: "example.com", path: "/")))
    }

    @Test func wildcardHostMatchesSubdomainsButNotTheDomain() throws {
        let route = #"{"match": {"hosts": ["*.example.com"]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(host: "a.example.com", path: "/")))
        #expect(try Routes.takes(route, Probe(host: "a.b.example.com", path: "/")))
        #expect(try !Routes.takes(route, Probe(host: "example.com", path: "/")))
        #expect(try !Routes.takes(route, Probe(host: "aexample.com", path: "/")))
        #expect(try !Routes.takes(route, Probe(host: "a.example.org", path: "/")))
    }

    @Test func anyOfSeveralHostsIsEnough() throws {
        let route = #"{"match": {"hosts": ["a.test", "*.b.test"]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(host: "a.test", path: "/")))
        #expect(try Routes.takes(route, Probe(host: "x.b.test", path: "/")))
        #expect(try !Routes.takes(route, Probe(host: "c.test", path: "/")))
    }

    // MARK: Paths

    @Test func prefixMatchesOnSegmentBoundaries() throws {
        let route = #"{"match": {"path_prefix": "/users"}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/users")))
        #expect(try Routes.takes(route, Probe(path: "/users/")))
        #expect(try Routes.takes(route, Probe(path: "/users/7")))
        #expect(try Routes.takes(route, Probe(path: "/users/7/orders")))
        #expect(try !Routes.takes(route, Probe(path: "/usersx")))
        #expect(try !Routes.takes(route, Probe(path: "/user")))
        #expect(try !Routes.takes(route, Probe(path: "/")))
    }

    @Test func prefixEndingInSlashTakesOnlyWhatIsBelowIt() throws {
        let route = #"{"match": {"path_prefix": "/static/"}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/static/")))
        #expect(try Routes.takes(route, Probe(path: "/static/app.js")))
        #expect(try !Routes.takes(route, Probe(path: "/static")))
        #expect(try Routes.takes(#"{"match": {"path_prefix": "/"}, "service": "s"}"#, Probe(path: "/anything")))
    }

    @Test func exactPathMatchesOnlyItself() throws {
        let route = #"{"match": {"path_exact": "/health"}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/health")))
        #expect(try !Routes.takes(route, Probe(path: "/health/")))
        #expect(try !Routes.takes(route, Probe(path: "/healthz")))
        #expect(try !Routes.takes(route, Probe(path: "/Health")))
    }

    @Test func templateCapturesOneSegmentPerName() throws {
        let table = try Routes.table([
            "orders": #"{"match": {"path_template": "/users/{id}/orders/{order}"}, "service": "s"}"#
        ])
        let match = try #require(Routes.match(table, Probe(path: "/users/7/orders/42")))
        #expect(match.captures == ["id": "7", "order": "42"])
        #expect(Routes.match(table, Probe(path: "/users//orders/42")) == nil)
        #expect(Routes.match(table, Probe(path: "/users/7/orders/42/items")) == nil)
        #expect(Routes.match(table, Probe(path: "/users/7/orders")) == nil)
        #expect(Routes.match(table, Probe(path: "/accounts/7/orders/42")) == nil)
    }

    @Test func templateRestCaptureTakesTheRemainder() throws {
        let table = try Routes.table(["files": #"{"match": {"path_template": "/files/{rest...}"}, "service": "s"}"#])
        #expect(Routes.match(table, Probe(path: "/files/a/b/c.txt"))?.captures == ["rest": "a/b/c.txt"])
        #expect(Routes.match(table, Probe(path: "/files"))?.captures == ["rest": ""])
        #expect(Routes.match(table, Probe(path: "/filesx/a")) == nil)
    }

    @Test func regexMustMatchTheWholePath() throws {
        let route = #"{"match": {"path_regex": "/v[0-9]+/items"}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/v1/items")))
        #expect(try Routes.takes(route, Probe(path: "/v22/items")))
        #expect(try !Routes.takes(route, Probe(path: "/v1/items/9")))
        #expect(try !Routes.takes(route, Probe(path: "/api/v1/items")))
        #expect(try !Routes.takes(route, Probe(path: "/vx/items")))
    }

    // MARK: Methods, headers, query

    @Test func methodsAreAnyOfTheListed() throws {
        let route = #"{"match": {"methods": ["GET", "post"]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(method: "GET", path: "/")))
        #expect(try Routes.takes(route, Probe(method: "POST", path: "/")))
        #expect(try !Routes.takes(route, Probe(method: "DELETE", path: "/")))
    }

    @Test func headerExactComparesTheWholeValueWithCase() throws {
        let route = #"{"match": {"headers": [{"name": "X-Env", "exact": "prod"}]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/", headers: ["x-env": "prod"])))
        #expect(try !Routes.takes(route, Probe(path: "/", headers: ["x-env": "Prod"])))
        #expect(try !Routes.takes(route, Probe(path: "/", headers: ["x-env": "production"])))
        #expect(try !Routes.takes(route, Probe(path: "/")))
    }

    @Test func headerPrefixAndPresence() throws {
        let prefix = #"{"match": {"headers": [{"name": "x-version", "prefix": "2."}]}, "service": "s"}"#
        #expect(try Routes.takes(prefix, Probe(path: "/", headers: ["x-version": "2.1"])))
        #expect(try !Routes.takes(prefix, Probe(path: "/", headers: ["x-version": "12.1"])))
        #expect(try !Routes.takes(prefix, Probe(path: "/")))

        let present = #"{"match": {"headers": [{"name": "x-debug", "present": true}]}, "service": "s"}"#
        #expect(try Routes.takes(present, Probe(path: "/", headers: ["x-debug": ""])))
        #expect(try !Routes.takes(present, Probe(path: "/", headers: ["x-other": "1"])))
    }

    @Test func headerRegexMatchesTheWholeValue() throws {
        let route = #"{"match": {"headers": [{"name": "x-user", "regex": "[a-z]+"}]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/", headers: ["x-user": "alice"])))
        #expect(try !Routes.takes(route, Probe(path: "/", headers: ["x-user": "alice7"])))
        #expect(try !Routes.takes(route, Probe(path: "/")))
    }

    @Test func invertedHeaderConditionsApplyWhenTheConditionFails() throws {
        let notProd = #"{"match": {"headers": [{"name": "x-env", "exact": "prod", "invert": true}]}, "service": "s"}"#
        #expect(try Routes.takes(notProd, Probe(path: "/", headers: ["x-env": "staging"])))
        #expect(try Routes.takes(notProd, Probe(path: "/")))
        #expect(try !Routes.takes(notProd, Probe(path: "/", headers: ["x-env": "prod"])))

        let absent = #"{"match": {"headers": [{"name": "x-debug", "present": true, "invert": true}]}, "service": "s"}"#
        #expect(try Routes.takes(absent, Probe(path: "/")))
        #expect(try !Routes.takes(absent, Probe(path: "/", headers: ["x-debug": "1"])))
    }

    @Test func everyHeaderConditionMustHold() throws {
        let route = """
            {"match": {"headers": [{"name": "x-a", "exact": "1"}, {"name": "x-b", "present": true}]}, "service": "s"}
            """
        #expect(try Routes.takes(route, Probe(path: "/", headers: ["x-a": "1", "x-b": "2"])))
        #expect(try !Routes.takes(route, Probe(path: "/", headers: ["x-a": "1"])))
        #expect(try !Routes.takes(route, Probe(path: "/", headers: ["x-b": "2"])))
    }

    @Test func queryExactComparesTheParameterValue() throws {
        let route = #"{"match": {"query": [{"name": "full", "exact": "1"}]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/", query: "full=1")))
        #expect(try Routes.takes(route, Probe(path: "/", query: "a=0&full=1&b")))
        #expect(try !Routes.takes(route, Probe(path: "/", query: "full=2")))
        #expect(try !Routes.takes(route, Probe(path: "/", query: "full")))
        #expect(try !Routes.takes(route, Probe(path: "/", query: "xfull=1")))
        #expect(try !Routes.takes(route, Probe(path: "/")))
    }

    @Test func queryPresenceAcceptsAnyValue() throws {
        let route = #"{"match": {"query": [{"name": "trace", "present": true}]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/", query: "trace")))
        #expect(try Routes.takes(route, Probe(path: "/", query: "trace=")))
        #expect(try Routes.takes(route, Probe(path: "/", query: "a=1&trace=on")))
        #expect(try !Routes.takes(route, Probe(path: "/", query: "a=trace")))
        #expect(try !Routes.takes(route, Probe(path: "/")))
    }

    @Test func queryComparesTheFirstOccurrenceOfAName() throws {
        let route = #"{"match": {"query": [{"name": "full", "exact": "1"}]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/", query: "full=1&full=2")))
        #expect(try !Routes.takes(route, Probe(path: "/", query: "full=2&full=1")))
    }

    @Test func queryNamesAndValuesArePercentDecoded() throws {
        let route = #"{"match": {"query": [{"name": "sort by", "exact": "a&b"}]}, "service": "s"}"#
        #expect(try Routes.takes(route, Probe(path: "/", query: "sort%20by=a%26b")))
        #expect(try !Routes.takes(route, Probe(path: "/", query: "sort%20by=a%26c")))
    }

    // MARK: Order

    @Test func priorityWinsOverSpecificity() throws {
        let table = try Routes.table([
            "exact": #"{"match": {"path_exact": "/users/7"}, "service": "s"}"#,
            "catch-all": #"{"priority": 5, "service": "s"}"#,
        ])
        #expect(Routes.winner(table, Probe(path: "/users/7")) == "catch-all")
        #expect(table.routes.map(\.name) == ["catch-all", "exact"])
    }

    @Test func negativePriorityYieldsToEveryDefaultRoute() throws {
        let table = try Routes.table([
            "fallback": #"{"match": {"path_exact": "/users/7"}, "priority": -1, "service": "s"}"#,
            "catch-all": #"{"service": "s"}"#,
        ])
        #expect(Routes.winner(table, Probe(path: "/users/7")) == "catch-all")
    }

    @Test func pathKindsAreTriedExactTemplatePrefixRegexThenNone() throws {
        var routes = [
            "a-none": #"{"service": "s"}"#,
            "b-regex": #"{"match": {"path_regex": "/users/[0-9]+"}, "service": "s"}"#,
            "c-prefix": #"{"match": {"path_prefix": "/users"}, "service": "s"}"#,
            "d-template": #"{"match": {"path_template": "/users/{id}"}, "service": "s"}"#,
            "e-exact": #"{"match": {"path_exact": "/users/7"}, "service": "s"}"#,
        ]
        let probe = Probe(path: "/users/7")
        for expected in ["e-exact", "d-template", "c-prefix", "b-regex", "a-none"] {
            #expect(Routes.winner(try Routes.table(routes), probe) == expected)
            routes[expected] = nil
        }
    }

    @Test func longerPathPatternsAreTriedFirst() throws {
        let table = try Routes.table([
            "a-short": #"{"match": {"path_prefix": "/users"}, "service": "s"}"#,
            "b-long": #"{"match": {"path_prefix": "/users/admin"}, "service": "s"}"#,
        ])
        #expect(Routes.winner(table, Probe(path: "/users/admin/1")) == "b-long")
        #expect(Routes.winner(table, Probe(path: "/users/1")) == "a-short")
    }

    @Test func exactHostsComeBeforeWildcardsBeforeAnyHost() throws {
        var routes = [
            "a-any": #"{"match": {"path_prefix": "/"}, "service": "s"}"#,
            "b-wildcard": #"{"match": {"hosts": ["*.example.com"], "path_prefix": "/"}, "service": "s"}"#,
            "c-exact": #"{"match": {"hosts": ["a.example.com"], "path_prefix": "/"}, "service": "s"}"#,
        ]
        let probe = Probe(host: "a.example.com", path: "/x")
        for expected in ["c-exact", "b-wildcard", "a-any"] {
            #expect(Routes.winner(try Routes.table(routes), probe) == expected)
            routes[expected] = nil
        }
    }

    @Test func moreConditionsComeFirstThenNames() throws {
        let table = try Routes.table([
            "a-plain": #"{"match": {"path_prefix": "/"}, "service": "s"}"#,
            "b-method": #"{"match": {"path_prefix": "/", "methods": ["GET"]}, "service": "s"}"#,
            "c-two": """
            {"match": {"path_prefix": "/", "methods": ["GET"], "query": [{"name": "q", "present": true}]},
             "service": "s"}
            """,
            "d-plain": #"{"match": {"path_prefix": "/"}, "service": "s"}"#,
        ])
        #expect(table.routes.map(\.name) == ["c-two", "b-method", "a-plain", "d-plain"])
        #expect(Routes.winner(table, Probe(path: "/", query: "q=1")) == "c-two")
        #expect(Routes.winner(table, Probe(path: "/")) == "b-method")
        #expect(Routes.winner(table, Probe(method: "PUT", path: "/")) == "a-plain")
    }

    @Test func aRouteThatFailsOneConditionFallsThroughToTheNext() throws {
        let table = try Routes.table([
            "specific": """
            {"match": {"hosts": ["a.test"], "path_exact": "/x", "methods": ["GET"],
                       "headers": [{"name": "x-env", "exact": "prod"}]}, "service": "s"}
            """,
            "general": #"{"match": {"path_prefix": "/"}, "service": "s"}"#,
        ])
        let full = Probe(host: "a.test", path: "/x", headers: ["x-env": "prod"])
        #expect(Routes.winner(table, full) == "specific")
        var wrongMethod = full
        wrongMethod.method = "POST"
        #expect(Routes.winner(table, wrongMethod) == "general")
        var wrongHost = full
        wrongHost.host = "b.test"
        #expect(Routes.winner(table, wrongHost) == "general")
        var wrongHeader = full
        wrongHeader.headers = [:]
        #expect(Routes.winner(table, wrongHeader) == "general")
    }

    // MARK: No match

    @Test func noMatchingRouteGivesNil() throws {
        let table = try Routes.table([
            "users": #"{"match": {"path_prefix": "/users"}, "service": "s"}"#,
            "admin": #"{"match": {"hosts": ["admin.test"]}, "service": "s"}"#,
        ])
        #expect(Routes.match(table, Probe(path: "/orders")) == nil)
        #expect(Routes.match(try Routes.table([:]), Probe(path: "/")) == nil)
    }
}
