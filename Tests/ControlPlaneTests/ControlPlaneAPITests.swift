import Foundation
import Shared
import Testing

@testable import ControlPlane

extension StoreTests {
    /// The REST API over real sockets and a real SQLite file, one server per test.
    @Suite("Control plane API")
    struct ControlPlaneAPITests {
        private static let route = #"{"match": {"path_prefix": "/users"}, "service": "users"}"#

        // MARK: Access

        @Test func healthNeedsNoToken() throws {
            try withAPIServer { api throws in
                let answer = try api.request("GET", "/healthz", token: .none)
                #expect(answer.status == 200)
                #expect(answer.json["status"] as? String == "ok")
            }
        }

        @Test func missingOrUnknownTokenIsUnauthorized() throws {
            try withAPIServer { api throws in
                for token in [APITestClient.Token.none, .custom(String(repeating: "0", count: 64))] {
                    let answer = try api.request("GET", "/v1/services", token: token)
                    #expect(answer.status == 401)
                    #expect(answer.header("www-authenticate")?.hasPrefix("Bearer") == true)
                    #expect(answer.header("content-type") == "application/problem+json; charset=utf-8")
                }
                let malformed = try api.request(
                    "GET", "/v1/services", token: .none, headers: [("authorization", "Basic x")])
                #expect(malformed.status == 401)
            }
        }

        @Test func readTokenReadsButCannotWrite() throws {
            try withAPIServer { api throws in
                #expect(try api.request("GET", "/v1/services", token: .read).status == 200)
                let put = try api.request("PUT", "/v1/services/users", body: "{}", token: .read)
                #expect(put.status == 403)
                #expect(try api.request("POST", "/v1/versions", token: .read).status == 403)
                #expect(try api.request("GET", "/v1/services/users", token: .admin).status == 404)
            }
        }

        @Test func nodeTokenCannotReadTheRegistry() throws {
            try withAPIServer { api throws in
                #expect(try api.request("GET", "/v1/services", token: .node).status == 403)
                #expect(try api.request("PUT", "/v1/services/users", body: "{}", token: .node).status == 403)
            }
        }

        // MARK: Draft resources

