extension ServiceSpec {
    /// The largest timeout accepted anywhere in a service, in milliseconds (one hour).
    static let maximumMilliseconds = 3_600_000

    /// Reads a service from JSON, applying defaults. See ``ConfigResource/init(json:at:)``.
    public init(json: JSONValue, at path: String) throws(ConfigError) {
        self = try Self.read(json, at: path) { reader in
            ServiceSpec(
                loadBalancing: reader.object("lb", LoadBalancing.init(reading:)) ?? LoadBalancing(),
                breakerPolicy: reader.string("breaker_policy"),
                timeouts: reader.object("timeouts", Timeouts.init(reading:)) ?? Timeouts(),
                retries: reader.object("retries", Retries.init(reading:)) ?? Retries(),
                healthCheck: reader.object("health_check", HealthCheck.init(reading:)),
                upstreamProtocol: reader.choice("protocol", default: .http1),
                tls: reader.object("tls", TLS.init(reading:))
            )
        }
    }

    /// The service with every default written out.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "lb": loadBalancing.jsonValue,
            "timeouts": timeouts.jsonValue,
            "retries": retries.jsonValue,
            "protocol": .string(upstreamProtocol.rawValue),
        ]
        fields["breaker_policy"] = breakerPolicy.map(JSONValue.string)
        fields["health_check"] = healthCheck?.jsonValue
        fields["tls"] = tls?.jsonValue
        return .object(fields)
    }

    /// Checks ranges, names and the consistency of hashing, retry and health-check settings.
    public func problems(at path: String) -> [ConfigError.Problem] {
        var report = ProblemReport(at: path)
        loadBalancing.check(into: &report)
        if let breakerPolicy, let reason = ConfigSyntax.nameProblem(breakerPolicy) {
            report.add("breaker_policy", reason)
        }
        timeouts.check(into: &report)
        retries.check(into: &report, requestMilliseconds: timeouts.requestMilliseconds)
        healthCheck?.check(into: &report)
        tls?.check(into: &report)
        return report.problems
    }
}

extension ServiceSpec.LoadBalancing {
    init(reading reader: inout ObjectReader) {
        let policy: Policy = reader.choice("policy", default: .roundRobin)
        var hashKey: HashKey?
        if let text = reader.string("hash_on") {
            hashKey = HashKey(text: text)
            if hashKey == nil {
                reader.problems.add(
                    fieldPath(reader.path, "hash_on"),
                    "unknown value \"\(text)\"; expected \"client_address\" or \"header:NAME\"")
            }
        }
        self.init(policy: policy, hashOn: hashKey)
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = ["policy": .string(policy.rawValue)]
        fields["hash_on"] = hashOn.map { .string($0.text) }
        return .object(fields)
    }

    func check(into report: inout ProblemReport) {
        switch hashOn {
        case nil:
            if policy.isHashing {
                report.add("lb.hash_on", "is required for \(policy.rawValue)")
            }
        case .clientAddress:
            if !policy.isHashing {
                report.add("lb.hash_on", "applies only to ring_hash and maglev")
            }
        case .header(let name):
            if !policy.isHashing {
                report.add("lb.hash_on", "applies only to ring_hash and maglev")
            } else if !ConfigSyntax.isToken(name) {
                report.add("lb.hash_on", "\"\(name)\" is not a valid header name")
            }
        }
    }
}

extension ServiceSpec.LoadBalancing.HashKey {
    /// Parses `"client_address"` or `"header:NAME"`; header names are lower-cased.
    init?(text: String) {
        if text == "client_address" {
            self = .clientAddress
        } else if text.hasPrefix("header:") {
            self = .header(String(text.dropFirst("header:".count)).lowercased())
        } else {
            return nil
        }
    }

    /// The JSON text of the key.
    var text: String {
        switch self {
        case .clientAddress: "client_address"
        case .header(let name): "header:\(name)"
        }
    }
}

extension ServiceSpec.Timeouts {
    init(reading reader: inout ObjectReader) {
        self.init(
            connectMilliseconds: reader.int("connect_ms", default: 1000),
            requestMilliseconds: reader.int("request_ms", default: 15000),
            idleMilliseconds: reader.int("idle_ms", default: 60000)
        )
    }

    var jsonValue: JSONValue {
        .object([
            "connect_ms": .int(connectMilliseconds),
            "request_ms": .int(requestMilliseconds),
            "idle_ms": .int(idleMilliseconds),
        ])
    }

    func check(into report: inout ProblemReport) {
        report.check(connectMilliseconds, in: 1...600_000, "timeouts.connect_ms")
        report.check(requestMilliseconds, in: 1...ServiceSpec.maximumMilliseconds, "timeouts.request_ms")
        report.check(idleMilliseconds, in: 1...ServiceSpec.maximumMilliseconds, "timeouts.idle_ms")
    }
}

extension ServiceSpec.Retries {
    /// The most retries after the first try that a service or route may ask for.
    static let maximumAttempts = 10

