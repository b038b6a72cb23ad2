import Foundation
import LineEditor
import MacroEngine
import STScriptRuntime
import STScriptSyntax
import Synchronization

/// The REPL's language: one interpreter on the open chat of the store. Each input is a top-level run whose
/// changes are committed when it ends, so nothing is lost if the terminal goes away.
final class RuntimeBackend: ReplBackend {
    private(set) var session: ChatSession
    private let interpreter: Interpreter
    private let scanner: ContinuationScanner
    private lazy var completer = ScriptCompleter(
        commands: RuntimeBackend.completableCommands(interpreter.registry, templates: { [unowned self] in
            self.session.reasoningTemplates.map(\.name)
        }),
        macros: MacroEngine.builtinMacroSpellings,
        variableNames: { [unowned self] in
            self.session.names(in: .chat) + self.session.names(in: .global)
        },
        chatNames: { [unowned self] in
            self.session.folder.map { ChatSwitcher.chatNames(inFolder: $0.root) } ?? []
        })
    /// A chat `/chat-open` or `/chat-new` asked for; it becomes the session when the current input ends.
    private var nextSession: ChatSession?
    /// Toasts are printed the moment a command raises them, so a long script shows progress.
    var showToast: (String, String) -> Void = { _, _ in }
    /// True while a script runs: only then does Ctrl-C cancel it (otherwise it cancels the line being typed).
    private let running = Running()

    final class Running: Sendable {
        let flag = Atomic<Bool>(false)
    }

    init(session: ChatSession) {
        self.session = session
        interpreter = Interpreter()
        session.configure(interpreter)
        let table = interpreter.registry.table
        scanner = ContinuationScanner(shapeOf: { name in
            guard let shape = table.shape(of: name) else { return .plain }
            return shape.rawQuotes ? .rawQuotes : shape.splitsUnnamedArgument ? .split : .plain
        })
        interpreter.register(ChatSwitcher(open: { [unowned self] reference in
            guard let folder = self.session.folder else {
                throw CommandError("there is no store to switch chats in (start stscript with --store DIR)")
            }
            let next: ChatSession
            do {
                next = ChatSession(folder: folder, chat: try folder.openChat(reference))
            } catch {
                throw CommandError("\(error)")
            }
            self.nextSession = next
            return RuntimeBackend.label(of: next)
        }))
        // Between inputs the store stays unlocked, so other stscript processes can use it while the REPL idles.
        session.folder?.close()
        interpreter.onToast = { [unowned self] toast in
            self.showToast(toast.severity.rawValue, toast.title.map { "\($0): \(toast.text)" } ?? toast.text)
        }
    }

    /// What the SIGINT watcher thread calls: cancel the running script, if one runs.
    var cancelAction: @Sendable () -> Void {
        let running = running, cancellation = interpreter.cancellation
        return { if running.flag.load(ordering: .relaxed) { cancellation.cancel() } }
    }

    var chatLabel: String { RuntimeBackend.label(of: session) }

    static func label(of session: ChatSession) -> String {
        let character = session.characterName
        if session.chat.isInMemory {
            return character.isEmpty ? "stscript" : character
        }
        return character.isEmpty ? session.chat.chatID : "\(character) · \(session.chat.chatID)"
    }

    func evaluate(_ input: String) -> ReplOutcome {
        let root: ClosureNode
        do {
            root = try interpreter.parse(input)
        } catch {
            return ReplOutcome(error: "\(error.message) (line \(error.line), column \(error.column))\n\(error.snippet)",
                               errorLabel: "syntax error")
        }
        do {
            try session.folder?.begin()                 // lock again, re-read what other processes changed
        } catch {
            return ReplOutcome(error: "could not open the store: \(error)")
        }
        interpreter.cancellation.reset()
        running.flag.store(true, ordering: .relaxed)
        // A Ctrl-C pressed between Enter and here still stops the script.
        if Interrupt.consume() { interpreter.cancellation.cancel() }
        let result = interpreter.run(root)
        running.flag.store(false, ordering: .relaxed)
        let cancelled = interpreter.cancellation.isCancelled
        interpreter.cancellation.reset()

        var outcome = ReplOutcome()
        if cancelled {
            outcome.wasCancelled = true                 // loops stop quietly, other commands with "Interrupted"
        } else if let failure = result.error {
            var text = "\(failure.message) (line \(failure.line), column \(failure.column))"
            if !failure.snippet.isEmpty { text += "\n" + failure.snippet }
            outcome.error = text
        } else if let pipe = result.pipe?.string {
            outcome.result = pipe
        }
        do {
            try session.commit(release: true)
        } catch {
            outcome.error = (outcome.error.map { $0 + "\n" } ?? "") + "could not save the store: \(error)"
        }
        if let next = nextSession {
            nextSession = nil
            session = next
            next.configure(interpreter)
        }
        return outcome
    }

    func needsMoreInput(_ text: String) -> Bool { scanner.needsMoreInput(text) }

    func completions(_ textBeforeCursor: String) -> Completions { completer.complete(textBeforeCursor) }

    /// Variable commands whose unnamed argument is a variable name.
    private static let unnamedVariableName: Set<String> = [
        "getvar", "getglobalvar", "incvar", "decvar", "incglobalvar", "decglobalvar", "flushvar", "flushglobalvar",
    ]
    /// Named arguments that take a variable name.
    private static let variableArguments: Set<String> = ["key", "left", "right"]

    /// The registry's declarations in the form completion reads.
    static func completableCommands(_ registry: CommandRegistry, templates: @escaping () -> [String]) -> [CompletableCommand] {
        registry.declarations.map { declaration in
            let named = declaration.namedArguments.map { argument -> (name: String, values: ValueSource) in
                if !argument.enumValues.isEmpty { return (argument.name, .fixed(argument.enumValues)) }
                if variableArguments.contains(argument.name) { return (argument.name, .variableNames) }
                return (argument.name, .none)
            }
            var unnamed = ValueSource.none
            if let values = declaration.unnamedArguments.first?.enumValues, !values.isEmpty {
                unnamed = .fixed(values)
            } else if unnamedVariableName.contains(declaration.name) {
                unnamed = .variableNames
            } else if declaration.name == "reasoning-template" {
                unnamed = .fixed(templates())
            } else if declaration.name == "chat-open" {
                unnamed = .chatNames
            }
            return CompletableCommand(name: declaration.name, aliases: declaration.aliases,
                                      namedArguments: named, unnamedValues: unnamed)
        }
    }
}
