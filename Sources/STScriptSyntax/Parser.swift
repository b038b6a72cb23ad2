/// Recursive-descent parser for STscript with SillyTavern's exact rules (behaviour spec §2).
///
/// The whole script is parsed before anything runs. One method per grammar rule; the character-level escape
/// logic lives in `Cursor`. Closures nest through recursion, bounded by `maxClosureDepth` so hostile input gets
/// a parse error instead of exhausting the stack.
public struct Parser {
    /// Deepest closure nesting accepted.
    public static let defaultMaxClosureDepth = 20_000

    /// Parses `text` into its root closure. Command names are checked against `commands`; `flags` are the parser
    /// flags in force at the start (SillyTavern: `power_user.stscript.parser.flags`).
    public static func parse(_ text: String, commands: CommandTable, flags: ParserFlags = ParserFlags(),
                             maxClosureDepth: Int = defaultMaxClosureDepth) throws(ParseError) -> ClosureNode {
        try parse(SourceText(text), commands: commands, flags: flags, maxClosureDepth: maxClosureDepth)
    }

    /// Same, for text already wrapped in a `SourceText`.
    public static func parse(_ source: SourceText, commands: CommandTable, flags: ParserFlags = ParserFlags(),
                             maxClosureDepth: Int = defaultMaxClosureDepth) throws(ParseError) -> ClosureNode {
        // Nesting recurses; many closure openers move the work to a large stack.
        if mayNestDeeply(source.units) && !DeepStack.isOnDeepStack {
            let result = DeepStack.run { () -> Result<ClosureNode, ParseError> in
                var state = ParserState(source: source, commands: commands, flags: flags, maxDepth: maxClosureDepth)
                do throws(ParseError) {
                    return .success(try state.parseScript())
                } catch {
                    return .failure(error)
                }
            }
            return try result.get()
        }
        var state = ParserState(source: source, commands: commands, flags: flags, maxDepth: maxClosureDepth)
        return try state.parseScript()
    }

    /// More than a few dozen `{:` in the text.
    static func mayNestDeeply(_ units: [UInt16]) -> Bool {
        var openers = 0
        var i = 0
        while i + 1 < units.count {
            if units[i] == 0x7B && units[i + 1] == 0x3A {
                openers += 1
                if openers > 64 { return true }
            }
            i += 1
        }
        return false
    }
}

private struct ParserState {
    let source: SourceText
    let commands: CommandTable
    var flags: ParserFlags
    var cursor: Cursor
    let maxDepth: Int
    /// 0 while in the root closure.
    var depth = 0

    init(source: SourceText, commands: CommandTable, flags: ParserFlags, maxDepth: Int) {
        self.source = source
        self.commands = commands
        self.flags = flags
        self.cursor = Cursor(units: source.units, strict: flags.strictEscaping)
        self.maxDepth = maxDepth
    }

    var index: Int { cursor.index }

    func error(_ message: String, at position: Int) -> ParseError {
        ParseError(message: message, position: position, source: source)
    }

    func string(_ units: [UInt16]) -> String { makeString(units) }

    // MARK: closures

    mutating func parseScript() throws(ParseError) -> ClosureNode {
        try parseClosure(isRoot: true)
    }

