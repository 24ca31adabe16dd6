/// Writing families in the Prometheus text exposition format 0.0.4.
extension RegisteredFamily {
    func render(into text: inout String) {
        switch self {
        case .counter(let family):
            PrometheusText.appendHeader(name: family.name, help: family.help, type: "counter", to: &text)
            for (labelValues, counter) in family.series.sortedSeries() {
                PrometheusText.appendSample(
                    name: family.name, labelNames: family.labelNames, labelValues: labelValues,
                    value: String(counter.value), to: &text)
            }

        case .gauge(let family):
            PrometheusText.appendHeader(name: family.name, help: family.help, type: "gauge", to: &text)
            for (labelValues, gauge) in family.series.sortedSeries() {
                PrometheusText.appendSample(
                    name: family.name, labelNames: family.labelNames, labelValues: labelValues,
                    value: String(gauge.value), to: &text)
            }

        case .histogram(let family):
            PrometheusText.appendHeader(name: family.name, help: family.help, type: "histogram", to: &text)
            for (labelValues, histogram) in family.series.sortedSeries() {
                appendHistogram(
                    family: family, labelValues: labelValues, snapshot: histogram.snapshot, to: &text)
            }

        case .gaugeFunction(let family):
            PrometheusText.appendHeader(name: family.name, help: family.help, type: "gauge", to: &text)
            let samples = family.samples().sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
            for sample in samples {
                precondition(
                    sample.labelValues.count == family.labelNames.count,
                    "\(family.name) takes \(family.labelNames.count) label values, a sample has \(sample.labelValues)")
                PrometheusText.appendSample(
                    name: family.name, labelNames: family.labelNames, labelValues: sample.labelValues,
                    value: PrometheusText.format(sample.value), to: &text)
            }
        }
    }

    private func appendHistogram(
        family: HistogramFamily, labelValues: [String], snapshot: HistogramSnapshot, to text: inout String
    ) {
        let bucketName = family.name + "_bucket"
        let bucketLabelNames = family.labelNames + ["le"]
        let bounds = snapshot.upperBounds.map(PrometheusText.format) + ["+Inf"]

        for (bound, count) in zip(bounds, snapshot.cumulativeCounts) {
            PrometheusText.appendSample(
                name: bucketName, labelNames: bucketLabelNames, labelValues: labelValues + [bound],
                value: String(count), to: &text)
        }
        PrometheusText.appendSample(
            name: family.name + "_sum", labelNames: family.labelNames, labelValues: labelValues,
            value: PrometheusText.format(snapshot.sum), to: &text)
        PrometheusText.appendSample(
            name: family.name + "_count", labelNames: family.labelNames, labelValues: labelValues,
            value: String(snapshot.count), to: &text)
    }
}

/// The pieces of the Prometheus text format: names, escaping, numbers and lines.
enum PrometheusText {
    /// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":")
        }
    }

    /// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` and does not start with the reserved `__`.
    static func isValidLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !isDigit(first), !name.hasPrefix("__") else { return false }
        return name.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    static func appendHeader(name: String, help: String, type: String, to text: inout String) {
        text += "# HELP \(name) "
        for character in help.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(character)
            }
        }
        text += "\n# TYPE \(name) \(type)\n"
    }

    static func appendSample(
        name: String, labelNames: [String], labelValues: [String], value: String, to text: inout String
    ) {
        text += name
        if !labelNames.isEmpty {
            text += "{"
            for (index, (labelName, labelValue)) in zip(labelNames, labelValues).enumerated() {
                if index > 0 { text += "," }
                text += labelName + "=\""
                appendEscapedLabelValue(labelValue, to: &text)
                text += "\""
            }
            text += "}"
        }
        text += " " + value + "\n"
    }

    static func appendEscapedLabelValue(_ value: String, to text: inout String) {
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(character)
            }
        }
    }

    /// A sample value or bucket bound: whole numbers without a fraction (`10`), others in Swift's shortest
    /// round-tripping form (`0.0005`, `1e-07`), and `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
