import LineEditor

/// Stand-in until the runtime is wired: echoes input, knows a few command names for completion.
final class PreviewBackend: ReplBackend {
    let scanner = ContinuationScanner()
    let completer = ScriptCompleter(commands: [
        CompletableCommand(name: "echo", namedArguments: [("severity", .fixed(["info", "warning", "error", "success"]))]),
        CompletableCommand(name: "reasoning-get"), CompletableCommand(name: "reasoning-set"),
        CompletableCommand(name: "reasoning-parse"), CompletableCommand(name: "reasoning-template"),
        CompletableCommand(name: "while"), CompletableCommand(name: "let"),
    ])

    var chatLabel: String { "Seraphina · Preview chat" }

    func evaluate(_ input: String) -> ReplOutcome {
        if input.hasPrefix("/while") {
            while !Interrupt.requested.load(ordering: .relaxed) { usleep(10_000) }
            Interrupt.consume()
            return ReplOutcome(wasCancelled: true)
        }
        if input.hasPrefix("/bad") { return ReplOutcome(error: "Unknown command at position 0: \"/bad\"\n/bad\n^") }
        return ReplOutcome(result: input, toasts: input.contains("toast") ? [Toast(severity: .warning, text: "careful")] : [])
    }

    func needsMoreInput(_ text: String) -> Bool { scanner.needsMoreInput(text) }
    func completions(_ textBeforeCursor: String) -> Completions { completer.complete(textBeforeCursor) }
    func requestCancel() {}
}

import Glibc