    /// closureBody := ws* (namedArg ws*)* (item ws* ("|" "|"?)? ws*)*
    mutating func parseClosure(isRoot: Bool) throws(ParseError) -> ClosureNode {
        let openAt = index
        if !isRoot {
            if depth >= maxDepth {
                throw error("Closures nested too deeply (more than \(maxDepth) levels) at position \(index)", at: index)
            }
            cursor.skip(2)
            depth += 1
        }
        defer { if !isRoot { depth -= 1 } }
        let textStart = index
        var parameters: [NamedArgumentNode] = []
        var executors: [ExecutorNode] = []
        var injectPipe = true
        cursor.discardWhitespace()
        while cursor.atNamedArgument() {
            parameters.append(try parseNamedArgument())
            cursor.discardWhitespace()
        }
        while try !atClosureEnd() {
            if cursor.test(Cursor.blockCommentOpen) {
                try parseBlockComment()
            } else if cursor.test(.lineComment) {
                try parseComment()
            } else if cursor.test(Cursor.parserFlag) {
                try parseParserFlag()
            } else if atRunShorthand() {
                executors.append(try parseRunShorthand())
                injectPipe = true
            } else if cursor.test(.breakpoint) {
                // Only a debugger stops here; without one the breakpoint leaves no executor behind.
                cursor.skip(11)
            } else if cursor.test(.breakCommand) {
                executors.append(try parseBreak(injectPipe: true))
            } else if cursor.test(Cursor.slash) {
                executors.append(try parseCommand(injectPipe: injectPipe))
                injectPipe = true
            } else {
                // Text that is not a command is skipped up to the command end.
                while try !atCommandEnd() { cursor.skip() }
            }
            cursor.discardWhitespace()
            if cursor.test(Cursor.pipe) {
                cursor.skip()
                if cursor.test(Cursor.pipe) {
                    injectPipe = false
                    cursor.skip()
                }
            }
            cursor.discardWhitespace()
        }
        let bodyRange = SourceRange(start: textStart, end: min(index, cursor.count))
        if !isRoot { cursor.skip(2) }
        var executeNow = false
        if cursor.test(Cursor.callParens) {
            cursor.skip(2)
            executeNow = true
        }
        return ClosureNode(parameters: parameters, executors: executors, bodyRange: bodyRange, executeNow: executeNow,
                           range: SourceRange(start: openAt, end: index), source: source)
    }

    mutating func atClosureEnd() throws(ParseError) -> Bool {
        if depth == 0 { return index >= cursor.count }
        if cursor.nothingAhead { throw error("Unclosed closure at position \(index)", at: index) }
        return cursor.test(Cursor.closureClose)
    }

    /// Command end: the closure's end, or an unescaped `|` outside macro braces.
    mutating func atCommandEnd() throws(ParseError) -> Bool {
        if try atClosureEnd() { return true }
        if cursor.test(Cursor.pipe) && !cursor.insideMacroBraces() { return true }
        return false
    }

    // MARK: comments and flags

    /// `/* … *|`, nesting; kept iterative so deep nesting cannot exhaust the stack.
    mutating func parseBlockComment() throws(ParseError) {
        cursor.skip(2)
        var open = 1
        while true {
            if cursor.nothingAhead { throw error("Unclosed block comment at position \(index)", at: index) }
            if cursor.test(Cursor.blockCommentClose) {
                cursor.skip(2)
                open -= 1
                if open == 0 { return }
                cursor.skip() // the enclosing comment's loop takes one character after a nested comment
                continue
            }
            if cursor.test(Cursor.blockCommentOpen) {
                cursor.skip(2)
                open += 1
                continue
            }
            cursor.skip()
        }
    }

    /// `//…|` or `/#…|`: must end with `|`.
    mutating func parseComment() throws(ParseError) {
        cursor.skip(2)
        while true {
            if cursor.atEndOfText { throw error("Unclosed comment at position \(index)", at: index) }
            if cursor.test(Cursor.pipe) { return }
            cursor.skip()
        }
    }

    /// `/parser-flag NAME [on|off]`, applied at parse time to the rest of the text.
    mutating func parseParserFlag() throws(ParseError) {
        let start = index
        cursor.skip(13)
        let parts = try parseUnnamedArgument(split: true, splitCount: nil, rawQuotes: false)
        guard let first = parts.first else {
            throw error("Cannot read properties of undefined (reading 'value')", at: start)
        }
        let name = Self.jsString(first)
        let state = parts.count > 1 ? Self.jsString(parts[1]) : "on"
        let on = ["on", "true", "1"].contains(state.trimmingJSWhitespace().lowercased())
        switch name {
        case "STRICT_ESCAPING":
            flags.strictEscaping = on
            cursor.strict = on
        case "REPLACE_GETVAR":
            flags.replaceGetvar = on
        default:
            break
        }
    }

    static func jsString(_ node: ArgumentNode) -> String {
        switch node {
        case .text(let t): return t.text
        case .closure(let c): return c.executeNow ? "[Closure]()" : "[Closure]"
        }
    }

    // MARK: commands

    mutating func atRunShorthand() -> Bool {
        cursor.test(Cursor.runShorthand) && !cursor.test(Cursor.closureClose, offset: 1)
    }

