/// What one read from the user produced.
public enum LineInput: Equatable, Sendable {
    /// A line the user entered, without its newline.
    case line(String)
    /// Ctrl-C: the line (and any unfinished input it continued) is cancelled.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines: the libedit editor on a terminal, plain reads otherwise.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Remembers an entered line for Up / Down and Ctrl-R (no-op where there is no history).
    func remember(_ line: String)
}

/// Reads lines with no editing, prompt or history: used when stdin is not a terminal, so libedit is never touched.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    public func remember(_ line: String) {}
}
