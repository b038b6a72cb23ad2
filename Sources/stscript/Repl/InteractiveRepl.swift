import Foundation
import LineEditor
import STScriptRuntime

/// Starts the REPL on a terminal. (When stdin is not a terminal, `ReplCommand` runs the input as one script
/// and libedit is never touched.)
enum InteractiveRepl {
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Opens the store and chat, then runs the loop until Ctrl-D; returns the exit status.
    static func run(storePath: String?, chatPath: String?,
                    environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        let session: ChatSession
        do {
            session = try StoreSession.open(storePath: storePath, chatPath: chatPath, scriptPath: nil)
        } catch {
            FileHandle.standardError.write(Data("stscript: \(error)\n".utf8))
            return 2
        }
        let backend = RuntimeBackend(session: session)
        Interrupt.install(onInterrupt: backend.cancelAction)
        let history = CommandHistory(file: CommandHistory.defaultFile(app: "stscript", environment: environment))
        guard let editor = LineEditor(programName: "stscript", history: history, completer: { [unowned backend] before in
            backend.completions(before)
        }) else {
            FileHandle.standardError.write(Data("stscript: cannot start the line editor\n".utf8))
            return 1
        }
        let style = TerminalStyle.forStandardOutput(environment: environment)
        ReplSession(reader: editor, backend: backend, style: style).run()
        try? backend.session.commit(release: true)
        return 0
    }
}

