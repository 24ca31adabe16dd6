extension RouteAction {
    /// The JSON keys of the actions, in the order conflicts are reported.
    static let fieldNames = ["service", "direct_response", "redirect"]

    /// Reads the route's single action, reporting a missing action or more than one.
    static func read(_ reader: inout ObjectReader) -> RouteAction? {
        var actions: [RouteAction] = []
        if let name = reader.string("service") {
            actions.append(.service(name))
        }
        if let response = reader.object("direct_response", DirectResponse.init(reading:)) {
            actions.append(.directResponse(response))
        }
        if let redirect = reader.object("redirect", Redirect.init(reading:)) {
            actions.append(.redirect(redirect))
        }
        reader.reportConflicts(actions.map(\.fieldName), group: fieldNames)
        return actions.first
    }

    func write(into fields: inout [String: JSONValue]) {
        switch self {
        case .service(let name): fields["service"] = .string(name)
        case .directResponse(let response): fields["direct_response"] = response.jsonValue
        case .redirect(let redirect): fields["redirect"] = redirect.jsonValue
        }
    }

    func check(into report: inout ProblemReport) {
        switch self {
        case .service(let name):
            if let reason = ConfigSyntax.nameProblem(name) {
                report.add("service", reason)
            }
        case .directResponse(let response):
            response.check(into: &report)
        case .redirect(let redirect):
            redirect.check(into: &report)
        }
    }
}

extension RouteAction.DirectResponse {
    init(reading reader: inout ObjectReader) {
        self.init(
            status: reader.requiredInt("status"),
            body: reader.string("body") ?? "",
            contentType: reader.string("content_type") ?? "text/plain; charset=utf-8"
        )
    }

    var jsonValue: JSONValue {
        .object(["status": .int(status), "body": .string(body), "content_type": .string(contentType)])
    }

    func check(into report: inout ProblemReport) {
        report.check(status, in: 200...599, "direct_response.status")
        if body.utf8.count > Self.maximumBodyBytes {
            report.add("direct_response.body", "must be at most \(Self.maximumBodyBytes) bytes")
        }
        if contentType.isEmpty || !ConfigSyntax.isSafeHeaderValue(contentType) {
            report.add("direct_response.content_type", "must be a non-empty header value without CR or LF")
        }
    }
}

extension RouteAction.Redirect {
    init(reading reader: inout ObjectReader) {
        self.init(
            status: reader.int("status", default: 302),
            location: reader.string("location"),
            scheme: reader.string("scheme")?.lowercased(),
            host: reader.string("host")?.lowercased(),
            path: reader.string("path"),
            stripsQuery: reader.bool("strip_query", default: false)
        )
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = ["status": .int(status), "strip_query": .bool(stripsQuery)]
        fields["location"] = location.map(JSONValue.string)
        fields["scheme"] = scheme.map(JSONValue.string)
        fields["host"] = host.map(JSONValue.string)
        fields["path"] = path.map(JSONValue.string)
        return .object(fields)
    }

    func check(into report: inout ProblemReport) {
        if !Self.allowedStatuses.contains(status) {
            report.add("redirect.status", "must be one of 301, 302, 303, 307, 308, found \(status)")
        }
        let hasParts = scheme != nil || host != nil || path != nil
        if let location {
            if hasParts {
                report.add("redirect.location", "conflicts with scheme, host and path; set location or parts")
            }
            if !Self.isLocation(location) {
                report.add("redirect.location", "must be an http or https URL or a path starting with a single '/'")
            }
        } else if !hasParts {
            report.add("redirect", "needs location, or at least one of scheme, host, path")
        }
        if let scheme, scheme != "http" && scheme != "https" {
            report.add("redirect.scheme", "must be http or https")
        }
        if let host, !Self.isHostWithOptionalPort(host) {
            report.add("redirect.host", "must be a host name, optionally with :port")
        }
        if let path, let reason = ConfigSyntax.pathProblem(path) {
            report.add("redirect.path", reason)
        }
    }

    /// An absolute `http`/`https` URL or an origin-relative path; `//host/…` is refused because clients read it
    /// as another host.
    private static func isLocation(_ text: String) -> Bool {
        let isAbsolute = text.hasPrefix("http://") || text.hasPrefix("https://")
        let isPath = text.hasPrefix("/") && !text.hasPrefix("//")
        let isClean = text.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F }
        return (isAbsolute || isPath) && isClean
    }

    private static func isHostWithOptionalPort(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, ConfigSyntax.hostPatternProblem(String(parts[0])) == nil, !parts[0].hasPrefix("*")
        else {
            return false
        }
        guard parts.count == 2 else {
            return true
        }
        return Int(parts[1]).map { (1...65_535).contains($0) } ?? false
    }
}
