// SillyTavern's strict template parse (§13.1) over UTF-8 bytes, for the pipe's hot path: the same result as
// `ReasoningTemplate.parse(strict: true, trimSpaces: true)` (a test holds them equal), without making Strings.
import Reasoning

struct TemplateSplitBytes {
    let prefix: [UInt8]
    let suffix: [UInt8]

    init(_ template: ReasoningTemplate) {
        prefix = Array(template.prefix.utf8)
        suffix = Array(template.suffix.utf8)
    }

    /// The trimmed reasoning and content ranges of `text`, or nil when no block opens it.
    /// In strict mode the block (and the whitespace before it) starts the text, so the content is what follows.
    func split(_ text: UnsafeRawBufferPointer) -> (reasoning: Range<Int>, content: Range<Int>)? {
        guard !prefix.isEmpty, !suffix.isEmpty else { return nil }
        var at = 0
        while !Self.hasPrefix(text, at, prefix) {
            let w = JSWhitespaceBytes.forward(text, at)
            if w == 0 { return nil }
            at += w
        }
        let inner = at + prefix.count
        guard let close = Self.find(suffix, in: text, from: inner) else { return nil }
        return (JSWhitespaceBytes.trim(text, inner..<close), JSWhitespaceBytes.trim(text, (close + suffix.count)..<text.count))
    }

    private static func hasPrefix(_ hay: UnsafeRawBufferPointer, _ at: Int, _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count - at else { return false }
        for k in 0..<needle.count where hay[at + k] != needle[k] { return false }
        return true
    }

    private static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from <= hay.count else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: hay[from...])
        return Bytes.firstIndex(of: needle, in: rest).map { $0 + from }
    }
}

/// JavaScript's whitespace (`\s`, `trim`) recognised in UTF-8: ASCII tab…CR and space, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
enum JSWhitespaceBytes {
    /// Length of the whitespace character starting at `i`, or 0.
    static func forward(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let n = b.count
        guard i < n else { return 0 }
        switch b[i] {
        case 0x09...0x0D, 0x20: return 1
        case 0xC2: return i + 1 < n && b[i + 1] == 0xA0 ? 2 : 0
        case 0xE1, 0xE2, 0xE3, 0xEF: return i + 2 < n && isThreeByteSpace(b[i], b[i + 1], b[i + 2]) ? 3 : 0
        default: return 0
        }
    }

    /// Length of the whitespace character ending just before `end`, or 0.
    static func backward(_ b: UnsafeRawBufferPointer, _ end: Int) -> Int {
        guard end > 0 else { return 0 }
        let last = b[end - 1]
        if (0x09...0x0D).contains(last) || last == 0x20 { return 1 }
        if last == 0xA0, end >= 2, b[end - 2] == 0xC2 { return 2 }
        if end >= 3, isThreeByteSpace(b[end - 3], b[end - 2], last) { return 3 }
        return 0
    }

    static func trim(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper { let w = forward(b, lower); if w == 0 || lower + w > upper { break }; lower += w }
        while upper > lower { let w = backward(b, upper); if w == 0 || upper - w < lower { break }; upper -= w }
        return lower..<upper
    }

    private static func isThreeByteSpace(_ c0: UInt8, _ c1: UInt8, _ c2: UInt8) -> Bool {
        switch (c0, c1) {
        case (0xE1, 0x9A): return c2 == 0x80                                    // U+1680
        case (0xE2, 0x80): return (0x80...0x8A).contains(c2) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF
        case (0xE2, 0x81): return c2 == 0x9F                                    // U+205F
        case (0xE3, 0x80): return c2 == 0x80                                    // U+3000
        case (0xEF, 0xBB): return c2 == 0xBF                                    // U+FEFF
        default: return false
        }
    }
}
