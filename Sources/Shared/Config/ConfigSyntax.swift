import Glibc

/// The lexical rules shared by configuration fields: resource names, host names, header names, methods and
/// numeric addresses. Each check returns a reason when the text is not acceptable, or `nil`.
enum ConfigSyntax {
    /// The longest resource name accepted, in bytes.
    static let maximumNameLength = 63

    /// A resource name: 1 to 63 bytes of `a-z`, `0-9`, `-`, `_` and `.`, starting with a letter or digit.
    static func nameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maximumNameLength, isLowerAlphanumeric(first),
            bytes.allSatisfy(isNameByte)
        else {
            return "invalid name \"\(name)\"; expected 1 to 63 characters of a-z, 0-9, '-', '_', '.', "
                + "starting with a letter or digit"
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// A host name as matched against `Host` and SNI: lower-case DNS labels, or `*.` followed by such a name.
    static func hostPatternProblem(_ host: String) -> String? {
        var name = Substring(host)
        if name.hasPrefix("*.") {
            name = name.dropFirst(2)
        }
        if name.contains("*") {
            return "wildcard '*' is allowed only as the whole first label, as in *.example.com"
        }
        return dnsNameProblem(name)
    }

    private static func dnsNameProblem(_ name: Substring) -> String? {
        guard !name.isEmpty, name.utf8.count <= 253 else {
            return "host name must be 1 to 253 characters"
        }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty, bytes.count <= 63 else {
                return "each label of a host name must be 1 to 63 characters"
            }
            let isValid = bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            guard isValid, bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
                return "host name labels may hold only a-z, 0-9 and inner '-'"
            }
        }
        return nil
    }

    /// An HTTP token (RFC 9110 `tchar`), the syntax of header names and methods.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    /// A header value that can be sent as is: no CR, LF or NUL.
    static func isSafeHeaderValue(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// A numeric IPv4 address (`127.0.0.1`) or IPv6 address (`::1`), without brackets, port or zone.
    static func isNumericAddress(_ text: String) -> Bool {
        // The C function stops at the first NUL, which would let "10.0.0.1\u{0}junk" pass.
        guard !text.utf8.contains(0), text.utf8.count <= 64 else {
            return false
        }
        var buffer = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buffer) { storage in
            inet_pton(AF_INET, text, storage.baseAddress) == 1 || inet_pton(AF_INET6, text, storage.baseAddress) == 1
        }
    }

    /// A request path as written in configuration: starts with `/`, no spaces, controls, `?` or `#`.
    static func pathProblem(_ path: String) -> String? {
        guard path.hasPrefix("/") else {
            return "must start with '/'"
        }
        let isClean = path.utf8.allSatisfy {
            $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
        }
        return isClean ? nil : "must not contain spaces, control characters, '?' or '#'"
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension ConfigSyntax {
    /// A regular expression in Swift `Regex` syntax; returns why it does not compile, or `nil`.
    static func regexProblem(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "is not a valid regular expression: \(error)"
        }
    }
}
