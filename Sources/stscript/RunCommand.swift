import ArgumentParser
import ChatTransforms
import Foundation

/// `stscript run [--store DIR] [--chat PATH] [--json] FILE|-`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an STscript file against a chat.",
        discussion: """
            /echo prints to standard output; errors go to standard error with the failing line. When the script \
            prints nothing itself, its final pipe is printed. Exit status: 0 success (or a quiet /abort), \
            1 execution error (or /abort quiet=false), 2 syntax error or bad usage.
            """)

    @Option(name: .long, help: "SillyTavern data folder (default: $STSCRIPT_STORE, a 'store' folder beside the script, or $XDG_DATA_HOME/stscript).")
    var store: String?

    @Option(name: .long, help: "Chat file (.jsonl) to run against (default: the store's most recently changed chat).")
    var chat: String?

    @Flag(name: .long, help: "Print one JSON object: pipe, toasts, error, aborted.")
    var json = false

    @Argument(help: "Script file, or - for standard input.")
    var file: String

    @Option(name: .long, help: "With a --chat glob (e.g. 'chats/**/*.jsonl'): chats run at the same time (default: number of cores).")
    var jobs: Int?

    func run() throws {
        // Batch over a chat glob (RunBatch.swift, pipe helper's): one process per chat, per-chat results.
        if let chat, ChatBatch.isGlob(chat) {
            let status = try RunBatch.run(scriptFile: file, glob: chat, store: store, json: json,
                                          jobs: max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount))
            if status != 0 { throw ExitCode(status) }
            return
        }
        let script: String
        do {
            script = try ScriptRunner.readScript(file)
        } catch {
            throw ExitCode(ScriptRunner.usageFailure("\(error)", json: json))
        }
        let options = ScriptRunner.Options(storePath: store, chatPath: chat, json: json, scriptPath: file)
        let status = ScriptRunner.run(script: script, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
