/// The kinds of draft resource the registry keeps. The raw value is the name stored in the database.
public enum ResourceKind: String, Sendable, CaseIterable {
    /// A service: a named group of endpoints with its load-balancing, timeout and retry settings.
    case service
    /// A route: which requests go to which service.
    case route
    /// A circuit-breaker policy that services name.
    case breakerPolicy = "breaker_policy"
    /// A rate limit.
    case rateLimit = "rate_limit"
    /// A consumer: a caller known to the gateway, with its credentials.
    case consumer
    /// A certificate with the host names it serves; its private key is kept apart.
    case certificate
}

/// A draft resource as stored: its specification is JSON text that the store keeps but does not read.
public struct Resource: Sendable, Equatable {
    /// The resource's kind.
    public var kind: ResourceKind
    /// The resource's name, unique within its kind.
    public var name: String
    /// The specification, as the canonical JSON text the caller stored.
    public var spec: String
    /// When the resource was last written, in unix milliseconds.
    public var updatedAt: Int64
}

/// Names one endpoint: the service it belongs to and its id within that service.
public struct EndpointID: Sendable, Hashable, CustomStringConvertible {
    /// The service the endpoint belongs to.
    public var service: String
    /// The endpoint's id, unique within its service.
    public var id: String

    /// Creates an endpoint name.
    public init(service: String, id: String) {
        self.service = service
        self.id = id
    }

    /// The name as `service/id`.
    public var description: String {
        "\(service)/\(id)"
    }
}

/// A live service endpoint, registered by the service instance or by an operator.
public struct Endpoint: Sendable, Equatable {
    /// The service the endpoint belongs to.
    public var service: String
    /// The endpoint's id, unique within its service.
    public var id: String
    /// The host name or IP address to connect to.
    public var address: String
    /// The TCP port to connect to, 1 to 65535.
    public var port: Int
    /// The endpoint's share of the traffic relative to the other endpoints of its service; 0 drains it.
    public var weight: Int
    /// How long the endpoint stays without a heartbeat before it lapses, in seconds; `nil` for never.
    public var ttlSeconds: Int?
    /// When the endpoint lapses unless a heartbeat comes first, in unix milliseconds; `nil` with no TTL.
    public var expiresAt: Int64?
    /// Whether the TTL ran out: a lapsed endpoint stays out of snapshots until a heartbeat revives it.
    public var isLapsed: Bool
    /// When the endpoint was first registered, in unix milliseconds.
    public var registeredAt: Int64
    /// When the endpoint last registered or sent a heartbeat, in unix milliseconds.
    public var lastHeartbeat: Int64
}

/// What one sweep of ``RegistryStore/expireEndpoints(now:graceSeconds:)`` changed.
public struct EndpointExpiry: Sendable, Equatable {
    /// Endpoints whose TTL ran out during this sweep; they leave the snapshot.
    public var lapsed: [EndpointID]
    /// Endpoints removed because they stayed lapsed for longer than the grace time.
    public var removed: [EndpointID]
}

/// A published configuration version, without its content.
public struct VersionSummary: Sendable, Equatable {
    /// The version number; versions count up from 1.
    public var version: Int
    /// The hash of the content, as the publisher computed it.
    public var hash: String
    /// The operator's message.
    public var message: String
    /// When the version was published, in unix milliseconds.
    public var createdAt: Int64
}

/// A published configuration version with its content: the JSON text of the whole draft at publication.
public struct PublishedVersion: Sendable, Equatable {
    /// The version's number, hash, message and time.
    public var summary: VersionSummary
    /// The JSON text of the draft that was published.
    public var content: String
}

/// A data-plane node as the control plane last heard of it.
public struct NodeRecord: Sendable, Equatable {
    /// The node's id, as it names itself.
    public var node: String
    /// The node's labels, as a JSON object.
    public var labels: String
    /// The build version the node runs.
    public var build: String
    /// When the node first polled, in unix milliseconds.
    public var firstSeen: Int64
    /// When the node last polled or reported, in unix milliseconds.
    public var lastSeen: Int64
    /// The configuration version the node should run; `nil` for the latest.
    public var desiredVersion: Int?
    /// The configuration version the node last reported as applied.
    public var appliedVersion: Int?
    /// The configuration version the node reports it rejected, if it still does.
    public var rejectedVersion: Int?
    /// Why the node rejected ``rejectedVersion``.
    public var rejectionReason: String?
    /// The health figures of the node's last report, as a JSON object.
    public var figures: String?
    /// When the node last reported its status, in unix milliseconds.
    public var reportedAt: Int64?
}

/// What an API token may do. The raw value is the name stored in the database.
public enum TokenRole: String, Sendable, CaseIterable {
    /// Read and write everything.
    case admin
    /// Read everything, write nothing.
    case read
    /// Poll snapshots and report status, as a data-plane node.
    case node
}

/// An API token as stored: only the SHA-256 of the secret is kept.
public struct TokenRecord: Sendable, Equatable {
    /// The token's id, assigned by the store.
    public var id: Int64
    /// The SHA-256 of the token's secret, as 64 lowercase hexadecimal digits.
    public var hash: String
    /// What the token may do.
    public var role: TokenRole
    /// When the token was added, in unix milliseconds.
    public var createdAt: Int64
    /// A note saying whom or what the token is for.
    public var description: String
}
