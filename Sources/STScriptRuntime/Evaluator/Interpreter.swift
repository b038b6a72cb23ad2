import STScriptSyntax

/// A toast SillyTavern would show (`/echo`, warnings, a loud `/abort`).
public struct Toast: Sendable, Hashable {
    public enum Severity: String, Sendable {
        case info, success, warning, error
    }

    public var severity: Severity
    public var text: String
    public var title: String?

    public init(_ severity: Severity, _ text: String, title: String? = nil) {
        self.severity = severity
        self.text = text
        self.title = title
    }
}

/// The outcome of one closure execution.
public struct ClosureResult {
    /// The final pipe; nil when undefined (an aborted closure, or a root that ran nothing).
    public var pipe: Value?
    public var isBreak = false
    public var isAborted = false
    public var isQuietlyAborted = false
    public var abortReason: String?
}

/// A failed command: SillyTavern's message, and which invocation failed.
public struct ExecutionError: Error, CustomStringConvertible {
    public var message: String
    public var commandName: String
    public var range: SourceRange
    public var source: SourceText

    public var description: String { message }
}

/// How a whole script run ended.
public struct RunResult {
    public enum Phase: String, Sendable {
        case parse, exec
    }

    public struct Failure {
        public var phase: Phase
        public var message: String
        public var line: Int
        public var column: Int
        /// The failing line with a caret.
        public var snippet: String
    }

    /// The root's final pipe; nil when undefined.
    public var pipe: Value?
    public var toasts: [Toast]
    public var error: Failure?
    /// Set when `/abort` stopped the script.
    public var aborted: (quiet: Bool, reason: String)?
}

/// Set from a signal handler (Ctrl-C) and checked between commands and loop iterations.
public final class CancellationFlag: @unchecked Sendable {
    private let flag = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
    public init() { flag.initialize(to: false) }
    deinit { flag.deallocate() }
    public var isCancelled: Bool { flag.pointee }
    public func cancel() { flag.pointee = true }
    public func reset() { flag.pointee = false }
}

/// Runs scripts: owns one run's state (toasts, abort signal, variables, services) and evaluates the syntax tree.
///
/// Evaluation follows SillyTavern's executor step by step (spec §1): per command, named arguments are resolved,
/// then the unnamed ones (the pipe is injected when nothing is written), the abort signal is checked, the command
/// runs, its result becomes the pipe, and the abort signal is checked again.
public final class Interpreter {
    public let registry: CommandRegistry
    private let commands: [CommandEntry]
    public var variables: VariableStore
    /// `{{user}}`.
    public var userName = "User"
    /// `{{char}}`.
    public var characterName = ""
    /// Parser flags at the start of each top-level script (from settings).
    public var parserFlags = ParserFlags()
    /// Toasts shown during the current run.
    public private(set) var toasts: [Toast] = []
    /// Called as each toast is shown (the CLI prints `/echo` output live).
    public var onToast: ((Toast) -> Void)?
    /// Ctrl-C: stops the run between commands and loop iterations.
    public let cancellation = CancellationFlag()
    /// Text `/setinput` placed in the (virtual) chat input.
    public var chatInput = ""
    /// Deepest nesting of closure executions (recursive `/run`) before a run fails like a JavaScript stack overflow.
    public var maxCallDepth = 10_002
    /// Longest text a command may produce (V8's limit, in UTF-16 units); longer fails as JavaScript does, before
    /// a doubling loop exhausts memory.
    public var maxStringLength = 536_870_888
    /// Expands macros in argument text.
    public var macros: MacroExpanding = ScriptMacros()
    /// The chat the macros read (messages, reasoning formatting); set by the store binding.
    public var chatContext: ChatMacroContext?

    private var services: [ObjectIdentifier: AnyObject] = [:]
    /// Finished scopes nothing refers to, reused by the next closure execution (loops run thousands).
    private var scopePool: [Scope] = []
    private var abortState: (reason: String, quiet: Bool)?
    private var depth = 0
    /// The top-level script of the run in progress. Its commands run once, so their plans are not kept on the
    /// syntax tree: a flat script of millions of commands then needs no more memory to run than to parse.
    private var runRoot: ClosureNode?

