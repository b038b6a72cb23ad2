/// The syntax tree: a script is a root closure; a closure holds parameters and executors (command invocations).
/// Nodes are classes so the evaluator can run them many times without copying; `prepared` slots let the runtime
/// cache work done once per node (macro templates split once, not per iteration).

/// A `{: … :}` block, or the whole script (the root closure).
public final class ClosureNode {
    /// `name=value` pairs written before the first command: parameters with default values.
    public let parameters: [NamedArgumentNode]
    public let executors: [ExecutorNode]
    /// Where the body text between `{:` and `:}` is.
    public let bodyRange: SourceRange
    /// The body text between `{:` and `:}` (what `/closure-serialize` returns); cut on demand so deep nesting
    /// does not copy the text once per level.
    public var rawText: String { source.slice(bodyRange) }
    /// Written as `{: … :}()`: run while the surrounding argument is resolved; its value is the result pipe.
    public let executeNow: Bool
    public let range: SourceRange
    public let source: SourceText

    public init(parameters: [NamedArgumentNode], executors: [ExecutorNode], bodyRange: SourceRange, executeNow: Bool,
                range: SourceRange, source: SourceText) {
        self.parameters = parameters
        self.executors = executors
        self.bodyRange = bodyRange
        self.executeNow = executeNow
        self.range = range
        self.source = source
    }
}

/// One step of a closure: a command call, `/break`, or `/breakpoint` (kept only under a debugger).
public final class ExecutorNode {
    public enum Kind: Equatable {
        /// A command; the id is the command's index in the runtime registry.
        case command(id: Int)
        /// `/break [value]`.
        case breakLoop
        /// `/breakpoint |`.
        case breakpoint
    }

    public let kind: Kind
    /// The command name as written (`:` for the `/:name` shorthand).
    public let name: String
    public let namedArguments: [NamedArgumentNode]
    /// Unnamed argument parts: one text, or several parts when quotes, closures or splitting divided the text.
    public let unnamedArguments: [ArgumentNode]
    /// False right after `||`: the previous pipe is not given to this command.
    public let injectsPipe: Bool
    /// Parser flags in force where this command was written (sub-command strings are parsed with them).
    public let parserFlags: ParserFlags
    /// From the character after `/` to the command's end.
    public let range: SourceRange
    public let source: SourceText
    /// Runtime-owned cache (the evaluator's plan for this invocation); the parser never reads it.
    public var prepared: AnyObject?

    public init(kind: Kind, name: String, namedArguments: [NamedArgumentNode], unnamedArguments: [ArgumentNode],
                injectsPipe: Bool, parserFlags: ParserFlags, range: SourceRange, source: SourceText) {
        self.kind = kind
        self.name = name
        self.namedArguments = namedArguments
        self.unnamedArguments = unnamedArguments
        self.injectsPipe = injectsPipe
        self.parserFlags = parserFlags
        self.range = range
        self.source = source
    }
}

/// `name=value`. A missing value (`name=` followed by whitespace) is nil.
public struct NamedArgumentNode {
    public var name: String
    public var value: ArgumentNode?
    public var range: SourceRange

    public init(name: String, value: ArgumentNode?, range: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}

/// An argument value as written: text (macros not yet expanded) or a closure.
public enum ArgumentNode {
    case text(TextNode)
    case closure(ClosureNode)
}

/// Argument text with escapes already resolved by the parser; macros are expanded when its command runs.
public final class TextNode {
    public let text: String
    public let range: SourceRange
    /// Runtime-owned cache (the pre-split macro template); the parser never reads it.
    public var prepared: AnyObject?

    public init(_ text: String, range: SourceRange) {
        self.text = text
        self.range = range
    }
}
