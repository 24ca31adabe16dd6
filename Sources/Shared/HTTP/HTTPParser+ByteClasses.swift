/// Byte constants and character classes of the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 3986 §3.2.2).
///
/// The classes are 128-bit masks split in two words instead of tables, so a check is two compares
/// and a shift with no memory access and no lazily initialised global.
enum HTTPByte {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let star: UInt8 = 0x2A
    static let leftBracket: UInt8 = 0x5B
    static let rightBracket: UInt8 = 0x5D

    /// tchar: ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``.
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE
    /// reg-name and IP-literal bytes: unreserved, pct-encoded, sub-delims, `:`, `[` and `]`.
    private static let hostLow: UInt64 = 0x2FFF_7FF2_0000_0000
    private static let hostHigh: UInt64 = 0x47FF_FFFE_AFFF_FFFE

    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        inMask(byte, low: tokenLow, high: tokenHigh)
    }

    @inline(__always)
    static func isHostChar(_ byte: UInt8) -> Bool {
        inMask(byte, low: hostLow, high: hostHigh)
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    /// The value of a hex digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        if byte &- 0x30 < 10 { return Int(byte &- 0x30) }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return Int(lower &- 0x61) + 10 }
        return nil
    }

    /// VCHAR or obs-text: any byte allowed in a field value other than whitespace.
    @inline(__always)
    static func isVisibleOrObsText(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != 0x7F
    }

    /// ASCII lowercase of `byte`; other bytes unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// The index of the first LF in `start..<end`, or `end` (or `start` if it is past `end`) when there is none.
    /// Reads eight bytes at a time: a byte equal to LF becomes zero after the XOR, and the lowest high bit
    /// left by the zero-byte test marks the first such byte exactly.
    static func firstLineFeed(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var index = start
        while index + 8 <= end {
            let word = buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian ^ 0x0A0A_0A0A_0A0A_0A0A
            let zeroBytes = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if zeroBytes != 0 { return index + zeroBytes.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end && buffer[index] != lf {
            index += 1
        }
        return index
    }

    @inline(__always)
    private static func inMask(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
        if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (high >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }
}
