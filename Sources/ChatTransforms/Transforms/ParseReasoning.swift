// `--parse-reasoning`: what SillyTavern's auto-parse does to a received message (§13.2), applied to stored chats:
// a reasoning block at the start of the text moves into `extra.reasoning` (type "parsed"), and each swipe gets
// the same treatment in its own `swipe_info[i].extra`.
import Reasoning

public struct ParseReasoning: MessageTransform {
    public let template: ReasoningTemplate
    /// REASONING-placement regex scripts run on the reasoning before it is stored (SillyTavern's "source" mode).
    public let reasoningFilter: (@Sendable (String) -> String)?
    /// Whether swipes take part (SillyTavern's behaviour); off changes only `mes` and `extra`.
    public let includeSwipes: Bool
    let splitter: TemplateSplitBytes
    private let encodedPrefix: [UInt8]
    private let prefixHasSlash: Bool

    public init(template: ReasoningTemplate, includeSwipes: Bool = true,
                reasoningFilter: (@Sendable (String) -> String)? = nil) {
        self.template = template
        self.includeSwipes = includeSwipes
        self.reasoningFilter = reasoningFilter
        self.splitter = TemplateSplitBytes(template)
        self.encodedPrefix = Bytes.encodedInsideString(template.prefix)
        self.prefixHasSlash = template.prefix.contains("/")
    }

    public func mightApply(to line: LineView) -> Bool {
        // The prefix must appear in the text or a swipe, as JSON.stringify spells it or through an escape.
        if template.prefix.isEmpty || template.suffix.isEmpty { return false }
        if line.sawUnicodeEscape || line.hasEscapedKey { return true }
        if let mes = line.value("mes"), mightHoldBlock(mes, escapes: false) { return true }
        if includeSwipes, let swipes = line.value("swipes"), mightHoldBlock(swipes, escapes: false) { return true }
        return false
    }

    public func apply(to message: inout ObjectEditor) -> Bool {
        var swipes = includeSwipes ? Swipes(message) : nil
        var changed = false
        if let mes = message.span("mes"), let split = split(message, text: mes) {
            message.set("extra", split.extra.render())
            message.set("mes", split.content)
            if swipes?.syncFromMessage(message) == true {}
            changed = true
        }
        if var all = swipes {
            // Every other stored swipe, with its own swipe_info[i].extra (the shown one follows the message).
            for index in 0..<all.texts.count where index != all.current && all.texts.count == all.infos.count {
                guard mightHoldBlock(all.texts.bytes, all.texts.elements[index]), var info = all.info(index),
                      let split = split(info, text: all.texts.elements[index]) else { continue }
                info.set("extra", split.extra.render())
                all.infos.set(index, info.render())
                all.texts.set(index, split.content)
                changed = true
            }
            swipes = all
        }
        swipes?.commit(into: &message)
        return changed
    }

    /// The auto-parse decision for one text (a string literal at `span` of the owner's bytes) and the owner's
    /// `extra`: nil when nothing changes, else the new extra and the new text (encoded). A text that already has
    /// reasoning is left alone, as are "" and "...". A match always shortens the text, so the text always changes.
    private func split(_ owner: ObjectEditor, text span: Range<Int>) -> (extra: ObjectEditor, content: [UInt8])? {
        guard span.count > 2, owner.bytes[span.lowerBound] == UInt8(ascii: "\"") else { return nil }
        var text: [UInt8] = []
        text.reserveCapacity(span.count)
        JSONStringBytes.decodeBytes(owner.bytes, span, into: &text)
        guard text != [0x2E, 0x2E, 0x2E], !hasReasoning(owner, extraKey: "extra") else { return nil }
        return text.withUnsafeBytes { raw -> (extra: ObjectEditor, content: [UInt8])? in
            guard let (reasoning, content) = splitter.split(raw) else { return nil }
            var extra = childObject(owner, "extra") ?? .empty()
            if !reasoning.isEmpty {
                let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[reasoning])
                if let reasoningFilter {
                    extra.set("reasoning", string: reasoningFilter(String(decoding: bytes, as: UTF8.self)))
                } else {
                    var encoded: [UInt8] = []
                    encoded.reserveCapacity(bytes.count + 16)
                    JSONStringBytes.encode(utf8: bytes, into: &encoded)
                    extra.set("reasoning", encoded)
                }
                extra.set("reasoning_type", JSONStringBytes.encode("parsed"))
            }
            var encoded: [UInt8] = []
            encoded.reserveCapacity(content.count + 16)
            JSONStringBytes.encode(utf8: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[content]), into: &encoded)
            return (extra, encoded)
        }
    }

    /// The byte-level check of `mightApply`, for one encoded value.
    func mightHoldBlock(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        mightHoldBlock(UnsafeRawBufferPointer(rebasing: bytes[range]), escapes: true)
    }

    /// `escapes`: also look for `\u` (callers that already know the line has none pass false).
    private func mightHoldBlock(_ value: UnsafeRawBufferPointer, escapes: Bool) -> Bool {
        return Bytes.contains(value, encodedPrefix)
            || (escapes && Bytes.contains(value, [UInt8(ascii: "\\"), UInt8(ascii: "u")]))
            || (prefixHasSlash && Bytes.contains(value, [UInt8(ascii: "\\"), UInt8(ascii: "/")]))
    }

    private func hasReasoning(_ object: ObjectEditor, extraKey: String) -> Bool {
        guard let extra = childObject(object, extraKey) else { return false }
        return extra.isTruthy("reasoning")
    }
}

/// The object held (unedited) under `key`, or nil when there is none or it is not an object.
func childObject(_ parent: ObjectEditor, _ key: String) -> ObjectEditor? {
    guard let span = parent.span(key) else { return nil }
    return ObjectEditor(bytes: parent.bytes, objectAt: span.lowerBound, limit: span.upperBound)
}
