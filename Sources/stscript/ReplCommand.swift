import ArgumentParser

/// The default subcommand: `stscript -c 'SCRIPT'` runs one script; without `-c` the interactive REPL starts.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Interactive STscript prompt (default); -c runs one script.")

    @Option(name: [.customShort("c"), .customLong("command")], help: "Run this script and exit.")
    var command: String?

    @Option(name: .long, help: "SillyTavern data folder (default: $STSCRIPT_STORE or $XDG_DATA_HOME/stscript).")
    var store: String?

    @Option(name: .long, help: "Chat file (.jsonl) to run against.")
    var chat: String?

    @Flag(name: .long, help: "With -c: print one JSON object (pipe, toasts, error, aborted).")
    var json = false

    func run() throws {
        if let command {
            let status = ScriptRunner.run(script: command,
                                          options: .init(storePath: store, chatPath: chat, json: json, scriptPath: nil))
            if status != 0 { throw ExitCode(status) }
            return
        }
        // Not a terminal: no libedit, the input is read plainly and run as one script (as `run -` does).
        guard InteractiveRepl.stdinIsTerminal else {
            let script: String
            do {
                script = try ScriptRunner.readScript("-")
            } catch {
                throw ExitCode(ScriptRunner.usageFailure("\(error)", json: json))
            }
            let status = ScriptRunner.run(script: script, options: .init(storePath: store, chatPath: chat, json: json, scriptPath: nil))
            if status != 0 { throw ExitCode(status) }
            return
        }
        let status = InteractiveRepl.run(storePath: store, chatPath: chat)
        if status != 0 { throw ExitCode(status) }
    }
}
