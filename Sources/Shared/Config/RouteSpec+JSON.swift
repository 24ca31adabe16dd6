extension RouteSpec {
    /// Reads a route from JSON, applying defaults. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            let match = reader.object("match", RouteMatch.init(reading:)) ?? RouteMatch()
            let action = RouteAction.read(&reader)
            // An action given with the wrong type is already reported; only a route with none at all lacks one.
            if action == nil, !RouteAction.fieldNames.contains(where: reader.contains) {
                reader.problems.add(reader.path, "needs one action: service, direct_response or redirect")
            }
            return RouteSpec(
                match: match,
                priority: reader.int("priority", default: 0),
                action: action ?? .service(""),
                rewrite: reader.object("rewrite", PathRewrite.init(reading:)) ?? nil,
                requestHeaders: reader.object("request_headers", HeaderChanges.init(reading:)) ?? HeaderChanges(),
                responseHeaders: reader.object("response_headers", HeaderChanges.init(reading:)) ?? HeaderChanges(),
                requestTimeoutMilliseconds: reader.object("timeouts") { $0.int("request_ms") } ?? nil,
                retryAttempts: reader.object("retries") { $0.int("attempts") } ?? nil,
                policies: reader.object("policies", Policies.init(reading:)) ?? Policies()
            )
        }
    }

    /// The route with every default written out; overrides that are not set are left out.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "match": match.jsonValue,
            "priority": .int(priority),
            "request_headers": requestHeaders.jsonValue,
            "response_headers": responseHeaders.jsonValue,
            "policies": policies.jsonValue,
        ]
        action.write(into: &fields)
        fields["rewrite"] = rewrite?.jsonValue
        fields["timeouts"] = requestTimeoutMilliseconds.map { .object(["request_ms": .int($0)]) }
        fields["retries"] = retryAttempts.map { .object(["attempts": .int($0)]) }
        return .object(fields)
    }

    /// Checks the match, the action, the rewrite against the match, header edits, overrides and policy names.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        match.check(into: &report)
        report.check(priority, in: -1_000_000...1_000_000, "priority")
        action.check(into: &report)
        checkRewrite(into: &report)
        requestHeaders.check(into: &report, at: "request_headers")
        responseHeaders.check(into: &report, at: "response_headers")
        if let requestTimeoutMilliseconds {
            report.check(requestTimeoutMilliseconds, in: 1...ServiceSpec.maximumMilliseconds, "timeouts.request_ms")
        }
        if let retryAttempts {
            report.check(retryAttempts, in: 0...ServiceSpec.Retries.maximumAttempts, "retries.attempts")
        }
        policies.check(into: &report)
        return report.problems
    }

    private func checkRewrite(into report: inout ProblemReport) {
        guard let rewrite else {
            return
        }
        guard case .service = action else {
            report.add("rewrite", "applies only to routes with a service")
            return
        }
        switch rewrite {
        case .prefix(let text):
            guard case .prefix = match.path else {
                report.add("rewrite.path_prefix", "requires match.path_prefix")
                return
            }
            if let reason = ConfigSyntax.pathProblem(text) {
                report.add("rewrite.path_prefix", reason)
            }
        case .template(let text):
            guard case .template = match.path else {
                report.add("rewrite.path_template", "requires match.path_template")
                return
            }
            checkRewriteTemplate(text, into: &report)
        }
    }

    private func checkRewriteTemplate(_ text: String, into report: inout ProblemReport) {
        let target: PathTemplate
        do {
            target = try PathTemplate(text)
        } catch {
            report.add("rewrite.path_template", error.reason)
            return
        }
        // A match template that does not parse is reported on the match; the rewrite is only checked against a
        // valid one.
        guard let source = match.pathTemplate else {
            return
        }
        for name in target.captureNames where !source.captureNames.contains(name) {
            report.add("rewrite.path_template", "uses {\(name)}, which match.path_template does not capture")
        }
    }
}

extension RouteSpec.PathRewrite {
    init?(reading reader: inout ObjectReader) {
        var rewrites: [(key: String, rewrite: Self)] = []
        if let text = reader.string("path_prefix") {
            rewrites.append(("path_prefix", .prefix(text)))
        }
        if let text = reader.string("path_template") {
            rewrites.append(("path_template", .template(text)))
        }
        reader.reportConflicts(rewrites.map(\.key), group: ["path_prefix", "path_template"])
        if rewrites.isEmpty {
            reader.problems.add(reader.path, "needs one of path_prefix or path_template")
        }
        guard let first = rewrites.first else {
            return nil
        }
        self = first.rewrite
    }

    var jsonValue: JSONValue {
        switch self {
        case .prefix(let text): .object(["path_prefix": .string(text)])
        case .template(let text): .object(["path_template": .string(text)])
        }
    }
}

extension RouteSpec.HeaderChanges {
    init(reading reader: inout ObjectReader) {
        var add: [String: String] = [:]
        let given = reader.stringMap("add") ?? [:]
        // Names differing only in case are one header; keeping either would depend on dictionary order.
        for name in given.keys.sorted() {
            let lowered = name.lowercased()
            if add[lowered] != nil {
                reader.problems.add(fieldPath(fieldPath(reader.path, "add"), name), "is given twice, ignoring case")
            }
            add[lowered] = given[name]
        }
        self.init(add: add, remove: (reader.strings("remove") ?? []).map { $0.lowercased() })
    }

    var jsonValue: JSONValue {
        .object(["add": .object(add.mapValues(JSONValue.string)), "remove": .array(remove.map(JSONValue.string))])
    }

    func check(into report: inout ProblemReport, at path: String) {
        for (name, value) in add.sorted(by: { $0.key < $1.key }) {
            let field = fieldPath(fieldPath(path, "add"), name)
            if !ConfigSyntax.isToken(name) {
                report.add(field, "\"\(name)\" is not a valid header name")
            } else if !ConfigSyntax.isSafeHeaderValue(value) {
                report.add(field, "header value must not contain CR, LF or NUL")
            }
        }
        for (index, name) in remove.enumerated() where !ConfigSyntax.isToken(name) {
            report.add(elementPath(fieldPath(path, "remove"), index), "\"\(name)\" is not a valid header name")
        }
    }
}

extension RouteSpec.Policies {
    init(reading reader: inout ObjectReader) {
        self.init(
            rateLimit: reader.string("rate_limit"),
            auth: reader.object("auth", RouteSpec.AuthRequirement.init(reading:))
        )
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [:]
        fields["rate_limit"] = rateLimit.map(JSONValue.string)
        fields["auth"] = auth?.jsonValue
        return .object(fields)
    }

    func check(into report: inout ProblemReport) {
        if let rateLimit, let reason = ConfigSyntax.nameProblem(rateLimit) {
            report.add("policies.rate_limit", reason)
        }
        for (index, group) in (auth?.groups ?? []).enumerated() {
            if let reason = ConfigSyntax.nameProblem(group) {
                report.add(elementPath("policies.auth.groups", index), reason)
            }
        }
    }
}

extension RouteSpec.AuthRequirement {
    init(reading reader: inout ObjectReader) {
        self.init(
            consumersRequired: reader.bool("consumers_required", default: true),
            groups: reader.strings("groups") ?? []
        )
    }

    var jsonValue: JSONValue {
        .object(["consumers_required": .bool(consumersRequired), "groups": .array(groups.map(JSONValue.string))])
    }
}
