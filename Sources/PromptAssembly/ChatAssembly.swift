import Foundation

/// Chat history → prompt messages, with stored reasoning added the way SillyTavern adds it ("Add to Prompts").

/// One stored chat message, as far as prompt assembly cares.
public struct ChatTurn: Sendable, Equatable {
    /// `name`; nil when the stored value is missing or not text (then it matches no group speaker).
    public var name: String?
    public var isUser: Bool
    /// `is_system` (JavaScript-truthy): hidden from the prompt.
    public var isHidden: Bool
    /// Hidden tool-call messages still go to the model.
    public var carriesToolInvocations: Bool
    public var text: String
    /// `extra.reasoning`, `""` when absent.
    public var reasoning: String

    public init(name: String?, isUser: Bool, isHidden: Bool = false, carriesToolInvocations: Bool = false,
                text: String, reasoning: String = "") {
        self.name = name
        self.isUser = isUser
        self.isHidden = isHidden
        self.carriesToolInvocations = carriesToolInvocations
        self.text = text
        self.reasoning = reasoning
    }
}

/// `power_user.reasoning` as the assembler reads it.
public struct ReasoningPromptSettings: Sendable, Equatable {
    public var addToPrompts: Bool
    /// Compared as JavaScript compares `counter >= max_additions`: NaN (unset, unparsable) never stops the walk.
    public var maxAdditions: Double
    public var prefix: String
    public var suffix: String
    public var separator: String

    public init(addToPrompts: Bool = false, maxAdditions: Double = 1, prefix: String = "<think>",
                suffix: String = "</think>", separator: String = "\n") {
        self.addToPrompts = addToPrompts
        self.maxAdditions = maxAdditions
        self.prefix = prefix
        self.suffix = suffix
        self.separator = separator
    }
}

/// Where a regex script applies (SillyTavern's `regex_placement` numbers).
public enum PromptRegexPlacement: Int, Sendable {
    case userInput = 1, aiOutput = 2, reasoning = 6
}

/// Runs the prompt-only regex scripts of one placement at one depth (0 = newest message).
/// Throws when a script fails the way SillyTavern's own code fails (its TypeError on some trim strings).
public protocol PromptRegexRunner {
    func apply(_ text: String, placement: PromptRegexPlacement, depth: Int) throws -> String
}

/// Expands `{{user}}`, `{{char}}` and the other macros in the reasoning template parts.
public protocol PromptMacroExpander {
    func expand(_ text: String) -> String
}

/// No regex scripts.
public struct NoRegexScripts: PromptRegexRunner {
    public init() {}
    public func apply(_ text: String, placement: PromptRegexPlacement, depth: Int) throws -> String { text }
}

public enum ChatRole: String, Sendable {
    case system, user, assistant
}

public struct PromptMessage: Sendable, Equatable {
    public var role: ChatRole
    public var content: String
    /// The speaker's name (used by group chats and by providers that accept `name`).
    public var name: String?

    public init(role: ChatRole, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }
}

/// What to assemble the prompt for.
public struct AssemblyRequest: Sendable {
    /// Continue the last message instead of writing a new one.
    public var isContinue: Bool
    /// Regenerate the last message: it is left out.
    public var isSwipe: Bool
    /// In a group chat, the character who speaks next; only that character's reasoning is added.
    public var groupSpeaker: String?

    public init(isContinue: Bool = false, isSwipe: Bool = false, groupSpeaker: String? = nil) {
        self.isContinue = isContinue
        self.isSwipe = isSwipe
        self.groupSpeaker = groupSpeaker
    }
}

/// The continued message's reasoning block, remembered so it can be cut off the model's continuation.
public struct ContinuationPrefix: Sendable, Equatable {
    /// The reasoning (after regex scripts) that was put in front of the continued message.
    public var reasoning: String
    /// prefix + reasoning (+ suffix + separator when the message has text).
    public var formatted: String
    /// `formatted` in UTF-16 code units, as SillyTavern measures it.
    public var length: Int
    /// The message had no text: the prompt ends inside the reasoning block and the model finishes it.
    public var isIncomplete: Bool
}