    public init(registry: CommandRegistry = .standard, variables: VariableStore = MemoryVariableStore()) {
        self.registry = registry
        self.commands = registry.entries
        self.variables = variables
    }

    // MARK: services

    /// Makes an object (a chat, reasoning settings, …) available to commands by its type.
    public func register<T: AnyObject>(_ service: T) {
        services[ObjectIdentifier(T.self)] = service
    }

    /// The object registered for `type`, if any.
    public func service<T: AnyObject>(_ type: T.Type) -> T? {
        services[ObjectIdentifier(T.self)] as? T
    }

    // MARK: running scripts

    /// Parses `text` with the given flags (default: the configured ones) and this registry's command table.
    public func parse(_ text: String, flags: ParserFlags? = nil) throws(ParseError) -> ClosureNode {
        try Parser.parse(text, commands: registry.table, flags: flags ?? parserFlags)
    }

    /// Parses and runs a whole script (a top-level run: fresh toasts and abort signal).
    public func run(_ text: String) -> RunResult {
        toasts = []
        abortState = nil
        cancellation.reset()
        let root: ClosureNode
        do {
            root = try parse(text)
        } catch {
            return RunResult(pipe: nil, toasts: toasts,
                             error: .init(phase: .parse, message: error.message, line: error.line,
                                          column: error.column, snippet: error.snippet))
        }
        return run(root)
    }

    /// Runs an already parsed script as a top-level run (on a large stack: closures nest by recursion).
    public func run(_ root: ClosureNode) -> RunResult {
        if DeepStack.isOnDeepStack { return runHere(root) }
        return DeepStack.run { runHere(root) }
    }

    private func runHere(_ root: ClosureNode) -> RunResult {
        toasts = []
        abortState = nil
        let outerRoot = runRoot
        runRoot = root
        defer { runRoot = outerRoot }
        do {
            let result = try execute(Closure(node: root, parent: nil))
            var aborted: (quiet: Bool, reason: String)?
            if result.isAborted {
                aborted = (result.isQuietlyAborted, result.abortReason ?? "")
                if !result.isQuietlyAborted {
                    toast(.warning, result.abortReason ?? "", title: "Command execution aborted")
                }
            }
            return RunResult(pipe: result.pipe, toasts: toasts, error: nil, aborted: aborted)
        } catch let error as ExecutionError {
            // The range starts after the `/`; people are shown the `/`.
            let at = max(0, error.range.start - 1)
            let loc = error.source.location(of: at)
            return RunResult(pipe: nil, toasts: toasts,
                             error: .init(phase: .exec, message: error.message, line: loc.line, column: loc.column,
                                          snippet: error.source.caretSnippet(at: at)))
        } catch {
            return RunResult(pipe: nil, toasts: toasts,
                             error: .init(phase: .exec, message: "\(error)", line: 1, column: 1, snippet: ""))
        }
    }

    /// Runs script text from inside a command (`/if` text branches, `/times` text bodies): parsed with the
    /// caller's parser flags, its root scope a child of `scope`, sharing this run's abort signal. Returns nil for
    /// empty text (SillyTavern returns nothing there).
    public func runSubScript(_ text: String, scope: Scope, flags: ParserFlags) throws -> ClosureResult? {
        var command = text
        if command.hasPrefix("\"") && command.hasSuffix("\"") {
            let u = Array(command.utf16)
            command = u.count >= 2 ? String(decoding: u[1..<(u.count - 1)], as: UTF16.self) : ""
        }
        if command.isEmpty { return nil }
        let root: ClosureNode
        do {
            root = try parse(command, flags: flags)
        } catch {
            throw CommandError(error.message)
        }
        let result = try execute(Closure(node: root, parent: scope))
        if result.isAborted && !result.isQuietlyAborted {
            toast(.warning, result.abortReason ?? "", title: "Command execution aborted")
            // Shown once: the enclosing script reports this abort quietly.
            if abortState != nil { abortState?.quiet = true }
        }
        return result
    }

    // MARK: effects commands use

