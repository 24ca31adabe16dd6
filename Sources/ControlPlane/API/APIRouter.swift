import Shared

/// Matches REST calls to their handlers by method and path pattern.
///
/// Patterns are segments separated by `/`; a segment `{name}` captures one path segment. Routes are tried in
/// the order they were added; a path that matches with another method answers 405 with `allow`.
struct APIRouter<Handler> {
    private struct Entry {
        var method: String
        var pattern: String
        var segments: [Segment]
        var handler: Handler
    }

    private enum Segment: Equatable {
        case literal(Substring)
        case capture(String)
    }

    /// What matching a request found.
    enum Match {
        /// A handler and the captured segments.
        case found(Handler, [String: String])
        /// The path exists but not with this method; these methods would match.
        case methodNotAllowed([String])
        /// Nothing matches the path.
        case notFound
    }

    private var entries: [Entry] = []

    mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part -> Segment in
            if part.hasPrefix("{"), part.hasSuffix("}") {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(part)
        }
        entries.append(Entry(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    /// Every route as `METHOD /pattern`.
    var patterns: [String] { entries.map { "\($0.method) \($0.pattern)" } }

    func match(method: String, path: Substring) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        for entry in entries {
            guard let captures = Self.captures(entry.segments, parts) else { continue }
            if entry.method == method || (method == "HEAD" && entry.method == "GET") {
                return .found(entry.handler, captures)
            }
            allowed.append(entry.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    private static func captures(_ segments: [Segment], _ parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var captures: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard text == part else { return nil }
            case .capture(let name):
                guard let decoded = percentDecoded(part), !decoded.isEmpty else { return nil }
                captures[name] = decoded
            }
        }
        return captures
    }

    /// Decodes `%XX` escapes; nil for a malformed escape or invalid UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        PercentDecoding.decode(text, isLenient: false).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
