import Testing

@testable import Shared

private let upCommand = CommandSpec(
    name: "up",
    summary: "Runs the control plane and a data plane in one process.",
    options: [
        .string("listen", valueName: "address", help: "Address the data plane listens on.", default: "127.0.0.1:8080"),
        .string("data-dir", valueName: "path", help: "Directory holding the state database.", required: true),
        .integer("workers", short: "w", help: "Number of event loops.", default: 4),
        .string("label", valueName: "key=value", help: "Label attached to this node.", repeatable: true),
        .flag("json", help: "Write logs as JSON lines."),
    ],
    positionals: [PositionalSpec("config", help: "Configuration file to load first.", isRequired: false)])

private let routesCommand = CommandSpec(
    name: "routes",
    summary: "Lists routes.",
    positionals: [
        PositionalSpec("service", help: "Service whose routes to list."),
        PositionalSpec("filters", help: "Path prefixes to keep.", isRequired: false, isRepeating: true),
    ])

private let program = CommandSpec(
    name: "gatehouse",
    summary: "An API gateway.",
    options: [
        .choice(
            "log-level", ["trace", "debug", "info", "notice", "warning", "error", "critical"], valueName: "level",
            help: "Least severe log level written.", default: "info")
    ],
    subcommands: [upCommand, routesCommand, CommandSpec(name: "version", summary: "Prints the version.")])

/// Thrown by `run` when the parser asked for help instead of a command.
private struct UnexpectedHelp: Error {}

private func run(_ arguments: [String]) throws -> ParsedArguments {
    guard case .run(let parsed) = try ArgumentParser.parse(arguments, spec: program) else {
        throw UnexpectedHelp()
    }
    return parsed
}

private func failure(_ arguments: [String]) -> String? {
    do {
        _ = try ArgumentParser.parse(arguments, spec: program)
        return nil
    } catch {
        return error.description
    }
}

@Suite struct ArgumentParserTests {
    @Test func parsesValuesFlagsAndDefaults() throws {
        let parsed = try run(["up", "--data-dir", "/var/lib/gatehouse", "--json", "--workers=8"])

        #expect(parsed.commandPath == ["gatehouse", "up"])
        #expect(parsed.command == "up")
        #expect(parsed.string("data-dir") == "/var/lib/gatehouse")
        #expect(parsed.string("listen") == "127.0.0.1:8080")
        #expect(parsed.int("workers") == 8)
        #expect(parsed.flag("json"))
        #expect(parsed.string("log-level") == "info")
        #expect(parsed.positional("config") == nil)
    }

    @Test func parsesShortNamesRepeatedOptionsAndPositionals() throws {
        let parsed = try run([
            "--log-level", "debug", "up", "gatehouse.json", "-w", "2", "--data-dir=d", "--label", "a=1",
            "--label=b=2",
        ])

        #expect(parsed.string("log-level") == "debug")
        #expect(parsed.int("workers") == 2)
        #expect(!parsed.flag("json"))
        #expect(parsed.strings("label") == ["a=1", "b=2"])
        #expect(try parsed.labels("label") == ["a": "1", "b": "2"])
        #expect(parsed.positional("config") == "gatehouse.json")
    }

    @Test func parentOptionsAreAcceptedAfterTheSubcommand() throws {
        let parsed = try run(["up", "--data-dir", "d", "--log-level", "error"])
        #expect(parsed.string("log-level") == "error")
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try run(["routes", "--", "--odd-service", "-", "/v1"])
        #expect(parsed.positional("service") == "--odd-service")
        #expect(parsed.positionals("filters") == ["-", "/v1"])
    }

    @Test func repeatingPositionalTakesTheRest() throws {
        let parsed = try run(["routes", "billing", "/a", "/b"])
        #expect(parsed.positional("service") == "billing")
        #expect(parsed.positionals("filters") == ["/a", "/b"])
        #expect(try run(["routes", "billing"]).positionals("filters") == [])
    }

    @Test func inlineValueMayStartWithADash() throws {
        let parsed = try run(["up", "--data-dir=-relative", "--workers=-1"])
        #expect(parsed.string("data-dir") == "-relative")
        #expect(parsed.int("workers") == -1)
    }