    public func toast(_ severity: Toast.Severity, _ text: String, title: String? = nil) {
        let t = Toast(severity, text, title: title)
        toasts.append(t)
        onToast?(t)
    }

    /// `/abort`: stops the whole script (every nesting level) after the current command.
    public func abort(reason: String, quiet: Bool) {
        abortState = (reason, quiet)
    }

    public var isAborted: Bool { abortState != nil }

    // MARK: evaluation

    /// Executes a closure on a fresh scope whose parent is the closure's parent (SillyTavern runs a copy).
    public func execute(_ closure: Closure) throws -> ClosureResult {
        if depth >= maxCallDepth { throw CommandError("Maximum call stack size exceeded") }
        depth += 1
        defer { depth -= 1 }
        var scope: Scope
        if let reused = scopePool.popLast() {
            // Pooled scopes were cleared when they finished.
            reused.start(parent: closure.parent, timesIndex: closure.timesIndex)
            scope = reused
        } else {
            scope = Scope(parent: closure.parent, timesIndex: closure.timesIndex)
        }
        let result = try execute(closure, in: scope)
        // Closures resolved during the run keep their scope as parent; only a scope nobody holds is reused.
        if isKnownUniquelyReferenced(&scope) && scopePool.count < 64 {
            scope.clear()
            scopePool.append(scope)
        }
        return result
    }

    private func execute(_ closure: Closure, in scope: Scope) throws -> ClosureResult {
        let node = closure.node
        let breaker = closure.breakController
        if !node.parameters.isEmpty || !closure.providedArguments.isEmpty {
            try bindArguments(closure, in: scope, breaker: breaker)
        }

        let executors = node.executors
        if executors.isEmpty { scope.ownPipe = .empty }
        var isFirst = true
        for executor in executors {
            if breaker?.isBreak == true { break }
            if cancellation.isCancelled { throw CommandError("Interrupted") }
            switch executor.kind {
            case .breakpoint:
                isFirst = false
            case .breakLoop:
                let (value, _) = try resolveUnnamed(executor, isFirst: isFirst, scope: scope, breaker: breaker,
                                                    split: false)
                if case .single(let v) = value { scope.ownPipe = v } else { scope.ownPipe = .text(value.string) }
                if let breaker {
                    breaker.isBreak = true
                    return ClosureResult(pipe: scope.pipe, isBreak: true)
                }
                isFirst = false
            case .command(let id):
                let plan: ExecutorPlan
                if let p = executor.prepared {
                    // Only the evaluator writes this slot, and only plans.
                    plan = unsafeDowncast(p, to: ExecutorPlan.self)
                } else {
                    plan = ExecutorPlan(executor, entry: commands[id], macros: macros)
                    if node !== runRoot { executor.prepared = plan }
                }
                if let bound = plan.bound {
                    // Every argument is fixed: nothing to resolve; an abort from the parameters still ends here.
                    if abortState != nil { return ClosureResult(pipe: scope.pipe, isBreak: breaker?.isBreak ?? false) }
                    do {
                        scope.ownPipe = try bound(scope, self) ?? .empty
                    } catch let error as ExecutionError {
                        throw error
                    } catch {
                        throw wrap(error, executor)
                    }
                } else {
                    if let early = try runCommand(plan, executor, isFirst: isFirst, scope: scope, breaker: breaker) {
                        return early
                    }
                }
                if case .text(let text) = scope.ownPipe, text.utf8.count > maxStringLength,
                   text.utf16.count > maxStringLength {
                    throw wrap(CommandError("Invalid string length"), executor)
                }
                if let state = abortState {
                    return ClosureResult(pipe: nil, isBreak: false, isAborted: true, isQuietlyAborted: state.quiet,
                                         abortReason: state.reason)
                }
                isFirst = false
            }
        }
        return ClosureResult(pipe: scope.pipe, isBreak: breaker?.isBreak ?? false)
    }

