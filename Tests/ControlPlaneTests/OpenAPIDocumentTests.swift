import Foundation
import Testing

@testable import ControlPlane

@Suite("OpenAPIDocument")
struct OpenAPIDocumentTests {
    /// The HTTP methods an OpenAPI path item may hold operations for.
    private static let operationMethods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// Every path of the API with the methods it answers.
    private static let expectedOperations: [String: Set<String>] = {
        var operations: [String: Set<String>] = [
            "/healthz": ["get"],
            "/metrics": ["get"],
            "/v1/openapi.json": ["get"],
            "/v1/services/{name}/endpoints": ["get"],
            "/v1/services/{name}/endpoints/{id}": ["put", "delete"],
            "/v1/services/{name}/endpoints/{id}/heartbeat": ["post"],
            "/v1/versions": ["get", "post"],
            "/v1/versions/{version}": ["get"],
            "/v1/versions/{from}/diff/{to}": ["get"],
            "/v1/nodes": ["get"],
            "/v1/nodes/{node}/snapshot": ["get"],
            "/v1/nodes/{node}/status": ["put"],
        ]
        for collection in ["services", "routes", "breaker-policies", "rate-limits", "consumers"] {
            operations["/v1/\(collection)"] = ["get"]
            operations["/v1/\(collection)/{name}"] = ["get", "put", "delete"]
        }
        return operations
    }()

    /// One operation of the document, with where it sits.
    private struct Operation {
        var path: String
        var method: String
        var body: [String: Any]
    }

    private static func document() throws -> [String: Any] {
        let data = Data(OpenAPIDocument.json.utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private static func operations() throws -> [Operation] {
        let paths = try #require(try document()["paths"] as? [String: Any])
        var operations: [Operation] = []
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "path item of \(path)")
            for (method, body) in item where operationMethods.contains(method) {
                let body = try #require(body as? [String: Any], "\(method) \(path)")
                operations.append(Operation(path: path, method: method, body: body))
            }
        }
        return operations
    }

    @Test func isOpenAPI31() throws {
        let document = try Self.document()

        #expect(document["openapi"] as? String == "3.1.0")
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] is String)
        #expect(info["version"] is String)
    }

    @Test func hasEveryPathWithItsMethods() throws {
        var found: [String: Set<String>] = [:]
        for operation in try Self.operations() {
            found[operation.path, default: []].insert(operation.method)
        }

        for (path, methods) in Self.expectedOperations {
            #expect(found[path] == methods, "\(path)")
        }
    }

    @Test func everyOperationHasAUniqueIDAndASummary() throws {
        var seen: [String: String] = [:]
        for operation in try Self.operations() {
            let name = "\(operation.method.uppercased()) \(operation.path)"
            let id = try #require(operation.body["operationId"] as? String, "\(name) has no operationId")
            #expect(!id.isEmpty, "\(name)")
            #expect(seen[id] == nil, "\(name) reuses the operationId of \(seen[id] ?? "")")
            seen[id] = name
            #expect((operation.body["summary"] as? String)?.isEmpty == false, "\(name) has no summary")
        }
    }

    @Test func everyOperationButHealthNeedsAToken() throws {
        let document = try Self.document()
        let security = try #require(document["security"] as? [[String: Any]])
        #expect(security.count == 1 && security[0]["bearer"] != nil)

        for operation in try Self.operations() {
            let name = "\(operation.method.uppercased()) \(operation.path)"
            let responses = try #require(operation.body["responses"] as? [String: Any], "\(name)")
            if operation.path == "/healthz" {
                #expect((operation.body["security"] as? [Any])?.isEmpty == true)
                #expect(responses["401"] == nil)
            } else {
                #expect(operation.body["security"] == nil, "\(name) overrides the global security")
                #expect(responses["401"] != nil && responses["403"] != nil, "\(name) lacks 401 or 403")
            }
        }
    }

    @Test func errorResponsesAreProblemDocuments() throws {
        let components = try #require(try Self.document()["components"] as? [String: Any])
        let responses = try #require(components["responses"] as? [String: [String: Any]])

        for (name, response) in responses {
            let content = try #require(response["content"] as? [String: Any], "\(name)")
            #expect(Array(content.keys) == ["application/problem+json"], "\(name)")
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        var references: [String] = []
        collectReferences(in: document, into: &references)
        #expect(!references.isEmpty)

        for reference in references {
            #expect(resolve(reference, in: document) != nil, "\(reference) does not resolve")
        }
    }

    private func collectReferences(in value: Any, into references: inout [String]) {
        if let object = value as? [String: Any] {
            if let reference = object["$ref"] as? String {
                references.append(reference)
            }
            for child in object.values {
                collectReferences(in: child, into: &references)
            }
        } else if let array = value as? [Any] {
            for child in array {
                collectReferences(in: child, into: &references)
            }
        }
    }

    private func resolve(_ reference: String, in document: [String: Any]) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var current: Any = document
        for component in reference.dropFirst(2).split(separator: "/") {
            guard let object = current as? [String: Any], let next = object[String(component)] else { return nil }
            current = next
        }
        return current
    }
}
