import Shared

/// Published versions: immutable, numbered copies of the whole draft.
extension ControlPlaneAPI {
    func addVersionRoutes() {
        add("POST", "/v1/versions", .admin) { api, call in try api.publish(call) }
        add("GET", "/v1/versions", .read) { api, _ in try api.listVersions() }
        add("GET", "/v1/versions/{version}", .read) { api, call in try api.getVersion(call) }
        add("GET", "/v1/versions/{from}/diff/{to}", .read) { api, call in try api.diffVersions(call) }
    }

    /// The draft as the configuration model, with every problem of decoding it.
    func currentDraft() throws -> Draft {
        var resources: [String: [String: JSONValue]] = [:]
        for resource in try store.draft() {
            let key = Self.draftKey(resource.kind)
            resources[key, default: [:]][resource.name] = try ConfigDecoder.parse(Array(resource.spec.utf8))
        }
        let json = JSONValue.object(resources.mapValues { .object($0) })
        do {
            return try Draft(json: json)
        } catch {
            throw APIProblem.invalid("the draft cannot be read", errors: error.fieldErrors)
        }
    }

    /// The key of a resource kind in a draft document.
    static func draftKey(_ kind: ResourceKind) -> String {
        switch kind {
        case .service: "services"
        case .route: "routes"
        case .breakerPolicy: "breaker_policies"
        case .rateLimit: "rate_limits"
        case .consumer: "consumers"
        case .certificate: "certificates"
        }
    }

    private func publish(_ call: APICall) throws -> APIResponse {
        var message = ""
        if !call.request.body.isEmpty {
            guard case .object(let fields) = try call.jsonBody() else {
                throw APIProblem.badRequest(
                    "the body must be a JSON object", errors: [.init(field: "", reason: "not an object")])
            }
            for key in fields.keys where key != "message" {
                throw APIProblem.badRequest("unknown field", errors: [.init(field: key, reason: "unknown field")])
            }
            switch fields["message"] {
            case .string(let text): message = text
            case nil, .null: break
            default:
                throw APIProblem.badRequest(
                    "invalid message", errors: [.init(field: "message", reason: "must be a string")])
            }
        }
        let draft = try currentDraft()
        let problems = DraftValidator.validate(draft)
        guard problems.isEmpty else {
            throw APIProblem.invalid(
                "the draft has \(problems.count) problem(s); nothing was published",
                errors: problems.map { .init(field: $0.field, reason: $0.reason) })
        }
        let content = String(decoding: draft.jsonValue.canonicalBytes, as: UTF8.self)
        let (version, created) = try store.publish(
            message: message, content: content, hash: draft.contentHash, now: call.now)
        guard let summary = try store.version(version)?.summary else {
            throw APIProblem(status: 500, title: "Store failure", detail: "the version vanished after it was written")
        }
        if created {
            metrics.publishes.labels([]).increment()
            logger.info("version published", metadata: ["version": "\(version)", "hash": "\(summary.hash)"])
            wakeWaiters()
        }
        return .json(versionJSON(summary), status: created ? 201 : 200)
    }

    private func listVersions() throws -> APIResponse {
        .json(.object(["items": .array(try store.versions().map(versionJSON))]))
    }

    private func version(_ text: String) throws -> PublishedVersion {
        guard let number = Int(text), number > 0 else {
            throw APIProblem.notFound("no version \(text): versions are positive integers")
        }
        guard let version = try store.version(number) else {
            throw APIProblem.notFound("no version \(number)")
        }
        return version
    }

    private func getVersion(_ call: APICall) throws -> APIResponse {
        let published = try version(call.capture("version"))
        guard case .object(var fields) = versionJSON(published.summary) else { preconditionFailure("an object") }
        fields["config"] = try ConfigDecoder.parse(Array(published.content.utf8))
        return .json(.object(fields))
    }

    private func diffVersions(_ call: APICall) throws -> APIResponse {
        let from = try version(call.capture("from"))
        let to = try version(call.capture("to"))
        let before = try ConfigDecoder.parse(Array(from.content.utf8))
        let after = try ConfigDecoder.parse(Array(to.content.utf8))
        return .json(
            .object([
                "from": .int(from.summary.version),
                "to": .int(to.summary.version),
                "changes": .array(VersionDiff.changes(from: before, to: after)),
            ]))
    }

    func versionJSON(_ summary: VersionSummary) -> JSONValue {
        .object([
            "version": .int(summary.version),
            "hash": .string(summary.hash),
            "message": .string(summary.message),
            "created_at": .string(APITime.text(summary.createdAt)),
        ])
    }
}

/// The differences between two versions, resource by resource.
enum VersionDiff {
    /// Resources added, removed or changed from `before` to `after`, sorted by kind and name.
    static func changes(from before: JSONValue, to after: JSONValue) -> [JSONValue] {
        guard case .object(let old) = before, case .object(let new) = after else { return [] }
        var changes: [JSONValue] = []
        for kind in Set(old.keys).union(new.keys).sorted() {
            let oldResources = resources(old[kind])
            let newResources = resources(new[kind])
            for name in Set(oldResources.keys).union(newResources.keys).sorted() {
                let change: String
                switch (oldResources[name], newResources[name]) {
                case (nil, _?): change = "added"
                case (_?, nil): change = "removed"
                case (let a?, let b?) where a != b: change = "changed"
                default: continue
                }
                changes.append(.object(["kind": .string(kind), "name": .string(name), "change": .string(change)]))
            }
        }
        return changes
    }

    private static func resources(_ value: JSONValue?) -> [String: JSONValue] {
        if case .object(let resources)? = value {
            return resources
        }
        return [:]
    }
}
