/// How a command reads its unnamed argument text, which decides where a `"` opens a quoted value.
public enum ArgumentShape: Sendable {
    /// Quotes open a value only at the start of the unnamed text (most commands).
    case plain
    /// Quotes are ordinary text (`/echo`, `/send`, …).
    case rawQuotes
    /// Every whitespace-separated token may be quoted (`/if`, `/let`, math commands, …).
    case split
}

/// Decides whether STscript input typed so far is unfinished — a closure `{:`, a block comment `/*`,
/// a quoted value or a macro `{{` is still open — so the REPL should ask for another line instead of running it.
///
/// This is a light scanner, not the parser: when it says "finished", the parser has the last word (and reports
/// any error). It never recurses, so deeply nested input cannot overflow the stack.
public struct ContinuationScanner: Sendable {
    /// Shapes for the commands whose unnamed text is not `.plain`, as SillyTavern declares them.
    public static let standardShapes: [String: ArgumentShape] = {
        var shapes: [String: ArgumentShape] = [:]
        for name in ["echo", "send", "sendas", "sys", "comment"] { shapes[name] = .rawQuotes }
        for name in ["if", "while", "times", "let", "var", "add", "sub", "mul", "max", "min", "div", "mod", "pow",
                     "parser-flag", "qr-arg", "import"] { shapes[name] = .split }
        return shapes
    }()

    private let shapeOf: @Sendable (String) -> ArgumentShape

    public init(shapeOf: @escaping @Sendable (String) -> ArgumentShape = { ContinuationScanner.standardShapes[$0] ?? .plain }) {
        self.shapeOf = shapeOf
    }

    /// Where the scanner is inside a command's arguments.
    private struct Arguments {
        var shape: ArgumentShape
        var unnamedStarted = false
        var atTokenStart = true
        var atNamedValue = false
    }

    public func needsMoreInput(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        var i = 0
        var macroDepth = 0
        var commandArguments: Arguments?           // nil: between commands (or at a closure's start)
        var enclosing: [Arguments?] = []           // one entry per open closure: what to resume after `:}`

        func at(_ offset: Int) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }
        func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" }
        /// `\w+=` starting at `i`: the length up to and including `=`, else nil.
        func namedArgumentLength() -> Int? {
            var j = i
            while j < s.count, isWord(s[j]) { j += 1 }
            return j > i && j < s.count && s[j] == "=" ? j - i + 1 : nil
        }

        while i < s.count {
            let c = s[i]
            if c == "{" && at(1) == "{" { macroDepth += 1; i += 2; continue }
            if c == "}" && at(1) == "}" && macroDepth > 0 { macroDepth -= 1; i += 2; continue }
            if c == "{" && at(1) == ":" {
                enclosing.append(commandArguments)
                commandArguments = nil
                i += 2
                continue
            }
            if c == ":" && at(1) == "}" && !enclosing.isEmpty {
                commandArguments = enclosing.removeLast()
                if commandArguments?.atNamedValue == false { commandArguments?.unnamedStarted = true }
                commandArguments?.atTokenStart = false
                commandArguments?.atNamedValue = false
                i += 2
                if at(0) == "(" && at(1) == ")" { i += 2 }
                continue
            }
            if c == "\\" { i += 2; continue }        // an escaped symbol is plain text
            if c == "|" && macroDepth == 0 { commandArguments = nil; i += 1; continue }

            guard var arguments = commandArguments else {
                // Between commands: a command, a comment, closure parameters, or text that is skipped.
                if c.properties.isWhitespace { i += 1; continue }
                if c == "/" && at(1) == "*" {
                    guard let end = blockCommentEnd(s, from: i + 2) else { return true }
                    i = end
                    continue
                }
                if c == "/" && (at(1) == "/" || at(1) == "#") {
                    while i < s.count && !(s[i] == "|" && (i == 0 || s[i - 1] != "\\")) { i += 1 }
                    continue
                }
                if c == "/" {
                    var j = i + 1
                    while j < s.count && !s[j].properties.isWhitespace && s[j] != "|" && !(s[j] == ":" && j + 1 < s.count && s[j + 1] == "}") { j += 1 }
                    let name = String(String.UnicodeScalarView(s[(i + 1)..<j]))
                    commandArguments = Arguments(shape: name.hasPrefix(":") ? .plain : shapeOf(name))
                    i = j
                    continue
                }
                commandArguments = Arguments(shape: .split)   // closure parameters `name=value` or skipped text
                continue
            }

            if c.properties.isWhitespace {
                arguments.atTokenStart = true
                arguments.atNamedValue = false
                commandArguments = arguments
                i += 1
                continue
            }
            if c == "\"" {
                let opensQuote = arguments.shape != .rawQuotes && (arguments.atNamedValue
                    || (arguments.shape == .split && arguments.atTokenStart)
                    || (arguments.shape == .plain && !arguments.unnamedStarted))
                if opensQuote {
                    switch quoteEnd(s, from: i + 1) {
                    case .closed(let end): i = end
                    case .open: return true
                    case .brokenByPipe: return false   // the parser reports it
                    }
                    if !arguments.atNamedValue { arguments.unnamedStarted = true }
                    arguments.atTokenStart = false
                    arguments.atNamedValue = false
                    commandArguments = arguments
                    continue
                }
            }
            if arguments.atTokenStart && !arguments.unnamedStarted, let length = namedArgumentLength() {
                i += length
                arguments.atNamedValue = true
                arguments.atTokenStart = false
                commandArguments = arguments
                continue
            }
            if !arguments.atNamedValue { arguments.unnamedStarted = true }
            arguments.atTokenStart = false
            commandArguments = arguments
            i += 1
        }
        return !enclosing.isEmpty || macroDepth > 0
    }

    private enum QuoteEnd { case closed(Int), open, brokenByPipe }

    /// Scans a quoted value whose content starts at `from`; `closed` carries the index after the closing quote.
    private func quoteEnd(_ s: [Unicode.Scalar], from: Int) -> QuoteEnd {
        var j = from
        while j < s.count {
            switch s[j] {
            case "\\": j += 2
            case "\"": return .closed(j + 1)
            case "|": return .brokenByPipe
            default: j += 1
            }
        }
        return .open
    }

    /// The index after the `*|` closing a (possibly nested) block comment whose body starts at `from`; nil if unclosed.
    private func blockCommentEnd(_ s: [Unicode.Scalar], from: Int) -> Int? {
        var depth = 1
        var j = from
        while j < s.count {
            if s[j] == "/" && j + 1 < s.count && s[j + 1] == "*" { depth += 1; j += 2; continue }
            if s[j] == "*" && j + 1 < s.count && s[j + 1] == "|" {
                depth -= 1
                j += 2
                if depth == 0 { return j }
                continue
            }
            j += 1
        }
        return nil
    }
}
