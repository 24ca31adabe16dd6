/// Percent-decoding of URL components (RFC 3986 §2.1).
public enum PercentDecoding {
    /// The value of one hexadecimal digit, or nil.
    @inline(__always)
    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `text` with `%XX` escapes decoded; a malformed escape is kept as written when `isLenient`, and makes the
    /// result nil otherwise.
    public static func decode(_ text: Substring, isLenient: Bool) -> [UInt8]? {
        let source = Array(text.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%") {
                if index + 2 < source.count, let high = hexValue(source[index + 1]),
                    let low = hexValue(source[index + 2])
                {
                    decoded.append(high << 4 | low)
                    index += 3
                    continue
                }
                guard isLenient else { return nil }
            }
            decoded.append(source[index])
            index += 1
        }
        return decoded
    }
}
