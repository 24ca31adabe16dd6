/// The conditions a request must meet for a route to apply. Every condition given must hold; an empty
/// condition list matches everything.
///
/// JSON object `match`: `{"hosts": […], "path_prefix": "/users", "methods": ["GET"], "headers": […],
/// "query": […]}`, with at most one of `path_exact`, `path_prefix`, `path_regex`, `path_template`.
public struct RouteMatch: Sendable, Hashable {
    /// Host names the request's `Host` (or `:authority`, without port) must equal: exact names or `*.` wildcards
    /// matching one or more leading labels (`*.example.com` matches `a.example.com` and `a.b.example.com`, not
    /// `example.com`). Stored lower-cased. JSON `hosts`; default empty, any host.
    public var hosts: [String]
    /// The condition on the request path, compared before percent-decoding. JSON `path_exact`, `path_prefix`,
    /// `path_regex` or `path_template`; default `nil`, any path.
    public var path: PathMatch?
    /// Request methods accepted, stored upper-cased. JSON `methods`; default empty, any method.
    public var methods: [String]
    /// Conditions on request headers, all of which must hold. JSON `headers`; default empty.
    public var headers: [HeaderMatch]
    /// Conditions on query parameters, all of which must hold. JSON `query`; default empty.
    public var query: [QueryMatch]

    /// Creates a match; every parameter defaults to "any".
    public init(
        hosts: [String] = [],
        path: PathMatch? = nil,
        methods: [String] = [],
        headers: [HeaderMatch] = [],
        query: [QueryMatch] = []
    ) {
        self.hosts = hosts
        self.path = path
        self.methods = methods
        self.headers = headers
        self.query = query
    }

    /// A condition on the request path.
    public enum PathMatch: Sendable, Hashable {
        /// The path equals the text. JSON `path_exact`.
        case exact(String)
        /// The path starts with the text, at a segment boundary when the text does not end in `/` (`/users`
        /// matches `/users` and `/users/1`, not `/usersx`). JSON `path_prefix`.
        case prefix(String)
        /// The whole path matches the regular expression (Swift `Regex` syntax). JSON `path_regex`.
        case regex(String)
        /// The path matches a ``PathTemplate``; its captures are available to rewrites. JSON `path_template`.
        case template(String)

        /// The JSON key naming this kind of matcher.
        public var fieldName: String {
            switch self {
            case .exact: "path_exact"
            case .prefix: "path_prefix"
            case .regex: "path_regex"
            case .template: "path_template"
            }
        }

        /// The pattern text.
        public var pattern: String {
            switch self {
            case .exact(let text), .prefix(let text), .regex(let text), .template(let text): text
            }
        }
    }

    /// A condition on one request header. JSON: `{"name": "x-env", "exact": "prod", "invert": false}` with
    /// exactly one of `exact`, `prefix`, `regex` or `"present": true`.
    public struct HeaderMatch: Sendable, Hashable {
        /// The header name, stored lower-cased. JSON `name`; required.
        public var name: String
        /// What the header's value must satisfy.
        public var condition: Condition
        /// Whether the condition is reversed: the route applies when the condition does not hold (for
        /// `present`, when the header is absent). JSON `invert`; default `false`.
        public var isInverted: Bool

        /// Creates a header condition.
        public init(name: String, condition: Condition, isInverted: Bool = false) {
            self.name = name
            self.condition = condition
            self.isInverted = isInverted
        }

        /// What a header value must satisfy. When a header appears more than once, its values are joined with
        /// `", "` before comparison.
        public enum Condition: Sendable, Hashable {
            /// The value equals the text, case-sensitively. JSON `exact`.
            case exact(String)
            /// The value starts with the text. JSON `prefix`.
            case prefix(String)
            /// The whole value matches the regular expression. JSON `regex`.
            case regex(String)
            /// The header is present, with any value. JSON `"present": true`.
            case present
        }
    }

    /// A condition on one query parameter. JSON: `{"name": "debug", "exact": "1"}` or
    /// `{"name": "debug", "present": true}`.
    public struct QueryMatch: Sendable, Hashable {
        /// The parameter name, compared after percent-decoding, case-sensitively. JSON `name`; required.
        public var name: String
        /// What the parameter must satisfy.
        public var condition: Condition

        /// Creates a query condition.
        public init(name: String, condition: Condition) {
            self.name = name
            self.condition = condition
        }

        /// What a query parameter must satisfy; the first occurrence of the name is compared.
        public enum Condition: Sendable, Hashable {
            /// The decoded value equals the text. JSON `exact`.
            case exact(String)
            /// The parameter is present, with any value. JSON `"present": true`.
            case present
        }
    }
}
