import Testing

@testable import Shared

private func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

@Suite struct HTTPSerializerTests {
    @Test func serializesResponseHead() {
        // RFC 9112 §4: status-line, then field lines, then CRLF.
        var output: [UInt8] = []
        let fields = [(name: "Content-Length", value: "2"), (name: "Server", value: "gatehouse")]
        #expect(HTTPSerializer.appendResponseHead(status: 404, fields: fields, to: &output))
        #expect(text(output) == "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nServer: gatehouse\r\n\r\n")
    }

    @Test func serializedResponseParsesBack() {
        // RFC 9112 §6.3: what the serializer writes, the parser reads with the same framing.
        var output: [UInt8] = []
        HTTPSerializer.appendResponseHead(
            status: 200, reason: "Fine", fields: [("Transfer-Encoding", "chunked")], to: &output)
        Array("hello".utf8).withUnsafeBytes { HTTPSerializer.appendChunk($0, to: &output) }
        HTTPSerializer.appendLastChunk(to: &output)
        #expect(parseEverySplit(text(output), kind: .response) == ["200 1.1 chunked keep-alive", "body:hello", "end"])
    }

    @Test func serializesRequestHead() {
        // RFC 9112 §3: request-line.
        var output: [UInt8] = []
        #expect(HTTPSerializer.appendRequestHead(method: "GET", target: "/a?b", fields: [("Host", "x")], to: &output))
        #expect(text(output) == "GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n")
    }

    @Test(arguments: [
        ("X-Bad", "a\r\nInjected: 1"), ("X-Bad", "a\nb"), ("X-Bad", "a\u{0}"), ("Bad Name", "v"), ("", "v"),
        ("X:Y", "v"),
    ])
    func rejectsHeaderInjection(name: String, value: String) {
        // RFC 9110 §5.5: field values never carry CR, LF or NUL; names are tokens.
        var output = Array("keep".utf8)
        #expect(!HTTPSerializer.appendField(name: name, value: value, to: &output))
        #expect(!HTTPSerializer.appendResponseHead(status: 200, fields: [("A", "b"), (name, value)], to: &output))
        #expect(text(output) == "keep")
    }

    @Test func rejectsBadStartLines() {
        // RFC 9112 §3, §4: status is 3 digits; method is a token; target has no whitespace.
        var output: [UInt8] = []
        #expect(!HTTPSerializer.appendStatusLine(status: 1000, to: &output))
        #expect(!HTTPSerializer.appendStatusLine(status: 200, reason: "a\r\n", to: &output))
        #expect(!HTTPSerializer.appendRequestLine(method: "G T", target: "/", to: &output))
        #expect(!HTTPSerializer.appendRequestLine(method: "GET", target: "/a b", to: &output))
        #expect(!HTTPSerializer.appendRequestLine(method: "GET", target: "", to: &output))
        #expect(output.isEmpty)
    }

    @Test(arguments: [(1, "1"), (15, "f"), (16, "10"), (255, "ff"), (4096, "1000")])
    func chunkSizeIsLowercaseHex(size: Int, hex: String) {
        // RFC 9112 §7.1: chunk-size is hex.
        var output: [UInt8] = []
        Array(repeating: UInt8(ascii: "x"), count: size).withUnsafeBytes { HTTPSerializer.appendChunk($0, to: &output) }
        #expect(text(Array(output.prefix(hex.utf8.count + 2))) == hex + "\r\n")
        #expect(output.count == hex.utf8.count + 2 + size + 2)
    }

    @Test func emptyChunkAppendsNothing() {
        var output: [UInt8] = []
        HTTPSerializer.appendChunk(UnsafeRawBufferPointer(start: nil, count: 0), to: &output)
        #expect(output.isEmpty)
    }

    @Test func reasonPhrases() {
        #expect(HTTPSerializer.reasonPhrase(forStatus: 502).description == "Bad Gateway")
        #expect(HTTPSerializer.reasonPhrase(forStatus: 431).description == "Request Header Fields Too Large")
        #expect(HTTPSerializer.reasonPhrase(forStatus: 799).description == "")
    }

    @Test func rawFieldsAreValidated() {
        var output: [UInt8] = []
        let name = Array("X-Raw".utf8)
        let good = Array("value".utf8)
        let bad = Array("va\rlue".utf8)
        name.withUnsafeBytes { nameBytes in
            good.withUnsafeBytes { #expect(HTTPSerializer.appendField(name: nameBytes, value: $0, to: &output)) }
            bad.withUnsafeBytes { #expect(!HTTPSerializer.appendField(name: nameBytes, value: $0, to: &output)) }
        }
        #expect(text(output) == "X-Raw: value\r\n")
    }

    @Test func hopByHopNames() {
        // RFC 9110 §7.6.1: hop-by-hop fields, compared case-insensitively.
        for name in ["Connection", "keep-alive", "Proxy-Connection", "TE", "Trailer", "transfer-encoding", "UPGRADE"] {
            #expect(HTTPHeaderName.isHopByHop(name: name), "\(name)")
        }
        for name in ["Content-Length", "Host", "Trailers", "T"] {
            #expect(!HTTPHeaderName.isHopByHop(name: name), "\(name)")
        }
    }

    @Test func connectionListsNamedFields() {
        // RFC 9110 §7.6.1: Connection names further fields to remove.
        let value = Array(" close, X-Private ,,Keep-Alive".utf8)
        let names = Array("x-private".utf8)
        value.withUnsafeBytes { valueBytes in
            names.withUnsafeBytes { nameBytes in
                let listed = HTTPHeaderName.connectionValue(
                    0..<valueBytes.count, in: valueBytes, lists: 0..<nameBytes.count, in: nameBytes)
                #expect(listed)
                #expect(
                    !HTTPHeaderName.connectionValue(0..<valueBytes.count, in: valueBytes, lists: 0..<1, in: nameBytes))
                var elements: [String] = []
                HTTPHeaderName.forEachListElement(in: valueBytes, 0..<valueBytes.count) {
                    elements.append(String(decoding: UnsafeRawBufferPointer(rebasing: valueBytes[$0]), as: UTF8.self))
                }
                #expect(elements == ["close", "X-Private", "Keep-Alive"])
            }
        }
    }
}
