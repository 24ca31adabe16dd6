import Foundation
import Testing

@testable import DataPlane
@testable import Shared

/// Configurations the tests publish.
private enum Config {
    /// A service with default settings.
    static let plainService = "{}"
    /// A route sending every request to `web`.
    static let everything = #"{"match": {"path_prefix": "/"}, "service": "web"}"#

    /// Publishes `web` (with `service` as its settings) and `routes`, after registering `endpoints` for it.
    ///
    /// - Returns: the snapshot version the proxy will apply.
    @discardableResult
    static func publishWeb(
        on control: StandInControlPlane, endpoints: [(id: String, address: SocketAddress)],
        service: String = plainService, routes: [String: String] = ["web": everything]
    ) -> String {
        for endpoint in endpoints {
            control.putEndpoint("web", id: endpoint.id, at: endpoint.address)
        }
        return control.publish(services: ["web": service], routes: routes)
    }
}

@Suite struct ProxyEndToEndTests {
    // MARK: Before the first snapshot

    @Test func beforeAnythingIsPublishedTheProxyAnswersNoConfig() throws {
        try withGateway { gateway in
            let proxy = try gateway.startProxy()
            let response = try gateway.get("/users", through: proxy)
            #expect(response.status == 503)
            #expect(response.gatewayReason == "no_config")

            #expect(try gateway.admin("/ready", of: proxy).status == 503)
            #expect(try gateway.admin("/config", of: proxy).status == 503)
            let status = try ConfigDecoder.parse(try gateway.admin("/status", of: proxy).body)
            #expect(status == .object(["applied_version": .null, "rejected": .null, "ready": .bool(false)]))
            try waitUntil("a poll") { gateway.control.polls > 0 }
        }
    }

    // MARK: Forwarding

