import Testing

@testable import Shared

private let chunkedHead = "POST /up HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
private let headEvent = "POST /up 1.1 chunked keep-alive"

private let validChunked: [ParserCase] = [
    ParserCase(
        rule: "RFC 9112 §7.1: empty chunked body", input: chunkedHead + "0\r\n\r\n",
        expected: [headEvent, "end"]),
    ParserCase(
        rule: "RFC 9112 §7.1: many small chunks", input: chunkedHead + "1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n",
        expected: [headEvent, "body:abc", "end"]),
    ParserCase(
        rule: "RFC 9112 §7.1.1: BWS before chunk extension",
        input: chunkedHead + "2 ;x\r\nab\r\n0\t;y=\"\"\r\n\r\n", expected: [headEvent, "body:ab", "end"]),
    ParserCase(
        rule: "RFC 9112 §7.1.1: extension without value",
        input: chunkedHead + "2;ext\r\nab\r\n0\r\n\r\n", expected: [headEvent, "body:ab", "end"]),
    ParserCase(
        rule: "RFC 9112 §7.1.2: several trailer fields",
        input: chunkedHead + "2\r\nab\r\n0\r\nA: 1\r\nB: 2\r\n\r\n", expected: [headEvent, "body:ab", "end"]),
    ParserCase(
        rule: "RFC 9112 §7.1: chunk data holding CRLF bytes",
        input: chunkedHead + "4\r\n\r\n\r\n\r\n0\r\n\r\n", expected: [headEvent, "body:\r\n\r\n", "end"]),
    ParserCase(
        rule: "RFC 9112 §7.1: chunked body at exactly the body limit",
        input: chunkedHead + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", expected: [headEvent, "body:abcde", "end"],
        limits: HTTPLimits(maxBodyBytes: 5)),
]

private let invalidChunked: [ParserCase] = [
    ParserCase(
        rule: "RFC 9112 §7.1: chunk size 0x5", input: chunkedHead + "0x5\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: negative chunk size", input: chunkedHead + "-5\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: plus sign chunk size", input: chunkedHead + "+5\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: whitespace before chunk size", input: chunkedHead + " 5\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: garbage after size and space", input: chunkedHead + "5 x\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: trailing space without extension", input: chunkedHead + "5 \r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: empty chunk size", input: chunkedHead + "\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: chunk size overflowing 64 bits",
        input: chunkedHead + "10000000000000000\r\nx\r\n", expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: 16 hex digits", input: chunkedHead + "fffffffffffffff0\r\nx\r\n",
        expected: [headEvent, "error:bad_chunk_size:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: bare LF after chunk size", input: chunkedHead + "5\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bare_lf:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: bare CR in chunk line", input: chunkedHead + "5;a\rb\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "error:bare_cr:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: data longer than the size", input: chunkedHead + "3\r\nhello\r\n0\r\n\r\n",
        expected: [headEvent, "body:hel", "error:bad_chunk_terminator:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1: LF only after data", input: chunkedHead + "3\r\nabc\n0\r\n\r\n",
        expected: [headEvent, "body:abc", "error:bad_chunk_terminator:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1.1: extension name missing", input: chunkedHead + "3;=v\r\nabc\r\n0\r\n\r\n",
        expected: [headEvent, "error:bad_chunk_extension:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1.1: unterminated quoted extension",
        input: chunkedHead + "3;a=\"v\r\nabc\r\n0\r\n\r\n", expected: [headEvent, "error:bad_chunk_extension:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1.1: chunk line over the limit",
        input: chunkedHead + "3;" + String(repeating: "e", count: 40) + "\r\nabc\r\n0\r\n\r\n",
        expected: [headEvent, "error:chunk_line_too_long:400"], limits: HTTPLimits(maxChunkLineBytes: 32)),
    ParserCase(
        rule: "RFC 9112 §7.1.2: malformed trailer", input: chunkedHead + "0\r\nBad Trailer: x\r\n\r\n",
        expected: [headEvent, "error:bad_trailer:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1.2: obs-fold in trailer", input: chunkedHead + "0\r\nA: 1\r\n 2\r\n\r\n",
        expected: [headEvent, "error:bad_trailer:400"]),
    ParserCase(
        rule: "RFC 9112 §7.1.2: trailer section over the limit",
        input: chunkedHead + "0\r\nA: " + String(repeating: "t", count: 40) + "\r\n\r\n",
        expected: [headEvent, "error:trailer_too_large:431"], limits: HTTPLimits(maxTrailerBytes: 32)),
    ParserCase(
        rule: "RFC 9112 §7.1: chunked body over the body limit",
        input: chunkedHead + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n",
        expected: [headEvent, "body:abc", "error:body_too_large:413"],
        limits: HTTPLimits(maxBodyBytes: 5)),
    ParserCase(
        rule: "RFC 9112 §7.1: huge chunk size over the body limit",
        input: chunkedHead + "fffffffffffffff\r\n", expected: [headEvent, "error:body_too_large:413"],
        limits: HTTPLimits(maxBodyBytes: 1 << 20)),
]

@Suite struct HTTPParserChunkedTests {
    @Test(arguments: validChunked)
    func validChunkedBody(_ testCase: ParserCase) {
        #expect(parseEverySplit(testCase.input, kind: .request, limits: testCase.limits) == testCase.expected)
    }

    @Test(arguments: invalidChunked)
    func invalidChunkedBody(_ testCase: ParserCase) {
        #expect(parseEverySplit(testCase.input, kind: .request, limits: testCase.limits) == testCase.expected)
    }

    @Test func chunkFramingIsConsumedEvenWithoutData() {
        // RFC 9112 §7.1: a complete size line is consumed at once; data follows in a later read.
        var parser = HTTPParser(kind: .request)
        let head = Array(chunkedHead.utf8)
        let headStep = head.withUnsafeBytes { parser.parse($0) }
        #expect(headStep.consumed == head.count)
        let sizeLine = Array("5;x=y\r\n".utf8)
        let step = sizeLine.withUnsafeBytes { parser.parse($0) }
        #expect(step == HTTPParseStep(consumed: sizeLine.count, event: .needMore))
        let data = Array("hello\r\n0\r\n\r\n".utf8)
        let body = data.withUnsafeBytes { parser.parse($0) }
        #expect(body == HTTPParseStep(consumed: 5, event: .body(0..<5)))
        let rest = Array(data[5...])
        #expect(rest.withUnsafeBytes { parser.parse($0) } == HTTPParseStep(consumed: rest.count, event: .end))
    }
}
