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
        rule: "RFC 9112 §6.2: Content-Length 0 has no body bytes",
        input: "POST /p HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\n",
        expected: ["POST /p 1.1 cl:0 keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §7.1: chunked body",
        input: "POST /c HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        expected: ["POST /c 1.1 chunked keep-alive", "body:hello world", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.3: no Content-Length nor Transfer-Encoding means no request body",
        input: "DELETE /x HTTP/1.1\r\n\(host)\r\n",
        expected: ["DELETE /x 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: HTTP/1.1 Connection: close",
        input: "GET / HTTP/1.1\r\n\(host)Connection: close\r\n\r\n",
        expected: ["GET / 1.1 none close", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: HTTP/1.0 closes by default",
        input: "GET / HTTP/1.0\r\n\r\n",
        expected: ["GET / 1.0 none close", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: HTTP/1.0 with Connection: keep-alive",
        input: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
        expected: ["GET / 1.0 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §7.6.1: Connection is a case-insensitive list",
        input: "GET / HTTP/1.0\r\nConnection: foo, KEEP-ALIVE ,bar\r\n\r\n",
        expected: ["GET / 1.0 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §7.6.1: close wins over keep-alive",
        input: "GET / HTTP/1.1\r\n\(host)Connection: keep-alive\r\nConnection: close\r\n\r\n",
        expected: ["GET / 1.1 none close", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §9.3: pipelined requests in one buffer",
        input:
            "GET /a HTTP/1.1\r\n\(host)\r\nPOST /b HTTP/1.1\r\n\(host)Content-Length: 2\r\n\r\nok"
            + "GET /c HTTP/1.1\r\n\(host)\r\n",
        expected: [
            "GET /a 1.1 none keep-alive", "end", "POST /b 1.1 cl:2 keep-alive", "body:ok", "end",
            "GET /c 1.1 none keep-alive", "end",
        ]
    ),
    ParserCase(
        rule: "RFC 9112 §2.2: leading empty lines are skipped",
        input: "\r\n\r\nGET / HTTP/1.1\r\n\(host)\r\n",
        expected: ["GET / 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §10.1.1: Expect: 100-continue",
        input: "PUT /u HTTP/1.1\r\n\(host)Expect: 100-Continue\r\nContent-Length: 1\r\n\r\nx",
        expected: ["PUT /u 1.1 cl:1 keep-alive continue", "body:x", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §10.1.1: 100-continue in HTTP/1.0 is ignored",
        input: "PUT /u HTTP/1.0\r\nExpect: 100-continue\r\n\r\n",
        expected: ["PUT /u 1.0 none close", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §7.8: Upgrade with Connection: upgrade",
        input: "GET /ws HTTP/1.1\r\n\(host)Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
        expected: ["GET /ws 1.1 none keep-alive upgrade", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §7.8: Upgrade without Connection: upgrade is not an upgrade",
        input: "GET /ws HTTP/1.1\r\n\(host)Upgrade: websocket\r\n\r\n",
        expected: ["GET /ws 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §8.6: identical Content-Length list collapses",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 3, 3\r\n\r\nabc",
        expected: ["POST / 1.1 cl:3 keep-alive", "body:abc", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §8.6: repeated identical Content-Length fields collapse",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        expected: ["POST / 1.1 cl:3 keep-alive", "body:abc", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §6.1: Transfer-Encoding is case-insensitive",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: CHUNKED\r\n\r\n1\r\na\r\n0\r\n\r\n",
        expected: ["POST / 1.1 chunked keep-alive", "body:a", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §3.2.4: asterisk-form with OPTIONS",
        input: "OPTIONS * HTTP/1.1\r\n\(host)\r\n",
        expected: ["OPTIONS * 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §3.2.3: authority-form with CONNECT",
        input: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        expected: ["CONNECT example.com:443 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §3.2.2: absolute-form",
        input: "GET http://example.com/x?y=1 HTTP/1.1\r\n\(host)\r\n",
        expected: ["GET http://example.com/x?y=1 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §9.1: unknown method token",
        input: "PURGE /cache HTTP/1.1\r\n\(host)\r\n",
        expected: ["PURGE /cache 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §7.2: IPv6 literal Host with port",
        input: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
        expected: ["GET / 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §7.2: empty Host is allowed",
        input: "GET / HTTP/1.1\r\nHost:\r\n\r\n",
        expected: ["GET / 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9110 §5.5: obs-text and HTAB in field values",
        input: "GET / HTTP/1.1\r\n\(host)X-A: caf\u{e9}\tbar \r\n\r\n",
        expected: ["GET / 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §7.1.1: chunk extensions, token and quoted",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"
            + "3;a=b ; c=\"q \\\" x\";d\r\nabc\r\n0;last\r\n\r\n",
        expected: ["POST / 1.1 chunked keep-alive", "body:abc", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §7.1.2: trailer fields are accepted and not applied",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"
            + "2\r\nhi\r\n0\r\nChecksum: abc\r\nContent-Length: 99\r\n\r\nGET /next HTTP/1.1\r\n\(host)\r\n",
        expected: ["POST / 1.1 chunked keep-alive", "body:hi", "end", "GET /next 1.1 none keep-alive", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §7.1: hex chunk sizes, mixed case, leading zeros",
        input:
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"
            + "00A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n",
        expected: ["POST / 1.1 chunked keep-alive", "body:0123456789abcdefghijk", "end"]
    ),
    ParserCase(
        rule: "RFC 9112 §5: field value whitespace trimmed, empty value allowed",
        input: "GET / HTTP/1.1\r\n\(host)X-Empty:\r\nX-Pad:  \t v \t \r\n\r\n",
        expected: ["GET / 1.1 none keep-alive", "end"]
    ),
]

private let invalidRequests: [ParserCase] = [
    ParserCase(
        rule: "RFC 9112 §3: lowercase version", input: "GET / http/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_line:400"]),
    ParserCase(
        rule: "RFC 9112 §2.6: HTTP/2.0 is not supported", input: "GET / HTTP/2.0\r\n\(host)\r\n",
        expected: ["error:bad_version:505"]),
    ParserCase(
        rule: "RFC 9112 §2.6: HTTP/1.2", input: "GET / HTTP/1.2\r\n\(host)\r\n",
        expected: ["error:bad_version:505"]),
    ParserCase(
        rule: "RFC 9112 §3: double space", input: "GET  / HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_line:400"]),
    ParserCase(
        rule: "RFC 9112 §3: trailing space after version", input: "GET / HTTP/1.1 \r\n\(host)\r\n",
        expected: ["error:bad_request_line:400"]),
    ParserCase(
        rule: "RFC 9112 §3: missing version", input: "GET /\r\n\(host)\r\n",
        expected: ["error:bad_request_line:400"]),
    ParserCase(
        rule: "RFC 9112 §3: method is a token", input: "G(T / HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_line:400"]),
    ParserCase(
        rule: "RFC 9112 §3.2: control byte in target", input: "GET /a\u{1}b HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_target:400"]),
    ParserCase(
        rule: "RFC 9112 §3.2: target needs a form", input: "GET foo HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_target:400"]),
    ParserCase(
        rule: "RFC 9112 §3.2.4: asterisk only for OPTIONS", input: "GET * HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_target:400"]),
    ParserCase(
        rule: "RFC 9112 §3.2.3: CONNECT needs authority-form", input: "CONNECT / HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_target:400"]),
    ParserCase(
        rule: "RFC 9112 §2.2: bare LF ends a line", input: "GET / HTTP/1.1\n\(host)\r\n",
        expected: ["error:bare_lf:400"]),
    ParserCase(
        rule: "RFC 9112 §2.2: LF-only line endings", input: "GET / HTTP/1.1\nHost: a\n\n",
        expected: ["error:bare_lf:400"]),
    ParserCase(
        rule: "RFC 9112 §2.2: bare CR in a field value", input: "GET / HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n",
        expected: ["error:bare_cr:400"]),
    ParserCase(
        rule: "RFC 9112 §2.2: bare CR in the request line", input: "GET /\r HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bare_cr:400"]),
    ParserCase(
        rule: "RFC 9110 §5.5: NUL in a field value", input: "GET / HTTP/1.1\r\n\(host)X: a\u{0}b\r\n\r\n",
        expected: ["error:control_character:400"]),
    ParserCase(
        rule: "RFC 9110 §5.5: DEL in a field value", input: "GET / HTTP/1.1\r\n\(host)X: a\u{7f}\r\n\r\n",
        expected: ["error:control_character:400"]),
    ParserCase(
        rule: "RFC 9112 §5.1: whitespace before colon", input: "GET / HTTP/1.1\r\n\(host)X-A : b\r\n\r\n",
        expected: ["error:whitespace_before_colon:400"]),
    ParserCase(
        rule: "RFC 9112 §5.1: Transfer-Encoding with whitespace before colon",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        expected: ["error:whitespace_before_colon:400"]),
    ParserCase(
        rule: "RFC 9112 §5.2: obs-fold", input: "GET / HTTP/1.1\r\n\(host)X-A: b\r\n c\r\n\r\n",
        expected: ["error:obs_fold:400"]),
    ParserCase(
        rule: "RFC 9112 §2.2: whitespace line after the start line", input: "GET / HTTP/1.1\r\n \(host)\r\n",
        expected: ["error:obs_fold:400"]),
    ParserCase(
        rule: "RFC 9110 §5.1: empty field name", input: "GET / HTTP/1.1\r\n\(host): v\r\n\r\n",
        expected: ["error:bad_header_name:400"]),
    ParserCase(
        rule: "RFC 9110 §5.1: field name is a token", input: "GET / HTTP/1.1\r\n\(host)X\"A: v\r\n\r\n",
        expected: ["error:bad_header_name:400"]),
    ParserCase(
        rule: "RFC 9112 §5: field line without colon", input: "GET / HTTP/1.1\r\n\(host)NoColon\r\n\r\n",
        expected: ["error:bad_header_name:400"]),
    ParserCase(
        rule: "RFC 9112 §3.2: HTTP/1.1 without Host", input: "GET / HTTP/1.1\r\n\r\n",
        expected: ["error:missing_host:400"]),
    ParserCase(
        rule: "RFC 9112 §3.2: two Host fields", input: "GET / HTTP/1.1\r\n\(host)Host: other\r\n\r\n",
        expected: ["error:duplicate_host:400"]),
    ParserCase(
        rule: "RFC 9110 §7.2: Host with userinfo", input: "GET / HTTP/1.1\r\nHost: user@example.com\r\n\r\n",
        expected: ["error:bad_host:400"]),
    ParserCase(
        rule: "RFC 9110 §7.2: Host with a path", input: "GET / HTTP/1.1\r\nHost: example.com/x\r\n\r\n",
        expected: ["error:bad_host:400"]),
    ParserCase(
        rule: "RFC 9110 §7.2: Host with inner space", input: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
        expected: ["error:bad_host:400"]),
    ParserCase(
        rule: "RFC 9110 §7.2: Host port not numeric", input: "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n",
        expected: ["error:bad_host:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: Content-Length with sign",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\nhello",
        expected: ["error:bad_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: negative Content-Length", input: "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n",
        expected: ["error:bad_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: differing Content-Length list",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 6\r\n\r\nhello!",
        expected: ["error:conflicting_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: differing Content-Length fields",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        expected: ["error:conflicting_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: Content-Length over 18 digits",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 9999999999999999999\r\n\r\n",
        expected: ["error:bad_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: empty Content-Length", input: "POST / HTTP/1.1\r\n\(host)Content-Length:\r\n\r\n",
        expected: ["error:bad_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: hex Content-Length", input: "POST / HTTP/1.1\r\n\(host)Content-Length: 0x5\r\n\r\n",
        expected: ["error:bad_content_length:400"]),
    ParserCase(
        rule: "RFC 9110 §8.6: Content-Length with inner space",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 1 2\r\n\r\n",
        expected: ["error:bad_content_length:400"]),
    ParserCase(
        rule: "RFC 9112 §6.3: Content-Length with Transfer-Encoding",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        expected: ["error:content_length_with_transfer_encoding:400"]),
    ParserCase(
        rule: "RFC 9112 §6.3: chunked not last",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        expected: ["error:bad_transfer_encoding:400"]),
    ParserCase(
        rule: "RFC 9112 §6.3: chunked twice",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        expected: ["error:bad_transfer_encoding:400"]),
    ParserCase(
        rule: "RFC 9112 §6.1: unsupported transfer coding",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        expected: ["error:unsupported_transfer_coding:501"]),
    ParserCase(
        rule: "RFC 9112 §6.1: unknown coding alone",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: identity\r\n\r\n",
        expected: ["error:unsupported_transfer_coding:501"]),
    ParserCase(
        rule: "RFC 9112 §6.1: empty Transfer-Encoding",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding:\r\n\r\n",
        expected: ["error:bad_transfer_encoding:400"]),
    ParserCase(
        rule: "RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0",
        input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        expected: ["error:transfer_encoding_in_http10:400"]),
    ParserCase(
        rule: "RFC 9110 §10.1.1: unknown expectation",
        input: "POST / HTTP/1.1\r\n\(host)Expect: 200-ok\r\n\r\n",
        expected: ["error:expectation_failed:417"]),
    ParserCase(
        rule: "RFC 9112 §2.2: too many leading empty lines",
        input: "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:bad_request_line:400"]),
    ParserCase(
        rule: "RFC 9112 §8: truncated head at close",
        input: "GET / HTTP/1.1\r\nHo",
        expected: ["finish:error:truncated_message:400"]),
    ParserCase(
        rule: "RFC 9112 §8: truncated Content-Length body at close",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhel",
        expected: ["POST / 1.1 cl:5 keep-alive", "body:hel", "finish:error:truncated_message:400"]),
    ParserCase(
        rule: "RFC 9112 §3: request line over the limit is 414",
        input: "GET /\(String(repeating: "a", count: 40)) HTTP/1.1\r\n\(host)\r\n",
        expected: ["error:uri_too_long:414"],
        limits: HTTPLimits(maxRequestLineBytes: 32)),
    ParserCase(
        rule: "RFC 6585 §5: head over the limit is 431",
        input: "GET / HTTP/1.1\r\n\(host)X-Long: \(String(repeating: "b", count: 60))\r\n\r\n",
        expected: ["error:head_too_large:431"],
        limits: HTTPLimits(maxHeadBytes: 64)),
    ParserCase(
        rule: "RFC 6585 §5: too many fields is 431",
        input: "GET / HTTP/1.1\r\n\(host)A: 1\r\nB: 2\r\nC: 3\r\n\r\n",
        expected: ["error:too_many_headers:431"],
        limits: HTTPLimits(maxHeaderCount: 3)),
    ParserCase(
        rule: "RFC 9110 §15.5.14: Content-Length over the body limit is 413",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 11\r\n\r\nhello world",
        expected: ["error:body_too_large:413"],
        limits: HTTPLimits(maxBodyBytes: 10)),
]

@Suite struct HTTPParserRequestTests {
    @Test(arguments: validRequests)
    func validRequest(_ testCase: ParserCase) {
        let events = parseEverySplit(testCase.input, kind: .request, limits: testCase.limits)
        #expect(events == testCase.expected)
    }

    @Test(arguments: invalidRequests)
    func invalidRequest(_ testCase: ParserCase) {
        let events = parseEverySplit(testCase.input, kind: .request, limits: testCase.limits)
        #expect(events == testCase.expected)
    }

    @Test func requestExactlyAtLimits() {
        // RFC 9112 §3 / RFC 6585 §5: 15-byte request line, 57-byte head, 2 fields, 2-byte body.
        let input = "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 2\r\n\r\nab"
        let exact = HTTPLimits(maxRequestLineBytes: 15, maxHeadBytes: 57, maxHeaderCount: 2, maxBodyBytes: 2)
        #expect(
            parseEverySplit(input, kind: .request, limits: exact) == ["POST / 1.1 cl:2 keep-alive", "body:ab", "end"])

        var smaller = exact
        smaller.maxRequestLineBytes = 14
        #expect(parseEverySplit(input, kind: .request, limits: smaller) == ["error:uri_too_long:414"])
        smaller = exact
        smaller.maxHeadBytes = 56
        #expect(parseEverySplit(input, kind: .request, limits: smaller) == ["error:head_too_large:431"])
        smaller = exact
        smaller.maxBodyBytes = 1
        #expect(parseEverySplit(input, kind: .request, limits: smaller) == ["error:body_too_large:413"])
    }

    @Test func requestFieldRanges() {
        let input = "GET /path?q=1 HTTP/1.1\r\nHost:  example.com \r\nX-Multi: a, b\r\nX-Empty:\r\n\r\n"
        let events = runParser([Array(input.utf8)], kind: .request)
        guard case .head(let head) = events.first else {
            Issue.record("no head: \(events)")
            return
        }
        #expect(head.fields == ["Host: example.com", "X-Multi: a, b", "X-Empty: "])
        #expect(head.host == "example.com")
        #expect(head.head.headLength == input.utf8.count)
        #expect(head.head.method == .get)
        #expect(head.target == "/path?q=1")
    }

    @Test func methodsAreClassifiedCaseSensitively() {
        let methods: [(String, HTTPMethod)] = [
            ("GET", .get), ("HEAD", .head), ("POST", .post), ("PUT", .put), ("DELETE", .delete),
            ("OPTIONS", .options), ("PATCH", .patch), ("TRACE", .trace), ("get", .other), ("BREW", .other),
        ]
        for (name, expected) in methods {
            let input = "\(name) / HTTP/1.1\r\nHost: a\r\n\r\n"
            let events = runParser([Array(input.utf8)], kind: .request)
            guard case .head(let head) = events.first else {
                Issue.record("no head for \(name)")
                continue
            }
            #expect(head.head.method == expected, "RFC 9110 §9.1: \(name)")
        }
    }

    @Test func failedParserStaysFailed() {
        var parser = HTTPParser(kind: .request)
        let bad = Array("GET / HTTP/1.1\nHost: a\r\n\r\n".utf8)
        let first = bad.withUnsafeBytes { parser.parse($0) }
        let good = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let second = good.withUnsafeBytes { parser.parse($0) }
        #expect(first.event == .error(HTTPParseError(.bareLF)))
        #expect(second == HTTPParseStep(consumed: 0, event: .error(HTTPParseError(.bareLF))))
    }

    @Test func idleConnectionFinishesCleanly() {
        var parser = HTTPParser(kind: .request)
        #expect(parser.finish() == nil)
    }

    @Test func errorsHaveStableShortNames() {
        for reason in HTTPParseError.Reason.allCases {
            let error = HTTPParseError(reason)
            #expect(error.shortName.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber })
            #expect([400, 413, 414, 417, 431, 501, 505].contains(error.status))
        }
    }
}

@Suite struct HTTPParserRobustnessTests {
    @Test func shorterBufferRestartsTheHead() {
        // A caller that presents fewer bytes than last time must not make the parser read past the buffer.
        var parser = HTTPParser(kind: .request)
        let partial = Array("GET / HTTP/1.1\r\nHost: example.com\r\nX-Long: aaaaaaaaaaaa".utf8)
        #expect(partial.withUnsafeBytes { parser.parse($0) }.event == .needMore)
        let fresh = Array("GET /b HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let step = fresh.withUnsafeBytes { parser.parse($0) }
        #expect(step.consumed == fresh.count)
    }

    @Test func longHeadersScanAcrossWords() {
        // RFC 9112 §2.2: line ends are found wherever they fall relative to 8-byte words.
        for padding in 0..<17 {
            let input = "GET / HTTP/1.1\r\nHost: a\r\nX-P: \(String(repeating: "p", count: padding))\r\n\r\n"
            #expect(parseEverySplit(input, kind: .request) == ["GET / 1.1 none keep-alive", "end"])
        }
    }
}
