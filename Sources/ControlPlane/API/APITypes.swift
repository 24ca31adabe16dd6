import Shared

/// Who may make a call.
enum APIAccess {
    /// Anyone, without a token.
    case open
    /// Read-only and admin tokens.
    case read
    /// Admin tokens only.
    case admin
    /// Node and admin tokens.
    case node
}

/// One REST call being served.
struct APICall {
    /// The request.
    var request: HTTPRequest
    /// Segments captured from the path pattern, by name.
    var captures: [String: String]
    /// Answers the call; only long-polls use it directly.
    var responder: HTTPResponder
    /// The current time, in unix milliseconds.
    var now: Int64

    /// A captured path segment; the router guarantees the pattern's captures are present.
    func capture(_ name: String) -> String {
        guard let value = captures[name] else {
            preconditionFailure("the route pattern has no capture named \(name)")
        }
        return value
    }

    /// The body as JSON, or a 400/415 problem.
    func jsonBody() throws(APIProblem) -> JSONValue {
        if let type = request.header("content-type"), !type.lowercased().hasPrefix("application/json") {
            throw APIProblem(status: 415, title: "Unsupported media type", detail: "send application/json")
        }
        do {
            return try ConfigDecoder.parse(request.body)
        } catch {
            throw APIProblem.badRequest("the body is not valid JSON", errors: error.fieldErrors)
        }
    }
}

/// What a handler answers.
struct APIResponse {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    /// The media type of JSON answers. The charset parameter is meaningless to JSON parsers (RFC 8259 fixes
    /// UTF-8) but stops clients that guess the encoding of text from misreading non-ASCII bytes.
    static let jsonType = "application/json; charset=utf-8"
    /// The media type of problem documents, with the same charset parameter.
    static let problemType = "application/problem+json; charset=utf-8"

    /// A JSON answer, encoded canonically (sorted keys).
    static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        APIResponse(
            status: status, headers: [("content-type", APIResponse.jsonType)], body: value.canonicalBytes)
    }

    /// An answer without a body.
    static func empty(_ status: Int) -> APIResponse {
        APIResponse(status: status)
    }
}

extension ConfigError {
    /// The problems as field errors of a problem document.
    var fieldErrors: [APIProblem.FieldError] {
        problems.map { APIProblem.FieldError(field: $0.field, reason: $0.reason) }
    }
}

/// Time as RFC 3339 text.
enum APITime {
    /// Formats unix milliseconds as `2026-12-04T06:30:01.123Z`.
    static func text(_ milliseconds: Int64) -> String {
        LogTimestamp(
            secondsSinceEpoch: milliseconds / 1000, nanoseconds: Int32(milliseconds % 1000) * 1_000_000
        ).description
    }

    /// The time, or null.
    static func json(_ milliseconds: Int64?) -> JSONValue {
        milliseconds.map { .string(text($0)) } ?? .null
    }
}
