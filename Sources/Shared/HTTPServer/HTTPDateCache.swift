import Glibc

/// The `date` field value (RFC 9110 §5.6.7, IMF-fixdate), formatted once per second per loop.
struct HTTPDateCache {
    private var second: Int = -1
    private(set) var bytes: [UInt8] = []

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The current date as `Sun, 06 Nov 1994 08:49:37 GMT`.
    mutating func current() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            bytes = Self.format(now)
        }
        return bytes
    }

    static func format(_ seconds: Int) -> [UInt8] {
        var value = seconds
        var parts = tm()
        gmtime_r(&value, &parts)
        var text = Array(days[Int(parts.tm_wday) % 7].utf8)
        text.append(contentsOf: ", ".utf8)
        appendTwoDigits(&text, Int(parts.tm_mday))
        text.append(UInt8(ascii: " "))
        text.append(contentsOf: months[Int(parts.tm_mon) % 12].utf8)
        text.append(UInt8(ascii: " "))
        text.append(contentsOf: String(Int(parts.tm_year) + 1900).utf8)
        text.append(UInt8(ascii: " "))
        appendTwoDigits(&text, Int(parts.tm_hour))
        text.append(UInt8(ascii: ":"))
        appendTwoDigits(&text, Int(parts.tm_min))
        text.append(UInt8(ascii: ":"))
        appendTwoDigits(&text, Int(parts.tm_sec))
        text.append(contentsOf: " GMT".utf8)
        return text
    }

    private static func appendTwoDigits(_ text: inout [UInt8], _ value: Int) {
        text.append(UInt8(ascii: "0") + UInt8(value / 10 % 10))
        text.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
