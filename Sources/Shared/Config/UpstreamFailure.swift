/// A kind of failed exchange with an upstream endpoint, as named in retry conditions and breaker policies.
public enum UpstreamFailure: String, CaseIterable, Sendable, Hashable {
    /// Any response with a status from 500 to 599.
    case serverError = "5xx"
    /// A 502, 503 or 504 response.
    case gatewayError = "gateway_error"
    /// The connection could not be established (refused, unreachable, connect timeout).
    case connectFailure = "connect_failure"
    /// No response arrived within the applicable timeout.
    case timeout
    /// The connection was reset or closed before a complete response arrived.
    case reset
}
