import Shared

/// The command line of `gatehouse`: what each command takes.
enum Commands {
    static let control = CommandSpec(
        name: "control",
        summary: "Runs the control plane: the REST API over the SQLite registry.",
        options: [
            .string("data-dir", valueName: "dir", help: "Folder of gatehouse.db and the token files.", required: true),
            .string("listen", valueName: "address", help: "Where the REST API listens (required to serve)."),
            .string(
                "master-key", valueName: "file",
                help: "Key that encrypts certificate keys at rest; default master.key in the data directory."),
            .integer(
                "max-wait", help: "Longest snapshot poll wait a data plane may ask for, in seconds.", default: 300),
        ],
        subcommands: [
            CommandSpec(
                name: "token",
                summary: "Manages API tokens.",
                subcommands: [
                    CommandSpec(
                        name: "create",
                        summary: "Creates a token and prints it once; only its hash is stored.",
                        options: [
                            .choice(
                                "role", ["admin", "read", "node"], valueName: "role",
                                help: "What the token may do.", default: "read"),
                            .string(
                                "description", valueName: "text", help: "A note stored with the token.", default: ""),
                        ])
                ])
        ],
        runsWithoutSubcommand: true)

    static let up = CommandSpec(
        name: "up",
        summary: "Runs a control plane and a data plane in one process on an embedded SQLite file.",
        options: [
            .string("data-dir", valueName: "dir", help: "Folder of the state.", default: "./data"),
            .string(
                "control-listen", valueName: "address", help: "Where the REST API listens.", default: "127.0.0.1:7070"),
            .string("listen", valueName: "address", help: "Where the proxy listens.", default: "127.0.0.1:8080"),
            .string(
                "admin", valueName: "address", help: "Where the proxy's admin endpoint listens.",
                default: "127.0.0.1:9901"),
            .integer("workers", help: "Event loops of the proxy; default one per core.", default: 0),
            .string(
                "master-key", valueName: "file",
                help: "Key that encrypts certificate keys at rest; default master.key in the data directory."),
            .string("access-log", valueName: "file", help: "Append JSON access-log lines to a file, or - for stdout."),
        ])

    static let proxy = CommandSpec(
        name: "proxy",
        summary: "Runs a data plane that follows a control plane.",
        options: [
            .string("control", valueName: "url", help: "The control plane, e.g. http://10.0.0.1:7070.", required: true),
            .string("node", valueName: "id", help: "This node's id.", required: true),
            .string("token-file", valueName: "file", help: "File holding the node token.", required: true),
            .string("data-dir", valueName: "dir", help: "Folder of the last-good snapshot.", required: true),
            .string("listen", valueName: "address", help: "Where clients connect.", required: true),
            .string("admin", valueName: "address", help: "Where the admin endpoint listens.", required: true),
            .string("labels", valueName: "k=v,…", help: "Labels of this node.", default: ""),
            .integer("workers", help: "Event loops; default one per core.", default: 0),
            .string("access-log", valueName: "file", help: "Append JSON access-log lines to a file, or - for stdout."),
        ])

    static let program = CommandSpec(
        name: "gatehouse",
        summary: "An API gateway: a control plane, data planes, and the commands to run them.",
        options: [
            .choice(
                "log-level", ["trace", "debug", "info", "notice", "warning", "error", "critical"], valueName: "level",
                help: "The least severe log level written.", default: "info"),
            .choice(
                "log-format", ["logfmt", "json"], valueName: "format", help: "How log lines look.", default: "logfmt"),
        ],
        subcommands: [
            control, up, proxy,
            CommandSpec(name: "version", summary: "Prints the version."),
        ])
}
