import Testing

@testable import Shared

private let validResponses: [ParserCase] = [
    ParserCase(
        rule: "RFC 9112 §6.3: Content-Length response",
        input: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
        expected: ["200 1.1 cl:2 keep-alive", "body:hi", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3: chunked response",
        input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        expected: ["200 1.1 chunked keep-alive", "body:abc", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 8: no framing reads until close",
        input: "HTTP/1.1 200 OK\r\n\r\nall of it",
        expected: ["200 1.1 until-close close", "body:all of it", "finish:end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 1: response to HEAD has no body",
        input: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        expected: ["200 1.1 none keep-alive", "end", "204 1.1 none keep-alive", "end"],
        methods: [.head, .get]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 1: 204 has no body",
        input: "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
        expected: ["204 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 1: 304 has no body",
        input: "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
        expected: ["304 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §15.2: 1xx then the final response",
        input: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n"
            + "Content-Length: 1\r\n\r\nx",
        expected: [
            "100 1.1 none keep-alive", "end", "103 1.1 none keep-alive", "end", "200 1.1 cl:1 keep-alive",
            "body:x", "end",
        ],
        methods: [.post]
    ),
    ParserCase(
        rule: "RFC 9110 §15.2: 1xx keeps the HEAD method for the final response",
        input: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n",
        expected: ["100 1.1 none keep-alive", "end", "200 1.1 none keep-alive", "end"],
        methods: [.head]
    ),
    ParserCase(
        rule: "RFC 9110 §15.2.2: 101 Switching Protocols",
        input: "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
        expected: ["101 1.1 none keep-alive upgrade", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 2: 2xx to CONNECT has no body",
        input: "HTTP/1.1 200 Connection established\r\n\r\n",
        expected: ["200 1.1 none keep-alive", "end"],
        methods: [.connect]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 3: Transfer-Encoding overrides Content-Length and closes",
        input: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n",
        expected: ["200 1.1 chunked close", "body:z", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3 item 4: final coding not chunked reads until close",
        input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz",
        expected: ["200 1.1 until-close close", "body:zzz", "finish:end"]
    ),
    ParserCase(
        rule: "RFC 9112 §4: empty reason phrase",
        input: "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n",
        expected: ["404 1.1 cl:0 keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §4: missing space after status code is accepted",
        input: "HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n",
        expected: ["500 1.1 cl:0 keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: HTTP/1.0 response with keep-alive",
        input: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n!",
        expected: ["200 1.0 cl:1 keep-alive", "body:!", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: HTTP/1.0 response closes by default",
        input: "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n!",
        expected: ["200 1.0 cl:1 close", "body:!", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: pipelined responses",
        input: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nb",
        expected: ["200 1.1 cl:1 keep-alive", "body:a", "end", "201 1.1 cl:1 keep-alive", "body:b", "end"]
    ),
]

private let invalidResponses: [ParserCase] = [
    ParserCase(
        rule: "RFC 9112 §4: status code must be 3 digits", input: "HTTP/1.1 20 OK\r\n\r\n",
        expected: ["error:bad_status_line:400"]),
    ParserCase(
        rule: "RFC 9112 §4: status code below 100", input: "HTTP/1.1 099 Odd\r\n\r\n",
        expected: ["error:bad_status_line:400"]),
    ParserCase(
        rule: "RFC 9112 §4: garbage status line", input: "HTTP/1.1200 OK\r\n\r\n",
        expected: ["error:bad_status_line:400"]),
    ParserCase(
        rule: "RFC 9112 §2.6: HTTP/2.0 status line", input: "HTTP/2.0 200 OK\r\n\r\n",
        expected: ["error:bad_version:505"]),
    ParserCase(
        rule: "RFC 9112 §4: control byte in reason", input: "HTTP/1.1 200 O\u{0}K\r\n\r\n",
        expected: ["error:control_character:400"]),
    ParserCase(
        rule: "RFC 9112 §2.2: bare LF in a response", input: "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
        expected: ["error:bare_lf:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: conflicting Content-Length", input: "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",
        expected: ["error:conflicting_content_length:400"]),
    ParserCase(
        rule: "RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0",
        input: "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        expected: ["error:transfer_encoding_in_http10:400"]),
    ParserCase(
        rule: "RFC 9112 §5.2: obs-fold in a response", input: "HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\n\r\n",
        expected: ["error:obs_fold:400"]),
    ParserCase(
        rule: "RFC 9112 §8: truncated chunked response at close",
        input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
        expected: ["200 1.1 chunked keep-alive", "body:ab", "finish:error:truncated_message:400"]),
    ParserCase(
        rule: "RFC 9110 §15.5.14: response Content-Length over the body limit",
        input: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        expected: ["error:body_too_large:413"],
        limits: HTTPLimits(maxBodyBytes: 4)),
]

@Suite struct HTTPParserResponseTests {
    @Test(arguments: validResponses)
    func validResponse(_ testCase: ParserCase) {
        let events = parseEverySplit(
            testCase.input, kind: .response, methods: testCase.methods, limits: testCase.limits)
        #expect(events == testCase.expected)
    }

    @Test(arguments: invalidResponses)
    func invalidResponse(_ testCase: ParserCase) {
        let events = parseEverySplit(
            testCase.input, kind: .response, methods: testCase.methods, limits: testCase.limits)
        #expect(events == testCase.expected)
    }

    @Test func responseReasonAndFields() {
        let input = "HTTP/1.1 418 I'm a teapot\r\nServer: pot\r\nContent-Length: 0\r\n\r\n"
        let events = runParser([Array(input.utf8)], kind: .response)
        guard case .head(let head) = events.first else {
            Issue.record("no head: \(events)")
            return
        }
        #expect(head.head.status == 418)
        #expect(head.reason == "I'm a teapot")
        #expect(head.fields == ["Server: pot", "Content-Length: 0"])
        #expect(head.head.hostRange == nil)
    }
}
