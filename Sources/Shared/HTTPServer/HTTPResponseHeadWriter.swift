/// Appends response heads to an output buffer on the hot path: status lines are serialized once and copied, and
/// invalid header fields are dropped instead of failing the response.
enum HTTPResponseHeadWriter {
    /// Status lines for 100...599, serialized at first use.
    private static let statusLines: [[UInt8]] = (100...599).map { status in
        var line: [UInt8] = []
        HTTPSerializer.appendStatusLine(status: status, to: &line)
        return line
    }

    static func appendStatusLine(_ status: Int, to output: inout [UInt8]) {
        if (100...599).contains(status) {
            output.append(contentsOf: statusLines[status - 100])
        } else if !HTTPSerializer.appendStatusLine(status: status, to: &output) {
            output.append(contentsOf: statusLines[500 - 100])
        }
    }

    /// Appends `name: value`; a field whose name is not a token or whose value holds CR, LF or another control
    /// character is left out, so a value can never inject a field.
    @inline(__always)
    static func appendField(_ name: String, _ value: String, to output: inout [UInt8]) {
        HTTPSerializer.appendField(name: name, value: value, to: &output)
    }

    /// Appends a field whose value is already known to be valid.
    static func appendField(_ name: StaticString, _ value: [UInt8], to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        output.append(contentsOf: value)
        output.append(contentsOf: [13, 10])
    }

    static func appendContentLength(_ length: Int, to output: inout [UInt8]) {
        output.append(contentsOf: "content-length: ".utf8)
        appendDecimal(length, to: &output)
        output.append(contentsOf: [13, 10])
    }

    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        guard value > 0 else {
            output.append(UInt8(ascii: "0"))
            return
        }
        var divisor = 1
        while divisor <= value / 10 {
            divisor *= 10
        }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
