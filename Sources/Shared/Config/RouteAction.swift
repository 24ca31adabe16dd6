/// What a route does with a request it matches. A route has exactly one action.
public enum RouteAction: Sendable, Hashable {
    /// Proxy the request to the named service. JSON `"service": "NAME"`.
    case service(String)
    /// Answer from the gateway itself. JSON `direct_response`.
    case directResponse(DirectResponse)
    /// Answer with a redirect. JSON `redirect`.
    case redirect(Redirect)

    /// The JSON key naming this action.
    public var fieldName: String {
        switch self {
        case .service: "service"
        case .directResponse: "direct_response"
        case .redirect: "redirect"
        }
    }

    /// A response made by the gateway without contacting a service. JSON: `{"status": 200, "body": "ok",
    /// "content_type": "text/plain; charset=utf-8"}`.
    public struct DirectResponse: Sendable, Hashable {
        /// The response status. JSON `status`; required; 200…599.
        public var status: Int
        /// The response body. JSON `body`; default empty; at most 65536 bytes of UTF-8.
        public var body: String
        /// The `Content-Type` of the body. JSON `content_type`; default `"text/plain; charset=utf-8"`.
        public var contentType: String

        /// The largest body accepted, in bytes.
        public static let maximumBodyBytes = 65_536

        /// Creates a direct response; the body defaults to empty text.
        public init(status: Int, body: String = "", contentType: String = "text/plain; charset=utf-8") {
            self.status = status
            self.body = body
            self.contentType = contentType
        }
    }

    /// A redirect answered by the gateway. JSON: `{"status": 302, "location": "https://…"}` or parts:
    /// `{"scheme": "https", "host": "new.example.com", "path": "/v2", "strip_query": true}`.
    ///
    /// With parts, each part not given is taken from the request; the query is kept unless `strip_query`.
    public struct Redirect: Sendable, Hashable {
        /// The redirect status. JSON `status`; default 302; one of 301, 302, 303, 307, 308.
        public var status: Int
        /// The complete target: an absolute `http`/`https` URL or a path starting with `/`. JSON `location`;
        /// default `nil`; exclusive with the parts.
        public var location: String?
        /// The target scheme, `http` or `https`. JSON `scheme`; default `nil`, the request's scheme.
        public var scheme: String?
        /// The target host, optionally with `:port`. JSON `host`; default `nil`, the request's host.
        public var host: String?
        /// The target path. JSON `path`; default `nil`, the request's path.
        public var path: String?
        /// Whether the request's query is dropped from the target built from parts. JSON `strip_query`;
        /// default `false`.
        public var stripsQuery: Bool

        /// The statuses a redirect may use.
        public static let allowedStatuses = [301, 302, 303, 307, 308]

        /// Creates a redirect; every parameter defaults to the documented default.
        public init(
            status: Int = 302,
            location: String? = nil,
            scheme: String? = nil,
            host: String? = nil,
            path: String? = nil,
            stripsQuery: Bool = false
        ) {
            self.status = status
            self.location = location
            self.scheme = scheme
            self.host = host
            self.path = path
            self.stripsQuery = stripsQuery
        }
    }
}
