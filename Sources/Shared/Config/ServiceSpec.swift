/// An upstream service: how the data plane balances, times out, retries, health-checks and connects to its
/// endpoints. Endpoints themselves are registered separately and change without a publish.
///
/// JSON (every field optional):
/// `{"lb": {…}, "breaker_policy": "NAME", "timeouts": {…}, "retries": {…}, "health_check": {…},
/// "protocol": "http1", "tls": {…}}`.
public struct ServiceSpec: ConfigResource {
    /// How requests are spread over the service's endpoints. JSON `lb`; default round robin.
    public var loadBalancing: LoadBalancing
    /// The name of the ``BreakerPolicySpec`` guarding each endpoint. JSON `breaker_policy`; default `nil`, no
    /// breaker and the data plane's built-in concurrency limits.
    public var breakerPolicy: String?
    /// Connect, request and idle timeouts. JSON `timeouts`; defaults as in ``Timeouts``.
    public var timeouts: Timeouts
    /// When and how often a failed request is tried again. JSON `retries`; defaults as in ``Retries``.
    public var retries: Retries
    /// Active health checking of each endpoint. JSON `health_check`; default `nil`, endpoints are considered
    /// healthy unless the control plane marks them otherwise.
    public var healthCheck: HealthCheck?
    /// The protocol spoken to the endpoints. JSON `protocol`; default `http1`.
    public var upstreamProtocol: UpstreamProtocol
    /// TLS towards the endpoints. JSON `tls`; default `nil`, plain TCP.
    public var tls: TLS?

    /// Creates a service spec; every parameter defaults to the documented default.
    public init(
        loadBalancing: LoadBalancing = LoadBalancing(),
        breakerPolicy: String? = nil,
        timeouts: Timeouts = Timeouts(),
        retries: Retries = Retries(),
        healthCheck: HealthCheck? = nil,
        upstreamProtocol: UpstreamProtocol = .http1,
        tls: TLS? = nil
    ) {
        self.loadBalancing = loadBalancing
        self.breakerPolicy = breakerPolicy
        self.timeouts = timeouts
        self.retries = retries
        self.healthCheck = healthCheck
        self.upstreamProtocol = upstreamProtocol
        self.tls = tls
    }

    /// The protocol spoken to a service's endpoints.
    public enum UpstreamProtocol: String, CaseIterable, Sendable, Hashable {
        /// HTTP/1.1 with keep-alive. JSON `"http1"`.
        case http1
        /// HTTP/2 with prior knowledge (or ALPN when TLS is on). JSON `"h2"`.
        case h2
        /// gRPC over HTTP/2. JSON `"grpc"`.
        case grpc
    }

    /// Load balancing over a service's endpoints. JSON object `lb`.
    public struct LoadBalancing: Sendable, Hashable {
        /// The balancing algorithm. JSON `policy`; default `round_robin`.
        public var policy: Policy
        /// What consistent hashing hashes. JSON `hash_on`: `"client_address"` or `"header:NAME"`; only for
        /// `ring_hash` and `maglev`, where it defaults to `client_address`; `nil` for the other policies.
        public var hashOn: HashKey?

        /// Creates a load-balancing setting; a hashing policy without a key hashes the client address.
        public init(policy: Policy = .roundRobin, hashOn: HashKey? = nil) {
            self.policy = policy
            self.hashOn = hashOn ?? (policy.isHashing ? .clientAddress : nil)
        }

        /// A load-balancing algorithm.
        public enum Policy: String, CaseIterable, Sendable, Hashable {
            /// Each endpoint in turn, in proportion to its weight. JSON `"round_robin"`.
            case roundRobin = "round_robin"
            /// The endpoint with the fewest requests in flight among two picked at random. JSON `"least_request"`.
            case leastRequest = "least_request"
            /// An endpoint picked at random, weighted. JSON `"random"`.
            case random
            /// Consistent hashing on a ring (stable under endpoint changes). JSON `"ring_hash"`.
            case ringHash = "ring_hash"
            /// Consistent hashing with a Maglev lookup table. JSON `"maglev"`.
            case maglev

            /// Whether the policy picks endpoints by hashing a request property.
            public var isHashing: Bool {
                self == .ringHash || self == .maglev
            }
        }

        /// The request property a hashing policy hashes.
        public enum HashKey: Sendable, Hashable {
            /// The client's IP address. JSON `"client_address"`.
            case clientAddress
            /// The value of a request header, by lower-cased name. JSON `"header:NAME"`.
            case header(String)
        }
    }

    /// Timeouts towards a service, in milliseconds. JSON object `timeouts`.
    public struct Timeouts: Sendable, Hashable {
        /// How long establishing a connection (and TLS) may take. JSON `connect_ms`; default 1000; 1…600000.
        public var connectMilliseconds: Int
        /// How long a whole request may take, from routing to the last response byte, across all retries.
        /// JSON `request_ms`; default 15000; 1…3600000.
        public var requestMilliseconds: Int
        /// How long a pooled upstream connection may stay unused before it is closed. JSON `idle_ms`;
        /// default 60000; 1…3600000.
        public var idleMilliseconds: Int

