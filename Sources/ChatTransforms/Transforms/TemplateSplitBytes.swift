// SillyTavern's strict template parse (§13.1) over UTF-8 bytes, for the pipe's hot path: the same result as
// `ReasoningTemplate.parse(strict: true, trimSpaces: true)` (a test holds them equal), without making Strings.
import Reasoning
import JSCompat

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
        let found = prefix.withUnsafeBytes { open in
            suffix.withUnsafeBytes { close in
                ReasoningTemplate.findBlock(in: text, open: open, close: close, strict: true)
            }
        }
        guard let span = found else { return nil }
        return (JSWhitespace.trim(text, span.innerStart..<span.innerEnd), JSWhitespace.trim(text, span.blockEnd..<text.count))
    }
}