    @Test(arguments: [
        (["up", "--listn", "x", "--data-dir", "d"], "unknown option --listn (did you mean --listen?)"),
        (["up", "--data-dri", "d"], "unknown option --data-dri (did you mean --data-dir?)"),
        (["up", "--hepl"], "unknown option --hepl (did you mean --help?)"),
        (["up", "--zzzzzz"], "unknown option --zzzzzz"),
        (["up", "-x"], "unknown option -x"),
        (["up", "-wv"], "unknown option -wv"),
        (["--listen", "x", "up"], "unknown option --listen"),
        (["stat"], "unknown command \"stat\""),
        (["rotues"], "unknown command \"rotues\" (did you mean \"routes\"?)"),
        ([], "missing command: expected one of up, routes, version"),
        (["up", "--data-dir", "d", "--listen"], "missing value for --listen"),
        (["up", "--listen", "--data-dir", "d"], "missing value for --listen"),
        (["up"], "missing required option --data-dir"),
        (["up", "--data-dir", "d", "--workers", "abc"], "invalid value \"abc\" for --workers: expected an integer"),
        (["up", "--data-dir", "d", "-w", "4.5"], "invalid value \"4.5\" for --workers: expected an integer"),
        (
            ["--log-level", "loud", "version"],
            "invalid value \"loud\" for --log-level: expected one of trace, debug, info, notice, warning, error, "
                + "critical"
        ),
        (["up", "--data-dir", "d", "--json=yes"], "option --json takes no value"),
        (["up", "--data-dir", "d", "--data-dir", "e"], "option --data-dir given more than once"),
        (["routes"], "missing required argument <service>"),
        (["version", "extra"], "unexpected argument \"extra\""),
        (["up", "--data-dir", "d", "a.json", "b.json"], "unexpected argument \"b.json\""),
    ])
    func reportsClearErrors(arguments: [String], message: String) {
        #expect(failure(arguments) == message)
    }

    @Test func errorsHaveStableShortNames() {
        #expect(ArgumentError.missingValue(option: "listen").shortName == "missing_value")
        #expect(ArgumentError.unknownOption("--x", suggestion: nil).shortName == "unknown_option")
        #expect(ArgumentError.invalidAddress("x", option: nil, reason: "r").shortName == "invalid_address")
    }

    @Test func helpWinsOverMissingRequiredOptions() throws {
        guard case .help(let text) = try ArgumentParser.parse(["up", "--help"], spec: program) else {
            Issue.record("expected help")
            return
        }
        #expect(text.hasPrefix("Usage: gatehouse up --data-dir <path> [options] [<config>]\n"))
        guard case .help(let short) = try ArgumentParser.parse(["up", "-h"], spec: program) else {
            Issue.record("expected help")
            return
        }
        #expect(short == text)
    }

    @Test func helpAfterDoubleDashIsAPositional() throws {
        let parsed = try run(["routes", "--", "--help"])
        #expect(parsed.positional("service") == "--help")
    }

    @Test func subcommandHelpListsArgumentsAndOptions() throws {
        let outcome = try ArgumentParser.parse(["up", "--help"], spec: program)
        #expect(
            outcome
                == .help(
                    """
                    Usage: gatehouse up --data-dir <path> [options] [<config>]

                    Runs the control plane and a data plane in one process.

                    Arguments:
                      <config>  Configuration file to load first.

                    Options:
                          --log-level <level>  Least severe log level written. One of: trace, debug,
                                               info, notice, warning, error, critical.
                                               (default: info)
                          --listen <address>   Address the data plane listens on.
                                               (default: 127.0.0.1:8080)
                          --data-dir <path>    Directory holding the state database. (required)
                      -w, --workers <n>        Number of event loops. (default: 4)
                          --label <key=value>  Label attached to this node. (repeatable)
                          --json               Write logs as JSON lines.
                      -h, --help               Show this help.

                    """))
    }

    @Test func rootHelpListsCommands() throws {
        #expect(
            ArgumentParser.usage(of: program) == """
                Usage: gatehouse <command> [options]

                An API gateway.

                Options:
                      --log-level <level>  Least severe log level written. One of: trace, debug,
                                           info, notice, warning, error, critical.
                                           (default: info)
                  -h, --help               Show this help.

                Commands:
                  up       Runs the control plane and a data plane in one process.
                  routes   Lists routes.
                  version  Prints the version.

                Run "gatehouse <command> --help" for the options of a command.

                """)
        #expect(try ArgumentParser.parse(["--help"], spec: program) == .help(ArgumentParser.usage(of: program)))
    }

    @Test func longNamesPushHelpToTheNextLine() {
        let spec = CommandSpec(
            name: "tool", summary: "Does things.",
            options: [.string("a-very-long-option-name-indeed", valueName: "value", help: "Long one.")])
        #expect(ArgumentParser.usage(of: spec).contains("  -h, --help  Show this help.\n"))
        #expect(
            ArgumentParser.usage(of: spec).contains(
                "      --a-very-long-option-name-indeed <value>\n              Long one.\n"))
    }

    @Test func editDistanceCountsSwapsAsOneEdit() {
        #expect(editDistance("listn", "listen") == 1)
        #expect(editDistance("prot", "port") == 1)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(closestName(to: "prot", among: ["port", "json"]) == "port")
        #expect(closestName(to: "xyz", among: ["port", "json"]) == nil)
    }
}

