import Shared

/// Copies header fields from one side of the proxy to the other as bytes, leaving out what must not cross:
/// hop-by-hop fields (RFC 9110 §7.6.1) and the ones `Connection` names, the framing (`content-length`, which the
/// sending side sets again), and fields a route removes.
enum ForwardedFields {
    /// Appends the fields of `head` (held in `bytes`) that may be forwarded, as `name: value CRLF` lines.
    ///
    /// - Parameters:
    ///   - removing: lower-cased names a route removes.
    ///   - skip: more fields to leave out, checked by the caller on the name's bytes.
    static func append(
        _ head: HTTPHead, bytes: UnsafeRawBufferPointer, removing: [String], to output: inout [UInt8],
        skip: (Range<Int>) -> Bool = { _ in false }
    ) {
        let connectionValues = head.fields.filter { $0.hasName("connection", in: bytes) }.map(\.value)
        for field in head.fields {
            let name = field.name
            if HTTPHeaderName.isHopByHop(name: name, in: bytes) || HTTPHeaderName.matches(bytes, name, "content-length")
                || skip(name)
            {
                continue
            }
            if connectionValues.contains(where: {
                HTTPHeaderName.connectionValue($0, in: bytes, lists: name, in: bytes)
            }) {
                continue
            }
            if !removing.isEmpty, removing.contains(where: { equalsIgnoringCase(bytes, name, $0) }) {
                continue
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[name]))
            output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[field.value]))
            output.append(contentsOf: [13, 10])
        }
    }

    /// Whether the bytes at `range` equal `name`, ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: String) -> Bool {
        var index = range.lowerBound
        for byte in name.utf8 {
            guard index < range.upperBound, bytes[index] | 0x20 == byte | 0x20 else { return false }
            index += 1
        }
        return index == range.upperBound
    }

    /// Appends `name: value CRLF` when both are valid HTTP.
    static func append(_ name: String, _ value: String, to output: inout [UInt8]) {
        HTTPSerializer.appendField(name: name, value: value, to: &output)
    }
}
