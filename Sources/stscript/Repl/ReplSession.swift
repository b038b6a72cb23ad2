import LineEditor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read–run–print loop: collects lines until the input is complete, runs it, shows what it produced.
/// Ctrl-C cancels the line or the unfinished closure and never exits; Ctrl-D on an empty line exits.
final class ReplSession {
    private let reader: LineReader
    private let backend: ReplBackend
    private let style: TerminalStyle

    init(reader: LineReader, backend: ReplBackend, style: TerminalStyle) {
        self.reader = reader
        self.backend = backend
        self.style = style
        backend.showToast = { severity, text in print(style.toast(severity: severity, text: text)) }
    }

    var prompt: String {
        style.paintPrompt(backend.chatLabel, "1;36") + " > "
    }

    /// Same width as `prompt`, so continued lines line up under the first.
    var continuationPrompt: String {
        let width = backend.chatLabel.count + 3
        return String(repeating: " ", count: max(0, width - 4)) + style.paintPrompt("...", "2") + " "
    }

    func run() {
        var pending: [String] = []
        while true {
            switch reader.readLine(prompt: pending.isEmpty ? prompt : continuationPrompt) {
            case .endOfInput:
                print("")                      // libedit leaves the cursor after the prompt and its ^D
                return
            case .interrupted:
                print("")
                pending.removeAll()
            case .line(let line):
                reader.remember(line)
                pending.append(line)
                let input = pending.joined(separator: "\n")
                if backend.needsMoreInput(input) { continue }
                pending.removeAll()
                guard !input.allSatisfy(\.isWhitespace) else { continue }
                show(backend.evaluate(input))
            }
        }
    }

    private func show(_ outcome: ReplOutcome) {
        if !outcome.result.isEmpty { print(outcome.result) }
        // "\r" writes over the ^C the terminal echoed while the script ran.
        if outcome.wasCancelled { print("\r" + style.paint("stopped (Ctrl-C)", "33")) }
        if let error = outcome.error { print(style.error(error, label: outcome.errorLabel)) }
    }
}
