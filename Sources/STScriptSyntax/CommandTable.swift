/// How the parser treats one command's arguments. The runtime owns the commands; the parser only needs this.
public struct CommandShape: Sendable, Hashable {
    /// Index of the command in the runtime's registry; stored on each parsed invocation.
    public var id: Int
    /// Quotes in the unnamed text are ordinary characters (`/echo`, `/send`, …) unless `raw=false` is given.
    public var rawQuotes: Bool
    /// The unnamed text is cut into whitespace-separated tokens (`/if`, `/times`, `/let`, math commands, …).
    public var splitsUnnamedArgument: Bool
    /// With splitting: only the first N tokens are split; the rest stays one value.
    public var splitCount: Int?

    public init(id: Int, rawQuotes: Bool = false, splitsUnnamedArgument: Bool = false, splitCount: Int? = nil) {
        self.id = id
        self.rawQuotes = rawQuotes
        self.splitsUnnamedArgument = splitsUnnamedArgument
        self.splitCount = splitCount
    }
}

/// Command names and aliases (case-sensitive) the parser accepts, with their argument shapes.
public struct CommandTable: Sendable {
    private var shapes: [String: CommandShape]

    public init(_ shapes: [String: CommandShape] = [:]) {
        self.shapes = shapes
    }

    /// The shape of the command called `name`, or nil when no command or alias has that exact name.
    public func shape(of name: String) -> CommandShape? { shapes[name] }

    public mutating func add(_ name: String, _ shape: CommandShape) { shapes[name] = shape }

    /// Every name and alias, for completion.
    public var names: [String] { Array(shapes.keys) }
}

/// Parser flags (`/parser-flag NAME on|off`); SillyTavern numbers them 1 and 2 in its settings.
public struct ParserFlags: Sendable, Hashable {
    /// A backslash run escapes by pairs; `|` inside quotes is literal.
    public var strictEscaping: Bool
    /// Legacy macro engine only; recorded, no effect with the current engine.
    public var replaceGetvar: Bool

    public init(strictEscaping: Bool = false, replaceGetvar: Bool = false) {
        self.strictEscaping = strictEscaping
        self.replaceGetvar = replaceGetvar
    }

    /// The names `/parser-flag` accepts (case-sensitive), as SillyTavern spells them.
    public static let names = ["STRICT_ESCAPING", "REPLACE_GETVAR"]
}
