import LineEditor

/// What running one REPL input produced (toasts are shown as they happen, through `showToast`).
struct ReplOutcome: Sendable {
    /// The final pipe; shown when not empty.
    var result: String = ""
    /// A parse or run error, already rendered with its caret snippet.
    var error: String?
    /// How the error is labelled: "error", or "syntax error" when the input did not parse.
    var errorLabel = "error"
    /// True when Ctrl-C stopped the script.
    var wasCancelled = false
}

/// The language behind the REPL. The loop knows nothing else about STscript.
protocol ReplBackend: AnyObject {
    /// The open chat for the prompt, e.g. `Seraphina · Seraphina - 2025-01-02@10h00m`.
    var chatLabel: String { get }
    /// Called with (severity, text) whenever a command raises a toast.
    var showToast: (String, String) -> Void { get set }
    /// Runs one complete input (possibly several lines).
    func evaluate(_ input: String) -> ReplOutcome
    /// Whether the input typed so far still has an open closure, quote or macro.
    func needsMoreInput(_ text: String) -> Bool
    /// Tab completion for the text before the cursor.
    func completions(_ textBeforeCursor: String) -> Completions
}
