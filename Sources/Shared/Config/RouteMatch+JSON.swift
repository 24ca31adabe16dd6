extension RouteMatch {
    private static let pathKeys = ["path_exact", "path_prefix", "path_regex", "path_template"]

    init(reading reader: inout ObjectReader) {
        self.init(
            hosts: (reader.strings("hosts") ?? []).map { $0.lowercased() },
            path: Self.readPath(&reader),
            methods: (reader.strings("methods") ?? []).map { $0.uppercased() },
            headers: reader.objects("headers", HeaderMatch.init(reading:)) ?? [],
            query: reader.objects("query", QueryMatch.init(reading:)) ?? []
        )
    }

    private static func readPath(_ reader: inout ObjectReader) -> PathMatch? {
        var matches: [PathMatch] = []
        for key in pathKeys {
            guard let text = reader.string(key) else {
                continue
            }
            switch key {
            case "path_exact": matches.append(.exact(text))
            case "path_prefix": matches.append(.prefix(text))
            case "path_regex": matches.append(.regex(text))
            default: matches.append(.template(text))
            }
        }
        reader.reportConflicts(matches.map(\.fieldName), group: pathKeys)
        return matches.first
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "hosts": .array(hosts.map(JSONValue.string)),
            "methods": .array(methods.map(JSONValue.string)),
            "headers": .array(headers.map(\.jsonValue)),
            "query": .array(query.map(\.jsonValue)),
        ]
        if let path {
            fields[path.fieldName] = .string(path.pattern)
        }
        return .object(fields)
    }

    /// The template of `path`, when it is one and parses.
    var pathTemplate: PathTemplate? {
        guard case .template(let text) = path else {
            return nil
        }
        return try? PathTemplate(text)
    }

    func check(into report: inout ProblemReport) {
        for (index, host) in hosts.enumerated() {
            if let reason = ConfigSyntax.hostPatternProblem(host) {
                report.add(elementPath("match.hosts", index), reason)
            }
        }
        if let path {
            Self.check(path, into: &report)
        }
        for (index, method) in methods.enumerated() where !ConfigSyntax.isToken(method) {
            report.add(elementPath("match.methods", index), "\"\(method)\" is not a valid method")
        }
        for (index, header) in headers.enumerated() {
            header.check(into: &report, at: elementPath("match.headers", index))
        }
        for (index, parameter) in query.enumerated() where parameter.name.isEmpty {
            report.add(fieldPath(elementPath("match.query", index), "name"), "must not be empty")
        }
    }

    private static func check(_ path: PathMatch, into report: inout ProblemReport) {
        let field = "match.\(path.fieldName)"
        switch path {
        case .exact(let text), .prefix(let text):
            if let reason = ConfigSyntax.pathProblem(text) {
                report.add(field, reason)
            }
        case .regex(let pattern):
            if let reason = ConfigSyntax.regexProblem(pattern) {
                report.add(field, reason)
            }
        case .template(let text):
            do {
                _ = try PathTemplate(text)
            } catch {
                report.add(field, error.reason)
            }
        }
    }
}

extension RouteMatch.HeaderMatch {
    private static let conditionKeys = ["exact", "prefix", "regex", "present"]

    init(reading reader: inout ObjectReader) {
        let name = reader.requiredString("name").lowercased()
        var conditions: [(key: String, condition: Condition)] = []
        if let text = reader.string("exact") {
            conditions.append(("exact", .exact(text)))
        }
        if let text = reader.string("prefix") {
            conditions.append(("prefix", .prefix(text)))
        }
        if let text = reader.string("regex") {
            conditions.append(("regex", .regex(text)))
        }
        if let isPresent = reader.bool("present") {
            if !isPresent {
                reader.problems.add(
                    fieldPath(reader.path, "present"), "must be true; use invert to match an absent header")
            }
            conditions.append(("present", .present))
        }
        reader.reportConflicts(conditions.map(\.key), group: Self.conditionKeys)
        if conditions.isEmpty {
            reader.problems.add(reader.path, "needs one of exact, prefix, regex or present")
        }
        self.init(
            name: name,
            condition: conditions.first?.condition ?? .present,
            isInverted: reader.bool("invert", default: false)
        )
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = ["name": .string(name), "invert": .bool(isInverted)]
        switch condition {
        case .exact(let text): fields["exact"] = .string(text)
        case .prefix(let text): fields["prefix"] = .string(text)
        case .regex(let text): fields["regex"] = .string(text)
        case .present: fields["present"] = .bool(true)
        }
        return .object(fields)
    }

    func check(into report: inout ProblemReport, at path: String) {
        if !ConfigSyntax.isToken(name) {
            report.add(fieldPath(path, "name"), "\"\(name)\" is not a valid header name")
        }
        if case .regex(let pattern) = condition, let reason = ConfigSyntax.regexProblem(pattern) {
            report.add(fieldPath(path, "regex"), reason)
        }
    }
}

extension RouteMatch.QueryMatch {
    init(reading reader: inout ObjectReader) {
        let name = reader.requiredString("name")
        var conditions: [(key: String, condition: Condition)] = []
        if let text = reader.string("exact") {
            conditions.append(("exact", .exact(text)))
        }
        if let isPresent = reader.bool("present") {
            if !isPresent {
                reader.problems.add(fieldPath(reader.path, "present"), "must be true")
            }
            conditions.append(("present", .present))
        }
        reader.reportConflicts(conditions.map(\.key), group: ["exact", "present"])
        if conditions.isEmpty {
            reader.problems.add(reader.path, "needs one of exact or present")
        }
        self.init(name: name, condition: conditions.first?.condition ?? .present)
    }

    var jsonValue: JSONValue {
        switch condition {
        case .exact(let text): .object(["name": .string(name), "exact": .string(text)])
        case .present: .object(["name": .string(name), "present": .bool(true)])
        }
    }
}
