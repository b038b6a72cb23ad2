import Foundation
import LineEditor

/// Starts the REPL: libedit on a terminal; when stdin is not a terminal libedit is never touched and the
/// input is read plainly and run as one script.
enum InteractiveRepl {
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Runs the loop on the terminal until Ctrl-D; returns the exit status.
    static func runOnTerminal(backend: ReplBackend, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        Interrupt.install()
        let history = CommandHistory(file: CommandHistory.defaultFile(app: "stscript", environment: environment))
        guard let editor = LineEditor(programName: "stscript", history: history, completer: { [unowned backend] before in
            backend.completions(before)
        }) else {
            FileHandle.standardError.write(Data("stscript: cannot start the line editor\n".utf8))
            return 1
        }
        let session = ReplSession(reader: editor, backend: backend, style: .forStandardOutput(environment: environment))
        session.run()
        return 0
    }

    /// Reads all of stdin and runs it as one script: prints the result, errors on stderr, status 1 on error.
    static func runPiped(backend: ReplBackend) -> Int32 {
        let reader = PlainLineReader()
        var lines: [String] = []
        while case .line(let line) = reader.readLine(prompt: "") { lines.append(line) }
        let outcome = backend.evaluate(lines.joined(separator: "\n"))
        let style = TerminalStyle(usesColor: false)
        for toast in outcome.toasts { FileHandle.standardError.write(Data((style.toast(toast) + "\n").utf8)) }
        if !outcome.result.isEmpty { print(outcome.result) }
        if let error = outcome.error {
            FileHandle.standardError.write(Data((style.error(error) + "\n").utf8))
            return 1
        }
        return 0
    }
}
