/// What the command line asked for: run a command, or show a usage text.
public enum ParseOutcome: Sendable, Hashable {
    /// Run the selected command with these arguments.
    case run(ParsedArguments)
    /// `-h` or `--help` was given: print this usage text of the selected command and exit successfully.
    case help(String)
}

/// Parses command lines against a `CommandSpec`.
///
/// Accepted forms: `--name value`, `--name=value`, `-n value` for declared one-letter aliases, `--flag`,
/// repeated options when declared repeatable, positional arguments anywhere, and `--` to make every later
/// argument positional. A value starting with `-` must use the `--name=value` form, so that a forgotten
/// value is reported rather than swallowing the next option.
public enum ArgumentParser {
    /// Parses `arguments` for the command `spec`.
    ///
    /// - Parameters:
    ///   - arguments: The arguments after the program name, as in `CommandLine.arguments.dropFirst()`.
    ///   - spec: The root command; its name is the program name.
    /// - Returns: The command to run with its values, or the usage text when help was asked for.
    /// - Throws: `ArgumentError` for the first problem found, scanning left to right.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(ArgumentError) -> ParseOutcome {
        var state = ParseState(root: spec)
        var remaining = arguments[...]

        while let argument = remaining.popFirst() {
            if state.isPastOptions || argument == "-" || !argument.hasPrefix("-") {
                try state.acceptWord(argument)
            } else if argument == "--" {
                state.isPastOptions = true
            } else if argument == "-h" || argument == "--help" {
                return .help(usage(for: state.command, commandPath: state.commandPath, options: state.options))
            } else {
                try state.acceptOption(argument, remaining: &remaining)
            }
        }

        return .run(try state.finish())
    }
}

/// The parser's progress through one command line.
private struct ParseState {
    var command: CommandSpec
    var commandPath: [String]
    /// Options in scope: the selected command's and those of every command above it.
    var options: [OptionSpec]
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var words: [String] = []
    var isPastOptions = false

    init(root: CommandSpec) {
        command = root
        commandPath = [root.name]
        options = root.options
    }

    /// Takes a non-option argument: the subcommand name while one is expected, otherwise a positional.
    mutating func acceptWord(_ word: String) throws(ArgumentError) {
        guard !command.subcommands.isEmpty, !isPastOptions else {
            words.append(word)
            return
        }
        guard let subcommand = command.subcommands.first(where: { $0.name == word }) else {
            throw .unknownCommand(word, suggestion: closestName(to: word, among: command.subcommands.map(\.name)))
        }
        command = subcommand
        commandPath.append(subcommand.name)
        options += subcommand.options
    }

    mutating func acceptOption(_ argument: String, remaining: inout ArraySlice<String>) throws(ArgumentError) {
        let (option, inlineValue) = try resolve(argument)

        guard option.kind != .flag else {
            guard inlineValue == nil else { throw .unexpectedValue(option: option.name) }
            flags.insert(option.name)
            return
        }

        let value: String
        if let inlineValue {
            value = inlineValue
        } else if let next = remaining.first, next == "-" || !next.hasPrefix("-") {
            value = next
            remaining.removeFirst()
        } else {
            throw .missingValue(option: option.name)
        }

        try validate(value, for: option)
        guard option.isRepeatable || values[option.name] == nil else { throw .repeatedOption(option.name) }
        values[option.name, default: []].append(value)
    }

    /// Finds the declared option an argument names, with the value given after `=`, if any.
    func resolve(_ argument: String) throws(ArgumentError) -> (OptionSpec, String?) {
        if argument.hasPrefix("--") {
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            guard let option = options.first(where: { $0.name == name }) else {
                let suggestion = closestName(to: name, among: options.map(\.name) + ["help"])
                throw .unknownOption("--" + name, suggestion: suggestion.map { "--" + $0 })
            }
            return (option, inlineValue)
        }

        let short = argument.dropFirst()
        guard short.count == 1, let option = options.first(where: { $0.shortName == short.first }) else {
            throw .unknownOption(argument, suggestion: nil)
        }
        return (option, nil)
    }

    func validate(_ value: String, for option: OptionSpec) throws(ArgumentError) {
        switch option.kind {
        case .flag, .string:
            return
        case .integer:
            guard Int(value) != nil else { throw .invalidValue(value, option: option.name, expected: "an integer") }
        case .choice(let choices):
            guard choices.contains(value) else {
                let expected = "one of " + choices.joined(separator: ", ")
                throw .invalidValue(value, option: option.name, expected: expected)
            }
        }
    }

    /// Checks what can only be checked at the end and assigns positionals.
    func finish() throws(ArgumentError) -> ParsedArguments {
        guard command.subcommands.isEmpty || command.runsWithoutSubcommand else {
            throw .missingCommand(available: command.subcommands.map(\.name))
        }
        if let missing = options.first(where: { $0.isRequired && values[$0.name] == nil }) {
            throw .missingRequiredOption(missing.name)
        }

        var positionalValues: [String: [String]] = [:]
        var unassigned = words[...]
        for positional in command.positionals {
            if unassigned.isEmpty {
                guard !positional.isRequired else { throw .missingArgument(positional.name) }
                continue
            }
            let taken = positional.isRepeating ? unassigned.count : 1
            positionalValues[positional.name] = Array(unassigned.prefix(taken))
            unassigned = unassigned.dropFirst(taken)
        }
        if let extra = unassigned.first {
            throw .unexpectedArgument(extra)
        }

        return ParsedArguments(
            commandPath: commandPath, options: options, positionals: command.positionals, values: values,
            flags: flags, positionalValues: positionalValues)
    }
}

/// The candidate closest to `name` in edit distance, when it is close enough to be a likely typo: at most one
/// edit per three characters, and at least one edit allowed.
func closestName(to name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { (candidate: $0, distance: editDistance(name, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
    let allowed = max(1, best.candidate.count / 3)
    return best.distance <= allowed ? best.candidate : nil
}
