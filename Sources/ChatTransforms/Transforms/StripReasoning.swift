// `--strip-reasoning` and `--inline-reasoning`: what to do with stored reasoning when preparing chats for training.
import Reasoning

/// Deletes stored reasoning the way SillyTavern's "delete reasoning" does: `extra.reasoning` becomes "", and
/// `reasoning_type` and `reasoning_duration` go. Every swipe's `swipe_info[i].extra` gets the same.
/// (An inline block still in the text is not touched: run `--parse-reasoning` first to strip those too.)
public struct StripReasoning: MessageTransform {
    public init() {}

    public func mightApply(to line: LineView) -> Bool {
        line.sawUnicodeEscape || Bytes.contains(line.bytes, Array("\"reasoning".utf8))
    }

    public func apply(to message: inout ObjectEditor) -> Bool {
        var changed = false
        if let extra = Self.stripped(message) {
            message.set("extra", extra)
            changed = true
        }
        if var swipes = Swipes(message) {
            for index in 0..<swipes.infos.count {
                guard var info = swipes.info(index), let extra = Self.stripped(info) else { continue }
                info.set("extra", extra)
                swipes.infos.set(index, info.render())
                changed = true
            }
            swipes.commit(into: &message)
        }
        return changed
    }

    /// The owner's `extra` without reasoning, or nil when it has none to remove.
    static func stripped(_ owner: ObjectEditor) -> [UInt8]? {
        guard var extra = childObject(owner, "extra"),
              extra.isTruthy("reasoning") || extra.has("reasoning_type") || extra.has("reasoning_duration")
        else { return nil }
        extra.set("reasoning", string: "")
        extra.remove("reasoning_type")
        extra.remove("reasoning_duration")
        return extra.render()
    }
}

/// Puts stored reasoning back into the text with a template's markers — prefix + reasoning + suffix + separator +
/// text, as `/reasoning-format` writes it — and removes it from `extra` (training formats want it inline).
/// Each swipe with reasoning in its `swipe_info[i].extra` is formatted the same way.
public struct InlineReasoning: MessageTransform {
    public let template: ReasoningTemplate

    public init(template: ReasoningTemplate) {
        self.template = template
    }

    public func mightApply(to line: LineView) -> Bool {
        line.sawUnicodeEscape || Bytes.contains(line.bytes, Array("\"reasoning\"".utf8))
    }

    public func apply(to message: inout ObjectEditor) -> Bool {
        var changed = false
        var swipes = Swipes(message)
        if let (text, extra) = inlined(message, text: message.string("mes")) {
            message.set("mes", string: text)
            message.set("extra", extra)
            _ = swipes?.syncFromMessage(message)
            changed = true
        }
        if var all = swipes {
            for index in 0..<min(all.texts.count, all.infos.count) where index != all.current || !changed {
                guard var info = all.info(index), let (text, extra) = inlined(info, text: all.texts.string(at: index))
                else { continue }
                info.set("extra", extra)
                all.infos.set(index, info.render())
                all.texts.set(index, JSONStringBytes.encode(text))
                changed = true
            }
            all.commit(into: &message)
        }
        return changed
    }

    private func inlined(_ owner: ObjectEditor, text: String?) -> (String, [UInt8])? {
        guard let text, let extra = childObject(owner, "extra"), let reasoning = extra.string("reasoning"),
              !reasoning.isEmpty, let stripped = StripReasoning.stripped(owner) else { return nil }
        return (template.format(reasoning: reasoning, content: text), stripped)
    }
}
