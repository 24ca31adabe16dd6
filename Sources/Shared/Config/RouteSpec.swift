/// A route: which requests it takes, what it does with them, and the per-route changes and policies on the way.
///
/// JSON: `{"match": {…}, "priority": 0, "service": "users", "rewrite": {…}, "request_headers": {…},
/// "response_headers": {…}, "timeouts": {"request_ms": 5000}, "retries": {"attempts": 0},
/// "policies": {"rate_limit": "NAME", "auth": {…}}}`, with exactly one of `service`, `direct_response` and
/// `redirect`.
///
/// When several routes match a request, the one with the highest ``priority`` wins; among equal priorities the
/// most specific wins, as ``RouteOrder`` defines it.
public struct RouteSpec: ConfigResource {
    /// The conditions a request must meet. JSON `match`; default empty, every request.
    public var match: RouteMatch
    /// Precedence over other matching routes; higher wins. JSON `priority`; default 0; -1000000…1000000.
    public var priority: Int
    /// What the route does. JSON `service`, `direct_response` or `redirect`; required, exactly one.
    public var action: RouteAction
    /// How the path is changed before the request goes to the service. JSON `rewrite`; default `nil`, unchanged.
    public var rewrite: PathRewrite?
    /// Headers added to and removed from the request sent to the service. JSON `request_headers`; default none.
    public var requestHeaders: HeaderChanges
    /// Headers added to and removed from the response sent to the client. JSON `response_headers`; default none.
    public var responseHeaders: HeaderChanges
    /// Replaces the service's request timeout for this route, in milliseconds. JSON `timeouts.request_ms`;
    /// default `nil`, the service's timeout; 1…3600000.
    public var requestTimeoutMilliseconds: Int?
    /// Replaces the service's retry count (retries after the first try) for this route. JSON
    /// `retries.attempts`; default `nil`, the service's count; 0…10.
    public var retryAttempts: Int?
    /// Policies applied before the action. JSON `policies`; default none.
    public var policies: Policies

    /// Creates a route; every parameter but the action defaults to the documented default.
    public init(
        match: RouteMatch = RouteMatch(),
        priority: Int = 0,
        action: RouteAction,
        rewrite: PathRewrite? = nil,
        requestHeaders: HeaderChanges = HeaderChanges(),
        responseHeaders: HeaderChanges = HeaderChanges(),
        requestTimeoutMilliseconds: Int? = nil,
        retryAttempts: Int? = nil,
        policies: Policies = Policies()
    ) {
        self.match = match
        self.priority = priority
        self.action = action
        self.rewrite = rewrite
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.retryAttempts = retryAttempts
        self.policies = policies
    }

    /// A change of the request path before proxying. JSON object `rewrite` with exactly one of `path_prefix` and
    /// `path_template`.
    public enum PathRewrite: Sendable, Hashable {
        /// Replaces the prefix matched by `match.path_prefix` with this text. JSON `path_prefix`.
        case prefix(String)
        /// Builds the path from a template whose `{name}`s are captures of `match.path_template`. JSON
        /// `path_template`.
        case template(String)
    }

    /// Header edits on a request or response. JSON: `{"add": {"x-env": "prod"}, "remove": ["x-debug"]}`.
    /// Removals apply before additions; an added header replaces any header of the same name.
    public struct HeaderChanges: Sendable, Hashable {
        /// Headers set, by lower-cased name. JSON `add`; default empty.
        public var add: [String: String]
        /// Header names removed, lower-cased. JSON `remove`; default empty.
        public var remove: [String]

        /// Creates header edits; both default to none.
        public init(add: [String: String] = [:], remove: [String] = []) {
            self.add = add
            self.remove = remove
        }

        /// Whether no header is added or removed.
        public var isEmpty: Bool {
            add.isEmpty && remove.isEmpty
        }
    }

    /// Policies applied to a route's requests before its action. JSON object `policies`.
    public struct Policies: Sendable, Hashable {
        /// The name of the ``RateLimitSpec`` applied. JSON `rate_limit`; default `nil`, no limit.
        public var rateLimit: String?
        /// Who may call the route. JSON `auth`; default `nil`, anyone.
        public var auth: AuthRequirement?

        /// Creates a policy set; both default to none.
        public init(rateLimit: String? = nil, auth: AuthRequirement? = nil) {
            self.rateLimit = rateLimit
            self.auth = auth
        }
    }

    /// Who may call a route. JSON: `{"consumers_required": true, "groups": ["admins"]}`.
    public struct AuthRequirement: Sendable, Hashable {
        /// Whether the caller must be an identified consumer (by API key or JWT subject); anonymous requests are
        /// answered 401. JSON `consumers_required`; default `true`.
        public var consumersRequired: Bool
        /// When not empty, the consumer must belong to at least one of these groups, or the request is answered
        /// 403. JSON `groups`; default empty, any consumer.
        public var groups: [String]

        /// Creates an authentication requirement; by default any identified consumer is accepted.
        public init(consumersRequired: Bool = true, groups: [String] = []) {
            self.consumersRequired = consumersRequired
            self.groups = groups
        }
    }
}