    init(reading reader: inout ObjectReader) {
        self.init(
            attempts: reader.int("attempts", default: 1),
            conditions: reader.choices("on") ?? [.connectFailure, .reset],
            perTryTimeoutMilliseconds: reader.int("per_try_timeout_ms"),
            budgetPercent: reader.int("budget_percent", default: 20)
        )
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "attempts": .int(attempts),
            "on": .array(conditions.map { .string($0.rawValue) }),
            "budget_percent": .int(budgetPercent),
        ]
        fields["per_try_timeout_ms"] = perTryTimeoutMilliseconds.map(JSONValue.int)
        return .object(fields)
    }

    func check(into report: inout ProblemReport, requestMilliseconds: Int) {
        report.check(attempts, in: 0...Self.maximumAttempts, "retries.attempts")
        report.check(budgetPercent, in: 0...100, "retries.budget_percent")
        if Set(conditions).count != conditions.count {
            report.add("retries.on", "lists a condition more than once")
        }
        if let perTryTimeoutMilliseconds {
            report.check(perTryTimeoutMilliseconds, in: 1...requestMilliseconds, "retries.per_try_timeout_ms")
        }
    }
}

extension ServiceSpec.HealthCheck {
    init(reading reader: inout ObjectReader) {
        self.init(
            path: reader.requiredString("path"),
            intervalMilliseconds: reader.int("interval_ms", default: 5000),
            timeoutMilliseconds: reader.int("timeout_ms", default: 1000),
            healthyThreshold: reader.int("healthy_threshold", default: 2),
            unhealthyThreshold: reader.int("unhealthy_threshold", default: 3),
            expectedStatuses: Self.readStatuses(&reader) ?? [200...399]
        )
    }

    private static func readStatuses(_ reader: inout ObjectReader) -> [ClosedRange<Int>]? {
        guard let elements = reader.array("expected_statuses") else {
            return nil
        }
        var ranges: [ClosedRange<Int>] = []
        for (index, element) in elements.enumerated() {
            let field = elementPath(fieldPath(reader.path, "expected_statuses"), index)
            switch element {
            case .int(let status):
                ranges.append(status...status)
            case .string(let text):
                guard let range = statusRange(text) else {
                    reader.problems.add(field, "expected a status like \"200\" or a range like \"200-399\"")
                    continue
                }
                ranges.append(range)
            default:
                reader.problems.add(field, "expected a string or an integer, found \(element.typeDescription)")
            }
        }
        return ranges
    }

    private static func statusRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let lower = Int(parts[0]), let upper = Int(parts.last!), lower <= upper else {
            return nil
        }
        return lower...upper
    }

    var jsonValue: JSONValue {
        let statuses = expectedStatuses.map { range in
            JSONValue.string(
                range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
            )
        }
        return .object([
            "path": .string(path),
            "interval_ms": .int(intervalMilliseconds),
            "timeout_ms": .int(timeoutMilliseconds),
            "healthy_threshold": .int(healthyThreshold),
            "unhealthy_threshold": .int(unhealthyThreshold),
            "expected_statuses": .array(statuses),
        ])
    }

    func check(into report: inout ProblemReport) {
        if let reason = ConfigSyntax.pathProblem(path) {
            report.add("health_check.path", reason)
        }
        report.check(intervalMilliseconds, in: 100...ServiceSpec.maximumMilliseconds, "health_check.interval_ms")
        report.check(timeoutMilliseconds, in: 1...ServiceSpec.maximumMilliseconds, "health_check.timeout_ms")
        if timeoutMilliseconds > intervalMilliseconds {
            report.add("health_check.timeout_ms", "must not exceed interval_ms (\(intervalMilliseconds))")
        }
        report.check(healthyThreshold, in: 1...100, "health_check.healthy_threshold")
        report.check(unhealthyThreshold, in: 1...100, "health_check.unhealthy_threshold")
        if expectedStatuses.isEmpty {
            report.add("health_check.expected_statuses", "must list at least one status")
        }
        for (index, range) in expectedStatuses.enumerated() where range.lowerBound < 100 || range.upperBound > 599 {
            report.add(elementPath("health_check.expected_statuses", index), "statuses must be between 100 and 599")
        }
    }
}

extension ServiceSpec.TLS {
    init(reading reader: inout ObjectReader) {
        self.init(
            isEnabled: reader.bool("enabled", default: true),
            serverName: reader.string("sni").map { $0.lowercased() },
            certificateAuthority: reader.string("ca") ?? "system",
            verifiesPeer: reader.bool("verify", default: true)
        )
    }

    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "enabled": .bool(isEnabled),
            "ca": .string(certificateAuthority),
            "verify": .bool(verifiesPeer),
        ]
        fields["sni"] = serverName.map(JSONValue.string)
        return .object(fields)
    }

    func check(into report: inout ProblemReport) {
        if let serverName, let reason = ConfigSyntax.hostPatternProblem(serverName) {
            report.add("tls.sni", reason)
        } else if let serverName, serverName.hasPrefix("*.") {
            report.add("tls.sni", "must be an exact name, not a wildcard")
        }
        if certificateAuthority != "system", let reason = ConfigSyntax.nameProblem(certificateAuthority) {
            report.add("tls.ca", reason + ", or \"system\"")
        }
    }
}
