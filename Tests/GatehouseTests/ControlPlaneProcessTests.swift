import Dispatch
import Foundation
import Shared
import Synchronization
import Testing

/// `gatehouse control` as a separate process: startup, a clean stop, a kill, and the token command.
@Suite(
    "Control plane process", .serialized,
    .enabled(
        if: GatehouseBinary.isBuilt,
        "needs the built executable at .build/debug/gatehouse; run `swift build` (as `make test` does) first"))
struct ControlPlaneProcessTests {
    /// Services written before the kill.
    private static let acknowledgementsBeforeKill = 100

    @Test func servesAndStopsCleanlyOnSIGTERM() throws {
        try withTemporaryFolder { folder in
            let data = folder + "/data"
            let process = try GatehouseProcess(
                ["control", "--data-dir", data, "--listen", "127.0.0.1:0"], logPath: folder + "/stderr")
            defer { process.reap() }
            let address = try process.listeningAddress()
            let token = try adminToken(in: data)
            let client = try BlockingClient(address: address, token: token)
            defer { client.shutdown() }

            #expect(try client.request("GET", "/healthz").get().status == 200)
            #expect(try client.request("PUT", "/v1/services/users", body: "{}").get().status == 201)
            #expect(try client.request("POST", "/v1/versions").get().status == 201)
            #expect(try client.request("GET", "/v1/services/users").get().status == 200)

            process.send(SIGTERM)
            let exit = process.waitForExit(timeout: .seconds(5))
            #expect(exit != nil, "gatehouse still runs 5 s after SIGTERM; log: \(process.log)")
            #expect(exit?.status == 0 && exit?.wasSignaled == false, "exit \(String(describing: exit))")
        }
    }

    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        try withTemporaryFolder { folder in
            let data = folder + "/data"
            let arguments = ["control", "--data-dir", data, "--listen", "127.0.0.1:0"]
            let first = try GatehouseProcess(arguments, logPath: folder + "/stderr-first")
            defer { first.reap() }
            let client = try BlockingClient(address: try first.listeningAddress(), token: try adminToken(in: data))
            let acknowledged = try writeUntilKilled(client, process: first)
            client.shutdown()
            let exit = first.waitForExit(timeout: .seconds(5))
            #expect(exit?.wasSignaled == true && exit?.status == SIGKILL, "exit \(String(describing: exit))")
            #expect(acknowledged.count >= Self.acknowledgementsBeforeKill)

            let second = try GatehouseProcess(arguments, logPath: folder + "/stderr-second")
            defer { second.reap() }
            let reader = try BlockingClient(address: try second.listeningAddress(), token: try adminToken(in: data))
            defer { reader.shutdown() }
            var missing: [Int] = []
            for index in acknowledged where try reader.request("GET", "/v1/services/s\(index)").get().status != 200 {
                missing.append(index)
            }
            #expect(missing.isEmpty, "acknowledged services lost: \(missing.prefix(10))")

            let list = try reader.request("GET", "/v1/services").get()
            let items = try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [String: Any]
            let count = (items?["items"] as? [Any])?.count ?? 0
            // The one write in flight at the kill may have committed without its acknowledgement.
            #expect(count == acknowledged.count || count == acknowledged.count + 1)
            #expect(try reader.request("PUT", "/v1/services/after", body: "{}").get().status == 201)
        }
    }

    @Test func createdReadTokenReadsButCannotWrite() throws {
        try withTemporaryFolder { folder in
            let data = folder + "/data"
            let command = try GatehouseProcess(
                ["control", "token", "create", "--role", "read", "--data-dir", data], logPath: folder + "/stderr-token")
            defer { command.reap() }
            let token = try command.line(startingWith: "")
            #expect(command.waitForExit(timeout: .seconds(5))?.status == 0)
            #expect(token.count == 64)

            let server = try GatehouseProcess(
                ["control", "--data-dir", data, "--listen", "127.0.0.1:0"], logPath: folder + "/stderr")
            defer { server.reap() }
            let client = try BlockingClient(address: try server.listeningAddress(), token: token)
            defer { client.shutdown() }
            #expect(try client.request("GET", "/v1/services").get().status == 200)
            #expect(try client.request("PUT", "/v1/services/users", body: "{}").get().status == 403)

            server.send(SIGTERM)
            #expect(server.waitForExit(timeout: .seconds(5))?.status == 0)
        }
    }

    private func adminToken(in data: String) throws -> String {
        try String(contentsOfFile: data + "/admin.token", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// PUTs services `s0`, `s1`, … one at a time and kills the process with the next PUT in flight once enough
    /// were acknowledged; returns the indexes answered 201.
    private func writeUntilKilled(_ client: BlockingClient, process: GatehouseProcess) throws -> [Int] {
        var acknowledged: [Int] = []
        var index = 0
        while acknowledged.count < Self.acknowledgementsBeforeKill {
            let answer = try client.request("PUT", "/v1/services/s\(index)", body: #"{"lb": {"policy": "random"}}"#)
                .get()
            guard answer.status == 201 else {
                throw ProcessTestFailure("PUT s\(index) answered \(answer.status): \(answer.body)")
            }
            acknowledged.append(index)
            index += 1
        }

        let last = Mutex<Result<BlockingClient.Answer, HTTPClientError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        client.send("PUT", "/v1/services/s\(index)", body: "{}") { result in
            last.withLock { $0 = result }
            done.signal()
        }
        process.send(SIGKILL)
        done.wait()
        if case .success(let answer) = last.withLock({ $0! }), answer.status == 201 {
            acknowledged.append(index)
        }
        return acknowledged
    }
}