    /// `/:name` or `/:"name"`, then named arguments only.
    mutating func parseRunShorthand() throws(ParseError) -> ExecutorNode {
        let start = index + 2
        guard let run = commands.shape(of: "run") else {
            throw error("Unknown command at position \(start): \"/run\"", at: start)
        }
        let flagsHere = flags
        cursor.skip(2)
        let valueStart = index
        let value: [UInt16]
        if cursor.test(Cursor.quote) {
            value = try parseQuotedValue()
        } else {
            value = try parseValue()
        }
        let unnamed: [ArgumentNode] = [.text(TextNode(string(value), range: SourceRange(start: valueStart, end: index)))]
        cursor.discardWhitespace()
        var named: [NamedArgumentNode] = []
        while cursor.atNamedArgument() {
            named.append(try parseNamedArgument())
            cursor.discardWhitespace()
        }
        cursor.discardWhitespace()
        guard try atCommandEnd() else {
            throw error("Unexpected end of command at position \(index): \"/:\"", at: index)
        }
        return ExecutorNode(kind: .command(id: run.id), name: ":", namedArguments: named, unnamedArguments: unnamed,
                            injectsPipe: true, parserFlags: flagsHere, range: SourceRange(start: start, end: index),
                            source: source)
    }

    /// `/break [value]`.
    mutating func parseBreak(injectPipe: Bool) throws(ParseError) -> ExecutorNode {
        let start = index + 1
        let flagsHere = flags
        cursor.skip(6)
        cursor.discardWhitespace()
        var unnamed: [ArgumentNode] = []
        if try !atCommandEnd() {
            unnamed = try parseUnnamedArgument(split: false, splitCount: nil, rawQuotes: false)
        }
        return ExecutorNode(kind: .breakLoop, name: "break", namedArguments: [], unnamedArguments: unnamed,
                            injectsPipe: injectPipe, parserFlags: flagsHere, range: SourceRange(start: start, end: index),
                            source: source)
    }

    /// `/name namedArg* unnamedText?`
    mutating func parseCommand(injectPipe: Bool) throws(ParseError) -> ExecutorNode {
        let start = index + 1
        let flagsHere = flags
        cursor.skip() // "/"
        var nameUnits: [UInt16] = []
        while !cursor.atWhitespace, try !atCommandEnd() {
            cursor.take(into: &nameUnits)
        }
        cursor.discardWhitespace()
        let name = string(nameUnits)
        guard let shape = commands.shape(of: name) else {
            let at = index - nameUnits.count
            throw error("Unknown command at position \(at): \"/\(name)\"", at: at)
        }
        var named: [NamedArgumentNode] = []
        var unnamed: [ArgumentNode] = []
        while cursor.atNamedArgument() {
            named.append(try parseNamedArgument())
            cursor.discardWhitespace()
        }
        cursor.discardWhitespace()
        if try !atCommandEnd() {
            var rawQuotes = shape.rawQuotes
            if rawQuotes, let raw = named.first(where: { $0.name == "raw" }) {
                // `raw=false` (named, before the text) restores normal quote handling.
                if let value = raw.value {
                    let text = Self.jsString(value).trimmingJSWhitespace().lowercased()
                    rawQuotes = !["off", "false", "0"].contains(text)
                }
            }
            unnamed = try parseUnnamedArgument(split: shape.splitsUnnamedArgument, splitCount: shape.splitCount,
                                               rawQuotes: rawQuotes)
        }
        guard try atCommandEnd() else {
            throw error("Unexpected end of command at position \(index): \"/\(name)\"", at: index)
        }
        return ExecutorNode(kind: .command(id: shape.id), name: name, namedArguments: named, unnamedArguments: unnamed,
                            injectsPipe: injectPipe, parserFlags: flagsHere, range: SourceRange(start: start, end: index),
                            source: source)
    }

    // MARK: arguments

    /// `name=` followed by a closure, a quoted value, a list value, a bare word, or nothing.
    mutating func parseNamedArgument() throws(ParseError) -> NamedArgumentNode {
        let start = index
        var keyUnits: [UInt16] = []
        while let c = cursor.current, Cursor.isWordCharacter(c) { cursor.take(into: &keyUnits) }
        cursor.skip() // "="
        let valueStart = index
        var value: ArgumentNode?
        if cursor.test(Cursor.closureOpen) {
            value = .closure(try parseClosure(isRoot: false))
        } else if cursor.test(Cursor.quote) {
            let text = try parseQuotedValue()
            value = .text(TextNode(string(text), range: SourceRange(start: valueStart, end: index)))
        } else if cursor.test(Cursor.listOpen) {
            let text = try parseListValue()
            value = .text(TextNode(string(text), range: SourceRange(start: valueStart, end: index)))
        } else if !cursor.test(.whitespace) {
            let text = try parseValue()
            value = .text(TextNode(string(text), range: SourceRange(start: valueStart, end: index)))
        }
        return NamedArgumentNode(name: string(keyUnits), value: value, range: SourceRange(start: start, end: index))
    }

