import Foundation
import JSCompat

/// The built-in macros of SillyTavern's engine, by lowercased name (aliases included).
enum BuiltinMacros {
    /// What `{{else}}` yields outside an `{{if}}` block; removed when the text is finished.
    static let elseMarker = "\u{0}\u{1F}ELSE\u{1F}\u{0}"

    static func definition(for key: String) -> MacroDefinition? {
        table[key]
    }

    /// Whether `{{name …}}` with `argumentCount` arguments can open a `{{name}}…{{/name}}` block (the content
    /// becomes one more argument). Unknown macros can; list macros cannot.
    static func acceptsBlock(_ key: String, argumentCount: Int) -> Bool {
        guard let definition = table[key] else { return true }
        if definition.list != nil { return false }
        let count = argumentCount + 1
        return count >= definition.minimumArguments && count <= definition.maximumArguments
    }

    static let spellings: [(name: String, needsArgument: Bool)] = {
        let entries = coreMacros + environmentMacros + chatMacros + timeMacros + variableMacros
        let named = entries.flatMap { names, definition in
            names.map { (name: $0, needsArgument: definition.minimumArguments > 0 || (definition.list?.minimum ?? 0) > 0) }
        }
        return named.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }()

    static let table: [String: MacroDefinition] = {
        var table: [String: MacroDefinition] = [:]
        for (names, definition) in coreMacros + environmentMacros + chatMacros + timeMacros + variableMacros {
            for name in names { table[name.lowercased()] = definition }
        }
        return table
    }()

    // MARK: Helpers

    /// SillyTavern's `isTrueBoolean`: `on`, `true`, `1` (trimmed, any case).
    static func isTrueBoolean(_ text: String) -> Bool {
        ["on", "true", "1"].contains(JSWhitespace.trim(text).lowercased())
    }

    /// SillyTavern's `isFalseBoolean`: `off`, `false`, `0` (trimmed, any case).
    static func isFalseBoolean(_ text: String) -> Bool {
        ["off", "false", "0"].contains(JSWhitespace.trim(text).lowercased())
    }

    /// `[a-zA-Z][\w-]*`
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    /// `.name` / `$name` as a whole `{{if}}` condition.
    static func variableShorthand(_ text: String) -> (VariableScope, String)? {
        guard let first = text.unicodeScalars.first, first == "." || first == "$" else { return nil }
        let name = String(text.unicodeScalars.dropFirst())
        guard isIdentifier(name), let last = name.unicodeScalars.last, last != "-" else { return nil }
        return (first == "." ? .chat : .global, name)
    }

    typealias Entry = ([String], MacroDefinition)

    static func simple(_ names: [String], _ value: @escaping @Sendable (any MacroEnvironment) -> String) -> Entry {
        (names, MacroDefinition(name: names[0], handler: { value($0.environment) }))
    }

    // MARK: Core

