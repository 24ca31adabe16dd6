import Glibc

extension ArgumentParser {
    /// Reads a listening or upstream address: `IPv4:port`, `[IPv6]:port` or `localhost:port`.
    ///
    /// - Parameters:
    ///   - text: The address, such as `127.0.0.1:8080` or `[::1]:8080`.
    ///   - option: The option the value came from, named in errors. Default: none.
    /// - Returns: The host without brackets and the port; port 0 asks the system for a free port.
    /// - Throws: `ArgumentError.invalidAddress` when the host or port is missing or malformed.
    public static func parseAddress(
        _ text: String, option: String? = nil
    ) throws(ArgumentError) -> (host: String, port: UInt16) {
        func failure(_ reason: String) -> ArgumentError {
            .invalidAddress(text, option: option, reason: reason)
        }

        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let closing = text.firstIndex(of: "]") else { throw failure("missing \"]\" after the IPv6 address") }
            host = text[text.index(after: text.startIndex)..<closing]
            let rest = text[text.index(after: closing)...]
            guard rest.hasPrefix(":") else {
                throw failure(rest.isEmpty ? "missing port" : "expected \":\" and a port after \"]\"")
            }
            portText = rest.dropFirst()
            guard isIPv6Address(String(host)) else { throw failure("\"\(host)\" is not an IPv6 address") }
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw failure("missing port") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else { throw failure("an IPv6 address needs brackets, as in [::1]:8080") }
            guard !host.isEmpty else { throw failure("missing host") }
            guard host == "localhost" || isIPv4Address(String(host)) else {
                throw failure("expected an IPv4 address, [IPv6 address] or localhost before the port")
            }
        }

        guard !portText.isEmpty else { throw failure("missing port") }
        guard portText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = UInt16(portText)
        else {
            throw failure("port must be a number from 0 to 65535")
        }
        return (String(host), port)
    }

    /// Reads labels written as `key=value` pairs separated by commas, such as `env=prod,zone=a`.
    ///
    /// Spaces around pairs are ignored; a value may be empty and may contain `=`; an empty text means no
    /// labels.
    ///
    /// - Parameters:
    ///   - text: The label list.
    ///   - option: The option the value came from, named in errors. Default: none.
    /// - Throws: `ArgumentError.invalidLabels` for a pair without `=`, an empty key or a repeated key.
    public static func parseLabels(_ text: String, option: String? = nil) throws(ArgumentError) -> [String: String] {
        var labels: [String: String] = [:]
        guard !text.trimmingSpaces().isEmpty else { return labels }

        for rawPair in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = String(rawPair).trimmingSpaces()
            guard !pair.isEmpty else {
                throw .invalidLabels(text, option: option, reason: "empty pair between commas")
            }
            guard let equals = pair.firstIndex(of: "=") else {
                throw .invalidLabels(text, option: option, reason: "\"\(pair)\" is not key=value")
            }
            let key = String(pair[..<equals]).trimmingSpaces()
            guard !key.isEmpty else {
                throw .invalidLabels(text, option: option, reason: "\"\(pair)\" has an empty key")
            }
            let value = String(pair[pair.index(after: equals)...]).trimmingSpaces()
            guard labels.updateValue(value, forKey: key) == nil else {
                throw .invalidLabels(text, option: option, reason: "label \"\(key)\" given more than once")
            }
        }
        return labels
    }

    private static func isIPv4Address(_ host: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1
    }

    private static func isIPv6Address(_ host: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, host, &address) == 1
    }
}