@Suite struct AddressAndLabelParsingTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", UInt16(8080)),
        ("0.0.0.0:0", "0.0.0.0", 0),
        ("localhost:65535", "localhost", 65535),
        ("[::1]:7070", "::1", 7070),
        ("[2001:db8::5]:443", "2001:db8::5", 443),
    ])
    func parsesAddresses(text: String, host: String, port: UInt16) throws {
        let address = try ArgumentParser.parseAddress(text)
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: [
        ("127.0.0.1", "invalid address \"127.0.0.1\": missing port"),
        ("127.0.0.1:", "invalid address \"127.0.0.1:\": missing port"),
        ("127.0.0.1:65536", "invalid address \"127.0.0.1:65536\": port must be a number from 0 to 65535"),
        ("127.0.0.1:-1", "invalid address \"127.0.0.1:-1\": port must be a number from 0 to 65535"),
        ("127.0.0.1:+80", "invalid address \"127.0.0.1:+80\": port must be a number from 0 to 65535"),
        ("127.0.0.1:http", "invalid address \"127.0.0.1:http\": port must be a number from 0 to 65535"),
        (
            "256.0.0.1:80",
            "invalid address \"256.0.0.1:80\": expected an IPv4 address, [IPv6 address] or localhost before the port"
        ),
        (
            "example.com:80",
            "invalid address \"example.com:80\": expected an IPv4 address, [IPv6 address] or localhost before the port"
        ),
        (":80", "invalid address \":80\": missing host"),
        ("::1:80", "invalid address \"::1:80\": an IPv6 address needs brackets, as in [::1]:8080"),
        ("[::1]", "invalid address \"[::1]\": missing port"),
        ("[::1]80", "invalid address \"[::1]80\": expected \":\" and a port after \"]\""),
        ("[::1:80", "invalid address \"[::1:80\": missing \"]\" after the IPv6 address"),
        ("[127.0.0.1]:80", "invalid address \"[127.0.0.1]:80\": \"127.0.0.1\" is not an IPv6 address"),
    ])
    func rejectsBadAddresses(text: String, message: String) {
        #expect(throws: ArgumentError.self) { try ArgumentParser.parseAddress(text) }
        do {
            _ = try ArgumentParser.parseAddress(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func addressAccessorNamesTheOption() throws {
        let parsed = try run(["up", "--data-dir", "d", "--listen", "127.0.0.1"])
        #expect(throws: ArgumentError.invalidAddress("127.0.0.1", option: "listen", reason: "missing port")) {
            try parsed.address("listen")
        }
        #expect(
            ArgumentError.invalidAddress("127.0.0.1", option: "listen", reason: "missing port").description
                == "invalid address \"127.0.0.1\" for --listen: missing port")

        let defaults = try run(["up", "--data-dir", "d"])
        #expect(try defaults.address("listen")?.port == 8080)
    }

    @Test func parsesLabels() throws {
        #expect(try ArgumentParser.parseLabels("env=prod,zone=a") == ["env": "prod", "zone": "a"])
        #expect(
            try ArgumentParser.parseLabels(" env = prod , note=a=b, empty=") == [
                "env": "prod", "note": "a=b", "empty": "",
            ])
        #expect(try ArgumentParser.parseLabels("") == [:])
    }

    @Test(arguments: [
        ("env", "invalid labels \"env\": \"env\" is not key=value"),
        ("=prod", "invalid labels \"=prod\": \"=prod\" has an empty key"),
        ("a=1,,b=2", "invalid labels \"a=1,,b=2\": empty pair between commas"),
        ("a=1,", "invalid labels \"a=1,\": empty pair between commas"),
        ("a=1,a=2", "invalid labels \"a=1,a=2\": label \"a\" given more than once"),
    ])
    func rejectsBadLabels(text: String, message: String) {
        do {
            _ = try ArgumentParser.parseLabels(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func labelsRepeatedAcrossOptionsAreRefused() throws {
        let parsed = try run(["up", "--data-dir", "d", "--label", "a=1", "--label", "a=2"])
        #expect(throws: ArgumentError.invalidLabels("a=2", option: "label", reason: "label \"a\" given more than once"))
        {
            try parsed.labels("label")
        }
    }
}
