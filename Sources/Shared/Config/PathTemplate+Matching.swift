extension PathTemplate {
    /// The captures of `path` when it matches the template, or `nil`.
    ///
    /// The path is compared as given (not percent-decoded), segment by segment: literals must be equal, `{name}`
    /// takes one non-empty segment, and a final `{name...}` takes everything after the preceding segments
    /// without the separating `/` (possibly nothing). A query must be removed from `path` beforehand.
    public func match(_ path: Substring) -> [String: Substring]? {
        guard path.first == "/" else {
            return nil
        }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var captures: [String: Substring] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard index < parts.count, parts[index] == text else {
                    return nil
                }
            case .capture(let name):
                guard index < parts.count, !parts[index].isEmpty else {
                    return nil
                }
                captures[name] = parts[index]
            case .rest(let name):
                captures[name] = Self.remainder(of: path, after: index, parts: parts)
                return captures
            }
        }
        return parts.count == segments.count ? captures : nil
    }

    /// The path this template names with `captures` filled in; a missing capture becomes an empty segment.
    public func render(_ captures: [String: Substring]) -> String {
        var path = ""
        for segment in segments {
            path += "/"
            switch segment {
            case .literal(let text): path += text
            case .capture(let name), .rest(let name): path += captures[name] ?? ""
            }
        }
        return path
    }

    /// What follows the first `count` segments of `path`, without the `/` before it.
    private static func remainder(of path: Substring, after count: Int, parts: [Substring]) -> Substring {
        guard count < parts.count else {
            return path[path.endIndex...]
        }
        return path[parts[count].startIndex...]
    }
}
