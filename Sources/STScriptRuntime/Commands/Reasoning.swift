import ChatStore
import Foundation
import JSCompat
import Reasoning
import RegexScripts

/// Reasoning commands (spec §11): read and set a message's reasoning, parse and format reasoning blocks with the
/// current template, select templates. None of them throws on bad input; they return "" and may warn.
enum ReasoningCommands {
    static let family = "Reasoning"
    typealias Support = ChatCommandSupport

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "reasoning-get", aliases: ["get-reasoning"], family: family,
            help: "Returns a message's reasoning (default: the last message; \"\" when it has none).",
            example: "/reasoning-get 1", returns: "the reasoning text",
            unnamedArguments: [.init("message id")],
            run: get),
        CommandDeclaration(
            name: "reasoning-set", aliases: ["set-reasoning"], family: family,
            help: "Sets a message's reasoning (default: the last message); its type becomes manual.",
            example: "/reasoning-set at=1 I should greet them.", returns: "the reasoning text",
            namedArguments: [
                .init("at", help: "message id (default: the last message)"),
                .init("collapse", help: "collapse the block (no effect in a terminal)", enumValues: ["true", "false"]),
            ],
            unnamedArguments: [.init("reasoning text")],
            run: set),
        CommandDeclaration(
            name: "reasoning-parse", aliases: ["parse-reasoning"], family: family,
            help: "Splits a reasoning block out of a text with the current template's prefix and suffix.",
            example: "/reasoning-parse return=content <think>plan</think>Answer", returns: "the reasoning or the content",
            namedArguments: [
                .init("regex", help: "run REASONING regex scripts on the result", enumValues: ["true", "false"],
                      defaultValue: "true"),
                .init("return", help: "what to return", enumValues: ["reasoning", "content"], defaultValue: "reasoning"),
                .init("strict", help: "the block must open the text", enumValues: ["true", "false"], defaultValue: "true"),
            ],
            unnamedArguments: [.init("input string")],
            run: parseCommand),
        CommandDeclaration(
            name: "reasoning-format", aliases: ["format-reasoning"], family: family,
            help: "Formats reasoning and content as prefix + reasoning + suffix + separator + content.",
            example: "/reasoning-format reasoning=\"step 1\" Answer", returns: "the formatted text",
            namedArguments: [.init("reasoning", help: "the reasoning text", isRequired: true)],
            unnamedArguments: [.init("content text")],
            run: format),
        CommandDeclaration(
            name: "reasoning-template", aliases: ["reasoning-formatting", "reasoning-preset"], family: family,
            help: "Selects a reasoning template by name (exact, else fuzzy); without a name returns the current one.",
            example: "/reasoning-template DeepSeek", returns: "the template name",
            namedArguments: [.init("quiet", help: "no toast", enumValues: ["true", "false"], defaultValue: "false")],
            unnamedArguments: [.init("template name")],
            run: selectTemplate),
        visibility("reasoning-collapse", aliases: ["collapse-reasoning"], help: "Collapses reasoning blocks"),
        visibility("reasoning-expand", aliases: ["expand-reasoning"], help: "Expands reasoning blocks"),
        visibility("reasoning-toggle", aliases: ["toggle-reasoning"], help: "Toggles reasoning blocks"),
    ]

    // MARK: Message reasoning

    static func get(_ call: CommandCall) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        let parsed = JSNumber.parseInt(call.unnamed.string)
        let index = parsed.isNaN ? Double(chat.messageCount - 1) : parsed
        guard index >= 0, index < Double(chat.messageCount) else { return .empty }
        let reasoning = chat.message(at: Int(index)).extra["reasoning"]
        guard let reasoning, !reasoning.isNull else { return .empty }
        return .text(reasoning.javaScriptString)
    }

    static func set(_ call: CommandCall) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        let at = call.named.text("at").map(JSNumber.parse) ?? .nan
        let index = at.isNaN ? Double(chat.messageCount - 1) : at
        // Only an existing integer index addresses a message (`chat[1.5]` and `chat[-1]` are undefined).
        guard index >= 0, index == index.rounded(.towardZero), index < Double(chat.messageCount) else { return .empty }
        let text = call.unnamed.string
        chat.updateMessage(at: Int(index)) { message in
            var extra = message["extra"]?.objectValue ?? JSONObject()
            extra["reasoning"] = .string(text)
            extra["reasoning_type"] = "manual"
            message["extra"] = .object(extra)
        }
        return .text(text)
    }

    // MARK: Parsing and formatting

    /// §13.1 with the current settings; nil when the prefix or the suffix is empty.
    static func parse(_ text: String, settings: ReasoningSettings, strict: Bool, trimSpaces: Bool = true)
        -> TemplateSplit?
    {
        ReasoningTemplate.parse(text, prefix: settings.prefix, suffix: settings.suffix, strict: strict,
                                trimSpaces: trimSpaces)
    }

    static func parseCommand(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        let value = call.unnamed.string
        guard !value.isEmpty, call.unnamed.closure == nil else { return .empty }
        let settings = session.reasoning
        if settings.prefix.isEmpty || settings.suffix.isEmpty {
            call.interpreter.toast(.warning, "Both prefix and suffix must be set in the Reasoning Formatting settings.",
                                   title: "Reasoning Parse")
            return .text(value)
        }
        let returnType = call.named.text("return")
        if returnType != "reasoning" && returnType != "content" {
            // SillyTavern warns even when return= is absent ("undefined"), then goes on as for reasoning.
            call.interpreter.toast(.warning, "Invalid return type '\(returnType ?? "undefined")', defaulting to 'reasoning'.",
                                   title: "Reasoning Parse")
        }
        let strict = !JSBoolean.isFalse(call.named.text("strict") ?? "")
        guard let parsed = parse(value, settings: settings, strict: strict, trimSpaces: session.trimSpaces) else {
            return returnType == "content" ? .text(value) : .empty
        }
        if returnType == "content" { return .text(parsed.content) }
        if JSBoolean.isFalse(call.named.text("regex") ?? "") { return .text(parsed.reasoning) }
        return .text(try Support.regexed(parsed.reasoning, .reasoning, call: call))
    }

    static func format(_ call: CommandCall) throws -> Value? {
        let settings = call.interpreter.chatSession.reasoning
        let reasoning = call.named.text("reasoning") ?? ""
        let content = call.unnamed.string
        if settings.prefix.isEmpty || settings.suffix.isEmpty {
            call.interpreter.toast(.warning, "Both prefix and suffix must be set in the Reasoning Formatting settings.",
                                   title: "Reasoning Format")
            return .empty
        }
        if reasoning.isEmpty {
            call.interpreter.toast(.warning, "Reasoning argument is required.", title: "Reasoning Format")
            return .empty
        }
        // The template's three parts may hold macros; the reasoning and content are used as given.
        let prefix = Support.expandMacros(settings.prefix, call: call)
        let suffix = Support.expandMacros(settings.suffix, call: call)
        let separator = Support.expandMacros(settings.separator, call: call)
        return .text(prefix + reasoning + suffix + separator + content)
    }

    // MARK: Templates

    static func selectTemplate(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        let name = call.unnamed.string
        if name.isEmpty { return .text(session.reasoning.name) }
        let quiet = JSBoolean.isTrue(call.named.text("quiet"))
        let templates = session.reasoningTemplates
        let lowered = name.lowercased()
        let found = templates.first { $0.name.lowercased() == lowered }
            ?? TemplateSearch.best(name, in: templates.map(\.name)).map { templates[$0] }
        guard let template = found else {
            if !quiet { call.interpreter.toast(.warning, "Reasoning template \"\(name)\" not found") }
            return .empty
        }
        var settings = session.reasoning
        settings.name = template.name
        settings.prefix = template.prefix
        settings.suffix = template.suffix
        settings.separator = template.separator
        session.reasoning = settings
        if !quiet { call.interpreter.toast(.success, "Reasoning template \"\(template.name)\" selected") }
        return .text(template.name)
    }

    // MARK: Block visibility (a terminal has no blocks to fold)

    static func visibility(_ name: String, aliases: [String], help: String) -> CommandDeclaration {
        CommandDeclaration(
            name: name, aliases: aliases, family: family,
            help: "\(help) of a message or range (default: the last message). No effect in a terminal.",
            example: "/\(name) 0-3", returns: "nothing",
            unnamedArguments: [.init("message id or range")],
            run: { call in
                let chat = call.interpreter.chatSession.chat
                let value = call.unnamed.string
                let range: ClosedRange<Int>
                if value.isEmpty {
                    range = (chat.messageCount - 1)...(chat.messageCount - 1)
                } else if let parsed = Support.range(value, count: chat.messageCount) {
                    range = parsed
                } else {
                    call.interpreter.toast(.warning, "Invalid message ID or range: \(value)")
                    return .empty
                }
                let hasBlock = range.contains { index in
                    index >= 0 && index < chat.messageCount
                        && chat.message(at: index).extra["reasoning"]?.isTruthy == true
                }
                if !hasBlock { call.interpreter.toast(.warning, "No reasoning blocks found for the specified messages.") }
                return .empty
            })
    }
}

