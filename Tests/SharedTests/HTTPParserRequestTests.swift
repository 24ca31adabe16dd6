import Testing

@testable import Shared

private let host = "Host: example.com\r\n"

private let validRequests: [ParserCase] = [
    ParserCase(
        rule: "RFC 9112 §3: simple GET",
        input: "GET / HTTP/1.1\r\n\(host)\r\n",
        expected: ["GET / 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.2: Content-Length body",
        input: "POST /p HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhello",
        expected: ["POST /p 1.1 cl:5 keep-alive", "body:hello", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §7.1: chunked body",
        input: "POST /c HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        expected: ["POST /c 1.1 chunked keep-alive", "body:hello world", "end"]
    ),
]

@Test(arguments: validRequests)
func validRequest(_ testCase: ParserCase) {
    let events = parseEverySplit(testCase.input, kind: .request, limits: testCase.limits)
    #expect(events == testCase.expected)
}