    static let coreMacros: [Entry] = [
        (["space"], MacroDefinition(name: "space", argumentTypes: [.integer], minimumArguments: 0) { invocation in
            repeated(" ", invocation.argument(0))
        }),
        (["newline"], MacroDefinition(name: "newline", argumentTypes: [.integer], minimumArguments: 0) { invocation in
            repeated("\n", invocation.argument(0))
        }),
        simple(["noop"]) { _ in "" },
        (["trim"], MacroDefinition(name: "trim", argumentTypes: [.string], minimumArguments: 0) { invocation in
            // Outside a block the marker stays for the final sweep, which also removes the newlines around it.
            invocation.isBlock ? (invocation.argument(0) ?? "") : "{{trim}}"
        }),
        (["if"], MacroDefinition(name: "if", argumentTypes: [.string, .string], minimumArguments: 2,
                                 delaysArguments: true) { invocation in
            guard let conditional = invocation.call.conditional else { return nil }
            return invocation.evaluator.evaluateConditional(conditional,
                                                            preservesWhitespace: invocation.node.preservesWhitespace)
        }),
        simple(["else"]) { _ in elseMarker },
        simple(["input"]) { _ in "" },
        simple(["maxPrompt", "maxPromptTokens"]) { String($0.maxContextTokens - $0.maxResponseTokens) },
        simple(["maxContext", "maxContextTokens"]) { String($0.maxContextTokens) },
        simple(["maxResponse", "maxResponseTokens"]) { String($0.maxResponseTokens) },
        (["reverse"], MacroDefinition(name: "reverse", argumentTypes: [.string], minimumArguments: 1) { invocation in
            // By code point, as `Array.from(text).reverse()`.
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: (invocation.argument(0) ?? "").unicodeScalars.reversed())
            return String(scalars)
        }),
        (["//", "comment"], MacroDefinition(name: "//", argumentTypes: [.string], minimumArguments: 1) { _ in "" }),
        (["roll"], MacroDefinition(name: "roll", argumentTypes: [.string], minimumArguments: 1) { invocation in
            Dice.roll(invocation.argument(0) ?? "", random: invocation.environment.randomUnit)
        }),
        (["random"], MacroDefinition(name: "random", list: (0, nil)) { invocation in
            let items = listItems(invocation.list)
            if items.isEmpty { return "" }
            let index = Int((invocation.environment.randomUnit() * Double(items.count)).rounded(.down))
            return items[min(max(index, 0), items.count - 1)]
        }),
        (["pick"], MacroDefinition(name: "pick", list: (0, nil)) { invocation in
            let items = listItems(invocation.list)
            if items.isEmpty { return "" }
            let environment = invocation.environment
            var parts = [JSNumber.format(environment.chatIDHash), JSNumber.format(invocation.evaluator.contentHash),
                         String(invocation.position)]
            if let reroll = environment.pickRerollSeed { parts.append(reroll) }
            let seed = JSNumber.format(StringHash.hash(parts.joined(separator: "-")))
            var generator = SeededRandom(seed: seed)
            let index = Int((generator.next() * Double(items.count)).rounded(.down))
            return items[min(max(index, 0), items.count - 1)]
        }),
        (["banned"], MacroDefinition(name: "banned", argumentTypes: [.string], minimumArguments: 1) { _ in "" }),
        (["outlet"], MacroDefinition(name: "outlet", argumentTypes: [.string], minimumArguments: 1) { _ in "" }),
        simple(["reasoningPrefix"]) { $0.reasoningFormatting.prefix },
        simple(["reasoningSuffix"]) { $0.reasoningFormatting.suffix },
        simple(["reasoningSeparator"]) { $0.reasoningFormatting.separator },
        simple(["lastGenerationType"]) { _ in "" },
        (["hasExtension"], MacroDefinition(name: "hasExtension", argumentTypes: [.string], minimumArguments: 1) { _ in
            "false"
        }),
    ]

    /// `' '.repeat(Number(count ?? 1))`.
    static func repeated(_ text: String, _ count: String?) -> String? {
        let number = count.map { JSNumber.parse($0) } ?? 1
        // `repeat` throws on a negative count; the macro then stays verbatim.
        guard number >= 0, number.isFinite else { return nil }
        let times = Int(number)
        guard times < 1_000_000 else { return nil }
        return String(repeating: text, count: times)
    }

    /// One list argument is itself a list: split on `::`, else on commas (`\,` keeps a comma).
    static func listItems(_ list: [String]) -> [String] {
        guard list.count == 1 else { return list }
        let single = list[0]
        if single.contains("::") {
            return single.components(separatedBy: "::").map { JSWhitespace.trim($0) }
        }
        let placeholder = "\u{0}COMMA\u{0}"
        return single.replacingOccurrences(of: "\\,", with: placeholder)
            .components(separatedBy: ",")
            .map { JSWhitespace.trim($0).replacingOccurrences(of: placeholder, with: ",") }
    }

    // MARK: Names and card

    static let environmentMacros: [Entry] = [
        simple(["user"]) { $0.userName },
        simple(["char"]) { $0.characterName },
        simple(["group", "charIfNotGroup"]) { $0.groupNames },
        simple(["groupNotMuted"]) { $0.groupNamesNotMuted },
        simple(["notChar"]) { $0.notCharacterNames },
        simple(["charPrompt"]) { $0.characterField(.charPrompt) ?? "" },
        simple(["charInstruction"]) { $0.characterField(.charInstruction) ?? "" },
        simple(["charDescription", "description"]) { $0.characterField(.description) ?? "" },
        simple(["charPersonality", "personality"]) { $0.characterField(.personality) ?? "" },
        simple(["charScenario", "scenario"]) { $0.characterField(.scenario) ?? "" },
        simple(["persona"]) { $0.characterField(.persona) ?? "" },
        simple(["mesExamplesRaw"]) { $0.characterField(.mesExamplesRaw) ?? "" },
        simple(["charDepthPrompt"]) { $0.characterField(.charDepthPrompt) ?? "" },
        simple(["charCreatorNotes", "creatorNotes"]) { $0.characterField(.creatorNotes) ?? "" },
        simple(["charVersion", "version", "char_version"]) { $0.characterField(.version) ?? "" },
        (["charFirstMessage", "greeting"], MacroDefinition(name: "charFirstMessage", argumentTypes: [.integer],
                                                            minimumArguments: 0) { invocation in
            let index = invocation.argument(0).map { JSNumber.parse($0) } ?? 0
            return index == 0 ? (invocation.environment.characterField(.firstMessage) ?? "") : ""
        }),
        simple(["model"]) { $0.modelName },
        (["original"], MacroDefinition(name: "original") { invocation in
            guard let original = invocation.environment.originalText else { return nil }
            // Substituted once per text; later uses are empty.
            if invocation.evaluator.originalUsed { return "" }
            invocation.evaluator.originalUsed = true
            return original
        }),
        simple(["isMobile"]) { _ in "false" },
    ]

    // MARK: Chat

    static let chatMacros: [Entry] = [
        simple(["lastMessage"]) { environment in
            ChatInspection(environment).lastMessageIndex().flatMap { environment.chatMessage(at: $0)?.text } ?? ""
        },
        simple(["lastMessageId"]) { environment in
            ChatInspection(environment).lastMessageIndex().map(String.init) ?? ""
        },
        simple(["lastUserMessage"]) { environment in
            ChatInspection(environment).lastMessageIndex { $0.isUser && !$0.isSystem }
                .flatMap { environment.chatMessage(at: $0)?.text } ?? ""
        },
        simple(["lastCharMessage"]) { environment in
            ChatInspection(environment).lastMessageIndex { !$0.isUser && !$0.isSystem }
                .flatMap { environment.chatMessage(at: $0)?.text } ?? ""
        },
        simple(["firstIncludedMessageId"]) { _ in "" },
        simple(["firstDisplayedMessageId"]) { _ in "" },
        simple(["lastSwipeId"]) { environment in
            guard let index = ChatInspection(environment).lastMessageIndex(skippingSwipeInProgress: false),
                  let count = environment.chatMessage(at: index)?.swipeCount else { return "" }
            return String(count)
        },
        simple(["currentSwipeId"]) { environment in
            guard let index = ChatInspection(environment).lastMessageIndex(skippingSwipeInProgress: false),
                  let swipe = environment.chatMessage(at: index)?.swipeID else { return "" }
            return String(swipe + 1)
        },
        simple(["allChatRange"]) { environment in
            environment.chatMessageCount == 0 ? "" : "0-\(environment.chatMessageCount - 1)"
        },
    ]

    // MARK: Time

    static let timeMacros: [Entry] = [
        (["time"], MacroDefinition(name: "time", argumentTypes: [.string], minimumArguments: 0) { invocation in
            let environment = invocation.environment
            if let offset = invocation.argument(0), let value = TimeMacros.utcOffsetHours(offset) {
                // moment's `utcOffset(n)` reads |n| < 16 as hours, larger values as minutes.
                let seconds = abs(value) < 16 ? value * 3600 : value * 60
                let zone = TimeZone(secondsFromGMT: seconds) ?? environment.timeZone
                return MomentFormat.format(environment.now, "LT", timeZone: zone, isUTC: true)
            }
            return MomentFormat.format(environment.now, "LT", timeZone: environment.timeZone)
        }),
        simple(["date"]) { MomentFormat.format($0.now, "LL", timeZone: $0.timeZone) },
        simple(["weekday"]) { MomentFormat.format($0.now, "dddd", timeZone: $0.timeZone) },
        simple(["isotime"]) { MomentFormat.format($0.now, "HH:mm", timeZone: $0.timeZone) },
        simple(["isodate"]) { MomentFormat.format($0.now, "YYYY-MM-DD", timeZone: $0.timeZone) },
        (["datetimeformat"], MacroDefinition(name: "datetimeformat", argumentTypes: [.string], minimumArguments: 1) { invocation in
            let environment = invocation.environment
            return MomentFormat.format(environment.now, invocation.argument(0) ?? "", timeZone: environment.timeZone)
        }),
        simple(["idleDuration", "idle_duration"]) { TimeMacros.idleDuration($0) },
        (["timeDiff"], MacroDefinition(name: "timeDiff", argumentTypes: [.string, .string], minimumArguments: 2) { invocation in
            TimeMacros.timeDiff(invocation.argument(0) ?? "", invocation.argument(1) ?? "",
                                now: invocation.environment.now, timeZone: invocation.environment.timeZone)
        }),
    ]

    // MARK: Variables

    static let variableMacros: [Entry] = {
        var entries: [Entry] = []
        for (scope, word) in [(VariableScope.chat, "var"), (VariableScope.global, "globalvar")] {
            entries.append((["set\(word)"], MacroDefinition(name: "set\(word)", argumentTypes: [.string, .stringOrNumber],
                                                            minimumArguments: 2) { invocation in
                let name = invocation.argument(0) ?? ""
                let semantics = VariableSemantics(environment: invocation.environment, scope: scope)
                return semantics.set(name, to: .text(invocation.argument(1) ?? "")) ? "" : nil
            }))
            entries.append((["add\(word)"], MacroDefinition(name: "add\(word)", argumentTypes: [.string, .stringOrNumber],
                                                            minimumArguments: 2) { invocation in
                let semantics = VariableSemantics(environment: invocation.environment, scope: scope)
                return semantics.add(invocation.argument(0) ?? "", .text(invocation.argument(1) ?? "")) == nil ? nil : ""
            }))
            entries.append((["inc\(word)"], MacroDefinition(name: "inc\(word)", argumentTypes: [.string],
                                                            minimumArguments: 1) { invocation in
                let semantics = VariableSemantics(environment: invocation.environment, scope: scope)
                return semantics.add(invocation.argument(0) ?? "", .number(1))?.macroText
            }))
            entries.append((["dec\(word)"], MacroDefinition(name: "dec\(word)", argumentTypes: [.string],
                                                            minimumArguments: 1) { invocation in
                let semantics = VariableSemantics(environment: invocation.environment, scope: scope)
                return semantics.add(invocation.argument(0) ?? "", .number(-1))?.macroText
            }))
            entries.append((["get\(word)"], MacroDefinition(name: "get\(word)", argumentTypes: [.string],
                                                            minimumArguments: 1) { invocation in
                VariableSemantics(environment: invocation.environment, scope: scope).get(invocation.argument(0) ?? "").macroText
            }))
            entries.append((["has\(word)", "\(word)exists"], MacroDefinition(name: "has\(word)", argumentTypes: [.string],
                                                                             minimumArguments: 1) { invocation in
                VariableSemantics(environment: invocation.environment, scope: scope).has(invocation.argument(0) ?? "")
                    ? "true" : "false"
            }))
            entries.append((["delete\(word)", "flush\(word)"], MacroDefinition(name: "delete\(word)", argumentTypes: [.string],
                                                                               minimumArguments: 1) { invocation in
                VariableSemantics(environment: invocation.environment, scope: scope).delete(invocation.argument(0) ?? "")
                return ""
            }))
            entries.append((["set\(word)key", "set\(word)index"], MacroDefinition(
                name: "set\(word)key", argumentTypes: [.string, .stringOrNumber, .stringOrNumber], minimumArguments: 3
            ) { invocation in
                let semantics = VariableSemantics(environment: invocation.environment, scope: scope)
                return semantics.set(invocation.argument(0) ?? "", index: invocation.argument(1) ?? "",
                                     to: invocation.argument(2) ?? "") ? "" : nil
            }))
            entries.append((["get\(word)key", "get\(word)index"], MacroDefinition(
                name: "get\(word)key", argumentTypes: [.string, .stringOrNumber], minimumArguments: 2
            ) { invocation in
                VariableSemantics(environment: invocation.environment, scope: scope)
                    .get(invocation.argument(0) ?? "", index: invocation.argument(1) ?? "").macroText
            }))
        }
        return entries
    }()
}

/// Finds chat messages the way SillyTavern's chat macros do.
struct ChatInspection {
    let environment: any MacroEnvironment

    init(_ environment: any MacroEnvironment) {
        self.environment = environment
    }

    /// The last message (optionally matching `filter`), skipping one whose shown swipe is still being generated.
    func lastMessageIndex(skippingSwipeInProgress: Bool = true, where filter: ((MacroChatMessage) -> Bool)? = nil) -> Int? {
        var index = environment.chatMessageCount - 1
        while index >= 0 {
            defer { index -= 1 }
            guard let message = environment.chatMessage(at: index) else { continue }
            if skippingSwipeInProgress, let count = message.swipeCount, let swipe = message.swipeID, swipe >= count {
                continue
            }
            if filter?(message) ?? true { return index }
        }
        return nil
    }
}