/// The fuzzy template search SillyTavern runs when no name matches exactly (Fuse.js with extended search,
/// threshold 0.2, location ignored): every space-separated word must occur in the name with at most one edit per
/// five characters; the best average score wins, ties going to the earlier template.
enum TemplateSearch {
    static let threshold = 0.2

    static func best(_ query: String, in names: [String]) -> Int? {
        let words = query.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard !words.isEmpty else { return nil }
        var best: (index: Int, score: Double)?
        for (index, name) in names.enumerated() {
            let text = Array(name.lowercased().unicodeScalars)
            var total = 0.0
            var matched = true
            for word in words {
                let pattern = Array(word.unicodeScalars)
                let errors = fewestEdits(pattern, within: text)
                let score = Double(errors) / Double(pattern.count)
                if score > threshold {
                    matched = false
                    break
                }
                total += score
            }
            guard matched else { continue }
            let average = total / Double(words.count)
            // Fuse weighs a non-zero score by the field's length norm (1/√words of the name, 3 decimals).
            let tokens = max(1, name.split(separator: " ").count)
            let norm = (1 / Double(tokens).squareRoot() * 1000).rounded() / 1000
            let score = average == 0 ? 0 : Foundation.pow(average, norm)
            if best == nil || score < best!.score { best = (index, score) }
        }
        return best?.index
    }

    /// The smallest edit distance between `pattern` and any substring of `text` (approximate substring match).
    static func fewestEdits(_ pattern: [Unicode.Scalar], within text: [Unicode.Scalar]) -> Int {
        guard !pattern.isEmpty else { return 0 }
        var previous = Array(0...pattern.count)
        var fewest = pattern.count
        for character in text {
            var current = [0] + Array(repeating: 0, count: pattern.count)
            for i in 1...pattern.count {
                let substitution = previous[i - 1] + (pattern[i - 1] == character ? 0 : 1)
                current[i] = min(substitution, previous[i] + 1, current[i - 1] + 1)
            }
            fewest = min(fewest, current[pattern.count])
            previous = current
        }
        return fewest
    }
}
