import Shared

/// The REST API of the control plane. Lives on the control plane's single event loop; SQLite calls are short
/// and run on it too.
final class ControlPlaneAPI {
    typealias Handler = (ControlPlaneAPI, APICall) throws -> APIResponse?

    let store: RegistryStore
    let configuration: ControlPlaneConfiguration
    let loop: EventLoop
    let metrics: ControlPlaneMetrics
    /// Encrypts certificate keys at rest.
    let masterKey: MasterKey
    var logger: Logger { configuration.logger }
    private(set) var router = APIRouter<(access: APIAccess, pattern: String, handler: Handler)>()
    /// Snapshots built for (version, endpoint generation) pairs, shared by every node that wants one.
    var snapshots = SnapshotCache()
    /// Polls waiting for a change of their node's snapshot.
    var waiters = SnapshotWaiters()
    /// Polls seen since the last flush to the store, by node.
    var pendingPolls: [String: RegistryStore.Poll] = [:]
    private var isStopping = false

    init(
        store: RegistryStore, configuration: ControlPlaneConfiguration, loop: EventLoop, metrics: ControlPlaneMetrics,
        masterKey: MasterKey
    ) {
        self.masterKey = masterKey
        self.store = store
        self.configuration = configuration
        self.loop = loop
        self.metrics = metrics
        addRoutes()
    }

    private func addRoutes() {
        add("GET", "/healthz", .open) { _, _ in .json(.object(["status": .string("ok")])) }
        add("GET", "/metrics", .read) { api, _ in api.renderMetrics() }
        add("GET", "/v1/openapi.json", .read) { _, _ in
            APIResponse(
                status: 200, headers: [("content-type", APIResponse.jsonType)], body: Array(OpenAPIDocument.json.utf8))
        }
        addResourceRoutes()
        addCertificateRoutes()
        addEndpointRoutes()
        addVersionRoutes()
        addNodeRoutes()
    }

    func add(_ method: String, _ pattern: String, _ access: APIAccess, _ handler: @escaping Handler) {
        router.add(method, pattern, (access, pattern, handler))
    }

    /// The patterns served, as `METHOD /path/{capture}`, for checking the OpenAPI document against them.
    var routePatterns: [String] { router.patterns }

    // MARK: Serving

    /// Serves one complete request.
    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let now = RegistryStore.systemTime()
        logger.debug(
            "request", metadata: ["method": "\(request.method)", "path": "\(request.path)", "peer": "\(request.peer)"])
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            answer(responder, APIProblem.notFound("no such path: \(request.path)"), pattern: "unmatched")
        case .methodNotAllowed(let allowed):
            var problem = APIProblem(
                status: 405, title: "Method not allowed", detail: "use \(allowed.joined(separator: ", "))")
            problem.headers = [("allow", allowed.joined(separator: ", "))]
            answer(responder, problem, pattern: "unmatched")
        case .found(let route, let captures):
            if let problem = authorize(request, access: route.access, captures: captures) {
                answer(responder, problem, pattern: route.pattern)
                return
            }
            let call = APICall(request: request, captures: captures, responder: responder, now: now)
            do {
                if let response = try route.handler(self, call) {
                    metrics.countRequest(route: route.pattern, status: response.status)
                    responder.respond(status: response.status, headers: response.headers, body: response.body)
                }
            } catch let problem as APIProblem {
                answer(responder, problem, pattern: route.pattern)
            } catch let error as StoreError {
                logger.error("store failure", metadata: ["route": "\(route.pattern)", "error": "\(error)"])
                answer(
                    responder, APIProblem(status: 500, title: "Store failure", detail: error.shortName),
                    pattern: route.pattern)
            } catch {
                logger.error("request failure", metadata: ["route": "\(route.pattern)", "error": "\(error)"])
                answer(
                    responder, APIProblem(status: 500, title: "Internal error", detail: "see the control plane's log"),
                    pattern: route.pattern)
            }
        }
    }

    func answer(_ responder: HTTPResponder, _ problem: APIProblem, pattern: String) {
        metrics.countRequest(route: pattern, status: problem.status)
        var headers = problem.headers
        headers.append(("content-type", APIResponse.problemType))
        responder.respond(status: problem.status, headers: headers, body: problem.body())
    }

    // MARK: Access

    /// Checks the bearer token against the access the call needs: nil when allowed, else a 401 or 403 problem.
    private func authorize(_ request: HTTPRequest, access: APIAccess, captures: [String: String]) -> APIProblem? {
        if case .open = access {
            return nil
        }
        guard let header = request.header("authorization"), header.count > 7,
            header.prefix(7).lowercased() == "bearer "
        else {
            return .unauthorized("send Authorization: Bearer <token>")
        }
        let token = header.dropFirst(7).trimmingSpaces()
        let role: TokenRole?
        do {
            role = try store.token(byHash: ContentHash.sha256Hex(Array(token.utf8)))
        } catch {
            return APIProblem(status: 503, title: "Store failure", detail: "tokens cannot be read")
        }
        guard let role else {
            return .unauthorized("the token is not known")
        }
        let isAllowed: Bool
        switch (access, role) {
        case (.open, _), (_, .admin): isAllowed = true
        case (.read, .read): isAllowed = request.method == "GET" || request.method == "HEAD"
        case (.node, .node): isAllowed = true
        case (.read, .node), (.admin, .read), (.admin, .node), (.node, .read): isAllowed = false
        }
        return isAllowed
            ? nil
            : APIProblem(status: 403, title: "Forbidden", detail: "a \(role.rawValue) token cannot make this call")
    }

    // MARK: Lifecycle

    /// Answers every waiting poll with 304, for a clean stop.
    func stop() {
        isStopping = true
        waiters.releaseAll(on: loop)
        flushPolls()
    }
}
