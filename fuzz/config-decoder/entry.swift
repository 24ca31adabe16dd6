// libFuzzer target for configuration decoding. The input is read as a snapshot and, in turn, as each kind of
// resource. Nothing may trap, and whatever decodes must survive canonical encoding unchanged: decoding the
// canonical bytes gives an equal value, and encoding that again gives the same bytes.

func checkRoundTrip<Resource: ConfigResource>(_ type: Resource.Type, _ input: [UInt8]) {
    guard let first = try? ConfigDecoder.decode(type, from: input) else {
        return
    }
    let bytes = ConfigEncoder.canonicalJSON(first)
    guard let second = try? ConfigDecoder.decode(type, from: bytes) else {
        fatalError("\(type) does not decode from its own canonical form: \(String(decoding: bytes, as: UTF8.self))")
    }
    guard second == first, ConfigEncoder.canonicalJSON(second) == bytes else {
        fatalError("\(type) changes across a canonical round trip: \(String(decoding: bytes, as: UTF8.self))")
    }
}

func checkSnapshot(_ input: [UInt8]) {
    guard let snapshot = try? SnapshotCodec.decode(input) else {
        return
    }
    _ = SnapshotValidator.validate(snapshot)
    let order = RouteOrder.sortedNames(snapshot.routes)
    for name in order {
        if case .template(let text)? = snapshot.routes[name]?.match.path, let template = try? PathTemplate(text),
            let captures = template.match(Substring(text))
        {
            _ = template.render(captures)
        }
    }
    let bytes = SnapshotCodec.encode(snapshot)
    guard let again = try? SnapshotCodec.decode(bytes), again == snapshot, SnapshotCodec.encode(again) == bytes else {
        fatalError("snapshot changes across a canonical round trip: \(String(decoding: bytes, as: UTF8.self))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    checkSnapshot(input)
    checkRoundTrip(ServiceSpec.self, input)
    checkRoundTrip(EndpointSpec.self, input)
    checkRoundTrip(RouteSpec.self, input)
    checkRoundTrip(BreakerPolicySpec.self, input)
    checkRoundTrip(RateLimitSpec.self, input)
    checkRoundTrip(ConsumerSpec.self, input)
    checkRoundTrip(CertificateBundle.self, input)
    if let value = try? ConfigDecoder.parse(input), let draft = try? Draft(json: value) {
        _ = DraftValidator.validate(draft)
    }
    return 0
}
