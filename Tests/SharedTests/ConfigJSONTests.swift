import Testing

@testable import Shared

@Suite struct ConfigJSONTests {
    private func parse(_ text: String) throws(ConfigError) -> JSONValue {
        try ConfigDecoder.parse(Array(text.utf8))
    }

    private func parseFailure(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.problems.first?.reason
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5, 1e3, true, false, null], "b": {"c": "d"}, "e": -0} "#)
        #expect(
            value
                == .object([
                    "a": .array([.int(1), .double(-2.5), .double(1000), .bool(true), .bool(false), .null]),
                    "b": .object(["c": .string("d")]),
                    "e": .int(0),
                ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"\\/\u{08}\u{0C}\n\r\té😀"))
    }

    @Test func integersTooLargeForIntBecomeDoubles() throws {
        #expect(try parse("9223372036854775807") == .int(Int.max))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test(arguments: [
        ("", "invalid JSON at byte 0: unexpected end of input"),
        ("{", "invalid JSON at byte 1: expected a string key"),
        ("[1,]", "invalid JSON at byte 3: expected a value"),
        ("[1 2]", "invalid JSON at byte 3: expected ',' or ']'"),
        (#"{"a" 1}"#, "invalid JSON at byte 5: expected ':'"),
        ("01", "invalid JSON at byte 1: unexpected data after the document"),
        ("1.", "invalid JSON at byte 2: invalid number"),
        ("-", "invalid JSON at byte 1: invalid number"),
        ("1e999", "invalid JSON at byte 0: number out of range"),
        ("tru", "invalid JSON at byte 0: expected a value"),
        (#""abc"#, "invalid JSON at byte 4: unterminated string"),
        ("\"a\u{01}\"", "invalid JSON at byte 2: control character in string"),
        (#""\x""#, "invalid JSON at byte 2: invalid escape sequence"),
        (#""\ud800""#, "invalid JSON at byte 7: unpaired surrogate in string"),
        (#""\u12""#, #"invalid JSON at byte 3: incomplete \u escape"#),
        ("{} {}", "invalid JSON at byte 3: unexpected data after the document"),
    ])
    func malformedDocumentsNameTheOffset(_ text: String, _ reason: String) {
        #expect(parseFailure(text) == reason)
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: ConfigError.self) { try ConfigDecoder.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func limitsNesting() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(parseFailure(deep) == "invalid JSON at byte 64: nesting deeper than 64 levels")
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try parse(allowed)
    }

    @Test func canonicalBytesSortKeysAndEscapeMinimally() throws {
        let value = try parse(#"{"b": 1, "a": [true, null, "x\n\u0001é/"], "B": 2.5, "aa": {}}"#)
        let text = String(decoding: value.canonicalBytes, as: UTF8.self)
        #expect(text == #"{"B":2.5,"a":[true,null,"x\n\u0001é/"],"aa":{},"b":1}"#)
        #expect(try parse(text) == value)
    }

    @Test func sha256MatchesTheKnownDigest() {
        #expect(
            ContentHash.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
