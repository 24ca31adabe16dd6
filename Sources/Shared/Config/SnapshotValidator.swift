/// Checks a snapshot completely before a data plane builds tables from it, so a broken one can be refused with a
/// readable reason while the previous one keeps serving.
public enum SnapshotValidator {
    /// The longest version text accepted, in bytes.
    public static let maximumVersionLength = 128

    /// Every problem in `snapshot`: the version fields, the configuration as ``DraftValidator`` sees it, the
    /// certificates' keys, and the endpoints; empty when the snapshot is valid.
    public static func validate(_ snapshot: Snapshot) -> [ConfigError.Problem] {
        var report = ProblemReport(at: "")
        checkHeader(snapshot, into: &report)

        var draft = snapshot.draft
        draft.certificates = [:]
        report.add(contentsOf: DraftValidator.validate(draft))
        report.add(contentsOf: DraftValidator.checkResources(snapshot.certificates, kind: "certificates"))
        report.add(
            contentsOf: DraftValidator.checkServerNames(snapshot.certificates.mapValues(\.certificate.serverNames)))

        checkEndpoints(snapshot, into: &report)
        return report.problems
    }

    private static func checkHeader(_ snapshot: Snapshot, into report: inout ProblemReport) {
        let versionBytes = Array(snapshot.version.utf8)
        let isVisible = versionBytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") }
        if versionBytes.isEmpty || versionBytes.count > maximumVersionLength || !isVisible {
            report.add("version", "must be 1 to \(maximumVersionLength) visible ASCII characters without '\"'")
        }
        if snapshot.configVersion < 0 {
            report.add("config_version", "must not be negative, found \(snapshot.configVersion)")
        }
        if snapshot.generatedAt.isEmpty {
            report.add("generated_at", "must not be empty")
        }
    }

    private static func checkEndpoints(_ snapshot: Snapshot, into report: inout ProblemReport) {
        for service in snapshot.endpoints.keys.sorted() {
            if snapshot.services[service] == nil {
                report.add("endpoints.\(service)", "no service named \"\(service)\"")
            }
            var seen: Set<String> = []
            for (index, entry) in snapshot.endpoints[service]!.enumerated() {
                let path = "endpoints.\(service)[\(index)]"
                var entryReport = ProblemReport(at: path)
                entry.check(into: &entryReport)
                report.add(contentsOf: entryReport.problems)
                if !seen.insert(entry.id).inserted {
                    report.add("\(path).id", "duplicate endpoint id \"\(entry.id)\"")
                }
            }
        }
    }
}