    private enum PartValue {
        case text([UInt16])
        case closure(ClosureNode)
    }

    private struct Part {
        var value: PartValue
        var start: Int
        var end: Int
    }

    /// The unnamed argument text, as one trimmed value or as parts (quotes, closures, splitting).
    mutating func parseUnnamedArgument(split splitAtStart: Bool, splitCount: Int?,
                                       rawQuotes: Bool) throws(ParseError) -> [ArgumentNode] {
        var split = splitAtStart
        var value: [UInt16] = []
        if cursor.jumped { cursor.take(into: &value) } // the escaped character the last test stepped onto
        var isList = split
        var parts: [Part] = []
        // Which text parts were quoted; closures are not recorded here (as in SillyTavern, indexes can drift).
        var quoted: [Bool] = []
        var partStart = index
        if !split && !rawQuotes && cursor.test(Cursor.quote) {
            let text = try parseQuotedValue()
            parts.append(Part(value: .text(text), start: partStart, end: index))
            quoted.append(true)
            isList = true
            partStart = index
        }
        while true {
            // Ordinary characters of plain text cannot start any symbol: take a run of them at once.
            if !split { cursor.takeOrdinaryRun(into: &value, insideClosure: depth > 0) }
            if try atCommandEnd() { break }
            if split, let n = splitCount, n > 0, parts.count >= n {
                // The split count is reached: the rest is one value.
                split = false
                if cursor.test(Cursor.quote) {
                    let s = index
                    let text = try parseQuotedValue()
                    parts.append(Part(value: .text(text), start: s, end: index))
                    quoted.append(true)
                    partStart = index
                }
            }
            if cursor.test(Cursor.closureOpen) {
                isList = true
                if !value.isEmpty {
                    parts.append(Part(value: .text(value), start: partStart, end: index))
                    quoted.append(false)
                    partStart = index
                    if !split && cursor.test(Cursor.quote) {
                        let text = try parseQuotedValue()
                        parts.append(Part(value: .text(text), start: partStart, end: index))
                        quoted.append(true)
                        partStart = index
                    } else {
                        value = []
                    }
                }
                let s = index
                let closure = try parseClosure(isRoot: false)
                parts.append(Part(value: .closure(closure), start: s, end: index))
                partStart = index
                if split { cursor.discardWhitespace() }
            } else if split {
                let s = index
                if cursor.test(Cursor.quote) {
                    parts.append(Part(value: .text(try parseQuotedValue()), start: s, end: index))
                    quoted.append(true)
                } else if cursor.test(Cursor.listOpen) {
                    parts.append(Part(value: .text(try parseListValue()), start: s, end: index))
                    quoted.append(false)
                } else if !cursor.test(.whitespace) {
                    parts.append(Part(value: .text(try parseValue()), start: s, end: index))
                    quoted.append(false)
                } else {
                    throw error("Unexpected end of unnamed argument at index \(index).", at: index)
                }
                cursor.discardWhitespace()
            } else {
                cursor.take(into: &value)
            }
        }
        if isList && !value.isEmpty {
            parts.append(Part(value: .text(value), start: partStart, end: index))
            quoted.append(false)
        }
        if !isList {
            let trimmed = Self.trim(value, start: true, end: true)
            return [.text(TextNode(string(trimmed), range: SourceRange(start: partStart, end: index)))]
        }
        if let first = parts.first, case .text(let text) = first.value {
            let t = quoted.first == true ? text : Self.trim(text, start: true, end: false)
            parts[0].value = .text(t)
            if t.isEmpty {
                parts.removeFirst()
                if !quoted.isEmpty { quoted.removeFirst() }
            }
        }
        if let last = parts.last, case .text(let text) = last.value {
            let t = quoted.last == true ? text : Self.trim(text, start: false, end: true)
            parts[parts.count - 1].value = .text(t)
            if t.isEmpty {
                parts.removeLast()
                if !quoted.isEmpty { quoted.removeLast() }
            }
        }
        if splitAtStart, let n = splitCount, n > 0, n + 1 < parts.count {
            // More values than the split count allows: quoting plus trailing text. Join the rest, quotes restored.
            var joined: [UInt16] = []
            for i in n..<parts.count {
                let isQuoted = i < quoted.count && quoted[i]
                switch parts[i].value {
                case .text(let t):
                    if isQuoted { joined.append(0x22) }
                    joined.append(contentsOf: t)
                    if isQuoted { joined.append(0x22) }
                case .closure(let c):
                    joined.append(contentsOf: Array(Self.jsString(.closure(c)).utf16))
                }
            }
            let rest = Part(value: .text(joined), start: parts[n].start, end: parts[parts.count - 1].end)
            parts = Array(parts[0..<n]) + [rest]
        }
        return parts.map { part in
            switch part.value {
            case .text(let t): return .text(TextNode(string(t), range: SourceRange(start: part.start, end: part.end)))
            case .closure(let c): return .closure(c)
            }
        }
    }

