/// The naming rules for resources and endpoint ids, public so that callers taking names from URLs (such as
/// `PUT /v1/routes/{name}`) apply the same rules as ``DraftValidator``.
public enum ResourceName {
    /// Why `name` is not a valid resource name, or `nil` when it is: 1 to 63 characters of `a-z`, `0-9`, `-`,
    /// `_`, `.`, starting with a letter or digit.
    public static func problem(_ name: String) -> String? {
        ConfigSyntax.nameProblem(name)
    }

    /// Why `id` is not a valid endpoint id, or `nil` when it is: 1 to 128 characters of `A-Z`, `a-z`, `0-9`,
    /// `-`, `_`, `.`, `:`. Ids come from service instances (host names, pod names, addresses), so they are less
    /// constrained than resource names.
    public static func endpointIDProblem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        let isValid = bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_.:".utf8.contains(byte)
        }
        guard !bytes.isEmpty, bytes.count <= 128, isValid else {
            return "invalid endpoint id \"\(id)\"; expected 1 to 128 characters of A-Z, a-z, 0-9, '-', '_', '.', ':'"
        }
        return nil
    }
}
