import FoundationEssentials
import Shared

/// An error answered as an RFC 9457 problem document (`application/problem+json`).
public struct APIProblem: Error, Sendable {
    /// One thing wrong with a request, named by the JSON path of the field.
    public struct FieldError: Sendable, Equatable, Codable {
        /// The field, as a dotted JSON path such as `match.path_prefix`; empty for the document as a whole.
        public var field: String
        /// What is wrong with it.
        public var reason: String

        /// Creates a field error.
        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }
    }

    /// The HTTP status.
    public var status: Int
    /// A short, fixed summary of the problem type.
    public var title: String
    /// What happened in this case.
    public var detail: String
    /// The fields at fault, when the request body was invalid.
    public var errors: [FieldError]
    /// Extra response headers, such as `www-authenticate` or `allow`.
    public var headers: [(name: String, value: String)] = []

    /// Creates a problem.
    public init(status: Int, title: String, detail: String, errors: [FieldError] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    /// 400: the body is not what the call takes.
    public static func badRequest(_ detail: String, errors: [FieldError] = []) -> APIProblem {
        APIProblem(status: 400, title: "Bad request", detail: detail, errors: errors)
    }

    /// 401: no token, or an unknown one.
    public static func unauthorized(_ detail: String) -> APIProblem {
        var problem = APIProblem(status: 401, title: "Unauthorized", detail: detail)
        problem.headers = [("www-authenticate", "Bearer realm=\"gatehouse\"")]
        return problem
    }

    /// 404: no such resource.
    public static func notFound(_ detail: String) -> APIProblem {
        APIProblem(status: 404, title: "Not found", detail: detail)
    }

    /// 409: the request conflicts with the current state.
    public static func conflict(_ detail: String, errors: [FieldError] = []) -> APIProblem {
        APIProblem(status: 409, title: "Conflict", detail: detail, errors: errors)
    }

    /// 422: the body is well-formed but its content is invalid.
    public static func invalid(_ detail: String, errors: [FieldError]) -> APIProblem {
        APIProblem(status: 422, title: "Invalid configuration", detail: detail, errors: errors)
    }

    /// The problem document, as JSON bytes.
    public func body() -> [UInt8] {
        let document = Document(
            type: "about:blank", title: title, status: status, detail: detail, errors: errors.isEmpty ? nil : errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(document))) ?? Array("{\"status\":\(status)}".utf8)
    }

    private struct Document: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var errors: [FieldError]?
    }
}