    static func trim(_ units: [UInt16], start: Bool, end: Bool) -> [UInt16] {
        var lo = 0
        var hi = units.count
        if start { while lo < hi && Cursor.isWhitespace(units[lo]) { lo += 1 } }
        if end { while hi > lo && Cursor.isWhitespace(units[hi - 1]) { hi -= 1 } }
        if lo == 0 && hi == units.count { return units }
        return Array(units[lo..<hi])
    }

    /// `"…"`: quotes removed, `\"` unescaped. In loose mode an unescaped `|` inside is an error.
    mutating func parseQuotedValue() throws(ParseError) -> [UInt16] {
        cursor.skip() // opening quote
        var value: [UInt16] = []
        while true {
            if cursor.atEndOfText { throw error("Unexpected end of quoted value at position \(index)", at: index) }
            if !flags.strictEscaping, try atCommandEnd() {
                throw error("Unexpected end of quoted value at position \(index)", at: index)
            }
            if cursor.test(Cursor.quote) { break }
            if !flags.strictEscaping, try atCommandEnd() { break }
            cursor.take(into: &value)
        }
        cursor.skip() // closing quote
        return value
    }

    /// `[…]` up to the first unescaped `]`, brackets included.
    mutating func parseListValue() throws(ParseError) -> [UInt16] {
        var value: [UInt16] = []
        cursor.take(into: &value)
        while true {
            if cursor.atEndOfText { throw error("Unexpected end of list value at position \(index)", at: index) }
            if cursor.test(Cursor.listClose) { break }
            cursor.take(into: &value)
        }
        cursor.take(into: &value)
        return value
    }

    /// A bare word: up to whitespace or the command end.
    mutating func parseValue() throws(ParseError) -> [UInt16] {
        var value: [UInt16] = []
        if cursor.jumped { cursor.take(into: &value) }
        while true {
            if cursor.test(.whitespace) { break }
            if try atCommandEnd() { break }
            cursor.take(into: &value)
        }
        return value
    }
}

extension String {
    /// `String.prototype.trim` (JavaScript whitespace).
    public func trimmingJSWhitespace() -> String {
        guard let first = utf16.first, let last = utf16.last else { return self }
        if !Cursor.isWhitespace(first) && !Cursor.isWhitespace(last) { return self }
        let u = Array(utf16)
        var lo = 0
        var hi = u.count
        while lo < hi && Cursor.isWhitespace(u[lo]) { lo += 1 }
        while hi > lo && Cursor.isWhitespace(u[hi - 1]) { hi -= 1 }
        if lo == 0 && hi == u.count { return self }
        return makeString(u[lo..<hi])
    }
}

extension StringProtocol {
    /// True when the text is empty or only JavaScript whitespace.
    public var isJSBlank: Bool {
        for byte in utf8 {
            if byte >= 0x80 { return unicodeScalars.allSatisfy { $0.value <= 0xFFFF && Cursor.isWhitespace(UInt16($0.value)) } }
            if byte != 0x20 && !(byte >= 0x09 && byte <= 0x0D) { return false }
        }
        return true
    }
}