    @Test func aRequestReachesTheUpstreamWithForwardingHeaders() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: proxy)
                #expect(try gateway.admin("/ready", of: proxy).status == 200)
                let config = try gateway.admin("/config", of: proxy)
                #expect(config.status == 200)
                #expect(config.text.contains(#""version":"\#(version)""#))

                let response = try gateway.get(
                    "/users/7?full=1",
                    headers: [
                        ("Host", "api.test"), ("Connection", "x-custom"), ("X-Custom", "dropped"),
                        ("Keep-Alive", "timeout=5"), ("X-Kept", "yes"),
                    ],
                    through: proxy)
                #expect(response.status == 200)
                #expect(response.header("x-upstream") == "a")
                let echo = Echo(response)
                #expect(echo.method == "GET")
                #expect(echo.target == "/users/7?full=1")
                #expect(echo.values("host") == ["api.test"])
                #expect(echo.values("x-forwarded-for") == ["127.0.0.1"])
                #expect(echo.values("x-kept") == ["yes"])
                #expect(echo.values("x-custom").isEmpty)
                #expect(echo.values("keep-alive").isEmpty)
                #expect(echo.values("connection").isEmpty)
            }
        }
    }

    @Test func fieldsTheUpstreamNamesInConnectionAreNotRelayed() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: proxy)

                let response = try gateway.get("/hop-by-hop", through: proxy)
                #expect(response.status == 200)
                #expect(response.header("x-other") == "2")
                #expect(response.header("x-trace") == nil)
                #expect(response.header("connection") == nil)
            }
        }
    }

    @Test func aPostBodyAndAnEarlierForwardedForReachTheUpstream() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: proxy)

                let request = HTTPClientRequest(
                    method: "POST", target: "/orders",
                    headers: [("content-type", "text/plain"), ("x-forwarded-for", "10.0.0.1")],
                    body: Array("two apples".utf8))
                let response = try gateway.client.send(request, to: proxy.localAddress)
                #expect(response.status == 200)
                let echo = Echo(response)
                #expect(echo.method == "POST")
                #expect(echo.target == "/orders")
                #expect(echo.body == "two apples")
                #expect(echo.values("content-length") == ["10"])
                #expect(echo.values("x-forwarded-for") == ["10.0.0.1, 127.0.0.1"])
            }
        }
    }

    @Test func largeBodiesStreamBothWays() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: proxy)

                // Larger than the stream's 256 KiB watermark, so reading the client pauses and resumes on the
                // way up, and the echo comes back through the same paths.
                let body = (0..<(768 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }
                let request = HTTPClientRequest(method: "POST", target: "/upload", body: body)
                let response = try gateway.client.send(request, to: proxy.localAddress)
                #expect(response.status == 200)
                #expect(response.body.count > body.count)
                #expect(Array(response.body.suffix(body.count)) == body)
            }
        }
    }

    @Test func weightsAndHashingChooseTheEndpoint() throws {
        try withGateway { gateway in
            try withUpstreams(["a", "b"]) { upstreams in
                let proxy = try gateway.startProxy(configure: { $0.workers = 1 })
                gateway.control.putEndpoint("web", id: "a", at: upstreams[0].address, weight: 3)
                gateway.control.putEndpoint("web", id: "b", at: upstreams[1].address, weight: 1)
                let version = gateway.control.publish(
                    services: ["web": Config.plainService], routes: ["web": Config.everything])
                try gateway.waitForVersion(version, on: proxy)
                var counts: [String: Int] = [:]
                for _ in 0..<40 {
                    counts[try gateway.get("/w", through: proxy).header("x-upstream") ?? "none", default: 0] += 1
                }
                #expect(counts == ["a": 30, "b": 10])

                let hashed = gateway.control.publish(
                    services: ["web": #"{"lb": {"policy": "maglev", "hash_on": "header:x-user"}}"#],
                    routes: ["web": Config.everything])
                try gateway.waitForVersion(hashed, on: proxy)
                for user in ["ann", "bob", "cy", "dee"] {
                    let first = try gateway.get("/h", headers: [("x-user", user)], through: proxy).header("x-upstream")
                    for _ in 0..<5 {
                        let again = try gateway.get("/h", headers: [("x-user", user)], through: proxy)
                        #expect(again.header("x-upstream") == first)
                    }
                }
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndGatewayReason() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(
                    on: gateway.control, endpoints: [("a", upstreams[0].address)],
                    routes: ["web": #"{"match": {"path_prefix": "/web"}, "service": "web"}"#])
                try gateway.waitForVersion(version, on: proxy)
                #expect(try gateway.get("/web/1", through: proxy).status == 200)
                #expect(try gateway.get("/nowhere", through: proxy).status == 404)
                let text = try gateway.admin("/metrics", of: proxy).text
                #expect(text.contains(#"gatehouse_proxy_requests_total{route="web",service="web",class="2xx"} 1"#))
                #expect(text.contains(#"gatehouse_proxy_gateway_responses_total{reason="no_route"} 1"#))
                #expect(text.contains("gatehouse_proxy_request_duration_seconds_bucket"))
                #expect(text.contains("gatehouse_proxy_config_version \(version.split(separator: ".")[0])"))
            }
        }
    }

    @Test func theAccessLogHasAJSONLinePerExchange() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let path = gateway.folder.file("access.log")
                let proxy = try gateway.startProxy(configure: { $0.accessLogPath = path })
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: proxy)
                #expect(try gateway.get("/users/7?q=\"x\"", through: proxy).status == 200)

                var lines: [[String: Any]] = []
                try waitUntil("an access-log line") {
                    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                    lines = text.split(separator: "\n").compactMap {
                        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                    }
                    return !lines.isEmpty
                }
                let line = try #require(lines.first)
                #expect(line["method"] as? String == "GET")
                #expect(line["target"] as? String == "/users/7?q=\"x\"")
                #expect(line["client"] as? String == "127.0.0.1")
                #expect(line["status"] as? Int == 200)
                #expect(line["route"] as? String == "web")
                #expect(line["service"] as? String == "web")
                #expect(line["duration_ms"] is Double || line["duration_ms"] is Int)
                #expect(line["ts"] is String)
            }
        }
    }

    @Test func aRequestNoRouteMatchesGets404NoRoute() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(
                    on: gateway.control, endpoints: [("a", upstreams[0].address)],
                    routes: ["web": #"{"match": {"path_prefix": "/users"}, "service": "web"}"#])
                try gateway.waitForVersion(version, on: proxy)

                let response = try gateway.get("/orders", through: proxy)
                #expect(response.status == 404)
                #expect(response.gatewayReason == "no_route")
                #expect(upstreams[0].requests == 0)
            }
        }
    }

    @Test func repeatedHeaderValuesAreJoinedBeforeMatching() throws {
        try withGateway { gateway in
            let proxy = try gateway.startProxy()
            let version = gateway.control.publish(
                services: [:],
                routes: [
                    "both": """
                    {"match": {"headers": [{"name": "x-env", "exact": "blue, green"}]},
                     "direct_response": {"status": 200, "body": "both"}}
                    """,
                    "other": #"{"direct_response": {"status": 200, "body": "other"}}"#,
                ])
            try gateway.waitForVersion(version, on: proxy)

            let twice = try gateway.get("/", headers: [("x-env", "blue"), ("x-env", "green")], through: proxy)
            #expect(twice.text == "both")
            let once = try gateway.get("/", headers: [("x-env", "blue")], through: proxy)
            #expect(once.text == "other")
        }
    }

    // MARK: Answers from the gateway

    @Test func directResponsesAndRedirectsNeedNoService() throws {
        try withGateway { gateway in
            let proxy = try gateway.startProxy()
            let version = gateway.control.publish(
                services: [:],
                routes: [
                    "teapot": """
                    {"match": {"path_exact": "/teapot"},
                     "direct_response": {"status": 418, "body": "short and stout", "content_type": "text/plain"}}
                    """,
                    "moved": #"{"match": {"path_prefix": "/old"}, "redirect": {"status": 301, "path": "/new"}}"#,
                    "away": #"{"match": {"path_exact": "/away"}, "redirect": {"location": "https://example.com/"}}"#,
                ])
            try gateway.waitForVersion(version, on: proxy)

            let teapot = try gateway.get("/teapot", through: proxy)
            #expect(teapot.status == 418)
            #expect(teapot.text == "short and stout")
            #expect(teapot.header("content-type") == "text/plain")

            let moved = try gateway.get("/old/page?x=1", headers: [("host", "api.test:8080")], through: proxy)
            #expect(moved.status == 301)
            #expect(moved.header("location") == "http://api.test/new?x=1")

            let away = try gateway.get("/away", through: proxy)
            #expect(away.status == 302)
            #expect(away.header("location") == "https://example.com/")
        }
    }

    // MARK: Rewrites

    @Test func aPrefixRewriteReplacesTheMatchedPrefix() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(
                    on: gateway.control, endpoints: [("a", upstreams[0].address)],
                    routes: [
                        "api":
                            #"{"match": {"path_prefix": "/api"}, "service": "web", "rewrite": {"path_prefix": "/v2"}}"#,
                        "people": """
                        {"match": {"path_template": "/people/{id}"}, "service": "web",
                         "rewrite": {"path_template": "/users/{id}/profile"}}
                        """,
                    ])
                try gateway.waitForVersion(version, on: proxy)

                #expect(Echo(try gateway.get("/api/users?full=1", through: proxy)).target == "/v2/users?full=1")
                #expect(Echo(try gateway.get("/api", through: proxy)).target == "/v2")
                #expect(Echo(try gateway.get("/people/7", through: proxy)).target == "/users/7/profile")
            }
        }
    }

    // MARK: New snapshots

    @Test func aSecondPublishLetsARequestInFlightFinish() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let first = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(first, on: proxy)

                let slow = gateway.client.start(HTTPClientRequest(target: "/hold/1"), to: proxy.localAddress)
                try waitUntil("the upstream to hold the request") { upstreams[0].heldCount == 1 }

                let second = gateway.control.publish(
                    services: ["web": Config.plainService],
                    routes: [
                        "web": Config.everything,
                        "new": #"{"match": {"path_exact": "/new"}, "direct_response": {"status": 200, "body": "new"}}"#,
                    ])
                try gateway.waitForVersion(second, on: proxy)
                #expect(try gateway.get("/new", through: proxy).text == "new")

                upstreams[0].releaseHeld()
                let finished = try slow.wait()
                #expect(finished.status == 200)
                #expect(finished.text == "released")
            }
        }
    }

    @Test func endpointChangesApplyWithoutAPublish() throws {
        try withGateway { gateway in
            try withUpstreams(["a", "b"]) { upstreams in
                let proxy = try gateway.startProxy()
                let first = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(first, on: proxy)
                #expect(try gateway.get("/", through: proxy).header("x-upstream") == "a")

                gateway.control.putEndpoint("web", id: "b", at: upstreams[1].address)
                let moved = gateway.control.removeEndpoint("web", id: "a")
                #expect(moved.hasPrefix("1."))
                try gateway.waitForVersion(moved, on: proxy)
                for _ in 0..<4 {
                    #expect(try gateway.get("/", through: proxy).header("x-upstream") == "b")
                }

                let emptied = gateway.control.removeEndpoint("web", id: "b")
                try gateway.waitForVersion(emptied, on: proxy)
                let response = try gateway.get("/", through: proxy)
                #expect(response.status == 503)
                #expect(response.gatewayReason == "no_healthy_endpoint")
            }
        }
    }

    // MARK: Upstream failures

    @Test func aDeadEndpointGives502ConnectFailure() throws {
        try withGateway { gateway in
            let proxy = try gateway.startProxy()
            let version = Config.publishWeb(on: gateway.control, endpoints: [("dead", try deadAddress())])
            try gateway.waitForVersion(version, on: proxy)

            let response = try gateway.get("/", through: proxy)
            #expect(response.status == 502)
            #expect(response.gatewayReason == "connect_failure")
        }
    }

    @Test func aRetryMovesPastADeadEndpoint() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(
                    on: gateway.control, endpoints: [("a", upstreams[0].address), ("dead", try deadAddress())])
                try gateway.waitForVersion(version, on: proxy)

                // Round robin from a random start: over eight requests, about half go to the dead endpoint first.
                for _ in 0..<8 {
                    let response = try gateway.get("/", through: proxy)
                    #expect(response.status == 200)
                    #expect(response.header("x-upstream") == "a")
                }
            }
        }
    }

    @Test(arguments: [
        (route: Config.everything, tries: 2),
        (route: #"{"match": {"path_prefix": "/"}, "service": "web", "retries": {"attempts": 0}}"#, tries: 1),
        (route: #"{"match": {"path_prefix": "/"}, "service": "web", "retries": {"attempts": 3}}"#, tries: 4),
    ])
    func aResetIsTriedAgainAsOftenAsTheRouteOrServiceAllows(route: String, tries: Int) throws {
        try withGateway { gateway in
            let upstream = try ResettingUpstream()
            defer { upstream.stop() }
            let proxy = try gateway.startProxy()
            let version = Config.publishWeb(
                on: gateway.control, endpoints: [("resets", upstream.address)], routes: ["web": route])
            try gateway.waitForVersion(version, on: proxy)

            let response = try gateway.get("/", through: proxy)
            #expect(response.status == 502)
            #expect(response.gatewayReason == "upstream_reset")
            #expect(upstream.requests == tries)
        }
    }

    @Test func anUpstreamSlowerThanTheRequestTimeoutGives504() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let version = Config.publishWeb(
                    on: gateway.control, endpoints: [("a", upstreams[0].address)],
                    service: #"{"timeouts": {"request_ms": 200}}"#)
                try gateway.waitForVersion(version, on: proxy)

                let clock = ContinuousClock()
                let started = clock.now
                let response = try gateway.get("/hold/forever", through: proxy)
                #expect(response.status == 504)
                #expect(response.gatewayReason == "upstream_timeout")
                #expect(clock.now - started < .seconds(5))
            }
        }
    }

    @Test func aTryOverThePerTryTimeoutIsRetriedWithinTheRequestTimeout() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let service =
                    #"{"timeouts": {"request_ms": 10000}, "#
                    + #""retries": {"attempts": 1, "on": ["timeout"], "per_try_timeout_ms": 150}}"#
                let version = Config.publishWeb(
                    on: gateway.control, endpoints: [("a", upstreams[0].address)], service: service)
                try gateway.waitForVersion(version, on: proxy)

                let clock = ContinuousClock()
                let started = clock.now
                let response = try gateway.get("/hold/twice", through: proxy)
                #expect(response.status == 504)
                #expect(response.gatewayReason == "upstream_timeout")
                // Two tries of 150 ms each, far below the 10 s request timeout.
                #expect(clock.now - started < .seconds(3))
                #expect(upstreams[0].requests == 2)
            }
        }
    }

    // MARK: Control plane outages

    @Test func theProxyKeepsServingWhenTheControlPlaneStops() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let log = InMemoryLogSink()
                let proxy = try gateway.startProxy { settings in
                    settings.logger = Logger(label: "proxy", sink: log, logLevel: .warning)
                }
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: proxy)

                gateway.control.stop()
                try waitUntil("the proxy to notice the outage") {
                    log.records.contains { $0.message.hasPrefix("control plane unreachable") }
                }
                for _ in 0..<5 {
                    let response = try gateway.get("/", through: proxy)
                    #expect(response.status == 200)
                    #expect(response.header("x-upstream") == "a")
                }
                #expect(proxy.status.version == version)
                #expect(try gateway.admin("/ready", of: proxy).status == 200)
            }
        }
    }

    @Test func aRestartedProxyServesTheCachedSnapshotWhileTheControlPlaneIsDown() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let first = try gateway.startProxy()
                let version = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(version, on: first)
                try waitUntil("the snapshot cache") { permissionBits(gateway.dataDirectory + "/snapshot.json") != nil }
                #expect(permissionBits(gateway.dataDirectory + "/snapshot.json") == 0o600)

                gateway.stop(first)
                gateway.control.stop()
                let second = try gateway.startProxy()
                try gateway.waitForVersion(version, on: second)
                let response = try gateway.get("/", through: second)
                #expect(response.status == 200)
                #expect(response.header("x-upstream") == "a")
                #expect(try gateway.admin("/ready", of: second).status == 200)
            }
        }
    }

    @Test func aProxyWithoutCacheAnswersNoConfigWhileTheControlPlaneIsDown() throws {
        try withGateway { gateway in
            gateway.control.stop()
            let proxy = try gateway.startProxy(dataDirectory: gateway.folder.file("empty"))
            let response = try gateway.get("/", through: proxy)
            #expect(response.status == 503)
            #expect(response.gatewayReason == "no_config")
            #expect(try gateway.admin("/ready", of: proxy).status == 503)
        }
    }

    // MARK: Rejected snapshots

    @Test func aRejectedSnapshotIsReportedAndThePreviousOneKeepsServing() throws {
        try withGateway { gateway in
            try withUpstreams(["a"]) { upstreams in
                let proxy = try gateway.startProxy()
                let good = Config.publishWeb(on: gateway.control, endpoints: [("a", upstreams[0].address)])
                try gateway.waitForVersion(good, on: proxy)

                let broken = gateway.control.publish(
                    services: ["web": Config.plainService],
                    routes: [
                        "web": Config.everything, "orphan": #"{"match": {"path_prefix": "/x"}, "service": "gone"}"#,
                    ])
                var rejection: [String: JSONValue] = [:]
                try waitUntil("a report of the rejection") {
                    for report in gateway.control.reports {
                        if case .object(let fields) = report, case .object(let rejected)? = fields["rejected"] {
                            rejection = rejected
                            return true
                        }
                    }
                    return false
                }
                #expect(rejection["version"] == .string(broken))
                guard case .string(let error)? = rejection["error"] else {
                    Issue.record("the rejection has no error text: \(rejection)")
                    return
                }
                #expect(error.contains("gone"))
                #expect(proxy.status.version == good)
                #expect(try gateway.get("/x", through: proxy).header("x-upstream") == "a")

                let status = try ConfigDecoder.parse(try gateway.admin("/status", of: proxy).body)
                guard case .object(let fields) = status else {
                    Issue.record("/status is not an object")
                    return
                }
                #expect(fields["applied_version"] == .string(good))
                #expect(fields["rejected"] == .object(["version": .string(broken), "error": .string(error)]))

                let fixed = Config.publishWeb(on: gateway.control, endpoints: [])
                try gateway.waitForVersion(fixed, on: proxy)
                let cleared = try ConfigDecoder.parse(try gateway.admin("/status", of: proxy).body)
                #expect(
                    cleared == .object(["applied_version": .string(fixed), "rejected": .null, "ready": .bool(true)]))
            }
        }
    }
}
