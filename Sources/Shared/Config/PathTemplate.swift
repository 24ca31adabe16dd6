/// A path pattern with named segments, such as `/users/{id}/orders/{order}`.
///
/// Each `{name}` matches exactly one non-empty path segment; a final `{name...}` matches the rest of the path,
/// slashes included (possibly nothing). Every other segment is literal text. A segment is either wholly literal
/// or wholly one capture: `/files/{name}.txt` is not accepted.
public struct PathTemplate: Sendable, Hashable {
    /// One `/`-separated part of a template.
    public enum Segment: Sendable, Hashable {
        /// Text that must appear as is.
        case literal(String)
        /// `{name}`: one segment, captured under `name`.
        case capture(String)
        /// `{name...}`: the rest of the path, captured under `name`; only last.
        case rest(String)
    }

    /// Why a template could not be parsed.
    public struct ParseError: Error, Sendable, Equatable {
        /// A short description of the fault.
        public var reason: String
    }

    /// The segments after the leading `/`, in order.
    public let segments: [Segment]

    /// Parses `text`.
    ///
    /// - Throws: ``ParseError`` when the text does not start with `/`, a brace is unbalanced or inside literal
    ///   text, a capture name is not an identifier, a name appears twice, or `{name...}` is not last.
    public init(_ text: String) throws(ParseError) {
        guard text.hasPrefix("/") else {
            throw ParseError(reason: "must start with '/'")
        }
        var segments: [Segment] = []
        var names: Set<String> = []
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let segment = try Self.parseSegment(part)
            switch segment {
            case .literal:
                break
            case .capture(let name), .rest(let name):
                guard names.insert(name).inserted else {
                    throw ParseError(reason: "capture {\(name)} appears more than once")
                }
                if case .rest = segment, index != parts.count - 1 {
                    throw ParseError(reason: "{\(name)...} may only be the last segment")
                }
            }
            segments.append(segment)
        }
        self.segments = segments
    }

    /// The names of all captures, in order.
    public var captureNames: [String] {
        segments.compactMap { segment in
            switch segment {
            case .literal: nil
            case .capture(let name), .rest(let name): name
            }
        }
    }

    private static func parseSegment(_ part: Substring) throws(ParseError) -> Segment {
        guard part.hasPrefix("{") else {
            if part.contains("{") || part.contains("}") {
                throw ParseError(reason: "segment \"\(part)\" must be literal text or a whole {name} capture")
            }
            return .literal(String(part))
        }
        guard part.hasSuffix("}"), part.count >= 3 else {
            throw ParseError(reason: "segment \"\(part)\" must be literal text or a whole {name} capture")
        }
        var name = part.dropFirst().dropLast()
        let isRest = name.hasSuffix("...")
        if isRest {
            name = name.dropLast(3)
        }
        guard isIdentifier(name) else {
            throw ParseError(
                reason: "capture name \"\(name)\" must start with a letter or '_' and hold only letters, digits, '_'")
        }
        return isRest ? .rest(String(name)) : .capture(String(name))
    }

    private static func isIdentifier(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