        @Test func serviceLifecycle() throws {
            try withAPIServer { api throws in
                let created = try api.request("PUT", "/v1/services/users", body: "{}")
                #expect(created.status == 201)
                #expect(created.json["name"] as? String == "users")

                let replaced = try api.request("PUT", "/v1/services/users", body: #"{"lb": {"policy": "random"}}"#)
                #expect(replaced.status == 200)

                let fetched = try api.request("GET", "/v1/services/users", token: .read)
                #expect(fetched.status == 200)
                let spec = fetched.json["spec"] as? [String: Any]
                #expect((spec?["lb"] as? [String: Any])?["policy"] as? String == "random")

                let list = try api.request("GET", "/v1/services", token: .read)
                let names = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(names == ["users"])

                #expect(try api.request("DELETE", "/v1/services/users").status == 204)
                #expect(try api.request("GET", "/v1/services/users").status == 404)
                #expect(try api.request("DELETE", "/v1/services/users").status == 404)
            }
        }

        @Test func bodyThatIsNotJSONIsUnsupported() throws {
            try withAPIServer { api throws in
                let answer = try api.request(
                    "PUT", "/v1/services/users", body: "{}", headers: [("content-type", "text/plain")])
                #expect(answer.status == 415)
                #expect(try api.request("GET", "/v1/services/users").status == 404)
            }
        }

        @Test func malformedJSONIsABadRequest() throws {
            try withAPIServer { api throws in
                let answer = try api.request("PUT", "/v1/services/users", body: #"{"lb": "#)
                #expect(answer.status == 400)
                #expect(answer.header("content-type") == "application/problem+json; charset=utf-8")
                #expect(answer.json["status"] as? Int == 400)
            }
        }

        @Test(arguments: [
            ("/v1/routes/users", #"{"match": {"path_prefx": "/users"}, "service": "users"}"#, "match.path_prefx"),
            ("/v1/services/users", #"{"lb": {"policy": "fastest"}}"#, "lb.policy"),
            ("/v1/services/users", #"{"retries": {"attempts": -1}}"#, "retries.attempts"),
        ])
        func invalidSpecNamesTheField(path: String, body: String, field: String) throws {
            try withAPIServer { api throws in
                let answer = try api.request("PUT", path, body: body)
                #expect(answer.status == 422)
                #expect(answer.errorFields == [field])
            }
        }

        @Test func invalidNameIsABadRequest() throws {
            try withAPIServer { api throws in
                let answer = try api.request("PUT", "/v1/services/Bad_Name!", body: "{}")
                #expect(answer.status == 400)
                #expect(answer.errorFields == ["name"])
            }
        }

        @Test func serviceInUseCannotBeDeleted() throws {
            try withAPIServer { api throws in
                #expect(try api.request("PUT", "/v1/services/users", body: "{}").status == 201)
                #expect(try api.request("PUT", "/v1/routes/users-api", body: Self.route).status == 201)

                let refused = try api.request("DELETE", "/v1/services/users")
                #expect(refused.status == 409)
                #expect(refused.errorFields == ["routes.users-api.service"])
                #expect(try api.request("GET", "/v1/services/users").status == 200)

                #expect(try api.request("DELETE", "/v1/routes/users-api").status == 204)
                #expect(try api.request("DELETE", "/v1/services/users").status == 204)
            }
        }

        // MARK: Endpoints

        @Test func endpointLifecycle() throws {
            try withAPIServer { api throws in
                #expect(try api.request("PUT", "/v1/services/users", body: "{}").status == 201)
                let path = "/v1/services/users/endpoints/e1"
                let created = try api.request("PUT", path, body: #"{"address": "127.0.0.1", "port": 9001}"#)
                #expect(created.status == 201)
                #expect(created.json["port"] as? Int == 9001)
                let moved = try api.request("PUT", path, body: #"{"address": "127.0.0.1", "port": 9002, "ttl_s": 30}"#)
                #expect(moved.status == 200)

                let list = try api.request("GET", "/v1/services/users/endpoints", token: .read)
                let items = list.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1)
                #expect(items.first?["port"] as? Int == 9002)
                #expect(items.first?["ttl_s"] as? Int == 30)

                let beat = try api.request("POST", path + "/heartbeat")
                #expect(beat.status == 200)
                #expect(beat.json["id"] as? String == "e1")

                #expect(try api.request("DELETE", path).status == 204)
                #expect(try api.request("DELETE", path).status == 404)
                #expect(try api.request("POST", path + "/heartbeat").status == 404)
            }
        }

        @Test func endpointsOfAnUnknownServiceAreNotFound() throws {
            try withAPIServer { api throws in
                let body = #"{"address": "127.0.0.1", "port": 9001}"#
                #expect(try api.request("PUT", "/v1/services/ghost/endpoints/e1", body: body).status == 404)
                #expect(try api.request("GET", "/v1/services/ghost/endpoints").status == 404)
            }
        }

        // MARK: Versions

        @Test func invalidDraftListsEveryProblem() throws {
            try withAPIServer { api throws in
                #expect(
                    try api.request("PUT", "/v1/services/users", body: #"{"breaker_policy": "strict"}"#).status == 201)
                let orphan = #"{"match": {"path_prefix": "/orders"}, "service": "orders"}"#
                #expect(try api.request("PUT", "/v1/routes/orders", body: orphan).status == 201)

                let answer = try api.request("POST", "/v1/versions", body: #"{"message": "first"}"#)
                #expect(answer.status == 422)
                #expect(Set(answer.errorFields) == ["routes.orders.service", "services.users.breaker_policy"])
                let versions = try api.request("GET", "/v1/versions").json["items"] as? [Any]
                #expect(versions?.isEmpty == true)
            }
        }

        @Test func publishIsIdempotentForAnUnchangedDraft() throws {
            try withAPIServer { api throws in
                #expect(try api.request("PUT", "/v1/services/users", body: "{}").status == 201)
                #expect(try api.request("PUT", "/v1/routes/users", body: Self.route).status == 201)

                let first = try api.request("POST", "/v1/versions", body: #"{"message": "users"}"#)
                #expect(first.status == 201)
                #expect(first.json["version"] as? Int == 1)
                #expect(first.json["message"] as? String == "users")

                let again = try api.request("POST", "/v1/versions")
                #expect(again.status == 200)
                #expect(again.json["version"] as? Int == 1)
                #expect(again.json["hash"] as? String == first.json["hash"] as? String)
            }
        }

        @Test func versionsAreListedFetchedAndCompared() throws {
            try withAPIServer { api throws in
                for name in ["a", "b"] {
                    #expect(try api.request("PUT", "/v1/services/\(name)", body: "{}").status == 201)
                }
                #expect(try api.request("POST", "/v1/versions").status == 201)
                #expect(try api.request("PUT", "/v1/services/a", body: #"{"lb": {"policy": "random"}}"#).status == 200)
                #expect(try api.request("DELETE", "/v1/services/b").status == 204)
                #expect(try api.request("PUT", "/v1/services/c", body: "{}").status == 201)
                #expect(try api.request("POST", "/v1/versions").status == 201)

                let list = try api.request("GET", "/v1/versions", token: .read)
                let numbers = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["version"] as? Int }
                #expect(Set(numbers) == [1, 2])

                let first = try api.request("GET", "/v1/versions/1", token: .read)
                #expect(first.status == 200)
                let services = (first.json["config"] as? [String: Any])?["services"] as? [String: Any]
                #expect(Set(services?.keys.map { $0 } ?? []) == ["a", "b"])

                let diff = try api.request("GET", "/v1/versions/1/diff/2", token: .read)
                #expect(diff.status == 200)
                let changes = (diff.json["changes"] as? [[String: Any]] ?? []).map {
                    "\($0["kind"] ?? "") \($0["name"] ?? "") \($0["change"] ?? "")"
                }
                #expect(changes == ["services a changed", "services b removed", "services c added"])

                #expect(try api.request("GET", "/v1/versions/3").status == 404)
                #expect(try api.request("GET", "/v1/versions/zero").status == 404)
            }
        }

        // MARK: Snapshot polls

        /// Publishes a first version and returns the snapshot version a node then gets.
        private func publishFirstVersion(_ api: APITestClient) throws -> String {
            #expect(try api.request("PUT", "/v1/services/users", body: "{}").status == 201)
            #expect(try api.request("PUT", "/v1/routes/users", body: Self.route).status == 201)
            #expect(try api.request("POST", "/v1/versions").status == 201)
            let first = try api.request("GET", "/v1/nodes/n1/snapshot", token: .node)
            #expect(first.status == 200)
            return try #require(first.header("etag"))
        }

        @Test func heldPollIsAnsweredByAPublish() throws {
            try withAPIServer { api throws in
                let etag = try publishFirstVersion(api)
                #expect(etag == #""1.0""#)

                let started = ContinuousClock.now
                let poll = api.start(
                    "GET", "/v1/nodes/n1/snapshot", token: .node,
                    headers: [("if-none-match", etag), ("prefer", "wait=5")])
                try api.waitUntil { api.heldPolls == 1 }
                #expect(try api.request("PUT", "/v1/services/orders", body: "{}").status == 201)
                #expect(try api.request("POST", "/v1/versions").status == 201)

                let answer = try poll.wait()
                let elapsed = ContinuousClock.now - started
                #expect(answer.status == 200)
                #expect(answer.header("etag") == #""2.0""#)
                #expect(answer.json["config_version"] as? Int == 2)
                #expect(elapsed < .seconds(2), "the poll was answered after \(elapsed)")
                #expect(api.heldPolls == 0)
            }
        }

        @Test func heldPollEndsWithNotModified() throws {
            try withAPIServer { api throws in
                let etag = try publishFirstVersion(api)

                let started = ContinuousClock.now
                let answer = try api.request(
                    "GET", "/v1/nodes/n1/snapshot", token: .node,
                    headers: [("if-none-match", etag), ("prefer", "wait=1")])
                let elapsed = ContinuousClock.now - started
                #expect(answer.status == 304)
                #expect(answer.header("etag") == etag)
                #expect(answer.body.isEmpty)
                #expect(elapsed >= .milliseconds(900), "the poll was answered after \(elapsed)")
                #expect(elapsed < .seconds(3), "the poll was answered after \(elapsed)")
            }
        }

        @Test func endpointChangeMakesANewGeneration() throws {
            try withAPIServer { api throws in
                let etag = try publishFirstVersion(api)
                let endpoint = #"{"address": "127.0.0.1", "port": 9001}"#
                #expect(try api.request("PUT", "/v1/services/users/endpoints/e1", body: endpoint).status == 201)

                let answer = try api.request(
                    "GET", "/v1/nodes/n1/snapshot", token: .node,
                    headers: [("if-none-match", etag), ("prefer", "wait=5")])
                #expect(answer.status == 200)
                let changed = try #require(answer.header("etag"))
                #expect(changed != etag)
                #expect(changed.hasPrefix(#""1."#))
                let endpoints = (answer.json["endpoints"] as? [String: Any])?["users"] as? [[String: Any]]
                #expect(endpoints?.first?["port"] as? Int == 9001)
            }
        }

        @Test func heldPollIsAnsweredByAnEndpointChange() throws {
            try withAPIServer { api throws in
                let etag = try publishFirstVersion(api)
                let started = ContinuousClock.now
                let poll = api.start(
                    "GET", "/v1/nodes/n1/snapshot", token: .node,
                    headers: [("if-none-match", etag), ("prefer", "wait=5")])
                try api.waitUntil { api.heldPolls == 1 }
                let endpoint = #"{"address": "127.0.0.1", "port": 9001}"#
                #expect(try api.request("PUT", "/v1/services/users/endpoints/e1", body: endpoint).status == 201)

                let answer = try poll.wait()
                #expect(answer.status == 200)
                #expect(answer.header("etag") != etag)
                #expect(ContinuousClock.now - started < .seconds(2))
            }
        }

        @Test func pollBeforeAnyPublishWaits() throws {
            try withAPIServer { api throws in
                let answer = try api.request(
                    "GET", "/v1/nodes/n1/snapshot", token: .node, headers: [("prefer", "wait=0")])
                #expect(answer.status == 304)
            }
        }

        @Test func connectionsBeyondTheLimitAreRefused() throws {
            try withAPIServer(configure: { $0.maxConnections = 1 }) { api throws in
                _ = api.start("GET", "/v1/nodes/n1/snapshot", token: .node, headers: [("prefer", "wait=5")])
                try api.waitUntil { api.heldPolls == 1 }
                #expect(throws: HTTPClientError.self) { try api.request("GET", "/healthz", token: .none) }
            }
        }

        // MARK: Nodes

        @Test func statusReportShowsInTheInventory() throws {
            try withAPIServer { api throws in
                _ = try publishFirstVersion(api)
                let poll = try api.request(
                    "GET", "/v1/nodes/edge-1/snapshot", token: .node,
                    headers: [("gatehouse-node-labels", "zone=eu-1, tier=edge"), ("gatehouse-build", "1.2.3")])
                #expect(poll.status == 200)
                // A later poll without the labels header keeps the labels and build recorded before.
                let again = try api.request(
                    "GET", "/v1/nodes/edge-1/snapshot", token: .node,
                    headers: [("if-none-match", poll.header("etag") ?? ""), ("prefer", "wait=0")])
                #expect(again.status == 304)
                let report = #"{"applied_version": "1.0", "rejected": {"version": "2.0", "error": "bad route"}}"#
                #expect(try api.request("PUT", "/v1/nodes/edge-1/status", body: report, token: .node).status == 204)

                let inventory = try api.request("GET", "/v1/nodes", token: .read)
                #expect(inventory.status == 200)
                let nodes = inventory.jsonValue as? [[String: Any]] ?? []
                let node = try #require(nodes.first { $0["node"] as? String == "edge-1" })
                #expect(node["applied_version"] as? Int == 1)
                #expect(node["desired_version"] as? Int == 1)
                #expect(node["build"] as? String == "1.2.3")
                #expect(node["labels"] as? [String: String] == ["zone": "eu-1", "tier": "edge"])
                let rejected = node["rejected"] as? [String: Any]
                #expect(rejected?["version"] as? Int == 2)
                #expect(rejected?["error"] as? String == "bad route")
                #expect(node["state"] as? String == "ready")
            }
        }

        @Test func driftAndStaleNodesAreFlaggedAndCounted() throws {
            // Grace times below zero flag at once, so the test needs no clock.
            let configure: (inout ControlPlaneConfiguration) -> Void = {
                $0.driftGraceSeconds = -1
                $0.staleAfterSeconds = -1
            }
            try withAPIServer(configure: configure) { api throws in
                _ = try publishFirstVersion(api)
                for node in ["in-step", "behind"] {
                    #expect(try api.request("GET", "/v1/nodes/\(node)/snapshot", token: .node).status == 200)
                }
                let report = #"{"applied_version": "1.0"}"#
                #expect(try api.request("PUT", "/v1/nodes/in-step/status", body: report, token: .node).status == 204)

                let nodes = try api.request("GET", "/v1/nodes", token: .read).jsonValue as? [[String: Any]] ?? []
                let drifted = Dictionary(
                    uniqueKeysWithValues: nodes.map { ($0["node"] as? String ?? "", $0["drifted"] as? Bool) })
                #expect(drifted["in-step"] == false)
                #expect(drifted["behind"] == true)
                #expect(nodes.allSatisfy { $0["state"] as? String == "stale" })
                let metrics = try api.request("GET", "/metrics", token: .read).body
                let behind = drifted.values.filter { $0 == true }.count
                #expect(metrics.contains(#"gatehouse_control_nodes{state="drifted"} \#(behind)"#))
                #expect(metrics.contains(#"gatehouse_control_nodes{state="stale"} \#(nodes.count)"#))
            }
        }

        @Test func invalidStatusReportNamesTheFields() throws {
            try withAPIServer { api throws in
                let report = #"{"applied_version": true, "rejected": {"version": "2.0"}, "extra": 1}"#
                let answer = try api.request("PUT", "/v1/nodes/edge-1/status", body: report, token: .node)
                #expect(answer.status == 400)
                #expect(Set(answer.errorFields) == ["applied_version", "rejected.error", "extra"])
            }
        }

        @Test func invalidNodeIDIsRefused() throws {
            try withAPIServer { api throws in
                let report = #"{"applied_version": "1.0"}"#
                let status = try api.request("PUT", "/v1/nodes/bad%20node!/status", body: report, token: .node)
                #expect(status.status == 400)
                #expect(status.errorFields == ["node"])
                let poll = try api.request("GET", "/v1/nodes/bad%20node!/snapshot", token: .node)
                #expect(poll.status == 400)
                #expect(try api.request("GET", "/v1/nodes", token: .read).body == "[]")
            }
        }

        // MARK: Metrics and documentation

        @Test func metricsCountRequests() throws {
            try withAPIServer { api throws in
                #expect(try api.request("GET", "/healthz", token: .none).status == 200)
                let metrics = try api.request("GET", "/metrics", token: .read)
                #expect(metrics.status == 200)
                #expect(metrics.body.contains(#"gatehouse_control_requests_total{route="/healthz",status="200"} 1"#))
                #expect(metrics.body.contains("gatehouse_control_long_polls 0"))
            }
        }

        @Test
        func everyRouteIsDocumented() throws {
            try withAPIServer { api throws in
                let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any]
                let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
                let patterns = try #require(api.server.withAPI { $0.routePatterns })
                #expect(!patterns.isEmpty)
                for pattern in patterns {
                    let parts = pattern.split(separator: " ", maxSplits: 1).map(String.init)
                    #expect(paths[parts[1]]?[parts[0].lowercased()] != nil, "\(pattern) is not documented")
                }
            }
        }

        @Test
        func everyRouteButHealthRefusesACallWithoutAToken() throws {
            try withAPIServer { api throws in
                let patterns = try #require(api.server.withAPI { $0.routePatterns })
                #expect(patterns.count > 30)
                for pattern in patterns where pattern != "GET /healthz" {
                    let parts = pattern.split(separator: " ", maxSplits: 1).map(String.init)
                    // Captures become a valid name or number, so the router matches and only the token is missing.
                    let path = parts[1].split(separator: "/").map { $0.hasPrefix("{") ? "1" : String($0) }
                        .joined(separator: "/")
                    let body = parts[0] == "GET" || parts[0] == "DELETE" ? nil : "{}"
                    let answer = try api.request(parts[0], "/" + path, body: body, token: .none)
                    #expect(answer.status == 401, "\(pattern) answered \(answer.status) without a token")
                }
            }
        }
    }
}
