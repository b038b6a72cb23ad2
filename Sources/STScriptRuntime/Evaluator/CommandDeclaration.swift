import STScriptSyntax

/// A slash command: its names, how its arguments are parsed, its help, and the function that runs it.
/// Families (Flow, Variables, Math, Text, Messages, Reasoning, UI) each declare a list of these; the parser's
/// command table, `/help` and REPL completion all read the same declarations.
public struct CommandDeclaration: Sendable {
    public var name: String
    public var aliases: [String]
    /// The family the command belongs to (for `/help`), e.g. "Flow".
    public var family: String
    /// One or two sentences for `/help`.
    public var help: String
    /// A one-line example script.
    public var example: String?
    /// What the command leaves in the pipe.
    public var returns: String?
    public var namedArguments: [NamedArgumentDeclaration]
    public var unnamedArguments: [UnnamedArgumentDeclaration]
    /// Quotes in the unnamed text stay literal (unless `raw=false`).
    public var rawQuotes: Bool
    /// Cut the unnamed text into tokens (only when `unnamedArguments` is not empty, as in SillyTavern).
    public var splitsUnnamedArgument: Bool
    /// With splitting, only the first N tokens are split; the rest is one value.
    public var splitCount: Int?
    /// Runs the command; nil for names the parser knows but that cannot run (`/breakpoint` outside `|`).
    public var run: CommandFunction?
    /// Optional: the same command bound once to arguments no macro, closure or pipe can change, so loop bodies
    /// run it without resolving or packing arguments on every call. Must behave exactly as `run` does.
    var bind: CommandBinder?

    public init(name: String, aliases: [String] = [], family: String, help: String, example: String? = nil,
                returns: String? = nil, namedArguments: [NamedArgumentDeclaration] = [],
                unnamedArguments: [UnnamedArgumentDeclaration] = [], rawQuotes: Bool = false,
                splitsUnnamedArgument: Bool = false, splitCount: Int? = nil, run: CommandFunction?) {
        self.name = name
        self.aliases = aliases
        self.family = family
        self.help = help
        self.example = example
        self.returns = returns
        self.namedArguments = namedArguments
        self.unnamedArguments = unnamedArguments
        self.rawQuotes = rawQuotes
        self.splitsUnnamedArgument = splitsUnnamedArgument
        self.splitCount = splitCount
        self.run = run
    }

    /// This declaration with a binder for fixed arguments (see `bind`).
    func binding(_ bind: @escaping CommandBinder) -> CommandDeclaration {
        var bound = self
        bound.bind = bind
        return bound
    }

    /// All names the command answers to.
    public var allNames: [String] { [name] + aliases }
}

/// Binds a command to fixed named and unnamed arguments; nil when the general `run` should handle them.
typealias CommandBinder = @Sendable (_ named: NamedArguments, _ unnamed: UnnamedArgument) -> BoundCommand?

/// A command with its arguments already bound: runs in the caller's scope.
typealias BoundCommand = (_ scope: Scope, _ interpreter: Interpreter) throws -> Value?

/// The function behind a command. Return the new pipe value; nil means "" (as SillyTavern's pipe lint does).
/// Throw `CommandError` with SillyTavern's message text to stop the script.
public typealias CommandFunction = @Sendable (CommandCall) throws -> Value?

/// A named argument a command understands (documentation and completion; the runtime passes whatever is written).
public struct NamedArgumentDeclaration: Sendable {
    public var name: String
    public var help: String
    /// Allowed values, for completion and help (`severity`: info, warning, error, success).
    public var enumValues: [String]
    /// Documentation only: SillyTavern never fills defaults in; each command decides what absence means.
    public var defaultValue: String?
    public var isRequired: Bool
    /// Repeated `name=` values accumulate into a list instead of the last one winning.
    public var acceptsMultiple: Bool

    public init(_ name: String, help: String = "", enumValues: [String] = [], defaultValue: String? = nil,
                isRequired: Bool = false, acceptsMultiple: Bool = false) {
        self.name = name
        self.help = help
        self.enumValues = enumValues
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.acceptsMultiple = acceptsMultiple
    }
}

/// One unnamed argument position (documentation; its count matters for splitting).
public struct UnnamedArgumentDeclaration: Sendable {
    public var help: String
    public var isRequired: Bool
    public var enumValues: [String]

    public init(_ help: String, isRequired: Bool = false, enumValues: [String] = []) {
        self.help = help
        self.isRequired = isRequired
        self.enumValues = enumValues
    }
}

/// An error a command reports; the message is shown as SillyTavern words it.
public struct CommandError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Named arguments as resolved for one call (macros expanded, closures attached or already run), in source order.
public struct NamedArguments {
    public private(set) var entries: [(name: String, value: Value)]

    public init(_ entries: [(name: String, value: Value)] = []) { self.entries = entries }

    /// The value of `name=` (the last one written wins), nil when absent.
    public subscript(name: String) -> Value? {
        for entry in entries.reversed() where entry.name == name { return entry.value }
        return nil
    }

    /// Text of `name=` (`String(value)`), nil when absent.
    public func text(_ name: String) -> String? { self[name]?.string }

    /// Every value given for `name`, in order (for arguments that accept multiple values).
    public func all(_ name: String) -> [Value] { entries.filter { $0.name == name }.map(\.value) }

    public func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    mutating func append(_ name: String, _ value: Value) { entries.append((name, value)) }
}

/// The unnamed argument as a command receives it.
public enum UnnamedArgument {
    /// One value: the (joined) text, a closure, or the injected pipe.
    case single(Value)
    /// Several parts: always for split commands; for other commands when a closure sits among text parts.
    case list([Value])

    /// `String(value)`: parts joined with `,` as JavaScript prints arrays.
    public var string: String {
        switch self {
        case .single(let v): return v.string
        case .list(let parts): return parts.map(\.string).joined(separator: ",")
        }
    }

    /// The parts (a single value is one part).
    public var parts: [Value] {
        switch self {
        case .single(let v): return [v]
        case .list(let parts): return parts
        }
    }

    /// JavaScript falsiness of the value: the empty text (a list is never falsy).
    public var isEmpty: Bool {
        if case .single(.text(let s)) = self { return s.isEmpty }
        return false
    }

    /// The single closure, if that is what was given.
    public var closure: Closure? {
        if case .single(.closure(let c)) = self { return c }
        return nil
    }
}

/// Everything a command sees when it runs.
public struct CommandCall {
    public let named: NamedArguments
    public let unnamed: UnnamedArgument
    /// Unnamed text was written, or a defined pipe was injected (SillyTavern's `_hasUnnamedArgument`).
    public let hasUnnamedArgument: Bool
    /// The executing closure's scope (variables, pipe).
    public let scope: Scope
    /// The run this call belongs to: toasts, variables, abort, sub-script execution.
    public let interpreter: Interpreter
    /// The parsed invocation (name as written, source range, parser flags in force).
    public let executor: ExecutorNode
}
