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
    private let encodedPrefix: [UInt8]
    private let prefixHasSlash: Bool

    public init(template: ReasoningTemplate, includeSwipes: Bool = true,
                reasoningFilter: (@Sendable (String) -> String)? = nil) {
        self.template = template
        self.includeSwipes = includeSwipes
        self.reasoningFilter = reasoningFilter
        self.encodedPrefix = Bytes.encodedInsideString(template.prefix)
        self.prefixHasSlash = template.prefix.contains("/")
    }

    public func mightApply(to line: UnsafeRawBufferPointer, sawUnicodeEscape: Bool) -> Bool {
        // The prefix must appear somewhere, as JSON.stringify spells it or through an escape.
        if template.prefix.isEmpty || template.suffix.isEmpty { return false }
        return sawUnicodeEscape || Bytes.contains(line, encodedPrefix)
            || (prefixHasSlash && Bytes.contains(line, [UInt8(ascii: "\\"), UInt8(ascii: "/")]))
    }

    public func apply(to message: inout ObjectEditor) -> Bool {
        var swipes = includeSwipes ? Swipes(message) : nil
        var changed = false
        if let split = split(message, extraKey: "extra", text: "mes") {
            message.set("extra", split.extra.render())
            if let content = split.content { message.set("mes", string: content) }
            if swipes?.syncFromMessage(message) == true {}
            changed = true
        }
        if var all = swipes {
            // Every other stored swipe, with its own swipe_info[i].extra (the shown one follows the message).
            for index in 0..<all.texts.count where index != all.current && all.texts.count == all.infos.count {
                guard mightHoldBlock(all.texts.bytes, all.texts.elements[index]), var info = all.info(index), let text = all.texts.string(at: index),
                      let split = split(info, extraKey: "extra", text: nil, given: text) else { continue }
                info.set("extra", split.extra.render())
                all.infos.set(index, info.render())
                if let content = split.content { all.texts.set(index, JSONStringBytes.encode(content)) }
                changed = true
            }
            swipes = all
        }
        swipes?.commit(into: &message)
        return changed
    }

    /// The auto-parse decision for one text and its extra: nil when nothing changes, else the new extra and the
    /// new text (nil when the text stays). A text that already has reasoning is left alone, as are "" and "...".
    private func split(_ owner: ObjectEditor, extraKey: String, text key: String?, given: String? = nil)
        -> (extra: ObjectEditor, content: String?)? {
        guard let text = given ?? key.flatMap({ owner.string($0) }), !text.isEmpty, text != "...",
              !hasReasoning(owner, extraKey: extraKey),
              let split = template.parse(text), split.matched,
              !split.reasoning.isEmpty || split.content != text else { return nil }
        var extra = childObject(owner, extraKey) ?? .empty()
        if !split.reasoning.isEmpty {
            extra.set("reasoning", string: reasoningFilter?(split.reasoning) ?? split.reasoning)
            extra.set("reasoning_type", string: "parsed")
        }
        return (extra, split.content != text ? split.content : nil)
    }

    /// The byte-level check of `mightApply`, for one encoded value.
    private func mightHoldBlock(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let value = UnsafeRawBufferPointer(rebasing: bytes[range])
        return Bytes.contains(value, encodedPrefix) || Bytes.contains(value, [UInt8(ascii: "\\"), UInt8(ascii: "u")])
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
