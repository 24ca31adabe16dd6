/// Declares a command: its name, what it does, its options, its positional arguments and its subcommands.
///
/// A command with subcommands takes the subcommand's name as its first non-option argument and takes no
/// positional arguments of its own. Options declared on a command are accepted by its subcommands too, so
/// global options such as `--log-level` are declared once on the root.
public struct CommandSpec: Sendable, Hashable {
    /// The word that selects the command, such as `up`; for the root, the program name.
    public var name: String
    /// One sentence shown in the usage text and in the parent's command list.
    public var summary: String
    /// Options, listed in the usage text in this order. Default: none.
    public var options: [OptionSpec]
    /// Positional arguments, filled in this order. Default: none.
    public var positionals: [PositionalSpec]
    /// Subcommands, listed in the usage text in this order. Default: none.
    public var subcommands: [CommandSpec]
    /// Whether the command runs by itself although it has subcommands.
    public var runsWithoutSubcommand: Bool

    /// Creates a command declaration.
    ///
    /// - Parameters:
    ///   - name: The word that selects the command; for the root, the program name.
    ///   - summary: One sentence saying what the command does.
    ///   - options: The command's options. Default: none.
    ///   - positionals: The command's positional arguments; only the last may repeat. Default: none.
    ///   - subcommands: The command's subcommands. Default: none.
    ///   - runsWithoutSubcommand: Whether the command also runs by itself when it has subcommands (as
    ///     `gatehouse control` does beside `gatehouse control token create`). Default: false.
    public init(
        name: String,
        summary: String,
        options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [],
        subcommands: [CommandSpec] = [],
        runsWithoutSubcommand: Bool = false
    ) {
        precondition(
            positionals.dropLast().allSatisfy { !$0.isRepeating }, "\(name): only the last positional may repeat")
        precondition(
            subcommands.isEmpty || positionals.isEmpty, "\(name): a command with subcommands takes no positionals")
        self.name = name
        self.summary = summary
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
        self.runsWithoutSubcommand = runsWithoutSubcommand
    }
}

/// Declares one `--name` option.
public struct OptionSpec: Sendable, Hashable {
    /// What an option accepts.
    public enum Kind: Sendable, Hashable {
        /// No value: present or absent, as in `--json`.
        case flag
        /// Any text, as in `--listen 127.0.0.1:8080`.
        case string
        /// A whole number in decimal, as in `--workers 4`.
        case integer
        /// One of a fixed set of words, as in `--log-level debug`.
        case choice([String])
    }

    /// The long name without dashes, such as `listen` for `--listen`.
    public var name: String
    /// A one-letter alias, such as `w` for `-w`. Default: none.
    public var shortName: Character?
    /// What the option accepts.
    public var kind: Kind
    /// The placeholder for the value in the usage text, such as `address`.
    public var valueName: String
    /// One sentence shown in the usage text.
    public var help: String
    /// The value used when the option is absent, shown in the usage text. Default: none.
    public var defaultValue: String?
    /// Whether parsing fails when the option is absent. Default: false.
    public var isRequired: Bool
    /// Whether the option may be given more than once, collecting every value. Default: false.
    public var isRepeatable: Bool

    /// Creates an option declaration; the static constructors below read better at the call site.
    public init(
        name: String,
        shortName: Character? = nil,
        kind: Kind,
        valueName: String = "value",
        help: String,
        defaultValue: String? = nil,
        isRequired: Bool = false,
        isRepeatable: Bool = false
    ) {
        precondition(!name.isEmpty && !name.hasPrefix("-"), "option names are given without dashes, got \(name)")
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.valueName = valueName
        self.help = help
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
    }

    /// A boolean `--name` that takes no value.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, shortName: short, kind: .flag, help: help)
    }

    /// A `--name value` option taking any text.
    public static func string(
        _ name: String,
        short: Character? = nil,
        valueName: String = "value",
        help: String,
        default defaultValue: String? = nil,
        required: Bool = false,
        repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .string, valueName: valueName, help: help,
            defaultValue: defaultValue, isRequired: required, isRepeatable: repeatable)
    }

    /// A `--name n` option taking a whole number.
    public static func integer(
        _ name: String,
        short: Character? = nil,
        valueName: String = "n",
        help: String,
        default defaultValue: Int? = nil,
        required: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, kind: .integer, valueName: valueName, help: help,
            defaultValue: defaultValue.map(String.init), isRequired: required)
    }

    /// A `--name word` option taking one of `choices`.
    public static func choice(
        _ name: String,
        _ choices: [String],
        valueName: String = "value",
        help: String,
        default defaultValue: String? = nil
    ) -> OptionSpec {
        precondition(defaultValue.map(choices.contains) ?? true, "\(name): default must be one of \(choices)")
        return OptionSpec(
            name: name, kind: .choice(choices), valueName: valueName, help: help, defaultValue: defaultValue)
    }
}

/// Declares one positional argument.
public struct PositionalSpec: Sendable, Hashable {
    /// The name shown in the usage text as `<name>` and used to read the value.
    public var name: String
    /// One sentence shown in the usage text.
    public var help: String
    /// Whether parsing fails when the argument is absent. Default: true.
    public var isRequired: Bool
    /// Whether the argument takes every remaining value; only the last positional may. Default: false.
    public var isRepeating: Bool

    /// Creates a positional argument declaration.
    ///
    /// - Parameters:
    ///   - name: The name shown as `<name>` and used to read the value.
    ///   - help: One sentence shown in the usage text.
    ///   - isRequired: Whether parsing fails when the argument is absent. Default: true.
    ///   - isRepeating: Whether the argument takes every remaining value. Default: false.
    public init(_ name: String, help: String, isRequired: Bool = true, isRepeating: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
        self.isRepeating = isRepeating
    }
}