        /// Creates timeouts; every parameter defaults to the documented default.
        public init(connectMilliseconds: Int = 1000, requestMilliseconds: Int = 15000, idleMilliseconds: Int = 60000) {
            self.connectMilliseconds = connectMilliseconds
            self.requestMilliseconds = requestMilliseconds
            self.idleMilliseconds = idleMilliseconds
        }
    }

    /// Retrying failed requests. JSON object `retries`.
    public struct Retries: Sendable, Hashable {
        /// How many times a request is tried again after its first try fails; 0 disables retries, so a request
        /// is sent at most `attempts + 1` times. JSON `attempts`; default 1; 0…10.
        public var attempts: Int
        /// The failures that allow a retry. JSON `on`, a list of `"connect_failure"`, `"reset"`, `"5xx"`,
        /// `"gateway_error"`, `"timeout"`; default `["connect_failure", "reset"]`.
        public var conditions: [UpstreamFailure]
        /// How long each single try may take, in milliseconds. JSON `per_try_timeout_ms`; default `nil`, only
        /// the request timeout applies; 1…3600000.
        public var perTryTimeoutMilliseconds: Int?
        /// Retries in flight to the service may be at most this percentage of its active requests, so retries
        /// cannot multiply load during an outage. JSON `budget_percent`; default 20; 0…100.
        public var budgetPercent: Int

        /// Creates a retry setting; every parameter defaults to the documented default.
        public init(
            attempts: Int = 1,
            conditions: [UpstreamFailure] = [.connectFailure, .reset],
            perTryTimeoutMilliseconds: Int? = nil,
            budgetPercent: Int = 20
        ) {
            self.attempts = attempts
            self.conditions = conditions
            self.perTryTimeoutMilliseconds = perTryTimeoutMilliseconds
            self.budgetPercent = budgetPercent
        }
    }

    /// Active HTTP health checking of every endpoint. JSON object `health_check`.
    public struct HealthCheck: Sendable, Hashable {
        /// The path requested with `GET`. JSON `path`; required; must start with `/`.
        public var path: String
        /// Time between two checks of one endpoint, in milliseconds. JSON `interval_ms`; default 5000; 100…3600000.
        public var intervalMilliseconds: Int
        /// How long one check may take, in milliseconds. JSON `timeout_ms`; default 1000; 1…3600000, and not
        /// more than the interval.
        public var timeoutMilliseconds: Int
        /// Consecutive passing checks that make an unhealthy endpoint healthy. JSON `healthy_threshold`;
        /// default 2; 1…100.
        public var healthyThreshold: Int
        /// Consecutive failing checks that make a healthy endpoint unhealthy. JSON `unhealthy_threshold`;
        /// default 3; 1…100.
        public var unhealthyThreshold: Int
        /// Response statuses that count as passing. JSON `expected_statuses`, a list of `"200"` or
        /// `"200-399"` strings (bare integers are accepted too); default `["200-399"]`; each within 100…599.
        public var expectedStatuses: [ClosedRange<Int>]

        /// Creates a health check for `path`; every other parameter defaults to the documented default.
        public init(
            path: String,
            intervalMilliseconds: Int = 5000,
            timeoutMilliseconds: Int = 1000,
            healthyThreshold: Int = 2,
            unhealthyThreshold: Int = 3,
            expectedStatuses: [ClosedRange<Int>] = [200...399]
        ) {
            self.path = path
            self.intervalMilliseconds = intervalMilliseconds
            self.timeoutMilliseconds = timeoutMilliseconds
            self.healthyThreshold = healthyThreshold
            self.unhealthyThreshold = unhealthyThreshold
            self.expectedStatuses = expectedStatuses
        }
    }

    /// TLS towards a service's endpoints. JSON object `tls`.
    public struct TLS: Sendable, Hashable {
        /// Whether connections use TLS. JSON `enabled`; default `true` once the `tls` object is present.
        public var isEnabled: Bool
        /// The server name sent in SNI and checked in the certificate. JSON `sni`; default `nil`, the
        /// endpoint's address is verified instead and no SNI is sent.
        public var serverName: String?
        /// The trusted roots: the name of a certificate bundle, or `"system"` for the system's store. JSON `ca`;
        /// default `"system"`.
        public var certificateAuthority: String
        /// Whether the endpoint's certificate chain and name are verified. JSON `verify`; default `true`.
        public var verifiesPeer: Bool

        /// Creates a TLS setting; every parameter defaults to the documented default.
        public init(
            isEnabled: Bool = true,
            serverName: String? = nil,
            certificateAuthority: String = "system",
            verifiesPeer: Bool = true
        ) {
            self.isEnabled = isEnabled
            self.serverName = serverName
            self.certificateAuthority = certificateAuthority
            self.verifiesPeer = verifiesPeer
        }
    }
}
