/// The character-level half of the parser: a cursor over UTF-16 code units with SillyTavern's escape rules.
///
/// SillyTavern's parser is scannerless: grammar rules ask "does symbol X start here?" and an escape is decided at
/// that moment. A backslash directly before a symbol is skipped ("jumped") and the symbol becomes plain text. In
/// loose mode only the one character before the symbol is looked at; in strict mode backslash runs pair up.
struct Cursor {
    let units: [UInt16]
    let count: Int
    var index = 0
    /// The cursor just skipped an escaping backslash; the next test looks one character back.
    var jumped = false
    var strict: Bool
    /// All characters from here to the end are whitespace (end-of-text test in O(1)).
    private let whitespaceTail: Int
    // Incremental `{{`/`}}` counter over the text before the cursor (SillyTavern rescans it at every `|`).
    private var braceScanPosition = 0
    private var braceDepth = 0
    // Last backslash run measured (strict mode), so long runs are not re-counted per character.
    private var runStart = -1
    private var runEnd = -1

    init(units: [UInt16], strict: Bool) {
        self.units = units
        self.count = units.count
        self.strict = strict
        var tail = units.count
        while tail > 0 && Cursor.isWhitespace(units[tail - 1]) { tail -= 1 }
        self.whitespaceTail = tail
    }

    // MARK: characters

    @inline(__always) func unit(at i: Int) -> UInt16? { i >= 0 && i < count ? units[i] : nil }
    @inline(__always) var current: UInt16? { unit(at: index) }

