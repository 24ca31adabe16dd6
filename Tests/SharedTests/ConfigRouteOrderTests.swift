import Testing

@testable import Shared

@Suite struct ConfigRouteOrderTests {
    private func route(
        _ path: RouteMatch.PathMatch? = nil,
        hosts: [String] = [],
        methods: [String] = [],
        priority: Int = 0
    ) -> RouteSpec {
        RouteSpec(
            match: RouteMatch(hosts: hosts, path: path, methods: methods), priority: priority, action: .service("s"))
    }

    @Test func priorityComesBeforeSpecificity() {
        let routes = ["catch-all": route(priority: 1), "exact": route(.exact("/a"))]
        #expect(RouteOrder.sortedNames(routes) == ["catch-all", "exact"])
    }

    @Test func pathKindsThenLengthsThenHostsThenConditionsThenNames() {
        let routes = [
            "any": route(),
            "regex": route(.regex("/a.*")),
            "short-prefix": route(.prefix("/a")),
            "long-prefix": route(.prefix("/a/b")),
            "template": route(.template("/a/{id}")),
            "exact": route(.exact("/a")),
            "prefix-wildcard-host": route(.prefix("/a"), hosts: ["*.example.com"]),
            "prefix-exact-host": route(.prefix("/a"), hosts: ["a.example.com"]),
            "prefix-exact-host-get": route(.prefix("/a"), hosts: ["a.example.com"], methods: ["GET"]),
            "b-any": route(),
        ]
        #expect(
            RouteOrder.sortedNames(routes) == [
                "exact", "template", "long-prefix", "prefix-exact-host-get", "prefix-exact-host",
                "prefix-wildcard-host", "short-prefix", "regex", "any", "b-any",
            ])
    }
}