public struct AssembledChat: Sendable, Equatable {
    public var messages: [PromptMessage]
    public var continuation: ContinuationPrefix?
}

/// SillyTavern's chat-history step of prompt building (§14 of the behaviour notes).
public struct ChatAssembler {
    public var settings: ReasoningPromptSettings
    public var regex: any PromptRegexRunner
    public var macros: any PromptMacroExpander

    /// SillyTavern's legacy placeholder for "no reasoning".
    public static let reasoningPlaceholder = "\u{200B}"

    public init(settings: ReasoningPromptSettings, regex: any PromptRegexRunner = NoRegexScripts(),
                macros: any PromptMacroExpander) {
        self.settings = settings
        self.regex = regex
        self.macros = macros
    }

    public func assemble(_ chat: [ChatTurn], for request: AssemblyRequest = AssemblyRequest()) throws -> AssembledChat {
        var core = chat.filter { !$0.isHidden || $0.carriesToolInvocations }
        if request.isSwipe, !core.isEmpty { core.removeLast() }
        let depthShift = request.isContinue ? 2 : 1
        let count = core.count

        var texts = try core.enumerated().map { index, turn in
            try regex.apply(turn.text, placement: turn.isUser ? .userInput : .aiOutput, depth: count - index - depthShift)
        }

        var walk = ReasoningWalk(settings: settings, macros: macros)
        var index = count - 1
        while index >= 0 {
            let turn = core[index]
            let isPrefix = request.isContinue && index == count - 1
            let speaksNext = request.groupSpeaker.map { turn.name == $0 } ?? true
            if speaksNext {
                let depth = count - index - depthShift
                let reasoning = try regex.apply(turn.reasoning, placement: .reasoning, depth: depth)
                texts[index] = walk.add(reasoning: reasoning, to: texts[index], isPrefix: isPrefix)
            }
            if walk.isLimitReached { break }
            index -= 1
        }

        let messages = core.indices.map { i in
            PromptMessage(role: core[i].isUser ? .user : .assistant, content: texts[i], name: core[i].name)
        }
        return AssembledChat(messages: messages, continuation: walk.continuation)
    }
}

/// The newest-first walk that puts reasoning in front of message texts and counts the additions.
struct ReasoningWalk {
    let settings: ReasoningPromptSettings
    let macros: any PromptMacroExpander
    private(set) var added = 0
    private(set) var continuation: ContinuationPrefix?

    init(settings: ReasoningPromptSettings, macros: any PromptMacroExpander) {
        self.settings = settings
        self.macros = macros
    }

    var isLimitReached: Bool {
        !settings.addToPrompts || Double(added) >= settings.maxAdditions
    }

    mutating func add(reasoning: String, to text: String, isPrefix: Bool) -> String {
        if !isPrefix && isLimitReached { return text }
        // Regex scripts ran first, so a script can turn the placeholder into real reasoning or blank it out.
        if reasoning.isEmpty || reasoning == ChatAssembler.reasoningPlaceholder { return text }
        added += 1
        let prefix = macros.expand(settings.prefix)
        let separator = macros.expand(settings.separator)
        let suffix = macros.expand(settings.suffix)
        if isPrefix && text.isEmpty {
            let formatted = prefix + reasoning
            continuation = ContinuationPrefix(reasoning: reasoning, formatted: formatted,
                                              length: formatted.utf16.count, isIncomplete: true)
            return formatted
        }
        let formatted = prefix + reasoning + suffix + separator
        if isPrefix {
            continuation = ContinuationPrefix(reasoning: reasoning, formatted: formatted,
                                              length: formatted.utf16.count, isIncomplete: false)
        }
        return formatted + text
    }
}

extension ContinuationPrefix {
    /// The continued text without the reasoning block that was sent in front of it (cut by UTF-16 length).
    public func removingPrefix(from continued: String) -> String {
        guard length > 0 else { return continued }
        let units = continued.utf16
        guard units.count > length else { return "" }
        let cut = units.index(units.startIndex, offsetBy: length)
        return String(continued.utf16[cut...]) ?? String(decoding: Array(units[cut...]), as: UTF16.self)
    }
}
