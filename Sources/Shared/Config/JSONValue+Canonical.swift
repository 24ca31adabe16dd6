extension JSONValue {
    /// This value as compact JSON text in one canonical form: object keys sorted by their UTF-8 bytes, no
    /// whitespace, strings escaped minimally, numbers in their shortest exact form.
    ///
    /// Two equal values always give the same bytes, so the bytes (and their hash) identify a configuration.
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        writeCanonical(into: &output)
        return output
    }

    private func writeCanonical(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value):
            output.append(contentsOf: String(value).utf8)
        case .double(let value):
            output.append(contentsOf: Self.canonicalText(of: value).utf8)
        case .string(let value):
            Self.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 {
                    output.append(UInt8(ascii: ","))
                }
                element.writeCanonical(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(UInt8(ascii: "{"))
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, key) in keys.enumerated() {
                if position > 0 {
                    output.append(UInt8(ascii: ","))
                }
                Self.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                fields[key]!.writeCanonical(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The shortest text that reads back as `value`; integral values keep a ".0" so they stay fractional numbers.
    private static func canonicalText(of value: Double) -> String {
        // Non-finite numbers have no JSON form; the parser never produces them and specs range-check theirs.
        guard value.isFinite else {
            return "null"
        }
        return value.description
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