    /// Declares the closure's parameters (defaults, then what `/run` gave) in its fresh scope.
    private func bindArguments(_ closure: Closure, in scope: Scope, breaker: BreakController?) throws {
        for parameter in closure.node.parameters {
            var value: Value?
            switch parameter.value {
            case .closure(let inner)?:
                let child = Closure(node: inner, parent: scope, breakController: breaker)
                value = inner.executeNow ? try execute(child).pipe : .closure(child)
            case .text(let text)?:
                value = .text(unescapeBraces(macros.expand(text, scope: scope, interpreter: self)))
            case nil:
                value = .empty
            }
            try scope.declare(parameter.name, value)
        }
        for (name, given) in closure.providedArguments {
            var value: Value
            switch given {
            case .closure(let inner):
                inner.parent = scope
                inner.breakController = breaker
                value = inner.node.executeNow ? (try execute(inner).pipe ?? .empty) : .closure(inner)
            case .text(let text):
                // SillyTavern substitutes given arguments once more, in the caller's scope.
                value = .text(unescapeBraces(macros.expand(text: text, scope: scope.parent ?? scope, interpreter: self)))
            }
            try scope.assign(name, value)
        }
    }

    /// One command through the general path: resolve arguments, check the abort signal, run, set the pipe.
    /// Returns the closure's result when an abort during argument resolution ends the closure early.
    private func runCommand(_ plan: ExecutorPlan, _ executor: ExecutorNode, isFirst: Bool, scope: Scope,
                            breaker: BreakController?) throws -> ClosureResult? {
        let named: NamedArguments
        let unnamed: UnnamedArgument
        let hasUnnamed: Bool
        do {
            named = try plan.fixedNamed ?? resolveNamed(executor, scope: scope, breaker: breaker)
            if let fixed = plan.fixedUnnamed {
                (unnamed, hasUnnamed) = (fixed, true)
            } else {
                (unnamed, hasUnnamed) = try resolveUnnamed(executor, isFirst: isFirst, scope: scope,
                                                           breaker: breaker, split: plan.receivesList)
            }
        } catch let error as ExecutionError {
            throw error
        } catch {
            throw wrap(error, executor)
        }
        if abortState != nil {
            // SillyTavern notices this abort while resolving arguments and then drops the abort result:
            // this closure ends normally with its current pipe (spec §19.1). Outer closures still see it.
            return ClosureResult(pipe: scope.pipe, isBreak: breaker?.isBreak ?? false)
        }
        guard let run = plan.run else {
            throw ExecutionError(message: "executor.command.callback is not a function",
                                 commandName: executor.name, range: executor.range, source: executor.source)
        }
        let call = CommandCall(named: named, unnamed: unnamed, hasUnnamedArgument: hasUnnamed, scope: scope,
                               interpreter: self, executor: executor)
        do {
            scope.ownPipe = try run(call) ?? .empty
        } catch let error as ExecutionError {
            throw error
        } catch {
            throw wrap(error, executor)
        }
        return nil
    }

    private func wrap(_ error: Error, _ executor: ExecutorNode) -> ExecutionError {
        let message: String
        switch error {
        case let e as CommandError: message = e.message
        case let e as ParseError: message = e.message
        default: message = "\(error)"
        }
        return ExecutionError(message: message, commandName: executor.name, range: executor.range,
                              source: executor.source)
    }

    private func resolveNamed(_ executor: ExecutorNode, scope: Scope,
                              breaker: BreakController?) throws -> NamedArguments {
        var named = NamedArguments()
        if executor.namedArguments.isEmpty { return named }
        for argument in executor.namedArguments {
            switch argument.value {
            case .closure(let inner)?:
                let child = Closure(node: inner, parent: scope, breakController: breaker)
                if inner.executeNow {
                    // An aborted immediate closure yields undefined: the argument counts as absent.
                    if let pipe = try execute(child).pipe { named.append(argument.name, pipe) }
                } else {
                    named.append(argument.name, .closure(child))
                }
            case .text(let text)?:
                named.append(argument.name, .text(unescapeBraces(macros.expand(text, scope: scope, interpreter: self))))
            case nil:
                named.append(argument.name, .empty)
            }
        }
        return named
    }