    /// JavaScript's `\s`.
    @inline(__always) static func isWhitespace(_ c: UInt16) -> Bool {
        if c > 0x20 && c < 0xA0 { return false }
        switch c {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// JavaScript's `\w` (ASCII letters, digits, underscore).
    static func isWordCharacter(_ c: UInt16) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    @inline(__always) var atWhitespace: Bool {
        guard let c = current else { return false }
        return Cursor.isWhitespace(c)
    }

    /// SillyTavern's `endOfText`: past the end, or on whitespace followed only by (at least one) whitespace.
    var atEndOfText: Bool { index >= count || (index >= whitespaceTail && index + 1 < count) }

    /// Nothing after the current character (`ahead.length < 1`).
    var nothingAhead: Bool { index + 1 >= count }

    /// Takes one character. Past the end JavaScript yields `undefined`, which string concatenation spells out;
    /// SillyTavern's parser really appends it in a few corner cases, so we do too.
    @inline(__always) mutating func take(into buffer: inout [UInt16]) {
        jumped = false
        if index < count { buffer.append(units[index]) } else { buffer.append(contentsOf: Cursor.undefinedUnits) }
        index += 1
    }

    /// Appends characters that no symbol test could match here (anything but `|`, `\\`, `:`, `{`), stopping
    /// where a test could matter. Inside a closure the last character is left to the tests (an unclosed-closure
    /// error is reported there).
    @inline(__always) mutating func takeOrdinaryRun(into buffer: inout [UInt16], insideClosure: Bool) {
        guard !jumped else { return }
        let end = insideClosure ? count - 1 : count
        var i = index
        while i < end {
            let c = units[i]
            if c == 0x7C || c == 0x5C || c == 0x3A || c == 0x7B { break }
            buffer.append(c)
            i += 1
        }
        index = i
    }

    @inline(__always) mutating func skip(_ n: Int = 1) {
        jumped = false
        index += n
    }

    static let undefinedUnits = Array("undefined".utf16)

    mutating func discardWhitespace() {
        while atWhitespace {
            skip()
        }
    }

    // MARK: symbols

    enum Symbol {
        case pipe, quote, listOpen, listClose, closureOpen, closureClose, callParens, slash
        case blockCommentOpen, blockCommentClose, parserFlag, runShorthand
        case whitespace
        /// `//` or `/#`
        case lineComment
        /// `/breakpoint` + optional whitespace + `|`
        case breakpoint
        /// `/break` + whitespace, `|` or end of text
        case breakCommand
    }

    static let pipe = Symbol.pipe
    static let quote = Symbol.quote
    static let listOpen = Symbol.listOpen
    static let listClose = Symbol.listClose
    static let closureOpen = Symbol.closureOpen
    static let closureClose = Symbol.closureClose
    static let callParens = Symbol.callParens
    static let slash = Symbol.slash
    static let blockCommentOpen = Symbol.blockCommentOpen
    static let blockCommentClose = Symbol.blockCommentClose
    static let parserFlag = Symbol.parserFlag
    static let runShorthand = Symbol.runShorthand
    private static let parserFlagWord: [UInt16] = Array("/parser-flag ".utf16)
    private static let breakpointWord: [UInt16] = Array("/breakpoint".utf16)
    private static let breakWord: [UInt16] = Array("/break".utf16)

    @inline(__always) private func pair(_ q: Int, _ a: UInt16, _ b: UInt16) -> Bool {
        q >= 0 && q + 1 < count && units[q] == a && units[q + 1] == b
    }

    @inline(__always) private func single(_ q: Int, _ a: UInt16) -> Bool {
        q >= 0 && q < count && units[q] == a
    }

    private func matches(_ symbol: Symbol, at q: Int) -> Bool {
        switch symbol {
        case .pipe: return single(q, 0x7C)
        case .quote: return single(q, 0x22)
        case .listOpen: return single(q, 0x5B)
        case .listClose: return single(q, 0x5D)
        case .slash: return single(q, 0x2F)
        case .closureOpen: return pair(q, 0x7B, 0x3A)
        case .closureClose: return pair(q, 0x3A, 0x7D)
        case .callParens: return pair(q, 0x28, 0x29)
        case .blockCommentOpen: return pair(q, 0x2F, 0x2A)
        case .blockCommentClose: return pair(q, 0x2A, 0x7C)
        case .runShorthand: return pair(q, 0x2F, 0x3A)
        case .parserFlag: return single(q, 0x2F) && hasPrefix(Cursor.parserFlagWord, at: q)
        case .whitespace:
            guard let c = unit(at: q) else { return false }
            return Cursor.isWhitespace(c)
        case .lineComment:
            guard unit(at: q) == 0x2F, let c = unit(at: q + 1) else { return false }
            return c == 0x2F || c == 0x23
        case .breakpoint:
            guard single(q, 0x2F), hasPrefix(Cursor.breakpointWord, at: q) else { return false }
            var i = q + Cursor.breakpointWord.count
            while let c = unit(at: i), Cursor.isWhitespace(c) { i += 1 }
            return unit(at: i) == 0x7C
        case .breakCommand:
            guard single(q, 0x2F), hasPrefix(Cursor.breakWord, at: q) else { return false }
            let i = q + Cursor.breakWord.count
            guard let c = unit(at: i) else { return i == count }
            return Cursor.isWhitespace(c) || c == 0x7C
        }
    }

    private func hasPrefix(_ lit: [UInt16], at q: Int) -> Bool {
        guard q >= 0, q + lit.count <= count else { return false }
        var k = 0
        while k < lit.count {
            if units[q + k] != lit[k] { return false }
            k += 1
        }
        return true
    }

    private mutating func backslashRun(from p: Int) -> Int {
        guard unit(at: p) == 0x5C else { return 0 }
        if p >= runStart && p < runEnd { return runEnd - p }
        var e = p
        while unit(at: e) == 0x5C { e += 1 }
        runStart = p
        runEnd = e
        return e - p
    }

    /// Does `symbol` start at the cursor (plus `offset`)? An escaped symbol answers no, and (at offset 0) the
    /// cursor steps over the escaping backslash so the caller takes the symbol as text.
    mutating func test(_ symbol: Symbol, offset: Int = 0) -> Bool {
        let p = index + offset + (jumped ? -1 : 0)
        let escapes: Int
        if strict {
            escapes = backslashRun(from: p)
        } else {
            escapes = unit(at: p) == 0x5C ? 1 : 0
        }
        guard matches(symbol, at: p + escapes) else { return false }
        if escapes == 0 { return true }
        if !jumped && offset == 0 {
            index += 1
            jumped = true
        }
        return false
    }

    /// `^\w+=` at the cursor (escapes play no part here).
    func atNamedArgument() -> Bool {
        var i = index
        while let c = unit(at: i), Cursor.isWordCharacter(c) { i += 1 }
        return i > index && unit(at: i) == 0x3D
    }

    /// More `{{` than `}}` in the text before the cursor, counted from the start of the script.
    mutating func insideMacroBraces() -> Bool {
        let end = min(index, count)
        if braceScanPosition > end {
            braceScanPosition = 0
            braceDepth = 0
        }
        while braceScanPosition + 1 < end {
            let c = units[braceScanPosition]
            let d = units[braceScanPosition + 1]
            if c == 0x7B && d == 0x7B {
                braceDepth += 1
                braceScanPosition += 2
            } else if c == 0x7D && d == 0x7D {
                braceDepth = max(0, braceDepth - 1)
                braceScanPosition += 2
            } else {
                braceScanPosition += 1
            }
        }
        return braceDepth > 0
    }
}
