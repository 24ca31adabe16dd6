extension ArgumentParser {
    /// The width usage text is wrapped to, in columns.
    static let usageWidth = 80
    /// The widest left column (option or argument names) before its help moves to the next line.
    static let usageNameColumnLimit = 28

    /// The usage text of the root command, as `--help` prints it.
    public static func usage(of spec: CommandSpec) -> String {
        usage(for: spec, commandPath: [spec.name], options: spec.options)
    }

    /// The usage text of `command`, reached through `commandPath`, accepting `options` (its own and its
    /// parents').
    static func usage(for command: CommandSpec, commandPath: [String], options: [OptionSpec]) -> String {
        var synopsis = ["Usage:"] + commandPath
        if !command.subcommands.isEmpty {
            synopsis.append("<command>")
        }
        synopsis += options.filter(\.isRequired).map { "--\($0.name) <\($0.valueName)>" }
        synopsis.append("[options]")
        synopsis += command.positionals.map(synopsisWord)

        var text = synopsis.joined(separator: " ") + "\n\n" + wrap(words(command.summary), indent: 0) + "\n"

        if !command.positionals.isEmpty {
            text += "\nArguments:\n"
            text += table(command.positionals.map { ("<\($0.name)>", words($0.help)) })
        }

        let helpOption = ("-h, --help", words("Show this help."))
        text += "\nOptions:\n"
        text += table(options.map { (optionColumn($0), optionHelp($0)) } + [helpOption])

        if !command.subcommands.isEmpty {
            text += "\nCommands:\n"
            text += table(command.subcommands.map { ($0.name, words($0.summary)) })
            let path = commandPath.joined(separator: " ")
            text +=
                "\n" + wrap(words("Run \"\(path) <command> --help\" for the options of a command."), indent: 0) + "\n"
        }
        return text
    }

    private static func synopsisWord(_ positional: PositionalSpec) -> String {
        let word = positional.isRepeating ? "<\(positional.name)>..." : "<\(positional.name)>"
        return positional.isRequired ? word : "[\(word)]"
    }

    private static func optionColumn(_ option: OptionSpec) -> String {
        let names = option.shortName.map { "-\($0), --\(option.name)" } ?? "    --\(option.name)"
        return option.kind == .flag ? names : names + " <\(option.valueName)>"
    }

    /// The option's help as words to wrap; each note in parentheses stays whole on one line.
    private static func optionHelp(_ option: OptionSpec) -> [String] {
        var words = option.help.split(separator: " ").map(String.init)
        if case .choice(let choices) = option.kind {
            words += ["One", "of:"] + self.words(choices.joined(separator: ", ") + ".")
        }
        if option.isRequired {
            words.append("(required)")
        }
        if let defaultValue = option.defaultValue {
            words.append("(default: \(defaultValue))")
        }
        if option.isRepeatable {
            words.append("(repeatable)")
        }
        return words
    }

    /// Two aligned columns: names on the left, wrapped help on the right.
    private static func table(_ rows: [(name: String, help: [String])]) -> String {
        let nameWidth = rows.map(\.name.count).filter { $0 <= usageNameColumnLimit }.max() ?? 0
        let helpIndent = 2 + nameWidth + 2

        var text = ""
        for row in rows {
            let help = wrap(row.help, indent: helpIndent)
            let helpText = help.dropFirst(helpIndent)
            if row.name.count > nameWidth {
                text += "  " + row.name + "\n" + help + "\n"
            } else {
                let padding = String(repeating: " ", count: nameWidth - row.name.count + 2)
                text += "  " + row.name + padding + helpText + "\n"
            }
        }
        return text
    }

    private static func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    /// `words` joined by spaces and wrapped to `usageWidth`, every line indented by `indent` spaces.
    private static func wrap(_ words: [String], indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        let available = max(usageWidth - indent, 20)

        var lines: [String] = []
        var line = ""
        for word in words {
            if !line.isEmpty, line.count + 1 + word.count > available {
                lines.append(margin + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        lines.append(margin + line)
        return lines.joined(separator: "\n")
    }
}