    private func resolveUnnamed(_ executor: ExecutorNode, isFirst: Bool, scope: Scope, breaker: BreakController?,
                                split: Bool) throws -> (UnnamedArgument, Bool) {
        let parts = executor.unnamedArguments
        if parts.isEmpty {
            var value: Value = .empty
            var has = false
            if !isFirst && executor.injectsPipe, let pipe = scope.pipe {
                value = pipe
                has = true
            }
            return (split ? .list([value]) : .single(value), has)
        }
        if parts.count == 1, !split {
            return (.single(try resolvePart(parts[0], scope: scope, breaker: breaker)), true)
        }
        var values: [Value] = []
        values.reserveCapacity(parts.count)
        var hasClosure = false
        for part in parts {
            let v = try resolvePart(part, scope: scope, breaker: breaker)
            if v.closure != nil { hasClosure = true }
            values.append(v)
        }
        if split || hasClosure { return (.list(values), true) }
        return (.single(.text(values.map(\.string).joined())), true)
    }

    private func resolvePart(_ part: ArgumentNode, scope: Scope, breaker: BreakController?) throws -> Value {
        switch part {
        case .closure(let inner):
            let child = Closure(node: inner, parent: scope, breakController: breaker)
            if inner.executeNow { return try execute(child).pipe ?? .empty }
            return .closure(child)
        case .text(let text):
            return .text(unescapeBraces(macros.expand(text, scope: scope, interpreter: self)))
        }
    }
}

/// `\{` → `{` and `\}` → `}`, applied to every argument after macro substitution.
func unescapeBraces(_ s: String) -> String {
    // Most arguments have no backslash: look over contiguous bytes (the generic byte-at-a-time search cost more).
    let hasBackslash = s.utf8.withContiguousStorageIfAvailable { bytes in
        for byte in bytes where byte == 0x5C { return true }
        return false
    } ?? s.utf8.contains(0x5C)
    guard hasBackslash else { return s }
    var out: [UInt16] = []
    let u = Array(s.utf16)
    out.reserveCapacity(u.count)
    var i = 0
    while i < u.count {
        if u[i] == 0x5C, i + 1 < u.count, u[i + 1] == 0x7B || u[i + 1] == 0x7D {
            out.append(u[i + 1])
            i += 2
        } else {
            out.append(u[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF16.self)
}

/// What the evaluator works out once per command invocation: the command, and the arguments that no macro or
/// closure can change (resolved once instead of on every run of a loop body).
final class ExecutorPlan {
    let run: CommandFunction?
    /// Split commands always receive a list.
    let receivesList: Bool
    let fixedNamed: NamedArguments?
    let fixedUnnamed: UnnamedArgument?
    /// The command bound to its fixed arguments, when every argument is fixed and the command can be bound.
    let bound: BoundCommand?

    init(_ executor: ExecutorNode, entry: CommandEntry, macros: MacroExpanding) {
        run = entry.run
        receivesList = entry.receivesList
        fixedNamed = ExecutorPlan.fixedNamed(executor, macros: macros)
        fixedUnnamed = ExecutorPlan.fixedUnnamed(executor, receivesList: entry.receivesList, macros: macros)
        if entry.run != nil, let named = fixedNamed, let unnamed = fixedUnnamed {
            bound = entry.bind?(named, unnamed)
        } else {
            bound = nil
        }
    }

    private static func fixedNamed(_ executor: ExecutorNode, macros: MacroExpanding) -> NamedArguments? {
        var named = NamedArguments()
        for argument in executor.namedArguments {
            switch argument.value {
            case .text(let text)?:
                guard let value = macros.fixedValue(text) else { return nil }
                named.append(argument.name, .text(value))
            case nil:
                named.append(argument.name, .empty)
            case .closure?:
                return nil
            }
        }
        return named
    }

    private static func fixedUnnamed(_ executor: ExecutorNode, receivesList: Bool,
                                     macros: MacroExpanding) -> UnnamedArgument? {
        var parts: [String] = []
        for part in executor.unnamedArguments {
            guard case .text(let text) = part, let value = macros.fixedValue(text) else { return nil }
            parts.append(unescapeBraces(value))
        }
        if parts.isEmpty { return nil }
        if receivesList { return .list(parts.map { .text($0) }) }
        return .single(.text(parts.count == 1 ? parts[0] : parts.joined()))
    }
}
