/// The values of a parsed command line, read by declared name.
///
/// Reading a name the command did not declare, or reading an option as the wrong kind, stops the process:
/// it is a programmer error, not a user's.
public struct ParsedArguments: Sendable, Hashable {
    /// The program name followed by the selected subcommands, such as `["gatehouse", "up"]`.
    public let commandPath: [String]
    let options: [OptionSpec]
    let positionals: [PositionalSpec]
    let values: [String: [String]]
    let flags: Set<String>
    let positionalValues: [String: [String]]

    /// The selected command's name, such as `up`.
    public var command: String {
        commandPath.last!
    }

    /// The option's value: the last one given, else its default, else `nil`.
    public func string(_ name: String) -> String? {
        let option = declaredOption(name)
        precondition(option.kind != .flag, "--\(name) is a flag; read it with flag(_:)")
        return values[name]?.last ?? option.defaultValue
    }

    /// The integer option's value: the last one given, else its default, else `nil`.
    public func int(_ name: String) -> Int? {
        let option = declaredOption(name)
        precondition(option.kind == .integer, "--\(name) is not declared as an integer option")
        // The parser checked every given value, and the declaration built the default from an Int.
        return (values[name]?.last ?? option.defaultValue).map { Int($0)! }
    }

    /// Whether the flag was given.
    public func flag(_ name: String) -> Bool {
        let option = declaredOption(name)
        precondition(option.kind == .flag, "--\(name) takes a value; read it with string(_:)")
        return flags.contains(name)
    }

    /// Every value given for a repeatable option, in order; the default alone when none was given.
    public func strings(_ name: String) -> [String] {
        let option = declaredOption(name)
        precondition(option.kind != .flag, "--\(name) is a flag; read it with flag(_:)")
        return values[name] ?? option.defaultValue.map { [$0] } ?? []
    }

    /// The option's value as a `host:port` address, or `nil` when absent without a default.
    public func address(_ name: String) throws(ArgumentError) -> (host: String, port: UInt16)? {
        guard let text = string(name) else { return nil }
        return try ArgumentParser.parseAddress(text, option: name)
    }

    /// Every value of the option read as `key=value,…` labels and merged; a key given twice is an error.
    public func labels(_ name: String) throws(ArgumentError) -> [String: String] {
        var merged: [String: String] = [:]
        for text in strings(name) {
            for (key, value) in try ArgumentParser.parseLabels(text, option: name) {
                guard merged.updateValue(value, forKey: key) == nil else {
                    throw .invalidLabels(text, option: name, reason: "label \"\(key)\" given more than once")
                }
            }
        }
        return merged
    }

    /// The positional argument's value, or `nil` when an optional one was absent.
    public func positional(_ name: String) -> String? {
        positionals(name).first
    }

    /// Every value of a repeating positional argument, in order.
    public func positionals(_ name: String) -> [String] {
        precondition(positionals.contains { $0.name == name }, "<\(name)> is not a declared positional argument")
        return positionalValues[name] ?? []
    }

    private func declaredOption(_ name: String) -> OptionSpec {
        guard let option = options.first(where: { $0.name == name }) else {
            preconditionFailure("--\(name) is not declared for \(commandPath.joined(separator: " "))")
        }
        return option
    }
}
