// SillyTavern reasoning templates (prefix / suffix / separator) and the string parse of §13.1:
// `/reasoning-parse`, auto-parse on a received message, and `stscript pipe --parse-reasoning`.
import JSCompat

/// A SillyTavern reasoning template: the text written before and after a reasoning block, and the
/// separator put between the block and the message when both are formatted into a prompt.
public struct ReasoningTemplate: Sendable, Hashable {
    public var name: String
    public var prefix: String
    public var suffix: String
    public var separator: String

    public init(name: String = "", prefix: String, suffix: String, separator: String = "") {
        self.name = name
        self.prefix = prefix
        self.suffix = suffix
        self.separator = separator
    }

    /// The templates SillyTavern ships (`default/content/presets/reasoning`).
    public static let thinkXML = ReasoningTemplate(name: "Think XML", prefix: "<think>", suffix: "</think>", separator: "\n")
    public static let deepSeek = ReasoningTemplate(name: "DeepSeek", prefix: "<think>\n", suffix: "\n</think>", separator: "\n\n")
    public static let gemma4 = ReasoningTemplate(name: "Gemma 4", prefix: "<|channel>thought\n", suffix: "<channel|>", separator: "\n\n")
    public static let openAIHarmony = ReasoningTemplate(
        name: "OpenAI Harmony",
        prefix: "<|start|>assistant<|channel|>analysis<|message|>",
        suffix: "<|start|>assistant<|channel|>final<|message|>",
        separator: "")
    public static let blank = ReasoningTemplate(name: "Blank", prefix: "", suffix: "", separator: "")
    public static let presets: [ReasoningTemplate] = [thinkXML, deepSeek, gemma4, openAIHarmony, blank]

    /// Splits a reasoning block out of `text` exactly as SillyTavern does (§13.1); nil when the prefix or
    /// the suffix is empty (SillyTavern's "no result").
    public func parse(_ text: String, strict: Bool = true, trimSpaces: Bool = true) -> TemplateSplit? {
        ReasoningTemplate.parse(text, prefix: prefix, suffix: suffix, strict: strict, trimSpaces: trimSpaces)
    }

    /// `prefix + reasoning + suffix + separator + content`, the inverse of `parse` (macros are the caller's).
    public func format(reasoning: String, content: String) -> String {
        prefix + reasoning + suffix + separator + content
    }

    /// §13.1 with explicit markers. Strict: the block must open the text (only whitespace before it).
    /// Not strict: the first prefix anywhere; the content is the text before plus the text after, joined.
    /// Only the first block counts; both parts are trimmed (JavaScript `trim`) when `trimSpaces` is on.
    public static func parse(_ text: String, prefix: String, suffix: String,
                             strict: Bool = true, trimSpaces: Bool = true) -> TemplateSplit? {
        if prefix.isEmpty || suffix.isEmpty { return nil }
        let hay = Array(text.utf8), open = Array(prefix.utf8), close = Array(suffix.utf8)
        guard let span = findBlock(hay, open: open, close: close, strict: strict) else {
            return TemplateSplit(reasoning: "", content: text, matched: false)
        }
        var reasoning = String(decoding: hay[span.innerStart..<span.innerEnd], as: UTF8.self)
        var content = String(decoding: hay[0..<span.blockStart], as: UTF8.self)
            + String(decoding: hay[span.blockEnd...], as: UTF8.self)
        if trimSpaces {
            reasoning = JSWhitespace.trim(reasoning)
            content = JSWhitespace.trim(content)
        }
        return TemplateSplit(reasoning: reasoning, content: content, matched: true)
    }

    /// Where a block sits in the text, in UTF-8 offsets: the whole block (with the whitespace before it when strict),
    /// and the reasoning inside it.
    public struct BlockSpan: Sendable, Equatable { public var blockStart, innerStart, innerEnd, blockEnd: Int }

    /// Where SillyTavern's regex `(^\s*?)?PREFIX(.*?)SUFFIX` (dot-all) first matches, in UTF-8 offsets.
    static func findBlock(_ hay: [UInt8], open: [UInt8], close: [UInt8], strict: Bool) -> BlockSpan? {
        hay.withUnsafeBytes { h in
            open.withUnsafeBytes { o in
                close.withUnsafeBytes { c in findBlock(in: h, open: o, close: c, strict: strict) }
            }
        }
    }

    /// `findBlock` over raw UTF-8 bytes, for callers that parse without making Strings (the pipe's hot path).
    public static func findBlock(in h: UnsafeRawBufferPointer, open o: UnsafeRawBufferPointer,
                                 close c: UnsafeRawBufferPointer, strict: Bool) -> BlockSpan? {
        let openAt: Int
        if strict {
            // The lazy `\s*?` takes the fewest leading whitespace characters that reach the prefix.
            var p = 0
            while true {
                if ByteSearch.hasPrefix(h, at: p, o) { break }
                let w = JSWhitespace.length(h, at: p)
                if w == 0 { return nil }
                p += w
            }
            openAt = p
        } else {
            guard let p = ByteSearch.find(o, in: h, from: 0) else { return nil }
            openAt = p
        }
        // A later prefix could only search for the suffix from further on, so one try suffices.
        let inner = openAt + o.count
        guard let closeAt = ByteSearch.find(c, in: h, from: inner) else { return nil }
        return BlockSpan(blockStart: strict ? 0 : openAt, innerStart: inner,
                         innerEnd: closeAt, blockEnd: closeAt + c.count)
    }
}

/// The outcome of a template parse. Without a match the reasoning is empty and the content is the input.
public struct TemplateSplit: Sendable, Hashable {
    public var reasoning: String
    public var content: String
    /// Whether a complete prefix…suffix block was found (and removed).
    public var matched: Bool

    public init(reasoning: String, content: String, matched: Bool) {
        self.reasoning = reasoning
        self.content = content
        self.matched = matched
    }
}

