/// Why a command line, or a value in it, was refused. Descriptions name the option and the value given,
/// so they are meant for the person who typed the command, not for logs of untrusted input.
public enum ArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An option that the command does not declare, with the closest declared name when one is close.
    case unknownOption(String, suggestion: String?)
    /// A subcommand name that the command does not declare, with the closest declared name when one is close.
    case unknownCommand(String, suggestion: String?)
    /// A command with subcommands was given none; carries the names it accepts.
    case missingCommand(available: [String])
    /// An option that needs a value came last or was followed by another option.
    case missingValue(option: String)
    /// A flag was given a value, as in `--json=yes`.
    case unexpectedValue(option: String)
    /// A required option was absent.
    case missingRequiredOption(String)
    /// A required positional argument was absent.
    case missingArgument(String)
    /// More positional arguments than the command declares; carries the first one left over.
    case unexpectedArgument(String)
    /// An option that may appear once appeared again.
    case repeatedOption(String)
    /// A value of the wrong form; `expected` says what would have been accepted.
    case invalidValue(String, option: String, expected: String)
    /// A `host:port` value that is not a valid address; `option` names where it came from, when known.
    case invalidAddress(String, option: String?, reason: String)
    /// A `key=value,…` value that is not a valid label list; `option` names where it came from, when known.
    case invalidLabels(String, option: String?, reason: String)

    /// A message for the person at the terminal, such as `missing value for --listen`.
    public var description: String {
        switch self {
        case .unknownOption(let option, let suggestion):
            return "unknown option \(option)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
        case .unknownCommand(let command, let suggestion):
            return "unknown command \"\(command)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
        case .missingCommand(let available):
            return "missing command: expected one of " + available.joined(separator: ", ")
        case .missingValue(let option):
            return "missing value for --\(option)"
        case .unexpectedValue(let option):
            return "option --\(option) takes no value"
        case .missingRequiredOption(let option):
            return "missing required option --\(option)"
        case .missingArgument(let name):
            return "missing required argument <\(name)>"
        case .unexpectedArgument(let argument):
            return "unexpected argument \"\(argument)\""
        case .repeatedOption(let option):
            return "option --\(option) given more than once"
        case .invalidValue(let value, let option, let expected):
            return "invalid value \"\(value)\" for --\(option): expected \(expected)"
        case .invalidAddress(let value, let option, let reason):
            return "invalid address \"\(value)\"" + (option.map { " for --\($0)" } ?? "") + ": \(reason)"
        case .invalidLabels(let value, let option, let reason):
            return "invalid labels \"\(value)\"" + (option.map { " for --\($0)" } ?? "") + ": \(reason)"
        }
    }

    /// A short, stable name for the kind of error, usable as a metric label.
    public var shortName: String {
        switch self {
        case .unknownOption: "unknown_option"
        case .unknownCommand: "unknown_command"
        case .missingCommand: "missing_command"
        case .missingValue: "missing_value"
        case .unexpectedValue: "unexpected_value"
        case .missingRequiredOption: "missing_required_option"
        case .missingArgument: "missing_argument"
        case .unexpectedArgument: "unexpected_argument"
        case .repeatedOption: "repeated_option"
        case .invalidValue: "invalid_value"
        case .invalidAddress: "invalid_address"
        case .invalidLabels: "invalid_labels"
        }
    }
}
