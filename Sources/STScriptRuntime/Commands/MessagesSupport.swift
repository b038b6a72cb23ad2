import ChatStore
import Foundation
import JSCompat
import RegexScripts

/// What the chat-message and reasoning commands share: SillyTavern's message-index rules, its return-type helper,
/// macro and regex passes on message text, and the fields of the messages it writes.
enum ChatCommandSupport {
    /// SillyTavern's `stringToRange(input, 0, count - 1)`: `a` or `a-b` read with `parseInt` (so `1.5` is 1), both
    /// ends inclusive; nil when either end is not a number, `start > end`, `start < 0` or `end > count - 1`.
    static func range(_ input: String, count: Int) -> ClosedRange<Int>? {
        let start: Double
        let end: Double
        if input.contains("-") {
            let parts = input.split(separator: "-", omittingEmptySubsequences: false)
            start = parts[0].isEmpty ? .nan : JSNumber.parseInt(String(parts[0]), radix: 10)
            end = parts.count > 1 && !parts[1].isEmpty ? JSNumber.parseInt(String(parts[1]), radix: 10) : .nan
        } else {
            start = JSNumber.parseInt(input, radix: 10)
            end = start
        }
        guard !start.isNaN, !end.isNaN, start <= end, start >= 0, end <= Double(count - 1) else { return nil }
        return Int(start)...Int(end)
    }

    /// A message index as `chat[Number(text)]` addresses it after SillyTavern's depth conversion (negative or
    /// `-0` counts from the end): nil unless it names an existing message.
    static func existingIndex(_ number: Double, count: Int) -> Int? {
        var index = number
        if !index.isNaN && (index < 0 || (index == 0 && index.sign == .minus)) { index += Double(count) }
        guard index.isFinite, index == index.rounded(.towardZero), index >= 0, index < Double(count) else { return nil }
        return Int(index)
    }

    /// Where an inserting command (`/send`, `/sendas`, `/sys`, `/comment`) puts its message for `at=`: negative
    /// (and `-0`) counts from the end; not a number or outside `0…count` appends. Fractions are cut as `splice` does.
    static func insertionIndex(_ at: String?, count: Int) -> Int {
        guard let at else { return count }
        var index = JSNumber.parse(at)
        if !index.isNaN && (index < 0 || (index == 0 && index.sign == .minus)) { index += Double(count) }
        guard !index.isNaN, index >= 0, index <= Double(count) else { return count }
        return Int(index.rounded(.towardZero))
    }

    /// `return=` for a message (SillyTavern's `doReturn`): checked only after the message was added, so an
    /// unknown type still leaves the message in the chat, as there.
    static func messageReturn(_ type: String?, _ message: ChatMessage, call: CommandCall) throws -> Value {
        try ReturnTypes.result(type ?? "none", text: message["mes"].map { $0.isNull ? "" : $0.javaScriptString } ?? "",
                               object: message.jsonLine, call: call)
    }

    /// `substituteParams`: macros expanded once more in the executing scope (message commands do this on text
    /// whose arguments were already expanded, so escaped braces never survive into a message).
    static func expandMacros(_ text: String, call: CommandCall) -> String {
        call.interpreter.macros.expand(text: text, scope: call.scope, interpreter: call.interpreter)
    }

    /// Runs the regex scripts of one placement over a text (SillyTavern's `getRegexedString`).
    static func regexed(_ text: String, _ placement: RegexPlacement, call: CommandCall,
                        context: RegexRunContext = .source) throws -> String {
        let scripts = call.interpreter.chatSession.regexScriptSet
        guard !scripts.scripts.isEmpty else { return text }
        let expand = UncheckedMacroExpander(call: call)
        let macros = RegexMacros(expand: { expand.expand($0) })
        do {
            return try scripts.apply(to: text, placement: placement, context: context, macros: macros)
        } catch {
            throw CommandError(error.description)
        }
    }

    /// The bias a message sets with `{{bias "…"}}` (SillyTavern's `extractMessageBias`): the texts joined by
    /// spaces after a leading space, or "" when there is none.
    static func bias(in text: String) -> String {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            var after = rest[open.upperBound...]
            after = after.drop { $0 == " " || $0 == "~" }
            guard after.hasPrefix("bias"), let close = after.range(of: "}}") else {
                rest = rest[open.upperBound...]
                continue
            }
            let argument = after[after.index(after.startIndex, offsetBy: 4)..<close.lowerBound]
                .trimmingCharacters(in: .whitespaces)
            if let quote = argument.first, quote == "\"" || quote == "'", argument.count >= 2, argument.last == quote {
                found.append(String(argument.dropFirst().dropLast()))
            } else if !argument.isEmpty, after[after.index(after.startIndex, offsetBy: 4)] == " " {
                found.append(argument)
            }
            rest = after[close.upperBound...]
        }
        return found.isEmpty ? "" : " " + found.joined(separator: " ")
    }

    /// SillyTavern's `removeMacros`: every `{{…}}` removed, then trimmed.
    static func removeMacros(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            out += rest[..<open.lowerBound]
            rest = rest[close.upperBound...]
        }
        out += rest
        return JSCompat.JSWhitespace.trim(out)
    }

    /// `is_system` of a narrator or character message: `""` normally, `true` when the text only sets a bias.
    static func biasOnlyFlag(bias: String, text: String) -> JSONValue {
        bias.isEmpty ? .string("") : .bool(removeMacros(text).isEmpty)
    }

    /// Milliseconds since 1970, as `Date.now()`.
    static func nowMilliseconds() -> Double { (Date().timeIntervalSince1970 * 1000).rounded(.down) }

    /// SillyTavern's avatar for messages by someone it does not know.
    static let defaultAvatar = "img/ai4.png"
    static let narratorAvatar = "img/five.png"
    static let commentAvatar = "img/quill.png"
}

/// Macro expansion captured for the regex engine's `@Sendable` callback; used only on the running thread.
struct UncheckedMacroExpander: @unchecked Sendable {
    let call: CommandCall
    func expand(_ text: String) -> String { ChatCommandSupport.expandMacros(text, call: call) }
}
