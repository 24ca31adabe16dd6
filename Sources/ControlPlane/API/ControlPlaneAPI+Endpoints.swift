import Shared

/// Endpoints: live state registered by service instances, outside versions. A change reaches data planes at
/// once through a new endpoint generation.
extension ControlPlaneAPI {
    func addEndpointRoutes() {
        let base = "/v1/services/{name}/endpoints"
        add("GET", base, .read) { api, call in try api.listEndpoints(call) }
        add("PUT", base + "/{id}", .admin) { api, call in try api.putEndpoint(call) }
        add("DELETE", base + "/{id}", .admin) { api, call in try api.deleteEndpoint(call) }
        add("POST", base + "/{id}/heartbeat", .admin) { api, call in try api.heartbeat(call) }
    }

    private func requireService(_ name: String) throws {
        guard try store.get(kind: .service, name: name) != nil else {
            throw APIProblem.notFound("no service named \(name)")
        }
    }

    private func listEndpoints(_ call: APICall) throws -> APIResponse {
        let service = call.capture("name")
        try requireService(service)
        return .json(.object(["items": .array(try store.endpoints(service: service).map(endpointJSON))]))
    }

    private func putEndpoint(_ call: APICall) throws -> APIResponse {
        let service = call.capture("name")
        let id = call.capture("id")
        if let problem = ResourceName.endpointIDProblem(id) {
            throw APIProblem.badRequest("invalid endpoint id", errors: [.init(field: "id", reason: problem)])
        }
        try requireService(service)
        _ = try call.jsonBody()
        let spec: EndpointSpec
        do {
            spec = try ConfigDecoder.decode(EndpointSpec.self, from: call.request.body)
        } catch {
            throw APIProblem.invalid("the endpoint is invalid", errors: error.fieldErrors)
        }
        let created = try store.putEndpoint(
            service: service, id: id, address: spec.address, port: spec.port, weight: spec.weight,
            ttlSeconds: spec.ttlSeconds, now: call.now)
        endpointsChanged()
        return .json(try endpointJSON(service: service, id: id), status: created ? 201 : 200)
    }

    private func deleteEndpoint(_ call: APICall) throws -> APIResponse {
        let service = call.capture("name")
        let id = call.capture("id")
        guard try store.deleteEndpoint(service: service, id: id) else {
            throw APIProblem.notFound("no endpoint \(id) in service \(service)")
        }
        endpointsChanged()
        return .empty(204)
    }

    private func heartbeat(_ call: APICall) throws -> APIResponse {
        let service = call.capture("name")
        let id = call.capture("id")
        let generation = try store.endpointGeneration()
        guard try store.heartbeat(service: service, id: id, now: call.now) else {
            throw APIProblem.notFound("no endpoint \(id) in service \(service)")
        }
        if try store.endpointGeneration() != generation {
            endpointsChanged()
        }
        return .json(try endpointJSON(service: service, id: id))
    }

    private func endpointJSON(service: String, id: String) throws -> JSONValue {
        guard let endpoint = try store.endpoints(service: service).first(where: { $0.id == id }) else {
            throw APIProblem.notFound("no endpoint \(id) in service \(service)")
        }
        return endpointJSON(endpoint)
    }

    func endpointJSON(_ endpoint: Endpoint) -> JSONValue {
        .object([
            "service": .string(endpoint.service),
            "id": .string(endpoint.id),
            "address": .string(endpoint.address),
            "port": .int(endpoint.port),
            "weight": .int(endpoint.weight),
            "ttl_s": endpoint.ttlSeconds.map { .int($0) } ?? .null,
            "expires_at": APITime.json(endpoint.expiresAt),
            "lapsed": .bool(endpoint.isLapsed),
            "last_heartbeat": .string(APITime.text(endpoint.lastHeartbeat)),
        ])
    }

    /// Removes lapsed endpoints from snapshots and deletes those past their grace time; run periodically.
    func sweepEndpoints(now: Int64) {
        do {
            let expiry = try store.expireEndpoints(now: now, graceSeconds: configuration.endpointGraceSeconds)
            if !expiry.lapsed.isEmpty || !expiry.removed.isEmpty {
                logger.info(
                    "endpoints expired",
                    metadata: ["lapsed": "\(expiry.lapsed.count)", "removed": "\(expiry.removed.count)"])
                endpointsChanged()
            }
        } catch {
            logger.error("endpoint sweep failed", metadata: ["error": "\(error)"])
        }
    }

    /// The endpoint generation moved: every waiting poll may have a new snapshot.
    func endpointsChanged() {
        wakeWaiters()
    }
}
