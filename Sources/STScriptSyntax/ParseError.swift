/// A syntax error: SillyTavern's message text, the UTF-16 position it names, and where that is for people.
public struct ParseError: Error, Sendable, CustomStringConvertible {
    /// The message as SillyTavern words it (e.g. `Unclosed closure at position 12`).
    public var message: String
    /// UTF-16 offset into the script.
    public var position: Int
    /// 1-based line and column of `position`.
    public var line: Int
    public var column: Int
    /// The source line with a caret under the column.
    public var snippet: String

    public init(message: String, position: Int, source: SourceText) {
        self.message = message
        self.position = position
        let loc = source.location(of: position)
        self.line = loc.line
        self.column = loc.column
        self.snippet = source.caretSnippet(at: position)
    }

    public var description: String { "\(message) (line \(line), column \(column))\n\(snippet)" }
}
